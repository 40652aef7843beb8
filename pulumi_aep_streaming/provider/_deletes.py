"""The deletes a provider process has in flight, so that a delete AEP refuses because of another
entity that is being deleted at the same moment can wait for it and try once more.

The engine deletes the entities of a `pulumi up --replace` of several resources (each replaced
delete-first) all at once, dependency or not: a target connection's delete may reach AEP while the
flow that uses it is still being deleted, and AEP refuses it (FLOW-1447).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# How long a refused delete waits for the others in flight before it tries again.
WAIT_SECONDS = 120.0
# The engine's deletes of one wave reach the process within moments of each other, in any order: a
# refused delete also waits this long for one that has not arrived yet.
SETTLE_SECONDS = 0.25


class Deletes:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._busy: set[int] = set()
        self._tickets = itertools.count()

    @contextmanager
    def running(self) -> Iterator[int]:
        """Count a delete as in flight while the block runs; yields its ticket."""
        with self._changed:
            ticket = next(self._tickets)
            self._busy.add(ticket)
            self._changed.notify_all()  # a refused delete settling for one that arrives late wakes now
        try:
            yield ticket
        finally:
            with self._changed:
                self._busy.discard(ticket)
                self._changed.notify_all()

    def wait_for_others(self, ticket: int, timeout: float = WAIT_SECONDS) -> bool:
        """Wait until no delete besides ``ticket`` is in flight (those that start meanwhile included);
        False if there was none to wait for, then or shortly after.

        The waiting delete does not count as in flight meanwhile, so two refused deletes never wait
        for each other.
        """
        with self._changed:
            self._busy.discard(ticket)
            try:
                if not self._busy and not self._changed.wait_for(lambda: bool(self._busy), SETTLE_SECONDS):
                    return False
                self._changed.wait_for(lambda: not self._busy, timeout)
                return True
            finally:
                self._busy.add(ticket)


DELETES = Deletes()
