"""Writes to the project register. Object permissions are granted here, never by hand."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from portfolio import stale
from portfolio.history import save_with_history
from portfolio.models import (
    FINISHED_PHASES,
    Phase,
    Project,
    ProjectPhasePlan,
    ProjectUserObjectPermission,
    SubmitToken,
    User,
)

# What a project's leader and deputies may do on that project.
PROJECT_ROLE_PERMISSIONS = ("change_project", "report_status")


def _project_role_holders(project: Project) -> set[int]:
    """The leader, the deputies, and those who sit for this project's lifetime in a body whose permanent
    members edit every project (the programme group: its group carries portfolio.change_project). The
    memberships are governance's, followed here by their relation name only."""
    ids = {user.pk for user in project.deputies.all()}
    if project.leader_id:
        ids.add(project.leader_id)
    today = timezone.localdate()
    ids.update(
        project.body_memberships.filter(
            Q(end_date__isnull=True) | Q(end_date__gt=today),
            start_date__lte=today,
            body__archived=False,
            body__group__permissions__codename="change_project",
            body__group__permissions__content_type__app_label="portfolio",
        )
        .exclude(role="secretary")
        .values_list("user_id", flat=True)
    )
    return ids


@transaction.atomic
def project_permissions_sync(*, project: Project) -> None:
    """Make the object permissions on `project` match its leader and deputies.

    Grants what the current role holders lack and revokes what former holders still have.
    """

    wanted = _project_role_holders(project)
    granted = set(
        ProjectUserObjectPermission.objects.filter(
            content_object=project, permission__codename__in=PROJECT_ROLE_PERMISSIONS
        ).values_list("user_id", flat=True)
    )
    for user in User.objects.filter(pk__in=wanted | granted):
        for codename in PROJECT_ROLE_PERMISSIONS:
            if user.pk in wanted:
                assign_perm(f"portfolio.{codename}", user, project)
            else:
                remove_perm(f"portfolio.{codename}", user, project)


@transaction.atomic
def project_set_people(
    *, actor, project: Project, owner=None, leader=None, deputies=(), members=()
) -> Project:
    """Set a project's people and move the project permissions with the roles."""
    project.owner = owner
    project.leader = leader
    save_with_history(project, actor=actor, update_fields=["owner", "leader", "updated_at"])
    project.deputies.set(deputies)
    project.members.set(members)
    project_permissions_sync(project=project)
    return project


def project_stale_scope(project: Project) -> stale.Scope:
    """What the project form edits; every save bumps Project.version, so the version is the token."""
    return stale.of(project, version_field="version")


LEADER_REQUIRED_MESSAGE = (
    "Vælg en projektleder. Et projekt skal have en projektleder, når det er gået videre fra idéfasen."
)


def project_require_leader(*, phase: str, leader) -> None:
    """The programme's rule: only a project still in idé may be without a leader."""
    if phase != Phase.IDEA and leader is None:
        raise ValidationError({"leader": LEADER_REQUIRED_MESSAGE})


FINISHED_PROJECT_MESSAGE = "Projektet er {phase} og kan ikke længere ændres. Gevinsterne følges stadig op."


def project_require_open(project: Project) -> None:
    """Refuse any change to a closed or stopped project (read from the database, not the form's copy).
    Its benefits are not the project's to lock: their owners go on measuring them."""
    phase = Project.objects.filter(pk=project.pk).values_list("phase", flat=True).first()
    if phase in FINISHED_PHASES:
        raise ValidationError(FINISHED_PROJECT_MESSAGE.format(phase=Phase(phase).label.lower()))


