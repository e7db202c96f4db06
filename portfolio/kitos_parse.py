"""Reading and validating an OS2 KITOS export (API v2 `it-system-usages`) before anything is written.

What is mapped, and how, is described in portfolio.kitos, which matches and writes what this module returns.
"""

import json
import re
import uuid as uuid_module
from dataclasses import dataclass, field

from portfolio.models import ITSystem

MAX_ERRORS_SHOWN = 10
NAME_MAX_LENGTH = ITSystem._meta.get_field("name").max_length

LIFECYCLE = {
    "undecided": ITSystem.Lifecycle.CLARIFYING,
    "notinuse": ITSystem.Lifecycle.NOT_IN_USE,
    "phasingin": ITSystem.Lifecycle.PHASING_IN,
    "operational": ITSystem.Lifecycle.OPERATING,
    "phasingout": ITSystem.Lifecycle.PHASING_OUT,
}
USER_COUNT = {
    0: ITSystem.UserCount.UNDER_10,
    10: ITSystem.UserCount.FROM_10,
    50: ITSystem.UserCount.FROM_50,
    100: ITSystem.UserCount.OVER_100,
}
HOSTING = {
    "undecided": None,
    "onpremise": ITSystem.Hosting.ON_PREMISE,
    "external": ITSystem.Hosting.EXTERNAL,
    "hybrid": ITSystem.Hosting.HYBRID,
}
BUSINESS_CRITICAL = {"yes": "yes", "no": "no", "dontknow": None, "undecided": None}
ROLE_FIELDS = {"systemejer": "system_owner", "systemansvarlig": "system_responsible"}
KLE_PREFIX = re.compile(r"^\s*(\d{2}\.\d{2}\.\d{2})(?:\s|$)")
# The fields an import may write, in the order changes are reported.


class KitosError(Exception):
    """A Danish message for the person running the import; nothing has been written."""


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


# --------------------------------------------------------------------------- reading and validating


def load_json_file(path) -> object:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise KitosError(f"Filen {path} findes ikke.") from None
    except UnicodeDecodeError:
        raise KitosError(f"Filen {path} er ikke UTF-8-tekst. Intet er ændret.") from None
    except json.JSONDecodeError as error:
        raise KitosError(
            f"Filen {path} er ikke gyldig JSON (linje {error.lineno}, kolonne {error.colno}: {error.msg}). "
            "Intet er ændret."
        ) from None
    except OSError as error:
        raise KitosError(f"Filen {path} kunne ikke læses: {error.strerror}.") from None


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


def _choice(value, mapping, path, errors):
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        # Enums as numbers (KITOS' declaration order), for exports made with numeric enums.
        keys = list(mapping)
        if 0 <= value < len(keys):
            return mapping[keys[value]]
    elif isinstance(value, str) and _key(value) in mapping:
        return mapping[_key(value)]
    errors.append(f"»{path}« har den ukendte værdi »{str(value)[:40]}«")
    return None


def parse_usage(item, index) -> tuple[Usage | None, list[str], list[str]]:
    """One item of the export: (usage or None, errors, warnings)."""
    errors, warnings = [], []
    if not isinstance(item, dict):
        return None, [f"Post {index}: skal være et objekt"], []
    raw_uuid = item.get("uuid")
    try:
        usage_uuid = uuid_module.UUID(str(raw_uuid)) if raw_uuid else None
    except ValueError:
        usage_uuid = None
    label = f"Post {index} ({raw_uuid})" if raw_uuid else f"Post {index}"
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
    user_count = None
    if expected:
        lower = expected.get("lowerBound")
        if lower not in USER_COUNT or isinstance(lower, bool):
            errors.append(f"»general.numberOfExpectedUsers.lowerBound« har den ukendte værdi »{lower}«")
        else:
            user_count = USER_COUNT[lower]
    usage = Usage(
        uuid=usage_uuid,
        name=name,
        notes=_text(general.get("notes"), "general.notes", errors),
        lifecycle=_choice(
            validity.get("lifeCycleStatus"), LIFECYCLE, "general.validity.lifeCycleStatus", errors
        ),
        user_count=user_count,
        hosting=_choice(gdpr.get("hostedAt"), HOSTING, "gdpr.hostedAt", errors),
        business_critical=_choice(
            gdpr.get("businessCritical"), BUSINESS_CRITICAL, "gdpr.businessCritical", errors
        ),
        unit_name=_text(responsible.get("name"), "organizationUsage.responsibleOrganizationUnit.name", errors)
        or None,
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
