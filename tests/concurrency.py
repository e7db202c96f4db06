"""Run calls at the same moment, each in its own thread with its own database connection.

For the race tests: they need committed data (`django_db(transaction=True, serialized_rollback=True)`)
and PostgreSQL (`require_service("postgresql")`), whose row locks and unique indexes are what is tested.
Each thread connects first, then all wait on one barrier and are released together; whatever a call
returns or raises is its outcome. No sleeps: the barrier is the only timing.
"""

import dataclasses
import threading
from collections.abc import Callable

from django.db import connections

# A call that has not finished by then is hanging (a deadlock the database did not break): a failure.
JOIN_SECONDS = 60


@dataclasses.dataclass
class Outcome:
    value: object = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def run_together(*calls: Callable[[], object]) -> list[Outcome]:
    """Start every call at once; return their outcomes in the order given."""
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            connections["default"].ensure_connection()
            barrier.wait(timeout=JOIN_SECONDS)
            outcomes[index].value = call()
        except BaseException as error:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[index].error = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call), daemon=True) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a concurrent call hung"
    return outcomes
