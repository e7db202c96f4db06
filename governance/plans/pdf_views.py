"""The indsatsplan as PDF: the download, and "Dan PDF" with its progress (the job in pdf_job.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from governance.permissions import can_export_plan
from governance.plans import pdf_job
from governance.plans.pdf import fits_in_request, render_plan_pdf
from governance.plans.selectors import plan_pdf_data
from governance.plans.views import _pdf_status_context, _plan_or_404, _plan_url


@require_safe
def plan_pdf_status(request, year, version):
    """The PDF's render status as an htmx partial; it polls itself while queued or running."""
    if not can_export_plan(request.user):
        raise PermissionDenied
    plan = _plan_or_404(year, version)
    context = {"plan": plan, "may_export": True, **_pdf_status_context(request, plan)}
    return render(request, "governance/_plan_pdf_status.html", context)


@require_POST
def plan_pdf_generate(request, year, version):
    """ "Dan PDF": queue the render (Celery; at once when tasks run eagerly) and show the plan again."""
    if not can_export_plan(request.user):
        raise PermissionDenied
    plan = _plan_or_404(year, version)
    try:
        job = pdf_job.plan_pdf_request(actor=request.user, plan=plan)
    except pdf_job.PlanPdfQueueError as error:
        messages.error(request, str(error))
    else:
        if job.status == job.Status.FAILED:
            messages.error(request, job.error or "PDF'en kunne ikke dannes.")
        elif job.status == job.Status.DONE:
            messages.success(request, "PDF'en er dannet.")
        else:
            messages.success(request, "PDF'en er bestilt. Siden viser, hvor langt den er.")
    return redirect(_plan_url(plan, "pdf"))


@require_safe
def plan_pdf(request, year, version=None):
    """The plan as PDF: the programme group, the steering group and secretaries. The stored file (made by
    "Dan PDF", Celery) when it shows the plan as it is (pdf_job.plan_pdf_is_fresh); otherwise its data
    (selectors.plan_pdf_data) rendered now if it lays out in a few pages (plan_pdf.fits_in_request), so a
    download is never stale. A larger plan is never rendered inside the request: the plan's page says to
    make it with "Dan PDF"."""
    if not can_export_plan(request.user):
        raise PermissionDenied
    plan = _plan_or_404(year, version)
    filename = f"indsatsplan-{plan.year}-v{plan.version}.pdf"
    if pdf_job.plan_pdf_is_fresh(plan):
        try:
            handle = plan.pdf.open("rb")
        except FileNotFoundError:
            pass  # the file is gone: render it instead
        else:
            return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    data = plan_pdf_data(plan)
    if not fits_in_request(data):
        messages.info(
            request,
            "Planen er for stor til, at PDF'en kan dannes med det samme. Tryk »Dan PDF«: "
            "den dannes i baggrunden, og når den er klar, henter du den med »Hent planen som PDF«.",
        )
        return redirect(_plan_url(plan, "pdf"))
    response = HttpResponse(render_plan_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
