"""Generated files (board reports in media/board_reports/, plan PDFs in media/plans/) are never served at a
public URL: no URL pattern serves MEDIA_ROOT, neither runserver's static files nor WhiteNoise can reach it,
and a request for a file's would-be address gets no file, logged in or not.

The download views that do stream them check access, and their tests say so:
tests/governance/board/test_board_report_lifecycle.py (test_it_sends_anonymous_visitors_to_login; a board
report is for everyone logged in), tests/governance/plans/test_plan_pdf.py
(test_it_is_downloaded_by_the_programme_group_not_by_a_reader) and
tests/governance/plans/test_plan_pdf_task.py (test_it_a_draft_file_is_never_served)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve

from tests.factories import UserFactory
from tests.test_deployment import app_env

CONTENT = b"%PDF-1.7 fortrolig statusrapport"
FILES = ["board_reports/x.pdf", "plans/indsatsplan-2026-v1.pdf"]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(CONTENT)
    return tmp_path


def would_be_urls(name):
    """Where a file could show up: under MEDIA_URL (Django's default is empty), the usual /media/, or
    under the static files' URL."""
    media_url = "/" + settings.MEDIA_URL.strip("/") + "/" if settings.MEDIA_URL.strip("/") else "/"
    return {f"{media_url}{name}", f"/media/{name}", f"/{settings.STATIC_URL.strip('/')}/{name}"}


def callbacks(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from callbacks(entry)
        elif isinstance(entry, URLPattern):
            yield entry.callback


def is_within(path, directory):
    return Path(path).resolve().is_relative_to(Path(directory).resolve())


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILES)
def test_it_serves_no_generated_file_to_an_anonymous_visitor(client, media_root, name):
    for url in would_be_urls(name):
        response = client.get(url)
        assert response.status_code != 200, url
        assert CONTENT not in b"".join(getattr(response, "streaming_content", [response.content])), url


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILES)
def test_it_serves_no_generated_file_to_a_logged_in_user(client, media_root, name):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in would_be_urls(name):
        response = client.get(url)
        assert response.status_code == 404, url
        assert CONTENT not in response.content, url


def test_it_has_no_url_pattern_that_serves_files_from_disk():
    assert serve not in set(callbacks())
    # django.conf.urls.static.static() adds its pattern only under DEBUG, which tests run without: so the
    # URLconf modules are read as well.
    root = Path(settings.BASE_DIR)
    sources = [
        path
        for app in ("portfolio", "focusareas", "benefits", "governance")
        for path in root.glob(f"{app}/*urls*.py")
    ]
    assert root / "portfolio" / "urls.py" in sources
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "django.views.static" not in text and "django.conf.urls.static" not in text, path
        assert "MEDIA_ROOT" not in text and "MEDIA_URL" not in text, path


def test_it_keeps_media_out_of_the_static_files(media_root):
    """runserver's static files (the finders) and WhiteNoise in production (STATIC_ROOT, and the web root
    WHITENOISE_ROOT, which is not set) never include MEDIA_ROOT; in the container neither."""
    for name in FILES:
        assert finders.find(name) is None
    static_dirs = [entry[1] if isinstance(entry, tuple) else entry for entry in settings.STATICFILES_DIRS]
    for directory in [settings.STATIC_ROOT, *static_dirs]:
        assert not is_within(settings.MEDIA_ROOT, directory), directory
        assert not is_within(directory, settings.MEDIA_ROOT), directory
    default_media_root = settings.BASE_DIR / "var" / "media"
    assert not any(
        is_within(default_media_root, directory) for directory in [settings.STATIC_ROOT, *static_dirs]
    )
    assert not hasattr(settings, "WHITENOISE_ROOT")
    # docker-compose.yml's MEDIA_ROOT against the image's STATIC_ROOT (/app is BASE_DIR in the image).
    container_static_root = Path("/app") / Path(settings.STATIC_ROOT).relative_to(settings.BASE_DIR)
    assert not Path(app_env()["MEDIA_ROOT"]).is_relative_to(container_static_root)
