"""Small hot reads compiled once: the ORM builds and compiles the query the first time it runs on a
database, later runs execute that SQL with their own parameters.

For a small query asked on every page (the menu's roles) Django's building and compiling costs far more
than the query itself (the roles: about 2 ms of Python against 0.05 ms of SQL). The queryset stays the
definition; only its compiling is saved. Rows come back as the database driver gives them (no field
converters): ask for plain values (booleans, numbers, text) and convert them where they are read.
"""

import datetime
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections

# Stand-ins for the arguments while the query is compiled: integers no real primary key or constant of
# ours is, and dates in the 11th century, so each is found among the compiled query's parameters and only
# there.
_PLACEHOLDER_BASE = -7_301_938_271_000
_PLACEHOLDER_DAY = datetime.date(1001, 1, 1)


class PreparedQuery:
    """`build(**arguments)` returns the queryset (values() or values_list(), sliced if it should be) for
    the given arguments: primary keys, and the names in `dates` dates compared with date fields;
    `rows(**arguments)` runs its compiled SQL."""

    def __init__(self, build: Callable, *arguments: str, dates: tuple[str, ...] = ()):
        self._build = build
        self._arguments = (*arguments, *dates)
        self._dates = frozenset(dates)
        self._compiled = {}  # database alias -> (sql, params, {argument: positions in params})

    def _placeholder(self, index: int, name: str):
        if name in self._dates:
            return _PLACEHOLDER_DAY + datetime.timedelta(days=index)
        return _PLACEHOLDER_BASE - index

    def _compile(self, using: str):
        ops = connections[using].ops
        placeholders = {name: self._placeholder(i, name) for i, name in enumerate(self._arguments)}
        queryset = self._build(**placeholders)
        sql, params = queryset.query.get_compiler(using).as_sql()
        # A date reaches the parameters as the backend adapts it (SQLite: text), an integer as it is.
        adapted = {
            name: ops.adapt_datefield_value(value) if name in self._dates else value
            for name, value in placeholders.items()
        }
        positions = {
            name: [i for i, param in enumerate(params) if type(param) is type(value) and param == value]
            for name, value in adapted.items()
        }
        missing = [name for name, found in positions.items() if not found]
        if missing:
            raise ValueError(f"the prepared query does not take {', '.join(missing)} as a parameter")
        compiled = self._compiled[using] = (sql, tuple(params), positions)
        return compiled

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, **arguments) -> list[tuple]:
        if set(arguments) != set(self._arguments):
            raise TypeError(f"the prepared query takes {', '.join(self._arguments)}")
        sql, params, positions = self._compiled.get(using) or self._compile(using)
        ops = connections[using].ops
        params = list(params)
        for name, value in arguments.items():
            value = ops.adapt_datefield_value(value) if name in self._dates else value
            for position in positions[name]:
                params[position] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
