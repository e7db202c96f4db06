"""Datakvalitet (/data-quality/): the gaps in the portfolio's data that the programme group chases ("fokus på
datadisciplin", seed 002), one rule a section. Each rule is one SQL query whatever the size of the portfolio
(the status rule reads the calendar first): the rule's test is the query's WHERE, and the query returns one
page of the offending rows with the count of them all (rows.page_in_one_query), so neither the counting nor
the rows shown grow with the portfolio in Python. Each offending row carries the address of exactly the page
where it is fixed, so the counts go down as people fix them.

The rules:
1. active projects (not archived, idé … realisering) without a focus area of the current strategy period;
2. standard-model projects in gennemførelse or realisering without a business case with amounts: none at all,
   or one whose lines are all 0 kr. (an empty grid says no more than a missing one);
3. active projects past idé whose status is missing (no submitted report for the current Project Board
   period once its deadline has passed) or stale (the latest submitted report is from before the two
   periods preceding the current one, or there is none);
4. benefits of active projects whose owner can no longer own them (deactivated, or no longer a manager: the
   owner is a required field, so "without an owner" means without one who can act), or with no measurement
   although the first is due by their plan (Benefit.is_overdue);
5. IT systems not archived and in use (a system "Ikke i brug" needs no contract) without a system owner (or
   one deactivated), or without contract end or notice.
"""

import datetime
from dataclasses import replace

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.urls import reverse

from benefits.models import Benefit, BusinessCase, BusinessCaseLine
from benefits.rules_sql import first_measurement_overdue
from benefits.selectors import BUSINESS_CASE_REQUIRED_PHASES
from governance.dataquality.rows import ROWS_SHOWN, Row, Rows, Rule, page_of_rows
from portfolio.dates import danish_date
from portfolio.models import ACTIVE_PHASES, ITSystem, Phase, Project, ReportingPeriod, StatusReport, User
from portfolio.selectors import current_period, latest_submitted_reports

# A project's status is stale when its latest submitted report is older than this many periods before the
# current one.
STALE_AFTER_PERIODS = 2


# Only the columns a row shows: a rule's query holds every offending row until the count is known.
PERSON = ("first_name", "last_name", "username")


def _fields(relation: str, *names: str) -> list[str]:
    return [f"{relation}__{name}" for name in names]


PROJECT_FIELDS = ("number", "name", "phase", *_fields("leader", *PERSON))


def _person(user) -> str:
    return str(user) if user is not None else "–"


def _project_name(project) -> str:
    return f"{project.number} {project.name}"


# --- 1. focus area of the current strategy period ------------------------------------------------------


def projects_without_current_focus_area(page_number=1, per_page=ROWS_SHOWN) -> Rows:
    in_current = Project.focus_areas.through.objects.filter(
        project=OuterRef("pk"), focusarea__period__is_current=True
    )
    projects = (
        Project.objects.active()
        .filter(~Exists(in_current))
        .select_related("leader")
        .only(*PROJECT_FIELDS)
        .order_by("number", "pk")
    )
    return page_of_rows(
        projects,
        lambda project: Row(
            name=_project_name(project),
            url=reverse("portfolio:project-edit", args=[project.pk]),
            fix_label="Ret projektet",
            context=project.get_phase_display(),
            responsible=_person(project.leader),
            problems=("Intet fokusområde i den gældende strategiperiode",),
        ),
        page_number,
        per_page,
    )


# --- 2. business case ----------------------------------------------------------------------------------


def projects_without_business_case(page_number=1, per_page=ROWS_SHOWN) -> Rows:
    has_case = BusinessCase.objects.filter(project=OuterRef("pk"))
    has_amounts = BusinessCaseLine.objects.filter(business_case__project=OuterRef("pk"), amount__gt=0)
    projects = (
        Project.objects.active()
        .filter(project_model=Project.ProjectModel.STANDARD, phase__in=BUSINESS_CASE_REQUIRED_PHASES)
        .filter(~Exists(has_amounts))
        .annotate(has_case=Exists(has_case))
        .select_related("leader")
        .only(*PROJECT_FIELDS)
        .order_by("number", "pk")
    )
    return page_of_rows(
        projects,
        lambda project: Row(
            name=_project_name(project),
            url=reverse("benefits:business-case", args=[project.pk]),
            fix_label="Udfyld business casen",
            context=project.get_phase_display(),
            responsible=_person(project.leader),
            problems=("Business casen har ingen beløb" if project.has_case else "Ingen business case",),
        ),
        page_number,
        per_page,
    )


# --- 3. status to the Project Board --------------------------------------------------------------------


def _submitted_for(periods):
    """Whether the project (the row) has a submitted report for one of `periods` (a queryset), as
    portfolio.selectors.submitted_report_for for one period, for the page's rows. The periods as a
    subquery lead both databases to the (project, period) unique index: one probe a project. (SQLite
    without statistics otherwise picks the (period, state) index for period = …, and walks every report of
    the period for each project.)"""
    return Exists(
        StatusReport.objects.filter(
            project=OuterRef("pk"), period__in=periods, state=StatusReport.State.SUBMITTED
        )
    )


