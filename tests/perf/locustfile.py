"""Locust users for the load test (tests/perf/load.py): logged-in project leaders using the portal.

Each simulated user takes its own account from the accounts file (one project each, so two users never
edit the same status report draft), logs in once (GET the login page, POST it with the CSRF token) and
then, with short think times, mixes: the front page (/, which sends a project leader to Mine projekter),
the dashboard (/dashboard/, sometimes filtered), the project list (sometimes filtered), a project page
and the status report of its own project: two draft saves, then a submit, then a correction (a new
version, since a submitted report never changes) saved as a draft, and so on, so every POST keeps
succeeding for as long as the test runs.

Every request is made without following redirects and checked exactly (status, redirect target, the
Danish success message); anything else, a Danish form error included, is a failure.

The server runs with production settings behind no proxy, so the client does what the TLS proxy and the
browser would: X-Forwarded-Proto: https on every request, Origin/Referer https://… on POSTs, and it sends
the Secure cookies back over loopback HTTP (http.cookiejar would drop them otherwise).

Run by `python -m tests.perf.locustfile` (what load.py does): log everyone in, start the clock once all
are logged in, run for --seconds, stop, and write every request's name, time and error to --out. It can
also be used with the locust command (`locust -f tests/perf/locustfile.py`, LOAD_ACCOUNTS_FILE and
LOAD_PASSWORD set), which then measures logins and the mix together.
"""

# Locust patches the standard library with gevent on import: it must come before anything else.
from locust import HttpUser, between, events, task  # isort: skip

import argparse
import html
import itertools
import json
import os
import random
import re
import sys
import time

import gevent
from locust.exception import StopUser

LOGIN_PATH = "/accounts/login/"
# Between two tasks of one user (seconds); load.py passes its own THINK_TIME (the same) or --think-time.
THINK_TIME = (5.0, 15.0)
# A user stops by itself after this many tasks, whatever the clock says (the run stops it much earlier).
MAX_TASKS_PER_USER = 2000
REQUEST_TIMEOUT = 60
DRAFTS_BEFORE_SUBMIT = 2

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'<input type="hidden" name="version"(?: value="([^"]*)")?')
FORM_ACTION = re.compile(r'<form method="post" action="([^"]+)" novalidate>')
CORRECT_ACTION = re.compile(r'<form method="post" action="(/projects/\d+/status/\d+/correct/)"')
FORM_ERROR = re.compile(r'<div class="alert alert-error"[^>]*>(.*?)</div>\s*</div>', re.S)
TAGS = re.compile(r"<[^>]+>")

DRAFT_SAVED = "Kladden er gemt."
SUBMITTED = "Statusrapporten er indsendt til Project Board."
CORRECTION_CREATED = "er oprettet som kladde ud fra version"

_account_numbers = itertools.count()


def load_accounts():
    with open(os.environ["LOAD_ACCOUNTS_FILE"], encoding="utf-8") as handle:
        return json.load(handle)


class UnexpectedResponse(Exception):
    pass


def danish_errors(text: str) -> str:
    """The alert text of a re-rendered form, for the failure message."""
    match = FORM_ERROR.search(text)
    if not match:
        return ""
    return " ".join(html.unescape(TAGS.sub(" ", match.group(1))).split())[:300]


