"""Malformed requests get a documented 4xx, never a 5xx, and never poison a read endpoint.

Deep nesting, numbers JSON cannot hold, invalid Unicode, oversized and mis-encoded bodies, the
wrong Content-Type, and hypothesis-generated JSON, at the inlet and at the management APIs.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.emulator.test_inlet import custom_flow, run_of
from tests.emulator.tutorial import FS, Chain, ok, streaming_sdk
from tests.support import Aep, EmulatorProcess

JSON = {"Content-Type": "application/json"}
PROFILE = "https://ns.adobe.com/xdm/context/profile"
PERSON = "https://ns.adobe.com/xdm/context/profile-person-details"


def deep(levels: int) -> bytes:
    return ("[" * levels + "]" * levels).encode()


@pytest.fixture
def chain(aep: Aep) -> Chain:
    return streaming_sdk(aep)


def reads_still_work(aep: Aep, chain: Chain) -> None:
    assert aep.http.get(f"{aep.url}/_emulator/datasets/{chain.dataset_id}/rows").status_code == 200
    assert aep.get(f"{FS}/runs", params={"property": f"flowId=={chain.flow_id}"}).status_code == 200
    assert aep.get(f"{FS}/flows/{chain.flow_id}").status_code == 200


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (deep(2500), "nests deeper than 100 levels"),
        (b'{"firstName": ' + b"[" * 150 + b"]" * 150 + b"}", "nests deeper than 100 levels"),
        (b'{"firstName": 1e999}', "out of range"),
        (b'{"firstName": NaN}', "NaN is not a JSON number"),
        (b'{"firstName": Infinity}', "Infinity is not a JSON number"),
        (b'{"firstName": "\\ud800x"}', "invalid Unicode"),
        (b'{"\\udfff": "x"}', "invalid Unicode"),
        (b'{"firstName": ' + b"9" * 5000 + b"}", "not valid JSON"),
    ],
)
def test_the_inlet_refuses_json_it_could_not_store(aep: Aep, chain: Chain, body: bytes, reason: str) -> None:
    for sync in ("false", "true"):
        r = aep.http.post(chain.inlet_url, content=body, headers=JSON, params={"syncValidation": sync})
        assert r.status_code == 400 and reason in r.json()["report"]["message"], r.text
    batch = b'{"messages": [' + body + b"]}"
    r = aep.http.post(chain.inlet_url.replace("/collection/", "/collection/batch/"), content=batch, headers=JSON)
    assert r.status_code == 400, r.text
    reads_still_work(aep, chain)


def test_management_apis_refuse_the_same_bodies(aep: Aep) -> None:
    for body in (deep(2500), b'{"name": "\\ud800"}', b'{"name": "s", "params": {"x": 1e999}}'):
        r = aep.post(f"{FS}/sourceConnections", content=body, headers=JSON)
        assert r.status_code == 400 and r.json()["type"].endswith("-400"), r.text
    assert ok(aep.get(f"{FS}/sourceConnections"), 200)["items"] == []


def test_a_conversion_out_of_range_fails_the_record_not_the_emulator(aep: Aep) -> None:
    inlet, dataset_id, flow_id = custom_flow(
        aep,
        [PROFILE, PERSON],
        [
            {"sourceType": "ATTRIBUTE", "source": "name", "destination": "person.name.firstName"},
            {"sourceType": "EXPRESSION", "source": "to_integer(year)", "destination": "person.birthYear"},
        ],
    )
    for year in ("1e999", "1.5e999", "9" * 5000):
        r = aep.http.post(inlet, json={"name": "x", "year": year}, params={"syncValidation": "true"})
        assert r.status_code == 400, r.text
        assert aep.http.post(inlet, json={"name": "x", "year": year}).status_code == 200  # acknowledged, counted
    assert aep.http.post(inlet, json={"name": "ok", "year": "1815"}).status_code == 200
    rows = aep.http.get(f"{aep.url}/_emulator/datasets/{dataset_id}/rows").json()
    assert rows == [{"person": {"name": {"firstName": "ok"}, "birthYear": 1815}}]
    assert run_of(aep, flow_id)["metrics"]["recordSummary"]["failedRecordCount"] == 3


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Content-Type": "text/plain"}, 400),
        ({}, 400),
        ({"Content-Type": "application/x-jackson-smile"}, 415),
        ({**JSON, "Content-Encoding": "gzip"}, 400),  # says gzip, is not
        ({**JSON, "Content-Encoding": "br"}, 400),
    ],
)
def test_bodies_in_the_wrong_type_or_encoding_are_refused(
    aep: Aep, chain: Chain, headers: dict[str, str], status: int
) -> None:
    r = aep.http.post(chain.inlet_url, content=b'{"firstName": "Ada"}', headers=headers)
    assert r.status_code == status and r.json()["type"].startswith("http://ns.adobe.com/adobecloud/problem/"), r.text
    assert aep.http.get(f"{aep.url}/_emulator/datasets/{chain.dataset_id}/rows").json() == []


def test_a_gzip_body_is_inflated_and_a_gzip_bomb_is_too_large(aep: Aep, chain: Chain) -> None:
    zipped = gzip.compress(json.dumps({"firstName": "Ada"}).encode())
    r = aep.http.post(chain.inlet_url, content=zipped, headers={**JSON, "Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text
    bomb = gzip.compress(b'{"firstName": "' + b"a" * (5 * 1024 * 1024) + b'"}')
    assert len(bomb) < 1024 * 1024
    r = aep.http.post(chain.inlet_url, content=bomb, headers={**JSON, "Content-Encoding": "gzip"})
    assert r.status_code == 413, r.text


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_a_huge_chunked_body_is_refused_at_the_limit_without_being_read(
    fresh_emulator: EmulatorProcess,
) -> None:
    aep = Aep(fresh_emulator.url)
    chain = streaming_sdk(aep)
    assert fresh_emulator.proc is not None
    before = rss_mb(fresh_emulator.proc.pid)

    def chunks() -> Iterator[bytes]:  # 300 MB, chunked: no Content-Length to refuse up front
        yield b'{"firstName": "'
        for _ in range(300):
            yield b"a" * (1024 * 1024)
        yield b'"}'

    try:
        r = aep.http.post(chain.inlet_url, content=chunks(), headers=JSON)
        assert r.status_code == 413, r.text
    except httpx.TransportError:
        pass  # the emulator answered 413 and closed while the client was still sending
    assert rss_mb(fresh_emulator.proc.pid) - before < 50  # what it did not keep, it did not hold
    r = aep.http.post(chain.inlet_url, content=b"x" * (2 * 1024 * 1024), headers=JSON)  # with Content-Length
    assert r.status_code == 413 and "1 MB" in r.json()["report"]["message"]
    assert aep.http.post(chain.inlet_url, json={"firstName": "Ada"}).status_code == 200


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(record=JSON_VALUES, sync=st.booleans())
def test_generated_json_never_gets_a_5xx(aep: Aep, chain: Chain, record: object, sync: bool) -> None:
    # One chain for all examples: the fixtures run once per test, hypothesis calls the body many times.
    body = json.dumps({"firstName": record, "lastName": record, "email": record})
    r = aep.http.post(chain.inlet_url, content=body, headers=JSON, params={"syncValidation": str(sync).lower()})
    assert r.status_code in (200, 400), r.text
    r = aep.http.post(chain.inlet_url, content=json.dumps(record), headers=JSON)
    assert r.status_code in (200, 400), r.text
    reads_still_work(aep, chain)
