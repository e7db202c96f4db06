"""Import of the system portfolio from OS2 KITOS (API v2 `it-system-usages`, file or API).

Matching is on the KITOS UUID of the system usage (`uuid`, stored as ITSystem.kitos_uuid). The whole
input is read and validated before anything is written, and then written in one transaction:
a malformed file changes nothing. Only fields whose value differs are written, so an unchanged
system gets no save and no history row, and re-running an import is a no-op. Nothing is ever
deleted or archived: systems missing from the input, and every field KITOS does not carry, stay
as the portal has them. A KITOS field that is empty never blanks out a value in the portal.

Fields mapped (KITOS API v2 `ItSystemUsageResponseDTO` → ITSystem):

- `uuid` → `kitos_uuid` (the match key)
- `general.localCallName`, else `systemContext.name` → `name`
- `general.notes` → `description` (only when the system is created; after that the portal owns it)
- `general.validity.lifeCycleStatus` (Undecided, NotInUse, PhasingIn, Operational, PhasingOut)
  → `lifecycle` (under afklaring, ikke i brug, indfases, i drift, udfases)
- `general.numberOfExpectedUsers.lowerBound` (0, 10, 50, 100) → `user_count`
  (under 10, 10-50, 50-100, over 100)
- `gdpr.hostedAt` (OnPremise, External, Hybrid; Undecided is no value) → `hosting`
- `gdpr.businessCritical`: Yes raises `criticality` to at least "Høj"; No lowers it to at most
  "Middel"; DontKnow leaves it
- `organizationUsage.responsibleOrganizationUnit.name` → `owner_unit` (an org unit with that name)
- `roles[]`: role "Systemejer" → `system_owner`, role "Systemansvarlig" → `system_responsible`
  (the `user.name` matched to an active employee's full name)
- `localKLEDeviations.addedKLE[].name` (the KLE number, 00.00.00) → `kle_numbers`

Not in a system usage, so owned by the portal: vendor, contract end and notice period (KITOS keeps
them on the IT contract), on fælleskommunal infrastruktur, the project links, archived.
An org unit or person that cannot be matched is reported as a warning and the field is left as it is.
"""

import datetime
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid as uuid_module
from dataclasses import dataclass, field

from django.db import transaction

from portfolio.models import ITSystem, OrgUnit, User

API_PATH = "/api/v2/it-system-usages"
API_PAGE_SIZE = 100
API_TIMEOUT_SECONDS = 30
API_MAX_PAGES = 1000
# Plain HTTP to the API is allowed only to these (a local test double); anything else needs TLS.
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
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
CRITICALITY_ORDER = list(ITSystem.Criticality.values)
ROLE_FIELDS = {"systemejer": "system_owner", "systemansvarlig": "system_responsible"}
KLE_PREFIX = re.compile(r"^\s*(\d{2}\.\d{2}\.\d{2})(?:\s|$)")
# The fields an import may write, in the order changes are reported.
IMPORTED_FIELDS = [
    "name",
    "lifecycle",
    "criticality",
    "user_count",
    "hosting",
    "owner_unit",
    "system_owner",
    "system_responsible",
    "kle_numbers",
]


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


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Result:
    created: list = field(default_factory=list)  # names
    changed: list = field(default_factory=list)  # (name, [Change])
    unchanged: int = 0
    warnings: list = field(default_factory=list)
    dry_run: bool = False

    def report(self) -> str:
        lines = []
        if self.dry_run:
            lines.append("Tørkørsel: intet er gemt. Sådan ville importen ændre systemporteføljen:")
        lines.append(f"Nye systemer: {len(self.created)}")
        lines += [f"  + {name}" for name in self.created]
        lines.append(f"Ændrede systemer: {len(self.changed)}")
        for name, changes in self.changed:
            lines.append(f"  ~ {name}")
            lines += [f"      {change.label}: {change.before} → {change.after}" for change in changes]
        lines.append(f"Uændrede systemer: {self.unchanged}")
        if self.warnings:
            lines.append(f"Advarsler: {len(self.warnings)}")
            lines += [f"  ! {warning}" for warning in self.warnings]
        return "\n".join(lines)


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


# --------------------------------------------------------------------------- matching and writing


def _units_by_name():
    units = {}
    for unit in OrgUnit.objects.filter(archived=False):
        units.setdefault(unit.name.casefold(), []).append(unit)
    return units


def _people_by_name(names):
    wanted = {name.casefold() for name in names}
    people = {}
    if not wanted:
        return people
    for user in User.objects.filter(is_active=True):
        full = user.get_full_name().casefold()
        if full in wanted:
            people.setdefault(full, []).append(user)
    return people


def _criticality(current, business_critical):
    rank = CRITICALITY_ORDER.index(current)
    if business_critical == "yes":
        return CRITICALITY_ORDER[max(rank, CRITICALITY_ORDER.index(ITSystem.Criticality.HIGH))]
    if business_critical == "no":
        return CRITICALITY_ORDER[min(rank, CRITICALITY_ORDER.index(ITSystem.Criticality.MEDIUM))]
    return current


