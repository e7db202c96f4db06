"""The status report's pages, as the status tests reach them."""


def new_url(project):
    return f"/projects/{project.pk}/status/new/"


def detail_url(report):
    return f"/projects/{report.project_id}/status/{report.pk}/"


def edit_url(report):
    return f"/projects/{report.project_id}/status/{report.pk}/edit/"


def correct_url(report):
    return f"/projects/{report.project_id}/status/{report.pk}/correct/"
