"""One Project Board meeting and its generated status report PDF."""

urlpatterns = []
