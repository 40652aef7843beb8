"""Real-Time Customer Profile in the emulator: identity descriptors, union schemas, Profile-enabled
datasets, merge policies, and records that become profiles read back through the Profile Access API.

Sources: Experience League's "Stream record data" tutorial, the descriptors, unions, merge-policies
and entities API guides, and schema-registry.yaml / profile.yaml in ../shared/aep-openapi.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.emulator.tutorial import (
    CAT,
    DESCRIPTORS,
    JSON_PATCH,
    PROFILE,
    SR,
    enable_dataset,
    enable_schema,
    http_api,
    identity,
    ok,
    profile_chain,
    send,
)
from tests.support import Aep

POLICIES = "/data/core/ups/config/mergePolicies"
ENTITIES = "/data/core/ups/access/entities"
NS = "/data/core/idnamespace/identities"
XDM = {"Accept": "application/vnd.adobe.xdm+json"}


def lookup(aep: Aep, ns: str, entity_id: str, **params: str) -> Any:
    return aep.get(
        ENTITIES, params={"schema.name": "_xdm.context.profile", "entityId": entity_id, "entityIdNS": ns, **params}
    )


# -- descriptors ------------------------------------------------------------------------------


def test_descriptors_are_created_listed_in_every_form_replaced_and_deleted(aep: Aep) -> None:
    chain = http_api(aep, data_type="xdm")
    # aepp posts descriptors with the Schema Registry's xed Accept form.
    made = ok(
        aep.post(
            DESCRIPTORS,
            identity(chain.schema_id, "/personalEmail/address", "Email", True),
            headers={"Accept": "application/vnd.adobe.xed+json"},
        ),
        201,
    )
    assert made["@id"] and made["xdm:isPrimary"] is True and made["meta:containerId"] == "tenant"
    assert ok(aep.get(f"{DESCRIPTORS}/{made['@id']}"), 200) == made  # a lookup needs no Accept

    ids = ok(aep.get(DESCRIPTORS, headers={"Accept": "application/vnd.adobe.xdm-id+json"}), 200)
    assert ids == {"xdm:descriptorIdentity": [made["@id"]]}
    links = ok(aep.get(DESCRIPTORS, headers={"Accept": "application/vnd.adobe.xdm-link+json"}), 200)
    assert links == {"xdm:descriptorIdentity": [f"/tenant/descriptors/{made['@id']}"]}
    assert ok(aep.get(DESCRIPTORS, headers=XDM), 200) == {"xdm:descriptorIdentity": [made]}
    v2 = ok(aep.get(DESCRIPTORS, headers={"Accept": "application/vnd.adobe.xdm-v2+json"}), 200)
    assert v2["results"] == [made] and v2["_page"]["next"] is None
    assert aep.get(DESCRIPTORS, headers={"Accept": "application/vnd.adobe.xed-id+json"}).status_code == 400

    # The docs show PUT answering 201 with the @id (the spec: 200 and the body).
    moved = identity(chain.schema_id, "/mobilePhone/number", "Phone", True)
    assert ok(aep.put(f"{DESCRIPTORS}/{made['@id']}", moved), 201) == {"@id": made["@id"]}
    assert ok(aep.get(f"{DESCRIPTORS}/{made['@id']}"), 200)["xdm:sourceProperty"] == "/mobilePhone/number"
    assert aep.delete(f"{DESCRIPTORS}/{made['@id']}").status_code == 204
    assert aep.get(f"{DESCRIPTORS}/{made['@id']}").status_code == 404
    assert aep.delete(f"{DESCRIPTORS}/{made['@id']}").status_code == 404


def test_descriptor_listings_page_and_filter_as_adobes_client_asks(aep: Aep) -> None:
    first, second = http_api(aep, data_type="xdm", title="One"), http_api(aep, data_type="xdm", title="Two")
    for chain in (first, second):
        ok(aep.post(DESCRIPTORS, identity(chain.schema_id, "/personalEmail/address", "Email", True)), 201)
        ok(aep.post(DESCRIPTORS, identity(chain.schema_id, "/mobilePhone/number", "Phone")), 201)
    v2 = {"Accept": "application/vnd.adobe.xdm-v2-id+json"}
    seen: list[str] = []
    params: dict[str, str] = {"limit": "3"}
    while True:
        page = ok(aep.get(DESCRIPTORS, params=params, headers=v2), 200)
        seen += page["results"]
        if page["_page"]["next"] is None:
            break
        params = {"limit": "3", "start": page["_page"]["next"]}
    assert len(seen) == 4 == len(set(seen))
    # aepp joins a type filter and a schema filter into one property value with a comma.
    prop = f"@type==xdm:descriptorIdentity,xdm:sourceSchema=={first.schema_id}"
    only = ok(
        aep.get(DESCRIPTORS, params={"property": prop}, headers={"Accept": "application/vnd.adobe.xdm-v2+json"}), 200
    )
    assert {d["xdm:sourceSchema"] for d in only["results"]} == {first.schema_id} and len(only["results"]) == 2


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"xdm:sourceProperty": "/personalEmail/nothing"}, "is not a field"),
        ({"xdm:namespace": "Shoe"}, "is not an identity namespace"),
        ({"xdm:sourceSchema": "https://ns.adobe.com/x/schemas/none"}, "is not a schema"),
        ({"@type": "xdm:descriptorNope"}, "is not a descriptor type"),
        ({"xdm:sourceProperty": "/person/birthYear"}, "must be a string field"),
        ({"xdm:sourceProperty": "/mobilePhone/number", "xdm:isPrimary": True}, "one primary identity"),
        ({"xdm:sourceProperty": "/personalEmail/address", "xdm:isPrimary": False}, "already has an identity"),
    ],
)
def test_bad_descriptors_are_refused_naming_the_problem(aep: Aep, change: dict[str, Any], says: str) -> None:
    chain = http_api(aep, data_type="xdm")
    ok(aep.post(DESCRIPTORS, identity(chain.schema_id, "/personalEmail/address", "Email", True)), 201)
    refused = aep.post(DESCRIPTORS, {**identity(chain.schema_id, "/personalEmail/address", "Email"), **change})
    assert refused.status_code == 400 and says in refused.json()["detail"], refused.text


def test_a_custom_namespace_can_be_named_by_code_or_id_and_descriptors_go_with_their_schema(aep: Aep) -> None:
    loyalty = ok(aep.post(NS, {"name": "Loyalty", "code": "Loyalty", "idType": "CROSS_DEVICE"}), 200)
    schema_id = ok(aep.post(f"{SR}/tenant/schemas", {"title": "Lonely", "allOf": [{"$ref": PROFILE}]}), 201)["$id"]
    by_id = {**identity(schema_id, "/personID", str(loyalty["id"])), "xdm:property": "xdm:id"}
    made = ok(aep.post(DESCRIPTORS, by_id), 201)
    assert aep.delete(f"{SR}/tenant/schemas/{quote(schema_id, safe='')}").status_code == 204
    assert aep.get(f"{DESCRIPTORS}/{made['@id']}").status_code == 404


# -- unions -----------------------------------------------------------------------------------


def test_a_schema_joins_the_union_only_with_an_identity_and_never_leaves(aep: Aep) -> None:
    chain = http_api(aep, data_type="xdm")
    refused = enable_schema(aep, chain.schema_id)
    assert refused.status_code == 400 and "XDM-1528" in refused.json()["type"], refused.text
    ok(aep.post(DESCRIPTORS, identity(chain.schema_id, "/personalEmail/address", "Email", True)), 201)
    assert ok(enable_schema(aep, chain.schema_id), 200)["meta:immutableTags"] == ["union"]

    listed = ok(aep.get(f"{SR}/tenant/unions", headers={"Accept": "application/vnd.adobe.xed-id+json"}), 200)
    assert [u["$id"] for u in listed["results"]] == [f"{PROFILE}__union"]
    # aepp's getUnion: the quoted $id and the xdm-full Accept form.
    union = ok(
        aep.get(
            f"{SR}/tenant/unions/{quote(PROFILE + '__union', safe='')}",
            headers={"Accept": "application/vnd.adobe.xdm-full+json; version=1"},
        ),
        200,
    )
    assert "personalEmail" in union["properties"] and union["meta:resourceType"] == "unions"
    assert (
        aep.get(
            f"{SR}/tenant/unions/_xdm.context.profile__union",
            headers={"Accept": "application/vnd.adobe.xed+json; version=1"},
        ).status_code
        == 200
    )
    # aepp's getXDMprofileSchema.
    members = ok(
        aep.get(
            f"{SR}/tenant/schemas?property=meta:immutableTags==union&property=meta:class=={PROFILE}",
            headers={"Accept": "application/vnd.adobe.xed-id+json"},
        ),
        200,
    )
    assert [m["$id"] for m in members["results"]] == [chain.schema_id]

    off = [{"op": "replace", "path": "/meta:immutableTags", "value": []}]
    assert aep.patch(f"{SR}/tenant/schemas/{quote(chain.schema_id, safe='')}", off).status_code == 400


def test_a_field_typed_otherwise_in_another_union_member_is_a_conflict(aep: Aep) -> None:
    tenant = ok(aep.get(f"{SR}/stats"), 200)["tenantId"]

    def group(title: str, kind: str) -> str:
        body = {
            "title": title,
            "type": "object",
            "meta:intendedToExtend": [PROFILE],
            "definitions": {
                "f": {"properties": {f"_{tenant}": {"type": "object", "properties": {"tier": {"type": kind}}}}}
            },
            "allOf": [{"$ref": "#/definitions/f"}],
        }
        return str(ok(aep.post(f"{SR}/tenant/fieldgroups", body), 201)["$id"])

    idmap = "https://ns.adobe.com/xdm/context/identitymap"
    for title, kind, expected in (("Text tier", "string", 200), ("Number tier", "integer", 400)):
        body = {
            "title": title,
            "allOf": [{"$ref": PROFILE}, {"$ref": idmap}, {"$ref": group(title, kind)}],
            "meta:immutableTags": ["union"],
        }
        r = aep.post(f"{SR}/tenant/schemas", body)
        assert r.status_code == (201 if expected == 200 else 400), r.text
    assert "XDM-1413" in r.json()["type"] and f"_{tenant}.tier" in r.json()["detail"]


# -- datasets ---------------------------------------------------------------------------------


def test_profile_tags_need_a_union_schema_and_take_either_spelling(aep: Aep) -> None:
    chain = http_api(aep, data_type="xdm")
    refused = enable_dataset(aep, chain.dataset_id, "unifiedProfile")
    assert refused.status_code == 400 and "not enabled for Profile" in refused.json()["detail"]
    ok(aep.post(DESCRIPTORS, identity(chain.schema_id, "/personalEmail/address", "Email", True)), 201)
    ok(enable_schema(aep, chain.schema_id), 200)
    spaced = [{"op": "add", "path": "/tags/unifiedProfile", "value": ["enabled: true", "isUpsert: true"]}]
    ok(aep.patch(f"{CAT}/dataSets/{chain.dataset_id}", spaced, headers=JSON_PATCH), 200)
    record = {"personalEmail": {"address": "ada@example.com"}, "person": {"name": {"firstName": "Ada"}}}
    send(aep, chain, record)
    assert ok(lookup(aep, "Email", "ada@example.com"), 200)
    off = [{"op": "replace", "path": "/tags/unifiedProfile", "value": ["enabled:false"]}]
    ok(aep.patch(f"{CAT}/dataSets/{chain.dataset_id}", off, headers=JSON_PATCH), 200)
    send(aep, chain, {"personalEmail": {"address": "bob@example.com"}})
    assert lookup(aep, "Email", "bob@example.com").status_code == 404  # the lake only, now
    assert len(aep.rows(chain.dataset_id)) == 2


# -- merge policies ---------------------------------------------------------------------------


def policy(name: str, default: bool = False, graph: str = "pdg", **merge: Any) -> dict[str, Any]:
    return {
        "name": name,
        "schema": {"name": "_xdm.context.profile"},
        "identityGraph": {"type": graph},
        "attributeMerge": {"type": "timestampOrdered", **merge},
        "default": default,
    }


def all_policies(aep: Aep) -> list[dict[str, Any]]:
    """aepp's getMergePolicies: follow _links.next.href until it is empty."""
    page = ok(aep.get(POLICIES, params={"limit": "2"}, headers=XDM), 200)
    found = page["children"]
    while page["_links"]["next"]["href"] != "":
        page = ok(aep.get(POLICIES + "?" + page["_links"]["next"]["href"].split("?")[1], headers=XDM), 200)
        found += page["children"]
    return list(found)


