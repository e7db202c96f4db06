"""The project leader's biweekly status report."""

urlpatterns = []
