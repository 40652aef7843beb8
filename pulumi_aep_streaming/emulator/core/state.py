"""The running emulator's shared state, reachable from every request."""

from __future__ import annotations

import itertools
import time
from collections import Counter, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.requests import Request

from pulumi_aep_streaming.emulator.core.faults import FaultTable
from pulumi_aep_streaming.emulator.core.sandboxes import Sandboxes
from pulumi_aep_streaming.emulator.core.store import Store
from pulumi_aep_streaming.emulator.settings import EmulatorSettings

T = TypeVar("T")

# How many answered requests the request log keeps (the oldest go first).
REQUEST_LOG_SIZE = 10_000


@dataclass
class Stats:
    """Request counts keyed by "METHOD path-template", IMS token grants, and the latest requests."""

    requests: Counter[str] = field(default_factory=Counter)
    tokens_issued: int = 0
    # API requests being answered now, and the most at once since the last clear (how parallel a client is).
    in_flight: int = 0
    max_in_flight: int = 0
    log: deque[dict[str, object]] = field(default_factory=lambda: deque(maxlen=REQUEST_LOG_SIZE))

    def count(self, key: str) -> None:
        self.requests[key] += 1

    def record(self, method: str, path: str, status: int) -> None:
        """Log one answered request, as a client would see it (the concrete path, not a template)."""
        self.log.append({"method": method, "path": path, "status": status})

    def started(self) -> None:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def finished(self) -> None:
        self.in_flight -= 1

    def token_issued(self) -> None:
        self.tokens_issued += 1

    def snapshot(self) -> dict[str, object]:
        return {
            "requests": dict(self.requests),
            "total": sum(self.requests.values()),
            "tokensIssued": self.tokens_issued,
            "inFlight": self.in_flight,
            "maxInFlight": self.max_in_flight,
        }

    def clear(self) -> None:
        self.requests.clear()
        self.log.clear()
        self.tokens_issued = 0
        self.max_in_flight = self.in_flight


@dataclass
class EmulatorState:
    settings: EmulatorSettings
    store: Store
    stats: Stats = field(default_factory=Stats)
    faults: FaultTable = field(default_factory=FaultTable)
    _xaction: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _memo: dict[Hashable, Any] = field(default_factory=dict)
    _memo_generation: int = -1
    sandboxes: Sandboxes = field(init=False)

    def __post_init__(self) -> None:
        self.sandboxes = Sandboxes(self.store, self.settings)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, remembered until the next write that can change how records are processed."""
        if self._memo_generation != self.store.generation:
            self._memo.clear()
            self._memo_generation = self.store.generation
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    def xaction_id(self) -> tuple[int, str]:
        """(receivedTimeMs, DCS transaction id ``{ms}:{n}:{n}``)."""
        now = int(time.time() * 1000)
        n = next(self._xaction)
        return now, f"{now}:{n % 10000}:{n // 10000 % 1000}"


def state_of(request: Request) -> EmulatorState:
    emulator: EmulatorState = request.app.state.emulator
    return emulator
