"""Decisions inside one provider call, collaborators mocked: what check asks AEP and when, the
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
    _settings_check,
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
def test_check_and_diff_of_unread_inputs_never_call_aep(
    provider: AepProvider[Any], news: dict[str, Any], mocker: MockerFixture
) -> None:
    client = mocker.patch.object(_config, "client")
    mocker.patch.object(_config, "settings_problem", return_value=None)
    mocker.patch.object(_config, "here", return_value=PROD)
    checked = provider.check({}, {**news, "owner": "proj/dev/r"})
    assert checked.failures == [], checked.failures
    assert {k: checked.inputs[k] for k in ("owner", *PROD)} == {"owner": "proj/dev/r", **PROD}
    assert not provider.diff("id", checked.inputs, checked.inputs).changes
    assert provider.diff("id", checked.inputs, {**checked.inputs, "description": "other"}).changes
    client.assert_not_called()


PROD = {"org_id": "o@AdobeOrg", "sandbox_name": "prod"}


@pytest.mark.parametrize("moved", [{"sandbox_name": "dev"}, {"org_id": "other@AdobeOrg"}])
def test_settings_that_name_another_place_are_refused_at_check(moved: dict[str, str], mocker: MockerFixture) -> None:
    mocker.patch.object(_config, "settings_problem", return_value=None)
    mocker.patch.object(_config, "here", return_value={**PROD, **moved})
    provider, news = VALID[1]
    olds = {**news, **PROD, "owner": "proj/prod/d"}
    result = provider.check(olds, {**news, "owner": "proj/prod/d"})
    assert [f.property for f in result.failures] == ["sandbox_name"]
    assert "lives in sandbox 'prod' of org 'o@AdobeOrg'" in result.failures[0].reason
    assert "pulumi destroy" in result.failures[0].reason
    assert {k: result.inputs[k] for k in PROD} == PROD  # the recorded place, never the new one


def test_a_rename_keeps_the_owner_the_entity_carries(mocker: MockerFixture) -> None:
    mocker.patch.object(_config, "settings_problem", return_value=None)
    mocker.patch.object(_config, "here", return_value=PROD)
    provider, news = VALID[1]
    olds = provider.check({}, {**news, "owner": "proj/prod/old-name"}).inputs
    assert provider.check(olds, {**news, "owner": "proj/prod/new-name"}).inputs["owner"] == "proj/prod/old-name"


@pytest.mark.parametrize(
    ("provider", "news"), VALID, ids=lambda v: type(v).__name__ if isinstance(v, AepProvider) else ""
)
def test_state_of_an_earlier_release_records_its_place_in_a_one_time_update_without_calls(
    provider: AepProvider[Any], news: dict[str, Any], mocker: MockerFixture
) -> None:
    """Outputs written before the provider recorded org and sandbox: diff asks for an update, and
    the update records where the entity lives without a call to AEP."""
    client = mocker.patch.object(_config, "client")
    mocker.patch.object(_config, "settings_problem", return_value=None)
    mocker.patch.object(_config, "here", return_value=PROD)
    earlier = {k: v for k, v in provider.check({}, news).inputs.items() if k not in PROD}
    checked = provider.check(earlier, {**news, "owner": "proj/prod/r"})
    assert checked.failures == []
    diff = provider.diff("id", {**earlier, "etag": "e"}, checked.inputs)
    assert diff.changes and not diff.replaces
    outs = provider.update("id", {**earlier, "etag": "e"}, checked.inputs).outs
    assert outs == {**earlier, "etag": "e", **PROD, "owner": "proj/prod/r"}
    assert not provider.diff("id", outs, checked.inputs).changes
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


@pytest.mark.parametrize(
    ("provider", "news", "field"),
    [
        (VALID[6][0], {**VALID[6][1], "enabled": "false"}, "enabled"),
        (VALID[2][0], {**VALID[2][1], "authentication_required": "true"}, "authentication_required"),
        (VALID[0][0], {**VALID[0][1], "adopt_by_name": "yes"}, "adopt_by_name"),
    ],
    ids=["enabled", "authentication_required", "adopt_by_name"],
)
def test_a_switch_given_as_a_string_is_refused_at_check(
    provider: AepProvider[Any], news: dict[str, Any], field: str, mocker: MockerFixture
) -> None:
    """A string that reads false must never switch a flow on (or anything else): it is refused."""
    mocker.patch.object(_config, "settings_problem", return_value=None)
    failures = provider.check({}, news).failures
    assert [f.property for f in failures] == [field]
    assert "valid boolean" in failures[0].reason and "get_bool" in failures[0].reason


# -- what a check asks AEP ------------------------------------------------------------------------


@pytest.fixture
def asking(mocker: MockerFixture, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Checks that ask AEP whether the settings work, with the answer mocked (tenant 'acme')."""
    monkeypatch.delenv("AEP_SKIP_CREDENTIALS_VALIDATION")
    mocker.patch.object(_config, "settings_problem", return_value=None)
    mocker.patch.object(_config, "here", return_value=PROD)
    return mocker.patch.object(_settings_check, "verdict", return_value=_settings_check.Verdict(tenant="acme"))


