"""How list_totals reads the financial benefits: their amounts in whole øre and their dates as the
database driver gives them (not through Django's converters); a queryset that can have no rows is not
sent to the database at all, as the ORM would not send it."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from benefits.models import Benefit
from benefits.selectors import benefits_with_latest
from benefits.totals import Totals, list_totals


def test_it_sums_nothing_without_a_query_for_a_queryset_without_rows(db):
    for queryset in (Benefit.objects.none(), Benefit.objects.filter(pk__in=[])):
        with CaptureQueriesContext(connection) as queries:
            totals = list_totals(benefits_with_latest(queryset), [])
        assert totals == Totals()
        assert totals.planned == Decimal(0)
        assert len(queries) == 0
