"""The global permissions each kind of body's group carries. Applied after every migrate, so a new
permission or body gets its rights without a hand-made step."""

from django.contrib.auth.models import Permission

from governance.models import Body

# Programme group: keeps the portfolio (create and edit any project, status and benefits).
# Steering group: decides. Secretaries' rights come with their bodies' groups (issue: governance).
BODY_KIND_PERMISSIONS = {
    "programgruppe": [
        "portfolio.add_project",
        "portfolio.change_project",
        "portfolio.report_status",
        "portfolio.add_reportingperiod",
        "portfolio.change_reportingperiod",
        "portfolio.add_itsystem",
        "portfolio.change_itsystem",
        "portfolio.change_unitcapacity",
        "portfolio.add_unitcapacity",
        "benefits.add_benefit",
        "benefits.change_benefit",
        "benefits.record_measurement",
        "benefits.change_businesscase",
        "governance.add_boardreport",
        "governance.add_annualplan",
        "governance.change_annualplan",
        "governance.add_decision",
    ],
    "styregruppe": [
        "governance.add_decision",
    ],
    "project_board": [],
    "iod": ["governance.add_idea", "governance.change_idea"],
    "it_sikkerhed": ["governance.change_securityreview"],
    "lokal": [],
    "projektgruppe": [],
    "direktion": [],
}


def body_group_permissions_sync(**kwargs) -> None:
    for body in Body.objects.select_related("group"):
        names = BODY_KIND_PERMISSIONS.get(body.kind, [])
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        body.group.permissions.set(wanted)
