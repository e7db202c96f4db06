"""Who may do what in governance, decided in one place."""

from django.utils import timezone

from governance.models import Body, Membership

GENERATE_BOARD_REPORT = "governance.add_boardreport"
# A secretary of one of these bodies prepares the Project Board's papers.
BOARD_REPORT_SECRETARY_BODIES = (
    Body.Kind.PROGRAMME_GROUP,
    Body.Kind.STEERING_GROUP,
    Body.Kind.PROJECT_BOARD,
)


def can_generate_board_report(user) -> bool:
    """The programme group (its group carries governance.add_boardreport) and the secretaries of the
    programme group, the steering group and the Project Board may generate a meeting's status report."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(GENERATE_BOARD_REPORT):
        return True
    return (
        Membership.objects.active_on(timezone.localdate())
        .filter(
            user=user,
            role=Membership.Role.SECRETARY,
            body__kind__in=BOARD_REPORT_SECRETARY_BODIES,
            body__archived=False,
        )
        .exists()
    )
