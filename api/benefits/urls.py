from api.benefits import views
from api.resources import resource_urls

urlpatterns = [
    *resource_urls("benefits", views.BenefitViewSet),
    *resource_urls("measurements", views.MeasurementViewSet),
    *resource_urls("business-cases", views.BusinessCaseViewSet),
]
