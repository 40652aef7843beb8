"""What the dashboard shows, read from the emulator's state as plain data (no HTML here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pulumi_aep_streaming.emulator.core.errors import ApiError
from pulumi_aep_streaming.emulator.core.fragments import Identity
from pulumi_aep_streaming.emulator.core.scope import Scope
from pulumi_aep_streaming.emulator.core.state import EmulatorState
from pulumi_aep_streaming.emulator.services.profile import entities, merge_policies

LATEST_ROWS = 20
RECENT_RUNS = 10


@dataclass(frozen=True)
class FlowView:
    id: str
    name: str
    state: str
    inlet_url: str | None
    dataset_id: str | None
    received: int
    ingested: int
    failed: int


@dataclass(frozen=True)
class RunView:
    id: str
    flow_name: str
    state: str
    status: str
    started_ms: int | None
    received: int
    ingested: int
    failed: int


@dataclass(frozen=True)
class RowsView:
    dataset_id: str
    dataset_name: str
    total: int
    latest: list[Any]  # newest first


@dataclass(frozen=True)
class ProfileView:
    """A profile looked up by one identity: found (as the Profile Access API answers it), or why not."""

    namespace: str
    entity_id: str
    found: dict[str, Any] | None
    problem: str | None


@dataclass(frozen=True)
class SandboxView:
    org: str
    tenant: str
    sandbox: str
    sandboxes: tuple[str, ...]
    flows: list[FlowView]
    runs: list[RunView]
    faults: list[dict[str, Any]]
    rows: RowsView | None
    datasets: int
    profile: ProfileView | None = None


def _counts(run: dict[str, Any] | None) -> tuple[int, int, int]:
    summary = ((run or {}).get("metrics") or {}).get("recordSummary") or {}
    return (
        int(summary.get("inputRecordCount", 0)),
        int(summary.get("outputRecordCount", 0)),
        int(summary.get("failedRecordCount", 0)),
    )


def _inlet_id(sb: Scope, flow: dict[str, Any]) -> str | None:
    """The Streaming SDK flow's own inlet, or its HTTP API base connection's."""
    if flow.get("inletId"):
        return str(flow["inletId"])
    for source_id in flow.get("sourceConnectionIds", [])[:1]:
        source = sb.get("sourceConnection", source_id) or {}
        base = sb.get("connection", source.get("baseConnectionId") or "") or {}
        return ((base.get("auth") or {}).get("params") or {}).get("inletId")
    return None


def _dataset_of(sb: Scope, flow: dict[str, Any]) -> str | None:
    for target_id in flow.get("targetConnectionIds", [])[:1]:
        target = sb.get("targetConnection", target_id) or {}
        return (target.get("params") or {}).get("dataSetId")
    return None


def _rows_view(sb: Scope, dataset_id: str) -> RowsView | None:
    dataset = sb.get("dataset", dataset_id)
    if dataset is None:
        return None
    total, latest = sb.latest_rows(dataset_id, LATEST_ROWS)
    return RowsView(dataset_id, str(dataset.get("name", "")), total, latest)


def _profile_view(sb: Scope, namespace: str, entity_id: str) -> ProfileView:
    try:
        policy = merge_policies.for_lookup(sb, None)
        found = entities.profile(sb, Identity(namespace, entity_id), policy, None)
    except ApiError as error:
        return ProfileView(namespace, entity_id, None, str(error.body.get("message", error)))
    problem = None if found else f"No profile has identity {entity_id} in namespace {namespace}."
    return ProfileView(namespace, entity_id, found, problem)


def sandbox_view(
    st: EmulatorState,
    sandbox: str,
    dataset_id: str | None,
    inlet_url: Callable[[str], str],
    lookup: tuple[str, str] | None = None,
) -> SandboxView:
    """What the page shows of one sandbox; ``inlet_url`` makes an inlet's URL from its id; ``lookup``
    is a profile's (namespace, id) to show."""
    org = st.settings.org_id
    sb = Scope(st, org, sandbox)
    flows: list[FlowView] = []
    names: dict[str, str] = {}
    runs: list[dict[str, Any]] = []
    for flow in sb.list("flow"):
        flow_runs = sb.find("run", "flowId", flow["id"])
        runs += flow_runs
        received, ingested, failed = (
            map(sum, zip(*(_counts(r) for r in flow_runs), strict=True)) if flow_runs else (0, 0, 0)
        )
        names[flow["id"]] = str(flow.get("name", ""))
        flows.append(
            FlowView(
                flow["id"],
                names[flow["id"]],
                str(flow.get("state", "")),
                inlet_url(inlet_id) if (inlet_id := _inlet_id(sb, flow)) else None,
                _dataset_of(sb, flow),
                received,
                ingested,
                failed,
            )
        )
    runs.sort(key=lambda r: r.get("createdAt", 0), reverse=True)
    recent = [
        RunView(
            r["id"],
            names.get(r.get("flowId", ""), r.get("flowId", "")),
            str(r.get("state", "")),
            str(((r.get("metrics") or {}).get("statusSummary") or {}).get("status", "")),
            ((r.get("metrics") or {}).get("durationSummary") or {}).get("startedAtUTC"),
            *_counts(r),
        )
        for r in runs[:RECENT_RUNS]
    ]
    chosen = dataset_id or next((f.dataset_id for f in flows if f.dataset_id), None)
    return SandboxView(
        org=org,
        tenant=st.settings.tenant_id,
        sandbox=sandbox,
        sandboxes=tuple(st.sandboxes.active_names()),
        flows=flows,
        runs=recent,
        faults=[f.to_json() for f in st.faults.faults],
        rows=_rows_view(sb, chosen) if chosen else None,
        datasets=sb.count("dataset"),
        profile=_profile_view(sb, *lookup) if lookup else None,
    )
