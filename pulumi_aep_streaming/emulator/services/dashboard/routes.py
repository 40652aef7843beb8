"""/_emulator/ui: the dashboard page of one sandbox (``?sandbox=``), with one dataset's rows
(``?dataset=``) and one profile looked up by identity (``?ns=&id=``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from pulumi_aep_streaming.emulator.core.common import inlet_url
from pulumi_aep_streaming.emulator.core.gateway import loopback_only
from pulumi_aep_streaming.emulator.core.state import state_of

from .page import page
from .view import sandbox_view


def _sandbox(request: Request) -> str | Response:
    st = state_of(request)
    active = st.sandboxes.active_names()
    sandbox = request.query_params.get("sandbox", st.settings.sandboxes[0])
    if sandbox not in active:
        known = ", ".join(active)
        return HTMLResponse(f"<p>No sandbox {sandbox!r} here; this emulator serves {known}.</p>", status_code=404)
    return sandbox


@loopback_only
async def dashboard(request: Request) -> Response:
    sandbox = _sandbox(request)
    if isinstance(sandbox, Response):
        return sandbox
    q = request.query_params
    lookup = (q["ns"], q["id"]) if q.get("ns") and q.get("id") else None
    view = sandbox_view(
        state_of(request), sandbox, q.get("dataset"), lambda inlet_id: inlet_url(request, inlet_id), lookup
    )
    return HTMLResponse(page(view), headers={"Cache-Control": "no-store"})


def routes() -> list[Route]:
    return [
        Route("/_emulator/ui", dashboard, methods=["GET"]),
    ]
