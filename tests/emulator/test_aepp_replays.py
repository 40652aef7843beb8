"""Replays of what Adobe's Python client (aepp, github.com/adobe/aepp) sends for the Profile APIs,
request by request as its source builds them: its headers, paths (trailing slashes included),
bodies and the way it pages. The emulator must take them as AEP does.

aepp's Schema module sends ``Accept: application/vnd.adobe.xed+json`` on every call it does not
override (descriptor writes and the union PATCH included); its CustomerProfile module
``Accept: application/vnd.adobe.xdm+json``; its Catalog PATCHes with ``application/json-patch+json``.
aepp's Identity module always builds Adobe's platform host, so these replays point it here by hand.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

import httpx

from tests.emulator.tutorial import CAT, DESCRIPTORS, PROFILE, SR, http_api, identity, ok, profile_chain, send
from tests.support import Aep

XED = {"Accept": "application/vnd.adobe.xed+json"}  # aepp.schema.Schema's default header
XDM = {"Accept": "application/vnd.adobe.xdm+json"}  # aepp.customerprofile.Profile's default header
UPS = "/data/core/ups"


def get_descriptors(aep: Aep, **params: str) -> list[Any]:
    """aepp Schema.getDescriptors: the v2 Accept form, then pages until ``_page.next`` is null."""
    res = ok(
        aep.get(f"{SR}/tenant/descriptors/", params=params, headers={"Accept": "application/vnd.adobe.xdm-v2+json"}),
        200,
    )
    data = list(res.get("results", []))
    assert res["_page"]["next"] is None  # aepp loops on it (and would not pass `start` back)
    return data


def test_schema_module_descriptors_unions_and_realtime_enablement(aep: Aep) -> None:
    chain = http_api(aep, data_type="xdm")
    # createDescriptor(sourceSchema=..., sourceProperty=..., namespace=..., primary=True)
    created = ok(
        aep.post(
            f"{SR}/tenant/descriptors",
            {
                "@type": "xdm:descriptorIdentity",
                "xdm:sourceSchema": chain.schema_id,
                "xdm:sourceVersion": 1,
                "xdm:sourceProperty": "/personalEmail/address",
                "xdm:namespace": "Email",
                "xdm:isPrimary": True,
            },
            headers=XED,
        ),
        201,
    )
    # getDescriptors(type_desc="xdm:descriptorIdentity", prop=f"xdm:sourceSchema=={schema}")
    prop = f"@type==xdm:descriptorIdentity,xdm:sourceSchema=={chain.schema_id}"
    assert [d["@id"] for d in get_descriptors(aep, property=prop)] == [created["@id"]]
    # getDescriptor(id)
    assert ok(aep.get(f"{SR}/tenant/descriptors/{created['@id']}", headers=XDM), 200)["xdm:namespace"] == "Email"
    # putDescriptor(id, descriptorObj) with the object read back
    assert aep.put(f"{SR}/tenant/descriptors/{created['@id']}", created, headers=XED).status_code == 201
    # enableSchemaForRealTime(schemaId): quote_plus of the $id, a trailing slash, one JSON Patch op
    path = f"{SR}/tenant/schemas/{quote_plus(chain.schema_id)}/"
    patched = ok(aep.patch(path, [{"op": "add", "path": "/meta:immutableTags", "value": ["union"]}], headers=XED), 200)
    assert patched["meta:immutableTags"] == ["union"]
    # getUnions(): the module's default Accept
    unions = ok(aep.get(f"{SR}/tenant/unions", headers=XED), 200)["results"]
    assert [u["$id"] for u in unions] == [f"{PROFILE}__union"]
    # getUnion(union_id): quote_plus, then Accept xdm-full with a version
    union = ok(
        aep.get(
            f"{SR}/tenant/unions/{quote_plus(unions[0]['$id'])}",
            headers={"Accept": "application/vnd.adobe.xdm-full+json; version=1"},
        ),
        200,
    )
    assert "personalEmail" in union["properties"]
    # getXDMprofileSchema(): the filters written into the path
    members = ok(
        aep.get(f"{SR}/tenant/schemas?property=meta:immutableTags==union&property=meta:class=={PROFILE}", headers=XED),
        200,
    )
    assert [m["$id"] for m in members["results"]] == [chain.schema_id]
    # deleteDescriptor(id)
    assert aep.delete(f"{SR}/tenant/descriptors/{created['@id']}", headers=XDM).status_code == 204


def test_catalog_module_profile_and_identity_enablement(aep: Aep) -> None:
    chain = http_api(aep, data_type="xdm")
    ok(aep.post(DESCRIPTORS, identity(chain.schema_id, "/personalEmail/address", "Email", primary=True)), 201)
    ok(
        aep.patch(
            f"{SR}/tenant/schemas/{quote_plus(chain.schema_id)}/",
            [{"op": "add", "path": "/meta:immutableTags", "value": ["union"]}],
        ),
        200,
    )
    patch = {"Content-Type": "application/json-patch+json"}
    # enableDatasetProfile(datasetId, upsert=True) then enableDatasetIdentity(datasetId)
    upsert = [{"op": "add", "path": "/tags/unifiedProfile", "value": ["enabled:true", "isUpsert:true"]}]
    ok(aep.patch(f"{CAT}/dataSets/{chain.dataset_id}", upsert, headers=patch), 200)
    enable_identity = [{"op": "add", "path": "/tags/unifiedIdentity", "value": ["enabled:true"]}]
    ok(aep.patch(f"{CAT}/dataSets/{chain.dataset_id}", enable_identity, headers=patch), 200)
    tags = ok(aep.get(f"{CAT}/dataSets/{chain.dataset_id}"), 200)[chain.dataset_id]["tags"]
    assert tags["unifiedProfile"] == ["enabled:true", "isUpsert:true"] and tags["unifiedIdentity"] == ["enabled:true"]
    # createDataSet(..., upsert=True): the tags with a space, as aepp writes them
    body = {
        "name": "upserts",
        "schemaRef": {"id": chain.schema_id, "contentType": "application/json; version=1"},
        "tags": {"unifiedProfile": ["enabled: true", "isUpsert: true"], "unifiedIdentity": ["enabled:true"]},
    }
    assert aep.post(f"{CAT}/dataSets", body).status_code == 201


def test_identity_module_namespaces(aep: Aep) -> None:
    # getIdentities(), createIdentity(name, code, idType, description), getIdentityDetail(id), updateIdentity(...)
    assert any(n["code"] == "ECID" for n in ok(aep.get("/data/core/idnamespace/identities"), 200))
    made = ok(
        aep.post(
            "/data/core/idnamespace/identities",
            {"name": "Loyalty", "code": "Loyalty", "idType": "CROSS_DEVICE", "description": "members"},
        ),
        200,
    )
    assert ok(aep.get(f"/data/core/idnamespace/identities/{made['id']}"), 200)["code"] == "Loyalty"
    updated = ok(
        aep.put(
            f"/data/core/idnamespace/identities/{made['id']}",
            {"name": "Loyalty ID", "code": "Loyalty", "idType": "CROSS_DEVICE", "description": None},
        ),
        200,
    )
    assert updated["name"] == "Loyalty ID" and updated["description"] == ""


def test_customer_profile_module_merge_policies_and_entities(aep: Aep) -> None:
    # createMergePolicy(policy): the docstring's example body, without x-profile-instance-id
    policy = {
        "name": "real-time-customer-profile-default",
        "imsOrgId": aep.org,
        "schema": {"name": "_xdm.context.profile"},
        "default": False,
        "identityGraph": {"type": "pdg"},
        "attributeMerge": {"type": "timestampOrdered", "order": ["string"]},
        "updateEpoch": 1234567890,
    }
    made = ok(aep.post(f"{UPS}/config/mergePolicies", policy, headers=XDM), 200)
    # getMergePolicies(limit=1): children, then _links.next.href ("" on the last page) rebuilt into the path
    res = ok(aep.get(f"{UPS}/config/mergePolicies", params={"limit": 1}, headers=XDM), 200)
    data = list(res["children"])
    next_page = res["_links"]["next"].get("href", "")
    while next_page != "":
        # requests (aepp's HTTP library) appends params to the query the path holds; httpx would replace it.
        query = httpx.QueryParams(next_page.split("?")[1]).merge({"limit": 1})
        res = ok(aep.get(f"{UPS}/config/mergePolicies", params=query, headers=XDM), 200)
        data += res["children"]
        next_page = res["_links"]["next"].get("href", "")
    assert made["id"] in [p["id"] for p in data] and len(data) == 2
    # getMergePolicy(id) with Accept application/json; patchMergePolicy; updateMergePolicy; deleteMergePolicy
    assert (
        ok(aep.get(f"{UPS}/config/mergePolicies/{made['id']}", headers={"Accept": "application/json"}), 200)["id"]
        == made["id"]
    )
    ops = [{"op": "add", "path": "/identityGraph.type", "value": "none"}]
    assert (
        ok(aep.patch(f"{UPS}/config/mergePolicies/{made['id']}", ops, headers=XDM), 200)["identityGraph"]["type"]
        == "none"
    )
    assert (
        ok(aep.put(f"{UPS}/config/mergePolicies/{made['id']}", policy, headers=XDM), 200)["identityGraph"]["type"]
        == "pdg"
    )

    # getEntity(entityId=..., entityIdNS=...): aepp sends fields=None, which requests drops
    chain = profile_chain(aep)
    send(aep, chain, {"personalEmail": {"address": "ada@example.com"}, "person": {"name": {"firstName": "Ada"}}})
    params = {"schema.name": "_xdm.context.profile", "entityId": "ada@example.com", "entityIdNS": "Email"}
    found = ok(aep.get(f"{UPS}/access/entities", params=params, headers=XDM), 200)
    assert next(iter(found.values()))["entity"]["person"]["name"]["firstName"] == "Ada"
    # getEntities(request_data) with the docstring's keys
    request = {
        "schema": {"name": "_xdm.context.profile"},
        "relatedSchema": {"name": "_xdm.context.profile"},
        "fields": ["person.name.firstName"],
        "identities": [{"entityId": "ada@example.com", "entityIdNS": {"code": "Email"}}],
        "timeFilter": {"startTime": 1539838505, "endTime": 1539838510},
        "limit": 10,
        "orderby": "-timestamp",
        "withCA": True,
    }
    assert len(ok(aep.post(f"{UPS}/access/entities", request, headers=XDM), 200)) == 1
    # deleteEntity(schema_name, entityId, entityIdNS)
    assert aep.delete(f"{UPS}/access/entities", params=params, headers=XDM).status_code == 202
    assert aep.delete(f"{UPS}/config/mergePolicies/{made['id']}").status_code == 200