def _readable(name, value):
    model_field = ITSystem._meta.get_field(name)
    if value in (None, "", []):
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _wanted_values(usage, system, units, people, warnings):
    """The values KITOS sets on `system` (new or existing), only for fields where KITOS has one."""
    values = {"name": usage.name}
    if usage.lifecycle:
        values["lifecycle"] = usage.lifecycle
    values["criticality"] = _criticality(system.criticality, usage.business_critical)
    if usage.user_count:
        values["user_count"] = usage.user_count
    if usage.hosting:
        values["hosting"] = usage.hosting
    if usage.unit_name:
        matches = units.get(usage.unit_name.casefold(), [])
        if len(matches) == 1:
            values["owner_unit"] = matches[0]
        else:
            problem = "findes ikke" if not matches else "findes flere gange"
            warnings.append(
                f"{usage.name}: enheden »{usage.unit_name}« {problem} i portalen; ejende enhed er uændret"
            )
    for field_name, person in usage.people.items():
        matches = people.get(person.casefold(), [])
        if len(matches) == 1:
            values[field_name] = matches[0]
        else:
            problem = "findes ikke" if not matches else "findes flere gange"
            label = ITSystem._meta.get_field(field_name).verbose_name
            warnings.append(
                f"{usage.name}: medarbejderen »{person}« {problem} i portalen; {label} er uændret"
            )
    if usage.kle_numbers:
        values["kle_numbers"] = usage.kle_numbers
    return values


def import_usages(data, *, dry_run=False, actor=None) -> Result:
    """Validate `data` (a parsed KITOS export), then create and update systems in one transaction.
    With `dry_run` the same report is made and nothing is written."""
    usages, warnings = parse_usages(data)
    result = Result(warnings=warnings, dry_run=dry_run)
    known = ITSystem.objects.filter(kitos_uuid__in=[usage.uuid for usage in usages])
    existing = {system.kitos_uuid: system for system in known}
    units = _units_by_name()
    people = _people_by_name({name for usage in usages for name in usage.people.values()})
    to_save = []
    for usage in usages:
        system = existing.get(usage.uuid)
        if system is None:
            system = ITSystem(kitos_uuid=usage.uuid, description=usage.notes)
            for name, value in _wanted_values(usage, system, units, people, result.warnings).items():
                setattr(system, name, value)
            result.created.append(usage.name)
            to_save.append(system)
            continue
        changes = []
        for name, value in _wanted_values(usage, system, units, people, result.warnings).items():
            model_field = ITSystem._meta.get_field(name)
            current = getattr(system, model_field.attname)
            new = value.pk if model_field.is_relation and value is not None else value
            if current != new:
                label = str(model_field.verbose_name)
                label = label[:1].upper() + label[1:]
                changes.append(Change(label, _readable(name, getattr(system, name)), _readable(name, value)))
                setattr(system, name, value)
        if changes:
            result.changed.append((system.name, changes))
            to_save.append(system)
        else:
            result.unchanged += 1
    if not dry_run:
        with transaction.atomic():
            for system in to_save:
                system.full_clean(validate_unique=False, validate_constraints=False)
                system._history_user = actor
                system._change_reason = "Import fra OS2 KITOS"
                system.save()
    return result


def import_file(path, *, dry_run=False, actor=None) -> Result:
    return import_usages(load_json_file(path), dry_run=dry_run, actor=actor)


# --------------------------------------------------------------------------- the API


def _require_safe_endpoint(endpoint) -> None:
    """The token is a bearer secret: it goes over TLS, or in plain HTTP only to this machine (a local
    test double of the API). Any other scheme (file://, ftp://) is refused before anything is sent."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and (parts.hostname or "") in LOOPBACK_HOSTS:
        return
    raise KitosError(
        "KITOS_API_URL skal begynde med https://. Kun en adresse på denne maskine "
        "(localhost eller 127.0.0.1) må bruge http://. Intet er hentet."
    )


def fetch_usages(
    *,
    base_url,
    token,
    since=None,
    organization_uuid=None,
    page_size=API_PAGE_SIZE,
    timeout=API_TIMEOUT_SECONDS,
):
    """Every system usage from KITOS' API v2, page by page; with `since` (a datetime) only those
    changed since then (`changedSinceGtEq`). Raises KitosError on network, HTTP or format errors."""
    if not base_url or not token:
        raise KitosError(
            "KITOS_API_URL og KITOS_API_TOKEN skal være sat i indstillingerne for at hente fra KITOS' API."
        )
    endpoint = base_url.rstrip("/") + API_PATH
    _require_safe_endpoint(endpoint)
    usages = []
    for page in range(API_MAX_PAGES):
        params = {"page": page, "pageSize": page_size}
        if since is not None:
            params["changedSinceGtEq"] = since.isoformat()
        if organization_uuid:
            params["organizationUuid"] = organization_uuid
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            f"{endpoint}?{urllib.parse.urlencode(params)}",
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - checked above  # nosec B310
                body = response.read()
        except urllib.error.HTTPError as error:
            raise KitosError(
                f"KITOS svarede med HTTP {error.code} ({error.reason}). Intet er ændret."
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise KitosError(f"KITOS kunne ikke nås ({reason}). Intet er ændret.") from None
        try:
            batch = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise KitosError(f"KITOS' svar på side {page} er ikke gyldig JSON. Intet er ændret.") from None
        if not isinstance(batch, list):
            raise KitosError(
                f"KITOS' svar på side {page} er ikke en liste af systemanvendelser. Intet er ændret."
            )
        usages.extend(batch)
        if len(batch) < page_size:
            return usages
    raise KitosError(f"KITOS sendte mere end {API_MAX_PAGES} sider; importen er stoppet. Intet er ændret.")


def parse_since(text) -> datetime.datetime:
    try:
        value = datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise KitosError(
            f"»{text}« er ikke et tidspunkt i ISO-format (fx 2026-01-31 eller 2026-01-31T08:00:00+01:00)."
        ) from None
    if value.tzinfo is None:
        from django.utils import timezone

        value = timezone.make_aware(value)
    return value
