from api.governance import views
from api.resources import resource_urls

urlpatterns = [
    *resource_urls("decisions", views.DecisionViewSet),
    *resource_urls("plans", views.PlanViewSet),
    *resource_urls("bodies", views.BodyViewSet),
    *resource_urls("meetings", views.MeetingViewSet),
]
