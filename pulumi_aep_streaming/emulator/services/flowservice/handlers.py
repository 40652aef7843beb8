"""Flow Service: base, source and target connections, flows, runs and specs (https://developer.adobe.com/experience-platform-apis/references/flow-service/).

Every entity is checked against the specs and the entities it names, all in the caller's
sandbox; writes bump the etag; PATCH takes JSON Patch with If-Match.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonpatch
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import (
    audit,
    inlet_url,
    json_body,
    new_etag,
    new_uuid,
    strip_quotes,
)
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.listing import list_response
from pulumi_aep_streaming.emulator.core.scope import scope_of
from pulumi_aep_streaming.emulator.core.state import state_of
from pulumi_aep_streaming.emulator.services.flowservice.models import (
    CHECKS,
    COLLECTIONS,
    SERVER_FIELDS,
    Collection,
    bad_request,
    create_run,
    entity_doc,
    flows_using,
    listed,
)
from pulumi_aep_streaming.emulator.services.flowservice.specs import (
    CONNECTION_SPECS,
    FLOW_SPECS,
)

# -- rendering --------------------------------------------------------------------------------------


def render(request: Request, c: Collection, doc: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    if c.kind == "connection" and "auth" in out:
        out["auth"]["params"]["inletUrl"] = inlet_url(request, out["auth"]["params"]["inletId"])
    if c.kind == "flow":
        inlet_id = out.pop("inletId", None)
        if inlet_id:
            out["options"]["inletUrl"] = inlet_url(request, inlet_id)
    return out


# -- handlers -----------------------------------------------------------------------------------------


async def create(c: Collection, request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    body = await json_body(request, "flowservice")
    if not isinstance(body, dict):
        raise bad_request(c, "the body must be a JSON object")
    if c.kind != "flow" and "state" in body:
        raise bad_request(c, "state is not allowed in a create request", 1410)
    entity_id = new_uuid()
    with st.store.transaction():
        doc = {k: v for k, v in body.items() if k not in SERVER_FIELDS}
        derived = CHECKS[c.kind](sb, doc, None)
        etag = new_etag()
        doc.update(derived)
        doc.update(audit(caller))
        doc.update(
            {
                "id": entity_id,
                "sandboxId": caller.sandbox_id,
                "sandboxName": caller.sandbox,
                "imsOrgId": caller.org,
                "version": etag,
                "etag": etag,
                "lastOperation": {
                    "started": doc["createdAt"],
                    "updated": doc["createdAt"],
                    # A flow is enabled as it is created; Adobe's GET example shows that as "enable".
                    "operation": "enable" if c.kind == "flow" else "create",
                    "percentCompleted": 100,
                    "status": {"value": "completed", "errors": []},
                },
            }
        )
        if c.kind == "connection":
            sb.add_inlet(doc["auth"]["params"]["inletId"], "connection", entity_id)
        if c.kind == "flow":
            doc["runs"] = f"/runs?property=flowId=={entity_id}"
            doc["providerRefId"] = f"M-{entity_id}"
            if "inletId" in doc:
                sb.add_inlet(doc["inletId"], "flow", entity_id)
            create_run(sb, caller, doc)
        sb.put(c.kind, entity_id, doc)
    return JSONResponse(
        {"id": entity_id, "etag": etag},
        status_code=201,
        headers={"Location": f"/data/foundation/flowservice/{c.path}/{entity_id}"},
    )


async def get(c: Collection, request: Request, caller: Caller) -> Response:
    doc = entity_doc(scope_of(state_of(request), caller), c, request.path_params["id"])
    return JSONResponse({"items": [render(request, c, doc)]})


async def list_(c: Collection, request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    query = request.query_params
    docs = listed(sb, c.kind, query)
    if any("inletUrl" in expr for expr in query.getlist("property")):  # a filter on what render adds
        docs = [render(request, c, d) for d in docs]
    page = list_response(docs, query, c.path, c.entity_type)
    if "items" in page:
        page["items"] = [render(request, c, d) for d in page["items"]]
    return JSONResponse(page)


def _check_if_match(request: Request, c: Collection, doc: dict[str, Any], required: bool) -> None:
    supplied = request.headers.get("if-match")
    if supplied is None:
        if required:
            raise errors.flow(1403, 400, "Bad Request", "The header 'If-Match' is missing", c.entity_type)
        return
    if strip_quotes(supplied) != strip_quotes(doc["etag"]):
        raise errors.flow(
            1404,
            412,
            "Precondition Failed",
            f"The supplied version=[{supplied}] does not match the current version on entity=[{doc['etag']}]",
            c.entity_type,
        )


def _normalize_ops(c: Collection, ops: Any) -> list[dict[str, Any]]:
    if isinstance(ops, dict):
        ops = [ops]  # one documented example sends a single operation object
    if not isinstance(ops, list) or not ops:
        raise errors.flow(1455, 400, "Bad Request", "the body must be a JSON Patch array", c.entity_type)
    out = []
    for op in ops:
        if not isinstance(op, dict) or not isinstance(op.get("op"), str) or not isinstance(op.get("path"), str):
            raise errors.flow(1455, 400, "Bad Request", "each patch operation needs 'op' and 'path'", c.entity_type)
        name = op["op"].lower()
        if name not in ("add", "replace", "remove", "test"):
            raise errors.flow(1434, 400, "Bad Request", f"patch operation {op['op']!r} is not supported", c.entity_type)
        top = op["path"].split("/")[1] if op["path"].count("/") else ""
        if top == "connectionSpec":
            raise errors.flow(1414, 400, "Bad Request", "connectionSpec cannot be changed", c.entity_type)
        if top in c.immutable:
            raise errors.flow(
                1455,
                400,
                "Bad Request",
                f"{top} cannot be changed; create a new {c.entity_type[:-1]} instead",
                c.entity_type,
            )
        if top in SERVER_FIELDS or top == "inletId":
            raise errors.flow(1455, 400, "Bad Request", f"{op['path']} is read-only", c.entity_type)
        out.append({**op, "op": name})
    return out


async def patch(c: Collection, request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    doc = entity_doc(sb, c, request.path_params["id"])
    _check_if_match(request, c, doc, required=True)
    ops = _normalize_ops(c, await json_body(request, "flowservice"))
    try:
        patched = jsonpatch.apply_patch(doc, ops)
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException) as exc:
        raise errors.flow(1455, 400, "Bad Request", f"patch validation error: {exc}", c.entity_type) from exc
    with st.store.transaction():
        derived = CHECKS[c.kind](sb, patched, doc)
        patched.update(derived)
        etag = new_etag()
        patched.update(audit(caller, created=doc))
        patched.update(
            {
                "version": etag,
                "etag": etag,
                "lastOperation": {
                    "started": patched["updatedAt"],
                    "updated": patched["updatedAt"],
                    "operation": "update",
                    "percentCompleted": 100,
                    "status": {"value": "completed", "errors": []},
                    "ops": ops,
                },
            }
        )
        sb.put(c.kind, doc["id"], patched)
    return JSONResponse({"id": doc["id"], "etag": etag})


async def delete(c: Collection, request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    doc = entity_doc(sb, c, request.path_params["id"])
    if c.kind == "connection":
        sources = [s["id"] for s in sb.find("sourceConnection", "baseConnectionId", doc["id"])]
        flows = [f for s in sources for f in flows_using(sb, "sourceConnectionIds", s)]
        if flows:
            raise errors.flow(
                1418,
                400,
                "Bad Request",
                f"base connection {doc['id']} is used by flows {', '.join(flows)}; delete the flows first",
                c.entity_type,
            )
    if c.kind in ("sourceConnection", "targetConnection"):
        flows = flows_using(sb, f"{c.kind}Ids", doc["id"])
        if flows:
            raise errors.flow(
                1447,
                400,
                "Bad Request",
                f"Found active flows containing id {doc['id']}: {', '.join(flows)}",
                c.entity_type,
            )
    with st.store.transaction():
        sb.delete(c.kind, doc["id"])
        if c.kind == "connection":
            st.store.delete_inlet(doc["auth"]["params"]["inletId"])
        if c.kind == "flow":
            if doc.get("inletId"):
                st.store.delete_inlet(doc["inletId"])
            for run in sb.find("run", "flowId", doc["id"]):
                sb.delete("run", run["id"])
    return Response(status_code=204)


async def action(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    c = COLLECTIONS["flows"]
    doc = entity_doc(sb, c, request.path_params["id"])
    _check_if_match(request, c, doc, required=False)
    op = request.query_params.get("op", "").lower()
    targets = {"enable": "enabled", "disable": "disabled"}
    if op not in targets:
        raise errors.flow(
            1100,
            400,
            "Bad Request",
            f"op must be enable or disable, got {request.query_params.get('op')!r}",
            c.entity_type,
        )
    if doc["state"] == targets[op]:
        raise errors.flow(
            1422, 400, "Bad Request", f"action {op} is not applicable in state {doc['state']}", c.entity_type
        )
    etag = new_etag()
    doc.update(audit(caller, created=doc))
    doc.update(
        {
            "state": targets[op],
            "version": etag,
            "etag": etag,
            "lastOperation": {
                "started": doc["updatedAt"],
                "updated": doc["updatedAt"],
                "operation": op,
                "percentCompleted": 100,
                "status": {"value": "completed", "errors": []},
            },
        }
    )
    sb.put("flow", doc["id"], doc)
    return JSONResponse({"id": doc["id"], "etag": etag})


# -- read-only collections ---------------------------------------------------------------------------


async def test_connection(request: Request, caller: Caller) -> Response:
    """``true``: a streaming base connection has nothing outside AEP to reach, so it is always valid."""
    entity_doc(scope_of(state_of(request), caller), COLLECTIONS["connections"], request.path_params["id"])
    return JSONResponse(True)


async def list_runs(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    return JSONResponse(list_response(listed(sb, "run", request.query_params), request.query_params, "runs", "runs"))


async def get_run(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    run = sb.get("run", request.path_params["id"])
    if run is None:
        raise errors.flow(1101, 404, "Not Found", f"run {request.path_params['id']} was not found", "runs")
    return JSONResponse({"items": [run]})


SPEC_POOLS = {"connectionSpecs": CONNECTION_SPECS, "flowSpecs": FLOW_SPECS}


async def list_specs(name: str, request: Request, caller: Caller) -> Response:
    pool = SPEC_POOLS[name]
    return JSONResponse(list_response(list(pool.values()), request.query_params, name, name))


async def get_spec(name: str, request: Request, caller: Caller) -> Response:
    pool = SPEC_POOLS[name]
    ids = request.path_params["id"].split(",")
    missing = [i for i in ids if i not in pool]
    if missing:
        raise errors.flow(1101, 404, "Not Found", f"{name} {', '.join(missing)} not found", name)
    return JSONResponse({"items": [pool[i] for i in ids]})
