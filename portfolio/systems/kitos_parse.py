"""Reading and validating an OS2 KITOS export (API v2 `it-system-usages`) before anything is written.

What is mapped, and how, is described in portfolio.systems.kitos, which matches and writes what this module
returns.
The data has already been read strictly (portfolio.systems.kitos_json); here each record is checked for the
shape KITOS gives it. Two kinds of problem, two answers:

- broken (a list where an object or a number belongs, a uuid that is none, no name): an error; all
  errors of the file are listed in one KitosError and nothing is written;
- unknown (an enum value the portal does not know yet, which KITOS may add any time): the record
  imports, that one field is left as it is, and the record is reported among the warnings.
"""

import re
import uuid as uuid_module
from dataclasses import dataclass, field

from portfolio.models import ITSystem
from portfolio.systems.kitos_json import KitosError

__all__ = ["KitosError", "Usage", "parse_usages"]

MAX_ERRORS_SHOWN = 10
NAME_MAX_LENGTH = ITSystem._meta.get_field("name").max_length


@dataclass(frozen=True)
class KitosEnum:
    """How one KITOS enum maps to a portal field: its Danish name for messages, KITOS' names
    (normalised by _key) to portal values (None: known, but says nothing), and KITOS' declaration order
    for exports made with numeric enums. A value not here is unknown: the field keeps its value and the
    record is reported (KITOS adds values over time; one new value must not stop an import)."""

    label: str
    names: dict
    order: tuple = ()


# Pilot (added to KITOS' LifeCycleStatusChoice after the five below) means the system is in use on
# trial, in part of the organisation, before a decision on full operation. The portal's nearest value
# is "Indfases": the system is on its way in but not yet "I drift", and it is in use, so not "Under
# afklaring". KITOS added it after the numbered five, so it has no place in the numeric order here.
LIFECYCLE = KitosEnum(
    "livscyklusstatus",
    {
        "undecided": ITSystem.Lifecycle.CLARIFYING,
        "notinuse": ITSystem.Lifecycle.NOT_IN_USE,
        "phasingin": ITSystem.Lifecycle.PHASING_IN,
        "operational": ITSystem.Lifecycle.OPERATING,
        "phasingout": ITSystem.Lifecycle.PHASING_OUT,
        "pilot": ITSystem.Lifecycle.PHASING_IN,
    },
    order=("undecided", "notinuse", "phasingin", "operational", "phasingout"),
)
HOSTING = KitosEnum(
    "driftsform (hostedAt)",
    {
        "undecided": None,
        "onpremise": ITSystem.Hosting.ON_PREMISE,
        "external": ITSystem.Hosting.EXTERNAL,
        "hybrid": ITSystem.Hosting.HYBRID,
    },
    order=("undecided", "onpremise", "external", "hybrid"),
)
BUSINESS_CRITICAL = KitosEnum(
    "værdi for forretningskritisk (businessCritical)",
    {"yes": "yes", "no": "no", "dontknow": None, "undecided": None},
    order=("yes", "no", "dontknow", "undecided"),
)
# KITOS' intervals for the expected number of users, by their lower bound.
USER_COUNT = {
    0: ITSystem.UserCount.UNDER_10,
    10: ITSystem.UserCount.FROM_10,
    50: ITSystem.UserCount.FROM_50,
    100: ITSystem.UserCount.OVER_100,
}
USER_COUNT_LABEL = "brugerinterval (numberOfExpectedUsers)"
ROLE_FIELDS = {"systemejer": "system_owner", "systemansvarlig": "system_responsible"}
KLE_PREFIX = re.compile(r"^\s*(\d{2}\.\d{2}\.\d{2})(?:\s|$)")


@dataclass
class Usage:
    """One validated system usage: what KITOS says, before it is matched to the portal."""

    uuid: uuid_module.UUID
    name: str
    notes: str = ""
    lifecycle: str | None = None
    user_count: str | None = None
    hosting: str | None = None
    business_critical: str | None = None
    unit_name: str | None = None
    people: dict = field(default_factory=dict)  # field name -> KITOS user name
    kle_numbers: list = field(default_factory=list)
    unknown: list = field(default_factory=list)  # (enum label, value as KITOS wrote it)


# --------------------------------------------------------------------------- validating


def _key(value) -> str:
    return re.sub(r"[^a-z]", "", str(value).lower())


def _obj(value, path, errors):
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(f"»{path}« skal være et objekt")
        return {}
    return value


def _text(value, path, errors):
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(f"»{path}« skal være tekst")
        return ""
    return value.strip()