def _reported_in(periods):
    """The rule's test of the same: the project is among those with a submitted report for one of
    `periods`. A subquery that refers to nothing outside it is read once, from the (period, state,
    project) index, and each project looked up in what it found (SQLite: a temporary index; PostgreSQL: a
    hashed subplan), where EXISTS probed the reports once for each period for every project."""
    reporting = StatusReport.objects.filter(period__in=periods, state=StatusReport.State.SUBMITTED)
    return Q(pk__in=reporting.values("project_id"))


def projects_with_missing_status(today: datetime.date, page_number=1, per_page=ROWS_SHOWN) -> Rows:
    period = current_period(today)
    if period is None:
        return Rows()  # no Project Board calendar: nothing is due
    earlier = list(
        ReportingPeriod.objects.filter(cancelled=False, meeting_date__lt=period.meeting_date)
        .order_by("-meeting_date")
        .values_list("meeting_date", flat=True)[:STALE_AFTER_PERIODS]
    )
    stale_before = earlier[-1] if len(earlier) == STALE_AFTER_PERIODS else None
    deadline_passed = period.reporting_deadline < today
    offends = Q(pk__in=[])
    if deadline_passed:
        offends |= ~_reported_in(ReportingPeriod.objects.filter(pk=period.pk))
    if stale_before is not None:
        # The latest submitted report is older, or there is none: none for the last periods.
        offends |= ~_reported_in(ReportingPeriod.objects.filter(meeting_date__gte=stale_before))
    latest = latest_submitted_reports().filter(project=OuterRef("pk"))
    projects = (
        Project.objects.active()
        .exclude(phase=Phase.IDEA)
        .filter(offends)
        .annotate(reported=_submitted_for(ReportingPeriod.objects.filter(pk=period.pk)))
        .annotate(latest_meeting_date=Subquery(latest.values("period__meeting_date")[:1]))
        .select_related("leader")
        .only(*PROJECT_FIELDS)
        .order_by("number", "pk")
    )

    def row(project) -> Row:
        problems = []
        if deadline_passed and not project.reported:
            problems.append(
                f"Ingen status til Project Board {danish_date(period.meeting_date)} "
                f"(fristen var {danish_date(period.reporting_deadline)})"
            )
        if project.latest_meeting_date is None:
            problems.append("Har aldrig indsendt en statusrapport")
        elif stale_before is not None and project.latest_meeting_date < stale_before:
            problems.append(
                f"Seneste indsendte status er til mødet {danish_date(project.latest_meeting_date)}: "
                f"mere end {STALE_AFTER_PERIODS} perioder gammel"
            )
        return Row(
            name=_project_name(project),
            url=reverse("portfolio:status-new", args=[project.pk]),
            fix_label="Skriv statusrapport",
            context=project.get_phase_display(),
            responsible=_person(project.leader),
            problems=tuple(problems),
        )

    return page_of_rows(projects, row, page_number, per_page)


# --- 4. benefits ---------------------------------------------------------------------------------------


def _owner_problem(owner) -> str | None:
    if not owner.is_active:
        return f"Gevinstejeren ({owner}) er ikke længere aktiv"
    if not owner.is_manager:
        return f"Gevinstejeren ({owner}) er ikke leder"
    return None


def benefits_without_owner_or_measurement(today: datetime.date, page_number=1, per_page=ROWS_SHOWN) -> Rows:
    # Never measured: no latest measured value on the benefit's row (Benefit.latest_measured_value, kept
    # with its measurements), not a probe of the measurements per benefit.
    never_measured = Q(latest_measured_value__isnull=True)
    cannot_own = User.objects.filter(Q(is_active=False) | Q(is_manager=False)).values("pk")
    benefits, first_due = first_measurement_overdue(
        # The project's test on the project the row joins anyway (Project.objects.active()), not a subquery.
        Benefit.objects.filter(archived=False, project__archived=False, project__phase__in=ACTIVE_PHASES),
        today,
    )
    benefits = (
        # Measured or not first: the dates are read only for a benefit never measured. The owners who
        # cannot own (a handful) as a list, not a join of every benefit to its owner.
        benefits.filter(Q(owner__in=cannot_own) | (never_measured & first_due))
        .annotate(measured=ExpressionWrapper(~never_measured, output_field=BooleanField()))
        .select_related("project", "owner")
        .only(
            "title",
            "baseline_date",
            "due_date",
            "measurement_interval_months",
            "archived",
            "project__number",
            "project__name",
            *_fields("owner", *PERSON, "is_active", "is_manager"),
        )
        .order_by("project__number", "title", "pk")
    )

    def row(benefit) -> Row:
        problems = []
        owner_problem = _owner_problem(benefit.owner)
        if owner_problem:
            problems.append(owner_problem)
        # The overdue rule of the benefit list and the reminders: the first measurement was due an
        # interval after the baseline date.
        if not benefit.measured and benefit.is_overdue(None, today):
            due = benefit.next_measurement_due(None)
            problems.append(f"Ingen måling, selv om den første skulle foreligge {danish_date(due)}")
        # An owner is changed on the benefit's form; a measurement is recorded on its page.
        fix, fix_label = (
            ("benefits:edit", "Skift gevinstejer")
            if owner_problem
            else ("benefits:detail", "Registrér måling")
        )
        return Row(
            name=benefit.title,
            url=reverse(fix, args=[benefit.pk]),
            fix_label=fix_label,
            context=_project_name(benefit.project),
            responsible=_person(benefit.owner),
            problems=tuple(problems),
        )

    return page_of_rows(benefits, row, page_number, per_page)


