"""A Project Board meeting cancelled on the meeting's own form used to leave its reporting period active,
so reminders, the automatic board report and the "missing reports" counts still ran for it. Since then
cancelling the meeting cancels its period (services.meeting_update); this brings the periods of meetings
cancelled before that into line. Nothing is deleted, and going back changes nothing (a period cancelled
here cannot be told from one cancelled in the calendar)."""

from django.db import migrations
from django.db.models import F


def cancel_periods_of_cancelled_meetings(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    ReportingPeriod = apps.get_model("portfolio", "ReportingPeriod")
    periods = Meeting.objects.filter(cancelled=True, reporting_period__isnull=False).values("reporting_period")
    if ReportingPeriod.objects.filter(pk__in=periods, cancelled=False).update(cancelled=True):
        # update() sends no signal: give the dashboard's cached page a new token itself.
        DashboardVersion = apps.get_model("governance", "DashboardVersion")
        DashboardVersion.objects.filter(pk=1).update(value=F("value") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0005_dashboard_version"),
    ]

    operations = [
        migrations.RunPython(cancel_periods_of_cancelled_meetings, migrations.RunPython.noop),
    ]
