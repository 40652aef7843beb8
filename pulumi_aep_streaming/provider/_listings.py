"""What one provider process lists once and shares between its calls: per kind, the entities an
earlier command made (the leftover check of creates) and the entities a refresh reads.

One provider process serves one engine operation, so nothing here outlives a command.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

# A kind with more entities than this in the sandbox is not listed whole.
LISTING_LIMIT = 1000

T = TypeVar("T")


class PerKind(Generic[T]):
    """A value per kind, fetched once even when several calls of the kind ask at once."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._kinds: dict[str, T] = {}
        self._clears = 0

    def of(self, kind: str, fetch: Callable[[], T]) -> T:
        with self._guard:
            lock = self._locks.setdefault(kind, threading.Lock())
        with lock:  # one fetch per kind, while the others of the kind wait for it
            with self._guard:
                if kind in self._kinds:
                    return self._kinds[kind]
                clears = self._clears
            value = fetch()
            with self._guard:
                if clears == self._clears:  # a clear during the fetch: the value may predate a write
                    self._kinds[kind] = value
            return value

    def clear(self) -> None:
        with self._guard:
            self._kinds.clear()
            self._clears += 1


class EarlierEntities(PerKind["list[Any] | None"]):
    """Per kind, the entities made before this process started, listed once and shared by every
    create of the kind; and which of them a resource has taken."""

    def __init__(self) -> None:
        super().__init__()
        self._taken: set[str] = set()

    def take(self, entity_id: str) -> bool:
        """Claim an entity for one resource; False when another resource or a delete has it."""
        with self._guard:
            if entity_id in self._taken:
                return False
            self._taken.add(entity_id)
            return True


EARLIER = EarlierEntities()

# Per kind, every entity as one listing saw it, by id, for the reads of one refresh. The engine
# reads every resource of a stack at once: a listing per kind (a page per 100 entities) replaces a
# GET per resource. A snapshot only answers reads (never a create or update), a miss falls back to
# a GET, and any write by this process clears them all.
READS: PerKind[dict[str, Any] | None] = PerKind()
READING: ContextVar[bool] = ContextVar("reading", default=False)  # serving a Read RPC


@contextlib.contextmanager
def reading() -> Iterator[None]:
    """Read as a refresh reads, within the block: each kind from one listing, however many
    entities of it are read (``aep-streaming export`` reads a sandbox this way)."""
    token = READING.set(True)
    try:
        yield
    finally:
        READING.reset(token)


# The engine works through a stack a few steps at a time, in state order, where each kind sits
# together: listing a kind only when its first read (or, for leftovers, its first create) comes up
# puts a round trip per kind on the way, one after another. The first read or create of a command
# starts every kind's listing at once instead.
_start_lock = threading.Lock()
_started: set[str] = set()

Listings = Mapping[str, Callable[[], "list[Any] | None"]]


def start_once(purpose: str, plan: Callable[[], list[Callable[[], Any]]]) -> None:
    """Once per process and ``purpose``, start the calls ``plan()`` names in the background. Each
    fills a per-kind value (READS, EARLIER) that the calls of the kind then wait for; one that
    fails is tried again by the first call of its kind, which reports the error."""
    with _start_lock:
        if purpose in _started:
            return
        _started.add(purpose)
    for call in plan():
        # Daemon threads: the engine ends the process with SIGINT and waits for it to exit, which a
        # pool's threads would delay until a listing nothing needs (a kind the stack lacks) is done.
        threading.Thread(target=_quietly, args=(call,), name=f"aep-{purpose}", daemon=True).start()


def _quietly(call: Callable[[], Any]) -> None:
    with contextlib.suppress(Exception):  # the first call of the kind asks again and reports it
        call()


def where(kind: str, aep: Any) -> str:
    """What a kind's listings are kept under: the kind in one sandbox (a command may reach several)."""
    return f"{kind} in {aep.settings.sandbox_name}"


def snapshot(kind: str, every: Callable[[], list[Any] | None]) -> Callable[[], Any]:
    """The call that lists ``kind`` into READS (what ``find`` answers reads from)."""
    return functools.partial(READS.of, kind, functools.partial(_snapshot, every))


def at_most(entities: Iterable[Any]) -> list[Any] | None:
    """The entities of a listing (read page by page), or None when there are more than LISTING_LIMIT."""
    held = list(itertools.islice(entities, LISTING_LIMIT + 1))
    return None if len(held) > LISTING_LIMIT else held


def find(kind: str, entity_id: str, every: Callable[[], list[Any] | None], get: Callable[[], Any]) -> Any:
    """An entity of ``kind``, or None when it is gone: during a Read RPC, from this process's listing
    of the kind (``every()``, see READS); otherwise, or when the listing does not hold it, from
    ``get()`` (a GET by id)."""
    if READING.get():
        listed = snapshot(kind, every)()
        if listed is not None and entity_id in listed:
            return listed[entity_id]
    return get()


def _snapshot(every: Callable[[], list[Any] | None]) -> dict[str, Any] | None:
    entities = every()
    return None if entities is None else {e.id: e for e in entities}
