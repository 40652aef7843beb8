"""Every typed operation against the emulator over real HTTP, with pagination across pages."""

from __future__ import annotations

import httpx
import pytest

from pulumi_aep_streaming.client import (
    AepBadRequestError,
    AepClient,
    AepConflictError,
    AepNotFoundError,
    ConnectionAuth,
    ConnectionInput,
    DatasetInput,
    FlowInput,
    IdentityNamespaceInput,
    MappingInput,
    MappingSetInput,
    SandboxInput,
    SchemaRef,
    SourceConnectionInput,
    SpecRef,
    TargetConnectionInput,
    Transformation,
)
from tests.client.conftest import stats
from tests.emulator.tutorial import (
    HTTP_FLOW_SPEC,
    HTTP_SPEC,
    LAKE_SPEC,
    PERSON,
    PROFILE,
    PROVIDER,
    SDK_FLOW_SPEC,
    SDK_SPEC,
    XED_FULL,
)
from tests.support import EmulatorProcess

MAPPINGS = [
    MappingInput(source="firstName", destination="person.name.firstName"),
    MappingInput(source_type="EXPRESSION", source="upper(lastName)", destination="person.name.lastName"),
]


def build_chain(client: AepClient, title: str = "People") -> dict[str, str]:
    schema = client.schema_registry.schemas.create(
        {"type": "object", "title": title, "description": "", "allOf": [{"$ref": PROFILE}, {"$ref": PERSON}]}
    )
    dataset_id = client.catalog.datasets.create(DatasetInput(name=title, schema_ref=SchemaRef(id=schema.id)))
    source = client.flow_service.source_connections.create(
        SourceConnectionInput(
            name="src", provider_id=PROVIDER, connection_spec=SpecRef(id=SDK_SPEC), data={"format": "json"}
        )
    )
    target = client.flow_service.target_connections.create(
        TargetConnectionInput(
            name="tgt",
            connection_spec=SpecRef(id=LAKE_SPEC),
            data={"format": "json", "schema": {"id": schema.id, "version": XED_FULL}},
            params={"dataSetId": dataset_id},
        )
    )
    mapping = client.data_prep.mapping_sets.create(MappingSetInput.for_schema(schema.id, MAPPINGS))
    flow = client.flow_service.flows.create(
        FlowInput(
            name="flow",
            flow_spec=SpecRef(id=SDK_FLOW_SPEC),
            source_connection_ids=[source.id],
            target_connection_ids=[target.id],
            transformations=[Transformation(name="Mapping", params={"mappingId": mapping.id, "mappingVersion": 0})],
        )
    )
    return {
        "schema": schema.id,
        "dataset": dataset_id,
        "source": source.id,
        "target": target.id,
        "mapping": mapping.id,
        "flow": flow.id,
    }


def test_streaming_chain_through_the_client_and_records_through_the_inlet(client: AepClient) -> None:
    ids = build_chain(client)
    flow = client.flow_service.flows.get(ids["flow"])
    assert flow.state == "enabled" and flow.mapping == (ids["mapping"], 0) and flow.inlet_url
    receipt = client.inlet.send(flow.inlet_url, {"firstName": "Ada", "lastName": "lovelace"})
    assert receipt.inlet_id == flow.inlet_url.rsplit("/", 1)[1] and receipt.xaction_id
    batch = client.inlet.send_batch(flow.inlet_url, [{"firstName": "B"}, {"firstName": "C"}])
    assert len(batch.responses) == 2 and batch.failures == []
    rows = httpx.get(f"{client.settings.endpoint}/_emulator/datasets/{ids['dataset']}/rows").json()
    assert rows[0] == {"person": {"name": {"firstName": "Ada", "lastName": "LOVELACE"}}}
    runs = client.flow_service.runs.for_flow(ids["flow"])
    assert runs[0].records["outputRecordCount"] == 3
    assert client.flow_service.runs.get(runs[0].id).flow_id == ids["flow"]


def test_flow_service_crud_and_actions(client: AepClient) -> None:
    ids = build_chain(client)
    flows = client.flow_service.flows
    disabled = flows.disable(ids["flow"])
    assert flows.get(ids["flow"]).state == "disabled"
    flows.enable(ids["flow"], etag=disabled.etag)
    assert flows.get(ids["flow"]).state == "enabled"
    created = flows.patch(
        ids["flow"], [{"op": "replace", "path": "/name", "value": "renamed"}], flows.get(ids["flow"]).etag
    )
    assert flows.get(ids["flow"]).name == "renamed" and flows.get(ids["flow"]).etag == created.etag
    assert flows.count() == 1 and flows.count(filters=["name==nope"]) == 0
    flows.delete(ids["flow"])
    assert flows.find(ids["flow"]) is None
    with pytest.raises(AepNotFoundError):
        flows.get(ids["flow"])


