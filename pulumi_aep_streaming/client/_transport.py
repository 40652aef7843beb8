"""HTTP for AEP: required headers, auth, retries with backoff and jitter, deadline, typed errors."""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ._auth import TokenProvider
from ._errors import (
    AepDeadlineExceeded,
    AepError,
    AepRateLimitedError,
    AepTransportError,
    describe,
    error_class,
)
from ._settings import AepSettings

log = logging.getLogger("pulumi_aep_streaming.client")

# Repeating these changes nothing more than sending them once did. PUT and PATCH join them only
# with If-Match (or when an operation says so): a Data Prep PUT stores one more version each time.
SAFE_METHODS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})


@dataclass(frozen=True)
class RetryPolicy:
    """Which failures are retried, how often, and for how long at most.

    A request that is not safe to repeat (a create, an inlet post, a PATCH without If-Match) is
    retried only when the service says it did not process it (``unprocessed_statuses``) or the
    connection was never made. After a timeout, a dropped response or another 5xx its outcome is
    unknown: the error says so (``outcome_unknown``) and the caller looks before trying again.
    """

    max_attempts: int = 10
    base_delay: float = 0.25
    max_delay: float = 8.0
    deadline: float = 60.0
    retry_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})
    unprocessed_statuses: frozenset[int] = frozenset({429, 503})
    # A host that has never answered this client gets this many attempts to connect: a wrong
    # endpoint, port or scheme is reported at once instead of after the whole deadline.
    first_contact_attempts: int = 3

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Exponential backoff with full jitter."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


@dataclass(frozen=True)
class _Call:
    """One request as the retry loop sees it."""

    method: str
    url: str
    path: str
    idempotent: bool
    auth: bool
    deadline_at: float


