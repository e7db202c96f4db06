"""Readable change history from django-simple-history records, for any audited model."""

from dataclasses import dataclass, field

HISTORY_ACTIONS = {"+": "Oprettet", "~": "Ændret", "-": "Slettet"}


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    changed: list[str] = field(default_factory=list)


def history_entries(records, limit=20) -> list[HistoryEntry]:
    """The newest `limit` entries of a history queryset, each with the names of the fields it changed.

    One query: the record before the oldest shown one is fetched too, so every entry can be diffed.
    """
    rows = list(records.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changed = []
        if previous is not None and record.history_type == "~":
            # m2m diffs would cost a query per entry; their changes show as their own history rows.
            m2m = {f.name for f in getattr(record, "_history_m2m_fields", [])}
            delta = record.diff_against(previous, excluded_fields=m2m, foreign_keys_are_objs=False)
            model = record.instance_type
            for change in delta.changes:
                try:
                    changed.append(str(model._meta.get_field(change.field).verbose_name))
                except Exception:  # noqa: BLE001 - an m2m or removed field keeps its raw name
                    changed.append(change.field)
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=HISTORY_ACTIONS.get(record.history_type, record.history_type),
                changed=changed,
            )
        )
    return entries
