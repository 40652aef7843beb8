"""Every entity belongs to one org and one sandbox and is invisible from any other."""

from __future__ import annotations

import httpx

from tests.emulator.tutorial import FS, streaming_sdk
from tests.support import Aep


def test_sandboxes_do_not_see_each_other(aep: Aep) -> None:
    prod = streaming_sdk(aep)
    dev = aep.in_sandbox("dev")
    for path in (
        f"{FS}/flows/{prod.flow_id}",
        f"{FS}/sourceConnections/{prod.source_id}",
        f"{FS}/targetConnections/{prod.target_id}",
        f"/data/foundation/catalog/dataSets/{prod.dataset_id}",
        f"/data/foundation/conversion/mappingSets/{prod.mapping_id}",
    ):
        assert dev.get(path).status_code == 404, path
    assert dev.get(f"{FS}/flows", params={"count": "true"}).json() == {"count": 0}
    assert aep.get(f"{FS}/flows", params={"count": "true"}).json() == {"count": 1}
    # a flow in dev cannot name prod's connections
    r = dev.post(
        f"{FS}/flows",
        {
            "name": "x",
            "flowSpec": {"id": "e77fde5a-22a8-11ed-861d-0242ac120002", "version": "1.0"},
            "sourceConnectionIds": [prod.source_id],
            "targetConnectionIds": [prod.target_id],
        },
    )
    assert r.status_code == 400 and "does not exist in sandbox dev" in r.json()["errorMessage"]
    # records land in the flow's own sandbox only
    httpx.post(prod.inlet_url, json={"firstName": "Ada"}).raise_for_status()
    assert len(aep.rows(prod.dataset_id)) == 1
    assert dev.rows(prod.dataset_id) == []


def test_same_title_in_two_sandboxes_is_fine(aep: Aep) -> None:
    streaming_sdk(aep, "Same title")
    streaming_sdk(aep.in_sandbox("dev"), "Same title")
