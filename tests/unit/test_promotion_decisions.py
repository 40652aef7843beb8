"""Decisions inside promotion, the Automation API mocked: previews run at once, a stop blocks every
update, updates go in order and stop at the first failure, a stack with nothing to change is left alone."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock

import pytest
from pulumi.automation import CommandError, OpType
from pytest_mock import MockerFixture

from pulumi_aep_streaming import promotion
from pulumi_aep_streaming.promotion import Outcome, StackPlan


def test_the_previews_of_every_stack_run_at_once(mocker: MockerFixture) -> None:
    together = threading.Barrier(3, timeout=5)  # broken (an error) unless all three wait at once

    def plan(stack: str, work_dir: Path, env: Any, pulumi: Any) -> StackPlan:
        together.wait()
        return StackPlan(stack)

    mocker.patch.object(promotion, "plan_stack", side_effect=plan)
    plans = promotion.preview_stacks(["dev", "stage", "prod"], Path("."))
    assert [p.stack for p in plans] == ["dev", "stage", "prod"]  # in the order given


@pytest.mark.parametrize(
    ("plans", "outcome"),
    [
        ([StackPlan("dev", updates=1), StackPlan("prod", drift=["ds (update)"])], Outcome.DRIFTED),
        ([StackPlan("dev", replaces=1, data_at_risk=["ds (replace)"])], Outcome.DATA_AT_RISK),
        ([StackPlan("dev", error="boom"), StackPlan("prod", drift=["x (delete)"])], Outcome.FAILED),
        ([StackPlan("dev", updates=2)], Outcome.DONE),
    ],
)
def test_what_blocks_the_updates(mocker: MockerFixture, plans: list[StackPlan], outcome: Outcome) -> None:
    mocker.patch.object(promotion, "preview_stacks", return_value=plans)
    pulumi = mocker.patch("pulumi.automation.PulumiCommand").return_value
    done = promotion.promote([p.stack for p in plans])
    assert done.outcome == outcome
    assert pulumi.run.call_count == (1 if outcome == Outcome.DONE else 0)  # a stop updates nothing


def test_allowed_drift_and_data_loss_go_ahead(mocker: MockerFixture) -> None:
    plans = [StackPlan("dev", replaces=1, data_at_risk=["ds (replace)"], drift=["ds (update)"])]
    mocker.patch.object(promotion, "preview_stacks", return_value=plans)
    mocker.patch("pulumi.automation.PulumiCommand")
    done = promotion.promote(["dev"], allow_drift=True, allow_data_loss=True)
    assert done.outcome == Outcome.DONE and done.updated == ["dev"]


def test_updates_go_in_order_skip_unchanged_stacks_and_stop_at_the_first_failure(mocker: MockerFixture) -> None:
    plans = [StackPlan("dev", updates=1), StackPlan("qa"), StackPlan("stage", creates=1), StackPlan("prod", updates=1)]
    mocker.patch.object(promotion, "preview_stacks", return_value=plans)
    updated: list[str] = []

    def up(args: list[str], cwd: str, env: Any, on_output: Any = None) -> None:
        stack = args[args.index("--stack") + 1]
        if stack == "stage":
            raise CommandError(MagicMock(stderr="error: AEP said no", stdout="", code=255))
        updated.append(stack)

    mocker.patch("pulumi.automation.PulumiCommand").return_value.run.side_effect = up
    done = promotion.promote(["dev", "qa", "stage", "prod"])
    assert done.outcome == Outcome.FAILED and done.updated == updated == ["dev"]  # qa: nothing to change
    assert done.failure is not None and done.failure.startswith("stage:")  # prod: not after the failure


def test_preview_only_updates_nothing(mocker: MockerFixture) -> None:
    mocker.patch.object(promotion, "preview_stacks", return_value=[StackPlan("dev", updates=3)])
    pulumi = mocker.patch("pulumi.automation.PulumiCommand").return_value
    done = promotion.promote(["dev"], preview_only=True)
    assert done.outcome == Outcome.DONE and done.updated == [] and pulumi.run.call_count == 0


def test_skipped_checkpoints_only_where_every_entity_names_its_owner(mocker: MockerFixture) -> None:
    plans = [StackPlan("dev", updates=1), StackPlan("pr", updates=1, unmarked=True)]
    mocker.patch.object(promotion, "preview_stacks", return_value=plans)
    pulumi = mocker.patch("pulumi.automation.PulumiCommand").return_value
    promotion.promote(["dev", "pr"], skip_checkpoints=True, env={"PULUMI_BACKEND_URL": "s3://state"})
    envs = {call.args[0][-1]: call.args[2] for call in pulumi.run.call_args_list}
    assert envs["dev"] == {"PULUMI_BACKEND_URL": "s3://state", "PULUMI_SKIP_CHECKPOINTS": "true"}
    assert envs["pr"] == {"PULUMI_BACKEND_URL": "s3://state"}  # a Sandbox or MergePolicy: checkpoints kept


def _step(op: OpType, name: str, kind: str, old: Any = None, new: Any = None) -> MagicMock:
    state = MagicMock(custom=True)
    return MagicMock(
        op=op,
        urn=f"urn:pulumi:dev::proj::pulumi-python:dynamic/aep:{kind}::{name}",
        type=f"pulumi-python:dynamic/aep:{kind}",
        old=old if old is not None else state,
        new=new,
    )


def test_a_preview_with_refresh_tells_drift_from_changes(mocker: MockerFixture) -> None:
    same, edited = MagicMock(custom=True, outputs={"name": "a"}), MagicMock(custom=True, outputs={"name": "b"})
    events = [
        MagicMock(resource_pre_event=None, res_outputs_event=MagicMock(metadata=metadata))
        for metadata in (
            _step(OpType.REFRESH, "people-dataset", "Dataset", old=same, new=edited),  # changed in the UI
            _step(OpType.REFRESH, "people-flow", "Dataflow", old=same, new=None),  # deleted in the UI
            _step(OpType.REFRESH, "people-schema", "Schema", old=same, new=same),  # as state says
        )
    ] + [
        MagicMock(resource_pre_event=MagicMock(metadata=metadata), res_outputs_event=None)
        for metadata in (
            _step(OpType.REFRESH, "people-dataset", "Dataset", new=same),  # a refresh step is not a change
            _step(OpType.REPLACE, "people-dataset", "Dataset", new=same),
            _step(OpType.CREATE, "people-flow", "Dataflow", new=same),
            _step(OpType.UPDATE, "people-schema", "Schema", new=same),
            _step(OpType.DELETE, "archive", "Dataset"),
            _step(OpType.SAME, "policy", "MergePolicy", new=same),
        )
    ]

    def preview(**kwargs: Any) -> None:
        assert kwargs["refresh"] is True
        for event in events:
            kwargs["on_event"](event)

    mocker.patch.object(promotion, "_select").return_value.preview.side_effect = preview
    plan = promotion.plan_stack("dev", Path("."))
    assert plan.drift == ["people-dataset (update)", "people-flow (delete)"]
    assert (plan.creates, plan.updates, plan.replaces, plan.deletes) == (1, 1, 1, 1)
    assert plan.data_at_risk == ["archive (delete)", "people-dataset (replace)"]
    assert plan.unmarked  # a merge policy: no owner's mark


def test_a_stack_of_another_language_is_judged_by_the_same_kinds(mocker: MockerFixture) -> None:
    """Under the aep plugin (YAML, TypeScript) the entities are `aep:index:<Name>`: a replaced dataset
    deletes data there too, and a merge policy carries no owner's mark there either."""
    same = MagicMock(custom=True, outputs={"name": "a"})
    steps = [
        MagicMock(op=OpType.REPLACE, urn="urn:pulumi:dev::p::aep:index:StreamingSource$aep:index:Dataset::people",
                  type="aep:index:Dataset", new=same),
        MagicMock(op=OpType.UPDATE, urn="urn:pulumi:dev::p::aep:index:MergePolicy::policy",
                  type="aep:index:MergePolicy", new=same),
    ]  # fmt: skip

    def preview(**kwargs: Any) -> None:
        for metadata in steps:
            kwargs["on_event"](MagicMock(resource_pre_event=MagicMock(metadata=metadata), res_outputs_event=None))

    mocker.patch.object(promotion, "_select").return_value.preview.side_effect = preview
    plan = promotion.plan_stack("dev", Path("."))
    assert plan.data_at_risk == ["people (replace)"] and plan.unmarked
