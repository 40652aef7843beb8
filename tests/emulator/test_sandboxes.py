"""Sandbox Management over HTTP (sandbox.yaml): sandboxes made, retitled, reset and deleted at run
time, creating -> active and deleting -> gone after the delay a test sets, and only an active
sandbox taking API calls."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.emulator.tutorial import FS, create_dataset, create_schema, send, streaming_sdk
from tests.support import Aep, EmulatorProcess

SM = "/data/foundation/sandbox-management"


@pytest.fixture
def delay(aep: Aep) -> Iterator[None]:
    """Sandboxes take 0.4 s to be made or deleted (the reset the aep fixture makes sets it back)."""
    httpx.put(f"{aep.url}/_emulator/sandbox-delay", json={"seconds": 0.4}).raise_for_status()
    yield


def _create(aep: Aep, name: str, title: str = "PR sandbox", kind: str = "development") -> httpx.Response:
    return aep.post(f"{SM}/sandboxes", json={"name": name, "title": title, "type": kind})


def _wait(aep: Aep, name: str, state: str | None) -> dict[str, object] | None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        r = aep.get(f"{SM}/sandboxes/{name}")
        found = r.json() if r.status_code == 200 else None
        if (found["state"] if found else None) == state:
            return found
        time.sleep(0.05)
    raise AssertionError(f"sandbox {name} never reached {state}")


def test_a_new_sandbox_is_creating_then_active_and_takes_calls(aep: Aep, delay: None) -> None:
    made = _create(aep, "pr-42")
    assert made.status_code == 202
    body = made.json()
    assert body["name"] == "pr-42" and body["title"] == "PR sandbox" and body["type"] == "development"
    assert body["state"] == "creating" and body["isDefault"] is False and body["id"]
    inside = aep.in_sandbox("pr-42")
    refused = inside.get(f"{FS}/flows")
    assert refused.status_code == 404 and "creating" in refused.json()["report"]["detailed-message"]
    listed = aep.get(f"{SM}/").json()["sandboxes"]
    assert "pr-42" not in [s["name"] for s in listed]  # not available until active

    _wait(aep, "pr-42", "active")
    assert inside.get(f"{FS}/flows").status_code == 200
    assert "pr-42" in [s["name"] for s in aep.get(f"{SM}/").json()["sandboxes"]]
    everything = aep.get(f"{SM}/sandboxes").json()
    assert {s["name"] for s in everything["sandboxes"]} == {"prod", "dev", "pr-42"}
    assert everything["_page"]["count"] == 3


def test_delete_takes_the_sandbox_and_its_data_and_frees_the_name(aep: Aep, delay: None) -> None:
    _create(aep, "pr-7")
    _wait(aep, "pr-7", "active")
    inside = aep.in_sandbox("pr-7")
    chain = streaming_sdk(inside)
    send(inside, chain, {"header": {}, "body": {}})
    gone = aep.delete(f"{SM}/sandboxes/pr-7")
    assert gone.status_code == 202 and gone.json()["state"] == "deleted"  # as documented
    assert aep.get(f"{SM}/sandboxes/pr-7").json()["state"] == "deleting"
    assert inside.get("/data/foundation/catalog/dataSets").status_code == 404
    assert aep.http.post(chain.inlet_url, json={"body": {}}).status_code == 404  # its inlet went with it
    assert _create(aep, "pr-7").status_code == 409  # still deleting
    _wait(aep, "pr-7", None)
    assert aep.get(f"{SM}/sandboxes/pr-7").status_code == 404
    assert _create(aep, "pr-7").status_code == 202
    _wait(aep, "pr-7", "active")
    assert inside.get("/data/foundation/catalog/dataSets").json() == {}


def test_title_changes_in_place(aep: Aep) -> None:
    _create(aep, "titled")
    patched = aep.patch(f"{SM}/sandboxes/titled", json={"title": "Renamed"})
    assert patched.status_code == 200
    assert patched.json()["title"] == "Renamed" and patched.json()["etag"] == 2
    assert aep.get(f"{SM}/sandboxes/titled").json()["title"] == "Renamed"
    assert aep.patch(f"{SM}/sandboxes/titled", json={}).status_code == 400


def test_reset_empties_the_sandbox(aep: Aep, delay: None) -> None:
    _create(aep, "resettable")
    _wait(aep, "resettable", "active")
    inside = aep.in_sandbox("resettable")
    create_dataset(inside, create_schema(inside))
    r = aep.put(f"{SM}/sandboxes/resettable", json={"action": "reset"})
    assert r.status_code == 202 and r.json()["state"] == "resetting"
    _wait(aep, "resettable", "active")
    assert inside.get("/data/foundation/catalog/dataSets").json() == {}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"name": "Has Spaces", "title": "t", "type": "development"}, "lower-case"),
        ({"name": "ok", "title": "t", "type": "sandbox"}, "development or production"),
        ({"name": "ok", "type": "development"}, "title is required"),
        ({"title": "t"}, "name, type are required"),
    ],
)
def test_bad_sandboxes_are_refused_naming_the_field(aep: Aep, body: dict[str, str], words: str) -> None:
    r = aep.post(f"{SM}/sandboxes", json=body)
    assert r.status_code == 400
    assert words in r.json()["detail"]


def test_the_default_production_sandbox_cannot_be_deleted(aep: Aep) -> None:
    prod = aep.get(f"{SM}/sandboxes/prod").json()
    assert prod["isDefault"] is True and prod["type"] == "production"
    r = aep.delete(f"{SM}/sandboxes/prod")
    assert r.status_code == 400 and "default production" in r.json()["detail"]
    assert _create(aep, "prod").status_code == 409


def test_listing_filters_and_orders(aep: Aep) -> None:
    _create(aep, "b-sandbox", title="B")
    _create(aep, "a-sandbox", title="A")
    named = aep.get(f"{SM}/sandboxes", params={"property": "name==a-sandbox"}).json()["sandboxes"]
    assert [s["name"] for s in named] == ["a-sandbox"]
    ordered = aep.get(f"{SM}/sandboxes", params={"orderBy": "desc:name"}).json()["sandboxes"]
    assert [s["name"] for s in ordered] == ["prod", "dev", "b-sandbox", "a-sandbox"]
    types = aep.get(f"{SM}/sandboxTypes").json()["sandboxTypes"]
    assert {t["id"] for t in types} == {"development", "production"}


def test_made_sandboxes_survive_a_restart(fresh_emulator: EmulatorProcess) -> None:
    aep = Aep(fresh_emulator.url)
    assert _create(aep, "kept").status_code == 202
    inside = aep.in_sandbox("kept")
    create_dataset(inside, create_schema(inside))
    fresh_emulator.kill9()
    fresh_emulator.start()
    aep = Aep(fresh_emulator.url)
    assert aep.get(f"{SM}/sandboxes/kept").json()["state"] == "active"
    assert len(aep.in_sandbox("kept").get("/data/foundation/catalog/dataSets").json()) == 1
