"""Profiles: records of Profile-enabled datasets become fragments; lookups merge them (no Request).

A record lands as a fragment when its dataset has ``unifiedProfile`` enabled and its schema is in
its class's union. Its identities are the values of the schema's identity descriptors and every
entry of its ``identityMap``; all of them are linked in one graph. A lookup merges the fragments
of the identity's graph (or, with a merge policy whose graph is ``none``, only those that carry
the identity) in the policy's order: later timestamps win, or higher dataset precedence.
"""

from __future__ import annotations

import functools
import operator
import time
from dataclasses import dataclass
from typing import Any

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.fragments import Fragment, Identity, Merged, merge_into
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


def requested(entity_id: str | None, namespace: str | None) -> Identity:
    """The identity a lookup names: an id and a namespace code, or an XID alone."""
    if not entity_id:
        raise errors.profile(400, "UPS-ACC-400: entityId is required")
    if namespace:
        return Identity(namespace, entity_id)
    identity = Identity.from_xid(entity_id)
    if identity is None:
        raise errors.profile(
            400, f"UPS-ACC-400: entityId {entity_id!r} is not an XID; name its namespace with entityIdNS"
        )
    return identity


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


def _by_fragments(sb: Scope, identity: Identity, policy: dict[str, Any]) -> Merged | int | None:
    """The profile merged from the graph's fragments, in the policy's order and over the part of the
    graph it takes (all of it, or with ``none`` only the fragments that carry ``identity``)."""
    graph = sb.profile(identity, MAX_IDENTITIES)
    if graph is None or isinstance(graph, int):
        return graph
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
        merge_into(entity, fragment.body)
    return Merged(
        [[i.code, i.id, i.xid] for i in identities],
        list(dict.fromkeys(f.dataset_id for f in fragments)),
        [f.tag for f in fragments],
        max(f.ts for f in fragments),
        entity,
    )


@functools.lru_cache(maxsize=1024)
def _iso(seconds: int) -> str:
    """A time in seconds as the Profile Access API writes it (records of one batch share theirs)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def profile(sb: Scope, identity: Identity, policy: dict[str, Any], fields: list[str] | None) -> dict[str, Any] | None:
    """The merged profile of ``identity`` as the Profile Access API answers it, or None."""
    by_time = policy["attributeMerge"]["type"] != "dataSetPrecedence"
    if by_time and policy["identityGraph"]["type"] != "none":
        found = sb.merged_profile(identity, MAX_IDENTITIES)  # kept merged this way as records land
    else:
        found = _by_fragments(sb, identity, policy)
    if found is None:
        return None
    if isinstance(found, int):
        raise errors.profile(
            422,
            f"UPS-MRG-422: the identity graph of {identity.id} ({identity.code}) links {found} identities,"
            f" more than the {MAX_IDENTITIES} a lookup can merge",
        )
    entity = found.entity
    identity_map: dict[str, list[dict[str, Any]]] = {}
    for code, ident, _ in found.identities:
        identity_map.setdefault(code, []).append({"id": ident})
    entity["identityMap"] = identity_map
    return {
        "entityId": identity.xid,
        "mergePolicy": {"id": policy["id"]},
        "sources": found.sources,
        "tags": found.tags,
        "identityGraph": [xid for _, _, xid in found.identities],
        "entity": _project(entity, fields) if fields else entity,
        "lastModifiedAt": _iso(found.ts // 1000),
    }
