"""Flow Service routes: CRUD, etags, references, lists, actions, runs, specs (https://developer.adobe.com/experience-platform-apis/references/flow-service/)."""

from __future__ import annotations

import pytest

from tests.emulator.tutorial import (
    FS,
    HTTP_SPEC,
    LAKE_SPEC,
    PROVIDER,
    SDK_FLOW_SPEC,
    SDK_SPEC,
    create_dataset,
    create_mapping,
    create_schema,
    create_target,
    http_api,
    ok,
    streaming_sdk,
)
from tests.support import Aep


def flow_error(r, status: int, code: int) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    body = r.json()
    assert body["type"] == f"https://ns.adobe.com/aep/errors/FLOW-{code}-{status}", body
    assert body["title"] and body["report"]["detailed-message"] and body["report"]["request-id"]
    return body


def new_source(aep: Aep, name: str = "src") -> str:
    body = {
        "name": name,
        "providerId": PROVIDER,
        "connectionSpec": {"id": SDK_SPEC, "version": "1.0"},
        "data": {"format": "json"},
    }
    return ok(aep.post(f"{FS}/sourceConnections", body), 201)["id"]


def test_create_returns_201_id_and_quoted_etag_and_get_wraps_items(aep: Aep) -> None:
    r = aep.post(
        f"{FS}/sourceConnections",
        {"name": "s", "connectionSpec": {"id": SDK_SPEC, "version": "1.0"}, "data": {"format": "json"}},
    )
    created = ok(r, 201)
    assert set(created) == {"id", "etag"}
    assert created["etag"].startswith('"') and created["etag"].endswith('"')
    assert r.headers["location"].endswith(created["id"])
    item = ok(aep.get(f"{FS}/sourceConnections/{created['id']}"), 200)["items"][0]
    assert item["etag"] == item["version"] == created["etag"]
    assert item["state"] == "enabled" and item["sandboxName"] == "prod" and item["imsOrgId"] == aep.org
    assert item["createdAt"] <= item["updatedAt"]


def test_state_on_create_is_flow_1410(aep: Aep) -> None:
    body = {"name": "s", "connectionSpec": {"id": SDK_SPEC, "version": "1.0"}, "state": "enabled"}
    flow_error(aep.post(f"{FS}/sourceConnections", body), 400, 1410)


def test_unknown_spec_and_missing_fields(aep: Aep) -> None:
    flow_error(
        aep.post(f"{FS}/sourceConnections", {"name": "s", "connectionSpec": {"id": "nope", "version": "1.0"}}),
        400,
        1413,
    )
    body = flow_error(
        aep.post(f"{FS}/sourceConnections", {"connectionSpec": {"id": SDK_SPEC, "version": "1.0"}}), 400, 1100
    )
    assert "name" in body["errorMessage"]
    flow_error(aep.post(f"{FS}/flows", content=b"", headers={"Content-Type": "application/json"}), 400, 1405)


def test_patch_needs_if_match_and_rejects_stale_etags(aep: Aep) -> None:
    source_id = new_source(aep)
    etag = ok(aep.get(f"{FS}/sourceConnections/{source_id}"), 200)["items"][0]["etag"]
    ops = [{"op": "replace", "path": "/name", "value": "renamed"}]
    flow_error(aep.patch(f"{FS}/sourceConnections/{source_id}", ops), 400, 1403)
    updated = ok(aep.patch(f"{FS}/sourceConnections/{source_id}", ops, headers={"If-Match": etag}), 200)
    assert updated["id"] == source_id and updated["etag"] != etag
    flow_error(aep.patch(f"{FS}/sourceConnections/{source_id}", ops, headers={"If-Match": etag}), 412, 1404)
    # the etag compares with its quotes stripped; ops are case-insensitive
    bare = updated["etag"].strip('"')
    ok(
        aep.patch(
            f"{FS}/sourceConnections/{source_id}",
            [{"op": "ADD", "path": "/description", "value": "d"}],
            headers={"If-Match": bare},
        ),
        200,
    )
    item = ok(aep.get(f"{FS}/sourceConnections/{source_id}"), 200)["items"][0]
    assert item["name"] == "renamed" and item["description"] == "d"
    assert item["lastOperation"]["operation"] == "update"


