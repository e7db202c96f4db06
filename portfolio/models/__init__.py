"""The project register's models: organisation and people, national initiatives, projects and their phase
plans, the biweekly status cycle, milestones, risks and closing reports, resources, IT systems and
one-time form tokens; one module each, everything imported here, so `from portfolio.models import Project`
reads as before."""

# The sums kept per block of projects (portfolio.blocks) are the app's models too.
from portfolio.blocks.models import BlockChanges, BlockSums
from portfolio.models.delivery import (
    ClosingReport,
    Milestone,
    Risk,
    RiskLevel,
    RiskZone,
    risk_zone,
)
from portfolio.models.initiatives import (
    ExternalInitiative,
)
from portfolio.models.people import (
    ExternalIdentity,
    OrgUnit,
    User,
)
from portfolio.models.projects import (
    ACTIVE_PHASES,
    FINISHED_PHASES,
    PHASE_ORDER,
    START_CHECKLIST_FIELDS,
    Phase,
    Project,
    ProjectGroupObjectPermission,
    ProjectKind,
    ProjectPhasePlan,
    ProjectQuerySet,
    ProjectUserObjectPermission,
)
from portfolio.models.resources import (
    QUARTER_VALIDATORS,
    ResourceNeed,
    UnitCapacity,
)
from portfolio.models.status import (
    LIGHT_VALUES,
    STATUS_DIMENSIONS,
    Light,
    ReportingPeriod,
    StatusReport,
    mark_latest_reports,
)
from portfolio.models.systems import (
    KLE_FORMAT_MESSAGE,
    KLE_NUMBER_PATTERN,
    MAX_NOTICE_MONTHS,
    ITSystem,
    ProjectSystem,
    add_months,
    notice_deadline,
    validate_kle_numbers,
)
from portfolio.models.tokens import (
    SubmitToken,
)

__all__ = [
    "BlockChanges",
    "BlockSums",
    "ACTIVE_PHASES",
    "ClosingReport",
    "ExternalIdentity",
    "ExternalInitiative",
    "FINISHED_PHASES",
    "ITSystem",
    "KLE_FORMAT_MESSAGE",
    "KLE_NUMBER_PATTERN",
    "LIGHT_VALUES",
    "Light",
    "MAX_NOTICE_MONTHS",
    "Milestone",
    "OrgUnit",
    "PHASE_ORDER",
    "Phase",
    "Project",
    "ProjectGroupObjectPermission",
    "ProjectKind",
    "ProjectPhasePlan",
    "ProjectQuerySet",
    "ProjectSystem",
    "ProjectUserObjectPermission",
    "QUARTER_VALIDATORS",
    "ReportingPeriod",
    "ResourceNeed",
    "Risk",
    "RiskLevel",
    "RiskZone",
    "START_CHECKLIST_FIELDS",
    "STATUS_DIMENSIONS",
    "StatusReport",
    "SubmitToken",
    "UnitCapacity",
    "User",
    "add_months",
    "mark_latest_reports",
    "notice_deadline",
    "risk_zone",
    "validate_kle_numbers",
]
