"""Each error type with its status, service code, request id, method and path; etag conflicts."""

from __future__ import annotations

import pickle

import pytest

from pulumi_aep_streaming.client import (
    AepAuthError,
    AepBadRequestError,
    AepClient,
    AepNotFoundError,
    AepPreconditionFailedError,
    AepRateLimitedError,
    AepServerError,
    RetryPolicy,
    SourceConnectionInput,
    SpecRef,
)
from tests.client.conftest import add_fault, settings_for
from tests.emulator.tutorial import FS, SDK_SPEC


def new_source(client: AepClient, name: str = "s") -> str:
    return client.flow_service.source_connections.create(
        SourceConnectionInput(name=name, connection_spec=SpecRef(id=SDK_SPEC))
    ).id


def test_not_found_carries_everything(client: AepClient) -> None:
    with pytest.raises(AepNotFoundError) as err:
        client.flow_service.flows.get("no-such-flow")
    e = err.value
    assert (e.status, e.code, e.method, e.path) == (404, "FLOW-1439", "GET", f"{FS}/flows/no-such-flow")
    assert e.request_id and e.detail and "no-such-flow" in e.detail
    text = str(e)
    assert "GET" in text and "404" in text and "FLOW-1439" in text and e.request_id in text


def test_bad_request_names_the_problem(client: AepClient) -> None:
    with pytest.raises(AepBadRequestError) as err:
        client.flow_service.source_connections.create(
            {"name": "s", "connectionSpec": {"id": SDK_SPEC}, "state": "enabled"}
        )
    assert err.value.code == "FLOW-1410" and "state" in str(err.value)


def test_precondition_failed_on_stale_etag(client: AepClient) -> None:
    source_id = new_source(client)
    sources = client.flow_service.source_connections
    stale = sources.get(source_id).etag
    sources.patch(source_id, [{"op": "replace", "path": "/name", "value": "a"}], stale)
    with pytest.raises(AepPreconditionFailedError) as err:
        sources.patch(source_id, [{"op": "replace", "path": "/name", "value": "b"}], stale)
    assert err.value.status == 412 and err.value.code == "FLOW-1404" and "read it again" in str(err.value)


def test_update_rereads_once_on_412_and_reapplies(client: AepClient, emulator) -> None:  # type: ignore[no-untyped-def]
    source_id = new_source(client)
    other = AepClient(settings_for(emulator.url))
    calls = []

    def rename(entity):  # type: ignore[no-untyped-def]
        calls.append(entity.name)
        if len(calls) == 1:  # someone else changes the entity between our read and our patch
            other.flow_service.source_connections.patch(
                source_id, [{"op": "add", "path": "/description", "value": "x"}], entity.etag
            )
        return [{"op": "replace", "path": "/name", "value": "mine"}]

    client.flow_service.source_connections.update(source_id, rename)
    after = client.flow_service.source_connections.get(source_id)
    assert calls == ["s", "s"] and after.name == "mine" and after.description == "x"
    other.close()


def test_update_raises_when_the_patch_no_longer_makes_sense(client: AepClient, emulator) -> None:  # type: ignore[no-untyped-def]
    source_id = new_source(client)
    other = AepClient(settings_for(emulator.url))

    def only_if_unchanged(entity):  # type: ignore[no-untyped-def]
        if entity.description:
            return None
        other.flow_service.source_connections.patch(
            source_id, [{"op": "add", "path": "/description", "value": "x"}], entity.etag
        )
        return [{"op": "replace", "path": "/name", "value": "mine"}]

    with pytest.raises(AepPreconditionFailedError):
        client.flow_service.source_connections.update(source_id, only_if_unchanged)
    assert client.flow_service.source_connections.update(source_id, lambda e: []).id == source_id
    other.close()


def test_auth_errors_from_ims_and_gateway(emulator) -> None:  # type: ignore[no-untyped-def]
    with AepClient(settings_for(emulator.url, client_secret="wrong")) as bad, pytest.raises(AepAuthError) as err:
        bad.flow_service.flows.count()
    assert err.value.status == 401 and err.value.code == "invalid_client" and err.value.path == "/ims/token/v3"
    with AepClient(settings_for(emulator.url, org_id="OTHER@AdobeOrg")) as other, pytest.raises(AepAuthError) as err:
        other.flow_service.flows.count()
    assert err.value.status == 403 and err.value.code == "403025"


def test_rate_limited_and_server_errors(client: AepClient, emulator) -> None:  # type: ignore[no-untyped-def]
    client.flow_service.flows.count()
    add_fault(emulator.url, kind="status", status=429, retry_after=3, method="GET", path=f"{FS}/flows", count=1)
    impatient = AepClient(settings_for(emulator.url), retry=RetryPolicy(max_attempts=1))
    with pytest.raises(AepRateLimitedError) as err:
        impatient.flow_service.flows.count()
    assert err.value.retry_after == 3 and err.value.code == "429050"
    add_fault(emulator.url, kind="status", status=500, method="GET", path=f"{FS}/flows", count=1)
    with pytest.raises(AepServerError) as err5:
        impatient.flow_service.flows.count()  # with no retries left, a 500 is raised as it is
    assert err5.value.status == 500 and err5.value.outcome_unknown is False  # a GET changes nothing
    impatient.close()


def test_errors_survive_pickling(client: AepClient) -> None:
    with pytest.raises(AepNotFoundError) as err:
        client.flow_service.flows.get("x")
    copy = pickle.loads(pickle.dumps(err.value))
    assert type(copy) is AepNotFoundError and copy.code == err.value.code and str(copy) == str(err.value)
