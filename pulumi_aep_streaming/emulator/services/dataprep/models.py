"""Data Prep state: mapping sets and their versions, as other services read them (no Request in here)."""

from __future__ import annotations

from typing import Any

from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.state import EmulatorState


def get_version(
    st: EmulatorState, caller: Caller, mapping_set_id: str, version: int | None = None
) -> dict[str, Any] | None:
    current = st.store.get("mappingSet", caller.org, caller.sandbox, mapping_set_id)
    if current is None or version is None or version == current["version"]:
        return current
    return st.store.get("mappingSetVersion", caller.org, caller.sandbox, f"{mapping_set_id}@{version}")
