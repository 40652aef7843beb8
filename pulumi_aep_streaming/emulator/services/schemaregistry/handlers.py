"""Schema Registry: tenant schemas and field groups, the built-in global ones, and lookups.

Entities are stored under their hex id; they are found by ``$id`` (URL-encoded in paths) or by
``meta:altId``. GETs follow the Accept rules of https://developer.adobe.com/experience-platform-apis/references/schema-registry/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import jsonpatch
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import json_body
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.listing import parse_filter
from pulumi_aep_streaming.emulator.core.scope import Scope, scope_of
from pulumi_aep_streaming.emulator.core.state import state_of
from pulumi_aep_streaming.emulator.engines.xdm_standard import CLASSES, FIELD_GROUPS
from pulumi_aep_streaming.emulator.services.schemaregistry import descriptors, unions
from pulumi_aep_streaming.emulator.services.schemaregistry.models import (
    find,
    finish,
    global_resource,
    render_doc,
    users_of,
)

KINDS = {"schemas": "schema", "fieldgroups": "fieldgroup"}
LIST_ACCEPT = ("application/vnd.adobe.xed-id+json", "application/vnd.adobe.xed+json")
LOOKUP_FORMATS = ("xed", "xed-full", "xed-notext", "xed-full-notext", "xed-full-desc", "xed-deprecatefield")
_ACCEPT = re.compile(r"^application/vnd\.adobe\.([a-z\-]+)\+json\s*(?:;\s*version\s*=\s*([\d.]+))?\s*$")


def lookup_format(request: Request) -> str:
    accept = request.headers.get("accept", "")
    if accept.split(";")[0].strip() == "application/json":
        return "xed"  # plain JSON is the default (xed) representation
    m = _ACCEPT.match(accept.split(",")[0].strip())
    if not m:
        raise errors.xdm(
            1006,
            406,
            "Unsupported Accept header",
            f"Accept header {accept!r} is not supported; use e.g. application/vnd.adobe.xed+json; version=1",
        )
    fmt, version = m.group(1), m.group(2)
    if version is None:
        raise errors.xdm(
            1007,
            400,
            "Version missing in Accept header",
            "A lookup needs a major version in the Accept header, e.g. application/vnd.adobe.xed+json; version=1",
        )
    fmt = fmt.replace("xdm", "xed", 1) if fmt.startswith("xdm") else fmt  # the xdm spellings name the same formats
    if fmt not in LOOKUP_FORMATS:
        raise errors.xdm(1006, 406, "Unsupported Accept header", f"format {fmt!r} is not supported")
    if version.split(".")[0] != "1":
        raise errors.xdm(
            1008, 406, "Version not available", f"version {version} is not available; only major version 1 exists"
        )
    return fmt


# -- handlers -------------------------------------------------------------------------------------


async def stats(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    return JSONResponse(
        {
            "imsOrg": caller.org,
            "tenantId": st.settings.tenant_id,
            "counts": {
                "schemas": sb.count("schema"),
                "mixins": sb.count("fieldgroup"),
            },
        }
    )


def paged(
    request: Request,
    docs: list[dict[str, Any]],
    default_order: str,
    split: Callable[[str], list[str]] = lambda expr: [expr],
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A listing's ``property`` filters, ``orderby``, ``start`` and ``limit``: (the page, its ``_page``).

    ``split`` turns one ``property`` value into the filters it holds."""
    q = request.query_params
    orderby = q.get("orderby", default_order)
    key = orderby.lstrip("+-")
    reverse = orderby.startswith("-")
    for expr in (e for prop in q.getlist("property") for e in split(prop)):
        # several are ANDed; arrays (meta:extends...) match by membership
        matches = parse_filter(expr, lambda detail: errors.xdm(1000, 400, "Bad Request", detail))
        docs = [d for d in docs if matches(d)]
    docs = sorted(docs, key=lambda d: str(d.get(key, "")), reverse=reverse)
    if "start" in q:
        start = q["start"]
        docs = [d for d in docs if (str(d.get(key, "")) < start if reverse else str(d.get(key, "")) > start)]
    try:
        limit = min(int(q.get("limit", "300")), 500)
    except ValueError as exc:
        raise errors.xdm(1000, 400, "Bad Request", "limit must be an integer from 0 to 500") from exc
    page, more = docs[:limit], len(docs) > limit
    nxt = str(page[-1].get(key, "")) if more and page else None
    return page, {"orderby": orderby, "next": nxt, "count": len(page), "limit": limit}


def next_link(request: Request, page: dict[str, Any]) -> dict[str, str] | None:
    if page["next"] is None:
        return None
    return {"href": f"{request.url.path}?orderby={page['orderby']}&start={page['next']}&limit={page['limit']}"}


def list_response(request: Request, docs: list[dict[str, Any]]) -> Response:
    accept = request.headers.get("accept", "").split(",")[0].strip()
    if accept not in LIST_ACCEPT:
        raise errors.xdm(
            1006,
            400,
            "Invalid Accept header",
            f"listing needs Accept: {' or '.join(LIST_ACCEPT)} (without a version), got {accept!r}",
        )
    page, info = paged(request, docs, "title")
    full = accept == "application/vnd.adobe.xed+json"
    results = page if full else [{k: d[k] for k in ("$id", "meta:altId", "version", "title")} for d in page]
    return JSONResponse(
        {
            "results": results,
            "_page": {k: info[k] for k in ("orderby", "next", "count")},
            "_links": {
                "next": next_link(request, info),
                "global_schemas": {"href": "https://platform.adobe.io/data/foundation/schemaregistry/global/schemas"},
            },
        }
    )


