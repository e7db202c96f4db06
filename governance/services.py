"""Writes to governance. Membership of a body is membership of its group: rights follow the organisation."""

import datetime

from django.db import transaction
from django.utils import timezone

from governance.models import Body, Membership


@transaction.atomic
def user_groups_sync(*, user) -> None:
    """Put `user` in exactly the groups of the bodies they are an active member of today."""
    today = timezone.localdate()
    body_groups = Body.objects.values_list("group_id", flat=True)
    active = set(
        Membership.objects.active_on(today).filter(user=user).values_list("body__group_id", flat=True)
    )
    current = set(user.groups.filter(pk__in=body_groups).values_list("pk", flat=True))
    if remove := current - active:
        user.groups.remove(*remove)
    if add := active - current:
        user.groups.add(*add)


@transaction.atomic
def membership_start(
    *,
    actor,
    body: Body,
    user,
    role=Membership.Role.MEMBER,
    start_date: datetime.date | None = None,
    project=None,
) -> Membership:
    membership = Membership(
        body=body, user=user, role=role, project=project, start_date=start_date or timezone.localdate()
    )
    membership._history_user = actor
    membership.full_clean()
    membership.save()
    user_groups_sync(user=user)
    return membership


@transaction.atomic
def membership_end(*, actor, membership: Membership, end_date: datetime.date | None = None) -> Membership:
    membership.end_date = end_date or timezone.localdate()
    membership._history_user = actor
    membership.full_clean()
    membership.save(update_fields=["end_date"])
    user_groups_sync(user=membership.user)
    return membership
