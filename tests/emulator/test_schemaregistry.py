"""Schema Registry: tenant schemas and field groups, global resources, Accept rules (https://developer.adobe.com/experience-platform-apis/references/schema-registry/)."""

from __future__ import annotations

from urllib.parse import quote

from tests.emulator.tutorial import PERSON, PROFILE, SR, create_dataset, create_schema, ok
from tests.support import Aep

XED = {"Accept": "application/vnd.adobe.xed+json; version=1"}
FULL = {"Accept": "application/vnd.adobe.xed-full+json; version=1"}
IDS = {"Accept": "application/vnd.adobe.xed-id+json"}
EE = "https://ns.adobe.com/xdm/context/experienceevent"


def xdm_error(r, status: int, code: int) -> None:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    assert r.json()["type"] == f"http://ns.adobe.com/aep/errors/XDM-{code}-{status}"


def loyalty_group(aep: Aep) -> dict:
    body = {
        "type": "object",
        "title": "Loyalty",
        "description": "tenant fields",
        "meta:intendedToExtend": [PROFILE],
        "definitions": {
            "loyalty": {
                "properties": {
                    "_emulator": {
                        "type": "object",
                        "properties": {"loyaltyId": {"type": "string"}, "points": {"type": "integer"}},
                    }
                }
            }
        },
        "allOf": [{"$ref": "#/definitions/loyalty"}],
    }
    return ok(aep.post(f"{SR}/tenant/fieldgroups", body), 201)


def test_schema_create_and_lookups(aep: Aep) -> None:
    schema_id = create_schema(aep)
    assert schema_id.startswith("https://ns.adobe.com/emulator/schemas/")
    by_id = ok(aep.get(f"{SR}/tenant/schemas/{quote(schema_id, safe='')}", headers=XED), 200)
    by_alt = ok(aep.get(f"{SR}/tenant/schemas/{by_id['meta:altId']}", headers=XED), 200)
    assert by_id == by_alt and by_id["version"] == "1.0" and by_id["meta:class"] == PROFILE
    assert by_id["meta:extends"][0] == PROFILE and by_id["meta:registryMetadata"]["eTag"]
    full = ok(aep.get(f"{SR}/tenant/schemas/{by_id['meta:altId']}", headers=FULL), 200)
    assert full["properties"]["person"]["properties"]["name"]["properties"]["firstName"]["type"] == "string"
    assert full["properties"]["personalEmail"]["properties"]["address"]["format"] == "email"
    assert "_repo" in full["properties"]


def test_accept_header_rules(aep: Aep) -> None:
    schema_id = create_schema(aep)
    alt = ok(aep.get(f"{SR}/tenant/schemas/{quote(schema_id, safe='')}", headers=XED), 200)["meta:altId"]
    xdm_error(aep.get(f"{SR}/tenant/schemas/{alt}", headers={"Accept": "application/vnd.adobe.xed+json"}), 400, 1007)
    xdm_error(
        aep.get(f"{SR}/tenant/schemas/{alt}", headers={"Accept": "application/vnd.adobe.xed+json; version=2"}),
        406,
        1008,
    )
    xdm_error(aep.get(f"{SR}/tenant/schemas", headers=XED), 400, 1006)
    listed = ok(aep.get(f"{SR}/tenant/schemas", headers=IDS), 200)
    assert listed["results"] == [{"$id": schema_id, "meta:altId": alt, "version": "1.0", "title": "Webhook people"}]
    xdm_error(aep.get(f"{SR}/tenant/schemas/_emulator.schemas.missing", headers=XED), 404, 1012)


def test_global_classes_and_field_groups(aep: Aep) -> None:
    titles = {r["title"] for r in ok(aep.get(f"{SR}/global/fieldgroups", headers=IDS), 200)["results"]}
    assert {"Identity Map", "Demographic Details", "Personal Contact Details"} <= titles
    person = ok(aep.get(f"{SR}/global/fieldgroups/{quote(PERSON, safe='')}", headers=FULL), 200)
    assert "person" in person["properties"]
    ee = ok(aep.get(f"{SR}/global/classes/{quote(EE, safe='')}", headers=FULL), 200)
    assert ee["required"] == ["_id", "timestamp"]


