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
- `general.validity.lifeCycleStatus` (Undecided, NotInUse, PhasingIn, Operational, PhasingOut, Pilot)
  → `lifecycle` (under afklaring, ikke i brug, indfases, i drift, udfases; Pilot → indfases, see
  LIFECYCLE in kitos_parse for why)
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
So is an enum value the portal does not know (KITOS adds values over time): the rest of the record
imports. Input that is broken rather than unknown is refused whole, with one Danish message: see
kitos_json (the bytes) and kitos_parse (each record's shape).
"""

import datetime
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portfolio.history import save_with_history
from portfolio.models import ITSystem, OrgUnit, User
from portfolio.systems import kitos_json
from portfolio.systems.kitos_json import KitosError, decode_export, read_upload, too_large
from portfolio.systems.kitos_json import read_file as load_json_file
from portfolio.systems.kitos_parse import Usage, parse_usages

__all__ = [
    "KitosError",
    "Result",
    "Usage",
    "fetch_usages",
    "import_file",
    "import_upload",
    "import_usages",
    "load_json_file",
]

API_PATH = "/api/v2/it-system-usages"
API_PAGE_SIZE = 100
API_TIMEOUT_SECONDS = 30
API_MAX_PAGES = 1000
# Plain HTTP to the API is allowed only to these (a local test double); anything else needs TLS.
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
CRITICALITY_ORDER = list(ITSystem.Criticality.values)
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
    kept = "feltet er ikke ændret" if system.pk else "feltet har portalens standardværdi"
    for label, value in usage.unknown:
        warnings.append(f"{usage.name}: ukendt {label} »{value}« – {kept}")
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
        _save_all(to_save, actor)
    return result


@transaction.atomic
def _save_all(systems, actor) -> None:
    for system in systems:
        try:
            system.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            # Raised inside the transaction, so what was saved before it is rolled back.
            problems = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
            raise KitosError(f"{system.name}: {problems}. Intet er ændret.") from None
        save_with_history(system, actor=actor, reason="Import fra OS2 KITOS")


def import_file(path, *, dry_run=False, actor=None) -> Result:
    return import_usages(load_json_file(path), dry_run=dry_run, actor=actor)


def import_upload(upload, *, dry_run=False, actor=None) -> Result:
    """An export uploaded on the system portfolio's import page (Django's UploadedFile)."""
    return import_usages(read_upload(upload), dry_run=dry_run, actor=actor)


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
    budget = kitos_json.MAX_BYTES  # for all pages together: the API's answer is no bigger than a file may be
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
                body = response.read(budget + 1)
        except urllib.error.HTTPError as error:
            raise KitosError(
                f"KITOS svarede med HTTP {error.code} ({error.reason}). Intet er ændret."
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise KitosError(f"KITOS kunne ikke nås ({reason}). Intet er ændret.") from None
        if len(body) > budget:
            raise too_large("KITOS' svar")
        budget -= len(body)
        batch = decode_export(body, source=f"KITOS' svar på side {page}")
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
        value = timezone.make_aware(value)
    return value
