"""What every resource of /api/v1/ shares: read-only viewsets with the same filter backends, and one URL
pair (list and detail) per resource.

Plain paths rather than a router, so every URL has one name and one form (no format suffixes: `?format=csv`).
Every view answers for itself: an anonymous request gets 401 JSON, never the login page."""

from django.contrib.auth.decorators import login_not_required
from django.http import StreamingHttpResponse
from django.urls import path
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from api.changed_since import ChangedSinceFilter
from api.renderers import FlatCsvRenderer, csv_stream

# Rows fetched (and their prefetches run) at a time while a CSV streams: memory stays flat at any size.
CSV_CHUNK_SIZE = 1000

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    # Anything but reading is 405, whoever asks.
    http_method_names = ["get", "head", "options"]
    filter_backends = [DjangoFilterBackend, ChangedSinceFilter]

    def list(self, request, *args, **kwargs):
        """JSON a page at a time; `?format=csv` the whole filtered list in one table, streamed, since Excel
        and Power BI want every row and cannot follow `next`."""
        if request.accepted_renderer.format != FlatCsvRenderer.format:
            return super().list(request, *args, **kwargs)
        # Filtered before the answer starts, so a bad filter is still a 400.
        queryset = self.filter_queryset(self.get_queryset())
        rows = csv_stream(self.get_serializer(), queryset.iterator(chunk_size=CSV_CHUNK_SIZE))
        return StreamingHttpResponse(rows, content_type=f"{FlatCsvRenderer.media_type}; charset=utf-8")


def resource_urls(name, viewset):
    """`v1/<name>/` and `v1/<name>/<pk>/`, named `<name>-list` and `<name>-detail`."""
    return [
        path(f"v1/{name}/", login_not_required(viewset.as_view(LIST)), name=f"{name}-list"),
        path(f"v1/{name}/<int:pk>/", login_not_required(viewset.as_view(DETAIL)), name=f"{name}-detail"),
    ]
