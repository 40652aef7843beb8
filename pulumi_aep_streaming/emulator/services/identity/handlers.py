"""Identity namespaces: list, create, read and update (AEP has no delete)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core.common import json_body, now_ms
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.scope import scope_of
from pulumi_aep_streaming.emulator.core.state import state_of
from pulumi_aep_streaming.emulator.services.identity import models


async def list_(request: Request, caller: Caller) -> Response:
    return JSONResponse(models.namespaces(scope_of(state_of(request), caller)))


async def get(request: Request, caller: Caller) -> Response:
    sb = scope_of(state_of(request), caller)
    return JSONResponse(models.namespace(sb, request.path_params["id"]))


async def create(request: Request, caller: Caller) -> Response:
    sb = scope_of(state_of(request), caller)
    body = await json_body(request, "identity")
    return JSONResponse(models.create_namespace(sb, body, now_ms()))


async def update(request: Request, caller: Caller) -> Response:
    sb = scope_of(state_of(request), caller)
    body = await json_body(request, "identity")
    return JSONResponse(models.update_namespace(sb, request.path_params["id"], body, now_ms()))
