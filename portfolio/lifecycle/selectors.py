"""Reads of a project's closing: the lessons learned across projects."""

from django.db.models import DateField, OuterRef, Q, Subquery

from portfolio.models import FINISHED_PHASES, ClosingReport, Phase, ProjectPhasePlan


def lessons_learned():
    """Closing reports whose lessons others can learn from: accepted ones (their project is closed), and
    those of stopped projects that have lessons written. Each with `finished_on`, the day its project was
    closed or stopped (the start of that phase), newest first; one query with the project and anchoring."""
    finished_on = ProjectPhasePlan.objects.filter(
        project=OuterRef("project"), phase=OuterRef("project__phase")
    ).values("actual_start")[:1]
    return (
        ClosingReport.objects.filter(project__archived=False, project__phase__in=FINISHED_PHASES)
        .filter(Q(state=ClosingReport.State.ACCEPTED) | Q(project__phase=Phase.STOPPED))
        .exclude(lessons_learned="")
        .select_related("project__anchoring")
        .annotate(finished_on=Subquery(finished_on, output_field=DateField()))
        .order_by("-finished_on", "-pk")
    )


def lesson_years() -> list[int]:
    """The years in which a project with lessons was closed or stopped, newest first."""
    return sorted(
        {day.year for day in lessons_learned().values_list("finished_on", flat=True) if day}, reverse=True
    )
