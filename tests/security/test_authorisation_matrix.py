"""Who may see and do what, for every URL of the site: one table, written down once per URL name.

The table below is the expectation; the URL conf is the truth about what exists. A URL pattern without
a row fails the suite, so whoever adds a page must say who may see it. Each row gives, per persona, the
class of response to a GET; for an action (POST only) the row says who is refused, and the test checks
that their GET is 405 (anonymous: the login page) and their POST is 403 and changes nothing. For a form
(GET shows it, POST saves), a persona refused the GET is refused the POST too, and nothing changes.
POSTs by the permitted personas are the features' own tests' business, not this one's.

The rules come from DESIGN.md and the one place each app decides them (portfolio/permissions.py,
benefits/permissions.py, governance/permissions.py, governance/roles.py): anyone logged in reads
everything; a project's leader edits it and reports its status; a benefit's owner records its
measurements (not even the project leader may); the programme group's permanent members keep the
portfolio, the plan and the board calendar; a body's members are appointed by the chair or secretary of
the body above it (the steering group's by the direktion's) and by admins; a body's own chair and
secretary keep its meetings; the steering group's chair and members decide, approve the plan and fund
ideas, and its secretary writes ordinary decisions down; admins decide nothing for a body; the IOD
scores ideas; the IT-security group records its reviews. The secretary persona is secretary of both the
steering and the programme group and carries neither group's rights: rights follow the role.
"""

import pytest
from django.http import HttpResponse
from django.urls import include, path
from django.urls.resolvers import RegexPattern, URLResolver

from tests.security.world import (
    ADMIN_ENTRY,
    PERSONAS,
    base_name,
    fill,
    fingerprint,
    kwargs_for,
    site_routes,
)

# Classes of response.
OK = "ok"  # 200
MOVED = "moved"  # a redirect, not to a login page (e.g. a logged-in user's login page)
LOGIN = "login"  # a redirect to /accounts/login/?next=…
ADMIN = "admin-login"  # a redirect to the admin site's own login page
DENY = "forbidden"  # 403
NOT_ALLOWED = "not-allowed"  # 405
# 404: single sign-on this site has not switched on (tests/sso/ cover it on), or an unknown calendar address.
OFF = "not-configured"
UNAUTH = "unauthenticated"  # 401: the API answers anonymous requests so, never with the login page
YES = "permitted"  # an action this persona may take (not exercised here: the feature's tests do)

# Kinds of URL: a page read with GET; a form (GET shows, POST saves); an action (POST only).
READ, FORM, ACTION = "read", "form", "action"

