"""`manage.py generate_portfolio --projects N --periods M`: a large synthetic portfolio for benchmarks.

Everything is written with bulk_create (no per-row save, no history), so 1,000 projects with a year
of biweekly status reports take seconds. The synthetic rows are recognisable by their project
numbers (GEN-00001, …); `--replace` hard-deletes exactly those rows and what hangs on them, which is
acceptable for benchmark data only (real projects are never deleted).
"""

import datetime
import random
import time
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from benefits.models import (
    Benefit,
    BenefitGroupObjectPermission,
    BenefitMeasurement,
    BenefitReminder,
    BenefitUserObjectPermission,
    BusinessCase,
    BusinessCaseLine,
)
from focusareas.models import FocusArea
from governance.dashboard import dashboard_invalidate
from governance.demo.build_people import ensure_org_units
from governance.demo.periods import PERIOD_DAYS, ensure_periods, slot_on_or_after
from governance.models import (
    ActionItem,
    AgendaItem,
    AnnualPlan,
    AnnualPlanItem,
    Body,
    Decision,
    Meeting,
    Membership,
)
from portfolio.models import (
    ITSystem,
    Light,
    Milestone,
    OrgUnit,
    Phase,
    Project,
    ProjectGroupObjectPermission,
    ProjectKind,
    ProjectPhasePlan,
    ProjectSystem,
    ProjectUserObjectPermission,
    Risk,
    StatusReport,
    User,
    notice_deadline,
)

PREFIX = "GEN-"
LEADER_COUNT = 20
BATCH_SIZE = 2000
D = datetime.timedelta

PHASE_WEIGHTS = [
    (Phase.ANALYSIS, 20),
    (Phase.EXECUTION, 45),
    (Phase.REALISATION, 20),
    (Phase.CLOSED, 10),
    (Phase.STOPPED, 5),
]
ACTIVE = {Phase.ANALYSIS, Phase.EXECUTION, Phase.REALISATION}
PAST_ANALYSIS = {Phase.EXECUTION, Phase.REALISATION, Phase.CLOSED}
PERCENT_RANGE = {Phase.ANALYSIS: (0, 30), Phase.EXECUTION: (20, 85), Phase.REALISATION: (75, 98)}

SUBJECTS = [
    "Digital selvbetjening",
    "Automatisering",
    "Robotteknologi",
    "Ny løsning",
    "Dataplatform",
    "Udbud af",
    "Velfærdsteknologi",
    "Mobil arbejdsgang",
    "Overgang til fælleskommunal infrastruktur for",
    "Kunstig intelligens i",
    "Sensorer i",
    "Ledelsesinformation for",
]
AREAS = [
    "hjemmeplejen",
    "jobcentret",
    "borgerservice",
    "skolerne",
    "dagtilbud",
    "biblioteket",
    "vej og park",
    "byggesager",
    "ydelser",
    "familieafdelingen",
    "plejecentrene",
    "rådhuset",
    "affald og genbrug",
    "sundhed og træning",
    "løn og personale",
    "økonomistyring",
]
FIRST_NAMES = [
    "Anne",
    "Bo",
    "Camilla",
    "Dorte",
    "Erik",
    "Frederik",
    "Gitte",
    "Henrik",
    "Ida",
    "Jens",
    "Karina",
    "Lars",
    "Maja",
    "Niels",
    "Pia",
    "Rasmus",
    "Signe",
    "Torben",
    "Ulla",
    "Vibeke",
]
LAST_NAMES = [
    "Andersen",
    "Bach",
    "Christensen",
    "Dam",
    "Eriksen",
    "Fisker",
    "Gregersen",
    "Hansen",
    "Iversen",
    "Jensen",
    "Kristiansen",
    "Lund",
    "Madsen",
    "Nielsen",
    "Olsen",
    "Pedersen",
    "Rasmussen",
    "Sørensen",
    "Thomsen",
    "Vinther",
]
# Markov chain of a dimension's light from one period to the next: mostly green, the odd red episode.
TRANSITIONS = {
    Light.GREEN: ([Light.GREEN, Light.YELLOW, Light.RED], [0.92, 0.07, 0.01]),
    Light.YELLOW: ([Light.GREEN, Light.YELLOW, Light.RED], [0.40, 0.52, 0.08]),
    Light.RED: ([Light.GREEN, Light.YELLOW, Light.RED], [0.10, 0.50, 0.40]),
}
DIMENSIONS = ("schedule", "economy", "resources", "deliverables", "benefits")
RANK = {Light.GREEN: 1, Light.YELLOW: 2, Light.RED: 3}
COMMENTS = {
    Light.YELLOW: "Mindre afvigelse; håndteres i projektgruppen.",
    Light.RED: "Væsentlig afvigelse; programgruppen orienteres.",
}


