"""The API's reads of benefit realisation: the benefits pages' own selectors and read rules."""

from benefits import detail_selectors
from benefits import selectors as benefit_selectors
from benefits.models import BenefitMeasurement, BusinessCase
from portfolio.selectors import projects_visible_to


def benefits_for_api(user):
    """The benefit list's rows (/benefits/: not archived, of a project in the portfolio) with their latest
    measurement; the projects' focus areas are the projects resource's."""
    return benefit_selectors.benefit_list(user).prefetch_related(None)


def benefit_for_api():
    """One benefit as its page reads it: an archived one too, while its project is in the portfolio."""
    return detail_selectors.benefit_detail_queryset()


def measurements_for_api(user):
    """Every measurement of a benefit whose page the user may read (its project in the portfolio), newest
    first."""
    return (
        BenefitMeasurement.objects.filter(benefit__project__in=projects_visible_to(user))
        .select_related("benefit__project", "recorded_by")
        .order_by("-measured_on", "-pk")
    )


def business_cases_for_api(user):
    """The business cases of the projects in the portfolio, with their lines (the summary is computed from
    them: benefits.business_case)."""
    return (
        BusinessCase.objects.filter(project__in=projects_visible_to(user))
        .select_related("project")
        .prefetch_related("lines")
        .order_by("project__number", "pk")
    )