# A "name (other)" row checks the same URL with other objects (tests/security/world.py): a project the
# leader persona does not lead, a benefit the owner persona does not own.
# fmt: off
EXPECTED = {
    # URL name                              kind    anon.  reader leader owner  secr.  progr. steer. admin
    "overview":                            (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "dashboard":                           (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "dashboard-pdf":                       (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "health":                              (READ,   OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "login":                               (FORM,   OK,    MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
    "logout":                              (ACTION, LOGIN, YES,   YES,   YES,   YES,   YES,   YES,   YES),
    # Glemt adgangskode: open to all, and the same answer whether or not an address has an account.
    "password_reset":                      (FORM,   OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "password_reset_done":                 (READ,   OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "password_reset_confirm":              (FORM,   OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "password_reset_complete":             (READ,   OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # OpenID Connect: open to all (whoever comes back from the provider is not signed in yet); the matrix
    # runs without a provider, so here they are switched off.
    "oidc_login":                          (READ,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF),
    "oidc_callback":                       (READ,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF),
    # SAML 2.0 likewise (the ACS and logout service take only the IdP's signed messages);
    # tests/sso/test_saml_pages.py and tests/e2e/test_sso_saml.py cover them switched on.
    "saml_login":                          (READ,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF),
    "saml_acs":                            (READ,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF),
    "saml_logout_service":                 (READ,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF),
    "saml_logout_service_post":            (READ,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF),
    "saml_metadata":                       (READ,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF),
    # The admin site: staff only, behind its own login.
    ADMIN_ENTRY:                           (READ,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, OK),
    # The project register.
    "portfolio:project-list":              (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "portfolio:project-export-csv":        (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "portfolio:project-export-xlsx":       (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "portfolio:my-projects":               (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "portfolio:project-create":            (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:project-detail":            (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "portfolio:project-edit":              (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:project-edit (other)":      (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:project-plan":              (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:project-plan (other)":      (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:project-resources":         (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:project-resources (other)": (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:milestone-add":             (ACTION, LOGIN, DENY,  YES,   DENY,  DENY,  YES,   DENY,  YES),
    "portfolio:milestone-add (other)":     (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "portfolio:milestone-update":          (ACTION, LOGIN, DENY,  YES,   DENY,  DENY,  YES,   DENY,  YES),
    "portfolio:milestone-update (other)":  (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "portfolio:milestone-edit":            (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:milestone-edit (other)":    (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:risk-edit":                 (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:risk-edit (other)":         (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:risk-add":                  (ACTION, LOGIN, DENY,  YES,   DENY,  DENY,  YES,   DENY,  YES),
    "portfolio:risk-add (other)":          (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "portfolio:risk-update":               (ACTION, LOGIN, DENY,  YES,   DENY,  DENY,  YES,   DENY,  YES),
    "portfolio:risk-update (other)":       (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "portfolio:status-new":                (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:status-new (other)":        (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:status-detail":             (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "portfolio:status-edit":               (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:status-edit (other)":       (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "portfolio:status-correct":            (ACTION, LOGIN, DENY,  YES,   DENY,  DENY,  YES,   DENY,  YES),
    "portfolio:status-correct (other)":    (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    # A project's closing: everyone reads the closing report; its leader writes it on the same page once
    # the project is in realisering (the world's is not; POSTs: tests/portfolio/test_closing_report.py);
    # the programme group's chair and members accept it or send it back; they and the steering group's
    # stop a project.
    "portfolio:project-closing":           (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:closing-accept":           (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  DENY),
    "governance:closing-return":           (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  DENY),
    "governance:project-stop":             (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    OK,    DENY),
    "lessons:list":                        (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # Køreplan: every logged-in employee reads the roadmap and its PDF (the open municipality).
    "roadmap:index":                       (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "roadmap:pdf":                         (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # Capacity (issue 18): everyone reads demand against capacity; the programme group keeps the capacities.
    "governance:capacity":                 (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:capacity-export":          (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:capacity-cell":            (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:unit-capacity":            (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    # The system portfolio and the national initiatives: the programme group keeps them.
    "systems:list":                        (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "systems:export-csv":                  (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "systems:export-xlsx":                 (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "systems:create":                      (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "systems:import":                      (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "systems:detail":                      (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "systems:edit":                        (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    # The read-only API (issue 21): anyone logged in reads it (in the browser, by the session; elsewhere by
    # a personal token: tests/api/); anonymous requests get 401 JSON. Each user keeps her own API keys.
    "api:schema":                          (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:docs":                            (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:projects-list":                   (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:projects-detail":                 (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:status-reports-list":             (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:status-reports-detail":           (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    # Benefit realisation: read by everybody logged in, as its pages are.
    "api:benefits-list":                   (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:benefits-detail":                 (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:measurements-list":               (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:measurements-detail":             (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:business-cases-list":             (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:business-cases-detail":           (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    # api-portfolio: milestones, risks, systems, focus areas.
    "api:milestones-list":                 (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:milestones-detail":               (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:risks-list":                      (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:risks-detail":                    (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:systems-list":                    (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:systems-detail":                  (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:focus-areas-list":                (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:focus-areas-detail":              (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    # Governance's resources (api/governance/): anyone logged in reads the bodies, meetings, decisions and
    # the approved plans, as in the browser.
    "api:decisions-list":                  (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:decisions-detail":                (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:plans-list":                      (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:plans-detail":                    (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:bodies-list":                     (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:bodies-detail":                   (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:meetings-list":                   (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api:meetings-detail":                 (READ,   UNAUTH, OK,   OK,    OK,    OK,    OK,    OK,    OK),
    "api-keys":                            (FORM,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "api-key-revoke":                      (ACTION, LOGIN, YES,   YES,   YES,   YES,   YES,   YES,   YES),
    "initiatives:list":                    (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "initiatives:create":                  (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "initiatives:detail":                  (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "initiatives:edit":                    (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "focusareas:list":                     (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # Benefits: the project's editors edit them; only the owner and the programme group measure.
    "benefits:list":                       (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "benefits:export-csv":                 (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "benefits:export-xlsx":                (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "benefits:follow-up":                  (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "benefits:mine":                       (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "benefits:detail":                     (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "benefits:edit":                       (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "benefits:edit (other)":               (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "benefits:archive":                    (ACTION, LOGIN, DENY,  YES,   DENY,  DENY,  YES,   DENY,  YES),
    "benefits:archive (other)":            (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "benefits:measurement-add":            (ACTION, LOGIN, DENY,  DENY,  YES,   DENY,  YES,   DENY,  YES),
    "benefits:measurement-add (other)":    (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "benefits:project-section":            (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "benefits:create":                     (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "benefits:create (other)":             (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "benefits:business-case":              (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "benefits:business-case-edit":         (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "benefits:business-case-edit (other)": (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    # Bodies and meetings (of the steering group): its chair and secretary, the programme group, admins.
    "governance:index":                    (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:body-detail":              (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:membership-add":           (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  OK),
    "governance:membership-end":           (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  OK),
    "governance:meeting-create":           (FORM,   LOGIN, DENY,  DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "governance:meeting-detail":           (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:meeting-edit":             (FORM,   LOGIN, DENY,  DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "governance:agenda-item-add":          (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   DENY,  DENY,  YES),
    "governance:meeting-collect":          (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   DENY,  DENY,  YES),
    "governance:meeting-attendance":       (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   DENY,  DENY,  YES),
    "governance:meeting-minutes":          (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   DENY,  DENY,  YES),
    "governance:meeting-action-add":       (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   DENY,  DENY,  YES),
    "governance:meeting-minutes-pdf":      (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:agenda-item-edit":         (FORM,   LOGIN, DENY,  DENY,  DENY,  OK,    DENY,  DENY,  OK),
    "governance:agenda-item-move":         (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   DENY,  DENY,  YES),
    "governance:action-done":              (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   DENY,  DENY,  YES),
    # Calendar subscriptions: everybody has her own page and address; a body's chair or secretary (and
    # admins) switch its public calendar; the feeds are open, their token being the key.
    "governance:calendar":                 (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:calendar-new-address":     (ACTION, LOGIN, YES,   YES,   YES,   YES,   YES,   YES,   YES),
    "governance:calendar-body-switch":     (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   DENY,  DENY,  YES),
    "governance:calendar-feed":            (READ,   OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:calendar-feed (other)":    (READ,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF),
    "governance:calendar-body":            (READ,   OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:calendar-body (other)":    (READ,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF,   OFF),
    # Decisions: the deciding body's members (and the programme group on its behalf, and admins).
    "governance:decision-list":            (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:decisions-awaiting":       (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:decision-detail":          (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:decision-answer":          (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  YES,   DENY),
    "governance:decision-escalate":        (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  YES,   DENY),
    "governance:decision-record":          (FORM,   LOGIN, DENY,  DENY,  DENY,  OK,    DENY,  OK,    DENY),
    # A project's requests: its editors ask; the deciding body (here the steering group) answers, never the
    # requester (the leader); only the requester withdraws.
    "governance:gate-request-create":      (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "governance:gate-request-create (other)": (FORM, LOGIN, DENY, DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "governance:change-request-create":    (FORM,   LOGIN, DENY,  OK,    DENY,  DENY,  OK,    DENY,  OK),
    "governance:change-request-create (other)": (FORM, LOGIN, DENY, DENY, DENY, DENY,  OK,    DENY,  OK),
    "governance:request-detail":           (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:request-answer":           (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  YES,   DENY),
    "governance:request-withdraw":         (ACTION, LOGIN, DENY,  YES,   DENY,  DENY,  DENY,  DENY,  DENY),
    # IOD's ideas: anyone proposes; IOD scores; the steering group funds; IOD and the programme group reject.
    "governance:idea-list":                (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:idea-create":              (FORM,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:idea-detail":              (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:idea-score":               (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  YES),
    "governance:idea-fund":                (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  YES,   DENY),
    "governance:idea-make-project":        (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   YES,   YES),
    "governance:idea-reject":              (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    # The IT-security group's reviews (none of the personas sits in it).
    "governance:security-list":            (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:security-record":          (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  OK),
    # The Project Board: the programme group plans the calendar; it and the secretaries generate reports.
    "governance:board-list":               (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:board-calendar":           (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "governance:board-period-move":        (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "governance:board-period-cancel":      (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "governance:board-period-uncancel":    (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "governance:board-detail":             (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:board-generate":           (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   YES,   DENY,  YES),
    "governance:board-remind":             (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   YES,   DENY,  YES),
    "governance:board-remind-all":         (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   YES,   DENY,  YES),
    "governance:board-report-status":      (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:board-report-pdf":         (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # Datakvalitet: those who prepare the Project Board's papers (the programme group and the secretaries).
    "governance:data-quality":             (READ,   LOGIN, DENY,  DENY,  DENY,  OK,    OK,    DENY,  OK),
    # The handleplan and the indsatsplan: the programme group drafts, the steering group approves,
    # they and the secretaries export.
    "governance:handleplan":               (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:handleplan-xlsx":          (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:handleplan-pdf":           (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:plan-list":                (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:plan-start":               (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "governance:plan-detail":              (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:plan-pdf":                 (READ,   LOGIN, DENY,  DENY,  DENY,  OK,    OK,    OK,    OK),
    "governance:plan-version":             (READ,   LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "governance:plan-version-pdf":         (READ,   LOGIN, DENY,  DENY,  DENY,  OK,    OK,    OK,    OK),
    "governance:plan-pdf-generate":        (ACTION, LOGIN, DENY,  DENY,  DENY,  YES,   YES,   YES,   YES),
    "governance:plan-pdf-status":          (READ,   LOGIN, DENY,  DENY,  DENY,  OK,    OK,    OK,    OK),
    "governance:plan-settings":            (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "governance:plan-item-add":            (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "governance:plan-submit":              (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "governance:plan-approve":             (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  YES,   DENY),
    "governance:plan-send-back":           (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  YES,   DENY),
    "governance:plan-revise":              (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "governance:plan-item-edit":           (FORM,   LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    DENY,  OK),
    "governance:plan-item-move":           (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
    "governance:plan-item-remove":         (ACTION, LOGIN, DENY,  DENY,  DENY,  DENY,  YES,   DENY,  YES),
}
# fmt: on

# What a refused POST sends: enough for a form that is validated before the service decides, so the
# refusal is the permission's and not the form's.
POST_DATA = {
    "governance:decision-escalate": {"text": "Styregruppen kan ikke afgøre det."},
}


def outcome(response) -> str:
    code = response.status_code
    if code == 200:
        return OK
    if code in (301, 302, 303):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN
        return MOVED
    return {401: UNAUTH, 403: DENY, 404: OFF, 405: NOT_ALLOWED}.get(code, str(code))


def missing_expectations(routes, table=EXPECTED) -> list[str]:
    """URL names that exist but have no row: someone must write down who may see them."""
    named = {base_name(key) for key in table}
    return sorted(route.name for route in routes if route.name not in named)


def stale_expectations(routes, table=EXPECTED) -> list[str]:
    """Rows for URL names that no longer exist."""
    names = {route.name for route in routes}
    return sorted(key for key in table if base_name(key) not in names)


ROUTES = {route.name: route for route in site_routes()}


def _path(world, key):
    route = ROUTES[base_name(key)]
    return fill(route, kwargs_for(world, key, route))


# --- the table and the URL conf agree ----------------------------------------------------------------


def test_it_has_an_expectation_for_every_url_pattern():
    missing = missing_expectations(ROUTES.values())
    assert not missing, (
        "These URL patterns have no row in EXPECTED (tests/security/test_authorisation_matrix.py); "
        f"write down who may see them: {missing}"
    )


def test_it_has_no_expectation_for_a_url_that_is_gone():
    assert not stale_expectations(ROUTES.values())


def test_it_writes_each_row_for_all_eight_personas():
    assert len(PERSONAS) == 8
    for key, (kind, *cells) in EXPECTED.items():
        assert kind in (READ, FORM, ACTION), key
        assert len(cells) == len(PERSONAS), key
        allowed = {YES, DENY, LOGIN} if kind == ACTION else {OK, MOVED, LOGIN, ADMIN, DENY, OFF, UNAUTH}
        assert set(cells) <= allowed, key


def _view(request):
    return HttpResponse("")


def test_it_notices_a_new_url_pattern_without_an_expectation():
    """The guard itself: a resolver with the site's patterns plus new ones (one in a new namespace)
    is reported, by full name; the site's own are not."""
    from portfolio import urls

    extended = URLResolver(
        RegexPattern(r"^/"),
        [
            *urls.urlpatterns,
            path("secret/", _view, name="secret-page"),
            path("reports/", include(([path("<int:pk>/", _view, name="detail")], "reports"))),
        ],
    )
    routes = site_routes(extended)
    assert missing_expectations(routes) == ["reports:detail", "secret-page"]
    assert {route.route for route in routes if route.name == "reports:detail"} == {"/reports/<int:pk>/"}
    assert not missing_expectations(ROUTES.values())
    # And a row whose URL is gone is noticed.
    assert stale_expectations(routes, {**EXPECTED, "portfolio:project-delete": EXPECTED["overview"]}) == [
        "portfolio:project-delete"
    ]


def test_it_lists_the_admin_as_one_staff_only_entry():
    assert ROUTES[ADMIN_ENTRY].route == "/admin/"
    assert not any(name.startswith("admin:") for name in ROUTES)


# --- each row against the running site -------------------------------------------------------------------


@pytest.mark.parametrize("key", list(EXPECTED))
def test_it_gives_each_persona_the_expected_response(in_world, key):
    kind, *cells = EXPECTED[key]
    path_ = _path(in_world, key)
    wrong = []
    for persona, expected in zip(PERSONAS, cells, strict=True):
        client = in_world.client(persona)
        if kind == ACTION:
            # The GET of an action is refused as a method; anonymous visitors go to the login first.
            got = outcome(client.get(path_))
            wanted = LOGIN if persona == "anonymous" else NOT_ALLOWED
            if got != wanted:
                wrong.append(f"{persona}: GET gave {got}, expected {wanted}")
        else:
            got = outcome(client.get(path_))
            if got != expected:
                wrong.append(f"{persona}: GET gave {got}, expected {expected}")
        if expected in (DENY, LOGIN) and kind in (FORM, ACTION):
            before = fingerprint()
            got = outcome(client.post(path_, POST_DATA.get(key, {})))
            changed = {label: (n, before[label]) for label, n in fingerprint().items() if n != before[label]}
            if got != expected:
                wrong.append(f"{persona}: POST gave {got}, expected {expected}")
            if changed:
                wrong.append(f"{persona}: a refused POST changed rows (now, before): {changed}")
    assert not wrong, f"{key} {path_}:\n" + "\n".join(wrong)
