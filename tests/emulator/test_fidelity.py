"""Requests Adobe's own clients send, answered as AEP answers them.

Each test replays what a client sends and checks the documented answer: trailing slashes, the
older IMS and streaming paths, Data Prep's list and expression endpoints, Catalog PUT, and errors
for unknown paths in each service's own JSON shape.
"""

from __future__ import annotations

import httpx
import pytest

from tests.emulator.test_inlet import custom_flow
from tests.emulator.tutorial import DP, FS, PROVIDER, SDK_SPEC, SR, Chain, http_api, ok, streaming_sdk
from tests.support import CLIENT_ID, CLIENT_SECRET, Aep

CAT = "/data/foundation/catalog"
EL = "/data/foundation/conversion/languages/el"


def test_a_trailing_slash_is_served_like_the_path_without_it(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    for path in (f"{SR}/tenant/schemas/", f"{FS}/flows/", f"{FS}/flows/{chain.flow_id}/", f"{CAT}/dataSets/"):
        r = aep.get(path, headers={"Accept": "application/vnd.adobe.xed-id+json"})
        assert r.status_code == 200, (path, r.status_code, r.text)
    source = {"name": "s", "providerId": PROVIDER, "connectionSpec": {"id": SDK_SPEC, "version": "1.0"}}
    assert aep.post(f"{FS}/sourceConnections/", source).status_code == 201
    r = aep.http.post(chain.inlet_url + "/", json={"firstName": "Ada"})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("method", "path", "shape"),
    [
        ("GET", f"{FS}/nothingHere", lambda b: b["type"].endswith("-404")),
        ("PUT", f"{FS}/flows", lambda b: b["type"].endswith("-405")),
        ("GET", f"{SR}/nothingHere", lambda b: "XDM-1010-404" in b["type"]),
        ("GET", f"{CAT}/nothingHere", lambda b: b["status"] == 404 and "CAT-" in b["type"]),
        ("GET", f"{DP}/nothingHere/x/y", lambda b: b["status"] == 404),
        ("GET", "/collection/x/y/z", lambda b: b["type"].startswith("http://ns.adobe.com/adobecloud/problem/")),
        ("GET", "/ims/token/v3", lambda b: b["error"] == "invalid_request"),
        ("GET", "/nowhere", lambda b: b["error_code"] == "404050"),
    ],
)
def test_unknown_paths_and_methods_answer_json_in_the_services_shape(aep: Aep, method: str, path: str, shape) -> None:  # type: ignore[no-untyped-def]
    r = aep.request(method, path)
    assert r.status_code in (404, 405) and r.headers["content-type"].startswith("application/json"), r.text
    assert shape(r.json()), r.text


