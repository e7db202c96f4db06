"""The Project Board calendar: the series of meetings and their reporting periods."""

urlpatterns = []
