"""Fault injection under /_emulator/faults: latency, 429 with Retry-After, 5xx, dropped responses."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.emulator.tutorial import FS, PROVIDER, SDK_SPEC, ok
from tests.support import Aep

SOURCE = {"name": "s", "providerId": PROVIDER, "connectionSpec": {"id": SDK_SPEC, "version": "1.0"}}


def add_fault(aep: Aep, **rule: object) -> list[dict]:
    r = httpx.post(f"{aep.url}/_emulator/faults", json=rule)
    assert r.status_code == 201, r.text
    return r.json()


def test_429_with_retry_after_then_recovers(aep: Aep) -> None:
    add_fault(aep, kind="status", status=429, retry_after=2, method="GET", path=f"{FS}/flows", count=2)
    first = aep.get(f"{FS}/flows")
    assert first.status_code == 429 and first.headers["retry-after"] == "2"
    assert first.json()["error_code"] == "429050"
    assert aep.get(f"{FS}/flows").status_code == 429
    assert aep.get(f"{FS}/flows").status_code == 200
    assert httpx.get(f"{aep.url}/_emulator/faults").json() == []
    assert httpx.get(f"{aep.url}/_emulator/stats").json()["requests"][f"GET {FS}/flows"] == 3  # injected ones count


def test_server_errors_by_pattern_and_rate(aep: Aep) -> None:
    add_fault(aep, kind="status", status=503, path=f"{FS}/*", rate=0.5, seed=7)
    codes = [aep.get(f"{FS}/flows").status_code for _ in range(40)]
    assert set(codes) == {200, 503}
    assert 8 <= codes.count(503) <= 32
    assert aep.get("/data/foundation/catalog/dataSets").status_code == 200  # other paths untouched


def test_a_fault_can_arm_after_some_matching_requests(aep: Aep) -> None:
    add_fault(aep, kind="status", status=500, method="GET", path=f"{FS}/flows", after=2, count=1)
    codes = [aep.get(f"{FS}/flows").status_code for _ in range(4)]
    assert codes == [200, 200, 500, 200]
    r = httpx.post(f"{aep.url}/_emulator/faults", json={"kind": "drop", "after": -1})
    assert r.status_code == 400 and "after" in r.json()["error"]


def test_the_request_log_holds_concrete_paths(aep: Aep) -> None:
    aep.get(f"{FS}/flows/nope")
    log = httpx.get(f"{aep.url}/_emulator/requests").json()
    assert log[-1] == {"method": "GET", "path": f"{FS}/flows/nope", "status": 404}
    httpx.post(f"{aep.url}/_emulator/reset")
    assert httpx.get(f"{aep.url}/_emulator/requests").json() == []


def test_latency(aep: Aep) -> None:
    aep.fetch_token()
    add_fault(aep, kind="latency", latency_ms=300, method="GET", path=f"{FS}/flows")
    started = time.monotonic()
    assert aep.get(f"{FS}/flows").status_code == 200
    assert time.monotonic() - started >= 0.3


def test_stats_count_requests_held_by_latency_as_in_flight(aep: Aep) -> None:
    from concurrent.futures import ThreadPoolExecutor

    aep.fetch_token()
    add_fault(aep, kind="latency", latency_ms=800, method="GET", path=f"{FS}/flows")
    with ThreadPoolExecutor(2) as pool:
        held = [pool.submit(aep.get, f"{FS}/flows") for _ in range(2)]
        deadline = time.monotonic() + 5
        while httpx.get(f"{aep.url}/_emulator/stats").json()["inFlight"] < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        during = httpx.get(f"{aep.url}/_emulator/stats").json()
        assert all(f.result().status_code == 200 for f in held)
    after = httpx.get(f"{aep.url}/_emulator/stats").json()
    assert (during["inFlight"], during["maxInFlight"]) == (2, 2)
    assert (after["inFlight"], after["maxInFlight"]) == (0, 2)


def test_dropped_response_still_commits_the_create(aep: Aep) -> None:
    aep.fetch_token()
    add_fault(aep, kind="drop", method="POST", path=f"{FS}/sourceConnections", count=1)
    with pytest.raises(httpx.TransportError):
        aep.post(f"{FS}/sourceConnections", SOURCE)
    items = ok(aep.get(f"{FS}/sourceConnections"), 200)["items"]
    assert [i["name"] for i in items] == ["s"]


def test_bad_rules_are_refused_with_the_field_named(aep: Aep) -> None:
    r = httpx.post(f"{aep.url}/_emulator/faults", json={"kind": "status", "status": 200})
    assert r.status_code == 400 and "status" in r.json()["error"]
    r = httpx.post(f"{aep.url}/_emulator/faults", json={"kind": "melt"})
    assert r.status_code == 400 and "kind" in r.json()["error"]
    assert httpx.delete(f"{aep.url}/_emulator/faults").status_code == 204