@dataclass
class Transport:
    """One pooled httpx.Client for platform, IMS and inlet calls; swap ``http`` in tests."""

    settings: AepSettings
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=httpx.Timeout(30.0, connect=10.0)))
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)
    tokens: TokenProvider = field(init=False)
    answered: set[str] = field(init=False, default_factory=set)  # origins (scheme://host:port) that answered

    def __post_init__(self) -> None:
        self.tokens = TokenProvider(self.settings, self._post_form, clock=self.clock)

    def __repr__(self) -> str:
        return f"Transport(endpoint={self.settings.endpoint!r}, sandbox={self.settings.sandbox_name!r})"

    def close(self) -> None:
        self.http.close()

    def _post_form(self, url: str, form: dict[str, str]) -> httpx.Response:
        # Asking IMS twice is harmless, so token requests retry like safe requests.
        return self._send("POST", url, data=form, idempotent=True, auth=False)

    def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        params: Mapping[str, Any] | list[tuple[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        """Send with retries; returns a 2xx/3xx response or raises an AepError.

        ``content`` is a JSON body already encoded (records streamed from a file as they were read).
        """
        if not url.startswith(("http://", "https://")):
            url = f"{self.settings.endpoint}{url}"
        if idempotent is None:
            idempotent = method in SAFE_METHODS or (method == "PATCH" and bool(headers and "If-Match" in headers))
        return self._send(
            method, url, json=json, content=content, params=params, headers=headers, idempotent=idempotent, auth=auth
        )

    def _send(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        data: Mapping[str, str] | None = None,
        params: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool,
        auth: bool,
    ) -> httpx.Response:
        """Send until AEP answers below 400, the failure is not worth repeating, or the policy ends."""
        call = _Call(method, url, httpx.URL(url).path, idempotent, auth, self.clock() + self.retry.deadline)
        attempt = 0
        sent_headers = dict(headers or {})
        if json is not None or content is not None:
            sent_headers.setdefault("Content-Type", "application/json")
        while True:
            attempt += 1
            remaining = call.deadline_at - self.clock()
            if remaining <= 0:
                raise AepDeadlineExceeded(
                    f"{method} {call.path}: no answer within the {self.retry.deadline:g}s deadline"
                )
            started = self.clock()
            try:
                response = self.http.request(
                    method,
                    url,
                    json=json,
                    content=content,
                    data=data,
                    params=params,
                    headers=sent_headers,
                    auth=self.tokens if auth else None,
                    timeout=httpx.Timeout(min(30.0, remaining), connect=min(10.0, remaining)),
                )
            except httpx.TransportError as exc:
                error: AepError = self._unanswered(call, exc, attempt)
                delay = self.retry.backoff(attempt, self.rng)
            else:
                self._answered(call, response, started)
                if response.status_code < 400:
                    return response
                error, delay = self._refused(call, response, attempt)
            self._wait_to_retry(call, error, delay, attempt)

    def _unanswered(self, call: _Call, exc: httpx.TransportError, attempt: int) -> AepError:
        """The error for a request that got no answer; raised at once when repeating it is unsafe or
        pointless (a create that may have been carried out; a host that never answered, again)."""
        never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
        kind = type(exc).__name__
        target = httpx.URL(call.url)
        setting = "ims_endpoint" if call.url.startswith(self.settings.ims_endpoint) and not call.auth else "endpoint"
        host = target.netloc.decode()
        if not call.idempotent and not never_sent:
            raise AepTransportError(
                f"{call.method} {call.path} on {host}: {kind} before an answer arrived; the request may have been"
                " carried out, so it is not repeated (look for the entity before creating it again)",
                outcome_unknown=True,
                method=call.method,
                path=call.path,
                host=host,
                setting=setting,
            ) from None
        reason = "cannot connect" if never_sent else f"no answer ({kind})"
        error = AepTransportError(
            f"{call.method} {call.path}: {reason} to {host}: {exc}",
            method=call.method,
            path=call.path,
            host=host,
            setting=setting,
        )
        first_contact = f"{target.scheme}://{host}" not in self.answered
        if never_sent and first_contact and attempt >= self.retry.first_contact_attempts:
            raise error from None
        return error

    def _answered(self, call: _Call, response: httpx.Response, started: float) -> None:
        target = httpx.URL(call.url)
        self.answered.add(f"{target.scheme}://{target.netloc.decode()}")
        log.debug(
            "%s %s -> %s in %.0f ms (request id %s)",
            call.method,
            call.path,
            response.status_code,
            (self.clock() - started) * 1000,
            response.headers.get("x-request-id"),
        )

    def _refused(self, call: _Call, response: httpx.Response, attempt: int) -> tuple[AepError, float]:
        """The error for a 4xx/5xx answer and how long to wait before repeating the request; raised
        at once when the policy does not repeat it."""
        error = self.error_from(response, call.method, call.path)
        status = response.status_code
        retryable = status in self.retry.retry_statuses and (
            call.idempotent or status in self.retry.unprocessed_statuses
        )
        if not retryable:
            # A create answered by a 5xx may still have been carried out (a gateway timeout
            # after the backend committed): never repeat it blindly.
            error.outcome_unknown = not call.idempotent and status >= 500 and status != 503
            raise error
        retry_after = error.retry_after if isinstance(error, AepRateLimitedError) else None
        if retry_after is None:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if retry_after is not None:
            return error, retry_after + self.rng.uniform(0, self.retry.base_delay)
        return error, self.retry.backoff(attempt, self.rng)

    def _wait_to_retry(self, call: _Call, error: AepError, delay: float, attempt: int) -> None:
        """Sleep before the next attempt, or raise when the attempts or the deadline are spent."""
        if attempt >= self.retry.max_attempts:
            raise error
        if self.clock() + delay >= call.deadline_at:
            raise AepDeadlineExceeded(
                f"{call.method} {call.path}: gave up after {attempt} attempt(s); the next retry would pass the "
                f"{self.retry.deadline:g}s deadline. Last error: {error}",
                **{**error.where(), "method": call.method, "path": call.path},
            ) from error
        log.debug("%s %s: retrying in %.2fs after %s", call.method, call.path, delay, type(error).__name__)
        self.sleep(delay)

    @staticmethod
    def error_from(response: httpx.Response, method: str, path: str) -> AepError:
        try:
            body: Any = response.json()
        except ValueError:
            body = response.text
        code, title, detail = describe(body)
        raw_report = body.get("report") if isinstance(body, dict) else None
        report: dict[str, Any] = raw_report if isinstance(raw_report, dict) else {}
        request_id = response.headers.get("x-request-id") or report.get("request-id")
        cls = error_class(response.status_code)
        kw: dict[str, Any] = {
            "status": response.status_code,
            "code": code,
            "title": title,
            "detail": detail,
            "request_id": request_id,
            "method": method,
            "path": path,
            "body": body,
        }
        if cls is AepRateLimitedError:
            kw["retry_after"] = parse_retry_after(response.headers.get("Retry-After"))
        return cls(**kw)
