"""One exception hierarchy for everything the AEP client can raise.

Every service error carries the HTTP status, the service's own code (``FLOW-1404``,
``XDM-1012``, ``403010``, ``invalid_client``...), title, detail, request id, method and path.
Messages say what to do. Nothing here ever holds a token or a secret.
"""

from __future__ import annotations

import re
from typing import Any

_TYPED_CODE = re.compile(r"/((?:FLOW|XDM|CAT|MAPPER|DCVS)-\d+)-\d{3}$")


class AepError(Exception):
    """Base of every error the client raises.

    ``outcome_unknown`` is True when a request that is not safe to repeat (a create) may have
    been carried out although it failed: a lost response, a timeout or a 5xx other than 503.
    The caller must look for what it may have made before trying again.
    ``host`` and ``setting`` name, for a connection failure, the host that could not be reached
    and the AepSettings field that pointed there (``endpoint`` or ``ims_endpoint``).
    """

    hint = ""

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = None,
        code: str | None = None,
        title: str | None = None,
        detail: str | None = None,
        request_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
        body: Any = None,
        outcome_unknown: bool = False,
        host: str | None = None,
        setting: str | None = None,
    ) -> None:
        self.outcome_unknown = outcome_unknown
        self.host = host
        self.setting = setting
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.request_id = request_id
        self.method = method
        self.path = path
        self.body = body
        super().__init__(message or self._compose())

    def where(self) -> dict[str, Any]:
        """Where the error happened (call, answer, host, setting), for an error raised because of it."""
        keys = ("status", "code", "method", "path", "request_id", "host", "setting")
        return {k: getattr(self, k) for k in keys}

    def _compose(self) -> str:
        where = f"{self.method} {self.path}" if self.method else "AEP request"
        parts = [f"{where} failed with HTTP {self.status}"]
        if self.code:
            parts[0] += f" [{self.code}]"
        text = ": ".join(p for p in (self.title, self.detail) if p)
        if text:
            parts.append(text)
        if self.hint:
            parts.append(self.hint)
        if self.request_id:
            parts.append(f"(request id {self.request_id})")
        return " ".join([parts[0] + (":" if len(parts) > 1 else ""), *parts[1:]])

    def __reduce__(self) -> tuple[Any, ...]:  # keep attributes across pickling (Pulumi moves errors between processes)
        return (_rebuild, (type(self), str(self), self.__dict__))


def _rebuild(cls: type[AepError], message: str, state: dict[str, Any]) -> AepError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class AepConfigError(AepError):
    """Settings are missing or wrong; nothing was sent."""


class AepTransportError(AepError):
    """No HTTP answer: connection refused or reset, timeout, or the overall deadline ran out."""


class AepDeadlineExceeded(AepTransportError):
    """Retries did not succeed within the client's overall deadline."""


class AepApiError(AepError):
    """The service answered with an error status."""


class AepBadRequestError(AepApiError):
    """400/422: the request was invalid; the detail names the field."""


class AepAuthError(AepApiError):
    """401/403 or an IMS error: credentials, org or permissions are wrong."""

    hint = "Check the client id, client secret, org id and the product profile of the credential."


class AepNotFoundError(AepApiError):
    """404: no such entity in this org and sandbox."""


class AepConflictError(AepApiError):
    """409: the entity conflicts with an existing one."""


class AepPreconditionFailedError(AepApiError):
    """412: the entity changed since its etag was read."""

    hint = "The entity changed since it was read; read it again and re-apply the change."


class AepRateLimitedError(AepApiError):
    """429: throttled; ``retry_after`` holds the server's Retry-After in seconds, if it sent one."""

    def __init__(self, message: str = "", *, retry_after: float | None = None, **kw: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kw)


class AepServerError(AepApiError):
    """5xx: the service failed."""


def error_class(status: int) -> type[AepApiError]:
    if status in (401, 403):
        return AepAuthError
    if status == 404:
        return AepNotFoundError
    if status == 409:
        return AepConflictError
    if status == 412:
        return AepPreconditionFailedError
    if status == 429:
        return AepRateLimitedError
    if status >= 500:
        return AepServerError
    return AepBadRequestError


def describe(body: Any) -> tuple[str | None, str | None, str | None]:
    """(code, title, detail) from any AEP error body: gateway, problem, Flow Service, XDM, DCS, OAuth."""
    if not isinstance(body, dict):
        return None, None, (str(body)[:500] if body else None)
    if "error_code" in body:  # gateway
        return str(body["error_code"]), None, body.get("message")
    if "error" in body and isinstance(body["error"], str) and "title" not in body:  # IMS / OAuth
        return body["error"], None, body.get("error_description")
    code = None
    match = _TYPED_CODE.search(str(body.get("type", "")))
    if match:
        code = match.group(1)
    raw_report = body.get("report")
    report: dict[str, Any] = raw_report if isinstance(raw_report, dict) else {}
    detail = (
        body.get("detail")
        or body.get("description")  # Identity Service
        or body.get("errorMessage")
        or report.get("detailed-message")
        or report.get("message")
    )
    return code or report.get("code"), body.get("title"), detail
