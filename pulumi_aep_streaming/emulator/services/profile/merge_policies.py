"""Merge policies: how a profile's fragments and identities are combined (no Request in here).

Every sandbox starts with one default policy for the Individual Profile class. A class has at most
one default: making a policy default takes the flag from the one that had it. A PATCH may name a
nested field with a dot (``/identityGraph.type``), as profile.yaml and Adobe's client write it.
"""

from __future__ import annotations

import copy
import time
import uuid
from typing import Any

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.scope import Scope

KIND = "mergePolicy"
PROFILE_CLASS = "_xdm.context.profile"
CLASSES = (PROFILE_CLASS, "_xdm.context.experienceevent")
GRAPHS = ("none", "pdg")
MERGES = ("timestampOrdered", "dataSetPrecedence")
PATCHABLE = ("name", "identityGraph.type", "attributeMerge.type", "attributeMerge.order", "default", "isActiveOnEdge")


def _bad(detail: str) -> errors.ApiError:
    return errors.profile(400, f"UPS-MRG-400: {detail}")


def _seed(sb: Scope) -> None:
    """The sandbox's default policy, written once (deleting it later does not bring it back)."""
    if sb.get("seed", KIND) is not None:
        return
    sb.put("seed", KIND, {})
    name = str(uuid.uuid5(uuid.NAMESPACE_URL, f"aep-emulator/{sb.org}/{sb.sandbox}/merge-policy"))
    body = {
        "name": "Default Timebased",
        "schema": {"name": PROFILE_CLASS},
        "identityGraph": {"type": "pdg"},
        "attributeMerge": {"type": "timestampOrdered"},
        "default": True,
    }
    _store(sb, name, body, None)


def policies(sb: Scope) -> list[dict[str, Any]]:
    _seed(sb)
    return sb.list(KIND)


def policy(sb: Scope, policy_id: str) -> dict[str, Any]:
    _seed(sb)
    doc = sb.get(KIND, policy_id)
    if doc is None:
        raise errors.profile(404, f"UPS-MRG-404: merge policy {policy_id} was not found")
    return doc


def default_for(sb: Scope, class_name: str) -> dict[str, Any] | None:
    return next((p for p in policies(sb) if p["schema"]["name"] == class_name and p["default"]), None)


def for_lookup(sb: Scope, policy_id: str | None) -> dict[str, Any]:
    """The policy a profile lookup merges by: the one named, else the class's default, else (no default
    configured) no merge across identities, as the entities guide says."""
    if policy_id:
        return policy(sb, policy_id)
    return default_for(sb, PROFILE_CLASS) or {
        "id": "",
        "identityGraph": {"type": "none"},
        "attributeMerge": {"type": "timestampOrdered"},
    }


def _checked(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _bad("the body must be a merge policy object")
    for name in ("schema", "identityGraph", "attributeMerge"):
        if not isinstance(body.get(name), dict):
            raise _bad(f"field '{name}' is required and must be an object")
    if body["schema"].get("name") not in CLASSES:
        raise _bad(f"schema.name must be one of {', '.join(CLASSES)}")
    if body["identityGraph"].get("type") not in GRAPHS:
        raise _bad(f"identityGraph.type must be one of {', '.join(GRAPHS)}")
    merge = body["attributeMerge"]
    if merge.get("type") not in MERGES:
        raise _bad(f"attributeMerge.type must be one of {', '.join(MERGES)}")
    order = merge.get("order")
    if merge["type"] == "dataSetPrecedence" and (not isinstance(order, list) or not order):
        raise _bad("attributeMerge.order must list dataset ids, highest precedence first, for dataSetPrecedence")
    if order is not None and not (isinstance(order, list) and all(isinstance(o, str) for o in order)):
        raise _bad("attributeMerge.order must be a list of dataset ids")
    for flag in ("default", "isActiveOnEdge"):
        if not isinstance(body.get(flag, False), bool):
            raise _bad(f"{flag} must be true or false")
    name = body.get("name", "")
    if not isinstance(name, str):
        raise _bad("name must be a string")
    return body


def _store(sb: Scope, policy_id: str, body: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    body = _checked(body)
    doc = {
        "id": policy_id,
        "name": body.get("name", ""),
        "imsOrgId": sb.org,
        "sandbox": {
            "sandboxId": sb.sandbox,
            "sandboxName": sb.sandbox,
            "type": "production" if sb.sandbox == "prod" else "development",
            "default": sb.sandbox == "prod",
        },
        "schema": {"name": body["schema"]["name"]},
        "version": previous["version"] + 1 if previous else 1,
        "identityGraph": {"type": body["identityGraph"]["type"]},
        "attributeMerge": {k: v for k, v in body["attributeMerge"].items() if k in ("type", "order")},
        "default": bool(body.get("default", False)),
        "isActiveOnEdge": bool(body.get("isActiveOnEdge", False)),
        "updateEpoch": int(time.time()),
    }
    if doc["default"]:
        for other in sb.list(KIND):
            if other["id"] != policy_id and other["default"] and other["schema"]["name"] == doc["schema"]["name"]:
                sb.put(KIND, other["id"], {**other, "default": False, "updateEpoch": doc["updateEpoch"]})
    sb.put(KIND, policy_id, doc)
    return doc


def create(sb: Scope, body: Any) -> dict[str, Any]:
    _seed(sb)
    return _store(sb, str(uuid.uuid4()), body, None)


def replace(sb: Scope, policy_id: str, body: Any) -> dict[str, Any]:
    return _store(sb, policy_id, body, policy(sb, policy_id))


def patch(sb: Scope, policy_id: str, ops: Any) -> dict[str, Any]:
    previous = policy(sb, policy_id)
    body = copy.deepcopy(previous)
    if isinstance(ops, dict):
        ops = [ops]
    if not isinstance(ops, list):
        raise _bad("the body must be a list of patch operations")
    for op in ops:
        if not isinstance(op, dict) or op.get("op") not in ("add", "replace"):
            raise _bad("each operation must be {op: add|replace, path, value}")
        path = str(op.get("path", "")).strip("/").replace("/", ".")
        if path not in PATCHABLE:
            raise _bad(f"path /{path} cannot be patched; patch one of {', '.join('/' + p for p in PATCHABLE)}")
        *parents, leaf = path.split(".")
        node = body
        for parent in parents:
            node = node.setdefault(parent, {})
        value = op.get("value")
        # profile.yaml types every patch value as a string: "true" and "false" set the flags.
        node[leaf] = (
            value.lower() == "true" if leaf in ("default", "isActiveOnEdge") and isinstance(value, str) else value
        )
    return _store(sb, policy_id, body, previous)


def delete(sb: Scope, policy_id: str) -> None:
    policy(sb, policy_id)
    sb.delete(KIND, policy_id)