class PortalUser(HttpUser):
    wait_time = between(*THINK_TIME)

    def on_start(self):
        data = self.environment.load_data if hasattr(self.environment, "load_data") else load_accounts()
        self.environment.load_data = data
        number = next(_account_numbers)
        if number >= len(data["accounts"]):
            raise StopUser  # more users than accounts: never two users on one account
        self.account = data["accounts"][number]
        self.projects = data["projects"]
        self.dashboard_filters = data["dashboard_filters"]
        self.list_filters = data["list_filters"]
        self.origin = self.host.replace("http://", "https://", 1).rstrip("/")
        self.tasks_done = 0
        # Where in its draft, draft, submit cycle a user starts: not all submit at the same moment.
        self.drafts_since_submit = random.randint(0, DRAFTS_BEFORE_SUBMIT)
        self.percent = random.randint(5, 60)
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.client.headers["Accept-Language"] = "da"
        self.log_in()
        self.environment.logged_in = getattr(self.environment, "logged_in", 0) + 1

    # --- requests -----------------------------------------------------------------------------------

    def request(self, method, path, name, *, expect, data=None, location=None, contains=None):
        """One request, no redirect followed, checked: the status, for a redirect where it points,
        and a text the page must show. Returns the response text ("" for a redirect), None if it failed."""
        headers = {}
        if method == "POST":
            # What a browser sends on a form POST over HTTPS; Django checks it against the host.
            headers = {"Origin": self.origin, "Referer": f"{self.origin}{path}"}
        with self.client.request(
            method,
            path,
            name=name,
            data=data,
            headers=headers,
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT,
            catch_response=True,
        ) as response:
            self.trust_secure_cookies()
            self.location = response.headers.get("Location")
            problem = None
            if response.status_code == 0:
                problem = f"ingen forbindelse: {response.error!r}"[:300]
            elif response.status_code != expect:
                problem = f"status {response.status_code}, ventede {expect}"
                errors = danish_errors(response.text or "")
                if errors:
                    problem += f": {errors}"
                elif response.status_code in (301, 302):
                    problem += f" (til {response.headers.get('Location')})"
            elif location is not None and response.headers.get("Location") != location:
                problem = f"omdirigerede til {response.headers.get('Location')}, ventede {location}"
            elif contains is not None and contains not in response.text:
                problem = f"siden mangler »{contains}«"
            elif expect == 200 and FORM_ERROR.search(response.text):
                problem = f"fejl på siden: {danish_errors(response.text)}"
            if problem:
                response.failure(problem)
                return None
            response.success()
            return response.text

    def trust_secure_cookies(self):
        """The session and CSRF cookies are Secure (production); the browser behind the TLS proxy sends
        them back, so this client does too, although it speaks plain HTTP on loopback."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def csrf_token(self, text):
        match = CSRF_INPUT.search(text or "")
        if not match:
            raise UnexpectedResponse("ingen CSRF-token i formularen")
        return match.group(1)

    def log_in(self):
        page = self.request("GET", LOGIN_PATH, "Log ind: formular", expect=200)
        if page is None:
            raise StopUser
        done = self.request(
            "POST",
            LOGIN_PATH,
            "Log ind: indsend",
            expect=302,
            location="/",
            data={
                "csrfmiddlewaretoken": self.csrf_token(page),
                "username": self.account["username"],
                "password": os.environ["LOAD_PASSWORD"],
                "next": "",
            },
        )
        if done is None:
            # Never retry: a wrong password again and again is what locks an account (django-axes).
            raise StopUser

    def count_task(self):
        self.tasks_done += 1
        if self.tasks_done > MAX_TASKS_PER_USER:
            raise StopUser

    # --- the mix ------------------------------------------------------------------------------------

    @task(1)
    def front_page(self):
        self.count_task()
        # A project leader lands on her start page (reports due, drafts, milestones, risks); Mine projekter
        # stays a page of its own.
        if self.request("GET", "/", "Startside /", expect=200) is not None:
            self.request("GET", "/projects/mine/", "Mine projekter", expect=200)

    @task(3)
    def dashboard(self):
        self.count_task()
        query = random.choice([""] * 2 + self.dashboard_filters)
        self.request("GET", f"/dashboard/{query}", "Overblik /dashboard/", expect=200)

    @task(3)
    def project_list(self):
        self.count_task()
        query = random.choice([""] * 3 + self.list_filters)
        name = "Projektliste, filtreret" if query else "Projektliste"
        self.request("GET", f"/projects/{query}", name, expect=200)

    @task(3)
    def project_page(self):
        self.count_task()
        pk = self.account["project"] if random.random() < 0.25 else random.choice(self.projects)
        self.request("GET", f"/projects/{pk}/", "Projektside", expect=200)

    @task(3)
    def status_report(self):
        """Save a draft of the own project's report for the current period; every third time submit it;
        once submitted, start a correction (version N+1) and save that as a draft."""
        self.count_task()
        pk = self.account["project"]
        new_path = f"/projects/{pk}/status/new/"
        page = self.request("GET", new_path, "Status: formular", expect=200)
        if page is None:
            return
        correct = CORRECT_ACTION.search(page)
        if correct:
            edit = self.request(
                "POST",
                correct.group(1),
                "Status: ret indsendt (ny version)",
                expect=302,
                data={"csrfmiddlewaretoken": self.csrf_token(page)},
            )
            if edit is None:
                return
            location = self.last_location()
            page = self.request("GET", location, "Status: formular", expect=200, contains=CORRECTION_CREATED)
            if page is None:
                return
        action = FORM_ACTION.search(page)
        version = VERSION_INPUT.search(page)
        if not action or not version:
            raise UnexpectedResponse("statusformularen mangler handling eller version")
        action_path = html.unescape(action.group(1))
        submit = self.drafts_since_submit >= DRAFTS_BEFORE_SUBMIT
        data = self.report_data(version=html.unescape(version.group(1) or ""), submit=submit)
        data["csrfmiddlewaretoken"] = self.csrf_token(page)
        if submit:
            if self.request("POST", action_path, "Status: indsend", expect=302, data=data) is None:
                return
            self.drafts_since_submit = 0
            self.request(
                "GET", self.last_location(), "Status: indsendt rapport", expect=200, contains=SUBMITTED
            )
        else:
            saved = self.request(
                "POST", action_path, "Status: gem kladde", expect=302, location=action_path, data=data
            )
            if saved is None:
                return
            self.drafts_since_submit += 1
            self.request("GET", action_path, "Status: formular", expect=200, contains=DRAFT_SAVED)

    def last_location(self):
        location = self.location
        if not location or not location.startswith("/projects/"):
            raise UnexpectedResponse(f"uventet omdirigering: {location}")
        return location

    def report_data(self, *, version, submit):
        self.percent = min(self.percent + random.randint(0, 3), 100)
        lights = {}
        for dimension in ("overall", "schedule", "economy", "resources", "deliverables", "benefits"):
            light = random.choices(["green", "yellow", "red"], weights=[6, 3, 1])[0]
            lights[dimension] = light
            # A red light needs a comment (the form says so in Danish otherwise): give it one.
            lights[f"{dimension}_comment"] = "Leverandøren er forsinket; eskaleret." if light == "red" else ""
        data = {
            **lights,
            "percent_complete": str(self.percent),
            "summary": f"Belastningstest: status nr. {self.tasks_done} fra {self.account['username']}.",
            "done_since_last": "Workshop med fagområdet og test af første leverance.",
            "next_steps": "Udrulning til næste afdeling.",
            "risks_issues": "",
            "decisions_needed": "",
            "budget_spent": f"{random.randint(10, 900)}.000",
            "budget_forecast": "1.250.000,50",
            "version": version,
        }
        data["submit" if submit else "save"] = "submit" if submit else "draft"
        return data


class RequestLog:
    """Every request's (name, milliseconds, error) while `measuring` is on; logins are kept apart."""

    def __init__(self):
        self.measuring = False
        self.started = self.stopped = None
        self.requests: list[list] = []
        self.logins: list[list] = []

    def on_request(self, name, response_time, exception=None, **_ignored):
        row = [name, round(response_time, 3), str(exception) if exception else None]
        if name.startswith("Log ind"):
            self.logins.append(row)
        elif self.measuring:
            self.requests.append(row)


