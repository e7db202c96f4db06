"""The deployment files agree with the settings: docker-compose.yml names only variables settings.py
reads, its services point at each other correctly, and its production values pass `check --deploy`.

No Docker engine is needed: the compose file is parsed, and Django runs in a subprocess with the
environment the containers would get.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
SETTINGS_PACKAGE = ROOT / "portfolio" / "settings"
APP_SERVICES = ("web", "worker", "beat")

# Realistic values for the variables compose requires (`${NAME:?message}`).
REQUIRED_VALUES = {
    "SECRET_KEY": "q8Zr-2vX_kP4nWc7yT1sLm9bH3fJ6dG0aE5uR8iO2pK7xN4vB1zC6tY9wQ3eS5hA",
    "POSTGRES_PASSWORD": "db-password-from-the-vault",
}
# Compose service names are host names on the deployment network; locally they are 127.0.0.1.
SERVICE_HOSTS = ("db", "redis")

INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?:(?P<op>:[?-])(?P<arg>[^}]*))?\}")


def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def app_env(service="web"):
    return compose()["services"][service]["environment"]


def interpolate(value, overrides=None):
    """Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}`, with REQUIRED_VALUES for the last."""
    values = {**REQUIRED_VALUES, **(overrides or {})}

    def replace(match):
        name, op, arg = match["name"], match["op"], match["arg"]
        if name in values:
            return values[name]
        if op == ":-":
            return arg
        raise AssertionError(f"compose needs a value for {name}")

    return INTERPOLATION.sub(replace, str(value))


def localise_hosts(value):
    for host in SERVICE_HOSTS:
        value = re.sub(rf"(?<=[@/]){host}(?=[:/])", "127.0.0.1", value)
    return value


def resolved_app_env(service="web"):
    return {name: localise_hosts(interpolate(value)) for name, value in app_env(service).items()}


def settings_env_names():
    source = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SETTINGS_PACKAGE.glob("*.py")))
    pattern = r"""(?:os\.environ\.get|os\.getenv|env_bool|env_list|env_int)\(\s*["']([A-Z0-9_]+)["']"""
    names = set(re.findall(pattern, source))
    names |= set(re.findall(r"""os\.environ\[\s*["']([A-Z0-9_]+)["']\s*\]""", source))
    return names


def run_django(args, env_values):
    """manage.py in a subprocess with exactly these settings variables (none inherited from here)."""
    # DJANGO_ALLOW_ASYNC_UNSAFE belongs to the browser tests; check --deploy rightly warns about it.
    names = settings_env_names() | set(env_values) | {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in names}
    env.update(env_values)
    env["DJANGO_SETTINGS_MODULE"] = "portfolio.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_parses_with_exactly_the_five_services():
    data = compose()
    assert set(data["services"]) == {"web", "worker", "beat", "db", "redis"}


def test_it_gives_web_worker_and_beat_the_same_environment():
    environments = [app_env(service) for service in APP_SERVICES]
    assert environments[0] == environments[1] == environments[2]
    assert environments[0]["PORTAL_ENVIRONMENT"] == "production"
    assert "${SECRET_KEY:?" in environments[0]["SECRET_KEY"]


def test_it_sets_only_variables_that_settings_reads():
    known = settings_env_names()
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "PORTAL_ENVIRONMENT"} <= known
    for service in APP_SERVICES:
        unknown = set(app_env(service)) - known
        assert not unknown, f"{service} sets variables the settings never read: {sorted(unknown)}"


def test_it_points_the_database_url_at_the_db_service():
    db = compose()["services"]["db"]
    url = urlsplit(interpolate(app_env()["DATABASE_URL"]))
    assert url.scheme in {"postgres", "postgresql"}
    assert url.hostname == "db"
    assert url.username == db["environment"]["POSTGRES_USER"]
    assert url.path.lstrip("/") == db["environment"]["POSTGRES_DB"]
    # Both sides take the password from the same compose variable.
    db_password = interpolate(db["environment"]["POSTGRES_PASSWORD"])
    assert url.password == db_password == REQUIRED_VALUES["POSTGRES_PASSWORD"]
    assert "${POSTGRES_PASSWORD" in app_env()["DATABASE_URL"]


def test_it_points_the_broker_at_the_redis_service():
    broker = urlsplit(interpolate(app_env()["CELERY_BROKER_URL"]))
    assert broker.scheme == "redis"
    assert broker.hostname == "redis"
    assert broker.port in (None, 6379)


def test_it_shares_the_dashboard_cache_in_its_own_redis_database():
    cache = urlsplit(interpolate(app_env()["CACHE_URL"]))
    broker = urlsplit(interpolate(app_env()["CELERY_BROKER_URL"]))
    assert (cache.scheme, cache.hostname, cache.port) == ("redis", "redis", broker.port)
    # A cache clear empties its whole database: never the broker's queue.
    assert cache.path.lstrip("/") not in ("", "0") and cache.path != broker.path


def test_it_waits_for_healthy_db_and_redis():
    services = compose()["services"]
    for dependency in ("db", "redis"):
        assert services[dependency].get("healthcheck"), f"{dependency} has no healthcheck"
    assert "pg_isready" in str(services["db"]["healthcheck"]["test"])
    for service in APP_SERVICES:
        depends_on = services[service]["depends_on"]
        for dependency in ("db", "redis"):
            assert depends_on[dependency]["condition"] == "service_healthy"


def test_it_runs_the_portfolio_celery_app_and_migrates_before_gunicorn():
    services = compose()["services"]
    assert re.search(r"celery\s+(-A|--app)[ =]portfolio\s+worker\b", services["worker"]["command"])
    assert re.search(r"celery\s+(-A|--app)[ =]portfolio\s+beat\b", services["beat"]["command"])
    web = services["web"]["command"]
    assert "migrate" in web and "gunicorn portfolio.wsgi" in web
    assert web.index("migrate") < web.index("gunicorn")


def test_it_shares_the_media_volume_between_web_and_worker():
    services = compose()["services"]
    media_root = app_env()["MEDIA_ROOT"]
    for service in ("web", "worker"):
        targets = {volume.split(":")[1] for volume in services[service]["volumes"]}
        assert media_root in targets
    assert "media" in compose()["volumes"]


def test_it_passes_check_deploy_with_the_compose_environment():
    env = resolved_app_env()
    assert env["DATABASE_URL"].startswith("postgres://portal:")
    assert "@127.0.0.1:5432/" in env["DATABASE_URL"]
    # `check` only parses DATABASE_URL; the database checks run only with --database, so nothing connects.
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SECRET_KEY", None, "SECRET_KEY"),
        ("SECRET_KEY", "too-short", "SECRET_KEY"),
        ("CACHE_URL", "memcached://cache:11211", "CACHE_URL must be a redis://"),
    ],
    ids=["no-secret-key", "short-secret-key", "cache-url-not-redis"],
)
def test_it_refuses_to_start_in_production_with_a_bad_setting(name, value, message):
    env = resolved_app_env()
    if value is None:
        del env[name]
    else:
        env[name] = value
    result = run_django(["check"], env)
    assert result.returncode != 0
    assert message in result.stderr


def test_it_passes_single_sign_on_through_to_the_app_containers():
    environment = app_env("web")
    for name in ("OIDC_ISSUER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "SAML_IDP_METADATA_URL"):
        assert environment[name] == f"${{{name}:-}}"
    assert environment["LOCAL_LOGIN_ADMINS_ONLY"] == "${LOCAL_LOGIN_ADMINS_ONLY:-false}"


def test_it_installs_xmlsec1_in_the_image_for_saml_signatures():
    # pysaml2 runs the xmlsec1 program to sign and check SAML messages; without it SAML sign-in fails.
    apt_line = re.search(r"apt-get install[^&]*", (ROOT / "Dockerfile").read_text(encoding="utf-8")).group(0)
    assert "xmlsec1" in apt_line.split()
