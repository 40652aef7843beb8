"""Data Prep mapping sets: ``/conversion/mappingSets`` (https://github.com/AdobeDocs/experience-platform.en/blob/main/help/data-prep/api/mapping-set.md).

Both request dialects are accepted (current: outputSchema + sourceType ATTRIBUTE/EXPRESSION/
STATIC; legacy: xdmSchema + sourceAttribute/destinationXdmPath) and stored in the mixed
vocabulary AEP answers with. Each PUT stores a new version; every version stays readable.

AEP documents no DELETE. The emulator answers ``DELETE /mappingSets/{id}`` with 204 and removes
every version, and refuses (400) while a flow still names the mapping set.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import json_body, new_hex, now_ms
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.scope import scope_of
from pulumi_aep_streaming.emulator.core.state import state_of
from pulumi_aep_streaming.emulator.engines.mapping import apply_mappings, compile_mapping
from pulumi_aep_streaming.emulator.services.dataprep.models import (
    SOURCE_TYPES,
    existing_mapping_set,
    mapping_errors,
    parsed_mapping_set,
    reject_invalid,
    store_mapping_set,
    summary_of,
)
from pulumi_aep_streaming.expressions import expression_problem, function_catalog, operator_catalog

SOURCE_TYPES.update({v: v for v in list(SOURCE_TYPES.values())})


async def create(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    fields, tree = parsed_mapping_set(sb, await json_body(request, "conversion"))
    reject_invalid(fields, tree)
    now = now_ms()
    doc = {
        "id": new_hex(32),
        "version": 0,
        "createdDate": now,
        "modifiedDate": now,
        "createdBy": caller.user,
        "modifiedBy": caller.user,
        **fields,
    }
    store_mapping_set(sb, doc)
    return JSONResponse(summary_of(doc))


async def replace(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    current = existing_mapping_set(sb, request.path_params["id"])
    fields, tree = parsed_mapping_set(sb, await json_body(request, "conversion"))
    reject_invalid(fields, tree)
    doc = {**current, **fields, "version": current["version"] + 1, "modifiedDate": now_ms(), "modifiedBy": caller.user}
    store_mapping_set(sb, doc)
    return JSONResponse(doc)


async def get(request: Request, caller: Caller) -> Response:
    version = request.query_params.get("version")
    if version is not None and not version.isdigit():
        raise errors.dataprep(400, "Bad Request", "version must be a non-negative integer")
    doc = existing_mapping_set(
        scope_of(state_of(request), caller), request.path_params["id"], int(version) if version else None
    )
    return JSONResponse(doc)


async def list_mappings(request: Request, caller: Caller) -> Response:
    doc = existing_mapping_set(scope_of(state_of(request), caller), request.path_params["id"])
    return JSONResponse(doc["mappings"])


async def get_mapping(request: Request, caller: Caller) -> Response:
    doc = existing_mapping_set(scope_of(state_of(request), caller), request.path_params["id"])
    wanted = request.path_params["mapping_id"]
    mapping = next((m for m in doc["mappings"] if m.get("id") == wanted), None)
    if mapping is None:
        raise errors.dataprep(404, "Not Found", f"mapping {wanted} is not in mapping set {doc['id']}")
    return JSONResponse(mapping)


async def validate_expression(request: Request, caller: Caller) -> Response:
    """``true`` for an expression Data Prep accepts; 400 naming the problem otherwise."""
    body = await json_body(request, "conversion")
    expression = body.get("expression") if isinstance(body, dict) else None
    if not isinstance(expression, str):
        raise errors.dataprep(400, "Bad Request", 'the body must be {"expression": "..."}')
    problem = expression_problem(expression)
    if problem:
        raise errors.dataprep(400, "Invalid expression", problem)
    return JSONResponse(True)


async def list_functions(request: Request, caller: Caller) -> Response:
    return JSONResponse(function_catalog())


async def list_operators(request: Request, caller: Caller) -> Response:
    return JSONResponse(operator_catalog())


async def list_(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    q = request.query_params
    # The spec marks start as required; the live service, as clients call it, starts at 0 without it.
    if "limit" not in q:
        raise errors.dataprep(400, "Bad Request", "query parameter limit is required")
    try:
        limit, start = int(q["limit"]), int(q.get("start", "0"))
    except ValueError as exc:
        raise errors.dataprep(400, "Bad Request", "limit and start must be integers") from exc
    if limit < 1 or start < 0:
        raise errors.dataprep(400, "Bad Request", "limit must be >= 1 and start >= 0")
    docs = sb.list("mappingSet")
    if "name" in q:
        docs = [d for d in docs if d.get("name") == q["name"]]
    order = q.get("orderBy") or q.get("orderby")
    if order:
        docs.sort(key=lambda d: d.get(order.lstrip("+-"), 0), reverse=order.startswith("-"))
    page = docs[start : start + limit]
    return JSONResponse({"data": page, "_page": {"count": len(page), "limit": limit, "totalCount": len(docs)}})


async def validate(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    fields, tree = parsed_mapping_set(sb, await json_body(request, "conversion"))
    results = []
    for m in fields["mappings"]:
        problems = mapping_errors(m, tree)
        results.append({"status": "FAILED" if problems else "SUCCESS", "errors": problems or None})
    return JSONResponse({"validationResponse": results})


async def preview(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    body = await json_body(request, "conversion")
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise errors.dataprep(400, "Bad Request", 'preview takes {"data": [records], "mappingSet": {...}}')
    fields, tree = parsed_mapping_set(sb, body.get("mappingSet"))
    reject_invalid(fields, tree)
    compiled = [compile_mapping(m) for m in fields["mappings"]]
    out = []
    for record in body["data"]:
        mapped, problems = apply_mappings(compiled, record)
        out.append({"data": mapped, "errors": problems or None})
    return JSONResponse(out)


async def delete(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    doc = existing_mapping_set(sb, request.path_params["id"])
    users = [f["id"] for f in sb.find("flow", "mappingId", doc["id"])]
    if users:
        raise errors.dataprep(
            400, "Mapping set in use", f"mapping set {doc['id']} is used by flows {', '.join(users)}; delete them first"
        )
    with st.store.transaction():
        for version in range(doc["version"] + 1):
            sb.delete("mappingSetVersion", f"{doc['id']}@{version}")
        sb.delete("mappingSet", doc["id"])
    return Response(status_code=204)
