"""Catalog Service datasets: ``/dataSets`` (https://developer.adobe.com/experience-platform-apis/references/catalog/)."""

from __future__ import annotations

from typing import Any

import jsonpatch
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import json_body, new_hex, now_ms
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.listing import parse_filter
from pulumi_aep_streaming.emulator.core.scope import Scope, scope_of
from pulumi_aep_streaming.emulator.core.state import state_of
from pulumi_aep_streaming.emulator.services.catalog.models import (
    IMMUTABLE,
    WRITABLE,
    behavior_of,
    check_dataset,
    dataset_doc,
    new_system_tags,
    projected,
    system_tags,
)


async def create(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    body = await json_body(request, "catalog")
    if not isinstance(body, dict):
        raise errors.catalog(400, "Bad Request", "the body must be a JSON object")
    check_dataset(sb, body, {})
    dataset_id = new_hex(24)
    now = now_ms()
    doc = {k: body[k] for k in body if k not in IMMUTABLE or k == "schemaRef"}
    doc.update(
        {
            "id": dataset_id,
            "imsOrg": caller.org,
            "version": "1.0.0",
            "created": now,
            "updated": now,
            "createdClient": caller.client_id,
            "createdUser": caller.user,
            "updatedUser": caller.user,
            "tags": {**body.get("tags", {}), **new_system_tags(body["name"])},
            "viewId": new_hex(24),
            "basePath": f"adl://emulator/{caller.sandbox}/{dataset_id}",
            "files": f"@/dataSetFiles?dataSetId={dataset_id}",
            "state": "DRAFT",
            "enableErrorDiagnostics": bool(body.get("enableErrorDiagnostics", False)),
            "observableSchema": {},
            "classification": {"dataBehavior": behavior_of(sb, body), "managedBy": "CUSTOMER"},
        }
    )
    sb.put("dataset", dataset_id, doc)
    return JSONResponse(
        [f"@/dataSets/{dataset_id}"],
        status_code=201,
        headers={"Location": f"/data/foundation/catalog/dataSets/{dataset_id}"},
    )


async def get(request: Request, caller: Caller) -> Response:
    doc = dataset_doc(scope_of(state_of(request), caller), request.path_params["id"])
    return JSONResponse({doc["id"]: projected(doc, request.query_params.get("properties"))})


async def list_(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    q = request.query_params
    try:
        limit = int(q.get("limit", "20"))
        start = int(q.get("start", "0"))
    except ValueError as exc:
        raise errors.catalog(400, "Bad Request", "limit and start must be integers") from exc
    if not 1 <= limit <= 100:
        raise errors.catalog(400, "Bad Request", "limit must be from 1 to 100")
    docs = sb.list("dataset")
    if "name" in q:
        docs = [d for d in docs if d.get("name") == q["name"]]
    for prop in q.getlist("property"):
        matches = parse_filter(prop, lambda detail: errors.catalog(400, "Bad Request", detail))
        docs = [d for d in docs if matches(d)]
    order = q.get("orderBy")
    if order:
        field = order.split(":")[-1].lstrip("+-")
        docs.sort(key=lambda d: str(d.get(field, "")), reverse=order.startswith("desc") or order.startswith("-"))
    page = docs[start : start + limit]
    return JSONResponse({d["id"]: projected(d, q.get("properties")) for d in page})


async def patch(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    doc = dataset_doc(sb, request.path_params["id"])
    body = await json_body(request, "catalog")
    if request.headers.get("content-type", "").startswith("application/json-patch+json"):
        try:
            if any(op.get("path", "").split("/")[1:2] and op["path"].split("/")[1] in IMMUTABLE for op in body):
                raise errors.catalog(400, "Bad Request", f"only {', '.join(WRITABLE)} can be patched")
            updated = jsonpatch.apply_patch(doc, body)
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, AttributeError, TypeError) as exc:
            raise errors.catalog(400, "Bad Request", f"invalid JSON Patch: {exc}") from exc
    else:
        if not isinstance(body, dict):
            raise errors.catalog(
                400,
                "Bad Request",
                "the body must be a JSON object (or a JSON Patch with Content-Type application/json-patch+json)",
            )
        bad = [k for k in body if k in IMMUTABLE]
        if bad:
            raise errors.catalog(
                400, "Bad Request", f"fields {bad} cannot be changed; only {', '.join(WRITABLE)} can be patched"
            )
        updated = {**doc, **body}
    return _save(sb, caller, doc, updated)


async def put(request: Request, caller: Caller) -> Response:
    """Replace the writable fields: those the body leaves out are cleared; the others stay as they are."""
    st = state_of(request)
    sb = scope_of(st, caller)
    doc = dataset_doc(sb, request.path_params["id"])
    body = await json_body(request, "catalog")
    if not isinstance(body, dict):
        raise errors.catalog(400, "Bad Request", "the body must be a JSON object (the dataset)")
    changed = [k for k in body if k in IMMUTABLE and body[k] != doc.get(k)]
    if changed:
        raise errors.catalog(400, "Bad Request", f"fields {changed} cannot be changed; only {', '.join(WRITABLE)} can")
    kept = {k: v for k, v in doc.items() if k not in WRITABLE}
    return _save(sb, caller, doc, {**kept, **{k: v for k, v in body.items() if k not in IMMUTABLE}})


def _save(sb: Scope, caller: Caller, doc: dict[str, Any], updated: dict[str, Any]) -> Response:
    system = system_tags(doc)
    check_dataset(sb, updated, system)
    # System tags belong to AEP: a body that leaves them out or changes them does not remove or change them.
    updated["tags"] = {**updated.get("tags", {}), **system}
    updated.update({"updated": now_ms(), "updatedUser": caller.user})
    sb.put("dataset", updated["id"], updated)
    return JSONResponse([f"@/dataSets/{updated['id']}"])


async def delete(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    dataset_id = request.path_params["id"]
    with st.store.transaction():
        if not sb.delete("dataset", dataset_id):
            return JSONResponse([])
        sb.delete_rows(dataset_id)
        sb.delete_fragments(dataset_id)
    return JSONResponse([f"@/dataSets/{dataset_id}"])
