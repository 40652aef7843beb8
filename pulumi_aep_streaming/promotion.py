"""Promote one program across the stacks of its sandboxes (dev -> stage -> prod) with Pulumi's
Automation API.

``promote`` previews every stack at once, each with a refresh first (``pulumi preview --refresh``),
which finds drift (an entity changed or deleted outside the stack), then what the program changes.
It stops before any update when a stack has drifted, or when a replace or delete would delete data
(a dataset, a schema or a sandbox), unless told to go on; then it updates the stacks in the order
given, stopping at the first failure. ``Outcome`` holds the exit codes a CI job branches on.

The stacks are stacks of the Pulumi project in ``work_dir``, on whatever backend the environment
names (``PULUMI_BACKEND_URL``, ``pulumi login``); the ``pulumi`` CLI must be on PATH.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .hosting import type_tokens

if TYPE_CHECKING:
    from pulumi.automation import EngineEvent, PulumiCommand, Stack

# What holds a customer's data: deleting one (a delete, or a replace) deletes the data with it.
DATA_TYPES = type_tokens("Dataset", "Schema", "Sandbox")
# Kinds with no free-text field for the owner's mark: one made by a run killed before state recorded
# it is not taken over by the next run, so their stacks keep Pulumi's checkpoints.
UNMARKED_TYPES = type_tokens("Sandbox", "MergePolicy")


class Outcome(enum.IntEnum):
    """How a promotion ended: its exit code."""

    DONE = 0
    """Every stack updated (or nothing to do), or with ``preview_only`` nothing blocks an update."""
    FAILED = 1
    """A preview or an update failed; later stacks were not updated."""
    DRIFTED = 3
    """A stack has drifted: nothing was updated."""
    DATA_AT_RISK = 4
    """A replace or delete would delete a dataset, schema or sandbox: nothing was updated."""


@dataclass
class StackPlan:
    """What a stack's previews found."""

    stack: str
    creates: int = 0
    updates: int = 0
    replaces: int = 0
    deletes: int = 0
    drift: list[str] = field(default_factory=list)
    """Resources a refresh would change (``name (update)``) or drop (``name (delete)``)."""
    data_at_risk: list[str] = field(default_factory=list)
    """Datasets, schemas and sandboxes the update would replace or delete (``name (replace)``)."""
    error: str | None = None
    """Why a preview failed."""
    unmarked: bool = False
    """Whether the stack has a Sandbox or MergePolicy, which keeps its checkpoints (see ``promote``)."""

    @property
    def changes(self) -> int:
        return self.creates + self.updates + self.replaces + self.deletes


@dataclass
class Promotion:
    """The plans of every stack, which stacks were updated, and how it ended."""

    plans: list[StackPlan]
    outcome: Outcome
    updated: list[str] = field(default_factory=list)
    failure: str | None = None
    """The stack whose update failed, and why."""


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _resource(metadata: Any) -> bool:
    """Whether a step is about a resource of the program (not the stack, a provider or a component)."""
    state = metadata.new or metadata.old
    return bool(state is not None and state.custom and not metadata.type.startswith("pulumi:providers:"))


def _select(stack: str, work_dir: Path, env: Mapping[str, str] | None, pulumi: PulumiCommand | None = None) -> Stack:
    """The stack, through a workspace that runs ``pulumi`` (one CLI, its version asked once)."""
    from pulumi import automation as auto

    options = auto.LocalWorkspaceOptions(env_vars=dict(env or {}), pulumi_command=pulumi)
    return auto.select_stack(stack, work_dir=str(work_dir), opts=options)


def plan_stack(
    stack: str, work_dir: Path, env: Mapping[str, str] | None = None, pulumi: PulumiCommand | None = None
) -> StackPlan:
    """One `pulumi preview --refresh` of the stack: its refresh steps find drift (what AEP holds
    differs from state, or is gone), then the preview steps say what the program changes and what
    that deletes. One engine run and one provider process, where a refresh preview and a preview
    would each start their own."""
    from pulumi.automation import CommandError, OpType

    plan = StackPlan(stack)

    def on_event(event: EngineEvent) -> None:
        pre, outputs = event.resource_pre_event, event.res_outputs_event
        if pre is not None and _resource(pre.metadata) and pre.metadata.op != OpType.REFRESH:
            _planned(plan, pre.metadata)
        elif outputs is not None and _resource(outputs.metadata) and outputs.metadata.op == OpType.REFRESH:
            old, new = outputs.metadata.old, outputs.metadata.new
            if new is None:
                plan.drift.append(f"{_name(outputs.metadata.urn)} (delete)")
            elif old is not None and old.outputs != new.outputs:
                plan.drift.append(f"{_name(outputs.metadata.urn)} (update)")

    try:
        _select(stack, work_dir, env, pulumi).preview(refresh=True, on_event=on_event, color="never")
    except CommandError as error:
        plan.error = _last_lines(str(error))
    plan.drift.sort()
    plan.data_at_risk.sort()
    return plan


