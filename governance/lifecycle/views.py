"""A project's requests to its bodies: ask for the next gate, ask to change course, the request's page
(answer it at a held meeting, withdraw it). Who may: governance.permissions (can_request_for,
can_answer_request, is_own_request); the services enforce the same."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance.lifecycle import selectors, services
from governance.lifecycle.forms import ChangeRequestForm, GateRequestForm, RequestAnswerForm
from governance.permissions import can_answer_request, can_request_for, is_own_request
from portfolio.dates import danish_date
from portfolio.forms import REFUSED, form_service
from portfolio.history import history_entries
from portfolio.models import Project
from portfolio.services import project_stale_scope


def _requestable_project(request, pk) -> Project:
    project = get_object_or_404(Project.objects.filter(archived=False).select_related("leader"), pk=pk)
    if not can_request_for(request.user, project):
        raise PermissionDenied
    return project


@require_http_methods(["GET", "POST"])
def gate_request_create(request, pk):
    project = _requestable_project(request, pk)
    refusal = selectors.gate_refusal(project)
    if refusal:
        messages.error(request, refusal)
        return redirect(project)
    from_phase, to_phase = selectors.next_gate(project)
    items = selectors.gate_checklist(project, from_phase, to_phase)
    form = GateRequestForm(
        request.POST if request.method == "POST" else None,
        items=items,
        stale_scope=project_stale_scope(project),
    )
    project_request = form_service(
        form,
        lambda data: services.gate_request_create(
            actor=request.user,
            project=project,
            to_phase=to_phase,
            answers=form.answers(),
            version=data["version"],
            submit_token=data["submit_token"],
        ),
    )
    if project_request is not REFUSED:
        messages.success(request, _sent_message(project_request))
        return redirect("governance:request-detail", pk=project_request.pk)
    return render(
        request,
        "governance/lifecycle/gate_request_form.html",
        {
            "project": project,
            "form": form,
            "from_phase": selectors.phase_label(from_phase),
            "to_phase": selectors.phase_label(to_phase),
            "body": selectors.gate_body(from_phase, to_phase),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def change_request_create(request, pk):
    project = _requestable_project(request, pk)
    if project.is_finished:
        messages.error(request, selectors.FINISHED_MESSAGE.format(phase=selectors.phase_label(project.phase)))
        return redirect(project)
    form = ChangeRequestForm(request.POST if request.method == "POST" else None)
    project_request = form_service(
        form, lambda data: services.change_request_create(actor=request.user, project=project, **data)
    )
    if project_request is not REFUSED:
        messages.success(request, _sent_message(project_request))
        return redirect("governance:request-detail", pk=project_request.pk)
    return render(
        request,
        "governance/lifecycle/change_request_form.html",
        {
            "project": project,
            "form": form,
            "body": selectors.deciding_body(selectors.change_body_kind(project)),
        },
        status=400 if form.is_bound else 200,
    )


def _sent_message(project_request) -> str:
    if project_request.agenda_item_id:
        meeting = project_request.agenda_item.meeting
        return (
            f"Anmodningen er sendt til {project_request.body} og sat på dagsordenen til mødet "
            f"den {danish_date(meeting.date)}."
        )
    return (
        f"Anmodningen er sendt til {project_request.body}. Organet har intet møde planlagt; "
        "anmodningen kommer på dagsordenen, når næste møde oprettes."
    )


def _request(pk):
    project_request = selectors.request_for_page(pk)
    if project_request is None:
        raise Http404("Anmodningen findes ikke.")
    return project_request


def _detail(request, project_request, *, answer_form=None, status=200):
    stage = selectors.request_stage(project_request)
    refusal = services.answer_refusal(project_request)
    may_answer = refusal is None and can_answer_request(request.user, project_request)
    context = {
        "req": project_request,
        "project": project_request.project,
        "stage": stage,
        "may_answer": may_answer,
        "own": is_own_request(request.user, project_request),
        "history": history_entries(project_request.history.all()),
    }
    if may_answer:
        context["answer_form"] = answer_form or RequestAnswerForm(project_request=project_request)
    elif answer_form is not None:
        context["refusals"] = [*answer_form.non_field_errors()]
    return render(request, "governance/lifecycle/request_detail.html", context, status=status)


@require_safe
def request_detail(request, pk):
    return _detail(request, _request(pk))


@require_POST
def request_answer(request, pk):
    project_request = _request(pk)
    if not can_answer_request(request.user, project_request):
        raise PermissionDenied
    form = RequestAnswerForm(request.POST, project_request=project_request)
    answered = form_service(
        form,
        lambda data: services.request_answer(
            actor=request.user,
            project_request=project_request,
            outcome=data["outcome"],
            text=data["text"],
            submit_token=data["submit_token"],
        ),
    )
    if answered is not REFUSED:
        project_request.refresh_from_db()
        state = project_request.get_state_display().lower()
        messages.success(request, f"Svaret er registreret: {state}.")
        return redirect("governance:request-detail", pk=project_request.pk)
    return _detail(request, project_request, answer_form=form, status=400)


@require_POST
def request_withdraw(request, pk):
    project_request = _request(pk)
    if not is_own_request(request.user, project_request):
        raise PermissionDenied
    try:
        services.request_withdraw(actor=request.user, project_request=project_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Anmodningen er trukket tilbage.")
    return redirect("governance:request-detail", pk=project_request.pk)
