"""The loopback OpenID Provider of the single sign-on tests (tests/sso/oidc_provider.mjs, run by Node).

`running_provider(...)` starts one on a free port of 127.0.0.1, waits until its discovery answers and stops it
afterwards; `sign_in_at_provider(...)` is a person's browser at the provider for the tests that drive the
portal through Django's test client (the e2e tests use Chromium instead).
"""

import contextlib
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from tests import services
from tests.processes import stop_process

BASE_DIR = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
READY_TIMEOUT = 20
CLIENT_ID = "digitaliseringsportalen"
CLIENT_SECRET = "kun-til-test"  # noqa: S105 (the loopback test provider's registration)
CALLBACK_PATH = "/accounts/sso/oidc/callback/"
LOGIN_PATH = "/accounts/login/"


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_provider(portal_urls: list[str], log_dir: Path, *, fault: str = ""):
    """A provider that knows the portal at each of `portal_urls` (its callback and login page there);
    `fault` ("wrong-audience", "expired") makes its token endpoint re-sign the ID token with that fault."""
    services.require_service("node")
    if not (BASE_DIR / "node_modules" / "oidc-provider").is_dir():
        services.skip_or_fail("SSO-test sprunget over: npm-pakken oidc-provider mangler (kør npm ci)")
    port = free_port()
    env = {
        **os.environ,
        "OIDC_TEST_PORT": str(port),
        "OIDC_TEST_CLIENT_ID": CLIENT_ID,
        "OIDC_TEST_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_TEST_REDIRECT_URIS": " ".join(url + CALLBACK_PATH for url in portal_urls),
        "OIDC_TEST_POST_LOGOUT_URIS": " ".join(url + LOGIN_PATH for url in portal_urls),
        "OIDC_TEST_ID_TOKEN": fault,
    }
    log_path = log_dir / f"oidc-provider-{port}.log"
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(  # noqa: S603 (our own script, by absolute path)
            ["node", str(SCRIPT)], cwd=BASE_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    provider = Provider(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_ready(provider)
        yield provider
    finally:
        stop_process(process)


def _wait_until_ready(provider: Provider) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        try:
            if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        if provider.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"The test OpenID Provider did not start:\n{provider.log()}", pytrace=False)
        time.sleep(0.05)  # a poll interval under a deadline, not a wait for something to happen


def portal_settings(settings, provider: Provider) -> None:
    """Point the portal at `provider`, as an operator's three environment variables would."""
    settings.OIDC_ISSUER_URL = provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET


def sign_in_at_provider(authorization_url: str, login: str, browser: requests.Session | None = None) -> str:
    """Follow the provider's pages as a browser would, sign in as `login` (any password), and return the
    URL the provider sends the browser back to (the portal's callback with code and state)."""
    browser = browser or requests.Session()
    url = authorization_url
    for _ in range(10):
        response = browser.get(url, allow_redirects=False, timeout=5)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if not url.startswith(authorization_url.split("/auth")[0]):
                return url
            continue
        if 'name="login"' in response.text:
            response = browser.post(
                url,
                data={"prompt": "login", "login": login, "password": "hvadsomhelst"},
                allow_redirects=False,
                timeout=5,
            )
            url = urljoin(url, response.headers["Location"])
            continue
        raise AssertionError(
            f"Unexpected page at the provider ({response.status_code}):\n{response.text[:500]}"
        )
    raise AssertionError("The provider never sent the browser back to the portal")
