"""Schema Registry resources: validation, stored shape, and the lookups other services use (no Request)."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import unquote

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import new_hex, now_ms
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.scope import Scope
from pulumi_aep_streaming.emulator.engines.xdm import UnresolvedReference, leaf_paths, resolve
from pulumi_aep_streaming.emulator.engines.xdm_standard import CLASSES, FIELD_GROUPS


def find(sb: Scope, kind: str, ref: str) -> dict[str, Any] | None:
    ref = unquote(ref)
    if kind == "fieldgroup" and global_resource(FIELD_GROUPS, ref) is not None:
        return global_resource(FIELD_GROUPS, ref)
    found = sb.find(kind, "ref", ref)
    return found[0] if found else None


def global_resource(pool: dict[str, dict[str, Any]], ref: str) -> dict[str, Any] | None:
    """A standard class or field group by its $id or altId (older clients spell hyphens as underscores)."""
    if ref in pool:
        return pool[ref]
    spelled = ref.replace("_", "-")
    return next(
        (d for d in pool.values() if ref == d["meta:altId"] or spelled == d["meta:altId"].replace("_", "-")), None
    )


def lookup_any(sb: Scope, ref: str) -> dict[str, Any] | None:
    """A class, field group or schema by $id or altId, global or tenant."""
    if ref in CLASSES:
        return CLASSES[ref]
    return find(sb, "fieldgroup", ref) or find(sb, "schema", ref)


def field_tree(sb: Scope, schema: dict[str, Any]) -> dict[str, Any]:
    return resolve(schema, lambda ref: lookup_any(sb, ref))


def render_doc(sb: Scope, doc: dict[str, Any], fmt: str) -> dict[str, Any]:
    if not fmt.startswith("xed-full"):
        return doc
    out = copy.deepcopy(doc)
    try:
        tree = field_tree(sb, doc)
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


def _validate_schema(sb: Scope, body: Any) -> tuple[str, list[str]]:
    """(class id, field group ids) of a schema body; raises an XDM error naming the problem."""
    if isinstance(body, dict):
        body.setdefault("type", "object")  # AEP takes a schema without it as an object
    _check_envelope(body, "schema", ("type", "title", "allOf"))
    classes, groups = [], []
    for part in body["allOf"]:
        ref = part["$ref"]
        group = find(sb, "fieldgroup", ref)
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


def _validate_fieldgroup(sb: Scope, body: Any) -> None:
    _check_envelope(body, "field group", ("type", "title", "meta:intendedToExtend", "definitions", "allOf"))
    definitions = body["definitions"]
    if not isinstance(definitions, dict):
        raise _invalid("definitions must be an object of name -> field definition")
    namespace = f"_{sb.state.settings.tenant_id}"
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


def users_of(sb: Scope, kind: str, doc_id: str) -> list[str]:
    """Ids of the entities that reference a schema (datasets) or a field group (schemas)."""
    if kind == "schema":
        return [d["id"] for d in sb.find("dataset", "schema", doc_id)]
    return [s["$id"] for s in sb.find("schema", "uses", doc_id)]


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


def finish(
    sb: Scope, caller: Caller, kind: str, body: dict[str, Any], previous: dict[str, Any] | None
) -> dict[str, Any]:
    tenant = sb.state.settings.tenant_id
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
        cls, groups = _validate_schema(sb, doc)
        doc["meta:class"] = cls
        doc["meta:extends"] = [cls, *groups]
        doc.setdefault("meta:immutableTags", [])
        doc.update({"meta:abstract": False, "meta:extensible": False, "meta:xdmType": "object"})
        try:
            tree = field_tree(sb, doc)
        except UnresolvedReference as exc:
            raise errors.xdm(1012, 400, "Resource Not Found", f"reference {exc} could not be resolved") from exc
        if previous and users_of(sb, "schema", previous["$id"]):
            before = set(leaf_paths(field_tree(sb, previous)).items())
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
        _validate_fieldgroup(sb, doc)
        doc.update({"meta:abstract": True, "meta:extensible": True, "meta:xdmType": "object"})
    title_taken = any(other["$id"] != doc["$id"] for other in sb.find(kind, "title", doc["title"]))
    if title_taken:
        raise errors.xdm(
            1521, 400, "Title not unique", f"a {kind} titled {doc['title']!r} already exists in this sandbox"
        )
    sb.put(kind, doc["$id"].rsplit("/", 1)[-1], doc)
    return doc
