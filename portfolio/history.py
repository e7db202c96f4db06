"""Change history (django-simple-history): the one way services save with an actor, and readable records."""

import datetime
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

HISTORY_ACTIONS = {"+": "Oprettet", "~": "Ændret", "-": "Slettet"}
SAME_SAVE_WINDOW = datetime.timedelta(seconds=5)


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    changed: list[str] = field(default_factory=list)


def _m2m_accessors(history_model):
    """For each tracked m2m field, the reverse accessor of the table holding its snapshots."""
    accessors = {}
    for m2m_field in getattr(history_model, "_history_m2m_fields", []):
        # The snapshot model records rows of the field's through model (auto-created or explicit).
        through = m2m_field.remote_field.through
        for relation in history_model._meta.related_objects:
            if getattr(relation.related_model, "instance_type", None) is through:
                accessors[m2m_field.name] = relation.get_accessor_name()
    return accessors


def _m2m_snapshot(record, accessor):
    """The related rows a history record kept for one m2m field, as comparable tuples (prefetched)."""
    return {
        tuple(
            value
            for key, value in vars(row).items()
            if key not in {"_state", "id", "m2m_history_id", "history_id"}
        )
        for row in getattr(record, accessor).all()
    }


def history_entries(records, limit=20) -> list[HistoryEntry]:
    """The newest `limit` entries of a history queryset, each with the names of the fields it changed.

    The record before the oldest shown one is fetched too, so every entry can be diffed; m2m snapshots
    are prefetched (one query per m2m field) and compared in memory. Entries that changed nothing a
    person would see (a save that rewrote the same values) are left out.
    """
    m2m = _m2m_accessors(records.model)
    rows = list(newest_records(records, limit).prefetch_related(*m2m.values()))
    return entries_of_records(records.model, rows, limit)


def newest_records(records, limit=20):
    """The records history_entries reads, as a queryset to compile once: the newest `limit` + 1, with their
    users; their m2m snapshots are prefetch_snapshots()'s."""
    return records.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]


def prefetch_snapshots(history_model, rows):
    """The m2m snapshots of `rows` (history records), one query per m2m field; none without rows."""
    if rows:
        prefetch_related_objects(rows, *_m2m_accessors(history_model).values())
    return rows


def entries_of_records(history_model, rows, limit=20) -> list[HistoryEntry]:
    """history_entries from its records already read: `rows` the newest `limit` + 1 of them (or fewer),
    newest first, their m2m snapshots prefetched."""
    model = history_model.instance_type
    m2m = _m2m_accessors(history_model)
    entries = []
    for index, record in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changed = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=set(m2m), foreign_keys_are_objs=False)
            names = [change.field for change in delta.changes]
            names += [
                name
                for name, accessor in m2m.items()
                if _m2m_snapshot(record, accessor) != _m2m_snapshot(previous, accessor)
            ]
            changed = [str(model._meta.get_field(name).verbose_name) for name in names]
            if not changed:
                continue
        action = HISTORY_ACTIONS.get(record.history_type, record.history_type)
        last = entries[-1] if entries else None
        if (
            last is not None
            and last.who == record.history_user
            and last.action == action
            and last.when - record.history_date < SAME_SAVE_WINDOW
        ):
            # One save writes several records (the row, then each m2m set): show it as one change.
            last.changed += [name for name in changed if name not in last.changed]
            continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=action,
                changed=changed,
            )
        )
    return entries


@dataclass
class FieldChange:
    label: str
    before: object
    after: object
    who: object


def field_changes(newer, older, *, fields=None, prefix="") -> list[FieldChange]:
    """Field-by-field differences between two history records of the same object, with readable values.

    `older` None: the object was created since, so each field with a value counts as changed. `fields`
    limits the comparison to those fields; `prefix` names the row (when a form edits several)."""
    m2m = {f.name for f in getattr(newer, "_history_m2m_fields", [])}
    model = newer.instance_type
    if older is None:
        names = [
            name
            for name in fields or ()
            if name not in m2m and getattr(newer, model._meta.get_field(name).attname) not in (None, "", 0)
        ]
        raw = [(name, None, getattr(newer, model._meta.get_field(name).attname)) for name in names]
        fk_objects = False
    else:
        delta = newer.diff_against(older, excluded_fields=m2m | {"version"}, foreign_keys_are_objs=True)
        raw = [(c.field, c.old, c.new) for c in delta.changes if fields is None or c.field in fields]
        fk_objects = True
    changes = []
    for name, before, after in raw:
        field = model._meta.get_field(name)
        label = str(field.verbose_name).capitalize()
        if not fk_objects and field.is_relation and after is not None:
            after = field.related_model._default_manager.filter(pk=after).first() or after
        changes.append(
            FieldChange(
                label=f"{prefix}: {label.lower()}" if prefix else label,
                before=_readable(field, before),
                after=_readable(field, after),
                who=newer.history_user,
            )
        )
    return changes


def _readable(field, value):
    if field.choices and value is not None:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    return "–" if value in (None, "") else value


# --- Writing: every audited save names its actor through one helper ------------------------------------
#
# django-simple-history takes the record's user from `instance._history_user` (else from the request its
# middleware saw, which a Celery task or a management command has not). Services set it here and nowhere
# else: tests/portfolio/test_history_writes.py greps the apps for hand-written copies. The actor stays on
# the object afterwards, so an m2m `.set()` that follows in the same service is recorded as theirs too.
# Bulk writes (QuerySet.update, bulk_create) write no history at all and do not come through here.


def _record_as(obj, actor, reason=None):
    obj._history_user = actor
    if reason is not None:
        obj._change_reason = reason


def save_with_history(obj, *, actor, update_fields=None, clean=False, reason=None):
    """Save `obj`, its history record naming `actor` (None: the system, e.g. a Celery task).

    `clean` runs full_clean() first (a ValidationError then writes nothing); `update_fields` is passed to
    save(); `reason` becomes the record's change reason. Returns `obj`."""
    _record_as(obj, actor, reason)
    if clean:
        obj.full_clean()
    obj.save(update_fields=update_fields)
    return obj


def delete_with_history(obj, *, actor, reason=None):
    """Delete `obj` (only rows that are not kept, e.g. a draft plan's item), its "-" record naming `actor`."""
    _record_as(obj, actor, reason)
    obj.delete()


def m2m_set_with_history(obj, field_name, values, *, actor):
    """Set a tracked many-to-many field of `obj` to `values`; the history record of the change names
    `actor`. Returns `obj`."""
    _record_as(obj, actor)
    getattr(obj, field_name).set(values)
    return obj
