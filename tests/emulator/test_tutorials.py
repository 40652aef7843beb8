"""The documented tutorial sequences replayed request by request, ending in dataset rows."""

from __future__ import annotations

import httpx

from tests.emulator.tutorial import FS, XED_FULL, http_api, ok, streaming_sdk
from tests.support import Aep


def test_streaming_sdk_tutorial_ends_with_the_record_in_the_dataset(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    assert chain.inlet_url.startswith(f"{aep.url}/collection/")
    r = httpx.post(chain.inlet_url, json={"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"})
    body = ok(r, 200)
    assert body["inletId"] == chain.inlet_url.rsplit("/", 1)[1]
    assert body["syncValidation"] == {"skipped": True}
    assert len(body["xactionId"].split(":")) == 3
    assert aep.rows(chain.dataset_id) == [
        {
            "person": {"name": {"firstName": "Ada", "lastName": "Lovelace"}},
            "personalEmail": {"address": "ada@example.com"},
        }
    ]
    runs = ok(aep.get(f"{FS}/runs", params={"property": f"flowId=={chain.flow_id}"}), 200)["items"]
    assert runs[0]["metrics"]["recordSummary"]["outputRecordCount"] == 1


def test_streaming_sdk_webhook_url_with_flow_id_query(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    ok(httpx.post(f"{chain.inlet_url}?x-adobe-flow-id={chain.flow_id}", json={"firstName": "Grace"}), 200)
    assert aep.rows(chain.dataset_id) == [{"person": {"name": {"firstName": "Grace"}}}]


def test_http_api_tutorial_raw_data_with_mapping(aep: Aep) -> None:
    chain = http_api(aep, "raw")
    assert chain.inlet_url.startswith(f"{aep.url}/collection/")
    r = httpx.post(chain.inlet_url, json={"firstName": "Alan"}, headers={"x-adobe-flow-id": chain.flow_id})
    ok(r, 200)
    assert aep.rows(chain.dataset_id) == [{"person": {"name": {"firstName": "Alan"}}}]


def test_http_api_tutorial_xdm_envelope(aep: Aep) -> None:
    chain = http_api(aep, "xdm")
    message = {
        "header": {
            "schemaRef": {"id": chain.schema_id, "contentType": XED_FULL},
            "imsOrgId": aep.org,
            "datasetId": chain.dataset_id,
            "flowId": chain.flow_id,
            "source": {"name": "http"},
        },
        "body": {
            "xdmMeta": {"schemaRef": {"id": chain.schema_id, "contentType": XED_FULL}},
            "xdmEntity": {"person": {"name": {"firstName": "Edsger"}}, "personID": "p-1"},
        },
    }
    ok(httpx.post(chain.inlet_url, json=message), 200)
    assert aep.rows(chain.dataset_id) == [{"person": {"name": {"firstName": "Edsger"}}, "personID": "p-1"}]


def test_teardown_in_documented_order_leaves_nothing(aep: Aep) -> None:
    chain = http_api(aep, "raw")
    for path in (
        f"flows/{chain.flow_id}",
        f"targetConnections/{chain.target_id}",
        f"sourceConnections/{chain.source_id}",
        f"connections/{chain.base_connection_id}",
    ):
        assert aep.delete(f"{FS}/{path}").status_code == 204
    assert aep.delete(f"/data/foundation/conversion/mappingSets/{chain.mapping_id}").status_code == 204
    assert ok(aep.delete(f"/data/foundation/catalog/dataSets/{chain.dataset_id}"), 200) == [
        f"@/dataSets/{chain.dataset_id}"
    ]
    assert (
        aep.delete(
            f"/data/foundation/schemaregistry/tenant/schemas/{httpx.URL(chain.schema_id).path.rsplit('/', 1)[1]}"
        ).status_code
        == 204
    )
    for collection in ("flows", "sourceConnections", "targetConnections", "connections"):
        assert ok(aep.get(f"{FS}/{collection}", params={"count": "true"}), 200) == {"count": 0}