# --- 5. IT systems -------------------------------------------------------------------------------------


def systems_without_owner_or_contract(page_number=1, per_page=ROWS_SHOWN) -> Rows:
    systems = (
        ITSystem.objects.filter(archived=False)
        .exclude(lifecycle=ITSystem.Lifecycle.NOT_IN_USE)
        .filter(
            Q(system_owner__isnull=True)
            | Q(system_owner__is_active=False)
            | Q(contract_end__isnull=True)
            | Q(notice_months__isnull=True)
        )
        .select_related("system_owner")
        .only(
            "name",
            "lifecycle",
            "contract_end",
            "notice_months",
            *_fields("system_owner", *PERSON, "is_active"),
        )
        .order_by("name", "pk")
    )

    def row(system) -> Row:
        problems = []
        if system.system_owner is None:
            problems.append("Ingen systemejer")
        elif not system.system_owner.is_active:
            problems.append(f"Systemejeren ({system.system_owner}) er ikke længere aktiv")
        if system.contract_end is None:
            problems.append("Intet kontraktudløb")
        if system.notice_months is None:
            problems.append("Intet opsigelsesvarsel")
        return Row(
            name=system.name,
            url=reverse("systems:edit", args=[system.pk]),
            fix_label="Ret systemet",
            context=system.get_lifecycle_display(),
            responsible=_person(system.system_owner),
            problems=tuple(problems),
        )

    return page_of_rows(systems, row, page_number, per_page)


# --- the page ------------------------------------------------------------------------------------------

RULES = (
    Rule(
        key="fokusomraade",
        title="Projekter uden fokusområde i den gældende strategiperiode",
        explanation="Alle aktive projekter skal høre under mindst ét fokusområde i den gældende periode.",
        item_label="Projekt",
        context_label="Fase",
        responsible_label="Projektleder",
        singular="projekt",
        plural="projekter",
    ),
    Rule(
        key="business-case",
        title="Projekter uden business case",
        explanation=(
            "Projekter på standardmodellen i gennemførelse eller realisering skal have en business case "
            "med beløb. En business case, hvor alle beløb er 0 kr., tæller som manglende."
        ),
        item_label="Projekt",
        context_label="Fase",
        responsible_label="Projektleder",
        singular="projekt",
        plural="projekter",
    ),
    Rule(
        key="status",
        title="Manglende eller forældet status",
        explanation=(
            "Aktive projekter efter idéfasen, der ikke har indsendt status til det kommende "
            "Project Board, når fristen er overskredet, eller hvis seneste indsendte status er ældre "
            f"end {STALE_AFTER_PERIODS} perioder."
        ),
        item_label="Projekt",
        context_label="Fase",
        responsible_label="Projektleder",
        singular="projekt",
        plural="projekter",
    ),
    Rule(
        key="gevinster",
        title="Gevinster uden ejer eller måling",
        explanation=(
            "Gevinster i aktive projekter skal have en gevinstejer, der er aktiv leder, og være målt, "
            "når den første måling ifølge planen skulle foreligge."
        ),
        item_label="Gevinst",
        context_label="Projekt",
        responsible_label="Gevinstejer",
        singular="gevinst",
        plural="gevinster",
    ),
    Rule(
        key="systemer",
        title="Systemer uden ejer eller kontraktdatoer",
        explanation=(
            "Systemer i porteføljen (ikke arkiverede og ikke »Ikke i brug«) skal have en systemejer, "
            "et kontraktudløb og et opsigelsesvarsel, så kontraktovervågningen virker."
        ),
        item_label="System",
        context_label="Livscyklus",
        responsible_label="Systemejer",
        singular="system",
        plural="systemer",
    ),
)
RULE_KEYS = frozenset(rule.key for rule in RULES)

# Each rule's query: (today, page number, rows a page) -> one page of its rows.
_CHECKS = {
    "fokusomraade": lambda today, number, size: projects_without_current_focus_area(number, size),
    "business-case": lambda today, number, size: projects_without_business_case(number, size),
    "status": projects_with_missing_status,
    "gevinster": benefits_without_owner_or_measurement,
    "systemer": lambda today, number, size: systems_without_owner_or_contract(number, size),
}


def data_quality_rules(today: datetime.date, *, key=None, page_number=1, per_page=ROWS_SHOWN) -> list[Rule]:
    """Every rule (or only the one named `key`) with one page of its offending rows and the count of them
    all: 7 queries whatever the size of the portfolio."""
    return [
        replace(rule, rows=_CHECKS[rule.key](today, page_number, per_page))
        for rule in RULES
        if key is None or rule.key == key
    ]
