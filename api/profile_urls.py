"""The user's own pages about the API (/profile/…)."""

from django.urls import path

from api import keys

urlpatterns = [
    path("api-keys/", keys.api_keys, name="api-keys"),
    path("api-keys/<int:pk>/revoke/", keys.api_key_revoke, name="api-key-revoke"),
]
