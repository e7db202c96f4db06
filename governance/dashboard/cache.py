"""The dashboard's cache: the rendered dashboard is cached under the token in DashboardVersion, which every
save or delete of the models it shows replaces in the same transaction (connect_invalidation). A cached
dashboard is therefore never stale, in any process; the key also carries the date, since "the coming
meeting" and "this year" move with it. The token is random rather than a counter: a restored backup brings
back the token that belongs to its data, and the changes after it get tokens never used before (a counter
would count up through numbers already cached for other data)."""

import datetime
import hashlib
import logging
import secrets

from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from redis.exceptions import RedisError

from benefits.models import Benefit, BenefitMeasurement
from focusareas.models import FocusArea, StrategyPeriod
from governance.models import AnnualPlan, DashboardVersion, Decision
from portfolio.models import ITSystem, OrgUnit, Project, ReportingPeriod, StatusReport

logger = logging.getLogger("governance.dashboard")

CACHE_TIMEOUT = 24 * 60 * 60


def dashboard_version() -> int:
    """The current token (0 before the first change)."""
    return DashboardVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def dashboard_invalidate(**_signal_kwargs) -> None:
    """Give the dashboard a new token, in the caller's transaction (a rolled-back change changes
    nothing). The UPDATE locks the row until commit, so concurrent changes each leave a new token."""
    token = secrets.randbits(62) + 1
    if DashboardVersion.objects.filter(pk=1).update(value=token):
        return
    # The row comes with the migration; a flushed database (tests) gets it back here.
    _row, created = DashboardVersion.objects.get_or_create(pk=1, defaults={"value": token})
    if not created:
        DashboardVersion.objects.filter(pk=1).update(value=token)


def _status_report_changed(sender, instance, **_signal_kwargs) -> None:
    """The dashboard reads submitted reports only: a draft's save (two of three status saves, and every
    correction's start) leaves it as it was, so the cached page stays valid for the next reader."""
    if instance.state != StatusReport.State.DRAFT:
        dashboard_invalidate()


def _watched_models():
    return (
        Project,
        StatusReport,
        ReportingPeriod,
        Benefit,
        BenefitMeasurement,
        Decision,
        AnnualPlan,
        FocusArea,
        StrategyPeriod,
        OrgUnit,
        ITSystem,
    )


def connect_invalidation() -> None:
    """Called once from GovernanceConfig.ready(). QuerySet.update() and bulk_create() send no signals:
    code that writes those ways to these models calls dashboard_invalidate() itself."""
    for model in _watched_models():
        uid = f"dashboard-{model._meta.label_lower}"
        receiver = _status_report_changed if model is StatusReport else dashboard_invalidate
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
    m2m_changed.connect(
        dashboard_invalidate, sender=Project.focus_areas.through, dispatch_uid="dashboard-areas", weak=False
    )


def cached_html(*, key_parts, today: datetime.date, render) -> str:
    """The dashboard's HTML for `key_parts` (the filter query) at the current version, rendered with
    `render()` on a miss. One query (the version) on a hit. A cache that cannot be reached (Redis down
    or slow) is a miss: the page is rendered and shown, only slower."""
    raw = "|".join([str(dashboard_version()), today.isoformat(), *key_parts])
    key = "governance:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()
    cache = caches["dashboard"]
    try:
        html = cache.get(key)
    except RedisError as error:
        logger.warning("Dashboard cache unreadable, rendering without it: %s", error)
        return render()
    if html is None:
        html = render()
        try:
            cache.set(key, html, CACHE_TIMEOUT)
        except RedisError as error:
            logger.warning("Dashboard cache unwritable, page shown all the same: %s", error)
    return html
