"""Small hot reads compiled once: the ORM builds and compiles the query the first time it runs on a
database, later runs execute that SQL with their own parameters.

For a small query asked on every page (the menu's roles) Django's building and compiling costs far more
than the query itself (the roles: about 2 ms of Python against 0.05 ms of SQL). The queryset stays the
definition; only its compiling is saved. Rows come back as the database driver gives them (no field
converters): ask for plain values (booleans, numbers, text) and convert them where they are read.
PreparedInstances gives model instances instead, converted and built as the ORM builds them.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import get_related_populators

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
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
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
        compiled = self._compiled[using] = (sql, tuple(params), positions, self._reader(compiler))
        return compiled

    def _reader(self, compiler):
        """What a subclass keeps of the compiled query to read its rows (the plain rows need nothing)."""
        return None

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, **arguments) -> list[tuple]:
        return self._execute(using, arguments)[0]

    def _execute(self, using, arguments):
        """The rows for `arguments`, and the reader kept when the query was compiled."""
        if set(arguments) != set(self._arguments):
            raise TypeError(f"the prepared query takes {', '.join(self._arguments)}")
        sql, params, positions, reader = self._compiled.get(using) or self._compile(using)
        ops = connections[using].ops
        params = list(params)
        for name, value in arguments.items():
            value = ops.adapt_datefield_value(value) if name in self._dates else value
            for position in positions[name]:
                params[position] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall(), reader


class PreparedInstances(PreparedQuery):
    """Model instances from a model queryset compiled once, built as the ORM builds them: the fields'
    converters applied, select_related() relations and annotations set. For a page's short lists of
    instances, where building and compiling the query cost several times running it (the project page:
    about two thirds of its sections' time). `build` returns a queryset of instances: no values(), no
    prefetch_related() (not run), no extra(). `objects(known={"project": project}, **arguments)`: `known`
    sets each instance's relation to an object the caller holds (as a related manager does), so reading
    it asks no query."""

    def _reader(self, compiler):
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return _InstanceReader(
            model=klass_info["model"],
            compiler=compiler,
            converters=compiler.get_converters([column[0] for column in select[: compiler.col_count]]),
            columns=(start, end),
            attnames=[column[0].target.attname for column in select[start:end]],
            populators=get_related_populators(klass_info, select, compiler.using),
            annotations=dict(compiler.annotation_col_map or {}),
        )

    def objects(self, *, using: str = DEFAULT_DB_ALIAS, known: dict | None = None, **arguments) -> list:
        rows, reader = self._execute(using, arguments)
        return reader.instances(rows, using, known or {})


@dataclass(frozen=True)
class _InstanceReader:
    """What ModelIterable reads off the compiler once it has compiled: kept to build later runs' instances."""

    model: type
    compiler: object
    converters: dict
    columns: tuple[int, int]
    attnames: list[str]
    populators: list
    annotations: dict

    def instances(self, rows, using, known):
        if self.compiler.has_extra_select:
            rows = [row[: self.compiler.col_count] for row in rows]
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        relations = [(self.model._meta.get_field(name), obj) for name, obj in known.items()]
        start, end = self.columns
        objects = []
        for row in rows:
            obj = self.model.from_db(using, self.attnames, row[start:end])
            for populator in self.populators:
                populator.populate(row, obj)
            for attribute, position in self.annotations.items():
                setattr(obj, attribute, row[position])
            for field, related in relations:
                field.set_cached_value(obj, related)
            objects.append(obj)
        return objects