def test_http_api_base_connection_and_flow(client: AepClient) -> None:
    ids = build_chain(client)
    base = client.flow_service.connections.create(
        ConnectionInput(
            name="http",
            connection_spec=SpecRef(id=HTTP_SPEC),
            auth=ConnectionAuth(spec_name="Streaming Connection", params={"dataType": "xdm"}),
        )
    )
    conn = client.flow_service.connections.get(base.id)
    assert conn.inlet_url and conn.inlet_id and conn.inlet_url.endswith(conn.inlet_id)
    source = client.flow_service.source_connections.create(
        SourceConnectionInput(name="http src", base_connection_id=base.id, connection_spec=SpecRef(id=HTTP_SPEC))
    )
    target = client.flow_service.target_connections.get(ids["target"])
    assert target.dataset_id == ids["dataset"] and target.schema_id == ids["schema"]
    flow = client.flow_service.flows.create(
        FlowInput(
            name="http flow",
            flow_spec=SpecRef(id=HTTP_FLOW_SPEC),
            source_connection_ids=[source.id],
            target_connection_ids=[target.id],
        )
    )
    message = {
        "header": {"schemaRef": {"id": ids["schema"]}, "flowId": flow.id},
        "body": {"xdmEntity": {"personID": "1"}},
    }
    assert client.inlet.send(conn.inlet_url, message).xaction_id


def test_flow_service_list_follows_continuation_tokens(client: AepClient) -> None:
    made = [
        client.flow_service.source_connections.create(
            SourceConnectionInput(name=f"s{i}", connection_spec=SpecRef(id=SDK_SPEC))
        ).id
        for i in range(5)
    ]
    listed = [s.id for s in client.flow_service.source_connections.list(page_size=2)]
    assert listed == made
    named = list(client.flow_service.source_connections.list(filters=["name==s3"], page_size=1))
    assert [s.name for s in named] == ["s3"]
    desc = [s.name for s in client.flow_service.source_connections.list(orderby="-name", page_size=2)]
    assert desc == ["s4", "s3", "s2", "s1", "s0"]


def test_specs(client: AepClient) -> None:
    spec = client.flow_service.connection_specs.get(SDK_SPEC)
    assert spec.name == "generic-streaming"
    assert [s.id for s in client.flow_service.connection_specs.list(filters=["name==generic-streaming"])] == [SDK_SPEC]
    assert SDK_SPEC in client.flow_service.flow_specs.get(SDK_FLOW_SPEC).source_connection_spec_ids


def test_mapping_sets_versions_list_validate_delete(client: AepClient) -> None:
    ids = build_chain(client)
    mapping_sets = client.data_prep.mapping_sets
    v1 = mapping_sets.update(ids["mapping"], MappingSetInput.for_schema(ids["schema"], MAPPINGS[:1]))
    assert v1.version == 1 and len(v1.mappings) == 1 and v1.schema_id == ids["schema"]
    assert len(mapping_sets.get(ids["mapping"], version=0).mappings) == 2
    assert mapping_sets.find("0" * 32) is None
    more = [mapping_sets.create(MappingSetInput.for_schema(ids["schema"], MAPPINGS)).id for _ in range(4)]
    assert [m.id for m in mapping_sets.list(page_size=2)] == [ids["mapping"], *more]
    result = mapping_sets.validate(
        MappingSetInput.for_schema(ids["schema"], [MappingInput(source="a", destination="no.such")])
    )
    assert result[0].status == "FAILED"
    mapping_sets.delete(more[0])
    assert mapping_sets.find(more[0]) is None


def test_datasets(client: AepClient) -> None:
    ids = build_chain(client)
    datasets = client.catalog.datasets
    extra = [datasets.create(DatasetInput(name=f"d{i}", schema_ref=SchemaRef(id=ids["schema"]))) for i in range(3)]
    assert [d.id for d in datasets.list(page_size=2)] == [ids["dataset"], *extra]
    assert [d.id for d in datasets.list(name="d1")] == [extra[1]]
    datasets.update(extra[0], {"description": "changed"})
    assert datasets.get(extra[0]).description == "changed"
    datasets.delete(extra[0])
    assert datasets.find(extra[0]) is None


