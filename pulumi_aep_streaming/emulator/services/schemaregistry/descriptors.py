"""Schema descriptors: a schema's identities and other interpretive metadata (no Request in here).

A descriptor names its schema (``xdm:sourceSchema``) and a field of it as a JSON pointer
(``xdm:sourceProperty``). Identity descriptors also name a namespace, by code or by id; a schema
has at most one primary identity. Descriptors go with their schema when it is deleted.
"""

from __future__ import annotations

from typing import Any

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import new_hex, now_ms
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.scope import Scope
from pulumi_aep_streaming.emulator.engines.xdm import field_at
from pulumi_aep_streaming.emulator.services.identity.models import by_code, namespaces
from pulumi_aep_streaming.emulator.services.schemaregistry.models import field_tree, find

KIND = "descriptor"
IDENTITY = "xdm:descriptorIdentity"
TYPES = (
    "xdm:alternateDisplayInfo",
    IDENTITY,
    "xdm:descriptorReferenceIdentity",
    "xdm:descriptorOneToOne",
    "xdm:descriptorRelationship",
)


def _invalid(detail: str) -> errors.ApiError:
    return errors.xdm(1001, 400, "Invalid descriptor", detail)


def dotted(pointer: str) -> str:
    """``/personalEmail/address`` -> ``personalEmail.address``."""
    return ".".join(p.replace("~1", "/").replace("~0", "~") for p in pointer.strip("/").split("/"))


def descriptor(sb: Scope, descriptor_id: str) -> dict[str, Any]:
    doc = sb.get(KIND, descriptor_id)
    if doc is None:
        raise errors.xdm(1012, 404, "Resource Not Found", f"descriptor {descriptor_id!r} was not found")
    return doc


def of_schema(sb: Scope, schema_id: str) -> list[dict[str, Any]]:
    return sb.find(KIND, "sourceSchema", schema_id)


def identities_of(sb: Scope, schema_id: str) -> list[dict[str, Any]]:
    """The identity descriptors of a schema, primary first."""
    found = [d for d in of_schema(sb, schema_id) if d["@type"] == IDENTITY]
    return sorted(found, key=lambda d: not d.get("xdm:isPrimary", False))


def namespace_code(sb: Scope, doc: dict[str, Any]) -> str | None:
    """The code of an identity descriptor's namespace (it may name it by id), if it exists."""
    value = str(doc.get("xdm:namespace", ""))
    if doc.get("xdm:property") == "xdm:id":
        found = next((n for n in namespaces(sb) if str(n["id"]) == value), None)
    else:
        found = by_code(sb, value)
    return str(found["code"]) if found else None


def _check(sb: Scope, body: Any, descriptor_id: str | None) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise errors.xdm(1000, 400, "Bad Request", "The descriptor must be a JSON object")
    kind = body.get("@type")
    if kind not in TYPES:
        raise _invalid(f"@type {kind!r} is not a descriptor type; use one of {', '.join(TYPES)}")
    for name in ("xdm:sourceSchema", "xdm:sourceVersion", "xdm:sourceProperty"):
        if body.get(name) in (None, ""):
            raise errors.xdm(1001, 400, "Missing required field", f"field '{name}' is required")
    schema = find(sb, "schema", str(body["xdm:sourceSchema"]))
    if schema is None:
        raise errors.xdm(
            1012, 400, "Resource Not Found", f"xdm:sourceSchema {body['xdm:sourceSchema']!r} is not a schema"
        )
    if str(body["xdm:sourceVersion"]).split(".")[0] != "1":
        raise _invalid("xdm:sourceVersion must be the schema's major version, 1")
    pointer = body["xdm:sourceProperty"]
    node = field_at(field_tree(sb, schema), dotted(pointer)) if isinstance(pointer, str) else None
    if node is None or not str(pointer).startswith("/"):
        raise _invalid(f"xdm:sourceProperty {pointer!r} is not a field of schema {schema['$id']}")
    doc = {**body, "xdm:sourceSchema": schema["$id"]}
    if kind == IDENTITY:
        _check_identity(sb, doc, node, descriptor_id)
    return doc


def _check_identity(sb: Scope, doc: dict[str, Any], node: dict[str, Any], descriptor_id: str | None) -> None:
    doc.setdefault("xdm:property", "xdm:code")
    doc["xdm:isPrimary"] = bool(doc.get("xdm:isPrimary", False))
    if doc["xdm:property"] not in ("xdm:code", "xdm:id"):
        raise _invalid("xdm:property must be xdm:code or xdm:id")
    if doc.get("xdm:namespace") in (None, ""):
        raise errors.xdm(1001, 400, "Missing required field", "field 'xdm:namespace' is required")
    if namespace_code(sb, doc) is None:
        raise _invalid(f"xdm:namespace {doc['xdm:namespace']!r} is not an identity namespace of this sandbox")
    if node.get("type") != "string":
        raise _invalid(f"identity field {doc['xdm:sourceProperty']} must be a string field")
    others = [d for d in identities_of(sb, doc["xdm:sourceSchema"]) if d["@id"] != descriptor_id]
    if any(d["xdm:sourceProperty"] == doc["xdm:sourceProperty"] for d in others):
        raise _invalid(f"field {doc['xdm:sourceProperty']} already has an identity descriptor")
    primary = next((d for d in others if d.get("xdm:isPrimary")), None)
    if doc["xdm:isPrimary"] and primary is not None:
        raise _invalid(
            f"schema {doc['xdm:sourceSchema']} already has a primary identity ({primary['xdm:sourceProperty']});"
            " a schema has one primary identity"
        )


def _stored(sb: Scope, caller: Caller, doc: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    now = now_ms()
    meta = (previous or {}).get("meta:registryMetadata", {})
    stored = {
        **doc,
        "@id": previous["@id"] if previous else new_hex(40),
        "imsOrg": caller.org,
        "version": "1",
        "meta:containerId": "tenant",
        "meta:sandboxId": caller.sandbox_id,
        "meta:sandboxType": "production" if caller.sandbox == "prod" else "development",
        "meta:registryMetadata": {
            "repo:createdDate": meta.get("repo:createdDate", now),
            "repo:lastModifiedDate": now,
            "xdm:createdClientId": meta.get("xdm:createdClientId", caller.client_id),
            "xdm:lastModifiedClientId": caller.client_id,
            "xdm:createdUserId": meta.get("xdm:createdUserId", caller.user),
            "xdm:lastModifiedUserId": caller.user,
            "eTag": new_hex(64),
        },
    }
    sb.put(KIND, stored["@id"], stored)
    return stored


def create(sb: Scope, caller: Caller, body: Any) -> dict[str, Any]:
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k != "@id"}
    return _stored(sb, caller, _check(sb, body, None), None)


def replace(sb: Scope, caller: Caller, descriptor_id: str, body: Any) -> dict[str, Any]:
    """PUT: the whole descriptor again (its id stays)."""
    previous = descriptor(sb, descriptor_id)
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k != "@id"}
    return _stored(sb, caller, _check(sb, body, descriptor_id), previous)


def delete(sb: Scope, descriptor_id: str) -> None:
    descriptor(sb, descriptor_id)
    sb.delete(KIND, descriptor_id)


def delete_of_schema(sb: Scope, schema_id: str) -> None:
    for doc in of_schema(sb, schema_id):
        sb.delete(KIND, doc["@id"])