def test_every_check_asks_for_the_settings_verdict_and_reports_its_problem(asking: Any) -> None:
    provider, news = VALID[1]
    assert provider.check({}, news).failures == [] and asking.call_count == 1
    asking.return_value = _settings_check.Verdict(problem="IMS refused the credentials; check aep:clientSecret")
    failures = provider.check({}, news).failures
    assert [(f.property, f.reason) for f in failures] == [("", asking.return_value.problem)]


def test_a_stack_that_skips_validation_is_not_asked(asking: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AEP_SKIP_CREDENTIALS_VALIDATION", "true")
    provider, news = VALID[1]
    assert provider.check({}, news).failures == []
    asking.assert_not_called()


def test_tenant_relative_paths_are_resolved_at_check(asking: Any) -> None:
    schema = SchemaProvider().check({}, {"title": "t", "custom_fields": [{"path": "_tenant.loyalty.tier"}]})
    assert schema.failures == [] and schema.inputs["custom_fields"][0]["path"] == "_acme.loyalty.tier"
    mappings = {"schema_id": "s", "mappings": [{"source": "tier", "destination": "_tenant.loyalty.tier"}]}
    checked = MappingSetProvider().check({}, mappings)
    assert checked.failures == [] and checked.inputs["mappings"][0]["destination"] == "_acme.loyalty.tier"
    # the resolved inputs are what an unchanged resource's next check answers: no change, no drift
    assert MappingSetProvider().check(checked.inputs, mappings).inputs == checked.inputs


def test_a_literal_namespace_of_another_tenant_fails_the_check(asking: Any) -> None:
    result = SchemaProvider().check({}, {"title": "t", "custom_fields": [{"path": "_mytenant.tier"}]})
    assert [f.property for f in result.failures] == ["custom_fields"]
    assert "'_mytenant.tier' is not under this org's tenant namespace '_acme'" in result.failures[0].reason
    assert "_tenant.tier" in result.failures[0].reason


def test_tenant_relative_paths_ask_aep_even_when_validation_is_skipped(
    asking: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AEP_SKIP_CREDENTIALS_VALIDATION", "true")
    result = SchemaProvider().check({}, {"title": "t", "custom_fields": [{"path": "_tenant.tier"}]})
    assert result.inputs["custom_fields"][0]["path"] == "_acme.tier" and asking.call_count == 1


def test_ids_written_as_literals_are_read_once_when_new(asking: Any, mocker: MockerFixture) -> None:
    mocker.patch.object(_config, "client")
    found = mocker.patch.object(SchemaProvider, "_get", return_value=None)
    news = {"name": "d", "schema_id": "https://ns.adobe.com/x/schemas/1", "literal_ids": ["schema_id"]}
    failures = DatasetProvider().check({}, news).failures
    assert [f.property for f in failures] == ["schema_id"] and "there is no schema" in failures[0].reason
    assert "literal_ids" not in DatasetProvider().check({}, news).inputs  # never stored
    found.reset_mock()
    olds = {k: v for k, v in news.items() if k != "literal_ids"}
    DatasetProvider().check({**olds, "description": "", "tags": {}}, {**news, "name": "renamed"})
    found.assert_not_called()  # unchanged: read when it was new
    DatasetProvider().check({}, {**news, "literal_ids": []})
    found.assert_not_called()  # an output of another resource of the stack: not read


def test_a_mapping_set_version_beyond_the_latest_fails_the_check(asking: Any, mocker: MockerFixture) -> None:
    mocker.patch.object(_config, "client")
    mocker.patch.object(MappingSetProvider, "_get", return_value=mocker.Mock(id="m", version=2))
    news = {**VALID[-1][1], "mapping_set_id": "m", "mapping_set_version": 3, "literal_ids": ["mapping_set_id"]}
    failures = DataflowProvider().check({}, news).failures
    assert [f.property for f in failures] == ["mapping_set_id"] and "mapping_set_version: 3 is beyond" in failures[
        0
    ].reason
