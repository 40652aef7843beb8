"""Entities and acknowledged records survive a clean restart and a kill -9."""

from __future__ import annotations

import signal

import httpx

from tests.emulator.tutorial import FS, ok, profile_chain, send, streaming_sdk
from tests.support import Aep, EmulatorProcess


def test_clean_stop_on_sigint_and_sigterm_then_everything_is_back(fresh_emulator: EmulatorProcess) -> None:
    aep = Aep(fresh_emulator.url)
    chain = streaming_sdk(aep)
    ok(httpx.post(chain.inlet_url, json={"firstName": "Ada"}), 200)
    assert fresh_emulator.stop(signal.SIGINT) == 0
    fresh_emulator.start()
    aep = Aep(fresh_emulator.url)  # a new port: inlet URLs follow the address the emulator is reached at
    flow = ok(aep.get(f"{FS}/flows/{chain.flow_id}"), 200)["items"][0]
    assert flow["options"]["inletUrl"].endswith(chain.inlet_url.rsplit("/", 1)[1])
    assert aep.rows(chain.dataset_id) == [{"person": {"name": {"firstName": "Ada"}}}]
    ok(httpx.post(flow["options"]["inletUrl"], json={"firstName": "Grace"}), 200)
    assert len(aep.rows(chain.dataset_id)) == 2
    assert fresh_emulator.stop(signal.SIGTERM) == 0


def test_tokens_survive_a_restart(fresh_emulator: EmulatorProcess) -> None:
    aep = Aep(fresh_emulator.url)
    token = aep.fetch_token()
    fresh_emulator.stop()
    fresh_emulator.start()
    again = Aep(fresh_emulator.url, token=token)
    assert again.get(f"{FS}/flows").status_code == 200


def test_every_acknowledged_record_survives_kill_9(fresh_emulator: EmulatorProcess) -> None:
    aep = Aep(fresh_emulator.url)
    chain = streaming_sdk(aep)
    acknowledged = 0
    with httpx.Client() as http:
        for i in range(200):
            r = http.post(chain.inlet_url, json={"firstName": f"n{i}"})
            assert r.status_code == 200
            acknowledged += 1
        batch = chain.inlet_url.replace("/collection/", "/collection/batch/")
        r = http.post(batch, json={"messages": [{"firstName": f"b{i}"} for i in range(100)]})
        assert r.status_code == 207
        acknowledged += 100
    fresh_emulator.kill9()
    fresh_emulator.start()
    aep = Aep(fresh_emulator.url)
    rows = aep.rows(chain.dataset_id)
    assert len(rows) == acknowledged
    assert rows[0]["person"]["name"]["firstName"] == "n0" and rows[-1]["person"]["name"]["firstName"] == "b99"
    run = ok(aep.get(f"{FS}/runs", params={"property": f"flowId=={chain.flow_id}"}), 200)["items"][0]
    assert run["metrics"]["recordSummary"]["outputRecordCount"] == acknowledged


def test_profiles_survive_kill_9_and_their_dataset_takes_its_fragments_along(fresh_emulator: EmulatorProcess) -> None:
    aep = Aep(fresh_emulator.url)
    chain = profile_chain(aep)
    for n in range(40):
        send(aep, chain, {"personalEmail": {"address": f"p{n}@x.io"}, "mobilePhone": {"number": "shared"}})
    fresh_emulator.kill9()
    fresh_emulator.start()
    aep = Aep(fresh_emulator.url)
    lookup = {"schema.name": "_xdm.context.profile", "entityId": "p7@x.io", "entityIdNS": "Email"}
    (profile,) = ok(aep.get("/data/core/ups/access/entities", params=lookup), 200).values()
    assert len(profile["tags"]) == 40 and len(profile["identityGraph"]) == 41  # every email, and the phone
    ok(aep.delete(f"/data/foundation/catalog/dataSets/{chain.dataset_id}"), 200)
    assert aep.get("/data/core/ups/access/entities", params=lookup).status_code == 404
