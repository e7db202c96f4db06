"""A form posted without any field, by a persona allowed to use it, is refused with the form's Danish
errors and changes nothing: an empty POST must never be answered as if it were a GET (a blank form and
no word of why), nor saved.

Every form row of the authorisation table (tests/security/test_authorisation_matrix.py) is tried, so a
new form is covered the day it gets its row.
"""

import re

import pytest

from tests.security.test_authorisation_matrix import EXPECTED, FORM, OK, PERSONAS, _path
from tests.security.world import fingerprint

# Forms for which a POST without fields is a valid answer, and why.
VALID_WHEN_EMPTY = {
    # The grid of amounts: an empty cell is 0, so an empty grid is a business case of zeros (in history).
    "benefits:business-case-edit": "tomme celler er 0",
    "benefits:business-case-edit (other)": "tomme celler er 0",
}
FORMS = [key for key, (kind, *_cells) in EXPECTED.items() if kind == FORM and key not in VALID_WHEN_EMPTY]
# Where the form templates show an error: beside its field (after a hidden "Fejl:" for screen readers),
# or in an error alert above the form.
ERROR = re.compile(
    r'class="form-error-message"[^>]*>\s*(?:<span class="sr-only">Fejl: </span>)?(.*?)</span>'
    r'|class="alert alert-error"[^>]*>.*?<p class="alert-(?:heading|text)">(.*?)</p>',
    re.S,
)
TAGS = re.compile(r"<[^>]+>")


def permitted_persona(key):
    _kind, *cells = EXPECTED[key]
    return next(persona for persona, cell in zip(PERSONAS, cells, strict=True) if cell == OK)


def shown_errors(response) -> list[str]:
    found = ERROR.findall(response.content.decode())
    return [" ".join(TAGS.sub(" ", field or alert).split()) for field, alert in found]


def test_it_tries_every_form_of_the_site():
    assert len(FORMS) >= 25
    assert {"portfolio:project-create", "governance:idea-create", "governance:meeting-edit"} <= set(FORMS)


@pytest.mark.parametrize("key", FORMS)
def test_it_refuses_an_empty_post_with_danish_errors_and_changes_nothing(in_world, key):
    persona = permitted_persona(key)
    before = fingerprint()
    response = in_world.client(persona).post(_path(in_world, key), {})
    changed = {table: (n, before[table]) for table, n in fingerprint().items() if n != before[table]}
    assert response.status_code in (200, 400), (persona, response.status_code)
    errors = shown_errors(response)
    assert any(errors), f"{persona}: the form came back without an error"
    assert not changed
