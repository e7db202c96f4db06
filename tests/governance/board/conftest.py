import pytest

from tests.governance.board.thursday_series import save_thursdays


@pytest.fixture
def thursdays(programme_member):
    """The Thursday series of thursday_series.py, saved by a programme group member: {date: period}."""
    return save_thursdays(programme_member)
