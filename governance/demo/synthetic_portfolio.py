"""The synthetic portfolio itself: GEN- projects, their leaders and permissions, status reports, benefits,
measurements and IT systems, bulk-inserted (governance.demo.synthetic drives it)."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from benefits.models import Benefit, BenefitMeasurement, BenefitUserObjectPermission, mark_latest_in_year
from focusareas.models import FocusArea
from governance.demo.build_people import ensure_org_units
from governance.demo.common import SyntheticDataError, insert_rows
from governance.demo.data.status import DIMENSIONS, LIGHT_RANK
from governance.demo.data.synthetic import (
    ACTIVE,
    AREAS,
    BATCH_SIZE,
    COMMENTS,
    FIRST_NAMES,
    LAST_NAMES,
    LEADER_COUNT,
    PAST_ANALYSIS,
    PERCENT_RANGE,
    PHASE_WEIGHTS,
    PREFIX,
    SUBJECTS,
    TRANSITIONS,
)
from governance.demo.periods import PERIOD_DAYS, ensure_periods, slot_on_or_after
from governance.demo.synthetic_governance import synthetic_meetings, synthetic_plan
from portfolio.models import (
    ITSystem,
    Light,
    OrgUnit,
    Phase,
    Project,
    ProjectKind,
    ProjectSystem,
    ProjectUserObjectPermission,
    StatusReport,
    User,
    mark_latest_reports,
    notice_deadline,
)

D = datetime.timedelta


class Generator:
    def __init__(self, *, seed: int, benefits_per_project=None, measurements_per_benefit=3):
        self.rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data
        self.today = timezone.localdate()
        self.benefits_per_project = benefits_per_project  # None: 1 or 2 at random (the default)
        self.measurements_per_benefit = measurements_per_benefit

    def run(
        self,
        *,
        project_count: int,
        period_count: int,
        system_count: int = 0,
        meeting_years: int = 0,
        plan_items: int = 0,
        plan_approved: bool = True,
    ) -> dict[str, int]:
        focus_ids = list(FocusArea.objects.filter(period__is_current=True).values_list("pk", flat=True))
        if not focus_ids:
            raise SyntheticDataError(
                "Der er ingen fokusområder i den gældende strategiperiode; kør migrate først."
            )
        units = list(OrgUnit.objects.filter(archived=False).exclude(kind=OrgUnit.Kind.DIREKTION))
        if not units:
            units = [u for u in ensure_org_units().values() if u.kind != OrgUnit.Kind.DIREKTION]
        leaders = self.leaders()
        # The series' Thursday on or after today closes the range (its meeting may move off a holiday).
        last_slot = slot_on_or_after(self.today)
        periods = ensure_periods(last_slot - D(days=PERIOD_DAYS * (period_count - 1)), last_slot)
        projects = self.projects(project_count, units, leaders, periods[0].start_date)
        self.focus_areas(projects, focus_ids)
        self.permissions(projects)
        reports = self.status_reports(projects, periods)
        benefits, measurements = self.benefits(projects)
        systems = self.systems(system_count, projects, units)
        meetings = synthetic_meetings(self.rng, self.today, meeting_years, projects, leaders)
        items = synthetic_plan(self.rng, self.today, plan_items, projects, focus_ids, approved=plan_approved)
        return {
            "Projekter": len(projects),
            "Aktive projekter": sum(1 for p in projects if p.phase in ACTIVE),
            "Rapporteringsperioder": len(periods),
            "Statusrapporter": reports,
            "Projektledere": len(leaders),
            "Gevinster": benefits,
            "Gevinstmålinger": measurements,
            "It-systemer": systems,
            "Møder": meetings,
            "Punkter i indsatsplanen": items,
        }

    def systems(self, count: int, projects, units) -> int:
        """Synthetic IT systems with contracts spread over the next three years, each linked to a project.
        bulk_create skips save(), so the stored notice deadline is computed here."""
        if not count:
            return 0
        lifecycles = [choice.value for choice in ITSystem.Lifecycle]
        criticalities = [choice.value for choice in ITSystem.Criticality]
        rows = []
        for n in range(1, count + 1):
            contract_end = self.today + D(days=self.rng.randint(-60, 3 * 365))
            notice = self.rng.choice([None, 3, 6, 12])
            rows.append(
                ITSystem(
                    name=f"{PREFIX}System {n:05d}",
                    vendor=self.rng.choice(["KMD", "Netcompany", "Systematic", "EG", "Schultz", "Fujitsu"]),
                    owner_unit=self.rng.choice(units),
                    lifecycle=self.rng.choice(lifecycles),
                    criticality=self.rng.choice(criticalities),
                    on_common_infrastructure=self.rng.random() < 0.4,
                    kle_numbers=[f"{self.rng.randint(0, 99):02d}.{self.rng.randint(0, 99):02d}.00"],
                    contract_end=contract_end,
                    notice_months=notice,
                    notice_deadline=notice_deadline(contract_end, notice),
                )
            )
        created = ITSystem.objects.bulk_create(rows, batch_size=500)
        relations = [choice.value for choice in ProjectSystem.Relation]
        ProjectSystem.objects.bulk_create(
            [
                ProjectSystem(
                    project=self.rng.choice(projects), system=system, relation=self.rng.choice(relations)
                )
                for system in created
            ],
            batch_size=500,
        )
        return len(created)

    def leaders(self) -> list[User]:
        usernames = [f"gen-leder-{n}" for n in range(1, LEADER_COUNT + 1)]
        existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        User.objects.bulk_create(
            [
                User(
                    username=username,
                    first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                    last_name=LAST_NAMES[(n * 7) % len(LAST_NAMES)],
                    title="Projektleder (syntetisk)",
                    email=f"{username}@example.invalid",
                    is_manager=True,
                    password=make_password(None),
                )
                for n, username in enumerate(usernames)
                if username not in existing
            ]
        )
        return list(User.objects.filter(username__in=usernames).order_by("pk"))

    def projects(self, count, units, leaders, first_period_start) -> list[Project]:
        rng, today = self.rng, self.today
        phases, weights = zip(*PHASE_WEIGHTS, strict=True)
        kinds = ProjectKind.values
        objects = []
        for n in range(1, count + 1):
            phase = rng.choices(phases, weights)[0]
            start = first_period_start - D(days=rng.randint(1, 400))
            if phase in (Phase.CLOSED, Phase.STOPPED):
                end = max(start, today - D(days=rng.randint(10, 300)))
            else:
                end = today + D(days=rng.randint(30, 900))
            done = phase in PAST_ANALYSIS
            leader = rng.choice(leaders)
            objects.append(
                Project(
                    number=f"{PREFIX}{n:05d}",
                    name=f"{rng.choice(SUBJECTS)} {rng.choice(AREAS)} ({n})",
                    purpose="Syntetisk projekt til ydelsesmålinger.",
                    kind=rng.choice(kinds),
                    anchoring=rng.choice(units),
                    project_model=Project.ProjectModel.LIGHT
                    if rng.random() < 0.15
                    else Project.ProjectModel.STANDARD,
                    phase=phase,
                    owner=rng.choice(leaders),
                    leader=leader,
                    dpo_involved=done or rng.random() < 0.5,
                    security_coordinator_involved=done or rng.random() < 0.5,
                    it_involved=done or rng.random() < 0.5,
                    common_infrastructure_considered=rng.random() < 0.7,
                    citizen_cocreation_considered=rng.random() < 0.3,
                    climate_considered=rng.random() < 0.3,
                    coherence_considered=rng.random() < 0.6,
                    priority=rng.randint(1, 50),
                    budget=Decimal(rng.randrange(50_000, 5_000_000, 5_000)),
                    start_date=start,
                    end_date=end,
                )
            )
        Project.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        ids = dict(Project.objects.filter(number__startswith=PREFIX).values_list("number", "pk"))
        for project in objects:
            project.pk = ids[project.number]
        return objects

    def focus_areas(self, projects, focus_ids) -> None:
        through = Project.focus_areas.through
        rows = [
            through(project_id=project.pk, focusarea_id=focus_id)
            for project in projects
            for focus_id in self.rng.sample(focus_ids, self.rng.randint(1, min(3, len(focus_ids))))
        ]
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def permissions(self, projects) -> None:
        content_type = ContentType.objects.get_for_model(Project)
        perms = list(
            Permission.objects.filter(
                content_type=content_type, codename__in=["change_project", "report_status"]
            )
        )
        ProjectUserObjectPermission.objects.bulk_create(
            [
                ProjectUserObjectPermission(
                    permission=perm, user_id=project.leader_id, content_object_id=project.pk
                )
                for project in projects
                for perm in perms
            ],
            batch_size=BATCH_SIZE,
        )

    def status_reports(self, projects, periods) -> int:
        rng = self.rng
        now = timezone.now()
        tz = timezone.get_current_timezone()
        total = 0
        rows = []
        steps = max(len(periods) - 1, 1)
        for project in projects:
            if project.phase not in ACTIVE:
                continue
            low, high = PERCENT_RANGE[project.phase]
            lights = dict.fromkeys(DIMENSIONS, Light.GREEN)
            budget = project.budget
            for n, period in enumerate(periods):
                for dimension in DIMENSIONS:
                    choices, weights = TRANSITIONS[lights[dimension]]
                    lights[dimension] = rng.choices(choices, weights)[0]
                overall = max(lights.values(), key=LIGHT_RANK.__getitem__)
                percent = low + (high - low) * n // steps
                submitted = datetime.datetime.combine(
                    period.reporting_deadline - D(days=rng.randint(0, 3)),
                    datetime.time(rng.randint(8, 15)),
                    tzinfo=tz,
                )
                rows.append(
                    {
                        "project_id": project.pk,
                        "period_id": period.pk,
                        "author_id": project.leader_id,
                        "state": StatusReport.State.SUBMITTED,
                        "submitted_at": min(submitted, now),
                        "overall": overall,
                        "overall_comment": COMMENTS.get(overall, ""),
                        **lights,
                        "percent_complete": percent,
                        "summary": "Projektet skrider frem."
                        if overall == Light.GREEN
                        else "Se kommentarerne.",
                        "budget_spent": (budget * percent / 100).quantize(Decimal("1")),
                        "budget_forecast": budget,
                    }
                )
            if len(rows) >= 10_000:
                total += insert_rows(StatusReport, rows)
                rows = []
        total += insert_rows(StatusReport, rows)
        # Raw inserts bypass save(), which keeps the latest report the dashboard's lights read.
        mark_latest_reports(Project.objects.filter(number__startswith=PREFIX).values("pk"))
        return total

    def benefits(self, projects) -> tuple[int, int]:
        rng, today = self.rng, self.today
        objects = []
        for project in projects:
            count = self.benefits_per_project if self.benefits_per_project is not None else rng.randint(1, 2)
            for k in range(count):
                baseline = Decimal(rng.randrange(100, 10_000, 10))
                objects.append(
                    Benefit(
                        project_id=project.pk,
                        title=f"Gevinst {k + 1} for {project.number}",
                        type=rng.choice(Benefit.Type.values),
                        is_financial=k == 0,
                        owner_id=project.owner_id,
                        unit=Benefit.Unit.KR if k == 0 else Benefit.Unit.HOURS,
                        baseline=baseline,
                        baseline_date=project.start_date,
                        target=baseline * Decimal("0.6"),
                        due_date=project.end_date + D(days=365),
                    )
                )
        Benefit.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        rows = Benefit.objects.filter(project__number__startswith=PREFIX).values_list(
            "pk", "baseline", "target", "baseline_date", "owner_id"
        )
        measurements, perms = [], []
        record = Permission.objects.get(content_type__app_label="benefits", codename="record_measurement")
        for pk, baseline, target, baseline_date, owner_id in rows:
            perms.append(
                BenefitUserObjectPermission(permission=record, user_id=owner_id, content_object_id=pk)
            )
            n = self.measurements_per_benefit
            span = max((today - baseline_date).days, n)
            for i in range(1, n + 1):
                share = Decimal(rng.randint(20, 110)) / 100 * i / n
                measurements.append(
                    {
                        "benefit_id": pk,
                        "measured_on": baseline_date + D(days=span * i // n),
                        "value": (baseline + (target - baseline) * share).quantize(Decimal("0.01")),
                        "recorded_by_id": owner_id,
                    }
                )
        BenefitUserObjectPermission.objects.bulk_create(perms, batch_size=BATCH_SIZE)
        insert_rows(BenefitMeasurement, measurements, batch_size=BATCH_SIZE)
        # Bulk inserts bypass save(), which keeps the flag the totals per year read.
        mark_latest_in_year(Benefit.objects.filter(project__number__startswith=PREFIX).values("pk"))
        return len(rows), len(measurements)
