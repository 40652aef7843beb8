"""Flow runs and flow status as tables: ``aep-streaming runs`` and ``aep-streaming status``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table

from ..client import AepClient, AepNotFoundError, Flow, Run
from .stack_config import PulumiCommandError, stack_outputs


class UnknownFlowError(LookupError):
    """A flow id the sandbox does not hold; the message names it."""


def _when(ms: int | None) -> str:
    if not ms:
        return "-"
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _duration(run: Run) -> str:
    if run.started_ms and run.completed_ms:
        return f"{(run.completed_ms - run.started_ms) / 1000:,.0f} s"
    return "running" if run.state == "inProgress" else "-"


def flow(client: AepClient, flow_id: str) -> Flow:
    try:
        return client.flow_service.flows.get(flow_id)
    except AepNotFoundError:
        sandbox = client.settings.sandbox_name
        raise UnknownFlowError(
            f"no flow {flow_id!r} in sandbox {sandbox!r}; list them with `pulumi stack output flow_id` "
            "or check AEP_SANDBOX_NAME"
        ) from None


def _run_line(run: Run) -> str:
    counts = run.records
    return (
        f"{run.state or '-'}/{run.status or '-'}, started {_when(run.started_ms)} UTC, {_duration(run)}: "
        f"{counts.get('inputRecordCount', 0):,} received, {counts.get('outputRecordCount', 0):,} ingested, "
        f"{counts.get('failedRecordCount', 0):,} failed"
    )


def runs_view(client: AepClient, flow_id: str, limit: int = 20) -> Group:
    """The flow's latest runs with their record counts, two lines each (whole at any width)."""
    found = flow(client, flow_id)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(overflow="fold")
    for run in client.flow_service.runs.for_flow(flow_id, limit=limit):
        grid.add_row(f"[bold]{run.id}[/]")
        grid.add_row(f"  {_run_line(run)}")
    title = f"runs of flow {found.name} ({flow_id}), newest first"
    if not grid.rows:
        return Group(title, "no runs yet: a streaming flow's first run starts with its first record")
    return Group(title, grid)


@dataclass(frozen=True)
class FlowStatus:
    flow_id: str
    name: str
    state: str
    inlet_url: str | None
    last_run: Run | None


def status_of(client: AepClient, flow_id: str) -> FlowStatus:
    found = flow(client, flow_id)
    last = client.flow_service.runs.for_flow(flow_id, limit=1)
    return FlowStatus(
        flow_id, found.name or "-", found.state or "-", client.flow_service.inlet_url(found), next(iter(last), None)
    )


def status_view(statuses: list[FlowStatus]) -> Group:
    """One block per flow: ids and URLs whole (a table would cut them at terminal width)."""
    blocks: list[RenderableType] = []
    for s in statuses:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column(overflow="fold")
        grid.add_row("flow", f"{s.name} ({s.flow_id})")
        grid.add_row("state", s.state)
        grid.add_row("inlet URL", s.inlet_url or "- (not made yet)")
        if s.last_run is None:
            grid.add_row("last run", "no runs yet: a streaming flow's first run starts with its first record")
        else:
            grid.add_row("last run", f"{s.last_run.id} {_run_line(s.last_run)}")
        blocks.append(grid)
    return Group(*blocks)


def stack_flow_ids(stack: str | None) -> list[str]:
    """Flow ids among the stack's outputs: any output named ``flow_id`` or ``flowId`` (YAML and
    TypeScript programs), or ending in ``_flow_id`` or ``FlowId``, including inside exported dicts."""
    try:
        outputs = stack_outputs(stack)
    except PulumiCommandError as error:
        raise UnknownFlowError(f"{error}; or pass flow ids with --flow") from None
    ids: list[str] = []

    def walk(name: str, value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(str(key), item)
        elif isinstance(value, str) and (name == "flow_id" or name.endswith(("_flow_id", "flowId", "FlowId"))):
            ids.append(value)

    walk("", outputs)
    if not ids:
        raise UnknownFlowError("the stack has no output named flow_id (or *_flow_id); pass flow ids with --flow")
    return list(dict.fromkeys(ids))
