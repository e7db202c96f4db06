"""The synthetic benchmark portfolio (`manage.py generate_portfolio`): GEN- projects with their leaders,
permissions, biweekly status reports, benefits and measurements, and optionally IT systems, meetings and
an indsatsplan.

Everything is written with bulk_create (no per-row save, no history), so 1,000 projects with a year
of biweekly status reports take seconds. The synthetic rows are recognisable by their prefix (GEN-00001,
…); `replace` hard-deletes exactly those rows and what hangs on them, which is acceptable for benchmark
data only (real projects are never deleted).
"""

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
from governance.demo.common import SyntheticDataError
from governance.demo.data.synthetic import PREFIX
from governance.demo.synthetic_plans import synthetic_plans
from governance.demo.synthetic_portfolio import Generator
from governance.demo.synthetic_resources import generate_resources, resource_querysets
from governance.models import (
    ActionItem,
    AgendaItem,
    AnnualPlan,
    AnnualPlanItem,
    Decision,
    Meeting,
    Membership,
)
from portfolio.models import (
    ITSystem,
    Milestone,
    Project,
    ProjectGroupObjectPermission,
    ProjectPhasePlan,
    ProjectUserObjectPermission,
    Risk,
    StatusReport,
)


def generate_portfolio(
    *,
    projects: int,
    periods: int,
    seed: int = 1,
    replace: bool = False,
    benefits_per_project: int | None = None,
    measurements_per_benefit: int = 3,
    systems: int = 0,
    meetings_years: int = 0,
    plan_items: int = 0,
    plan_approved: bool = True,
) -> dict[str, int]:
    """Generate the synthetic portfolio in one transaction; returns what was made, counted.
    Raises SyntheticDataError (nothing written) when the sizes or the database do not allow it."""
    if projects < 1 or periods < 1:
        raise SyntheticDataError("--projects og --periods skal være mindst 1.")
    if systems < 0 or meetings_years < 0 or plan_items < 0:
        raise SyntheticDataError("--systems, --meetings-years og --plan-items kan ikke være negative.")
    if (benefits_per_project is not None and benefits_per_project < 0) or measurements_per_benefit < 0:
        raise SyntheticDataError(
            "--benefits-per-project og --measurements-per-benefit kan ikke være negative."
        )
    try:
        with transaction.atomic():
            existing = Project.objects.filter(number__startswith=PREFIX).count()
            existing += AnnualPlan.objects.filter(title__startswith=PREFIX).count()
            if existing:
                if not replace:
                    raise SyntheticDataError(
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
                plan_approved=plan_approved,
            )
            counts.update(synthetic_plans(seed=seed))
            counts.update(generate_resources(prefix=PREFIX, today=timezone.localdate()))
    except IntegrityError as error:
        raise SyntheticDataError(
            f"De syntetiske {PREFIX}projekter kan ikke slettes, fordi andre data peger på dem "
            f"(fx beslutninger eller indsatsplaner): {error}"
        ) from error
    return counts


def delete_synthetic() -> None:
    """Hard-delete the GEN- projects and everything hanging on them. Raw deletes: no signals, no history
    rows for data that never had any; a foreign key from elsewhere fails the transaction."""
    projects = Project.objects.filter(number__startswith=PREFIX)
    project_ids = projects.values("pk")
    benefit_ids = Benefit.objects.filter(project__in=project_ids).values("pk")
    business_case_ids = BusinessCase.objects.filter(project__in=project_ids).values("pk")
    querysets = [
        *resource_querysets(project_ids),
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
    projects.order_by().update(latest_report=None)  # their reports go before them
    for queryset in querysets:
        queryset._raw_delete(queryset.db)
    projects._raw_delete(projects.db)
