"""The demo portfolio: national initiatives, projects with their people, phases, milestones and risks, the
IT systems they touch, their two-weekly status history, benefits and business cases."""

import datetime
import random
from decimal import Decimal

from benefits.models import Benefit, BenefitMeasurement, BusinessCase, BusinessCaseLine
from benefits.services import benefit_permissions_sync
from focusareas.models import FocusArea
from governance.demo.common import aware, ensure
from governance.demo.data.benefits import BENEFITS, BUSINESS_CASES
from governance.demo.data.projects import INITIATIVES, PROJECTS
from governance.demo.data.status import DIMENSIONS, LIGHT_RANK, NOISE_COMMENTS, STATUS_STORIES
from governance.demo.data.systems import IT_SYSTEM_DETAILS, IT_SYSTEM_RELATIONS, IT_SYSTEMS
from portfolio.history import save_with_history
from portfolio.models import (
    PHASE_ORDER,
    ExternalInitiative,
    ITSystem,
    Light,
    Milestone,
    Phase,
    Project,
    ProjectPhasePlan,
    ProjectSystem,
    Risk,
    StatusReport,
)
from portfolio.services import project_set_people

D = datetime.timedelta


def ensure_initiatives(actor) -> dict[str, ExternalInitiative]:
    result = {}
    for name, owner, description, url in INITIATIVES:
        initiative, _ = ensure(
            ExternalInitiative,
            actor=actor,
            name=name,
            defaults={"owner": owner, "description": description, "url": url},
        )
        result[name] = initiative
    return result