def test_merge_policies_start_with_one_default_and_a_new_default_takes_the_flag(aep: Aep) -> None:
    (seeded,) = all_policies(aep)
    assert seeded["default"] is True and seeded["schema"]["name"] == "_xdm.context.profile"
    made = ok(aep.post(POLICIES, policy("mine", default=True)), 200)  # no x-profile-instance-id, as aepp
    assert made["version"] == 1 and made["default"] is True
    assert ok(aep.get(f"{POLICIES}/{seeded['id']}"), 200)["default"] is False
    for n in range(3):
        ok(aep.post(POLICIES, policy(f"extra {n}")), 200)
    assert len(all_policies(aep)) == 5
    assert [p["id"] for p in ok(aep.get(POLICIES, params={"default": "true"}), 200)["children"]] == [made["id"]]

    patched = ok(
        aep.patch(f"{POLICIES}/{made['id']}", [{"op": "add", "path": "/identityGraph.type", "value": "none"}]), 200
    )
    assert patched["identityGraph"] == {"type": "none"} and patched["version"] == 2
    replaced = ok(aep.put(f"{POLICIES}/{made['id']}", policy("renamed", default=True)), 200)
    assert replaced["name"] == "renamed" and replaced["version"] == 3
    for bad in (policy("x", graph="auto"), policy("x", type="dataSetPrecedence"), {"name": "x"}):
        assert aep.post(POLICIES, bad).status_code == 400
    assert aep.delete(f"{POLICIES}/{made['id']}").status_code == 200
    assert aep.get(f"{POLICIES}/{made['id']}").status_code == 404


