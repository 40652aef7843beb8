"""Union schemas: the Profile-enabled schemas of a class seen as one (no Request in here).

A schema joins its class's union with the ``union`` immutable tag. Adobe's troubleshooting guide
documents the refusals: XDM-1528 when the schema has neither a primary identity nor an
identityMap field, XDM-1413 when one of its fields has another type in a schema already in the
union of the same class.
"""

from __future__ import annotations

from typing import Any

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.scope import Scope
from pulumi_aep_streaming.emulator.engines.xdm import leaf_paths
from pulumi_aep_streaming.emulator.engines.xdm_standard import CLASSES
from pulumi_aep_streaming.emulator.services.schemaregistry.descriptors import identities_of
from pulumi_aep_streaming.emulator.services.schemaregistry.models import field_tree

TAG = "union"


def is_member(doc: dict[str, Any]) -> bool:
    return TAG in doc.get("meta:immutableTags", [])


def members(sb: Scope, class_id: str) -> list[dict[str, Any]]:
    return [s for s in sb.find("schema", "uses", class_id) if is_member(s)]


def union_id(class_id: str) -> str:
    return f"{class_id}__union"


def _alt_id(class_id: str) -> str:
    return "_" + class_id.removeprefix("https://ns.adobe.com/").replace("/", ".") + "__union"


def check_member(sb: Scope, doc: dict[str, Any]) -> None:
    """Refuse a schema in a union it cannot join (called after every write of a union schema)."""
    if not is_member(doc):
        return
    tree = field_tree(sb, doc)
    has_primary = any(d.get("xdm:isPrimary") for d in identities_of(sb, doc["$id"]))
    if not has_primary and "identityMap" not in tree.get("properties", {}):
        raise errors.xdm(
            1528,
            400,
            "Missing identity",
            f"schema {doc['$id']} cannot be enabled for Profile: it has no primary identity and no identityMap field;"
            " add a primary identity descriptor (or the Identity Map field group) first",
        )
    types = leaf_paths(tree)
    for other in members(sb, doc["meta:class"]):
        if other["$id"] == doc["$id"]:
            continue
        conflicts = sorted(
            path for path, kind in leaf_paths(field_tree(sb, other)).items() if types.get(path, kind) != kind
        )
        if conflicts:
            raise errors.xdm(
                1413,
                400,
                "Union conflict",
                f"field {conflicts[0]} of schema {doc['$id']} has type {types[conflicts[0]]} but another type in"
                f" schema {other['$id']}, already in the union of {doc['meta:class']}",
            )


def unions(sb: Scope) -> list[dict[str, Any]]:
    """One union per class that has Profile-enabled schemas."""
    return [view(sb, cls) for cls in CLASSES if members(sb, cls)]


def find_union(sb: Scope, ref: str) -> dict[str, Any] | None:
    """The union with ``ref`` as its $id or meta:altId (or a class's, which names the same union)."""
    for cls in CLASSES:
        if ref in (union_id(cls), _alt_id(cls), cls) and members(sb, cls):
            return view(sb, cls)
    return None


def view(sb: Scope, class_id: str) -> dict[str, Any]:
    """The union of a class in the Schema Registry's ``xed`` shape: every member's parts."""
    parts: list[str] = []
    for member in members(sb, class_id):
        parts += [p["$ref"] for p in member.get("allOf", []) if p["$ref"] not in parts]
        parts.append(member["$id"])
    klass = CLASSES[class_id]
    return {
        "$id": union_id(class_id),
        "meta:altId": _alt_id(class_id),
        "meta:resourceType": "unions",
        "version": "1.0",
        "title": klass["title"],
        "type": "object",
        "description": klass.get("description", ""),
        "allOf": [{"$ref": p} for p in parts],
        "meta:class": class_id,
        "meta:extends": parts,
        "meta:containerId": "tenant",
        "imsOrg": sb.org,
    }
