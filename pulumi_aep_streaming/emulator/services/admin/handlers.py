"""Emulator-only endpoints under ``/_emulator/``: health, stats, rows, reset and faults.

No AEP client calls these. They take no credentials and answer only loopback callers.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core.faults import Fault
from pulumi_aep_streaming.emulator.core.gateway import loopback_only
from pulumi_aep_streaming.emulator.core.scope import Scope
from pulumi_aep_streaming.emulator.core.state import state_of


@loopback_only
async def health(request: Request) -> Response:
    st = state_of(request)
    return JSONResponse(
        {
            "status": "ok",
            "org": st.settings.org_id,
            "sandboxes": st.sandboxes.active_names(),
            "tenantId": st.settings.tenant_id,
        }
    )


@loopback_only
async def stats(request: Request) -> Response:
    return JSONResponse(state_of(request).stats.snapshot())


@loopback_only
async def requests(request: Request) -> Response:
    """The latest answered requests, oldest first: method, concrete path and status."""
    return JSONResponse(list(state_of(request).stats.log))


@loopback_only
async def rows(request: Request) -> Response:
    st = state_of(request)
    org = request.headers.get("x-gw-ims-org-id", st.settings.org_id)
    sandbox = request.headers.get("x-sandbox-name", "prod")
    return JSONResponse(Scope(st, org, sandbox).rows(request.path_params["id"]))


@loopback_only
async def reset(request: Request) -> Response:
    st = state_of(request)
    st.store.reset()
    st.sandboxes.load()
    st.stats.clear()
    st.faults.clear()
    return Response(status_code=204)


@loopback_only
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


@loopback_only
async def sandbox_delay(request: Request) -> Response:
    """How long a new sandbox is creating (a deleted one deleting): GET it, or PUT {"seconds": n}."""
    st = state_of(request)
    if request.method == "PUT":
        try:
            seconds = float(json.loads(await request.body())["seconds"])
        except (ValueError, KeyError, TypeError) as exc:
            return JSONResponse({"error": f'send {{"seconds": <number>}}: {exc}'}, status_code=400)
        st.sandboxes.delay_seconds = max(0.0, seconds)
    return JSONResponse({"seconds": st.sandboxes.delay_seconds})