# -- profiles ---------------------------------------------------------------------------------


def test_records_sharing_an_identity_become_one_profile_where_the_later_attribute_wins(aep: Aep) -> None:
    chain = profile_chain(aep)
    first = send(
        aep,
        chain,
        {
            "personalEmail": {"address": "ada@example.com"},
            "mobilePhone": {"number": "+1 555"},
            "person": {"name": {"firstName": "Ada", "lastName": "Byron"}},
        },
    )
    second = send(
        aep, chain, {"personalEmail": {"address": "ada@example.com"}, "person": {"name": {"lastName": "Lovelace"}}}
    )
    answer = ok(lookup(aep, "Phone", "+1 555"), 200)  # found through the other record's identity
    (profile,) = answer.values()
    assert profile["entity"]["person"]["name"] == {"firstName": "Ada", "lastName": "Lovelace"}
    assert profile["entity"]["identityMap"] == {"Email": [{"id": "ada@example.com"}], "Phone": [{"id": "+1 555"}]}
    assert profile["sources"] == [chain.dataset_id] and profile["tags"] == [first, second]
    assert len(profile["identityGraph"]) == 2
    # By XID alone, with fields=, and through the POST form aepp's getEntities uses.
    by_xid = ok(
        aep.get(
            ENTITIES,
            params={
                "schema.name": "_xdm.context.profile",
                "entityId": profile["entityId"],
                "fields": "person.name.lastName",
            },
            headers=XDM,
        ),
        200,
    )
    assert next(iter(by_xid.values()))["entity"] == {"person": {"name": {"lastName": "Lovelace"}}}
    many = ok(
        aep.post(
            ENTITIES,
            {
                "schema": {"name": "_xdm.context.profile"},
                "identities": [
                    {"entityId": "ada@example.com", "entityIdNS": {"code": "email"}},
                    {"entityId": "nobody@example.com", "entityIdNS": {"code": "Email"}},
                ],
            },
            headers=XDM,
        ),
        200,
    )
    assert len(many) == 1
    assert lookup(aep, "Email", "nobody@example.com").status_code == 404
    assert (
        aep.get(
            ENTITIES, params={"schema.name": "_xdm.context.experienceevent", "entityId": "x", "entityIdNS": "Email"}
        ).status_code
        == 400
    )

    assert (
        aep.delete(
            ENTITIES, params={"schema.name": "_xdm.context.profile", "entityId": "+1 555", "entityIdNS": "Phone"}
        ).status_code
        == 202
    )
    assert lookup(aep, "Email", "ada@example.com").status_code == 404


