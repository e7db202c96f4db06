"""/api/schema/ and /api/docs/ (drf-spectacular), refusing an anonymous request as the rest of /api/ does:
401 with a JSON body (the docs page would otherwise render the refusal as bare HTML, the schema as YAML)."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer


class JsonErrorsMixin:
    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class SchemaView(JsonErrorsMixin, SpectacularAPIView):
    pass


class DocsView(JsonErrorsMixin, SpectacularSwaggerSplitView):
    url_name = "api:schema"