def run(host, users, spawn_rate, seconds, login_timeout, out, think_time=THINK_TIME):
    """Log `users` in, then measure `seconds` of the mix; write the request log to `out`."""
    from locust.env import Environment

    PortalUser.wait_time = between(*think_time)
    log = RequestLog()
    environment = Environment(user_classes=[PortalUser], events=events, host=host)
    environment.events.request.add_listener(log.on_request)
    runner = environment.create_local_runner()
    environment.load_data = load_accounts()
    users = min(users, len(environment.load_data["accounts"]))
    begun = time.monotonic()
    runner.start(users, spawn_rate=spawn_rate)
    deadline = begun + login_timeout
    while getattr(environment, "logged_in", 0) < users and time.monotonic() < deadline:
        if any(row[2] for row in log.logins):
            break  # a failed login stops that user for good: no point in waiting for it
        gevent.sleep(0.2)
    login_seconds = time.monotonic() - begun
    logged_in = getattr(environment, "logged_in", 0)
    if logged_in == users:
        window_start = time.time()
        log.measuring, log.started = True, time.monotonic()
        gevent.sleep(seconds)
        log.measuring, log.stopped = False, time.monotonic()
        window = [window_start, time.time()]
    else:
        window = None
    runner.quit()
    result = {
        "users": users,
        "think_time": list(think_time),
        "logged_in": logged_in,
        "login_seconds": round(login_seconds, 3),
        "measured_seconds": round(log.stopped - log.started, 3) if log.started else 0,
        # Wall-clock start and end of the measured mix, for load.py's CPU figures.
        "window": window,
        "requests": log.requests,
        "logins": log.logins,
        # Exceptions in the user code itself (a page without the expected form, say) are errors too.
        "exceptions": [
            {"count": entry["count"], "msg": entry["msg"], "nodes": sorted(entry["nodes"])}
            for entry in runner.exceptions.values()
        ],
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.perf.locustfile", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--login-timeout", type=float, default=300)
    parser.add_argument("--think-time", type=float, nargs=2, default=THINK_TIME, metavar=("MIN", "MAX"))
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    run(args.host, args.users, args.spawn_rate, args.seconds, args.login_timeout, args.out, args.think_time)
    return 0


if __name__ == "__main__":
    sys.exit(main())