def test_schema_needs_exactly_one_class_and_known_refs(aep: Aep) -> None:
    base = {"type": "object", "title": "x", "description": ""}
    xdm_error(aep.post(f"{SR}/tenant/schemas", {**base, "allOf": [{"$ref": PERSON}]}), 400, 1021)
    xdm_error(aep.post(f"{SR}/tenant/schemas", {**base, "allOf": [{"$ref": PROFILE}, {"$ref": EE}]}), 400, 1021)
    xdm_error(
        aep.post(f"{SR}/tenant/schemas", {**base, "allOf": [{"$ref": PROFILE}, {"$ref": "https://ns.adobe.com/x/y"}]}),
        400,
        1012,
    )
    xdm_error(aep.post(f"{SR}/tenant/schemas", {**base, "allOf": [{"$ref": EE}, {"$ref": PERSON}]}), 400, 1022)
    xdm_error(aep.post(f"{SR}/tenant/schemas", {"title": "no allOf", "type": "object"}), 400, 1001)
    create_schema(aep, "dup")
    xdm_error(aep.post(f"{SR}/tenant/schemas", {**base, "title": "dup", "allOf": [{"$ref": PROFILE}]}), 400, 1521)


def test_tenant_field_group_with_custom_fields(aep: Aep) -> None:
    group = loyalty_group(aep)
    assert group["$id"].startswith("https://ns.adobe.com/emulator/mixins/")
    schema = ok(
        aep.post(
            f"{SR}/tenant/schemas",
            {
                "type": "object",
                "title": "Loyal",
                "description": "",
                "allOf": [{"$ref": PROFILE}, {"$ref": group["$id"]}],
            },
        ),
        201,
    )
    full = ok(aep.get(f"{SR}/tenant/schemas/{schema['meta:altId']}", headers=FULL), 200)
    assert full["properties"]["_emulator"]["properties"]["points"]["type"] == "integer"
    bad = {
        "type": "object",
        "title": "Bad",
        "meta:intendedToExtend": [PROFILE],
        "allOf": [{"$ref": "#/definitions/d"}],
        "definitions": {"d": {"properties": {"loyaltyId": {"type": "string"}}}},
    }
    xdm_error(aep.post(f"{SR}/tenant/fieldgroups", bad), 400, 1023)
    xdm_error(aep.delete(f"{SR}/tenant/fieldgroups/{group['meta:altId']}"), 400, 1016)


def test_patch_bumps_minor_version_and_refuses_breaking_changes_once_used(aep: Aep) -> None:
    schema_id = create_schema(aep)
    alt = ok(aep.get(f"{SR}/tenant/schemas/{quote(schema_id, safe='')}", headers=XED), 200)["meta:altId"]
    group = loyalty_group(aep)
    patched = ok(
        aep.patch(f"{SR}/tenant/schemas/{alt}", [{"op": "add", "path": "/allOf/-", "value": {"$ref": group["$id"]}}]),
        200,
    )
    assert patched["version"] == "1.1" and group["$id"] in patched["meta:extends"]
    create_dataset(aep, schema_id)
    xdm_error(aep.patch(f"{SR}/tenant/schemas/{alt}", [{"op": "remove", "path": "/allOf/3"}]), 400, 1024)
    xdm_error(aep.delete(f"{SR}/tenant/schemas/{alt}"), 400, 1016)


def test_put_and_delete(aep: Aep) -> None:
    schema_id = create_schema(aep)
    alt = ok(aep.get(f"{SR}/tenant/schemas/{quote(schema_id, safe='')}", headers=XED), 200)["meta:altId"]
    replaced = ok(
        aep.put(
            f"{SR}/tenant/schemas/{alt}",
            {"type": "object", "title": "Renamed", "description": "d", "allOf": [{"$ref": PROFILE}]},
        ),
        200,
    )
    assert replaced["$id"] == schema_id and replaced["title"] == "Renamed" and replaced["version"] == "1.1"
    assert aep.delete(f"{SR}/tenant/schemas/{alt}").status_code == 204
    xdm_error(aep.get(f"{SR}/tenant/schemas/{alt}", headers=XED), 404, 1012)


def test_stats_give_the_tenant_id(aep: Aep) -> None:
    assert ok(aep.get(f"{SR}/stats"), 200)["tenantId"] == "emulator"