@transaction.atomic
def project_save(*, actor, project: Project, focus_areas, deputies, version=None) -> Project:
    """Create or update a project from validated form data already set on `project`.

    An update carries the token (`version`) the user started from; if another save came first, or the
    token is missing, nothing is written and stale.StaleEditError tells what the other person changed.
    """
    creating = project.pk is None
    new_phase = None
    if creating:
        project_require_leader(phase=project.phase, leader=project.leader_id)
        project.version = 1
        save_with_history(project, actor=actor)
    else:
        project_require_open(project)
        stale.check(project_stale_scope(project), version)
        current = Project.objects.select_for_update().get(pk=project.pk)
        new_phase = _phase_change_check(actor=actor, current=current, project=project)
        project_require_leader(phase=new_phase or current.phase, leader=project.leader_id)
        # The phase moves below through project_phase_set, which keeps the phase trail.
        project.phase = current.phase
        project.version = current.version + 1
        save_with_history(project, actor=actor)
    # Areas of earlier strategy periods stay: the form edits only the current period's.
    earlier = list(project.focus_areas.exclude(period__is_current=True)) if not creating else []
    project.focus_areas.set([*earlier, *focus_areas])
    project.deputies.set(deputies)
    project_permissions_sync(project=project)
    if new_phase is not None:
        project_phase_set(actor=actor, project=project, phase=new_phase)
    return project


MODEL_CHANGE_MESSAGE = "Kun programgruppen kan skifte et projekts projektmodel."
MODEL_AND_PHASE_MESSAGE = (
    "Projektmodel og fase kan ikke skiftes i samme gemning. Skift modellen først, og gem fasen bagefter."
)
STANDARD_PHASE_MESSAGE = (
    "Et projekt i standardmodellen skifter kun fase ved en fasegodkendelse i det organ, der har mandatet."
)


def may_change_project_model(user) -> bool:
    """The project model is the programme group's choice: a permanent member carries the global right to
    edit every project; a leader's right on their own project is not enough."""
    return user.is_authenticated and user.is_active and user.has_perm("portfolio.change_project")


def _phase_change_check(*, actor, current: Project, project: Project) -> str | None:
    """Refuse what would pass a phase gate without its decision; return the new phase of a light-model
    project that the form moved, or None."""

    model_changed = project.project_model != current.project_model
    phase_changed = project.phase != current.phase
    if model_changed and not may_change_project_model(actor):
        raise ValidationError({"project_model": MODEL_CHANGE_MESSAGE})
    if model_changed and phase_changed:
        raise ValidationError({"phase": MODEL_AND_PHASE_MESSAGE})
    if phase_changed and current.project_model == Project.ProjectModel.STANDARD:
        raise ValidationError({"phase": STANDARD_PHASE_MESSAGE})
    return project.phase if phase_changed else None


@transaction.atomic
def project_item_save(*, actor, item, version=None):
    """Save a project's milestone or risk after validating it, recording who did it. An edit carries
    the token its form was based on (portfolio.stale)."""
    project_require_open(item.project)
    if item.pk is not None:
        stale.check(stale.of(item), version)
        _keep_stored_uneditable(item)
    save_with_history(item, actor=actor, clean=True)
    return item


def _keep_stored_uneditable(item) -> None:
    """Fields no form edits (a milestone's baseline date) keep their stored value, whatever the object
    loaded before the row was locked says: a save never undoes a baseline frozen meanwhile."""
    model = type(item)
    names = [f.attname for f in model._meta.concrete_fields if not f.editable and not f.primary_key]
    if names:
        stored = model._default_manager.filter(pk=item.pk).values(*names).first() or {}
        for name, value in stored.items():
            setattr(item, name, value)


@transaction.atomic
def milestone_archive(*, actor, milestone):
    """Milestones are never deleted: archived ones leave the page but stay in the history."""
    project_require_open(milestone.project)
    milestone.archived = True
    save_with_history(milestone, actor=actor, update_fields=["archived"])
    return milestone


# --- Phase changes: the one write that moves a project between phases -------------------------------

PHASE_SET_CHECKLIST_MESSAGE = (
    "Projektet kan først gå videre fra analyse, når databeskyttelsesrådgiver, "
    "informationssikkerhedskoordinator og IT og Digitalisering er inddraget."
)