def _phase_plans(start, phase_start, end, phase):
    """Planned and actual dates of each phase: past phases share start..phase_start, the coming ones
    share phase_start..end."""
    order = list(PHASE_ORDER)
    plans = {}
    current = order.index(phase)
    past = order[:current]
    for i, name in enumerate(past):
        span = (phase_start - start).days
        s = start + D(days=span * i // len(past))
        e = max(s, start + D(days=span * (i + 1) // len(past)) - D(days=1))
        plans[name] = {"planned_start": s, "planned_end": e, "actual_start": s, "actual_end": e}
    if phase == Phase.CLOSED:
        plans[Phase.CLOSED] = {
            "planned_start": end,
            "planned_end": end,
            "actual_start": end,
            "actual_end": end,
        }
        return plans
    coming = order[current:-1]
    span = max((end - phase_start).days, len(coming))
    for i, name in enumerate(coming):
        s = phase_start + D(days=span * i // len(coming))
        e = max(s, phase_start + D(days=span * (i + 1) // len(coming)) - D(days=1))
        plans[name] = {"planned_start": s, "planned_end": e, "actual_start": s if i == 0 else None}
    plans[Phase.CLOSED] = {"planned_start": end, "planned_end": end}
    return plans


def ensure_projects(*, actor, today, units, users, initiatives, gate_date) -> dict[str, Project]:
    focus = {fa.number: fa for fa in FocusArea.objects.filter(period__is_current=True)}
    projects = {}
    for spec in PROJECTS:
        start = today + D(days=spec["start"])
        end = today + D(days=spec["end"])
        phase_start = gate_date if spec["phase_start"] == "gate" else today + D(days=spec["phase_start"])
        project, created = ensure(
            Project,
            actor=actor,
            number=spec["number"],
            defaults={
                "name": spec["name"],
                "purpose": spec["purpose"],
                "description": spec["description"],
                "kind": spec["kind"],
                "anchoring": units[spec["anchoring"]],
                "project_model": spec["model"],
                "phase": spec["phase"],
                "national_initiative": initiatives[spec["initiative"]] if spec["initiative"] else None,
                "priority": spec["priority"],
                "budget": Decimal(spec["budget"]),
                "start_date": start,
                "end_date": end,
                "esdh_case_number": f"{start:%y}.01.00-G01-{int(spec['number'][-3:]) + 40}-{start:%y}",
                **spec["checks"],
            },
        )
        projects[spec["number"]] = project
        if created:
            project.focus_areas.set([focus[n] for n in spec["focus"]])
            # The demo portfolio grew over the years: a project was created when it started, not when the
            # demo was loaded (else "Siden sidste møde" would call every project new).
            if start < today:
                born = aware(start, 9)
                Project.objects.filter(pk=project.pk).update(created_at=born)
                Project.history.filter(id=project.pk, history_type="+").update(history_date=born)
                project.created_at = born
        leader, owner = users[spec["leader"]], users[spec["owner"]]
        if created or project.leader_id != leader.pk or project.owner_id != owner.pk:
            project_set_people(
                actor=actor,
                project=project,
                owner=owner,
                leader=leader,
                deputies=[users[u] for u in spec["deputies"]],
                members=[users[u] for u in spec["members"]],
            )
        for phase, dates in _phase_plans(start, phase_start, end, spec["phase"]).items():
            ensure(ProjectPhasePlan, actor=actor, project=project, phase=phase, defaults=dates)
        for title, offset, done in spec["milestones"]:
            due = today + D(days=offset)
            ensure(
                Milestone,
                actor=actor,
                project=project,
                title=title,
                defaults={"due_date": due, "completed_on": due if done else None},
            )
        for title, probability, consequence, action, status in spec["risks"]:
            ensure(
                Risk,
                actor=actor,
                project=project,
                title=title,
                defaults={
                    "probability": probability,
                    "consequence": consequence,
                    "action": action,
                    "status": status,
                    "owner": leader,
                },
            )
    return projects


def ensure_it_systems(*, actor, today, units, users, projects) -> None:
    linked: dict[str, list[Project]] = {}
    for spec in PROJECTS:
        for name in spec["systems"]:
            linked.setdefault(name, []).append(projects[spec["number"]])
    for (
        name,
        description,
        vendor,
        unit,
        owner,
        lifecycle,
        criticality,
        common,
        contract_days,
        notice,
    ) in IT_SYSTEMS:
        system, created = ensure(
            ITSystem,
            actor=actor,
            name=name,
            defaults={
                "description": description,
                "vendor": vendor,
                "owner_unit": units[unit],
                "system_owner": users[owner],
                "lifecycle": lifecycle,
                "criticality": criticality,
                "on_common_infrastructure": common,
                "contract_end": today + D(days=contract_days) if contract_days else None,
                "notice_months": notice,
            },
        )
        extra = IT_SYSTEM_DETAILS.get(name, {})
        changed = [key for key, value in extra.items() if getattr(system, key) != value]
        if changed:
            for key in changed:
                setattr(system, key, extra[key])
            save_with_history(system, actor=actor)
        if created and linked.get(name):
            for project in linked[name]:
                relation = IT_SYSTEM_RELATIONS.get((name, project.number), ProjectSystem.Relation.CHANGES)
                ProjectSystem.objects.get_or_create(
                    project=project, system=system, defaults={"relation": relation}
                )
            save_with_history(system, actor=actor)


def _lights_for(phase, story, offset, rng):
    lights, comments = {}, {}
    for dimension in DIMENSIONS:
        lights[dimension], comments[dimension] = Light.GREEN, ""
        if rng.random() < 0.025:
            lights[dimension], comments[dimension] = Light.YELLOW, NOISE_COMMENTS[dimension]
    for first, last, dimension, light, comment in story["episodes"]:
        if last <= offset <= first and LIGHT_RANK[light] >= LIGHT_RANK[lights[dimension]]:
            lights[dimension], comments[dimension] = light, comment
    if phase == Phase.ANALYSIS:
        lights["benefits"], comments["benefits"] = Light.NOT_REPORTED, ""
    worst = max(DIMENSIONS, key=lambda d: LIGHT_RANK[lights[d]])
    return lights, comments, worst


def ensure_status_reports(*, today, now, periods, projects) -> None:
    """Biweekly history for every project that has been running: submitted reports, with a couple of
    projects missing the current period and one draft."""
    held = [p for p in periods if not p.cancelled]
    current_index = next(i for i, p in enumerate(held) if p.meeting_date >= today)
    for spec in PROJECTS:
        if spec["phase"] in (Phase.IDEA, Phase.STOPPED):
            continue
        project, story = projects[spec["number"]], STATUS_STORIES[spec["number"]]
        eligible = [
            (current_index - i, period)
            for i, period in enumerate(held[: current_index + 1])
            if period.meeting_date >= project.start_date + D(days=7)
            and (spec["phase"] != Phase.CLOSED or period.meeting_date <= project.end_date)
        ]
        if not eligible:
            continue
        existing = set(StatusReport.objects.filter(project=project).values_list("period_id", flat=True))
        first_pct, last_pct = story["pct"]
        steps = max(len(eligible) - 1, 1)
        budget = project.budget or Decimal(0)
        forecast = (budget * (1 + story.get("overrun", Decimal(0)))).quantize(Decimal("1"))
        leader = project.leader
        for n, (offset, period) in enumerate(eligible):
            if period.pk in existing:
                continue
            is_current = offset == 0
            if is_current and story.get("current") == "missing":
                continue
            rng = random.Random(f"{spec['number']}:{period.meeting_date}")  # noqa: S311 - demo data
            lights, comments, worst = _lights_for(spec["phase"], story, offset, rng)
            overall = lights[worst]
            pct = first_pct + (last_pct - first_pct) * n // steps
            last_of_closed = spec["phase"] == Phase.CLOSED and n == len(eligible) - 1
            activities = story["activities"] or ["Projektarbejde efter planen"]
            summary = story["summary"] + (
                " Projektet følger planen."
                if overall == Light.GREEN
                else " Se kommentarerne til de gule og røde områder."
            )
            report = StatusReport(
                project=project,
                period=period,
                author=leader,
                overall=overall,
                overall_comment=comments[worst] if overall != Light.GREEN else "",
                percent_complete=pct,
                summary=summary,
                done_since_last="Projektet er afsluttet og overdraget til drift."
                if last_of_closed
                else activities[n % len(activities)],
                next_steps="Afslutningsrapport til programgruppen."
                if last_of_closed
                else activities[(n + 1) % len(activities)],
                risks_issues=comments[worst] if overall in (Light.YELLOW, Light.RED) else "",
                decisions_needed=story.get("decisions", {}).get(offset, ""),
                budget_spent=(budget * pct / 100 * Decimal("0.9")).quantize(Decimal("1")),
                budget_forecast=forecast,
                **{d: lights[d] for d in DIMENSIONS},
                **{f"{d}_comment": comments[d] for d in DIMENSIONS},
            )
            if is_current and story.get("current") == "draft":
                report.state = StatusReport.State.DRAFT
            else:
                report.state = StatusReport.State.SUBMITTED
                submitted = aware(period.reporting_deadline - D(days=rng.randint(0, 3)), rng.randint(8, 15))
                report.submitted_at = min(submitted, now)
            save_with_history(report, actor=leader)


def ensure_benefits(*, actor, today, users, projects) -> None:
    for spec in PROJECTS:
        project = projects[spec["number"]]
        for item in BENEFITS[spec["number"]]:
            owner = users[item["owner"]]
            benefit, _ = ensure(
                Benefit,
                actor=actor,
                project=project,
                title=item["title"],
                defaults={
                    "description": item.get("description", f"Gevinst i projektet {project.name}."),
                    "type": item["type"],
                    "is_financial": item["financial"],
                    "owner": owner,
                    "unit": item["unit"],
                    "unit_label": item.get("unit_label", ""),
                    "baseline": Decimal(item["baseline"]),
                    "baseline_date": project.start_date,
                    "target": Decimal(item["target"]),
                    "due_date": project.end_date + D(days=365),
                    "measurement_plan": item["plan"],
                    "measurement_interval_months": 3,
                },
            )
            benefit_permissions_sync(benefit=benefit)
            if item["values"] and not benefit.measurements.exists():
                count = len(item["values"])
                for i, value in enumerate(item["values"]):
                    measured_on = max(
                        today - D(days=20 + 91 * (count - 1 - i)),
                        benefit.baseline_date + D(days=30 * (i + 1)),
                    )
                    measurement = BenefitMeasurement(
                        benefit=benefit,
                        measured_on=min(measured_on, today),
                        value=Decimal(value),
                        comment="Opgjort efter målemetoden." if i else "Første måling efter idriftsættelse.",
                        recorded_by=owner,
                    )
                    save_with_history(measurement, actor=owner)
        if spec["number"] in BUSINESS_CASES:
            _ensure_business_case(actor=actor, project=project)


def _ensure_business_case(*, actor, project) -> None:
    case, _ = ensure(
        BusinessCase,
        actor=actor,
        project=project,
        defaults={
            "notes": "Business case efter Norddjurs Kommunes projektmodel; godkendt ved fasegodkendelsen."
        },
    )
    budget = project.budget or Decimal(100_000)
    Row, Category = BusinessCaseLine.Row, BusinessCaseLine.Category
    lines = [
        (Category.INVESTMENT, Row.CONSULTANCY, 0, budget * Decimal("0.35")),
        (Category.INVESTMENT, Row.TRAINING, 0, budget * Decimal("0.15")),
        (Category.INVESTMENT, Row.SOFTWARE, 0, budget * Decimal("0.30")),
        (Category.INVESTMENT, Row.CONSULTANCY, 1, budget * Decimal("0.20")),
    ]
    for year in range(1, 6):
        lines.append((Category.RUNNING_COST, Row.SYSTEM_MAINTENANCE, year, budget * Decimal("0.08")))
        lines.append((Category.SAVING, Row.SALARY_SAVINGS, year, budget * Decimal("0.12") * min(year, 3)))
        lines.append((Category.SAVING, Row.LICENCES, year, budget * Decimal("0.05")))
    for category, row, year, amount in lines:
        ensure(
            BusinessCaseLine,
            actor=actor,
            business_case=case,
            category=category,
            row=row,
            year=year,
            defaults={"amount": amount.quantize(Decimal("1"))},
        )