class Command(BaseCommand):
    help = "Genererer en stor syntetisk projektportefølje (GEN-projekter) til ydelsesmålinger."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=1000, help="Antal projekter (standard 1000).")
        parser.add_argument(
            "--periods", type=int, default=52, help="Antal rapporteringsperioder (standard 52)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Frø til tilfældige tal (samme frø, samme data)."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Slet eksisterende syntetiske GEN-projekter og alt, der hænger på dem, og generér på ny.",
        )
        parser.add_argument(
            "--benefits-per-project",
            type=int,
            default=None,
            help="Gevinster pr. projekt (standard: 1 eller 2 tilfældigt).",
        )
        parser.add_argument(
            "--measurements-per-benefit", type=int, default=3, help="Målinger pr. gevinst (standard 3)."
        )
        parser.add_argument(
            "--systems", type=int, default=0, help="Antal syntetiske it-systemer (standard 0)."
        )
        parser.add_argument(
            "--meetings-years",
            type=int,
            default=0,
            help="År med møder hver 14. dag i programgruppen og styregruppen (standard 0).",
        )
        parser.add_argument(
            "--plan-items",
            type=int,
            default=0,
            help="Punkter i en godkendt indsatsplan for næste år over de syntetiske projekter; "
            "ud over projekterne bliver punkterne aktiviteter (standard 0: ingen plan).",
        )
        parser.add_argument(
            "--plan-draft",
            action="store_true",
            help="Lad indsatsplanen være en kladde i stedet for godkendt.",
        )
        parser.add_argument("--force", action="store_true", help="Kør også, når DEBUG er slået fra.")

    def handle(
        self,
        *args,
        projects,
        periods,
        seed,
        replace,
        force,
        benefits_per_project=None,
        measurements_per_benefit=3,
        systems=0,
        meetings_years=0,
        plan_items=0,
        plan_draft=False,
        **options,
    ):
        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_portfolio laver syntetiske testdata og kører derfor kun med DEBUG slået til. "
                "Brug --force, hvis du virkelig vil generere data i denne database."
            )
        if projects < 1 or periods < 1:
            raise CommandError("--projects og --periods skal være mindst 1.")
        if systems < 0 or meetings_years < 0 or plan_items < 0:
            raise CommandError("--systems, --meetings-years og --plan-items kan ikke være negative.")
        if (benefits_per_project is not None and benefits_per_project < 0) or measurements_per_benefit < 0:
            raise CommandError("--benefits-per-project og --measurements-per-benefit kan ikke være negative.")
        started = time.perf_counter()
        try:
            with transaction.atomic():
                existing = Project.objects.filter(number__startswith=PREFIX).count()
                existing += AnnualPlan.objects.filter(title__startswith=PREFIX).count()
                if existing:
                    if not replace:
                        raise CommandError(
                            f"Der findes allerede {existing} syntetiske {PREFIX}projekter. Brug --replace "
                            f"for at "
                            "slette dem og generere en ny portefølje."
                        )
                    delete_synthetic()
                counts = Generator(
                    seed=seed,
                    benefits_per_project=benefits_per_project,
                    measurements_per_benefit=measurements_per_benefit,
                ).run(
                    project_count=projects,
                    period_count=periods,
                    system_count=systems,
                    meeting_years=meetings_years,
                    plan_items=plan_items,
                    plan_approved=not plan_draft,
                )
                # Bulk inserts and deletes send no signals: the dashboard is told here.
                dashboard_invalidate()
        except IntegrityError as error:
            raise CommandError(
                f"De syntetiske {PREFIX}projekter kan ikke slettes, fordi andre data peger på dem "
                f"(fx beslutninger eller indsatsplaner): {error}"
            ) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Syntetisk portefølje genereret på {elapsed:.1f} sekunder."))
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            self.stdout.write(f"  {label:<{width}}  {count:>8}")


