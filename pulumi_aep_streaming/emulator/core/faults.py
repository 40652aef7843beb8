"""Fault injection: latency, throttling, server errors and lost responses, by method, path and rate.

Rules are posted to ``/_emulator/faults``; the ASGI middleware here applies them to every other
path. ``drop`` lets the request run and commit, then closes the connection without an answer:
the case a client must survive without creating a duplicate.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

FaultKind = Literal["latency", "status", "drop"]


@dataclass
class Fault:
    kind: FaultKind
    path: str = "*"
    method: str = "*"
    rate: float = 1.0
    latency_ms: int = 0
    status: int = 503
    retry_after: float | None = None
    remaining: int | None = None
    after: int = 0
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def matches(self, method: str, path: str) -> bool:
        return (self.method in ("*", method)) and fnmatch.fnmatchcase(path, self.path)

    @classmethod
    def parse(cls, raw: Any) -> Fault:
        """Validate a posted rule; raises ValueError naming the bad field."""
        if not isinstance(raw, dict):
            raise ValueError("a fault is a JSON object")
        kind = raw.get("kind")
        if kind not in ("latency", "status", "drop"):
            raise ValueError("kind must be one of latency, status, drop")
        rate = raw.get("rate", 1.0)
        if not isinstance(rate, int | float) or not 0 <= rate <= 1:
            raise ValueError("rate must be a number from 0 to 1")
        status = raw.get("status", 503)
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        remaining = raw.get("count")
        if remaining is not None and (not isinstance(remaining, int) or remaining < 1):
            raise ValueError("count must be a positive integer (how many times the fault fires)")
        latency = raw.get("latency_ms", 0)
        if not isinstance(latency, int) or latency < 0:
            raise ValueError("latency_ms must be a non-negative integer")
        after = raw.get("after", 0)
        if not isinstance(after, int) or after < 0:
            raise ValueError("after must be a non-negative integer (matching requests let through first)")
        retry_after = raw.get("retry_after")
        if retry_after is not None and (not isinstance(retry_after, int | float) or retry_after < 0):
            raise ValueError("retry_after must be a non-negative number of seconds")
        return cls(
            kind=kind,
            path=str(raw.get("path", "*")),
            method=str(raw.get("method", "*")).upper(),
            rate=float(rate),
            latency_ms=latency,
            status=status,
            retry_after=retry_after,
            remaining=remaining,
            after=after,
        )

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["count"] = out.pop("remaining")
        return out


@dataclass
class FaultTable:
    faults: list[Fault] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)

    def add(self, fault: Fault) -> None:
        self.faults.append(fault)

    def clear(self) -> None:
        self.faults.clear()

    def fire(self, method: str, path: str) -> list[Fault]:
        """The faults that fire for this request, consuming their counts."""
        fired = []
        for fault in list(self.faults):
            if not fault.matches(method, path):
                continue
            if fault.after > 0:  # this many matching requests pass before the fault arms
                fault.after -= 1
                continue
            if self.rng.random() < fault.rate:
                fired.append(fault)
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self.faults.remove(fault)
        return fired


def _error_body(status: int) -> bytes:
    if status == 429:
        return json.dumps({"error_code": "429050", "message": "Too many requests"}).encode()
    return json.dumps(
        {
            "type": "/placeholder/type/uri",
            "status": status,
            "title": "Injected fault",
            "detail": "fault injected by the emulator",
        }
    ).encode()


class FaultMiddleware:
    """Applies the fault table; ``on_injected`` is told of requests it answers itself."""

    def __init__(self, app: ASGIApp, table: FaultTable, on_injected: Callable[[Scope], None]) -> None:
        self.app = app
        self.table = table
        self.on_injected = on_injected

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_emulator/") or not self.table.faults:
            await self.app(scope, receive, send)
            return
        fired = self.table.fire(scope["method"], scope["path"])
        delay = sum(f.latency_ms for f in fired if f.kind == "latency")
        if delay:
            await asyncio.sleep(delay / 1000)
        failing = next((f for f in fired if f.kind == "status"), None)
        if failing is not None:
            self.on_injected(scope)
            headers = [(b"content-type", b"application/json")]
            if failing.retry_after is not None:
                headers.append((b"retry-after", str(failing.retry_after).encode()))
            await send({"type": "http.response.start", "status": failing.status, "headers": headers})
            await send({"type": "http.response.body", "body": _error_body(failing.status)})
            return
        if any(f.kind == "drop" for f in fired):
            await self._run_and_drop(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _run_and_drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def swallow(message: Message) -> None:
            return None

        await self.app(scope, receive, swallow)
        # uvicorn's send is a bound method of the request cycle, which holds the transport;
        # closing it makes the client see the connection drop after the work was committed.
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if transport is None:
            raise RuntimeError("response dropped by an injected fault")
        transport.close()
