from api.focusareas import views
from api.resources import resource_urls

urlpatterns = [*resource_urls("focus-areas", views.FocusAreaViewSet)]
