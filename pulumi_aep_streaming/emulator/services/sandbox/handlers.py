"""The sandboxes of the caller's org, as ``GET /sandbox-management/`` answers them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.state import state_of


async def list_available(request: Request, caller: Caller) -> Response:
    names = state_of(request).settings.sandboxes
    sandboxes = [
        {
            "name": name,
            "title": name.capitalize(),
            "state": "active",
            "type": "production" if name == "prod" else "development",
            "region": "VA7",
            "isDefault": name == "prod",
        }
        for name in names
    ]
    page = {"limit": len(sandboxes), "count": len(sandboxes)}
    return JSONResponse({"sandboxes": sandboxes, "_page": page, "_links": {}})
