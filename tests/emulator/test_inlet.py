"""The streaming inlet: mapping, validation, batches, sync validation, limits, run metrics (https://github.com/AdobeDocs/experience-platform.en/blob/main/help/ingestion/streaming-ingestion/overview.md)."""

from __future__ import annotations

import httpx
import pytest

from tests.emulator.tutorial import (
    DP,
    FS,
    PROVIDER,
    SDK_FLOW_SPEC,
    SDK_SPEC,
    SR,
    create_dataset,
    create_target,
    http_api,
    ok,
    streaming_sdk,
)
from tests.support import Aep

EE = "https://ns.adobe.com/xdm/context/experienceevent"
WEB = "https://ns.adobe.com/xdm/context/experienceevent-web"


def run_of(aep: Aep, flow_id: str) -> dict:
    return ok(aep.get(f"{FS}/runs", params={"property": f"flowId=={flow_id}"}), 200)["items"][0]


def custom_flow(aep: Aep, schema_refs: list[str], mappings: list[dict]) -> tuple[str, str, str]:
    """(inlet url, dataset id, flow id) of a Streaming SDK flow with the given schema and mappings."""
    schema = ok(
        aep.post(
            f"{SR}/tenant/schemas",
            {"type": "object", "title": "t", "description": "", "allOf": [{"$ref": r} for r in schema_refs]},
        ),
        201,
    )["$id"]
    dataset_id = create_dataset(aep, schema)
    target_id = create_target(aep, schema, dataset_id)
    source_id = ok(
        aep.post(
            f"{FS}/sourceConnections",
            {"name": "s", "providerId": PROVIDER, "connectionSpec": {"id": SDK_SPEC, "version": "1.0"}},
        ),
        201,
    )["id"]
    mapping_id = ok(
        aep.post(f"{DP}/mappingSets", {"outputSchema": {"schemaRef": {"id": schema}}, "mappings": mappings}), 200
    )["id"]
    flow_id = ok(
        aep.post(
            f"{FS}/flows",
            {
                "name": "f",
                "flowSpec": {"id": SDK_FLOW_SPEC, "version": "1.0"},
                "sourceConnectionIds": [source_id],
                "targetConnectionIds": [target_id],
                "transformations": [{"name": "Mapping", "params": {"mappingId": mapping_id}}],
            },
        ),
        201,
    )["id"]
    inlet = ok(aep.get(f"{FS}/flows/{flow_id}"), 200)["items"][0]["options"]["inletUrl"]
    return inlet, dataset_id, flow_id


def test_mapping_features_nested_arrays_static_expressions_and_coercion(aep: Aep) -> None:
    mappings = [
        {"sourceType": "ATTRIBUTE", "source": "event.id", "destination": "_id"},
        {"sourceType": "ATTRIBUTE", "source": "event.at", "destination": "timestamp"},
        {"sourceType": "STATIC", "source": "web.webpagedetails.pageViews", "destination": "eventType"},
        {"sourceType": "ATTRIBUTE", "source": "pages[0].title", "destination": "web.webPageDetails.name"},
        {
            "sourceType": "EXPRESSION",
            "source": "concat(lower(host), '/', pages[0].path)",
            "destination": "web.webPageDetails.URL",
        },
        {"sourceType": "ATTRIBUTE", "source": "views", "destination": "web.webPageDetails.pageViews.value"},
        {"sourceType": "ATTRIBUTE", "source": "ids[*].value", "destination": "identityMap.ECID[*].id"},
    ]
    inlet, dataset_id, _ = custom_flow(aep, [EE, WEB, "https://ns.adobe.com/xdm/context/identitymap"], mappings)
    record = {
        "event": {"id": "e1", "at": "2026-11-29T10:00:00Z"},
        "host": "EXAMPLE.com",
        "views": "3",
        "pages": [{"title": "Home", "path": "index"}],
        "ids": [{"value": "a"}, {"value": "b"}],
    }
    ok(httpx.post(inlet, json=record), 200)
    assert aep.rows(dataset_id) == [
        {
            "_id": "e1",
            "timestamp": "2026-11-29T10:00:00Z",
            "eventType": "web.webpagedetails.pageViews",
            "web": {"webPageDetails": {"name": "Home", "URL": "example.com/index", "pageViews": {"value": 3}}},
            "identityMap": {"ECID": [{"id": "a"}, {"id": "b"}]},
        }
    ]


def test_invalid_record_is_acknowledged_and_counted_failed_with_diagnostics(aep: Aep) -> None:
    inlet, dataset_id, flow_id = custom_flow(
        aep, [EE], [{"sourceType": "ATTRIBUTE", "source": "id", "destination": "_id"}]
    )
    body = ok(httpx.post(inlet, json={"id": "e1"}), 200)  # no timestamp: EE requires it
    assert aep.rows(dataset_id) == []
    run = run_of(aep, flow_id)
    assert run["metrics"]["recordSummary"]["failedRecordCount"] == 1
    error = run["metrics"]["statusSummary"]["errors"][0]
    assert error["xactionId"] == body["xactionId"] and "timestamp" in error["message"]
    assert run["metrics"]["statusSummary"]["status"] == "failed"