@transaction.atomic
def project_phase_set(*, actor, project: Project, phase: str) -> Project:
    """Move `project` to `phase`, recording who did it in the project's history.

    Enforces the programme's start-phase rule: a project leaves analyse (for any phase but stoppet)
    only with the first three START_CHECKLIST_FIELDS done. Who may decide a move (governance's phase
    gates) is checked by the caller. Raises ValidationError in Danish; nothing is written then."""
    if phase not in Phase.values:
        raise ValidationError("Ukendt fase.")
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current.phase == phase:
        raise ValidationError(f"Projektet er allerede i fasen {Phase(phase).label.lower()}.")
    leaving_analysis = current.phase == Phase.ANALYSIS and phase != Phase.STOPPED
    if leaving_analysis and not current.start_checklist_required_done:
        raise ValidationError(PHASE_SET_CHECKLIST_MESSAGE)
    today = timezone.localdate()
    old_phase = current.phase
    current.phase = phase
    current.version += 1
    save_with_history(current, actor=actor, update_fields=["phase", "version", "updated_at"])
    # The phase timeline: the old phase ends today, the new one starts today (dates already set stay).
    # Afsluttet and stoppet are a day, not a span: they end the day they start (never "i gang").
    old_plan = ProjectPhasePlan.objects.filter(project=current, phase=old_phase).first()
    if old_plan is not None and old_plan.actual_end is None:
        old_plan.actual_end = max(today, old_plan.actual_start or today)
        save_with_history(old_plan, actor=actor, update_fields=["actual_end"])
    new_plan, _ = ProjectPhasePlan.objects.get_or_create(project=current, phase=phase)
    changed = []
    if new_plan.actual_start is None:
        new_plan.actual_start = today if new_plan.actual_end is None else min(today, new_plan.actual_end)
        changed.append("actual_start")
    if phase in (Phase.CLOSED, Phase.STOPPED) and new_plan.actual_end is None:
        new_plan.actual_end = new_plan.actual_start
        changed.append("actual_end")
    if changed:
        save_with_history(new_plan, actor=actor, update_fields=changed)
    project.phase = current.phase
    project.version = current.version
    return current


# --- One-time submit tokens: a create form posted twice creates once ----------------------------------
#
# A create form carries a hidden `submit_token` (portfolio.forms.SubmitTokenField), new each time the form
# is shown. The service that creates what the form submits passes its `create` to submit_once, which spends
# the token in the same transaction: a SubmitToken row, unique on the token, inserted BEFORE the object is
# created. A second POST of the same form (double click, resubmit, back and send again) then either waits on
# that unique index until the first commits and finds the token spent, or finds it spent at once, and gets
# the first's object back instead of creating another. If the first fails (a ValidationError rolls its
# transaction back), the token was never spent and the corrected form may be sent with it. Edit forms are not
# for this: their stale-save check is a different mechanism. Tokens are per user: someone else's spent
# token is refused.

SUBMIT_REFUSED_MESSAGE = "Formularen er allerede sendt. Hent siden igen, og udfyld formularen på ny."


def submit_once(*, actor, submit_token: str, model, create):
    """Return create() (an unsaved-then-saved `model` instance), or, if `submit_token` was spent already by
    `actor` on a `model`, the instance that spent it. An empty token means no deduplication. Call it inside
    the creating service's transaction, after its permission checks."""
    if not submit_token:
        return create()
    try:
        with transaction.atomic():
            spent = SubmitToken.objects.create(token=submit_token, user=actor)
    except IntegrityError:
        spent = SubmitToken.objects.filter(token=submit_token).select_related("content_type").first()
        content_type = ContentType.objects.get_for_model(model)
        if spent is None or spent.user_id != actor.pk or spent.content_type_id != content_type.pk:
            raise ValidationError(SUBMIT_REFUSED_MESSAGE) from None
        existing = model._default_manager.filter(pk=spent.object_id).first()
        if existing is None:
            raise ValidationError(SUBMIT_REFUSED_MESSAGE) from None
        existing.submit_replayed = True
        return existing
    created = create()
    spent.content_type = ContentType.objects.get_for_model(model)
    spent.object_id = created.pk
    spent.save(update_fields=["content_type", "object_id"])
    return created
