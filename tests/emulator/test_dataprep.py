"""Data Prep mapping sets: both dialects, versions, lists, validate, preview, delete (https://github.com/AdobeDocs/experience-platform.en/blob/main/help/data-prep/api/mapping-set.md)."""

from __future__ import annotations

from tests.emulator.tutorial import DP, FS, create_schema, ok, streaming_sdk
from tests.support import Aep

CURRENT = [
    {"sourceType": "ATTRIBUTE", "source": "firstName", "destination": "person.name.firstName"},
    {"sourceType": "EXPRESSION", "source": "upper(lastName)", "destination": "person.name.lastName"},
    {"sourceType": "STATIC", "source": "webhook", "destination": "person.name.courtesyTitle"},
]


def current_body(schema_id: str, mappings: list | None = None) -> dict:
    return {
        "outputSchema": {
            "schemaRef": {"id": schema_id, "contentType": "application/vnd.adobe.xed-full+json;version=1"}
        },
        "mappings": mappings or CURRENT,
    }


def test_create_current_dialect_answers_200_version_0(aep: Aep) -> None:
    schema_id = create_schema(aep)
    created = ok(aep.post(f"{DP}/mappingSets", current_body(schema_id)), 200)
    assert set(created) == {"id", "version", "createdDate", "modifiedDate", "createdBy", "modifiedBy"}
    assert created["version"] == 0 and len(created["id"]) == 32
    full = ok(aep.get(f"{DP}/mappingSets/{created['id']}"), 200)
    assert full["outputSchema"]["schemaRef"]["id"] == schema_id and full["xdmSchema"] == schema_id
    kinds = [m["sourceType"] for m in full["mappings"]]
    assert kinds == ["text/x.schema-path", "text/x.aep-xl", "text/plain"]
    assert (
        full["mappings"][0]["sourceAttribute"] == "firstName"
        and full["mappings"][0]["destinationXdmPath"] == "person.name.firstName"
    )


def test_put_makes_a_new_version_with_new_mapping_ids_and_keeps_the_old(aep: Aep) -> None:
    schema_id = create_schema(aep)
    mid = ok(aep.post(f"{DP}/mappingSets", current_body(schema_id)), 200)["id"]
    v0 = ok(aep.get(f"{DP}/mappingSets/{mid}"), 200)
    v1 = ok(aep.put(f"{DP}/mappingSets/{mid}", current_body(schema_id, CURRENT[:1])), 200)
    assert v1["version"] == 1 and len(v1["mappings"]) == 1
    assert v1["mappings"][0]["id"] != v0["mappings"][0]["id"]
    assert ok(aep.get(f"{DP}/mappingSets/{mid}", params={"version": 0}), 200)["mappings"] == v0["mappings"]
    assert ok(aep.get(f"{DP}/mappingSets/{mid}"), 200)["version"] == 1
    assert aep.get(f"{DP}/mappingSets/{mid}", params={"version": 7}).status_code == 404
    assert len(ok(aep.get(f"{DP}/mappingSets/{mid}/mappings"), 200)) == 1


def test_invalid_mappings_are_rejected_with_the_field_named(aep: Aep) -> None:
    schema_id = create_schema(aep)
    bad = [
        {"sourceType": "ATTRIBUTE", "source": "x", "destination": "person.name.nickName"},
        {"sourceType": "ATTRIBUTE", "source": "", "destination": "person.name.firstName"},
        {"sourceType": "EXPRESSION", "source": "explode(x)", "destination": "person.name.lastName"},
    ]
    r = aep.post(f"{DP}/mappingSets", current_body(schema_id, bad))
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert "person.name.nickName" in detail and "mappings[1]" in detail and "explode" in detail
    assert aep.post(f"{DP}/mappingSets", {"mappings": CURRENT}).status_code == 400
    assert aep.post(f"{DP}/mappingSets", current_body("https://ns.adobe.com/emulator/schemas/none")).status_code == 400


def test_validate_reports_per_mapping(aep: Aep) -> None:
    schema_id = create_schema(aep)
    mappings = [CURRENT[0], {"sourceType": "ATTRIBUTE", "source": "a", "destination": "nope.nope"}]
    result = ok(aep.post(f"{DP}/mappingSets/validate", current_body(schema_id, mappings)), 200)["validationResponse"]
    assert result[0] == {"status": "SUCCESS", "errors": None}
    assert result[1]["status"] == "FAILED" and "nope.nope" in result[1]["errors"][0]["message"]


def test_preview_maps_sample_records(aep: Aep) -> None:
    schema_id = create_schema(aep)
    out = ok(
        aep.post(
            f"{DP}/mappingSets/preview",
            {"data": [{"firstName": "Ada", "lastName": "lovelace"}], "mappingSet": current_body(schema_id)},
        ),
        200,
    )
    assert out == [
        {
            "data": {"person": {"name": {"firstName": "Ada", "lastName": "LOVELACE", "courtesyTitle": "webhook"}}},
            "errors": None,
        }
    ]


def test_list_needs_limit_and_start_and_pages(aep: Aep) -> None:
    schema_id = create_schema(aep)
    ids = [ok(aep.post(f"{DP}/mappingSets", current_body(schema_id)), 200)["id"] for _ in range(3)]
    assert aep.get(f"{DP}/mappingSets").status_code == 400
    first = ok(aep.get(f"{DP}/mappingSets", params={"limit": 2, "start": 0}), 200)
    assert [m["id"] for m in first["data"]] == ids[:2] and first["_page"]["count"] == 2
    second = ok(aep.get(f"{DP}/mappingSets", params={"limit": 2, "start": 2}), 200)
    assert [m["id"] for m in second["data"]] == ids[2:]


def test_path_without_conversion_is_an_alias(aep: Aep) -> None:
    schema_id = create_schema(aep)
    mid = ok(aep.post("/data/foundation/mappingSets", current_body(schema_id)), 200)["id"]
    assert ok(aep.get(f"{DP}/mappingSets/{mid}"), 200)["id"] == mid


def test_delete_is_refused_while_a_flow_uses_the_mapping_set(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    r = aep.delete(f"{DP}/mappingSets/{chain.mapping_id}")
    assert r.status_code == 400 and chain.flow_id in r.json()["detail"]
    assert aep.delete(f"{FS}/flows/{chain.flow_id}").status_code == 204
    assert aep.delete(f"{DP}/mappingSets/{chain.mapping_id}").status_code == 204
    assert aep.get(f"{DP}/mappingSets/{chain.mapping_id}").status_code == 404