def _choice(value, enum, path, usage, errors):
    """The portal value for an enum value; None for no value, an unknown one (noted on `usage`) or a
    broken one (an error: an enum is text, or a number in exports made with numeric enums)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if _key(value) in enum.names:
            return enum.names[_key(value)]
    elif isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < len(enum.order):
            return enum.names[enum.order[value]]
    else:
        errors.append(f"»{path}« skal være tekst")
        return None
    usage.unknown.append((enum.label, str(value)[:40]))
    return None


def _user_count(expected, usage, errors):
    lower = expected.get("lowerBound")
    if lower is None:
        return None
    if not isinstance(lower, int) or isinstance(lower, bool):
        errors.append("»general.numberOfExpectedUsers.lowerBound« skal være et heltal")
        return None
    if lower not in USER_COUNT:
        usage.unknown.append((USER_COUNT_LABEL, str(lower)))
        return None
    return USER_COUNT[lower]


def parse_usage(item, index) -> tuple[Usage | None, list[str], list[str]]:
    """One item of the export: (usage or None, errors, warnings)."""
    errors, warnings = [], []
    if not isinstance(item, dict):
        return None, [f"Post {index}: skal være et objekt"], []
    raw_uuid = item.get("uuid")
    try:
        usage_uuid = uuid_module.UUID(raw_uuid) if isinstance(raw_uuid, str) else None
    except ValueError:
        usage_uuid = None
    label = f"Post {index} ({raw_uuid[:40]})" if isinstance(raw_uuid, str) and raw_uuid else f"Post {index}"
    if usage_uuid is None:
        errors.append("mangler et gyldigt »uuid«")
    general = _obj(item.get("general"), "general", errors)
    system_context = _obj(item.get("systemContext"), "systemContext", errors)
    name = _text(general.get("localCallName"), "general.localCallName", errors) or _text(
        system_context.get("name"), "systemContext.name", errors
    )
    if not name:
        errors.append("mangler et navn (»general.localCallName« eller »systemContext.name«)")
    elif len(name) > NAME_MAX_LENGTH:
        errors.append(f"navnet er længere end {NAME_MAX_LENGTH} tegn")
    validity = _obj(general.get("validity"), "general.validity", errors)
    expected = _obj(general.get("numberOfExpectedUsers"), "general.numberOfExpectedUsers", errors)
    gdpr = _obj(item.get("gdpr"), "gdpr", errors)
    organization_usage = _obj(item.get("organizationUsage"), "organizationUsage", errors)
    responsible = _obj(
        organization_usage.get("responsibleOrganizationUnit"),
        "organizationUsage.responsibleOrganizationUnit",
        errors,
    )
    usage = Usage(
        uuid=usage_uuid,
        name=name,
        notes=_text(general.get("notes"), "general.notes", errors),
        unit_name=_text(responsible.get("name"), "organizationUsage.responsibleOrganizationUnit.name", errors)
        or None,
    )
    usage.lifecycle = _choice(
        validity.get("lifeCycleStatus"), LIFECYCLE, "general.validity.lifeCycleStatus", usage, errors
    )
    usage.user_count = _user_count(expected, usage, errors)
    usage.hosting = _choice(gdpr.get("hostedAt"), HOSTING, "gdpr.hostedAt", usage, errors)
    usage.business_critical = _choice(
        gdpr.get("businessCritical"), BUSINESS_CRITICAL, "gdpr.businessCritical", usage, errors
    )
    roles = item.get("roles") or []
    if not isinstance(roles, list):
        errors.append("»roles« skal være en liste")
        roles = []
    for role_index, assignment in enumerate(roles):
        assignment = _obj(assignment, f"roles[{role_index}]", errors)
        role = _obj(assignment.get("role"), f"roles[{role_index}].role", errors)
        user = _obj(assignment.get("user"), f"roles[{role_index}].user", errors)
        target = ROLE_FIELDS.get(_key(_text(role.get("name"), f"roles[{role_index}].role.name", errors)))
        person = _text(user.get("name"), f"roles[{role_index}].user.name", errors)
        if target and person and target not in usage.people:
            usage.people[target] = person
    deviations = _obj(item.get("localKLEDeviations"), "localKLEDeviations", errors)
    added = deviations.get("addedKLE") or []
    if not isinstance(added, list):
        errors.append("»localKLEDeviations.addedKLE« skal være en liste")
        added = []
    numbers = set()
    for kle_index, kle in enumerate(added):
        kle = _obj(kle, f"localKLEDeviations.addedKLE[{kle_index}]", errors)
        text = _text(kle.get("name"), f"localKLEDeviations.addedKLE[{kle_index}].name", errors)
        match = KLE_PREFIX.match(text)
        if match:
            numbers.add(match.group(1))
        elif text:
            warnings.append(
                f"{name or label}: »{text[:40]}« er ikke et KLE-nummer (00.00.00) og er sprunget over"
            )
    usage.kle_numbers = sorted(numbers)
    errors = [f"{label}: {error}" for error in errors]
    return (None if errors else usage), errors, warnings


def parse_usages(data) -> tuple[list[Usage], list[str]]:
    """Validate a whole export (a JSON list of system usages). Raises KitosError listing what is wrong."""
    if not isinstance(data, list):
        raise KitosError(
            "Filen har ikke KITOS' struktur: den skal være en JSON-liste af systemanvendelser "
            "(svaret fra /api/v2/it-system-usages). Intet er ændret."
        )
    usages, errors, warnings, seen = [], [], [], {}
    for index, item in enumerate(data, start=1):
        usage, item_errors, item_warnings = parse_usage(item, index)
        errors += item_errors
        warnings += item_warnings
        if usage is not None:
            if usage.uuid in seen:
                errors.append(f"Post {index} ({usage.uuid}): samme uuid som post {seen[usage.uuid]}")
            seen[usage.uuid] = index
            usages.append(usage)
    if errors:
        shown = "\n".join(f"  - {error}" for error in errors[:MAX_ERRORS_SHOWN])
        more = (
            f"\n  … og {len(errors) - MAX_ERRORS_SHOWN} fejl mere" if len(errors) > MAX_ERRORS_SHOWN else ""
        )
        raise KitosError(f"KITOS-data har {len(errors)} fejl, så intet er ændret:\n{shown}{more}")
    return usages, warnings
