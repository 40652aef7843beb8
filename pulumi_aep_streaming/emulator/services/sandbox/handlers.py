"""Sandbox Management handlers: thin over the org's sandboxes (``core.sandboxes``)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import json_body
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.sandboxes import NAME, TYPES
from pulumi_aep_streaming.emulator.core.state import state_of

SERVICE = "sandbox-management"


def _listed(sandboxes: list[dict[str, Any]]) -> Response:
    page = {"limit": len(sandboxes), "count": len(sandboxes)}
    return JSONResponse({"sandboxes": sandboxes, "_page": page, "_links": {}})


def _bad(detail: str) -> errors.ApiError:
    return errors.sandbox(400, "Bad Request", detail)


def _found(request: Request, caller: Caller) -> dict[str, Any]:
    name = request.path_params["name"]
    found = state_of(request).sandboxes.get(caller.org, name)
    if found is None:
        raise errors.sandbox(404, "Not Found", f"Sandbox '{name}' not found for organization {caller.org}.")
    return found


async def list_available(request: Request, caller: Caller) -> Response:
    """The sandboxes a caller can use: the active ones."""
    return _listed([s for s in state_of(request).sandboxes.all(caller.org) if s["state"] == "active"])


async def list_types(request: Request, caller: Caller) -> Response:
    return JSONResponse({"sandboxTypes": [{"id": kind, "title": kind.capitalize()} for kind in TYPES]})


async def list_sandboxes(request: Request, caller: Caller) -> Response:
    """Every sandbox of the org; ``property=field==value`` filters, ``orderBy=[asc:|desc:]field`` sorts."""
    sandboxes = state_of(request).sandboxes.all(caller.org)
    for clause in request.query_params.getlist("property"):
        field, sep, value = clause.partition("==")
        if not sep:
            raise _bad(f"property {clause!r}: write field==value, for example name==dev")
        sandboxes = [s for s in sandboxes if str(s.get(field.strip())).lower() == value.strip().lower()]
    order = request.query_params.get("orderBy")
    if order:
        direction, _, field = order.rpartition(":")
        sandboxes.sort(key=lambda s: str(s.get(field, "")), reverse=direction == "desc")
    return _listed(sandboxes)


async def create(request: Request, caller: Caller) -> Response:
    body = await json_body(request, SERVICE)
    if not isinstance(body, dict):
        raise _bad("the body must be a JSON object with name, title and type")
    missing = [k for k in ("name", "title", "type") if not isinstance(body.get(k), str) or not body[k].strip()]
    if missing:
        raise _bad(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} required (strings)")
    name, title, kind = body["name"], body["title"], body["type"]
    if not NAME.fullmatch(name):
        raise _bad(
            f"name {name!r} is invalid: use lower-case letters, digits and hyphens (no spaces or special "
            "characters), starting and ending with a letter or digit, at most 256 characters"
        )
    if kind not in TYPES:
        raise _bad(f"type {kind!r} is invalid: use development or production")
    sandboxes = state_of(request).sandboxes
    if sandboxes.get(caller.org, name) is not None:
        raise errors.sandbox(409, "Conflict", f"A sandbox named '{name}' already exists in organization {caller.org}.")
    return JSONResponse(sandboxes.create(name, title, kind), status_code=202)


async def get(request: Request, caller: Caller) -> Response:
    return JSONResponse(_found(request, caller))


async def patch(request: Request, caller: Caller) -> Response:
    found = _found(request, caller)
    body = await json_body(request, SERVICE)
    title = body.get("title") if isinstance(body, dict) else None
    if not isinstance(title, str) or not title.strip():
        raise _bad("title is required (a non-empty string); it is the only field a PATCH changes")
    return JSONResponse(state_of(request).sandboxes.retitle(found["name"], title))


async def reset(request: Request, caller: Caller) -> Response:
    found = _found(request, caller)
    body = await json_body(request, SERVICE)
    if not isinstance(body, dict) or body.get("action") != "reset":
        raise _bad('send {"action": "reset"} to reset a sandbox')
    if found["state"] != "active":
        raise _bad(f"Sandbox '{found['name']}' is {found['state']}: only an active sandbox can be reset.")
    return JSONResponse(state_of(request).sandboxes.reset(found["name"]), status_code=202)


async def delete(request: Request, caller: Caller) -> Response:
    found = _found(request, caller)
    if found["isDefault"]:
        raise _bad(f"Sandbox '{found['name']}' is the org's default production sandbox, which cannot be deleted.")
    if found["state"] != "deleting":
        state_of(request).sandboxes.delete(found["name"])
    # The answer says "deleted", as documented; a GET says "deleting" until the delete has run its course.
    return JSONResponse({**found, "state": "deleted"}, status_code=202)
