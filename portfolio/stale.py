"""One mechanism for every edit form: a save based on an older state of the object is refused.

An edit form carries a token of the rows it edits as they were when the page was opened (the hidden
`version` field, added by `StaleSafeFormMixin`). The service that writes calls `check` inside its
transaction: the rows are locked, the token is computed again, and if it differs nothing is written and
`StaleEditError` tells what changed, by whom (from django-simple-history), with a fresh token so a
deliberate second save succeeds. A token is a digest of the edited fields' stored values, prefixed with
the newest history record id per model (to find "what it was then"); or, for a model with a counter every
save bumps (Project.version), that counter.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet

from portfolio.history import FieldChange, field_changes

STALE_LEAD = "Nogen har gemt ændringer, siden du åbnede siden"
STALE_TAIL = (
    "Dine ændringer er ikke gemt, men står stadig i formularen. Se de nye værdier, og gem igen, "
    "hvis dine ændringer stadig skal gælde."
)
MISSING_MESSAGE = (
    "Formularen mangler oplysningen om, hvilken udgave du redigerede, så vi kan ikke se, om andre har "
    "gemt ændringer imens. Dine ændringer er ikke gemt, men står stadig i formularen. Se de nuværende "
    "værdier, og gem igen, hvis dine ændringer stadig skal gælde."
)
TOKEN_MAX_LENGTH = 300


@dataclass(frozen=True)
class Rows:
    """Rows of one model a form edits, the fields it edits on them and, when a form edits several rows,
    how a row is named in "what changed" (fx »Engangsinvestering, software, år 2«)."""

    queryset: QuerySet
    fields: tuple[str, ...]
    label: Callable[[object], str] | None = None


@dataclass(frozen=True)
class Scope:
    """What one edit form edits. `version_field`: a counter on the single row that every save bumps;
    then the token is that counter (Project.version), else a digest of the fields' values."""

    parts: tuple[Rows, ...]
    version_field: str | None = None


def editable_fields(model) -> tuple[str, ...]:
    """The fields a person edits: concrete and editable, not the key, not auto_now stamps."""
    return tuple(
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False) and f.editable and not f.primary_key and not f.auto_created
    ) + tuple(f.name for f in model._meta.many_to_many if f.editable)


def of(obj, fields=None, *, version_field=None) -> Scope:
    """The scope of a form editing one object: the given fields, by default every editable one."""
    model = type(obj)
    rows = Rows(model._default_manager.filter(pk=obj.pk), tuple(fields or editable_fields(model)))
    return Scope((rows,), version_field=version_field)


def rows(queryset, fields, label=None) -> Rows:
    return Rows(queryset, tuple(fields), label)


class StaleEditError(ValidationError):
    """The rows changed after the user opened the form (or the form carried no token): nothing is
    written. `changes` are FieldChange rows, `fresh` the token of the rows as they are now."""

    def __init__(self, *, changes=(), fresh="", missing=False):
        self.changes = list(changes)
        self.fresh = fresh
        self.missing = missing
        super().__init__(MISSING_MESSAGE if missing else stale_message(self.changes), code="stale")


def _value_text(value) -> str:
    return f"»{value}«"


def stale_message(changes: list[FieldChange]) -> str:
    """The one Danish wording of a refused save, naming each changed field, then and now, and who."""
    if not changes:
        return f"{STALE_LEAD}. {STALE_TAIL}"
    described = "; ".join(
        f"{change.label} er ændret fra {_value_text(change.before)} til {_value_text(change.after)}"
        + (f" af {change.who}" if change.who else "")
        for change in changes
    )
    return f"{STALE_LEAD}: {described}. {STALE_TAIL}"


# --- tokens ----------------------------------------------------------------------------------------------


def _history_of(model):
    return getattr(model, "history", None)


def _loaded(scope: Scope, *, lock: bool):
    """The rows of each part, oldest first; locked for the rest of the transaction when `lock`."""
    loaded = []
    for part in scope.parts:
        queryset = part.queryset.order_by("pk")
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        loaded.append(list(queryset))
    return loaded


def _row_values(row, fields):
    model = type(row)
    values = [row.pk]
    for name in fields:
        field = model._meta.get_field(name)
        if field.many_to_many:
            values.append(sorted(getattr(row, name).values_list("pk", flat=True)))
        else:
            values.append(field.value_from_object(row))
    return values


def _marks(scope: Scope, loaded) -> list[int]:
    marks = []
    for part, part_rows in zip(scope.parts, loaded, strict=True):
        history = _history_of(part.queryset.model)
        if history is None or not part_rows:
            marks.append(0)
            continue
        pk_name = part.queryset.model._meta.pk.attname
        newest = history.filter(**{f"{pk_name}__in": [row.pk for row in part_rows]}).aggregate(
            newest=Max("history_id")
        )["newest"]
        marks.append(newest or 0)
    return marks