def _planned(plan: StackPlan, metadata: Any) -> None:
    """Count one preview step into ``plan``."""
    from pulumi.automation import OpType

    op = metadata.op
    plan.unmarked = plan.unmarked or metadata.type in UNMARKED_TYPES
    if op == OpType.CREATE:
        plan.creates += 1
    elif op == OpType.UPDATE:
        plan.updates += 1
    elif op == OpType.REPLACE:
        plan.replaces += 1
    elif op == OpType.DELETE:
        plan.deletes += 1
    if op in (OpType.REPLACE, OpType.DELETE) and metadata.type in DATA_TYPES:
        plan.data_at_risk.append(f"{_name(metadata.urn)} ({op.value})")


def preview_stacks(
    stacks: Sequence[str], work_dir: Path, env: Mapping[str, str] | None = None, pulumi: PulumiCommand | None = None
) -> list[StackPlan]:
    """Every stack's plan, the previews of all stacks at once."""
    with ThreadPoolExecutor(max_workers=max(1, len(stacks)), thread_name_prefix="preview") as pool:
        return list(pool.map(lambda s: plan_stack(s, work_dir, env, pulumi), stacks))


def verdict(plans: Sequence[StackPlan], *, allow_drift: bool = False, allow_data_loss: bool = False) -> Outcome:
    """Whether the plans let the updates go ahead."""
    if any(p.error for p in plans):
        return Outcome.FAILED
    if not allow_drift and any(p.drift for p in plans):
        return Outcome.DRIFTED
    if not allow_data_loss and any(p.data_at_risk for p in plans):
        return Outcome.DATA_AT_RISK
    return Outcome.DONE


def promote(
    stacks: Sequence[str],
    work_dir: Path | str = ".",
    *,
    allow_drift: bool = False,
    allow_data_loss: bool = False,
    preview_only: bool = False,
    skip_checkpoints: bool = False,
    env: Mapping[str, str] | None = None,
    on_plans: Callable[[list[StackPlan]], None] | None = None,
    on_output: Callable[[str], None] | None = None,
) -> Promotion:
    """Preview ``stacks`` at once, then (unless ``preview_only``, or a stack blocks it) update them
    in order, stopping at the first failure.

    ``on_plans`` sees the plans before any update (to print them); ``on_output`` each line of the
    updates' output. A stack with nothing to change is not updated. ``skip_checkpoints`` updates with
    PULUMI_SKIP_CHECKPOINTS=true (state written once, at the end: much faster for large stacks on a
    slow backend): every entity names its owner, so a run killed midway leaves nothing the next run
    does not take over; a stack with a Sandbox or MergePolicy (no owner's mark) keeps its checkpoints.
    """
    from pulumi.automation import CommandError, PulumiCommand

    where = Path(work_dir)
    pulumi = PulumiCommand()
    plans = preview_stacks(stacks, where, env, pulumi)
    if on_plans is not None:
        on_plans(plans)
    outcome = verdict(plans, allow_drift=allow_drift, allow_data_loss=allow_data_loss)
    promotion = Promotion(plans, outcome)
    if preview_only or outcome != Outcome.DONE:
        return promotion
    # `pulumi up` itself: the Automation API's Stack.up also reads the outputs and the history after
    # each update, three more CLI runs per stack that a promotion has no use for.
    for plan in plans:
        if not plan.changes:
            continue
        skip = skip_checkpoints and not plan.unmarked
        up_env = {**(env or {}), **({"PULUMI_SKIP_CHECKPOINTS": "true"} if skip else {})}
        args = ["up", "--yes", "--skip-preview", "--color", "never", "--stack", plan.stack]
        try:
            pulumi.run(args, str(where), up_env, on_output=on_output)
        except CommandError as error:
            promotion.outcome = Outcome.FAILED
            promotion.failure = f"{plan.stack}: {_last_lines(str(error))}"
            return promotion
        promotion.updated.append(plan.stack)
    return promotion


def _last_lines(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
