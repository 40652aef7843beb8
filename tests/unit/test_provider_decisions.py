"""Decisions inside one provider call, collaborators mocked: no network in check and diff, the
412 re-read of an update, the readiness deadline of a new flow."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_mock import MockerFixture

from pulumi_aep_streaming.client import AepPreconditionFailedError, Created
from pulumi_aep_streaming.client._client import FlowServiceCollection
from pulumi_aep_streaming.provider import (
    BaseConnectionProvider,
    DataflowProvider,
    DatasetProvider,
    MappingSetProvider,
    SchemaProvider,
    SourceConnectionProvider,
    TargetConnectionProvider,
    _config,
    dataflow,
)
from pulumi_aep_streaming.provider._base import AepProvider, AepResourceError

VALID: list[tuple[AepProvider[Any], dict[str, Any]]] = [
    (SchemaProvider(), {"title": "People", "custom_fields": [{"path": "_t.tier"}]}),
    (DatasetProvider(), {"name": "d", "schema_id": "s"}),
    (BaseConnectionProvider(), {"name": "b"}),
    (SourceConnectionProvider(), {"name": "s"}),
    (TargetConnectionProvider(), {"name": "t", "dataset_id": "d", "schema_id": "s"}),
    (MappingSetProvider(), {"schema_id": "s", "mappings": [{"source": "a", "destination": "b"}]}),
    (DataflowProvider(), {"name": "f", "source_connection_id": "s", "target_connection_id": "t"}),
]


@pytest.mark.parametrize(
    ("provider", "news"), VALID, ids=lambda v: type(v).__name__ if isinstance(v, AepProvider) else ""
)
def test_check_and_diff_never_call_aep(provider: AepProvider[Any], news: dict[str, Any], mocker: MockerFixture) -> None:
    client = mocker.patch.object(_config, "client")
    mocker.patch.object(_config, "settings_problem", return_value=None)
    checked = provider.check({}, news)
    assert checked.failures == [], checked.failures
    assert not provider.diff("id", checked.inputs, checked.inputs).changes
    assert provider.diff("id", checked.inputs, {**checked.inputs, "description": "other"}).changes
    client.assert_not_called()


def test_an_update_refused_with_412_is_recomputed_on_a_fresh_read_once(mocker: MockerFixture) -> None:
    flows = FlowServiceCollection(mocker.Mock(), "flows", mocker.Mock())
    old, new = mocker.Mock(etag='"1"', name_="a"), mocker.Mock(etag='"2"', name_="b")
    mocker.patch.object(flows, "get", side_effect=[old, new])
    stale = AepPreconditionFailedError(status=412, method="PATCH", path="/flows/f")
    patch = mocker.patch.object(flows, "patch", side_effect=[stale, Created(id="f", etag='"3"')])
    compute = mocker.Mock(side_effect=lambda e: [{"op": "replace", "path": "/name", "value": e.name_ + "!"}])
    assert flows.update("f", compute).etag == '"3"'
    assert [c.args[0] for c in compute.call_args_list] == [old, new]
    assert patch.call_args_list[1].args[2] == '"2"'  # sent again with the fresh etag


def test_a_second_412_is_raised_not_looped(mocker: MockerFixture) -> None:
    flows = FlowServiceCollection(mocker.Mock(), "flows", mocker.Mock())
    mocker.patch.object(flows, "get", return_value=mocker.Mock(etag='"1"'))
    stale = AepPreconditionFailedError(status=412, method="PATCH", path="/flows/f")
    patch = mocker.patch.object(flows, "patch", side_effect=[stale, stale])
    with pytest.raises(AepPreconditionFailedError):
        flows.update("f", lambda e: [{"op": "replace", "path": "/name", "value": "x"}])
    assert patch.call_count == 2


def test_a_flow_without_an_inlet_by_its_deadline_fails_naming_the_setting(mocker: MockerFixture) -> None:
    now = [0.0]
    mocker.patch.object(dataflow.time, "monotonic", side_effect=lambda: now[0])
    mocker.patch.object(dataflow.time, "sleep", side_effect=lambda s: now.__setitem__(0, now[0] + s))
    aep = mocker.Mock()
    aep.flow_service.flows.get.return_value = mocker.Mock(state="enabled")
    aep.flow_service.inlet_url.return_value = None  # AEP has not made the inlet yet
    with pytest.raises(AepResourceError, match=r"within 30s .*raise ready_timeout_seconds"):
        DataflowProvider()._wait_ready(aep, "f", 30)
    assert 20 <= now[0] <= 30  # waited with growing pauses, never past the deadline
