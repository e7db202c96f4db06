"""The demo organisation: org units, users (one password hash for all) and memberships of the bodies."""

from django.contrib.auth.hashers import make_password

from governance.bodies.services import membership_start
from governance.demo.data.people import (
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    MEMBERS_SINCE,
    MEMBERSHIPS,
    ORG_UNITS,
    USERS,
)
from governance.models import Body, Membership
from portfolio.models import OrgUnit, User

# The users README's role table describes, who log in with DEMO_PASSWORD.
LOGIN_USERNAMES = [row[0] for row in USERS[:10]]


def ensure_org_units() -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for name, kind, parent_name, is_central_it in ORG_UNITS:
        parent = units[parent_name] if parent_name else None
        unit, _ = OrgUnit.objects.get_or_create(
            parent=parent, name=name, defaults={"kind": kind, "is_central_it": is_central_it}
        )
        units[name] = unit
    return units


def ensure_users(units) -> dict[str, User]:
    users: dict[str, User] = {}
    password_hash = None  # one hash for all: hashing is deliberately slow
    for username, first, last, title, unit_name, is_manager in USERS:
        is_admin = username == "admin"
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@{EMAIL_DOMAIN}",
                "title": title,
                "org_unit": units[unit_name],
                "is_manager": is_manager,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
            },
        )
        if created or not user.has_usable_password():
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
            user.save(update_fields=["password"])
        users[username] = user
    return users


def ensure_memberships(users, projects) -> None:
    bodies = {body.slug: body for body in Body.objects.all()}
    for slug, username, role, project_number in MEMBERSHIPS:
        body, user = bodies[slug], users[username]
        if Membership.objects.filter(body=body, user=user, role=role, end_date__isnull=True).exists():
            continue
        membership_start(
            actor=None,
            body=body,
            user=user,
            role=role,
            start_date=MEMBERS_SINCE,
            project=projects[project_number] if project_number else None,
        )
