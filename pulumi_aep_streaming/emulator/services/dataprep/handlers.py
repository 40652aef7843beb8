"""Data Prep mapping sets: ``/conversion/mappingSets`` (https://github.com/AdobeDocs/experience-platform.en/blob/main/help/data-prep/api/mapping-set.md).

Both request dialects are accepted (current: outputSchema + sourceType ATTRIBUTE/EXPRESSION/
STATIC; legacy: xdmSchema + sourceAttribute/destinationXdmPath) and stored in the mixed
vocabulary AEP answers with. Each PUT stores a new version; every version stays readable.

AEP documents no DELETE. The emulator answers ``DELETE /mappingSets/{id}`` with 204 and removes
every version, and refuses (400) while a flow still names the mapping set.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import json_body, new_hex, now_ms
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.state import EmulatorState, state_of
from pulumi_aep_streaming.emulator.engines.mapping import ATTRIBUTE, EXPRESSION, STATIC, apply_mappings, compile_mapping
from pulumi_aep_streaming.emulator.engines.xdm import UnresolvedReference, field_at
from pulumi_aep_streaming.emulator.services.dataprep.models import get_version
from pulumi_aep_streaming.emulator.services.schemaregistry.models import field_tree, lookup_any
from pulumi_aep_streaming.expressions import ExpressionError, expression_problem, function_catalog, operator_catalog

SOURCE_TYPES = {"ATTRIBUTE": ATTRIBUTE, "EXPRESSION": EXPRESSION, "STATIC": STATIC}
SOURCE_TYPES.update({v: v for v in list(SOURCE_TYPES.values())})
CONTENT_TYPE = "application/vnd.adobe.xed-full+json;version=1"


def _schema_id(body: dict[str, Any]) -> str | None:
    out = body.get("outputSchema") or {}
    ref = (out.get("schemaRef") or {}).get("id") or out.get("id")
    return ref or body.get("xdmSchema") or (body.get("schemaRef") or {}).get("id")


def _normalize_mapping(raw: Any, index: int) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise errors.dataprep(400, "Bad Request", f"mappings[{index}] must be an object")
    source = raw.get("source", raw.get("sourceAttribute"))
    destination = raw.get("destination", raw.get("destinationXdmPath"))
    source_type = SOURCE_TYPES.get(str(raw.get("sourceType", "ATTRIBUTE")))
    if source_type is None:
        raise errors.dataprep(
            400,
            "Bad Request",
            f"mappings[{index}].sourceType must be ATTRIBUTE, EXPRESSION or STATIC, got {raw.get('sourceType')!r}",
        )
    mapping = {
        "id": new_hex(32),
        "sourceType": source_type,
        "source": source,
        "destination": destination,
        "name": raw.get("name", destination),
        "description": raw.get("description"),
        "sourceAttribute": source,
        "destinationXdmPath": destination,
        "identity": bool(raw.get("identity", False)),
        "identityGroup": raw.get("identityGroup"),
        "namespaceCode": raw.get("namespaceCode"),
        "version": 0,
        "primaryIdentity": bool(raw.get("primaryIdentity", False)),
        "matchScore": 0.0,
        "functionVersion": 0,
        "copyModeMapping": False,
    }
    return {k: v for k, v in mapping.items() if v is not None}  # AEP leaves out what was not given


def mapping_errors(mapping: dict[str, Any], tree: dict[str, Any] | None) -> list[dict[str, Any]]:
    """What is wrong with one normalized mapping, as Data Prep's TransformErrorInfo items."""
    problems: list[str] = []
    source, destination = mapping["source"], mapping["destination"]
    if not isinstance(source, str) or (not source.strip() and mapping["sourceType"] != STATIC):
        problems.append("source must be a non-empty string")
    if not isinstance(destination, str) or not destination.strip():
        problems.append("destination must be a non-empty string")
    elif tree is not None and field_at(tree, destination) is None:
        problems.append(f"destination {destination!r} is not a field of the target schema")
    if not problems:
        try:
            compile_mapping(mapping)
        except (ExpressionError, ValueError) as exc:
            problems.append(f"source {source!r}: {exc}")
    return [{"code": "MAPPER-1100-400", "message": p, "source": source, "destination": destination} for p in problems]


