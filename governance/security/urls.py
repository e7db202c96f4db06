"""The IT-security group's yearly tasks: /governance/security/ …"""

from django.urls import path

from governance.security import views

urlpatterns = [
    path("security/", views.security_list, name="security-list"),
    path("security/<int:pk>/", views.security_record, name="security-record"),
]
