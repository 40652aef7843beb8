"""Program tests: the real provider code behind pulumi mocks, against the emulator."""

from __future__ import annotations

import re

import httpx
import pulumi
import pytest
from pulumi.runtime import rpc

import pulumi_aep_streaming as aep
from tests.program.mocks import DynamicAwareMocks
from tests.support import EmulatorProcess

FIELDS = [
    aep.SchemaField("person.name.firstName"),
    aep.SchemaField("person.name.lastName"),
    aep.SchemaField("personalEmail.address"),
    aep.SchemaField("_emulator.loyalty.tier"),
]
MAPPINGS = [
    aep.FieldMapping("firstName", "person.name.firstName"),
    aep.FieldMapping("lastName", "person.name.lastName"),
    aep.FieldMapping("email", "personalEmail.address"),
    aep.FieldMapping("upper(tier)", "_emulator.loyalty.tier", "EXPRESSION"),
]


def rows(url: str, dataset_id: str) -> list[dict]:
    return httpx.get(f"{url}/_emulator/datasets/{dataset_id}/rows").json()


@pulumi.runtime.test
def test_streaming_source_builds_the_whole_chain(mocks: DynamicAwareMocks, emulator: EmulatorProcess):  # type: ignore[no-untyped-def]
    src = aep.StreamingSource("webhooks", aep.StreamingSourceArgs(fields=FIELDS, mappings=MAPPINGS))

    def check(values: list) -> None:
        inlet_url, flow_id, dataset_id, schema_id, mapping_set_id, version = values
        types = sorted(t.rsplit(":", 1)[1] for t, _, _ in mocks.created.values())
        assert types == ["Dataflow", "Dataset", "MappingSet", "Schema", "SourceConnection", "TargetConnection"]
        assert schema_id.startswith("https://ns.adobe.com/emulator/schemas/") and version == 0 and mapping_set_id
        assert mocks.created["webhooks-flow"][1] == flow_id
        httpx.post(
            inlet_url, json={"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com", "tier": "gold"}
        ).raise_for_status()
        assert rows(emulator.url, dataset_id) == [
            {
                "person": {"name": {"firstName": "Ada", "lastName": "Lovelace"}},
                "personalEmail": {"address": "ada@example.com"},
                "_emulator": {"loyalty": {"tier": "GOLD"}},
            }
        ]
        schema_inputs = mocks.created["webhooks-schema"][2]
        assert "https://ns.adobe.com/xdm/context/profile-person-details" in schema_inputs["field_groups"]
        assert "https://ns.adobe.com/xdm/context/profile-personal-details" in schema_inputs["field_groups"]

    return pulumi.Output.all(
        src.inlet_url, src.flow_id, src.dataset_id, src.schema_id, src.mapping_set_id, src.mapping_set_version
    ).apply(check)


@pulumi.runtime.test
def test_http_api_variant(mocks: DynamicAwareMocks, emulator: EmulatorProcess):  # type: ignore[no-untyped-def]
    src = aep.StreamingSource(
        "http", aep.StreamingSourceArgs(fields=FIELDS[:1], mappings=MAPPINGS[:1], variant="http_api")
    )

    def check(values: list) -> None:
        inlet_url, flow_id, dataset_id = values
        assert "webhooks" not in inlet_url and "http-base" in mocks.created
        httpx.post(inlet_url, json={"firstName": "Alan"}, headers={"x-adobe-flow-id": flow_id}).raise_for_status()
        assert rows(emulator.url, dataset_id) == [{"person": {"name": {"firstName": "Alan"}}}]

    return pulumi.Output.all(src.inlet_url, src.flow_id, src.dataset_id).apply(check)


@pulumi.runtime.test
def test_existing_schema_and_dataset_are_used_not_created(mocks: DynamicAwareMocks, emulator: EmulatorProcess):  # type: ignore[no-untyped-def]
    schema = aep.Schema("shared-schema", aep.SchemaArgs(title="Shared", field_groups=["profile-person-details"]))
    dataset = aep.Dataset("shared-dataset", aep.DatasetArgs(name="Shared", schema_id=schema.id))
    src = aep.StreamingSource(
        "reuse", aep.StreamingSourceArgs(mappings=MAPPINGS[:1], schema_id=schema.id, dataset_id=dataset.id)
    )

    def check(values: list) -> None:
        schema_id, dataset_id, src_schema, src_dataset = values
        assert (src_schema, src_dataset) == (schema_id, dataset_id)
        assert "reuse-schema" not in mocks.created and "reuse-dataset" not in mocks.created

    return pulumi.Output.all(schema.id, dataset.id, src.schema_id, src.dataset_id).apply(check)