def test_sync_validation_pass_and_fail(aep: Aep) -> None:
    inlet, dataset_id, _ = custom_flow(
        aep,
        [EE],
        [
            {"sourceType": "ATTRIBUTE", "source": "id", "destination": "_id"},
            {"sourceType": "ATTRIBUTE", "source": "at", "destination": "timestamp"},
        ],
    )
    good = ok(httpx.post(f"{inlet}?syncValidation=true", json={"id": "1", "at": "2026-01-01T00:00:00Z"}), 200)
    assert good["syncValidation"] == {"status": "pass"}
    bad = httpx.post(f"{inlet}?syncValidation=true", json={"id": "2", "at": "yesterday"})
    assert bad.status_code == 400
    problem = bad.json()
    assert problem["title"] == "Invalid XDM Message Format"
    cause = problem["report"]["cause"]["_streamingValidation"][0]["causingExceptions"][0]
    assert cause["pointerToViolation"] == "#/timestamp" and cause["keyword"] == "format"
    assert len(aep.rows(dataset_id)) == 1


def test_batch_answers_207_with_a_result_per_message(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    batch_url = chain.inlet_url.replace("/collection/", "/collection/batch/")
    r = httpx.post(batch_url, json={"messages": [{"firstName": "A"}, {"firstName": "B"}, {"firstName": "C"}]})
    assert r.status_code == 207
    body = r.json()
    assert [m["xactionId"] for m in body["responses"]] == [f"{body['batchId']}:{i}" for i in range(3)]
    assert [row["person"]["name"]["firstName"] for row in aep.rows(chain.dataset_id)] == ["A", "B", "C"]
    assert run_of(aep, chain.flow_id)["metrics"]["recordSummary"]["outputRecordCount"] == 3
    assert httpx.post(f"{batch_url}?syncValidation=true", json={"messages": [{}]}).status_code == 400
    assert httpx.post(batch_url, json={"messages": []}).status_code == 400


def test_batch_reports_per_message_failures_for_unknown_flows(aep: Aep) -> None:
    chain = http_api(aep, "xdm")
    batch_url = chain.inlet_url.replace("/collection/", "/collection/batch/")
    good = {
        "header": {"schemaRef": {"id": chain.schema_id}, "flowId": chain.flow_id},
        "body": {"xdmEntity": {"personID": "1"}},
    }
    bad = {
        "header": {"schemaRef": {"id": chain.schema_id}, "flowId": "not-a-flow"},
        "body": {"xdmEntity": {"personID": "2"}},
    }
    body = httpx.post(batch_url, json={"messages": [good, bad]}).json()
    assert "xactionId" in body["responses"][0]
    assert body["responses"][1]["statusCode"] == 400 and "not-a-flow" in body["responses"][1]["message"]
    assert aep.rows(chain.dataset_id) == [{"personID": "1"}]


def test_payload_over_1mb_is_413_and_unknown_inlet_is_404(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    big = {"firstName": "x" * (1024 * 1024)}
    assert httpx.post(chain.inlet_url, json=big).status_code == 413
    assert httpx.post(f"{aep.url}/collection/{'0' * 64}", json={}).status_code == 404
    assert (
        httpx.post(chain.inlet_url, content=b"{not json", headers={"Content-Type": "application/json"}).status_code
        == 400
    )


def test_disabled_flow_refuses_records_and_enabled_again_accepts(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    ok(aep.post(f"{FS}/flows/{chain.flow_id}/action", params={"op": "disable"}), 200)
    r = httpx.post(chain.inlet_url, json={"firstName": "A"})
    assert r.status_code == 400 and r.json()["title"] == "Dataflow disabled"
    ok(aep.post(f"{FS}/flows/{chain.flow_id}/action", params={"op": "enable"}), 200)
    ok(httpx.post(chain.inlet_url, json={"firstName": "A"}), 200)
    assert len(aep.rows(chain.dataset_id)) == 1


def test_records_follow_the_mapping_version_the_flow_names(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    v1 = {
        "xdmSchema": chain.schema_id,
        "mappings": [{"sourceAttribute": "given", "destinationXdmPath": "person.name.firstName"}],
    }
    ok(aep.put(f"{DP}/mappingSets/{chain.mapping_id}", v1), 200)
    ok(httpx.post(chain.inlet_url, json={"firstName": "old", "given": "new"}), 200)
    flow = ok(aep.get(f"{FS}/flows/{chain.flow_id}"), 200)["items"][0]
    op = [
        {
            "op": "replace",
            "path": "/transformations/0",
            "value": {"name": "Mapping", "params": {"mappingId": chain.mapping_id, "mappingVersion": 1}},
        }
    ]
    ok(aep.patch(f"{FS}/flows/{chain.flow_id}", op, headers={"If-Match": flow["etag"]}), 200)
    ok(httpx.post(chain.inlet_url, json={"firstName": "old", "given": "new"}), 200)
    assert [r["person"]["name"]["firstName"] for r in aep.rows(chain.dataset_id)] == ["old", "new"]


@pytest.mark.parametrize("auth_header", [None, "Bearer wrong"])
def test_authenticated_http_inlet_needs_a_token(aep: Aep, auth_header: str | None) -> None:
    chain = http_api(aep, "raw", auth=True)
    headers = {"x-adobe-flow-id": chain.flow_id, **({"Authorization": auth_header} if auth_header else {})}
    r = httpx.post(chain.inlet_url, json={"firstName": "A"}, headers=headers)
    assert r.status_code == (401 if auth_header is None else 403)
    r = httpx.post(
        chain.inlet_url, json={"firstName": "A"}, headers={**headers, "Authorization": f"Bearer {aep.fetch_token()}"}
    )
    assert r.status_code == 200