def test_a_record_without_its_primary_identity_fails_in_the_flows_run(aep: Aep) -> None:
    chain = profile_chain(aep)
    send(aep, chain, {"mobilePhone": {"number": "+1 555"}})
    runs = ok(aep.get("/data/foundation/flowservice/runs", params={"property": f"flowId=={chain.flow_id}"}), 200)
    (error,) = runs["items"][0]["metrics"]["statusSummary"]["errors"]
    assert error["code"] == "UPS-PRIMARY-IDENTITY-MISSING" and "personalEmail.address" in error["message"]
    assert aep.rows(chain.dataset_id) == [] and lookup(aep, "Phone", "+1 555").status_code == 404


def test_merge_policies_decide_stitching_and_precedence(aep: Aep) -> None:
    chain = profile_chain(aep)
    other = profile_chain(aep, "Second source")
    send(
        aep,
        chain,
        {"personalEmail": {"address": "a@x.io"}, "mobilePhone": {"number": "1"}, "person": {"gender": "female"}},
    )
    send(
        aep,
        other,
        {"personalEmail": {"address": "b@x.io"}, "mobilePhone": {"number": "1"}, "person": {"gender": "male"}},
    )
    assert next(iter(ok(lookup(aep, "Email", "a@x.io"), 200).values()))["entity"]["person"]["gender"] == "male"
    alone = ok(aep.post(POLICIES, policy("no stitching", graph="none")), 200)
    unstitched = next(iter(ok(lookup(aep, "Email", "a@x.io", mergePolicyId=alone["id"]), 200).values()))
    assert unstitched["entity"]["person"]["gender"] == "female" and unstitched["sources"] == [chain.dataset_id]
    first = ok(
        aep.post(
            POLICIES,
            {
                **policy("first wins"),
                "attributeMerge": {"type": "dataSetPrecedence", "order": [chain.dataset_id, other.dataset_id]},
            },
        ),
        200,
    )
    ranked = next(iter(ok(lookup(aep, "Email", "b@x.io", mergePolicyId=first["id"]), 200).values()))
    assert ranked["entity"]["person"]["gender"] == "female" and set(ranked["sources"]) == {
        chain.dataset_id,
        other.dataset_id,
    }
    assert lookup(aep, "Email", "a@x.io", mergePolicyId="nope").status_code == 404


def test_a_graph_of_more_than_fifty_identities_is_refused_at_lookup(aep: Aep) -> None:
    chain = profile_chain(aep)
    batch = {
        "messages": [{"personalEmail": {"address": "hub@x.io"}, "mobilePhone": {"number": str(n)}} for n in range(51)]
    }
    assert aep.http.post(chain.inlet_url.replace("/collection/", "/collection/batch/"), json=batch).status_code == 207
    refused = lookup(aep, "Email", "hub@x.io")
    assert refused.status_code == 422 and "52 identities" in refused.json()["message"]