@pulumi.runtime.test
def test_every_resource_composed_by_hand(mocks: DynamicAwareMocks, emulator: EmulatorProcess):  # type: ignore[no-untyped-def]
    schema = aep.Schema("s", aep.SchemaArgs(title="Hand made", field_groups=["profile-person-details"]))
    dataset = aep.Dataset("d", aep.DatasetArgs(name="Hand made", schema_id=schema.id, tags={"team": ["data"]}))
    base = aep.BaseConnection(
        "b", aep.BaseConnectionArgs(name="Hand made", data_type="raw", auth_params={"note": pulumi.Output.secret("x")})
    )
    source = aep.SourceConnection(
        "src",
        aep.SourceConnectionArgs(
            name="Hand made", connection_spec_id="bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb", base_connection_id=base.id
        ),
    )
    target = aep.TargetConnection(
        "t", aep.TargetConnectionArgs(name="Hand made", dataset_id=dataset.id, schema_id=schema.id)
    )
    mapping = aep.MappingSet("m", aep.MappingSetArgs(schema_id=schema.id, mappings=MAPPINGS[:1]))
    flow = aep.Dataflow(
        "f",
        aep.DataflowArgs(
            name="Hand made",
            source_connection_id=source.id,
            target_connection_id=target.id,
            mapping_set_id=mapping.id,
            mapping_set_version=mapping.version,
            enabled=False,
        ),
    )

    def check(values: list) -> None:
        flow_state, inlet_url, base_inlet, spec = values
        assert flow_state == "disabled" and inlet_url == base_inlet
        assert spec == "c1a19761-d2c7-4702-b9fa-fe91f0613e81"  # HTTP API with mapping, chosen from the source's spec
        assert rpc.is_rpc_secret(mocks.raw_inputs["b"]["auth_params"])  # auth params travel as secrets

    return pulumi.Output.all(flow.state, flow.inlet_url, base.inlet_url, flow.resolved_flow_spec_id).apply(check)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            aep.StreamingSourceArgs(fields=FIELDS, mappings=[aep.FieldMapping("x", "person.name.nickName")]),
            "mappings[0]: destination 'person.name.nickName'",
        ),
        (
            aep.StreamingSourceArgs(fields=FIELDS, mappings=[aep.FieldMapping("", "person.name.firstName")]),
            "mappings[0]: the source",
        ),
        (
            aep.StreamingSourceArgs(fields=[aep.SchemaField("car.model")], mappings=MAPPINGS[:1]),
            "fields[0]: 'car.model'",
        ),
        (aep.StreamingSourceArgs(fields=FIELDS, mappings=[]), "at least one"),
        (aep.StreamingSourceArgs(fields=FIELDS, mappings=MAPPINGS, dataset_id="d"), "dataset_id needs schema_id"),
        (aep.StreamingSourceArgs(fields=FIELDS, mappings=MAPPINGS, schema_class="car"), "schema_class 'car'"),
        (
            aep.StreamingSourceArgs(
                fields=[aep.SchemaField("person.birthYear", "integer")],
                mappings=[aep.FieldMapping("abc", "person.birthYear", "STATIC")],
            ),
            "mappings[0]: 'abc' is not a valid integer for 'person.birthYear' (integer); give a integer value",
        ),
        (
            aep.StreamingSourceArgs(
                fields=FIELDS, mappings=[aep.FieldMapping("uper(tier)", "_emulator.loyalty.tier", "EXPRESSION")]
            ),
            "mappings[0]: expression 'uper(tier)' is not valid: unknown function 'uper'",
        ),
        (
            aep.StreamingSourceArgs(
                fields=FIELDS, mappings=[aep.FieldMapping("upper(a, b)", "_emulator.loyalty.tier", "EXPRESSION")]
            ),
            "upper() does not take 2 argument(s): upper(s)",
        ),
        (
            aep.StreamingSourceArgs(
                fields=FIELDS, mappings=[aep.FieldMapping("concat(a,", "_emulator.loyalty.tier", "EXPRESSION")]
            ),
            "expression 'concat(a,' is not valid: expression ends too early",
        ),
        (
            aep.StreamingSourceArgs(fields=FIELDS, mappings=MAPPINGS, profile=True),
            "profile=True needs a primary identity: add Identity(<field>, <namespace>, primary=True)",
        ),
        (
            aep.StreamingSourceArgs(
                fields=FIELDS,
                mappings=MAPPINGS,
                identities=[
                    aep.Identity("personalEmail.address", "Email", True),
                    aep.Identity("_emulator.id", "X", True),
                ],
            ),
            "identities: personalEmail.address and _emulator.id are both primary",
        ),
        (
            aep.StreamingSourceArgs(
                fields=FIELDS, mappings=MAPPINGS, identities=[aep.Identity("_emulator.crm", "CRM")]
            ),
            "identities[0]: '_emulator.crm' is a custom field that fields does not declare",
        ),
        (
            aep.StreamingSourceArgs(fields=FIELDS, mappings=MAPPINGS, identities=[aep.Identity("shoe.size", "Email")]),
            "identities: 'shoe.size' is not a standard field of class 'profile'",
        ),
    ],
)
def test_bad_input_fails_while_the_program_runs_before_anything_is_created(
    mocks: DynamicAwareMocks, args: aep.StreamingSourceArgs, message: str
) -> None:
    with pytest.raises(aep.AepInputError, match=re.escape(message)) as err:
        aep.StreamingSource("bad", args)
    assert isinstance(err.value, pulumi.RunError)  # shown by the engine without a Python traceback
    assert str(err.value).startswith("StreamingSource 'bad': ")
    assert mocks.created == {}


