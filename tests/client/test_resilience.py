"""Tokens, retries with Retry-After and jitter, deadlines, lost responses, and one token for many threads."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from pulumi_aep_streaming.client import (
    AepClient,
    AepDeadlineExceeded,
    AepServerError,
    AepTransportError,
    MappingSetInput,
    RetryPolicy,
    SourceConnectionInput,
    SpecRef,
)
from tests.client.conftest import add_fault, settings_for, stats
from tests.client.test_operations import MAPPINGS, PERSON, PROFILE
from tests.emulator.tutorial import FS, SDK_SPEC
from tests.support import EmulatorProcess

SOURCE = SourceConnectionInput(name="s", connection_spec=SpecRef(id=SDK_SPEC))


def test_429_bursts_with_retry_after_and_random_5xx_still_succeed(client: AepClient, emulator: EmulatorProcess) -> None:
    client.flow_service.flows.count()
    add_fault(emulator.url, kind="status", status=429, retry_after=1, method="GET", path=f"{FS}/*", count=2)
    started = time.monotonic()
    assert client.flow_service.flows.count() == 0
    assert time.monotonic() - started >= 2.0  # Retry-After honoured twice
    add_fault(emulator.url, kind="status", status=503, path=f"{FS}/*", rate=0.4, seed=3)
    add_fault(emulator.url, kind="status", status=502, method="GET", path=f"{FS}/*", rate=0.2)
    for _ in range(20):
        assert client.flow_service.flows.count() == 0
    created = [
        client.flow_service.source_connections.create(SOURCE) for _ in range(10)
    ]  # 503 means not processed: retried
    httpx.delete(f"{emulator.url}/_emulator/faults")
    assert client.flow_service.source_connections.count() == len(created) == 10


def test_a_dropped_create_response_is_not_retried_into_a_duplicate(
    client: AepClient, emulator: EmulatorProcess
) -> None:
    client.flow_service.flows.count()
    add_fault(emulator.url, kind="drop", method="POST", path=f"{FS}/sourceConnections", count=1)
    with pytest.raises(AepTransportError) as err:
        client.flow_service.source_connections.create(SOURCE)
    assert err.value.outcome_unknown is True and "may have been carried out" in str(err.value)
    assert client.flow_service.source_connections.count() == 1


def test_the_deadline_is_respected(emulator: EmulatorProcess) -> None:
    httpx.post(f"{emulator.url}/_emulator/reset")
    with AepClient(settings_for(emulator.url), retry=RetryPolicy(deadline=2.5, max_attempts=100)) as client:
        client.flow_service.flows.count()  # the token first, so the deadline is the flows call's own
        add_fault(emulator.url, kind="status", status=503, method="GET", path=f"{FS}/flows", retry_after=1)
        slept: list[float] = []

        def sleep(delay: float) -> None:
            slept.append(delay)
            time.sleep(delay)

        client.transport.sleep = sleep
        with pytest.raises(AepDeadlineExceeded) as err:
            client.flow_service.flows.count()
    # What the client decided, not how long a loaded machine took: every pause honoured Retry-After,
    # the pauses together stayed inside the deadline, and it stopped instead of pausing past it.
    assert slept and all(delay >= 1 for delay in slept) and sum(slept) < 2.5
    assert err.value.status == 503 and "the next retry would pass the 2.5s deadline" in str(err.value)
    assert stats(emulator.url)["requests"][f"GET {FS}/flows"] == 1 + 1 + len(slept)


def test_connection_refused_is_retried_then_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with AepClient(settings_for("http://127.0.0.1:9"), retry=RetryPolicy(base_delay=0.01, max_attempts=3)) as client:
        with pytest.raises(AepTransportError) as err:
            client.flow_service.flows.count()
    assert err.value.outcome_unknown is False
    assert (
        "cannot connect to 127.0.0.1:9" in str(err.value) and err.value.setting == "ims_endpoint"
    )  # the token comes first


def test_tokens_are_refreshed_before_expiry(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = EmulatorProcess(tmp_path / "d", "--token-ttl", "2").start()
    try:
        with AepClient(settings_for(proc.url)) as client:
            client.flow_service.flows.count()
            client.flow_service.flows.count()
            assert client.transport.tokens.fetch_count == 1
            time.sleep(1.9)  # past the refresh point (10% before expiry), before expiry itself
            client.flow_service.flows.count()
            assert client.transport.tokens.fetch_count == 2
            assert stats(proc.url)["requests"].get(f"GET {FS}/flows") == 3  # no request was refused
    finally:
        proc.stop()


def test_a_401_refetches_the_token_once(client: AepClient, emulator: EmulatorProcess) -> None:
    client.flow_service.flows.count()
    httpx.post(f"{emulator.url}/_emulator/reset")  # forgets every token: the next call gets 401
    assert client.flow_service.flows.count() == 0
    assert client.transport.tokens.fetch_count == 2


def test_50_concurrent_calls_from_8_threads_make_one_token_request(emulator: EmulatorProcess) -> None:
    httpx.post(f"{emulator.url}/_emulator/reset")
    with AepClient(settings_for(emulator.url)) as client, ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(lambda _: client.flow_service.flows.count(), range(50)))
    assert counts == [0] * 50
    s = stats(emulator.url)
    assert s["tokensIssued"] == 1 and s["requests"]["POST /ims/token/v3"] == 1
    assert s["requests"][f"GET {FS}/flows"] == 50


def test_safe_requests_retry_500_and_a_create_answered_500_is_reported_as_outcome_unknown(
    client: AepClient, emulator: EmulatorProcess
) -> None:
    client.flow_service.flows.count()
    add_fault(emulator.url, kind="status", status=500, method="GET", path=f"{FS}/sourceConnections*", count=2)
    add_fault(emulator.url, kind="status", status=500, method="DELETE", path=f"{FS}/sourceConnections/*", count=2)
    created = client.flow_service.source_connections.create(SOURCE)
    assert client.flow_service.source_connections.get(created.id).id == created.id  # two 500s, then 200
    client.flow_service.source_connections.delete(created.id)  # two 500s, then 204
    assert client.flow_service.source_connections.count() == 0

    add_fault(emulator.url, kind="status", status=500, method="POST", path=f"{FS}/sourceConnections", count=1)
    with pytest.raises(AepServerError) as err:
        client.flow_service.source_connections.create(SOURCE)
    assert err.value.outcome_unknown is True  # the caller must look before creating again
    assert stats(emulator.url)["requests"][f"POST {FS}/sourceConnections"] == 2  # not repeated


def test_a_mapping_set_put_is_not_repeated(client: AepClient, emulator: EmulatorProcess) -> None:
    """Each PUT stores a version: a 502 on one must not be retried into two versions."""
    schema = client.schema_registry.schemas.create(
        {"type": "object", "title": "People", "allOf": [{"$ref": PROFILE}, {"$ref": PERSON}]}
    )
    body = MappingSetInput.for_schema(schema.id, MAPPINGS)
    created = client.data_prep.mapping_sets.create(body)
    add_fault(emulator.url, kind="status", status=502, method="PUT", path="*/mappingSets/*", count=1)
    with pytest.raises(AepServerError) as err:
        client.data_prep.mapping_sets.update(created.id, body)
    assert err.value.outcome_unknown is True
    puts = {k: v for k, v in stats(emulator.url)["requests"].items() if k.startswith("PUT ")}
    assert list(puts.values()) == [1], puts


def test_six_429s_on_the_ims_token_are_waited_out(emulator: EmulatorProcess) -> None:
    httpx.post(f"{emulator.url}/_emulator/reset")
    add_fault(emulator.url, kind="status", status=429, retry_after=0, method="POST", path="/ims/token/v3", count=6)
    with AepClient(settings_for(emulator.url), retry=RetryPolicy(base_delay=0.01)) as client:
        assert client.flow_service.flows.count() == 0
    assert stats(emulator.url)["requests"]["POST /ims/token/v3"] == 7
    add_fault(emulator.url, kind="status", status=500, method="POST", path="/ims/token/v3", count=2)
    with AepClient(settings_for(emulator.url), retry=RetryPolicy(base_delay=0.01)) as client:
        assert client.flow_service.flows.count() == 0  # asking IMS again is harmless: 5xx is retried too
    assert stats(emulator.url)["requests"]["POST /ims/token/v3"] == 10