def test_the_tenant_is_asked_once_per_client(client: AepClient, emulator: EmulatorProcess) -> None:
    before = stats(emulator.url)["requests"].get("GET /data/foundation/schemaregistry/stats", 0)
    assert {client.schema_registry.tenant_id() for _ in range(3)} == {"emulator"}
    assert stats(emulator.url)["requests"]["GET /data/foundation/schemaregistry/stats"] == before + 1


def test_schemas_and_field_groups(client: AepClient) -> None:
    registry = client.schema_registry
    assert registry.tenant_id() == "emulator"
    group = registry.field_groups.create(
        {
            "type": "object",
            "title": "Loyalty",
            "description": "",
            "meta:intendedToExtend": [PROFILE],
            "definitions": {
                "d": {"properties": {"_emulator": {"type": "object", "properties": {"tier": {"type": "string"}}}}}
            },
            "allOf": [{"$ref": "#/definitions/d"}],
        }
    )
    schema = registry.schemas.create(
        {"type": "object", "title": "Loyal", "description": "", "allOf": [{"$ref": PROFILE}]}
    )
    patched = registry.schemas.patch(schema.id, [{"op": "add", "path": "/allOf/-", "value": {"$ref": group.id}}])
    assert patched.version == "1.1" and group.id in patched.meta_extends
    full = registry.schemas.get(schema.alt_id, full=True)
    assert full.properties and full.properties["_emulator"]["properties"]["tier"]["type"] == "string"
    assert [r.title for r in registry.schemas.list()] == ["Loyal"]
    assert [s.model_dump() for s in registry.schemas.list_whole()] == [registry.schemas.get(schema.id).model_dump()]
    assert [g.id for g in registry.field_groups.list_whole()] == [group.id]
    replaced = registry.schemas.replace(
        schema.id, {"type": "object", "title": "Loyal2", "description": "", "allOf": [{"$ref": PROFILE}]}
    )
    assert replaced.title == "Loyal2"
    registry.schemas.delete(schema.id)
    assert registry.schemas.find(schema.id) is None
    registry.field_groups.delete(group.alt_id)
    assert registry.field_groups.find(group.id) is None


def test_the_sandboxes_the_credentials_can_use(client: AepClient) -> None:
    assert sorted(client.sandboxes.available()) == ["dev", "prod"]


def test_sandbox_lifecycle(client: AepClient) -> None:
    made = client.sandboxes.create(SandboxInput(name="pr-1", title="PR 1"))
    assert (made.name, made.title, made.type) == ("pr-1", "PR 1", "development")
    assert made.state in ("creating", "active")
    assert client.sandboxes.retitle("pr-1", "PR one").title == "PR one"
    found = client.sandboxes.find("pr-1")
    assert found is not None and found.title == "PR one" and found.is_default is False
    assert {s.name for s in client.sandboxes.list()} == {"prod", "dev", "pr-1"}
    prod = client.sandboxes.get("prod")
    assert prod.is_default and prod.type == "production"
    client.sandboxes.delete("pr-1")
    assert client.sandboxes.find("pr-1") is None  # the emulator's delay is 0 here
    with pytest.raises(AepConflictError):
        client.sandboxes.create(SandboxInput(name="dev", title="taken"))


def test_identity_namespaces_through_the_client(client: AepClient) -> None:
    standard = {n.code: n for n in client.identity.namespaces()}
    assert standard["Email"].id == 6 and not standard["Email"].custom
    made = client.identity.create_namespace(
        IdentityNamespaceInput(name="Loyalty Member ID", code="Loyalty", id_type="Cross_device")
    )
    assert made.custom and made.id_type == "CROSS_DEVICE" and client.identity.namespace(made.id) == made
    renamed = client.identity.update_namespace(
        made.id, IdentityNamespaceInput(name="Loyalty ID", code="Loyalty", id_type="CROSS_DEVICE")
    )
    assert renamed.name == "Loyalty ID"
    assert client.identity.find_namespace(123456789) is None
    with pytest.raises(AepConflictError) as taken:
        client.identity.create_namespace(IdentityNamespaceInput(name="Other", code="LOYALTY", id_type="Email"))
    assert taken.value.code == "INTEGRATION_CODE_EXISTS" and "already exists" in str(taken.value)
    with pytest.raises(AepBadRequestError, match="code and idType of a namespace cannot be changed"):
        client.identity.update_namespace(made.id, IdentityNamespaceInput(name="x", code="Loyalty", id_type="Email"))