def test_patch_errors(aep: Aep) -> None:
    source_id = new_source(aep)
    etag = ok(aep.get(f"{FS}/sourceConnections/{source_id}"), 200)["items"][0]["etag"]
    h = {"If-Match": etag}
    flow_error(
        aep.patch(
            f"{FS}/sourceConnections/{source_id}",
            [{"op": "replace", "path": "/connectionSpec/id", "value": HTTP_SPEC}],
            headers=h,
        ),
        400,
        1414,
    )
    flow_error(
        aep.patch(
            f"{FS}/sourceConnections/{source_id}", [{"op": "move", "from": "/name", "path": "/description"}], headers=h
        ),
        400,
        1434,
    )
    flow_error(
        aep.patch(f"{FS}/sourceConnections/{source_id}", [{"op": "replace", "path": "/id", "value": "x"}], headers=h),
        400,
        1455,
    )
    flow_error(
        aep.patch(f"{FS}/sourceConnections/{source_id}", [{"op": "remove", "path": "/nothing/here"}], headers=h),
        400,
        1455,
    )
    flow_error(
        aep.patch(f"{FS}/sourceConnections/missing", [{"op": "replace", "path": "/name", "value": "x"}], headers=h),
        404,
        1101,
    )


def test_flow_patch_of_transformation_checks_the_mapping_version(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    flow = ok(aep.get(f"{FS}/flows/{chain.flow_id}"), 200)["items"][0]
    op = [
        {
            "op": "replace",
            "path": "/transformations/0",
            "value": {"name": "Mapping", "params": {"mappingId": chain.mapping_id, "mappingVersion": 3}},
        }
    ]
    flow_error(aep.patch(f"{FS}/flows/{chain.flow_id}", op, headers={"If-Match": flow["etag"]}), 400, 1412)
    flow_error(
        aep.patch(
            f"{FS}/flows/{chain.flow_id}",
            [{"op": "replace", "path": "/flowSpec/id", "value": "x"}],
            headers={"If-Match": flow["etag"]},
        ),
        400,
        1455,
    )


def test_delete_is_204_then_404(aep: Aep) -> None:
    source_id = new_source(aep)
    assert aep.delete(f"{FS}/sourceConnections/{source_id}").status_code == 204
    flow_error(aep.get(f"{FS}/sourceConnections/{source_id}"), 404, 1101)
    flow_error(aep.delete(f"{FS}/sourceConnections/{source_id}"), 404, 1101)
    flow_error(aep.get(f"{FS}/flows/missing"), 404, 1439)


def test_base_connection_in_use_by_a_flow_is_1418(aep: Aep) -> None:
    chain = http_api(aep, "raw")
    flow_error(aep.delete(f"{FS}/connections/{chain.base_connection_id}"), 400, 1418)
    flow_error(aep.delete(f"{FS}/sourceConnections/{chain.source_id}"), 400, 1447)
    assert aep.delete(f"{FS}/flows/{chain.flow_id}").status_code == 204
    assert aep.delete(f"{FS}/sourceConnections/{chain.source_id}").status_code == 204
    assert aep.delete(f"{FS}/connections/{chain.base_connection_id}").status_code == 204


def test_http_api_base_connection_carries_its_inlet(aep: Aep) -> None:
    chain = http_api(aep, "xdm")
    item = ok(aep.get(f"{FS}/connections/{chain.base_connection_id}"), 200)["items"][0]
    params = item["auth"]["params"]
    assert len(params["inletId"]) == 64 and params["inletUrl"].endswith(params["inletId"])
    assert params["sourceId"] == params["name"] == "http source" and params["authenticationRequired"] is False
    source = ok(aep.get(f"{FS}/sourceConnections/{chain.source_id}"), 200)["items"][0]
    assert source["inheritedAttributes"]["baseConnection"]["id"] == chain.base_connection_id


def test_flow_references_must_exist_and_fit_the_flow_spec(aep: Aep) -> None:
    schema_id = create_schema(aep)
    dataset_id = create_dataset(aep, schema_id)
    target_id = create_target(aep, schema_id, dataset_id)
    source_id = new_source(aep)
    spec = {"id": SDK_FLOW_SPEC, "version": "1.0"}
    flow_error(
        aep.post(
            f"{FS}/flows",
            {"name": "f", "flowSpec": spec, "sourceConnectionIds": ["nope"], "targetConnectionIds": [target_id]},
        ),
        400,
        1100,
    )
    flow_error(
        aep.post(
            f"{FS}/flows",
            {
                "name": "f",
                "flowSpec": spec,
                "sourceConnectionIds": [source_id, source_id],
                "targetConnectionIds": [target_id],
            },
        ),
        400,
        1100,
    )
    flow_error(
        aep.post(
            f"{FS}/flows",
            {
                "name": "f",
                "flowSpec": {"id": "d8a6f005-7eaf-4153-983e-e8574508b877", "version": "1.0"},
                "sourceConnectionIds": [source_id],
                "targetConnectionIds": [target_id],
            },
        ),
        400,
        1413,
    )
    other_schema = create_schema(aep, "Another")
    mapping_id = create_mapping(aep, other_schema)
    flow_error(
        aep.post(
            f"{FS}/flows",
            {
                "name": "f",
                "flowSpec": spec,
                "sourceConnectionIds": [source_id],
                "targetConnectionIds": [target_id],
                "transformations": [{"name": "Mapping", "params": {"mappingId": mapping_id}}],
            },
        ),
        400,
        1425,
    )
    flow_error(
        aep.post(
            f"{FS}/flows",
            {
                "name": "f",
                "flowSpec": spec,
                "sourceConnectionIds": [source_id],
                "targetConnectionIds": [target_id],
                "transformations": [{"name": "Encryption", "params": {}}],
            },
        ),
        400,
        1100,
    )


def test_target_connection_checks_dataset_and_schema(aep: Aep) -> None:
    schema_id = create_schema(aep)
    dataset_id = create_dataset(aep, schema_id)
    body = {
        "name": "t",
        "connectionSpec": {"id": LAKE_SPEC, "version": "1.0"},
        "data": {"format": "json", "schema": {"id": schema_id, "version": "1"}},
        "params": {"dataSetId": "000000000000000000000000"},
    }
    flow_error(aep.post(f"{FS}/targetConnections", body), 400, 1100)
    body["params"]["dataSetId"] = dataset_id
    body["data"]["schema"]["id"] = "https://ns.adobe.com/emulator/schemas/other"
    flow_error(aep.post(f"{FS}/targetConnections", body), 400, 1425)


def test_enable_disable_actions(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    flow = ok(aep.get(f"{FS}/flows/{chain.flow_id}"), 200)["items"][0]
    disabled = ok(
        aep.post(f"{FS}/flows/{chain.flow_id}/action", params={"op": "disable"}, headers={"If-Match": flow["etag"]}),
        200,
    )
    assert disabled["etag"] != flow["etag"]
    assert ok(aep.get(f"{FS}/flows/{chain.flow_id}"), 200)["items"][0]["state"] == "disabled"
    flow_error(aep.post(f"{FS}/flows/{chain.flow_id}/action", params={"op": "disable"}), 400, 1422)
    flow_error(
        aep.post(f"{FS}/flows/{chain.flow_id}/action", params={"op": "enable"}, headers={"If-Match": flow["etag"]}),
        412,
        1404,
    )
    ok(aep.post(f"{FS}/flows/{chain.flow_id}/action", params={"op": "ENABLE"}), 200)
    item = ok(aep.get(f"{FS}/flows/{chain.flow_id}"), 200)["items"][0]
    assert item["state"] == "enabled" and item["lastOperation"]["operation"] == "enable"
    flow_error(aep.post(f"{FS}/flows/{chain.flow_id}/action", params={"op": "explode"}), 400, 1100)


def test_lists_paginate_filter_order_and_count(aep: Aep) -> None:
    ids = [new_source(aep, f"src-{i}") for i in range(5)]
    page = ok(aep.get(f"{FS}/sourceConnections", params={"limit": 2}), 200)
    assert [i["id"] for i in page["items"]] == ids[:2]
    seen = [i["id"] for i in page["items"]]
    while "next" in page["_links"]:
        href = page["_links"]["next"]["href"]
        assert href.startswith("/sourceConnections?")
        page = ok(aep.get(f"{FS}{href}"), 200)
        seen += [i["id"] for i in page["items"]]
    assert seen == ids
    assert ok(aep.get(f"{FS}/sourceConnections", params={"count": "true"}), 200) == {"count": 5}
    flow_error(aep.get(f"{FS}/sourceConnections", params={"count": "true", "limit": 1}), 400, 1401)
    named = ok(aep.get(f"{FS}/sourceConnections", params={"property": "name==src-1,src-3"}), 200)["items"]
    assert sorted(i["name"] for i in named) == ["src-1", "src-3"]
    assert ok(aep.get(f"{FS}/sourceConnections", params={"property": "name!=src-1"}), 200)["items"].__len__() == 4
    desc = ok(aep.get(f"{FS}/sourceConnections", params={"orderby": "-name"}), 200)["items"]
    assert [i["name"] for i in desc] == [f"src-{i}" for i in range(4, -1, -1)]
    flow_error(aep.get(f"{FS}/sourceConnections", params={"orderby": "na;me"}), 400, 1432)


def test_array_property_filters_on_flows(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    found = ok(aep.get(f"{FS}/flows", params={"property": f"sourceConnectionIds[]=={chain.source_id}"}), 200)["items"]
    assert [f["id"] for f in found] == [chain.flow_id]
    found = ok(
        aep.get(f"{FS}/flows", params={"property": f"transformations[].params.mappingId=={chain.mapping_id}"}), 200
    )["items"]
    assert [f["id"] for f in found] == [chain.flow_id]
    assert ok(aep.get(f"{FS}/flows", params={"property": "sourceConnectionIds[]==other"}), 200)["items"] == []


def test_streaming_sdk_flow_get_shape(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    flow = ok(aep.get(f"{FS}/flows/{chain.flow_id}"), 200)["items"][0]
    assert flow["options"]["inletUrl"] == chain.inlet_url
    assert flow["inheritedAttributes"]["sourceConnections"][0]["id"] == chain.source_id
    assert flow["inheritedAttributes"]["targetConnections"][0]["connectionSpec"]["id"] == LAKE_SPEC
    assert flow["lastOperation"]["operation"] == "enable"  # as in Adobe's GET example of a new flow
    assert flow["runs"] == f"/runs?property=flowId=={chain.flow_id}"
    run = ok(aep.get(f"{FS}/runs/{flow['lastRunDetails']['id']}"), 200)["items"][0]
    assert run["flowId"] == chain.flow_id
    assert run["metrics"]["recordSummary"] == {
        "inputRecordCount": 0,
        "createdRecordCount": 0,
        "outputRecordCount": 0,
        "failedRecordCount": 0,
    }


@pytest.mark.parametrize("collection", ["connectionSpecs", "flowSpecs"])
def test_specs_are_served_read_only(aep: Aep, collection: str) -> None:
    items = ok(aep.get(f"{FS}/{collection}"), 200)["items"]
    assert len(items) >= 4
    one = ok(aep.get(f"{FS}/{collection}/{items[0]['id']}"), 200)["items"]
    assert one == [items[0]]
    assert aep.post(f"{FS}/{collection}", {"name": "x"}).status_code == 405


def test_generic_streaming_spec_is_found_by_name(aep: Aep) -> None:
    items = ok(aep.get(f"{FS}/connectionSpecs", params={"property": "name==generic-streaming"}), 200)["items"]
    assert [i["id"] for i in items] == [SDK_SPEC]
    flow_spec = ok(aep.get(f"{FS}/flowSpecs/{SDK_FLOW_SPEC}"), 200)["items"][0]
    assert flow_spec["name"] == "GenericStreamingAEP" and SDK_SPEC in flow_spec["sourceConnectionSpecIds"]
    assert flow_spec["targetConnectionSpecIds"] == [LAKE_SPEC]