def delete_synthetic() -> None:
    """Hard-delete the GEN- projects and everything hanging on them. Raw deletes: no signals, no history
    rows for data that never had any; a foreign key from elsewhere fails the transaction."""
    projects = Project.objects.filter(number__startswith=PREFIX)
    project_ids = projects.values("pk")
    benefit_ids = Benefit.objects.filter(project__in=project_ids).values("pk")
    business_case_ids = BusinessCase.objects.filter(project__in=project_ids).values("pk")
    querysets = [
        BenefitMeasurement.objects.filter(benefit__in=benefit_ids),
        BenefitReminder.objects.filter(benefit__in=benefit_ids),
        BenefitUserObjectPermission.objects.filter(content_object__in=benefit_ids),
        BenefitGroupObjectPermission.objects.filter(content_object__in=benefit_ids),
        Benefit.objects.filter(project__in=project_ids),
        BusinessCaseLine.objects.filter(business_case__in=business_case_ids),
        BusinessCase.objects.filter(project__in=project_ids),
        StatusReport.objects.filter(project__in=project_ids, supersedes__isnull=False),
        StatusReport.objects.filter(project__in=project_ids),
        ProjectUserObjectPermission.objects.filter(content_object__in=project_ids),
        ProjectGroupObjectPermission.objects.filter(content_object__in=project_ids),
        ProjectPhasePlan.objects.filter(project__in=project_ids),
        Milestone.objects.filter(project__in=project_ids),
        Risk.objects.filter(project__in=project_ids),
        Project.focus_areas.through.objects.filter(project__in=project_ids),
        Project.deputies.through.objects.filter(project__in=project_ids),
        Project.members.through.objects.filter(project__in=project_ids),
        ITSystem.projects.through.objects.filter(project__in=project_ids),
        ITSystem.projects.through.objects.filter(system__name__startswith=PREFIX),
        ITSystem.objects.filter(name__startswith=PREFIX),
    ]
    # The synthetic indsatsplan: its items' focus areas, its items, the plan, then its approval decision.
    plans = AnnualPlan.objects.filter(title__startswith=PREFIX)
    plan_decision_ids = list(
        plans.exclude(approval_decision=None).values_list("approval_decision_id", flat=True)
    )
    plan_querysets = [
        AnnualPlanItem.focus_areas.through.objects.filter(annualplanitem__plan__in=plans.values("pk")),
        AnnualPlanItem.objects.filter(plan__in=plans.values("pk")),
        AnnualPlan.objects.filter(title__startswith=PREFIX, supersedes__isnull=False),
        AnnualPlan.objects.filter(title__startswith=PREFIX),
        Decision.objects.filter(pk__in=plan_decision_ids),
    ]
    meetings = Meeting.objects.filter(location__startswith=PREFIX).values("pk")
    querysets = [
        *plan_querysets,
        ActionItem.objects.filter(meeting__in=meetings),
        Decision.objects.filter(meeting__in=meetings),
        AgendaItem.objects.filter(meeting__in=meetings),
        Meeting.attendees.through.objects.filter(meeting__in=meetings),
        Meeting.objects.filter(location__startswith=PREFIX),
        Membership.objects.filter(user__username__startswith="gen-leder-"),
        *querysets,
    ]
    for queryset in querysets:
        queryset._raw_delete(queryset.db)
    projects._raw_delete(projects.db)


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
            raise CommandError("Der er ingen fokusområder i den gældende strategiperiode; kør migrate først.")
        units = list(OrgUnit.objects.filter(archived=False).exclude(kind=OrgUnit.Kind.DIREKTION))
        if not units:
            units = [u for u in ensure_org_units().values() if u.kind != OrgUnit.Kind.DIREKTION]
        leaders = self.leaders()
        last_slot = slot_on_or_after(self.today)
        periods = ensure_periods(last_slot - D(days=PERIOD_DAYS * (period_count - 1)), last_slot)
        projects = self.projects(project_count, units, leaders, periods[0].start_date)
        self.focus_areas(projects, focus_ids)
        self.permissions(projects)
        reports = self.status_reports(projects, periods)
        benefits, measurements = self.benefits(projects)
        systems = self.systems(system_count, projects, units)
        meetings = self.meetings(meeting_years, projects, leaders)
        items = self.plan(plan_items, projects, focus_ids, approved=plan_approved)
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

    def plan(self, count: int, projects, focus_ids, *, approved: bool) -> int:
        """Next year's indsatsplan (title GEN-…) with `count` ranked items: the synthetic projects that are
        not archived first, then activities. Approved (with the steering group's decision and a frozen
        snapshot) unless `approved` is False. Bulk inserts."""
        if not count:
            return 0
        from governance.services import plan_snapshot

        year = self.today.year + 1
        if AnnualPlan.objects.filter(year=year).exists():
            raise CommandError(f"Der findes allerede en indsatsplan for {year}; --plan-items laver en ny.")
        plan = AnnualPlan.objects.create(
            year=year,
            title=f"{PREFIX}Indsatsplan {year}",
            introduction="Syntetisk indsatsplan til ydelsesmålinger.",
            budget_frame=Decimal(count * 150_000),
            hours_frame=count * 400,
        )
        candidates = [p for p in projects if not p.archived]
        items = [
            AnnualPlanItem(
                plan=plan,
                rank=rank,
                project=candidates[rank - 1] if rank <= len(candidates) else None,
                activity="" if rank <= len(candidates) else f"{PREFIX}aktivitet {rank}",
                rationale=f"Prioriteret som nr. {rank}: understøtter strategien og frigør tid i driften.",
                hours=self.rng.randint(20, 800),
                amount=Decimal(self.rng.randint(10, 400) * 1000),
            )
            for rank in range(1, count + 1)
        ]
        items = AnnualPlanItem.objects.bulk_create(items, batch_size=BATCH_SIZE)
        through = AnnualPlanItem.focus_areas.through
        through.objects.bulk_create(
            [
                through(annualplanitem_id=item.pk, focusarea_id=area)
                for item in items
                for area in self.rng.sample(focus_ids, min(len(focus_ids), self.rng.randint(1, 2)))
            ],
            batch_size=BATCH_SIZE,
        )
        if approved:
            body = Body.objects.filter(slug="styregruppe").first()
            if body is None:
                raise CommandError(
                    "Der er ingen styregruppe til at godkende indsatsplanen; kør migrate først."
                )
            decision = Decision.objects.create(
                body=body,
                decided_on=self.today,
                kind=Decision.Kind.PRIORITISATION,
                text=f"Styregruppen godkender den syntetiske indsatsplan for {year} med {count} punkter.",
            )
            AnnualPlan.objects.filter(pk=plan.pk).update(
                status=AnnualPlan.Status.APPROVED,
                approval_decision=decision,
                approved_at=timezone.now(),
                approved_snapshot=plan_snapshot(plan),
            )
        return count

    def meetings(self, years: int, projects, people) -> int:
        """Meetings every 14 days for `years` years back in the programme and steering groups, each with
        three agenda items (one about a project), a decision, an action and its attendance; the two
        bodies get a chair, a secretary and members from the synthetic people. Bulk inserts."""
        if not years:
            return 0
        bodies = list(Body.objects.filter(slug__in=["programgruppe", "styregruppe"]))
        start = self.today - D(days=365 * years)
        memberships = [
            Membership(body=body, user=person, role=role, start_date=start)
            for body in bodies
            for person, role in zip(
                people[:8],
                [Membership.Role.CHAIR, Membership.Role.SECRETARY] + [Membership.Role.MEMBER] * 6,
                strict=False,
            )
        ]
        Membership.objects.bulk_create(memberships)
        days = [self.today - D(days=PERIOD_DAYS * n) for n in range(1, 26 * years + 1)]
        meetings = Meeting.objects.bulk_create(
            [
                Meeting(body=body, date=day, location=f"{PREFIX}mødelokale", minutes="Syntetisk referat.")
                for body in bodies
                for day in days
            ],
            batch_size=500,
        )
        items = AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=meeting,
                    order=order,
                    title=title,
                    project=self.rng.choice(projects) if order == 2 else None,
                )
                for meeting in meetings
                for order, title in (
                    (1, "Porteføljeoverblik"),
                    (2, "Projekt til drøftelse"),
                    (3, "Eventuelt"),
                )
            ],
            batch_size=1000,
        )
        by_meeting = {item.meeting_id: item for item in items if item.order == 2}
        Decision.objects.bulk_create(
            [
                Decision(
                    body_id=meeting.body_id,
                    meeting=meeting,
                    agenda_item=by_meeting[meeting.pk],
                    project=by_meeting[meeting.pk].project,
                    decided_on=meeting.date,
                    text="Drøftet og taget til efterretning (syntetisk).",
                )
                for meeting in meetings
            ],
            batch_size=1000,
        )
        ActionItem.objects.bulk_create(
            [
                ActionItem(
                    meeting=meeting,
                    agenda_item=by_meeting[meeting.pk],
                    description="Følg op til næste møde (syntetisk).",
                    owner=self.rng.choice(people),
                    due_date=meeting.date + D(days=PERIOD_DAYS),
                    done_on=meeting.date + D(days=7) if meeting.date + D(days=7) < self.today else None,
                )
                for meeting in meetings
            ],
            batch_size=1000,
        )
        Meeting.attendees.through.objects.bulk_create(
            [
                Meeting.attendees.through(meeting_id=meeting.pk, user_id=person.pk)
                for meeting in meetings
                for person in people[:6]
            ],
            batch_size=2000,
        )
        return len(meetings)

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
        batch = []
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
                overall = max(lights.values(), key=RANK.__getitem__)
                percent = low + (high - low) * n // steps
                submitted = datetime.datetime.combine(
                    period.reporting_deadline - D(days=rng.randint(0, 3)),
                    datetime.time(rng.randint(8, 15)),
                    tzinfo=tz,
                )
                batch.append(
                    StatusReport(
                        project_id=project.pk,
                        period_id=period.pk,
                        author_id=project.leader_id,
                        state=StatusReport.State.SUBMITTED,
                        submitted_at=min(submitted, now),
                        overall=overall,
                        overall_comment=COMMENTS.get(overall, ""),
                        **lights,
                        percent_complete=percent,
                        summary="Projektet skrider frem." if overall == Light.GREEN else "Se kommentarerne.",
                        budget_spent=(budget * percent / 100).quantize(Decimal("1")),
                        budget_forecast=budget,
                    )
                )
                if len(batch) >= 10_000:
                    StatusReport.objects.bulk_create(batch)
                    total += len(batch)
                    batch = []
        StatusReport.objects.bulk_create(batch)
        return total + len(batch)

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
                    BenefitMeasurement(
                        benefit_id=pk,
                        measured_on=baseline_date + D(days=span * i // n),
                        value=(baseline + (target - baseline) * share).quantize(Decimal("0.01")),
                        recorded_by_id=owner_id,
                    )
                )
        BenefitUserObjectPermission.objects.bulk_create(perms, batch_size=BATCH_SIZE)
        BenefitMeasurement.objects.bulk_create(measurements, batch_size=BATCH_SIZE)
        return len(rows), len(measurements)
