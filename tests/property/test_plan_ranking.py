"""Property (stateful): whatever sequence of adds, moves (with htmx and without), removals, edits,
submissions and send-backs the programme group and the steering group post to the indsatsplan, its
ranks stay exactly 1..n in the order the operations imply, every change is in the history under the
person who made it, every refusal is in Danish and changes nothing, and nothing raises."""

from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from focusareas.models import FocusArea
from governance.bodies import services as body_services
from governance.models import AnnualPlan, AnnualPlanItem
from governance.plans import services as plan_services
from tests.edit_tokens import scope_token
from tests.factories import ProjectFactory, UserFactory, body, current_focus_area
from tests.property.support import (
    PROPERTY_SETTINGS,
    assert_danish,
    assert_shows_danish_errors,
    flash_messages,
    form_bodies,
    logged_in,
    means_number,
    mostly,
    number_texts,
    occurrences,
    outside_choices,
    plain_texts,
    post,
    received,
    texts,
    words,
)

pytestmark = pytest.mark.django_db

# Stand for primary keys that exist only once the fixtures have run.
PROJECTS = ["<project-1>", "<project-2>", "<project-3>"]
ARCHIVED, OLD_AREA = "<archived>", "<old-area>"
AREAS = ["<area-1>", "<area-2>", "<area-6>"]

ITEM_VALID = {
    "project": st.sampled_from([*PROJECTS, "", ""]),
    "activity": mostly(st.just(""), words, one_in=2),
    "rationale": plain_texts,
    "hours": st.one_of(
        st.just(""), st.integers(0, 10**6).map(str), st.sampled_from(["1.000", "2.500", "1 200"])
    ),
    "amount": st.one_of(
        st.just(""),
        st.integers(0, 10**9).map(str),
        st.sampled_from(["1.500", "1.234,50", "0,5", "250000", "1 000"]),
    ),
    "focus_areas": st.lists(st.sampled_from(AREAS), unique=True, max_size=2),
}
ITEM_ADVERSARIAL = {
    "project": st.one_of(st.sampled_from([ARCHIVED, "999999", "0", "-1", "1.5"]), number_texts),
    "activity": texts,
    "rationale": texts,
    "hours": number_texts,
    "amount": number_texts,
    "focus_areas": st.one_of(st.sampled_from([OLD_AREA, "999999", "abc", ""]), number_texts),
}
# Mostly a project or an activity, as the form asks; sometimes both, neither, or a project twice.
WHAT = {
    "project": {"project": st.sampled_from(PROJECTS), "activity": st.just("")},
    "activity": {"project": st.just(""), "activity": words},
    "free": {},
}
item_bodies = st.sampled_from(["project", "activity", "free"]).flatmap(
    lambda what: form_bodies({**ITEM_VALID, **WHAT[what]}, ITEM_ADVERSARIAL)
)
directions = occurrences(mostly(st.sampled_from(["up", "down"]), outside_choices(["up", "down"]), one_in=4))
# An item of the plan by its place (modulo the plan's length), or one that is gone or never was.
picks = mostly(st.integers(0, 20), st.sampled_from(["removed", "missing"]))
htmx = st.booleans()
EDITABLE = (AnnualPlan.Status.DRAFT, AnnualPlan.Status.SENT_BACK)


# What the runs did, by operation and answer: printed at the end (pytest -s), since hypothesis's own
# statistics do not cover a state machine run with run_state_machine_as_test.
OUTCOMES = Counter()


def _hx(on):
    return {"headers": {"HX-Request": "true"}} if on else {}