def _token_of(scope: Scope, loaded) -> str:
    if scope.version_field:
        part_rows = loaded[0]
        return str(getattr(part_rows[0], scope.version_field)) if part_rows else ""
    values = [
        [_row_values(row, part.fields) for row in part_rows]
        for part, part_rows in zip(scope.parts, loaded, strict=True)
    ]
    digest = hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()[:24]
    return "-".join(str(mark) for mark in _marks(scope, loaded)) + "." + digest


def token(scope: Scope) -> str:
    """The token of the rows as they are stored now: what an edit form carries."""
    return _token_of(scope, _loaded(scope, lock=False))


def token_for(obj, fields=None) -> str:
    """The token of one loaded object as `of(obj, fields)` computes it, without reading the row again
    (a list page showing a small edit form per row)."""
    return _token_of(of(obj, fields), [[obj]])


def _same(scope: Scope, given: str, current: str) -> bool:
    if scope.version_field:
        return given == current
    return given.rpartition(".")[2] == current.rpartition(".")[2] and "." in given


def _parsed_marks(scope: Scope, given: str) -> list[int] | None:
    """The history marks in a token, or None for a token that is not one of ours."""
    head, dot, _ = given.rpartition(".")
    parts = head.split("-") if dot else []
    if len(parts) != len(scope.parts) or not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def _changes(scope: Scope, given: str, loaded) -> list[FieldChange]:
    """What changed since the token was made: per row, the newest history record then against now."""
    changes = []
    if scope.version_field:
        if not given.isdigit():
            return []
        part, row = scope.parts[0], loaded[0][0] if loaded[0] else None
        history = _history_of(part.queryset.model)
        if row is None or history is None:
            return []
        records = history.filter(**{part.queryset.model._meta.pk.attname: row.pk})
        then = records.filter(**{scope.version_field: int(given)}).order_by("-history_id").first()
        now = records.order_by("-history_id").first()
        if then is not None and now is not None and then.pk != now.pk:
            changes = field_changes(now, then, fields=part.fields)
        return changes
    marks = _parsed_marks(scope, given)
    if marks is None:
        return []
    for part, part_rows, mark in zip(scope.parts, loaded, marks, strict=True):
        history = _history_of(part.queryset.model)
        if history is None:
            continue
        pk_name = part.queryset.model._meta.pk.attname
        for row in part_rows:
            records = history.filter(**{pk_name: row.pk}).order_by("-history_id")
            now = records.first()
            then = records.filter(history_id__lte=mark).first()
            if now is None or (then is not None and then.pk == now.pk):
                continue
            prefix = part.label(row) if part.label else ""
            changes += field_changes(now, then, fields=part.fields, prefix=prefix)
    return changes


def check(scope: Scope, version) -> None:
    """Inside the writer's transaction: lock the rows and refuse (StaleEditError) unless `version` is the
    token of the rows as stored now. An empty or garbled token is refused too: a form always sends one
    (the mixin requires it). None means the caller is no form (demo data, a task, another service)."""
    if version is None:
        return
    loaded = _loaded(scope, lock=True)
    current = _token_of(scope, loaded)
    given = str(version or "").strip()[:TOKEN_MAX_LENGTH]
    if not given:
        raise StaleEditError(fresh=current, missing=True)
    if not _same(scope, given, current):
        raise StaleEditError(changes=_changes(scope, given, loaded), fresh=current)


# --- forms -----------------------------------------------------------------------------------------------


class StaleSafeFormMixin:
    """Put first in an edit form's bases. Adds the hidden `version` token; an edit (a form given a
    `stale_scope`, or a ModelForm with a saved instance) is refused without one. After a refusal the
    form keeps the typed values and carries the fresh token, so saving again is a deliberate choice.

    Pass the token on to the service (`version=form.cleaned_data["version"]`), which calls `check`."""

    stale_field = "version"

    def __init__(self, *args, stale_scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if stale_scope is None and instance is not None and instance.pk is not None:
            stale_scope = self.default_stale_scope()
        self.stale_scope = stale_scope
        self.stale_conflict = None
        self.fields[self.stale_field] = forms.CharField(
            required=False, max_length=TOKEN_MAX_LENGTH, widget=forms.HiddenInput
        )
        if stale_scope is not None and not self.is_bound:
            self.initial[self.stale_field] = token(stale_scope)

    def default_stale_scope(self) -> Scope:
        return of(self.instance)

    def edited_data(self) -> dict:
        """The cleaned values without the token: the keyword arguments of a create service."""
        return {name: value for name, value in self.cleaned_data.items() if name != self.stale_field}

    @property
    def editing(self) -> bool:
        return self.stale_scope is not None

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self.editing:
            return
        given = (self.data.get(self.add_prefix(self.stale_field)) or "").strip()
        if not given or len(given) > TOKEN_MAX_LENGTH:
            self.add_error(None, StaleEditError(fresh=token(self.stale_scope), missing=True))

    def add_error(self, field, error):
        if isinstance(error, StaleEditError):
            self.stale_conflict = error
            if self.is_bound and error.fresh:
                self.data = self.data.copy()
                self.data[self.add_prefix(self.stale_field)] = error.fresh
            field, error = None, ValidationError(error.message, code="stale")
        super().add_error(field, error)
