"""Catalog datasets (https://developer.adobe.com/experience-platform-apis/references/catalog/)."""

from __future__ import annotations

from tests.emulator.tutorial import CAT, create_dataset, create_schema, ok
from tests.support import Aep


def test_dataset_lifecycle(aep: Aep) -> None:
    schema_id = create_schema(aep)
    r = aep.post(
        f"{CAT}/dataSets",
        {
            "name": "people",
            "schemaRef": {"id": schema_id, "contentType": "application/vnd.adobe.xed+json;version=1"},
            "tags": {"team": ["data"]},
        },
    )
    created = ok(r, 201)
    dataset_id = created[0].removeprefix("@/dataSets/")
    assert len(dataset_id) == 24 and r.headers["location"].endswith(dataset_id)
    got = ok(aep.get(f"{CAT}/dataSets/{dataset_id}"), 200)
    assert list(got) == [dataset_id]
    assert got[dataset_id]["name"] == "people" and got[dataset_id]["schemaRef"]["id"] == schema_id
    assert ok(aep.get(f"{CAT}/dataSets/{dataset_id}", params={"properties": "name"}), 200) == {
        dataset_id: {"name": "people"}
    }
    assert ok(aep.patch(f"{CAT}/dataSets/{dataset_id}", {"description": "updated"}), 200) == [
        f"@/dataSets/{dataset_id}"
    ]
    assert ok(aep.get(f"{CAT}/dataSets/{dataset_id}"), 200)[dataset_id]["description"] == "updated"
    patch = [{"op": "replace", "path": "/name", "value": "renamed"}]
    ok(aep.patch(f"{CAT}/dataSets/{dataset_id}", patch, headers={"Content-Type": "application/json-patch+json"}), 200)
    assert ok(aep.get(f"{CAT}/dataSets/{dataset_id}"), 200)[dataset_id]["name"] == "renamed"
    assert aep.patch(f"{CAT}/dataSets/{dataset_id}", {"schemaRef": {"id": "x"}}).status_code == 400
    assert ok(aep.delete(f"{CAT}/dataSets/{dataset_id}"), 200) == [f"@/dataSets/{dataset_id}"]
    assert aep.get(f"{CAT}/dataSets/{dataset_id}").status_code == 404
    assert ok(aep.delete(f"{CAT}/dataSets/{dataset_id}"), 200) == []


def test_create_errors(aep: Aep) -> None:
    assert aep.post(f"{CAT}/dataSets", {"schemaRef": {"id": "x"}}).status_code == 400
    r = aep.post(f"{CAT}/dataSets", {"name": "n", "schemaRef": {"id": "https://ns.adobe.com/emulator/schemas/missing"}})
    assert r.status_code == 400 and "missing" in r.json()["detail"]
    assert aep.post(f"{CAT}/dataSets", {"name": "n", "tags": {"adobe/pqs": ["x"]}}).status_code == 400


def test_list_pages_with_limit_and_start(aep: Aep) -> None:
    schema_id = create_schema(aep)
    ids = [create_dataset(aep, schema_id, f"d{i}") for i in range(3)]
    assert list(ok(aep.get(f"{CAT}/dataSets", params={"limit": 2}), 200)) == ids[:2]
    assert list(ok(aep.get(f"{CAT}/dataSets", params={"limit": 2, "start": 2}), 200)) == ids[2:]
    assert list(ok(aep.get(f"{CAT}/dataSets", params={"property": "name==d1"}), 200)) == [ids[1]]
    assert aep.get(f"{CAT}/dataSets", params={"limit": 0}).status_code == 400