class PlanRanking(RuleBasedStateMachine):
    """One draft plan per run, inside a savepoint that teardown rolls back. `expected` is the ranking the
    operations imply: item primary keys, best first."""

    people = None  # set by the test: the fixtures, built once

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        people = self.people
        self.programme, self.steering = people["programme"], people["steering"]
        self.placeholders = people["placeholders"]
        self.plan = plan_services.annual_plan_start(actor=self.programme, year=2027)
        self.editor = logged_in(self.programme)
        self.reviewer = logged_in(self.steering)
        self.expected: list[int] = []
        self.removed: list[int] = []
        self.history_seen = self._last_history_id()

    @initialize(count=st.integers(1, 6))
    def items_to_start_with(self, count):
        """A plan that already has items, so that moves and removals have something to work on."""
        for number in range(1, count + 1):
            item = plan_services.plan_item_add(
                actor=self.programme, plan=self.plan, activity=f"Aktivitet {number}"
            )
            self.expected.append(item.pk)
        self.history_seen = self._last_history_id()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- helpers ------------------------------------------------------------------------------------------

    def _last_history_id(self):
        latest = AnnualPlanItem.history.order_by("-history_id").first()
        return latest.history_id if latest else 0

    def _new_history(self):
        records = list(AnnualPlanItem.history.filter(history_id__gt=self.history_seen).order_by("history_id"))
        self.history_seen = self._last_history_id()
        return records

    def _status(self):
        return AnnualPlan.objects.get(pk=self.plan.pk).status

    def _editable(self):
        return self._status() in EDITABLE

    def _ranking(self):
        return list(
            AnnualPlanItem.objects.filter(plan=self.plan).order_by("rank", "pk").values_list("pk", "rank")
        )

    def _items_state(self):
        return list(AnnualPlanItem.objects.filter(plan=self.plan).order_by("pk").values()), [
            list(item.focus_areas.order_by("pk").values_list("pk", flat=True))
            for item in AnnualPlanItem.objects.filter(plan=self.plan).order_by("pk")
        ]

    def _pk(self, pick):
        if isinstance(pick, int) and self.expected:
            return self.expected[pick % len(self.expected)]
        if pick == "removed" and self.removed:
            return self.removed[-1]
        return 999_999

    def _resolve(self, pairs):
        return [(key, self.placeholders.get(value, value)) for key, value in pairs]

    def _assert_unchanged(self, before):
        assert self._items_state() == before, "afvist, men punkterne er ændret"
        assert self._new_history() == [], "afvist, men der er skrevet historik"

    def _assert_changes_by(self, user, count=None):
        records = self._new_history()
        if count is not None:
            assert len(records) == count, [(r.history_type, r.rank) for r in records]
        assert {record.history_user_id for record in records} <= {user.pk}
        return records

    def _check_saved(self, pk, pairs) -> AnnualPlanItem:
        """The item is valid and holds what was typed, numbers read the Danish way."""
        item = AnnualPlanItem.objects.get(pk=pk)
        item.full_clean()
        assert (item.project_id is None) != (item.activity == ""), "et projekt eller en aktivitet"
        data = received(pairs)
        assert item.activity == data.get("activity", "").strip()
        assert means_number(data.get("amount", ""), item.amount, empty=0), (data.get("amount"), item.amount)
        assert means_number(data.get("hours", ""), item.hours, empty=0), (data.get("hours"), item.hours)
        return item

    def _assert_refused_in_danish(self, response, *, htmx_on=False):
        assert response.status_code in (302, 400), response.status_code
        if htmx_on and response.status_code == 400 and b"<html" not in response.content:
            text = response.content.decode().strip()
            assert text
            assert_danish(text)
            return
        messages = flash_messages(response)
        assert messages, "afvist uden en besked"
        for message in messages:
            assert_danish(message)
        if response.status_code == 400:
            html = response.content.decode()
            assert all(escape(message) in html for message in messages)

    # --- the operations -------------------------------------------------------------------------------------

    @rule(pairs=item_bodies, htmx_on=htmx)
    def add(self, pairs, htmx_on):
        pairs = self._resolve(pairs)
        editable, before = self._editable(), self._items_state()
        url = reverse("governance:plan-item-add", args=[self.plan.year, self.plan.version])
        response = post(self.editor, url, pairs, **_hx(htmx_on))
        OUTCOMES[f"add: {response.status_code}"] += 1
        if response.status_code == 302:
            assert editable
            (new,) = [pk for pk, _ in self._ranking() if pk not in self.expected]
            self.expected.append(new)
            item = self._check_saved(new, pairs)
            assert item.rank == len(self.expected)
            # The new row, then one more record if focus areas were set (the m2m is kept in the history).
            records = self._assert_changes_by(self.programme)
            assert [record.history_type for record in records] in (["+"], ["+", "~"])
            return
        assert response.status_code == 400
        self._assert_unchanged(before)
        if editable:
            assert_shows_danish_errors(response, response.context["item_form"])
        else:
            self._assert_refused_in_danish(response)

    @rule(pick=picks, values=directions, htmx_on=htmx)
    def move(self, pick, values, htmx_on):
        pk = self._pk(pick)
        editable, before = self._editable(), self._items_state()
        direction = values[-1] if values else ""
        response = post(
            self.editor,
            reverse("governance:plan-item-move", args=[pk]),
            [("direction", value) for value in values],
            **_hx(htmx_on),
        )
        OUTCOMES[f"move{' (htmx)' if htmx_on else ''}: {response.status_code}"] += 1
        if pk not in self.expected:  # removed, or never there
            assert response.status_code == 404
            self._assert_unchanged(before)
            return
        if not editable or direction not in ("up", "down"):
            self._assert_refused_in_danish(response, htmx_on=htmx_on)
            self._assert_unchanged(before)
            return
        if htmx_on:
            assert response.status_code == 200
            assert b'id="plan-items"' in response.content and b"<html" not in response.content
        else:
            assert response.status_code == 302
        index = self.expected.index(pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(self.expected):
            self.expected[index], self.expected[other] = self.expected[other], self.expected[index]
            OUTCOMES["move: swapped two items"] += 1
            records = self._assert_changes_by(self.programme, count=2)
            assert {record.history_type for record in records} == {"~"}
        else:
            self._assert_changes_by(self.programme, count=0)  # at the end: nothing moves

    @rule(pick=picks)
    def remove(self, pick):
        pk = self._pk(pick)
        editable, before = self._editable(), self._items_state()
        response = post(self.editor, reverse("governance:plan-item-remove", args=[pk]), [])
        OUTCOMES[f"remove: {response.status_code}"] += 1
        if pk not in self.expected:
            assert response.status_code == 404
            self._assert_unchanged(before)
            return
        if not editable:
            assert response.status_code == 400
            self._assert_refused_in_danish(response)
            self._assert_unchanged(before)
            return
        assert response.status_code == 302
        below = len(self.expected) - self.expected.index(pk) - 1
        self.expected.remove(pk)
        self.removed.append(pk)
        records = self._assert_changes_by(self.programme, count=1 + below)
        assert [record.history_type for record in records].count("-") == 1

    @rule(pick=picks, pairs=item_bodies)
    def edit(self, pick, pairs):
        pk = self._pk(pick)
        pairs = self._resolve(pairs)
        editable, before = self._editable(), self._items_state()
        # The item's edit token (portfolio.stale) as its page gives it; a removed item has none.
        item = AnnualPlanItem.objects.filter(pk=pk).first()
        token = [("version", scope_token(plan_services.plan_item_scope(item)))] if item else []
        response = post(self.editor, reverse("governance:plan-item-edit", args=[pk]), pairs + token)
        OUTCOMES[f"edit: {response.status_code}"] += 1
        if pk not in self.expected:
            assert response.status_code == 404
            self._assert_unchanged(before)
            return
        if not editable:
            assert response.status_code == 302
            self._assert_refused_in_danish(response)
            self._assert_unchanged(before)
            return
        if response.status_code == 302:
            self._check_saved(pk, pairs)
            assert self._assert_changes_by(self.programme), "gemt uden historik"
            return
        assert response.status_code == 400
        self._assert_unchanged(before)
        assert_shows_danish_errors(response, response.context["form"])

    @rule(step=st.sampled_from(["submit", "send back"]), comment=st.one_of(plain_texts, texts))
    def review(self, step, comment):
        """The plan leaves the programme group's hands and comes back: one rule, so that it is drawn no
        more often than each edit."""
        if step == "submit":
            self._submit()
        else:
            self._send_back(comment)

    def _submit(self):
        editable = self._editable()
        response = post(self.editor, reverse("governance:plan-submit", args=[self.plan.year, 1]), [])
        OUTCOMES[f"submit: {response.status_code}"] += 1
        if editable and self.expected:
            assert response.status_code == 302
            assert self._status() == AnnualPlan.Status.SUBMITTED
            assert self.plan.history.latest().history_user == self.programme
        else:
            assert response.status_code == 400
            self._assert_refused_in_danish(response)
        self._assert_changes_by(self.programme, count=0)

    def _send_back(self, comment):
        status = self._status()
        response = post(
            self.reviewer,
            reverse("governance:plan-send-back", args=[self.plan.year, 1]),
            [("comment", comment)],
        )
        OUTCOMES[f"send back: {response.status_code}"] += 1
        if status == AnnualPlan.Status.SUBMITTED and response.status_code == 302:
            assert self._status() == AnnualPlan.Status.SENT_BACK
            assert AnnualPlan.objects.get(pk=self.plan.pk).review_comment == comment.strip()
            assert self.plan.history.latest().history_user == self.steering
        else:
            assert response.status_code == 400
            assert self._status() == status
            form = response.context.get("send_back_form")
            if form is not None and form.errors:
                assert_shows_danish_errors(response, form)
            else:
                self._assert_refused_in_danish(response)

    # --- what holds after every step ------------------------------------------------------------------------

    @invariant()
    def ranks_are_one_to_n_in_the_expected_order(self):
        ranking = self._ranking()
        assert [rank for _, rank in ranking] == list(range(1, len(ranking) + 1))
        assert [pk for pk, _ in ranking] == self.expected

    @invariant()
    def history_agrees_with_the_items(self):
        for pk, rank in self._ranking():
            latest = AnnualPlanItem.history.filter(id=pk).order_by("-history_id").first()
            assert latest.history_type != "-" and latest.rank == rank
        for pk in self.removed:
            assert AnnualPlanItem.history.filter(id=pk).order_by("-history_id").first().history_type == "-"


@pytest.fixture
def people(db):
    programme = UserFactory(username="egenskabs-programgruppe")
    body_services.membership_start(actor=None, body=body("programgruppe"), user=programme)
    steering = UserFactory(username="egenskabs-styregruppe")
    body_services.membership_start(actor=None, body=body("styregruppe"), user=steering)
    projects = [ProjectFactory(name=f"Planprojekt {n}") for n in (1, 2, 3)]
    archived = ProjectFactory(name="Arkiveret projekt", archived=True)
    old_area = FocusArea.objects.filter(period__is_current=False).first()
    placeholders = {
        **{placeholder: str(project.pk) for placeholder, project in zip(PROJECTS, projects, strict=True)},
        ARCHIVED: str(archived.pk),
        OLD_AREA: str(old_area.pk),
        **{f"<area-{n}>": str(current_focus_area(n).pk) for n in (1, 2, 6)},
    }
    return {"programme": programme, "steering": steering, "placeholders": placeholders}


def test_it_keeps_the_ranking_one_to_n_through_any_sequence_of_operations(people):
    PlanRanking.people = people
    run_state_machine_as_test(
        PlanRanking,
        settings=settings(
            PROPERTY_SETTINGS, max_examples=PROPERTY_SETTINGS.max_examples // 2, stateful_step_count=12
        ),
    )
    print("Indsatsplan, trin pr. handling og svar:", dict(sorted(OUTCOMES.items())))
