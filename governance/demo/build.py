"""Build the Norddjurs demo portfolio: organisation, people, bodies, projects, two-weekly status history,
benefits, IT systems and governance meetings, from the contexts named in the two strategy seeds.

Everything is keyed on natural keys (username, project number, org unit name under its parent,
meeting date, title within its parent), so building twice changes nothing. Dates are computed from
today, so the demo stays current; the Project Board periods follow a fixed series (periods.py).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from benefits.models import Benefit, BenefitMeasurement, BusinessCase
from governance.demo.build_baselines import ensure_baselines
from governance.demo.build_governance import (
    ensure_annual_plans,
    ensure_board_calendar,
    ensure_board_meetings,
    ensure_governance_meetings,
    ensure_security_reviews,
    gate_date_for,
)
from governance.demo.build_people import ensure_memberships, ensure_org_units, ensure_users
from governance.demo.build_portfolio import (
    ensure_benefits,
    ensure_initiatives,
    ensure_it_systems,
    ensure_projects,
    ensure_status_reports,
)
from governance.demo.build_resources import ensure_resource_plans
from governance.demo.common import aware
from governance.demo.periods import ensure_periods
from governance.models import AnnualPlan, Decision, Idea, Meeting, Membership
from portfolio.models import (
    ExternalInitiative,
    ITSystem,
    Milestone,
    OrgUnit,
    Project,
    ReportingPeriod,
    ResourceNeed,
    Risk,
    StatusReport,
    UnitCapacity,
    User,
)

DEMO_HISTORY_DAYS = 150  # about five months of Project Board history
DEMO_FUTURE_DAYS = 60  # and about two months of coming periods

D = datetime.timedelta


@transaction.atomic
def build_demo(*, today: datetime.date | None = None) -> dict[str, int]:
    """Build (or complete) the Norddjurs demo portfolio. Returns what exists afterwards, counted."""
    now = timezone.now() if today is None else aware(today, 16)
    today = today or timezone.localdate()
    units = ensure_org_units()
    users = ensure_users(units)
    actor = users["admin"]
    initiatives = ensure_initiatives(actor)
    periods = ensure_periods(today - D(days=DEMO_HISTORY_DAYS), today + D(days=DEMO_FUTURE_DAYS))
    projects = ensure_projects(
        actor=actor,
        today=today,
        units=units,
        users=users,
        initiatives=initiatives,
        gate_date=gate_date_for(today, periods),
    )
    ensure_baselines(actor=actor, projects=projects)
    ensure_memberships(users, projects)
    ensure_it_systems(actor=actor, today=today, units=units, users=users, projects=projects)
    ensure_status_reports(today=today, now=now, periods=periods, projects=projects)
    ensure_benefits(actor=actor, today=today, users=users, projects=projects)
    ensure_board_meetings(actor=users["sekretaer"], today=today, periods=periods)
    ensure_board_calendar(actor=users["programgruppe"], today=today)
    ensure_governance_meetings(today=today, periods=periods, users=users, projects=projects)
    ensure_security_reviews(today=today)
    ensure_annual_plans(today=today, users=users, projects=projects)
    ensure_resource_plans(today=today, users=users, projects=projects)
    return demo_counts()


def demo_counts() -> dict[str, int]:
    return {
        "Organisatoriske enheder": OrgUnit.objects.count(),
        "Medarbejdere": User.objects.count(),
        "Medlemskaber": Membership.objects.count(),
        "Nationale initiativer": ExternalInitiative.objects.count(),
        "Projekter": Project.objects.count(),
        "Rapporteringsperioder": ReportingPeriod.objects.count(),
        "Indsendte statusrapporter": StatusReport.objects.filter(state=StatusReport.State.SUBMITTED).count(),
        "Statusrapporter i kladde": StatusReport.objects.filter(state=StatusReport.State.DRAFT).count(),
        "Milepæle": Milestone.objects.count(),
        "Risici": Risk.objects.count(),
        "Gevinster": Benefit.objects.count(),
        "Gevinstmålinger": BenefitMeasurement.objects.count(),
        "Business cases": BusinessCase.objects.count(),
        "It-systemer": ITSystem.objects.count(),
        "Møder": Meeting.objects.count(),
        "Beslutninger": Decision.objects.count(),
        "Idéer": Idea.objects.count(),
        "Indsatsplaner": AnnualPlan.objects.count(),
        "Ressourcebehov (enhed og kvartal)": ResourceNeed.objects.count(),
        "Kapaciteter (enhed og kvartal)": UnitCapacity.objects.count(),
    }
