"""The portal's PostgreSQL connections run without the JIT compiler, whose compiling of a query the planner
prices high (the dashboard's lights at 5,000 projects: 1.1 s) cost far more than running it (0.06 s)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_it_connects_to_postgresql_without_the_jit(require_service):
    require_service("postgresql")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
