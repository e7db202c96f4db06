"""Start and stop the test SAML IdP (tests/sso/saml_idp.py) as a child process on loopback."""

import os
import select
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.processes import stop_process

ROOT = Path(__file__).resolve().parents[2]
SP_METADATA_PATH = "/accounts/sso/saml/metadata/"
START_DEADLINE_SECONDS = 30


def start_idp(folder: Path, portal_url: str, **environment: str) -> tuple[subprocess.Popen, str]:
    """(process, base URL) of a running test IdP: started, its port read from its first line, and its
    metadata answering. `environment` adds IDP_UNSIGNED / IDP_AUDIENCE."""
    # Its errors go to idp.log beside its keys, for whoever reads a failed run.
    log = (folder / "idp.log").open("w")
    host_name = portal_url.split("//", 1)[1].split(":", 1)[0]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.sso.saml_idp",
            "--folder",
            str(folder),
            "--sp-metadata",
            f"{portal_url}{SP_METADATA_PATH}",
            "--host-name",
            host_name,
        ],
        cwd=ROOT,
        env={**os.environ, **environment},
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    log.close()
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    try:
        port = _read_port(process, deadline)
        base_url = f"http://{host_name}:{port}"
        _wait_for_metadata(f"http://127.0.0.1:{port}/metadata", deadline)
    except Exception:
        stop_process(process)
        raise
    return process, base_url


def _read_port(process: subprocess.Popen, deadline: float) -> int:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("The test SAML IdP stopped before it listened")
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            line = process.stdout.readline()
            if line.startswith("PORT "):
                return int(line.split()[1])
    raise RuntimeError("The test SAML IdP did not say its port in time")


def _wait_for_metadata(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)  # polling with a deadline, not waiting for a fixed time