def test_names_aep_needs_unique_are_unique_in_one_stack(mocks: DynamicAwareMocks) -> None:
    aep.StreamingSource("a", aep.StreamingSourceArgs(fields=FIELDS, mappings=MAPPINGS, schema_title="People"))
    with pytest.raises(aep.AepInputError, match=re.escape("display name 'a' is already used by StreamingSource 'a'")):
        aep.StreamingSource("b", aep.StreamingSourceArgs(fields=FIELDS, mappings=MAPPINGS, display_name="a"))
    with pytest.raises(
        aep.AepInputError, match=re.escape("schema title 'People' is already used by Schema 'a-schema'")
    ):
        aep.StreamingSource("c", aep.StreamingSourceArgs(fields=FIELDS, mappings=MAPPINGS, schema_title="People"))


@pulumi.runtime.test
def test_a_profile_source_stitches_records_into_one_profile(mocks: DynamicAwareMocks, emulator: EmulatorProcess):  # type: ignore[no-untyped-def]
    src = aep.StreamingSource(
        "people",
        aep.StreamingSourceArgs(
            fields=[*FIELDS, aep.SchemaField("mobilePhone.number")],
            mappings=[*MAPPINGS, aep.FieldMapping("phone", "mobilePhone.number")],
            identities=[
                aep.Identity("personalEmail.address", "Email", primary=True),
                aep.Identity("mobilePhone.number", "Phone"),
            ],
            profile=True,
        ),
    )

    def check(values: list) -> None:
        inlet_url, dataset_id, lookup = values
        schema_inputs = mocks.created["people-schema"][2]
        assert schema_inputs["profile_enabled"] is True and len(schema_inputs["identities"]) == 2
        assert mocks.created["people-dataset"][2]["profile_enabled"] is True
        assert lookup == "aep-streaming profile get --ns Email --id <personalEmail.address>"
        httpx.post(
            inlet_url, json={"email": "ada@example.com", "phone": "+1 555", "firstName": "Ada"}
        ).raise_for_status()
        httpx.post(inlet_url, json={"email": "ada@example.com", "firstName": "Augusta"}).raise_for_status()
        from pulumi_aep_streaming.client import AepClient
        from tests.client.conftest import settings_for

        with AepClient(settings_for(emulator.url)) as client:
            found = client.profile.entity("Phone", "+1 555")
        assert found is not None and found.sources == [dataset_id]
        assert found.entity["person"]["name"]["firstName"] == "Augusta"
        assert found.entity["identityMap"] == {"Email": [{"id": "ada@example.com"}], "Phone": [{"id": "+1 555"}]}

    return pulumi.Output.all(src.inlet_url, src.dataset_id, src.profile_lookup).apply(check)
