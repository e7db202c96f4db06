"""Reads of the system list beyond portfolio.selectors: the first rows of its contract watch box."""

import datetime

from django.db.models import Case, F, Q, When
from django.db.models.functions import Lower

from portfolio.models import add_months
from portfolio.paging import page_in_one_query
from portfolio.selectors import contract_watch_queryset, watch_status


def contract_watch_first(queryset, *, today: datetime.date, months: int, rows: int) -> tuple[list, int]:
    """The first `rows` systems of `queryset` in the contract watch for today..today+months, soonest first
    as portfolio.selectors.contract_watch orders them (each marked by watch_status), and how many there are
    in all: one query, sorted and cut in SQL, so the box costs the same however many systems are watched."""
    horizon = add_months(today, months)
    notice_in = Q(notice_deadline__gte=today, notice_deadline__lte=horizon)
    end_in = Q(contract_end__gte=today, contract_end__lte=horizon)
    # watch_status's watch_date: the earlier of the two dates that fall inside the window.
    watch_day = Case(
        When(notice_in & end_in & Q(contract_end__lt=F("notice_deadline")), then=F("contract_end")),
        When(notice_in, then=F("notice_deadline")),
        default=F("contract_end"),
    )
    watched = contract_watch_queryset(
        queryset.select_related("owner_unit", "system_owner", "system_responsible"), today, months
    ).order_by(watch_day, Lower("name"), "pk")
    page = page_in_one_query(watched, 1, rows)
    return [watch_status(system, today, months) for system in page.object_list], page.paginator.count
