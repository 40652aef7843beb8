"""Emulator-only endpoints under ``/_emulator/``: health, stats, rows, reset and faults.

No AEP client calls these. They take no credentials and answer only loopback callers.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core.faults import Fault
from pulumi_aep_streaming.emulator.core.state import state_of

Endpoint = Callable[[Request], Awaitable[Response]]


def _loopback_only(request: Request) -> None:
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host in ("localhost", "testclient")
    if not loopback:
        raise PermissionError(host)


def _guarded(handler: Endpoint) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        try:
            _loopback_only(request)
        except PermissionError:
            return JSONResponse({"error": "the /_emulator/ endpoints answer loopback callers only"}, status_code=403)
        return await handler(request)

    return endpoint


@_guarded
async def health(request: Request) -> Response:
    st = state_of(request)
    return JSONResponse(
        {
            "status": "ok",
            "org": st.settings.org_id,
            "sandboxes": list(st.settings.sandboxes),
            "tenantId": st.settings.tenant_id,
        }
    )


@_guarded
async def stats(request: Request) -> Response:
    return JSONResponse(state_of(request).stats.snapshot())


@_guarded
async def requests(request: Request) -> Response:
    """The latest answered requests, oldest first: method, concrete path and status."""
    return JSONResponse(list(state_of(request).stats.log))


@_guarded
async def rows(request: Request) -> Response:
    st = state_of(request)
    org = request.headers.get("x-gw-ims-org-id", st.settings.org_id)
    sandbox = request.headers.get("x-sandbox-name", "prod")
    return JSONResponse(st.store.rows(org, sandbox, request.path_params["id"]))


@_guarded
async def reset(request: Request) -> Response:
    st = state_of(request)
    st.store.reset()
    st.stats.clear()
    st.faults.clear()
    return Response(status_code=204)


@_guarded
async def faults(request: Request) -> Response:
    st = state_of(request)
    if request.method == "GET":
        return JSONResponse([f.to_json() for f in st.faults.faults])
    if request.method == "DELETE":
        st.faults.clear()
        return Response(status_code=204)
    try:
        body = json.loads(await request.body())
        rules = [Fault.parse(r) for r in (body if isinstance(body, list) else [body])]
        seed = body.get("seed") if isinstance(body, dict) else None
    except ValueError as exc:
        return JSONResponse({"error": f"invalid fault: {exc}"}, status_code=400)
    if seed is not None:
        st.faults.rng.seed(seed)
    for rule in rules:
        st.faults.add(rule)
    return JSONResponse([r.to_json() for r in rules], status_code=201)