def test_the_older_ims_token_path_grants_a_token(aep: Aep) -> None:
    form = {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    r = aep.http.post(f"{aep.url}/ims/token/v2", data=form)
    assert r.status_code == 200 and r.json()["token_type"] == "bearer"
    aep.token = r.json()["access_token"]
    assert aep.get(f"{FS}/flows").status_code == 200


def test_the_older_streaming_path_is_an_alias_of_the_inlet(aep: Aep) -> None:
    chain: Chain = streaming_sdk(aep)
    inlet_id = chain.inlet_url.rsplit("/", 1)[-1]
    r = aep.http.post(f"{aep.url}/data/foundation/import/collection/{inlet_id}", json={"firstName": "Ada"})
    assert r.status_code == 200 and r.json()["inletId"] == inlet_id
    batch = {"messages": [{"firstName": "Grace"}]}
    r = aep.http.post(f"{aep.url}/data/foundation/import/collection/batch/{inlet_id}", json=batch)
    assert r.status_code == 207
    rows = aep.http.get(f"{aep.url}/_emulator/datasets/{chain.dataset_id}/rows").json()
    assert [r["person"]["name"]["firstName"] for r in rows] == ["Ada", "Grace"]


def test_mapping_sets_list_from_the_start_when_start_is_left_out(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    listed = ok(aep.get(f"{DP}/mappingSets", params={"limit": 10}), 200)
    assert [m["id"] for m in listed["data"]] == [chain.mapping_id]
    assert aep.get(f"{DP}/mappingSets").status_code == 400  # limit is still required


def test_one_mapping_of_a_mapping_set_by_its_id(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    mappings = ok(aep.get(f"{DP}/mappingSets/{chain.mapping_id}/mappings"), 200)
    one = ok(aep.get(f"{DP}/mappingSets/{chain.mapping_id}/mappings/{mappings[1]['id']}"), 200)
    assert one == mappings[1]
    assert aep.get(f"{DP}/mappingSets/{chain.mapping_id}/mappings/nope").status_code == 404


def test_expressions_are_validated_and_the_functions_listed(aep: Aep) -> None:
    assert ok(aep.post(f"{EL}/validate", {"expression": "concat(upper(a), '-', b)"}), 200) is True
    r = aep.post(f"{EL}/validate", {"expression": "uper(a)"})
    assert r.status_code == 400 and "unknown function 'uper'" in r.json()["detail"]
    functions = ok(aep.get(f"{EL}/functions"), 200)
    upper = next(f for f in functions if f["function"] == "upper")
    assert upper["category"] == "String" and upper["syntax"] == "upper(s)" and len(upper["params"]) == 1
    operators = {o["operatorSymbol"]: o for o in ok(aep.get(f"{EL}/operators"), 200)}
    assert set(operators) >= {"+", "-", "*", "/", "==", "&&", "||", "!"} and operators["+"]["numberOfOperands"] == 2
    assert ok(aep.post(f"{EL}/validate", {"expression": "(a + 1) * 2 > b && !c"}), 200) is True


def test_a_dataset_put_replaces_its_writable_fields(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    path = f"{CAT}/dataSets/{chain.dataset_id}"
    before = ok(aep.get(path), 200)[chain.dataset_id]
    assert ok(aep.put(path, {"name": "Renamed", "schemaRef": before["schemaRef"]}), 200) == [
        f"@/dataSets/{chain.dataset_id}"
    ]
    after = ok(aep.get(path), 200)[chain.dataset_id]
    assert after["name"] == "Renamed" and "description" not in after and after["schemaRef"] == before["schemaRef"]
    other = {"id": "https://ns.adobe.com/emulator/schemas/other", "contentType": "application/vnd.adobe.xed+json"}
    r = aep.put(path, {"name": "x", "schemaRef": other})
    assert r.status_code == 400 and "schemaRef" in r.text
    assert httpx.codes.is_success(aep.get(path).status_code)


def test_standard_field_groups_by_their_documented_alt_ids(aep: Aep) -> None:
    xed = {"Accept": "application/vnd.adobe.xed+json; version=1"}
    for ref in ("_xdm.context.profile-person-details", "_xdm.context.profile_person_details"):
        r = aep.get(f"{SR}/global/fieldgroups/{ref}", headers=xed)
        assert r.status_code == 200 and r.json()["meta:altId"] == "_xdm.context.profile-person-details", r.text


@pytest.mark.parametrize(
    "accept",
    [
        "application/vnd.adobe.xdm+json; version=1",
        "application/vnd.adobe.xdm-full+json; version=1",
        "application/vnd.adobe.xed-full-notext+json; version=1",
        "application/json",
    ],
)
def test_every_documented_accept_form_looks_a_schema_up(aep: Aep, accept: str) -> None:
    chain = streaming_sdk(aep)
    r = aep.get(f"{SR}/tenant/schemas/{chain.schema_id.replace('/', '%2F')}", headers={"Accept": accept})
    assert r.status_code == 200 and r.json()["$id"] == chain.schema_id, r.text


def test_a_schema_without_type_is_an_object_and_carries_the_system_fields(aep: Aep) -> None:
    body = {"title": "No type", "allOf": [{"$ref": "https://ns.adobe.com/xdm/context/profile"}]}
    schema = ok(aep.post(f"{SR}/tenant/schemas", body), 201)
    assert schema["type"] == "object"
    assert (schema["meta:abstract"], schema["meta:extensible"], schema["meta:xdmType"]) == (False, False, "object")


def test_datasets_and_flows_carry_the_fields_real_answers_have(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    dataset = ok(aep.get(f"{CAT}/dataSets/{chain.dataset_id}"), 200)[chain.dataset_id]
    assert dataset["classification"] == {"dataBehavior": "record", "managedBy": "CUSTOMER"}
    assert dataset["enableErrorDiagnostics"] is False and dataset["observableSchema"] == {}
    flow = ok(aep.get(f"{FS}/flows/{chain.flow_id}"), 200)["items"][0]
    assert flow["state"] == "enabled" and flow["lastOperation"]["operation"] == "enable"


def test_datasets_carry_system_tags_that_survive_their_updates(aep: Aep) -> None:
    chain = streaming_sdk(aep)
    url = f"{CAT}/dataSets/{chain.dataset_id}"
    dataset = ok(aep.get(url), 200)[chain.dataset_id]
    system = {"adobe/pqs/table": ["webhook_people"], "adobe/siphon/table/format": ["delta"]}
    assert dataset["tags"] == system, dataset["tags"]
    ok(aep.patch(url, {"tags": {"team": ["data"]}}), 200)
    assert ok(aep.get(url), 200)[chain.dataset_id]["tags"] == {"team": ["data"], **system}
    # A GET sent back whole (as aepp's putDataset does) keeps them; new adobe tags stay refused.
    whole = ok(aep.get(url), 200)[chain.dataset_id]
    assert aep.put(url, {**whole, "description": "d"}).status_code == 200
    assert ok(aep.get(url), 200)[chain.dataset_id]["tags"] == {"team": ["data"], **system}
    assert aep.patch(url, {"tags": {"adobe/mine": ["x"]}}).status_code == 400


def test_specs_are_found_by_the_names_adobes_client_looks_up(aep: Aep) -> None:
    """aepp's getConnectionSpecIdFromName maps name to id over GET /connectionSpecs."""
    by_name = {s["name"]: s["id"] for s in ok(aep.get(f"{FS}/connectionSpecs"), 200)["items"]}
    assert by_name["datalake"] == "c604ff05-7f1a-43c0-8e18-33bf874cb11c"
    assert by_name["Streaming Connection"] == "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"
    flows = ok(aep.get(f"{FS}/flowSpecs", params={"property": "name==GenericStreamingAEP"}), 200)["items"]
    assert [f["id"] for f in flows if by_name["datalake"] in f["targetConnectionSpecIds"]] == [
        "e77fde5a-22a8-11ed-861d-0242ac120002"
    ]


def test_a_base_connection_can_be_tested(aep: Aep) -> None:
    chain = http_api(aep)
    assert ok(aep.get(f"{FS}/connections/{chain.base_connection_id}/test"), 200) is True
    assert aep.get(f"{FS}/connections/nope/test").status_code == 404


def test_schema_registry_filters_take_every_documented_operator(aep: Aep) -> None:
    profile, event = "https://ns.adobe.com/xdm/context/profile", "https://ns.adobe.com/xdm/context/experienceevent"
    for title, klass in (("Alpha people", profile), ("Beta people", profile), ("Gamma events", event)):
        ok(aep.post(f"{SR}/tenant/schemas", {"title": title, "allOf": [{"$ref": klass}]}), 201)
    ids = {"Accept": "application/vnd.adobe.xed-id+json"}

    def titles(*filters: str) -> list[str]:
        params = [("property", f) for f in filters]
        return [r["title"] for r in ok(aep.get(f"{SR}/tenant/schemas", params=params, headers=ids), 200)["results"]]

    assert titles("title==Beta people") == ["Beta people"]
    assert titles('title=="Beta people"') == ["Beta people"]
    assert titles("title!=Beta people") == ["Alpha people", "Gamma events"]
    assert titles("title<Beta") == ["Alpha people"] and titles("title>=Beta people") == ["Beta people", "Gamma events"]
    assert titles("title~people$") == ["Alpha people", "Beta people"]
    assert titles(f"meta:extends=={event}") == ["Gamma events"]  # an array matches by membership
    assert titles(f"meta:extends=={profile}", "title~^B") == ["Beta people"]  # several are ANDed
    assert titles("meta:class") == ["Alpha people", "Beta people", "Gamma events"]  # exists
    assert titles("!meta:class") == []
    for bad in ("title~(", "==x", "%%%"):
        r = aep.get(f"{SR}/tenant/schemas", params={"property": bad}, headers=ids)
        assert r.status_code == 400 and "XDM-" in r.json()["type"], (bad, r.text)


def test_catalog_filters_and_projection(aep: Aep) -> None:
    streaming_sdk(aep, "Web people")
    streaming_sdk(aep, "App people")

    def names(**params: str) -> list[str]:
        return sorted(d["name"] for d in ok(aep.get(f"{CAT}/dataSets", params=params), 200).values())

    assert names(property="name~^Web") == ["Web people"]
    assert names(property="name!=Web people") == ["App people"]
    projected = ok(aep.get(f"{CAT}/dataSets", params={"properties": "name,schemaRef"}), 200)
    assert all(set(d) == {"name", "schemaRef"} for d in projected.values())
    assert aep.get(f"{CAT}/dataSets", params={"property": "name~("}).status_code == 400


def test_expressions_with_operators_map_records(aep: Aep) -> None:
    inlet, dataset_id, _ = custom_flow(
        aep,
        ["https://ns.adobe.com/xdm/context/profile", "https://ns.adobe.com/xdm/context/profile-person-details"],
        [
            {"sourceType": "EXPRESSION", "source": "first + ' ' + last", "destination": "person.name.fullName"},
            {"sourceType": "EXPRESSION", "source": "(year - 1) + 1", "destination": "person.birthYear"},
        ],
    )
    assert aep.http.post(inlet, json={"first": "Ada", "last": "Lovelace", "year": 1815}).status_code == 200
    rows = aep.http.get(f"{aep.url}/_emulator/datasets/{dataset_id}/rows").json()
    assert rows == [{"person": {"name": {"fullName": "Ada Lovelace"}, "birthYear": 1815}}]