def _kind(request: Request) -> str:
    kind = KINDS.get(request.path_params["collection"])
    if kind is None:
        raise errors.xdm(
            1012,
            404,
            "Resource Not Found",
            f"the tenant container has no {request.path_params['collection']!r} collection; use schemas or fieldgroups",
        )
    return kind


async def list_tenant(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    return list_response(request, sb.list(_kind(request)))


def _global_pool(request: Request) -> dict[str, dict[str, Any]]:
    pools = {"classes": CLASSES, "fieldgroups": FIELD_GROUPS}
    collection = request.path_params["collection"]
    if collection not in pools:
        raise errors.xdm(
            1012,
            404,
            "Resource Not Found",
            f"the global container has no {collection!r} collection; use classes or fieldgroups",
        )
    return pools[collection]


async def list_global(request: Request, caller: Caller) -> Response:
    pool = _global_pool(request)
    docs = list(pool.values())
    return list_response(request, docs)


async def get_global(request: Request, caller: Caller) -> Response:
    fmt = lookup_format(request)
    ref = unquote(request.path_params["ref"])
    doc = global_resource(_global_pool(request), ref)
    if doc is None:
        raise errors.xdm(1012, 404, "Resource Not Found", f"global resource {ref!r} was not found")
    return JSONResponse(render_doc(scope_of(state_of(request), caller), doc, fmt))


async def get_tenant(request: Request, caller: Caller) -> Response:
    fmt = lookup_format(request)
    st = state_of(request)
    sb = scope_of(st, caller)
    doc = find(sb, _kind(request), request.path_params["ref"])
    if doc is None or doc.get("meta:containerId") != "tenant":
        raise errors.xdm(
            1012, 404, "Resource Not Found", f"{_kind(request)} {unquote(request.path_params['ref'])!r} was not found"
        )
    return JSONResponse(render_doc(sb, doc, fmt))


def _written(
    sb: Scope, caller: Caller, kind: str, body: dict[str, Any], previous: dict[str, Any] | None
) -> dict[str, Any]:
    """Store a schema or field group (inside the caller's transaction: a refusal rolls it back)."""
    doc = finish(sb, caller, kind, body, previous)
    if kind == "schema":
        unions.check_member(sb, doc)
    return doc


async def create(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    body = await json_body(request, "schemaregistry")
    if not isinstance(body, dict):
        raise errors.xdm(1000, 400, "Bad Request", "The body must be a JSON object")
    for reserved in ("$id", "meta:altId"):
        body.pop(reserved, None)
    with st.store.transaction():
        doc = _written(sb, caller, _kind(request), body, None)
    return JSONResponse(doc, status_code=201)


async def _existing(request: Request, caller: Caller) -> dict[str, Any]:
    doc = find(scope_of(state_of(request), caller), _kind(request), request.path_params["ref"])
    if doc is None or doc.get("meta:containerId") != "tenant":
        raise errors.xdm(
            1012, 404, "Resource Not Found", f"{_kind(request)} {unquote(request.path_params['ref'])!r} was not found"
        )
    return doc


async def replace(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    previous = await _existing(request, caller)
    body = await json_body(request, "schemaregistry")
    if not isinstance(body, dict):
        raise errors.xdm(1000, 400, "Bad Request", "The body must be a JSON object")
    with st.store.transaction():
        doc = _written(sb, caller, _kind(request), body, previous)
    return JSONResponse(doc)


async def patch(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    previous = await _existing(request, caller)
    ops = await json_body(request, "schemaregistry")
    if isinstance(ops, dict):
        ops = [ops]
    try:
        for op in ops:
            if op.get("path", "").split("/")[1:2] in (["$id"], ["meta:altId"]):
                raise errors.xdm(1000, 400, "Bad Request", f"{op['path']} cannot be changed")
        patched = jsonpatch.apply_patch(previous, ops)
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, AttributeError, TypeError) as exc:
        raise errors.xdm(1000, 400, "Invalid JSON Patch", str(exc)) from exc
    with st.store.transaction():
        doc = _written(sb, caller, _kind(request), patched, previous)
    return JSONResponse(doc)


async def delete(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    sb = scope_of(st, caller)
    doc = await _existing(request, caller)
    kind = _kind(request)
    users = users_of(sb, kind, doc["$id"])
    if users:
        what = "datasets" if kind == "schema" else "schemas"
        raise errors.xdm(
            1016,
            400,
            "Resource in use",
            f"{kind} {doc['$id']} is used by {what} {', '.join(users)}; delete those first",
        )
    with st.store.transaction():
        if kind == "schema":
            descriptors.delete_of_schema(sb, doc["$id"])
        sb.delete(kind, doc["$id"].rsplit("/", 1)[-1])
    return Response(status_code=204)
