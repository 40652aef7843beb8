"""Stream records into an inlet: batches within DCS's limits, a bounded number in flight, an
optional rate cap, and every record accounted for (accepted, rejected with its reason, or not
sent because the run stopped).

Retries belong to the client's transport: it repeats a post only when DCS said it did not take it
(429, 503, honouring Retry-After) or the connection was never made, since a repeated post could
ingest twice.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ...client import AepError, Inlet
from .records import Record

# DCS refuses a request body over 1 MB (413), batch or single.
MAX_REQUEST_BYTES = 1024 * 1024
_ENVELOPE_BYTES = len(b'{"messages":[]}')
# A status that will answer every later request the same way: stop instead of rejecting them all.
_FATAL_STATUSES = frozenset({401, 403, 404})


@dataclass
class Summary:
    """What became of every record read."""

    accepted: int = 0
    rejected: int = 0
    not_sent: int = 0
    requests: int = 0
    seconds: float = 0.0
    stopped: str | None = None  # why the run stopped early, if it did
    first_rejects: list[str] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.accepted + self.rejected + self.not_sent

    @property
    def rate(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0


class RejectsFile:
    """JSON Lines of what was not ingested: ``{"origin", "reason", "record"}`` (or ``"raw"`` text),
    so that ``jq -c .record`` of it can be sent again. Created on the first reject only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None
        self._lock = threading.Lock()

    def write(self, record: Record, reason: str, status: int | None = None) -> None:
        entry: dict[str, Any] = {"origin": record.origin, "reason": reason}
        if status is not None:
            entry["status"] = status
        if record.value is not None:
            entry["record"] = record.value
        else:
            entry["raw"] = record.raw
        line = json.dumps(entry, ensure_ascii=False)
        with self._lock:
            if self._file is None:
                self._file = self.path.open("w", encoding="utf-8")
            self._file.write(line + "\n")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


@dataclass(frozen=True, slots=True)
class Batch:
    records: list[Record]
    messages: list[bytes]  # each record's JSON, encoded once


def batches(records: Iterable[Record], size: int, on_unreadable: Callable[[Record], None]) -> Iterator[Batch]:
    """Readable records in groups of at most ``size`` whose batch body stays under DCS's 1 MB;
    an unreadable one goes to ``on_unreadable``, and so does one too large to send alone."""
    batch = Batch([], [])
    batch_bytes = _ENVELOPE_BYTES
    for record in records:
        if record.problem is not None:
            on_unreadable(record)
            continue
        text = record.raw if record.raw is not None else json.dumps(record.value, ensure_ascii=False)
        message = text.encode()
        if len(message) + _ENVELOPE_BYTES > MAX_REQUEST_BYTES:
            on_unreadable(
                Record(record.origin, record.value, problem=f"{record.origin}: larger than DCS's 1 MB request limit")
            )
            continue
        if batch.records and (len(batch.records) >= size or batch_bytes + len(message) + 1 > MAX_REQUEST_BYTES):
            yield batch
            batch, batch_bytes = Batch([], []), _ENVELOPE_BYTES
        batch.records.append(record)
        batch.messages.append(message)
        batch_bytes += len(message) + 1  # and a comma
    if batch.records:
        yield batch


class RateLimit:
    """At most ``per_second`` records per second, evenly (None: no cap)."""

    def __init__(self, per_second: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_second
        self._clock = clock
        self._started = clock()
        self._granted = 0

    def wait(self, records: int, sleep: Callable[[float], None] = time.sleep) -> None:
        if self.per_second:
            delay = self._started + self._granted / self.per_second - self._clock()
            if delay > 0:
                sleep(delay)
        self._granted += records


@dataclass
class Sender:
    """Send records to one inlet and account for each of them."""

    inlet: Inlet
    inlet_url: str
    rejects: RejectsFile
    flow_id: str | None = None
    authenticated: bool = False
    batch_size: int = 100
    single: bool = False
    concurrency: int = 4
    rate: RateLimit = field(default_factory=lambda: RateLimit(None))
    on_progress: Callable[[int], None] = lambda _records: None
    summary: Summary = field(default_factory=Summary)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, records: Iterable[Record]) -> Summary:
        started = time.monotonic()
        groups = batches(records, 1 if self.single else self.batch_size, self._unreadable)
        in_flight: set[Future[None]] = set()
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="aep-send") as pool:
            for group in groups:
                if self.summary.stopped:
                    self._not_sent(group.records)
                    continue
                if len(in_flight) >= self.concurrency:
                    done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in done:
                        future.result()
                self.rate.wait(len(group.records))
                in_flight.add(pool.submit(self._send, group))
            for future in in_flight:
                future.result()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def _send(self, batch: Batch) -> None:
        group = batch.records
        if self.summary.stopped:
            self._not_sent(group)
            return
        try:
            if self.single:
                self.inlet.send(self.inlet_url, group[0].value, flow_id=self.flow_id, authenticated=self.authenticated)
                failures: dict[int, dict[str, Any]] = {}
            else:
                receipt = self.inlet.send_encoded_batch(
                    self.inlet_url, batch.messages, flow_id=self.flow_id, authenticated=self.authenticated
                )
                failures = {i: r for i, r in enumerate(receipt.responses) if "statusCode" in r}
        except AepError as error:
            self._failed(group, error)
            return
        for index, failure in failures.items():
            self._reject(group[index], str(failure.get("message", "refused")), int(failure["statusCode"]))
        with self._lock:
            self.summary.requests += 1
            self.summary.accepted += len(group) - len(failures)
        self.on_progress(len(group))

    def _failed(self, group: list[Record], error: AepError) -> None:
        """A whole request failed: its records are rejected with the reason, and a failure that
        every later request would meet too stops the run."""
        if error.outcome_unknown:
            reason = f"no answer, so it may or may not have been ingested: {error}"
        else:
            reason = str(error)
        with self._lock:
            self.summary.requests += 1
            if error.status in _FATAL_STATUSES and not self.summary.stopped:
                self.summary.stopped = reason
        for record in group:
            self._reject(record, reason, error.status)
        self.on_progress(len(group))

    def _unreadable(self, record: Record) -> None:
        self._reject(record, record.problem or "unreadable")
        self.on_progress(1)

    def _reject(self, record: Record, reason: str, status: int | None = None) -> None:
        self.rejects.write(record, reason, status)
        with self._lock:
            self.summary.rejected += 1
            if len(self.summary.first_rejects) < 5:
                self.summary.first_rejects.append(f"{record.origin}: {reason.removeprefix(record.origin + ': ')}")

    def _not_sent(self, group: list[Record]) -> None:
        for record in group:
            self.rejects.write(record, f"not sent: the run stopped ({self.summary.stopped})")
        with self._lock:
            self.summary.not_sent += len(group)
        self.on_progress(len(group))
