"""Profile: ``/data/core/ups/config/mergePolicies`` and ``/data/core/ups/access/entities``.

Writes of merge policies are taken without the ``x-profile-instance-id`` header profile.yaml
marks required: neither Adobe's examples nor its Python client send it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import json_body
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.scope import Scope, scope_of
from pulumi_aep_streaming.emulator.core.state import state_of
from pulumi_aep_streaming.emulator.services.profile import entities, merge_policies

POLICIES = "/data/core/ups/config/mergePolicies"


def _scope(request: Request, caller: Caller) -> Scope:
    return scope_of(state_of(request), caller)


async def list_policies(request: Request, caller: Caller) -> Response:
    """Paged by offset; ``_links.next.href`` is ``""`` on the last page, as Adobe's client expects."""
    q = request.query_params
    docs = merge_policies.policies(_scope(request, caller))
    if "schema.name" in q:
        docs = [d for d in docs if d["schema"]["name"] == q["schema.name"]]
    if "default" in q:
        docs = [d for d in docs if str(d["default"]).lower() == q["default"].lower()]
    try:
        limit, start = int(q.get("limit", "20")), int(q.get("start", "0"))
    except ValueError as exc:
        raise errors.profile(400, "UPS-MRG-400: limit and start must be integers") from exc
    if limit < 1 or start < 0:
        raise errors.profile(400, "UPS-MRG-400: limit must be at least 1 and start at least 0")
    page = docs[start : start + limit]
    more = start + limit < len(docs)
    href = f"@/mergePolicies?start={start + limit}&limit={limit}" if more else ""
    return JSONResponse(
        {
            "_page": {
                "totalCount": len(docs),
                "pageSize": len(page),
                "count": len(page),
                "next": str(start + limit) if more else "",
            },
            "children": page,
            "_links": {"next": {"href": href}},
        }
    )


async def create_policy(request: Request, caller: Caller) -> Response:
    body = await json_body(request, "profile")
    with state_of(request).store.transaction():
        return JSONResponse(merge_policies.create(_scope(request, caller), body))


async def get_policy(request: Request, caller: Caller) -> Response:
    return JSONResponse(merge_policies.policy(_scope(request, caller), request.path_params["id"]))


async def replace_policy(request: Request, caller: Caller) -> Response:
    body = await json_body(request, "profile")
    with state_of(request).store.transaction():
        return JSONResponse(merge_policies.replace(_scope(request, caller), request.path_params["id"], body))


async def patch_policy(request: Request, caller: Caller) -> Response:
    body = await json_body(request, "profile")
    with state_of(request).store.transaction():
        return JSONResponse(merge_policies.patch(_scope(request, caller), request.path_params["id"], body))


async def delete_policy(request: Request, caller: Caller) -> Response:
    merge_policies.delete(_scope(request, caller), request.path_params["id"])
    return Response(status_code=200)


def _class(name: Any) -> None:
    if name != merge_policies.PROFILE_CLASS:
        raise errors.profile(
            400,
            f"UPS-ACC-400: schema.name must be {merge_policies.PROFILE_CLASS} (got {name!r});"
            " the emulator serves Individual Profile entities",
        )


def _fields(value: Any) -> list[str] | None:
    if isinstance(value, list):
        return [str(v) for v in value] or None
    return [f for f in str(value).split(",") if f] if value else None


async def get_entity(request: Request, caller: Caller) -> Response:
    q = request.query_params
    _class(q.get("schema.name"))
    sb = _scope(request, caller)
    identity = entities.requested(q.get("entityId"), q.get("entityIdNS"))
    found = entities.profile(
        sb, identity, merge_policies.for_lookup(sb, q.get("mergePolicyId")), _fields(q.get("fields"))
    )
    if found is None:
        raise errors.profile(404, f"UPS-ACC-404: no profile has identity {identity.id} ({identity.code})")
    return JSONResponse({found["entityId"]: found})


async def get_entities(request: Request, caller: Caller) -> Response:
    """POST: several identities at once; those without a profile are left out of the answer."""
    body = await json_body(request, "profile")
    if not isinstance(body, dict) or not isinstance(body.get("identities"), list):
        raise errors.profile(400, "UPS-ACC-400: the body needs schema.name and a list of identities")
    _class((body.get("schema") or {}).get("name"))
    sb = _scope(request, caller)
    policy = merge_policies.for_lookup(sb, body.get("mergePolicyId"))
    answer: dict[str, Any] = {}
    for item in body["identities"]:
        if not isinstance(item, dict):
            raise errors.profile(400, "UPS-ACC-400: each identity is {entityId, entityIdNS: {code}}")
        ns = (item.get("entityIdNS") or {}).get("code")
        found = entities.profile(sb, entities.requested(item.get("entityId"), ns), policy, _fields(body.get("fields")))
        if found is not None:
            answer[found["entityId"]] = found
    return JSONResponse(answer)


async def delete_entity(request: Request, caller: Caller) -> Response:
    q = request.query_params
    _class(q.get("schema.name"))
    identity = entities.requested(q.get("entityId"), q.get("entityIdNS"))
    if not _scope(request, caller).delete_profile(identity):
        raise errors.profile(404, f"UPS-ACC-404: no profile has identity {identity.id} ({identity.code})")
    return Response(status_code=202)
