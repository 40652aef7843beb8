"""Adobe I/O gateway rules every platform path goes through (https://github.com/AdobeDocs/experience-platform.en/blob/main/help/landing/troubleshooting.md).

Checks Authorization, x-api-key, x-gw-ims-org-id, x-sandbox-name and Content-Type, in the order
the gateway and the services report them, and yields the caller's (org, sandbox).
"""

from __future__ import annotations

import ipaddress
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.state import state_of

JSON_TYPES = ("application/json", "application/json-patch+json", "application/x-jackson-smile")


@dataclass(frozen=True)
class Caller:
    """Who is calling, and where: every entity lives in exactly one (org, sandbox)."""

    org: str
    sandbox: str
    client_id: str

    @property
    def sandbox_id(self) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"aep-emulator:{self.org}/{self.sandbox}"))

    @property
    def user(self) -> str:
        return f"{self.client_id}@AdobeID"


# Services that act on the org, not on one sandbox: they take no x-sandbox-name.
ORG_WIDE = frozenset({"sandbox-management"})


def has_json_content_type(request: Request) -> bool:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return ctype in JSON_TYPES or (ctype.startswith("application/") and ctype.endswith("+json"))


def authorize(request: Request, service: str) -> Caller:
    st = state_of(request)
    headers = request.headers
    auth = headers.get("authorization", "")
    if not auth:
        raise errors.gateway(403, "403010", "Oauth token is missing.")
    scheme, _, token = auth.partition(" ")
    grant = st.store.token(token.strip()) if scheme.lower() == "bearer" else None
    if grant is None or grant[2] < time.time():
        raise errors.gateway(401, "401013", "Oauth token is not valid")
    client_id, token_org, _ = grant
    api_key = headers.get("x-api-key")
    if not api_key:
        raise errors.gateway(403, "403000", "Api Key is required")
    if api_key != client_id:
        raise errors.gateway(403, "403003", "Api Key is invalid")
    org = headers.get("x-gw-ims-org-id")
    if not org:
        raise errors.gateway(400, "400003", "Missing header")
    if org != token_org:
        raise errors.gateway(403, "403025", "Profile is not valid")
    if service in ORG_WIDE:
        return Caller(org=org, sandbox="", client_id=client_id)
    sandbox = headers.get("x-sandbox-name")
    if not sandbox:
        if service == "flowservice":
            raise errors.flow(2105, 400, "Bad Request", "header x-sandbox-name is missing")
        raise errors.for_service(service, 400, "Bad Request", "header x-sandbox-name is missing")
    state = st.sandboxes.state(org, sandbox)
    if state != "active":
        detail = f"Sandbox '{sandbox}' not found for organization {org}."
        if state is not None:
            detail = f"Sandbox '{sandbox}' of organization {org} is {state}, not active."
        if service == "flowservice":
            raise errors.flow(2100, 404, "Sandbox not found", detail)
        raise errors.for_service(service, 404, "Sandbox not found", detail)
    if request.method in ("POST", "PUT", "PATCH") and request.headers.get("content-length", "0") != "0":
        if not has_json_content_type(request):
            raise errors.content_type()
    return Caller(org=org, sandbox=sandbox, client_id=client_id)


Endpoint = Callable[[Request], Awaitable[Response]]


def loopback_only(handler: Endpoint) -> Endpoint:
    """The handler, answering loopback callers only: the emulator's own pages and endpoints take no
    credentials, so nothing else may reach them."""

    async def endpoint(request: Request) -> Response:
        host = request.client.host if request.client else ""
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host in ("localhost", "testclient")
        if not loopback:
            return JSONResponse({"error": "the /_emulator/ endpoints answer loopback callers only"}, status_code=403)
        return await handler(request)

    return endpoint
