"""The running emulator's shared state, reachable from every request."""

from __future__ import annotations

import itertools
import time
from collections import Counter
from dataclasses import dataclass, field

from starlette.requests import Request

from .faults import FaultTable
from .settings import EmulatorSettings
from .store import Store


@dataclass
class Stats:
    """Request counts keyed by "METHOD path-template", plus IMS token grants."""

    requests: Counter[str] = field(default_factory=Counter)
    tokens_issued: int = 0

    def count(self, key: str) -> None:
        self.requests[key] += 1

    def token_issued(self) -> None:
        self.tokens_issued += 1

    def snapshot(self) -> dict[str, object]:
        return {
            "requests": dict(self.requests),
            "total": sum(self.requests.values()),
            "tokensIssued": self.tokens_issued,
        }

    def clear(self) -> None:
        self.requests.clear()
        self.tokens_issued = 0


@dataclass
class EmulatorState:
    settings: EmulatorSettings
    store: Store
    stats: Stats = field(default_factory=Stats)
    faults: FaultTable = field(default_factory=FaultTable)
    _xaction: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def xaction_id(self) -> tuple[int, str]:
        """(receivedTimeMs, DCS transaction id ``{ms}:{n}:{n}``)."""
        now = int(time.time() * 1000)
        n = next(self._xaction)
        return now, f"{now}:{n % 10000}:{n // 10000 % 1000}"


def state_of(request: Request) -> EmulatorState:
    emulator: EmulatorState = request.app.state.emulator
    return emulator
