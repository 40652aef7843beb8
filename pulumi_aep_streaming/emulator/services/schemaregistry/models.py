"""Schema Registry state and lookups: what other services may ask of it (no Request in here)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.state import EmulatorState
from pulumi_aep_streaming.emulator.engines.xdm import resolve
from pulumi_aep_streaming.emulator.engines.xdm_standard import CLASSES, FIELD_GROUPS


def find(st: EmulatorState, caller: Caller, kind: str, ref: str) -> dict[str, Any] | None:
    ref = unquote(ref)
    if kind == "fieldgroup" and global_resource(FIELD_GROUPS, ref) is not None:
        return global_resource(FIELD_GROUPS, ref)
    found = st.store.find(kind, caller.org, caller.sandbox, "ref", ref)
    return found[0] if found else None


def global_resource(pool: dict[str, dict[str, Any]], ref: str) -> dict[str, Any] | None:
    """A standard class or field group by its $id or altId (older clients spell hyphens as underscores)."""
    if ref in pool:
        return pool[ref]
    spelled = ref.replace("_", "-")
    return next(
        (d for d in pool.values() if ref == d["meta:altId"] or spelled == d["meta:altId"].replace("_", "-")), None
    )


def lookup_any(st: EmulatorState, caller: Caller, ref: str) -> dict[str, Any] | None:
    """A class, field group or schema by $id or altId, global or tenant."""
    if ref in CLASSES:
        return CLASSES[ref]
    return find(st, caller, "fieldgroup", ref) or find(st, caller, "schema", ref)


def field_tree(st: EmulatorState, caller: Caller, schema: dict[str, Any]) -> dict[str, Any]:
    return resolve(schema, lambda ref: lookup_any(st, caller, ref))
