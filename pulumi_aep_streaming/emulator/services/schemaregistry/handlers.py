"""Schema Registry: tenant schemas and field groups, the built-in global ones, and lookups.

Entities are stored under their hex id; they are found by ``$id`` (URL-encoded in paths) or by
``meta:altId``. GETs follow the Accept rules of https://developer.adobe.com/experience-platform-apis/references/schema-registry/.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import unquote

import jsonpatch
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import json_body, new_hex, now_ms
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.listing import parse_filter
from pulumi_aep_streaming.emulator.core.state import EmulatorState, state_of
from pulumi_aep_streaming.emulator.engines.xdm import UnresolvedReference, leaf_paths
from pulumi_aep_streaming.emulator.engines.xdm_standard import CLASSES, FIELD_GROUPS
from pulumi_aep_streaming.emulator.services.schemaregistry.models import field_tree, find, global_resource

KINDS = {"schemas": "schema", "fieldgroups": "fieldgroup"}
LIST_ACCEPT = ("application/vnd.adobe.xed-id+json", "application/vnd.adobe.xed+json")
LOOKUP_FORMATS = ("xed", "xed-full", "xed-notext", "xed-full-notext", "xed-full-desc", "xed-deprecatefield")
_ACCEPT = re.compile(r"^application/vnd\.adobe\.([a-z\-]+)\+json\s*(?:;\s*version\s*=\s*([\d.]+))?\s*$")


def _check_accept_lookup(request: Request) -> str:
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


def _render(st: EmulatorState, caller: Caller, doc: dict[str, Any], fmt: str) -> dict[str, Any]:
    if not fmt.startswith("xed-full"):
        return doc
    out = copy.deepcopy(doc)
    try:
        tree = field_tree(st, caller, doc)
    except UnresolvedReference as exc:
        raise errors.xdm(1012, 404, "Resource Not Found", f"reference {exc} could not be resolved") from exc
    out["properties"] = tree["properties"]
    if tree.get("required"):
        out["required"] = tree["required"]
    out.pop("allOf", None)
    out.pop("definitions", None)
    return out


def _invalid(detail: str) -> errors.ApiError:
    return errors.xdm(1001, 400, "Invalid request", detail)


def _check_envelope(body: Any, what: str, required: tuple[str, ...]) -> None:
    """Shape checks common to schemas and field groups, so nothing malformed is stored."""
    if not isinstance(body, dict):
        raise errors.xdm(1000, 400, "Bad Request", f"The {what} must be a JSON object")
    for name in required:
        if name not in body:
            raise errors.xdm(1001, 400, "Missing required field", f"field '{name}' is required")
    if body["type"] != "object":
        raise _invalid("field 'type' must be \"object\"")
    if not isinstance(body["title"], str) or not body["title"].strip():
        raise _invalid("field 'title' must be a non-empty string")
    if not isinstance(body.get("description", ""), str):
        raise _invalid("field 'description' must be a string")
    if not isinstance(body["allOf"], list) or not all(
        isinstance(p, dict) and isinstance(p.get("$ref"), str) for p in body["allOf"]
    ):
        raise _invalid('allOf must be a list of {"$ref": <$id>}')


def _check_node(node: Any, where: str) -> None:
    """A field definition: an object whose properties/items are field definitions too."""
    if not isinstance(node, dict):
        raise _invalid(f"{where} must be an object")
    if "type" in node and node["type"] not in ("object", "array", "string", "integer", "number", "boolean"):
        raise _invalid(f"{where}.type {node['type']!r} is not an XDM type")
    properties = node.get("properties", {})
    if not isinstance(properties, dict):
        raise _invalid(f"{where}.properties must be an object")
    for name, sub in properties.items():
        _check_node(sub, f"{where}.{name}")
    if "items" in node:
        _check_node(node["items"], f"{where}.items")


def _validate_schema(st: EmulatorState, caller: Caller, body: Any) -> tuple[str, list[str]]:
    """(class id, field group ids) of a schema body; raises an XDM error naming the problem."""
    if isinstance(body, dict):
        body.setdefault("type", "object")  # AEP takes a schema without it as an object
    _check_envelope(body, "schema", ("type", "title", "allOf"))
    classes, groups = [], []
    for part in body["allOf"]:
        ref = part["$ref"]
        group = find(st, caller, "fieldgroup", ref)
        if ref in CLASSES:
            classes.append(ref)
        elif group is not None:
            groups.append(group)
        else:
            raise errors.xdm(1012, 400, "Resource Not Found", f"referenced class or field group {ref!r} does not exist")
    if len(classes) != 1:
        raise errors.xdm(
            1021, 400, "Invalid schema", f"a schema must reference exactly one class in allOf (found {len(classes)})"
        )
    for group in groups:
        if classes[0] not in group.get("meta:intendedToExtend", []):
            raise errors.xdm(
                1022, 400, "Incompatible field group", f"field group {group['$id']} does not extend class {classes[0]}"
            )
    return classes[0], [g["$id"] for g in groups]


def _validate_fieldgroup(st: EmulatorState, body: Any) -> None:
    _check_envelope(body, "field group", ("type", "title", "meta:intendedToExtend", "definitions", "allOf"))
    definitions = body["definitions"]
    if not isinstance(definitions, dict):
        raise _invalid("definitions must be an object of name -> field definition")
    namespace = f"_{st.settings.tenant_id}"
    for name, definition in definitions.items():
        _check_node(definition, f"definitions.{name}")
        for field in definition.get("properties", {}):
            if field != namespace:
                raise errors.xdm(
                    1023,
                    400,
                    "Invalid field group",
                    f"custom fields of definition '{name}' must sit under the tenant namespace"
                    f" '{namespace}', not '{field}'",
                )
    for part in body["allOf"]:
        if part["$ref"].removeprefix("#/definitions/") not in definitions:
            raise _invalid(f"allOf names {part['$ref']!r}, which is not in definitions")
    extends = body["meta:intendedToExtend"]
    if not isinstance(extends, list) or not extends:
        raise _invalid("meta:intendedToExtend must be a non-empty list of class $ids")
    for cls in extends:
        if cls not in CLASSES:
            raise errors.xdm(1012, 400, "Resource Not Found", f"class {cls!r} in meta:intendedToExtend does not exist")


def _users(st: EmulatorState, caller: Caller, kind: str, doc_id: str) -> list[str]:
    """Ids of the entities that reference a schema (datasets) or a field group (schemas)."""
    if kind == "schema":
        return [d["id"] for d in st.store.find("dataset", caller.org, caller.sandbox, "schema", doc_id)]
    return [s["$id"] for s in st.store.find("schema", caller.org, caller.sandbox, "uses", doc_id)]


def _registry_metadata(caller: Caller, previous: dict[str, Any] | None) -> dict[str, Any]:
    now = now_ms()
    return {
        "repo:createdDate": previous["repo:createdDate"] if previous else now,
        "repo:lastModifiedDate": now,
        "xdm:createdClientId": previous["xdm:createdClientId"] if previous else caller.client_id,
        "xdm:lastModifiedClientId": caller.client_id,
        "xdm:createdUserId": previous["xdm:createdUserId"] if previous else caller.user,
        "xdm:lastModifiedUserId": caller.user,
        "eTag": new_hex(64),
        "meta:globalLibVersion": "1.50.3",
    }


def _finish(
    st: EmulatorState, caller: Caller, kind: str, body: dict[str, Any], previous: dict[str, Any] | None
) -> dict[str, Any]:
    tenant = st.settings.tenant_id
    segment = "schemas" if kind == "schema" else "mixins"
    doc = dict(body)
    if previous:
        doc["$id"], doc["meta:altId"] = previous["$id"], previous["meta:altId"]
        major, _, minor = previous["version"].partition(".")
        doc["version"] = f"{major}.{int(minor or 0) + 1}"
    else:
        hex_id = new_hex(32)
        doc["$id"] = f"https://ns.adobe.com/{tenant}/{segment}/{hex_id}"
        doc["meta:altId"] = f"_{tenant}.{segment}.{hex_id}"
        doc["version"] = "1.0"
    doc.update(
        {
            "meta:resourceType": segment,
            "meta:containerId": "tenant",
            "meta:tenantNamespace": f"_{tenant}",
            "meta:sandboxId": caller.sandbox_id,
            "meta:sandboxType": "production" if caller.sandbox == "prod" else "development",
            "imsOrg": caller.org,
            "meta:registryMetadata": _registry_metadata(
                caller, previous.get("meta:registryMetadata") if previous else None
            ),
        }
    )
    if kind == "schema":
        cls, groups = _validate_schema(st, caller, doc)
        doc["meta:class"] = cls
        doc["meta:extends"] = [cls, *groups]
        doc.setdefault("meta:immutableTags", [])
        doc.update({"meta:abstract": False, "meta:extensible": False, "meta:xdmType": "object"})
        try:
            tree = field_tree(st, caller, doc)
        except UnresolvedReference as exc:
            raise errors.xdm(1012, 400, "Resource Not Found", f"reference {exc} could not be resolved") from exc
        if previous and _users(st, caller, "schema", previous["$id"]):
            before = set(leaf_paths(field_tree(st, caller, previous)).items())
            removed = before - set(leaf_paths(tree).items())
            if removed:
                paths = ", ".join(sorted(p for p, _ in removed))
                raise errors.xdm(
                    1024,
                    400,
                    "Breaking change",
                    f"the schema is used by a dataset; fields cannot be removed or retyped: {paths}",
                )
        if previous and "union" in previous.get("meta:immutableTags", []) and "union" not in doc["meta:immutableTags"]:
            raise errors.xdm(1025, 400, "Breaking change", "the 'union' tag cannot be removed")
    else:
        _validate_fieldgroup(st, doc)
        doc.update({"meta:abstract": True, "meta:extensible": True, "meta:xdmType": "object"})
    title_taken = any(
        other["$id"] != doc["$id"] for other in st.store.find(kind, caller.org, caller.sandbox, "title", doc["title"])
    )
    if title_taken:
        raise errors.xdm(
            1521, 400, "Title not unique", f"a {kind} titled {doc['title']!r} already exists in this sandbox"
        )
    st.store.put(kind, caller.org, caller.sandbox, doc["$id"].rsplit("/", 1)[-1], doc)
    return doc


# -- handlers -------------------------------------------------------------------------------------


async def stats(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    return JSONResponse(
        {
            "imsOrg": caller.org,
            "tenantId": st.settings.tenant_id,
            "counts": {
                "schemas": len(st.store.list("schema", caller.org, caller.sandbox)),
                "mixins": len(st.store.list("fieldgroup", caller.org, caller.sandbox)),
            },
        }
    )


def _list_response(request: Request, docs: list[dict[str, Any]]) -> Response:
    accept = request.headers.get("accept", "").split(",")[0].strip()
    if accept not in LIST_ACCEPT:
        raise errors.xdm(
            1006,
            400,
            "Invalid Accept header",
            f"listing needs Accept: {' or '.join(LIST_ACCEPT)} (without a version), got {accept!r}",
        )
    q = request.query_params
    orderby = q.get("orderby", "title")
    key = orderby.lstrip("+-")
    reverse = orderby.startswith("-")
    for prop in q.getlist("property"):  # several are ANDed; arrays (meta:extends...) match by membership
        matches = parse_filter(prop, lambda detail: errors.xdm(1000, 400, "Bad Request", detail))
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
    full = accept == "application/vnd.adobe.xed+json"
    results = page if full else [{k: d[k] for k in ("$id", "meta:altId", "version", "title")} for d in page]
    nxt = str(page[-1].get(key, "")) if more and page else None
    return JSONResponse(
        {
            "results": results,
            "_page": {"orderby": orderby, "next": nxt, "count": len(page)},
            "_links": {
                "next": {"href": f"{request.url.path}?orderby={orderby}&start={nxt}&limit={limit}"} if nxt else None,
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
    return _list_response(request, st.store.list(_kind(request), caller.org, caller.sandbox))


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
    return _list_response(request, docs)


async def get_global(request: Request, caller: Caller) -> Response:
    fmt = _check_accept_lookup(request)
    ref = unquote(request.path_params["ref"])
    doc = global_resource(_global_pool(request), ref)
    if doc is None:
        raise errors.xdm(1012, 404, "Resource Not Found", f"global resource {ref!r} was not found")
    return JSONResponse(_render(state_of(request), caller, doc, fmt))


async def get_tenant(request: Request, caller: Caller) -> Response:
    fmt = _check_accept_lookup(request)
    st = state_of(request)
    doc = find(st, caller, _kind(request), request.path_params["ref"])
    if doc is None or doc.get("meta:containerId") != "tenant":
        raise errors.xdm(
            1012, 404, "Resource Not Found", f"{_kind(request)} {unquote(request.path_params['ref'])!r} was not found"
        )
    return JSONResponse(_render(st, caller, doc, fmt))


async def create(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    body = await json_body(request, "schemaregistry")
    if not isinstance(body, dict):
        raise errors.xdm(1000, 400, "Bad Request", "The body must be a JSON object")
    for reserved in ("$id", "meta:altId"):
        body.pop(reserved, None)
    with st.store.transaction():
        doc = _finish(st, caller, _kind(request), body, None)
    return JSONResponse(doc, status_code=201)


async def _existing(request: Request, caller: Caller) -> dict[str, Any]:
    doc = find(state_of(request), caller, _kind(request), request.path_params["ref"])
    if doc is None or doc.get("meta:containerId") != "tenant":
        raise errors.xdm(
            1012, 404, "Resource Not Found", f"{_kind(request)} {unquote(request.path_params['ref'])!r} was not found"
        )
    return doc


async def replace(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    previous = await _existing(request, caller)
    body = await json_body(request, "schemaregistry")
    if not isinstance(body, dict):
        raise errors.xdm(1000, 400, "Bad Request", "The body must be a JSON object")
    with st.store.transaction():
        doc = _finish(st, caller, _kind(request), body, previous)
    return JSONResponse(doc)


async def patch(request: Request, caller: Caller) -> Response:
    st = state_of(request)
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
        doc = _finish(st, caller, _kind(request), patched, previous)
    return JSONResponse(doc)


async def delete(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    doc = await _existing(request, caller)
    kind = _kind(request)
    users = _users(st, caller, kind, doc["$id"])
    if users:
        what = "datasets" if kind == "schema" else "schemas"
        raise errors.xdm(
            1016,
            400,
            "Resource in use",
            f"{kind} {doc['$id']} is used by {what} {', '.join(users)}; delete those first",
        )
    st.store.delete(kind, caller.org, caller.sandbox, doc["$id"].rsplit("/", 1)[-1])
    return Response(status_code=204)
