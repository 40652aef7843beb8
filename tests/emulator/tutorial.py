"""The documented tutorial sequences (Adobe's Streaming SDK tutorial and
https://github.com/AdobeDocs/experience-platform.en/blob/main/help/sources/tutorials/api/create/streaming/http.md), request by request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from tests.support import Aep

FS = "/data/foundation/flowservice"
SR = "/data/foundation/schemaregistry"
CAT = "/data/foundation/catalog"
DP = "/data/foundation/conversion"
PROFILE = "https://ns.adobe.com/xdm/context/profile"
PERSON = "https://ns.adobe.com/xdm/context/profile-person-details"
PERSONAL = "https://ns.adobe.com/xdm/context/profile-personal-details"
SDK_SPEC = "e77fd9d2-22a8-11ed-861d-0242ac120002"
SDK_FLOW_SPEC = "e77fde5a-22a8-11ed-861d-0242ac120002"
HTTP_SPEC = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"
HTTP_FLOW_SPEC = "d8a6f005-7eaf-4153-983e-e8574508b877"
HTTP_MAPPING_FLOW_SPEC = "c1a19761-d2c7-4702-b9fa-fe91f0613e81"
LAKE_SPEC = "c604ff05-7f1a-43c0-8e18-33bf874cb11c"
PROVIDER = "521eee4d-8cbe-4906-bb48-fb6bd4450033"
XED_FULL = "application/vnd.adobe.xed-full+json;version=1"
DESCRIPTORS = f"{SR}/tenant/descriptors"
JSON_PATCH = {"Content-Type": "application/json-patch+json"}

LEGACY_MAPPINGS = [
    {"destinationXdmPath": "person.name.firstName", "sourceAttribute": "firstName", "identity": False, "version": 0},
    {"destinationXdmPath": "person.name.lastName", "sourceAttribute": "lastName", "identity": False, "version": 0},
    {"destinationXdmPath": "personalEmail.address", "sourceAttribute": "email", "identity": False, "version": 0},
]


@dataclass
class Chain:
    schema_id: str
    dataset_id: str
    source_id: str
    target_id: str
    mapping_id: str | None
    flow_id: str
    inlet_url: str
    base_connection_id: str | None = None


def ok(r: Any, status: int) -> Any:
    assert r.status_code == status, f"{r.request.method} {r.request.url} -> {r.status_code} {r.text}"
    return r.json() if r.content else None


def create_schema(aep: Aep, title: str = "Webhook people") -> str:
    body = {
        "type": "object",
        "title": title,
        "description": "people from a webhook",
        "allOf": [{"$ref": PROFILE}, {"$ref": PERSON}, {"$ref": PERSONAL}],
    }
    return str(ok(aep.post(f"{SR}/tenant/schemas", body), 201)["$id"])


def create_dataset(aep: Aep, schema_id: str, name: str = "Webhook people") -> str:
    created = ok(
        aep.post(
            f"{CAT}/dataSets",
            {"name": name, "schemaRef": {"id": schema_id, "contentType": "application/vnd.adobe.xed+json;version=1"}},
        ),
        201,
    )
    return str(created[0]).split("/")[-1]


def create_target(aep: Aep, schema_id: str, dataset_id: str) -> str:
    body = {
        "name": "lake",
        "connectionSpec": {"id": LAKE_SPEC, "version": "1.0"},
        "data": {"format": "json", "schema": {"id": schema_id, "version": XED_FULL}},
        "params": {"dataSetId": dataset_id},
    }
    return str(ok(aep.post(f"{FS}/targetConnections", body), 201)["id"])


def create_mapping(aep: Aep, schema_id: str, mappings: list[dict[str, Any]] | None = None) -> str:
    body = {"version": 0, "xdmSchema": schema_id, "xdmVersion": "1.0", "mappings": mappings or LEGACY_MAPPINGS}
    created = ok(aep.post(f"{DP}/mappingSets", body), 200)
    assert created["version"] == 0
    return str(created["id"])


def streaming_sdk(aep: Aep, title: str = "Webhook people") -> Chain:
    """Streaming SDK tutorial: schema, dataset, source, target, mapping, flow, then the inlet URL."""
    schema_id = create_schema(aep, title)
    dataset_id = create_dataset(aep, schema_id, title)
    source = {
        "name": "webhook",
        "description": "SDK source",
        "providerId": PROVIDER,
        "connectionSpec": {"id": SDK_SPEC, "version": "1.0"},
        "data": {"format": "json"},
    }
    source_id = ok(aep.post(f"{FS}/sourceConnections", source), 201)["id"]
    target_id = create_target(aep, schema_id, dataset_id)
    mapping_id = create_mapping(aep, schema_id)
    flow = {
        "name": "webhook flow",
        "description": "",
        "flowSpec": {"id": SDK_FLOW_SPEC, "version": "1.0"},
        "sourceConnectionIds": [source_id],
        "targetConnectionIds": [target_id],
        "transformations": [{"name": "Mapping", "params": {"mappingId": mapping_id, "mappingVersion": 0}}],
    }
    flow_id = ok(aep.post(f"{FS}/flows", flow), 201)["id"]
    item = ok(aep.get(f"{FS}/flows/{flow_id}"), 200)["items"][0]
    assert item["state"] == "enabled"
    return Chain(schema_id, dataset_id, source_id, target_id, mapping_id, flow_id, item["options"]["inletUrl"])


def http_api(aep: Aep, data_type: str = "raw", title: str = "HTTP people", auth: bool = False) -> Chain:
    """HTTP API tutorial: base connection with its inlet, source, target, optional mapping, flow."""
    schema_id = create_schema(aep, title)
    dataset_id = create_dataset(aep, schema_id, title)
    base = {
        "name": "http source",
        "description": "",
        "connectionSpec": {"id": HTTP_SPEC, "version": "1.0"},
        "auth": {"specName": "Streaming Connection", "params": {"dataType": data_type, "authenticationRequired": auth}},
    }
    base_id = ok(aep.post(f"{FS}/connections", base), 201)["id"]
    params = ok(aep.get(f"{FS}/connections/{base_id}"), 200)["items"][0]["auth"]["params"]
    source = {"name": "http source", "baseConnectionId": base_id, "connectionSpec": {"id": HTTP_SPEC, "version": "1.0"}}
    source_id = ok(aep.post(f"{FS}/sourceConnections", source), 201)["id"]
    target_id = create_target(aep, schema_id, dataset_id)
    mapping_id = create_mapping(aep, schema_id) if data_type == "raw" else None
    flow: dict[str, Any] = {
        "name": "http flow",
        "sourceConnectionIds": [source_id],
        "targetConnectionIds": [target_id],
        "flowSpec": {"id": HTTP_MAPPING_FLOW_SPEC if mapping_id else HTTP_FLOW_SPEC, "version": "1.0"},
    }
    if mapping_id:
        flow["transformations"] = [{"name": "Mapping", "params": {"mappingId": mapping_id, "mappingVersion": 0}}]
    flow_id = ok(aep.post(f"{FS}/flows", flow), 201)["id"]
    return Chain(schema_id, dataset_id, source_id, target_id, mapping_id, flow_id, params["inletUrl"], base_id)


# -- Real-Time Customer Profile (Experience League's "Stream record data" tutorial) ------------


def identity(schema_id: str, field: str, namespace: str, primary: bool = False) -> dict[str, Any]:
    return {
        "@type": "xdm:descriptorIdentity",
        "xdm:sourceSchema": schema_id,
        "xdm:sourceVersion": 1,
        "xdm:sourceProperty": field,
        "xdm:namespace": namespace,
        "xdm:property": "xdm:code",
        "xdm:isPrimary": primary,
    }


def enable_schema(aep: Aep, schema_id: str) -> Any:
    """As Adobe's client does it: a JSON Patch to a path with a trailing slash."""
    op = [{"op": "add", "path": "/meta:immutableTags", "value": ["union"]}]
    return aep.patch(f"{SR}/tenant/schemas/{quote(schema_id, safe='')}/", op)


def enable_dataset(aep: Aep, dataset_id: str, *tags: str) -> Any:
    ops = [{"op": "add", "path": f"/tags/{tag}", "value": ["enabled:true"]} for tag in tags]
    return aep.patch(f"{CAT}/dataSets/{dataset_id}", ops, headers=JSON_PATCH)


def profile_chain(aep: Aep, title: str = "Profile people") -> Chain:
    """The tutorial's order: schema, primary identity, union tag, Profile dataset, then the flow."""
    chain = http_api(aep, data_type="xdm", title=title)
    ok(aep.post(DESCRIPTORS, identity(chain.schema_id, "/personalEmail/address", "Email", primary=True)), 201)
    ok(aep.post(DESCRIPTORS, identity(chain.schema_id, "/mobilePhone/number", "Phone")), 201)
    ok(enable_schema(aep, chain.schema_id), 200)
    ok(enable_dataset(aep, chain.dataset_id, "unifiedProfile", "unifiedIdentity"), 200)
    return chain


def send(aep: Aep, chain: Chain, record: dict[str, Any]) -> str:
    r = aep.http.post(chain.inlet_url, json=record)
    assert r.status_code == 200, r.text
    return str(r.json()["xactionId"])
