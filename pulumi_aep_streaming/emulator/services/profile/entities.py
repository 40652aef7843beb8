"""Profiles: records of Profile-enabled datasets become fragments; lookups merge them (no Request).

A record lands as a fragment when its dataset has ``unifiedProfile`` enabled and its schema is in
its class's union. Its identities are the values of the schema's identity descriptors and every
entry of its ``identityMap``; all of them are linked in one graph. A lookup merges the fragments
of the identity's graph (or, with a merge policy whose graph is ``none``, only those that carry
the identity) in the policy's order: later timestamps win, or higher dataset precedence.
"""

from __future__ import annotations

import operator
import time
from dataclasses import dataclass
from typing import Any

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.fragments import Fragment, Identity
from pulumi_aep_streaming.emulator.core.scope import Scope
from pulumi_aep_streaming.emulator.services.catalog.models import PROFILE_TAG, tag_enabled
from pulumi_aep_streaming.emulator.services.schemaregistry.descriptors import dotted, identities_of, namespace_code
from pulumi_aep_streaming.emulator.services.schemaregistry.unions import is_member

MAX_IDENTITIES = 50  # a lookup of a larger graph answers 422, as the entities guide documents
MISSING_PRIMARY = "UPS-PRIMARY-IDENTITY-MISSING"  # Adobe does not document its code for this


@dataclass(frozen=True)
class ProfilePlan:
    """Where a Profile-enabled dataset's records carry their identities."""

    fields: tuple[tuple[tuple[str, ...], str, bool], ...]  # (field path, namespace code, primary)
    primary: str | None  # the primary identity's field, when a descriptor names one


def profile_plan(sb: Scope, dataset: dict[str, Any], schema: dict[str, Any]) -> ProfilePlan | None:
    if not tag_enabled(dataset, PROFILE_TAG) or not is_member(schema):
        return None
    fields = []
    for doc in identities_of(sb, schema["$id"]):
        code = namespace_code(sb, doc)
        if code is not None:
            path = dotted(doc["xdm:sourceProperty"])
            fields.append((tuple(path.split(".")), code, bool(doc.get("xdm:isPrimary"))))
    primary = next((".".join(path) for path, _, is_primary in fields if is_primary), None)
    return ProfilePlan(tuple(fields), primary)


def _at(record: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = record
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def record_identities(plan: ProfilePlan, record: dict[str, Any]) -> tuple[list[Identity], list[dict[str, Any]]]:
    """(the record's identities, the problems that keep it out of Profile)."""
    found: list[Identity] = []
    for path, code, is_primary in plan.fields:
        value = _at(record, path)
        if isinstance(value, str) and value:
            found.append(Identity(code, value))
        elif is_primary:
            return [], [
                {
                    "code": MISSING_PRIMARY,
                    "message": f"the record has no primary identity: field {'.'.join(path)} ({code}) is missing",
                }
            ]
    identity_map = record.get("identityMap")
    if isinstance(identity_map, dict):
        for code, entries in identity_map.items():
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
                    found.append(Identity(code, entry["id"]))
    if not found:
        return [], [
            {
                "code": MISSING_PRIMARY,
                "message": "the record has no identity: the schema names no primary identity and identityMap is empty",
            }
        ]
    return list(dict.fromkeys(found)), []


def xid(identity: Identity) -> str:
    """An identity's opaque id (Adobe calls it an XID): reversible, so it can be looked up alone."""
    return "A" + f"{identity.code}\x1f{identity.id}".encode().hex()


def from_xid(value: str) -> Identity | None:
    try:
        raw = bytes.fromhex(value[1:]).decode() if value.startswith("A") else ""
    except (ValueError, UnicodeDecodeError):
        return None
    code, sep, ident = raw.partition("\x1f")
    return Identity(code, ident) if sep else None


def requested(entity_id: str | None, namespace: str | None) -> Identity:
    """The identity a lookup names: an id and a namespace code, or an XID alone."""
    if not entity_id:
        raise errors.profile(400, "UPS-ACC-400: entityId is required")
    if namespace:
        return Identity(namespace, entity_id)
    identity = from_xid(entity_id)
    if identity is None:
        raise errors.profile(
            400, f"UPS-ACC-400: entityId {entity_id!r} is not an XID; name its namespace with entityIdNS"
        )
    return identity


def _merge(into: dict[str, Any], part: dict[str, Any]) -> None:
    """Merge ``part`` into ``into``; both are this lookup's own, freshly decoded: nothing is copied."""
    for key, value in part.items():
        held = into.get(key)
        if type(held) is dict and type(value) is dict:
            _merge(held, value)
        else:
            into[key] = value


def _project(entity: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path in fields:
        parts = path.split(".")
        value = _at(entity, tuple(parts))
        if value is None:
            continue
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def _ordered(fragments: list[Fragment], policy: dict[str, Any]) -> list[Fragment]:
    """Fragments in the order they are applied: the last one applied wins a conflict."""
    merge = policy["attributeMerge"]
    if merge["type"] == "dataSetPrecedence":
        order = merge.get("order") or []
        rank = {dataset_id: i for i, dataset_id in enumerate(order)}
        return sorted(fragments, key=lambda f: (-rank.get(f.dataset_id, len(order)), f.ts))
    return sorted(fragments, key=operator.attrgetter("ts"))


def profile(sb: Scope, identity: Identity, policy: dict[str, Any], fields: list[str] | None) -> dict[str, Any] | None:
    """The merged profile of ``identity`` as the Profile Access API answers it, or None."""
    graph = sb.profile(identity, MAX_IDENTITIES)
    if graph is None:
        return None
    if isinstance(graph, int):
        raise errors.profile(
            422,
            f"UPS-MRG-422: the identity graph of {identity.id} ({identity.code}) links {graph} identities,"
            f" more than the {MAX_IDENTITIES} a lookup can merge",
        )
    fragments, identities = graph.fragments, graph.identities
    if policy["identityGraph"]["type"] == "none":
        fragments = [f for f in fragments if identity.key in f.keys]
        keys = set().union(*(f.keys for f in fragments)) if fragments else {identity.key}
        identities = [i for i in identities if i.key in keys]
    if not fragments:
        return None
    first, *rest = _ordered(fragments, policy)
    entity = first.body
    for fragment in rest:
        _merge(entity, fragment.body)
    identity_map: dict[str, list[dict[str, Any]]] = {}
    for i in identities:
        identity_map.setdefault(i.code, []).append({"id": i.id})
    entity["identityMap"] = identity_map
    modified = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(max(f.ts for f in fragments) / 1000))
    return {
        "entityId": xid(identity),
        "mergePolicy": {"id": policy["id"]},
        "sources": list(dict.fromkeys(f.dataset_id for f in fragments)),
        "tags": [f.tag for f in fragments],
        "identityGraph": [xid(i) for i in identities],
        "entity": _project(entity, fields) if fields else entity,
        "lastModifiedAt": modified,
    }
