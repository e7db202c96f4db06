"""factory_boy factories shared by the whole suite."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from benefits.models import Benefit, BenefitMeasurement
from focusareas.models import FocusArea, StrategyPeriod
from governance.models import Body, Decision, Membership
from portfolio.models import OrgUnit, Project, ReportingPeriod, StatusReport, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("hemmeligt-kodeord")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Afdeling {n}")
    kind = OrgUnit.Kind.AFDELING


def current_focus_area(number=1):
    """A focus area of the current period, as loaded by the data migration."""
    return FocusArea.objects.get(period__is_current=True, number=number)


class StrategyPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyPeriod

    name = factory.Sequence(lambda n: f"Strategi {n}")
    start_year = 2030
    end_year = 2034


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"T-{n:04d}")
    name = factory.Sequence(lambda n: f"Testprojekt {n}")
    anchoring = factory.SubFactory(OrgUnitFactory)
    kind = Project.Kind.LOKAL
    phase = "analyse"

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if not create:
            return
        self.focus_areas.set(extracted if extracted is not None else [current_focus_area(1)])


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    meeting_date = factory.Sequence(lambda n: datetime.date(2026, 1, 8) + datetime.timedelta(days=14 * n))
    start_date = factory.LazyAttribute(lambda p: p.meeting_date - datetime.timedelta(days=13))
    reporting_deadline = factory.LazyAttribute(lambda p: p.meeting_date - datetime.timedelta(days=2))


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusReport

    project = factory.SubFactory(ProjectFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    author = factory.SubFactory(UserFactory)
    overall = "green"
    state = StatusReport.State.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Gevinst {n}")
    type = Benefit.Type.EFFICIENCY
    owner = factory.SubFactory(UserFactory, is_manager=True)
    unit = Benefit.Unit.HOURS
    baseline = Decimal("100")
    baseline_date = datetime.date(2025, 1, 1)
    target = Decimal("50")
    due_date = datetime.date(2027, 1, 1)


class BenefitMeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitMeasurement

    benefit = factory.SubFactory(BenefitFactory)
    measured_on = datetime.date(2026, 1, 1)
    value = Decimal("75")
    recorded_by = factory.SubFactory(UserFactory)


def body(slug):
    """A governance body loaded by the data migration."""
    return Body.objects.get(slug=slug)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.LazyFunction(lambda: body("programgruppe"))
    user = factory.SubFactory(UserFactory)
    start_date = datetime.date(2025, 1, 1)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    body = factory.LazyFunction(lambda: body("styregruppe"))
    decided_on = datetime.date(2026, 1, 1)
    text = "Projektet godkendes."


class ITSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portfolio.ITSystem"

    name = factory.Sequence(lambda n: f"System {n}")
    vendor = "KMD"
    owner_unit = factory.SubFactory(OrgUnitFactory)
