"""Tasks sent through Redis run on a real worker process that writes to PostgreSQL."""

import datetime
import os
import re
import time

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from governance import tasks
from governance.models import Body, Membership
from portfolio.celery import app
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.integration,
    # Committed data, so the worker's own connection sees it; data migrations' rows are restored.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT_SECONDS = 20


def a_body(slug: str) -> Body:
    group = Group.objects.create(name=f"Integrationstest {slug}")
    return Body.objects.create(name=f"Integrationstest {slug}", slug=slug, kind=Body.Kind.IOD, group=group)


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out after {WAIT_SECONDS} s waiting for {what}", pytrace=False)


def wait_for_task_success(task, result, worker):
    """The worker, not this process, ran it: its log says so."""
    pattern = re.compile(rf"Task {re.escape(task.name)}\[{re.escape(result.id)}\] succeeded")
    wait_for(lambda: pattern.search(worker.log()), f"the worker to log {task.name}[{result.id}] as succeeded")


def in_group(user, body) -> bool:
    return user.groups.filter(pk=body.group_id).exists()


def test_it_runs_a_task_on_a_real_worker_that_writes_to_postgresql(celery_worker):
    assert app.conf.task_always_eager is False
    user = UserFactory()
    body = a_body("integration-start")
    # The row alone, without the service: nothing has put the user in the group yet.
    Membership.objects.create(body=body, user=user, start_date=timezone.localdate())
    assert not in_group(user, body)

    result = tasks.membership_sync_user_groups.delay(user.pk)

    wait_for(lambda: in_group(user, body), "the worker to put the user in the body's group")
    wait_for_task_success(tasks.membership_sync_user_groups, result, celery_worker)
    stats = app.control.inspect(destination=[celery_worker.hostname], timeout=2).stats()
    worker_pid = stats[celery_worker.hostname]["pid"]
    assert worker_pid == celery_worker.pid
    assert worker_pid != os.getpid()


def test_it_ends_a_membership_that_ended_yesterday_in_the_nightly_task(celery_worker):
    today = timezone.localdate()
    user = UserFactory()
    body = a_body("integration-end")
    Membership.objects.create(
        body=body,
        user=user,
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=1),
    )
    user.groups.add(body.group)  # as the service left it while the membership was active

    result = tasks.memberships_sync_groups.delay()

    wait_for(lambda: not in_group(user, body), "the worker to take the user out of the group")
    wait_for_task_success(tasks.memberships_sync_groups, result, celery_worker)