def _parse(st: EmulatorState, caller: Caller, body: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(normalized mapping set fields, the schema's field tree) of a create/PUT body."""
    if not isinstance(body, dict):
        raise errors.dataprep(400, "Bad Request", "the body must be a JSON object")
    schema_id = _schema_id(body)
    if not schema_id:
        raise errors.dataprep(400, "Bad Request", "outputSchema.schemaRef.id (or the legacy xdmSchema) is required")
    schema = lookup_any(st, caller, schema_id)
    if schema is None or schema.get("meta:resourceType") != "schemas":
        raise errors.dataprep(400, "Bad Request", f"schema {schema_id!r} does not exist in sandbox {caller.sandbox}")
    try:
        tree = field_tree(st, caller, schema)
    except UnresolvedReference as exc:
        raise errors.dataprep(400, "Bad Request", f"schema {schema_id} cannot be resolved: {exc}") from exc
    raw_mappings = body.get("mappings")
    if not isinstance(raw_mappings, list) or not raw_mappings:
        raise errors.dataprep(400, "Bad Request", "mappings must be a non-empty list")
    mappings = [_normalize_mapping(m, i) for i, m in enumerate(raw_mappings)]
    content_type = ((body.get("outputSchema") or {}).get("schemaRef") or {}).get("contentType", CONTENT_TYPE)
    fields = {
        "name": body.get("name"),
        "description": body.get("description"),
        "supportVersion": "1.1",
        "status": "PUBLISHED",
        "strictMapping": bool(body.get("strictMapping", False)),
        "allowNullValues": bool(body.get("allowNullValues", False)),
        "xdmVersion": body.get("xdmVersion", "1.0"),
        "xdmSchema": schema["$id"],
        "schemaRef": {"id": schema["$id"], "contentType": content_type},
        "outputSchema": {"schemaRef": {"id": schema["$id"], "contentType": content_type}},
        "inputSchema": body.get("inputSchema"),
        "tags": body.get("tags"),
        "mappings": mappings,
    }
    return {k: v for k, v in fields.items() if v is not None}, tree


def _reject_invalid(fields: dict[str, Any], tree: dict[str, Any] | None) -> None:
    found = [(i, e) for i, m in enumerate(fields["mappings"]) for e in mapping_errors(m, tree)]
    if found:
        problems = [e for _, e in found]
        detail = "; ".join(f"mappings[{i}]: {e['message']}" for i, e in found)
        raise errors.ApiError(
            400, {**errors.dataprep(400, "Mapping validation failed", detail).body, "errors": problems}
        )


def _store(st: EmulatorState, caller: Caller, doc: dict[str, Any]) -> None:
    with st.store.transaction():
        st.store.put("mappingSet", caller.org, caller.sandbox, doc["id"], doc)
        st.store.put("mappingSetVersion", caller.org, caller.sandbox, f"{doc['id']}@{doc['version']}", doc)


def _summary(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in ("id", "version", "createdDate", "modifiedDate", "createdBy", "modifiedBy")}


async def create(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    fields, tree = _parse(st, caller, await json_body(request, "conversion"))
    _reject_invalid(fields, tree)
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
    _store(st, caller, doc)
    return JSONResponse(_summary(doc))


async def replace(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    current = _existing(st, caller, request.path_params["id"])
    fields, tree = _parse(st, caller, await json_body(request, "conversion"))
    _reject_invalid(fields, tree)
    doc = {**current, **fields, "version": current["version"] + 1, "modifiedDate": now_ms(), "modifiedBy": caller.user}
    _store(st, caller, doc)
    return JSONResponse(doc)


def _existing(st: EmulatorState, caller: Caller, mapping_set_id: str, version: int | None = None) -> dict[str, Any]:
    doc = get_version(st, caller, mapping_set_id, version)
    if doc is None:
        which = f"version {version} of " if version is not None else ""
        raise errors.dataprep(404, "Not Found", f"{which}mapping set {mapping_set_id} was not found")
    return doc


async def get(request: Request, caller: Caller) -> Response:
    version = request.query_params.get("version")
    if version is not None and not version.isdigit():
        raise errors.dataprep(400, "Bad Request", "version must be a non-negative integer")
    doc = _existing(state_of(request), caller, request.path_params["id"], int(version) if version else None)
    return JSONResponse(doc)


async def list_mappings(request: Request, caller: Caller) -> Response:
    doc = _existing(state_of(request), caller, request.path_params["id"])
    return JSONResponse(doc["mappings"])


async def get_mapping(request: Request, caller: Caller) -> Response:
    doc = _existing(state_of(request), caller, request.path_params["id"])
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
    docs = st.store.list("mappingSet", caller.org, caller.sandbox)
    if "name" in q:
        docs = [d for d in docs if d.get("name") == q["name"]]
    order = q.get("orderBy") or q.get("orderby")
    if order:
        docs.sort(key=lambda d: d.get(order.lstrip("+-"), 0), reverse=order.startswith("-"))
    page = docs[start : start + limit]
    return JSONResponse({"data": page, "_page": {"count": len(page), "limit": limit, "totalCount": len(docs)}})


async def validate(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    fields, tree = _parse(st, caller, await json_body(request, "conversion"))
    results = []
    for m in fields["mappings"]:
        problems = mapping_errors(m, tree)
        results.append({"status": "FAILED" if problems else "SUCCESS", "errors": problems or None})
    return JSONResponse({"validationResponse": results})


async def preview(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    body = await json_body(request, "conversion")
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise errors.dataprep(400, "Bad Request", 'preview takes {"data": [records], "mappingSet": {...}}')
    fields, tree = _parse(st, caller, body.get("mappingSet"))
    _reject_invalid(fields, tree)
    compiled = [compile_mapping(m) for m in fields["mappings"]]
    out = []
    for record in body["data"]:
        mapped, problems = apply_mappings(compiled, record)
        out.append({"data": mapped, "errors": problems or None})
    return JSONResponse(out)


async def delete(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    doc = _existing(st, caller, request.path_params["id"])
    users = [f["id"] for f in st.store.find("flow", caller.org, caller.sandbox, "mappingId", doc["id"])]
    if users:
        raise errors.dataprep(
            400, "Mapping set in use", f"mapping set {doc['id']} is used by flows {', '.join(users)}; delete them first"
        )
    with st.store.transaction():
        for version in range(doc["version"] + 1):
            st.store.delete("mappingSetVersion", caller.org, caller.sandbox, f"{doc['id']}@{version}")
        st.store.delete("mappingSet", caller.org, caller.sandbox, doc["id"])
    return Response(status_code=204)
