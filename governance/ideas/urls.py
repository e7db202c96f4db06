"""IOD's ideas: /governance/ideas/ …"""

from django.urls import path

from governance.ideas import views

urlpatterns = [
    path("ideas/", views.idea_list, name="idea-list"),
    path("ideas/new/", views.idea_create, name="idea-create"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea-detail"),
    path("ideas/<int:pk>/score/", views.idea_score, name="idea-score"),
    path("ideas/<int:pk>/fund/", views.idea_fund, name="idea-fund"),
    path("ideas/<int:pk>/project/", views.idea_make_project, name="idea-make-project"),
    path("ideas/<int:pk>/reject/", views.idea_reject, name="idea-reject"),
]
