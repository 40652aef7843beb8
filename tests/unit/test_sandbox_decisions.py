"""Decisions inside the Sandbox provider, collaborators mocked: the wait says how long it has waited,
a sandbox that fails or is late is deleted again, and a production sandbox is never deleted."""

from __future__ import annotations

from unittest.mock import MagicMock

import pytest
from pytest_mock import MockerFixture

from pulumi_aep_streaming.client import Sandbox
from pulumi_aep_streaming.provider import SandboxProvider
from pulumi_aep_streaming.provider import sandbox as sandbox_module
from pulumi_aep_streaming.provider._base import AepResourceError
from pulumi_aep_streaming.provider.inputs import SandboxInputs


def sandbox(state: str, kind: str = "development", default: bool = False) -> Sandbox:
    return Sandbox.model_validate({"name": "pr-1", "title": "PR", "state": state, "type": kind, "isDefault": default})


def inputs(timeout: float = 30) -> SandboxInputs:
    return SandboxInputs.model_validate({"name": "pr-1", "title": "PR", "ready_timeout_seconds": timeout})


@pytest.fixture
def no_sleep(mocker: MockerFixture) -> None:
    mocker.patch.object(sandbox_module.time, "sleep")


def test_the_wait_for_active_tells_the_engine_how_long_it_has_taken(mocker: MockerFixture, no_sleep: None) -> None:
    mocker.patch.object(sandbox_module, "PROGRESS_EVERY_SECONDS", 0.0)
    info = mocker.patch.object(sandbox_module.pulumi.log, "info")
    aep = MagicMock()
    aep.sandboxes.create.return_value = sandbox("creating")
    aep.sandboxes.find.side_effect = [sandbox("creating"), sandbox("creating"), sandbox("active"), sandbox("active")]
    name, computed = SandboxProvider()._converge(aep, inputs())
    assert (name, computed["state"]) == ("pr-1", "active")
    assert info.call_count >= 1 and "sandbox pr-1 is being made: creating after" in info.call_args.args[0]
    aep.sandboxes.delete.assert_not_called()


@pytest.mark.parametrize(("states", "words"), [(["failed"], "reports sandbox pr-1 failed"), (None, "not active")])
def test_a_sandbox_that_fails_or_is_late_is_deleted_again(
    mocker: MockerFixture, no_sleep: None, states: list[str] | None, words: str
) -> None:
    aep = MagicMock()
    aep.sandboxes.create.return_value = sandbox("creating")
    if states is None:  # late: still creating when the deadline passes
        aep.sandboxes.find.return_value = sandbox("creating")
        clock = iter(range(0, 10_000, 10))
        mocker.patch.object(sandbox_module.time, "monotonic", side_effect=lambda: float(next(clock)))
    else:
        aep.sandboxes.find.side_effect = [sandbox(s) for s in states]
    with pytest.raises(AepResourceError, match=words) as raised:
        SandboxProvider()._converge(aep, inputs(timeout=30))
    assert "deleted again" in str(raised.value)
    aep.sandboxes.delete.assert_called_once_with("pr-1")


@pytest.mark.parametrize(("kind", "default"), [("production", False), ("production", True)])
def test_a_production_sandbox_is_never_deleted(kind: str, default: bool) -> None:
    aep = MagicMock()
    aep.sandboxes.find.return_value = sandbox("active", kind, default)
    with pytest.raises(AepResourceError, match="not deleting") as raised:
        SandboxProvider()._delete(aep, "pr-1", {})
    assert "pulumi state delete" in str(raised.value)
    aep.sandboxes.delete.assert_not_called()


def test_delete_waits_until_the_sandbox_is_gone(no_sleep: None) -> None:
    aep = MagicMock()
    aep.sandboxes.find.side_effect = [sandbox("active"), sandbox("deleting"), sandbox("deleting"), None]
    SandboxProvider()._delete(aep, "pr-1", {"ready_timeout_seconds": 60})
    aep.sandboxes.delete.assert_called_once_with("pr-1")
    assert aep.sandboxes.find.call_count == 4
