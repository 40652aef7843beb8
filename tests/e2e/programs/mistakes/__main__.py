"""A valid StreamingSource, or it with one typical mistake (the MISTAKE environment variable).

Settings mistakes are made by the test through the AEP_* variables, not here.
"""

import os

from pulumi_aep_streaming import (
    BaseConnection,
    BaseConnectionArgs,
    Dataflow,
    DataflowArgs,
    Dataset,
    DatasetArgs,
    FieldMapping,
    MappingSet,
    MappingSetArgs,
    Schema,
    SchemaArgs,
    SchemaField,
    SourceConnection,
    SourceConnectionArgs,
    StreamingSource,
    StreamingSourceArgs,
    TargetConnection,
    TargetConnectionArgs,
)

FIELDS = [SchemaField("person.name.firstName"), SchemaField("_emulator.loyalty.tier")]
MAPPINGS = [FieldMapping("firstName", "person.name.firstName")]
SCHEMA = "https://ns.adobe.com/emulator/schemas/0123456789abcdef0123456789abcdef"


def source(name: str = "people", **changes: object) -> StreamingSource:
    args = {"fields": FIELDS, "mappings": MAPPINGS, **changes}
    return StreamingSource(name, StreamingSourceArgs(**args))  # type: ignore[arg-type]


def mapping(m: FieldMapping, fields: list[SchemaField] = FIELDS) -> StreamingSource:
    return source(fields=fields, mappings=[m])


def flow(**changes: object) -> Dataflow:
    args = {"name": "f", "source_connection_id": "s", "target_connection_id": "t", **changes}
    return Dataflow("flow", DataflowArgs(**args))  # type: ignore[arg-type]


# Entities the test made beforehand (their ids): in this sandbox, and a schema in another one.
ARRANGED = {k: os.environ.get(f"ARRANGED_{k.upper()}", "") for k in ("schema", "mapping_set", "source", "dev_schema")}


CASES = {
    "valid": lambda: source(),
    "destination typo": lambda: mapping(FieldMapping("firstName", "person.name.fistName")),
    "empty source": lambda: mapping(FieldMapping("", "person.name.firstName")),
    "unknown standard field": lambda: source(fields=[SchemaField("car.model")]),
    "no mappings": lambda: source(mappings=[]),
    "dataset without schema": lambda: source(dataset_id="abc"),
    "unknown class": lambda: source(schema_class="car"),
    "static text to integer": lambda: mapping(
        FieldMapping("abc", "person.birthYear", "STATIC"), [SchemaField("person.birthYear", "integer")]
    ),
    "static text to boolean": lambda: mapping(
        FieldMapping("maybe", "_emulator.flag", "STATIC"), [SchemaField("_emulator.flag", "boolean")]
    ),
    "static bad date": lambda: mapping(
        FieldMapping("2026-13-45", "person.birthDate", "STATIC"), [SchemaField("person.birthDate", "date")]
    ),
    "unknown function": lambda: mapping(FieldMapping("uper(tier)", "_emulator.loyalty.tier", "EXPRESSION")),
    "expression ends early": lambda: mapping(FieldMapping("concat(a,", "_emulator.loyalty.tier", "EXPRESSION")),
    "wrong arity": lambda: mapping(FieldMapping("upper(a, b)", "_emulator.loyalty.tier", "EXPRESSION")),
    "extra parenthesis": lambda: mapping(FieldMapping("upper(a))", "_emulator.loyalty.tier", "EXPRESSION")),
    "operator in expression": lambda: mapping(FieldMapping("a +", "_emulator.loyalty.tier", "EXPRESSION")),
    "source type typo": lambda: mapping(FieldMapping("firstName", "person.name.firstName", "ATTRIBUTES")),
    "expression as attribute": lambda: mapping(FieldMapping("upper(tier)", "_emulator.loyalty.tier")),
    "destination mapped twice": lambda: source(
        mappings=[MAPPINGS[0], FieldMapping("lastName", "person.name.firstName")]
    ),
    "custom field without tenant": lambda: source(fields=[SchemaField("loyalty.tier")]),
    "custom field bad segment": lambda: source(fields=[SchemaField("_emulator.loy-alty")]),
    "custom field bad type": lambda: source(fields=[*FIELDS[:1], SchemaField("_emulator.tier", "text")]),
    "unknown variant": lambda: source(variant="kafka"),
    "unknown target format": lambda: source(target_format="csv"),
    "display name twice": lambda: (source("a", display_name="same"), source("b", display_name="same")),
    "schema title twice": lambda: (source("a", schema_title="Same"), source("b", schema_title="Same")),
    "unknown field group": lambda: source(field_groups=["profile-foo"]),
    "field group of another class": lambda: source(
        schema_class="experienceevent",
        fields=[SchemaField("_emulator.x")],
        field_groups=["profile-person-details"],
        mappings=[FieldMapping("x", "_emulator.x")],
    ),
    "field listed twice": lambda: source(fields=[*FIELDS, SchemaField("_emulator.loyalty.tier")]),
    "two tenant namespaces": lambda: source(fields=[*FIELDS, SchemaField("_other.x")]),
    "malformed destination": lambda: mapping(FieldMapping("firstName", "person..name")),
    "empty schema title": lambda: source(schema_title=" "),
    "empty display name": lambda: source(display_name=" "),
    "args typo": lambda: StreamingSource("people", StreamingSourceArgs(fields=FIELDS, mapping=MAPPINGS)),  # type: ignore[call-arg]
    "reserved dataset tag": lambda: Dataset("d", DatasetArgs(name="d", schema_id=SCHEMA, tags={"adobe_x": ["y"]})),
    "empty dataset name": lambda: Dataset("d", DatasetArgs(name="", schema_id=SCHEMA)),
    "zero ready timeout": lambda: flow(ready_timeout_seconds=0),
    "negative mapping version": lambda: flow(mapping_set_version=-1),
    "mapping flow spec without mapping set": lambda: flow(flow_spec_id="c1a19761-d2c7-4702-b9fa-fe91f0613e81"),
    "base connection data type": lambda: BaseConnection("b", BaseConnectionArgs(name="b", data_type="json")),
    "source data format": lambda: SourceConnection("s", SourceConnectionArgs(name="s", data_format="parquet")),
    "target data format": lambda: TargetConnection(
        "t", TargetConnectionArgs(name="t", dataset_id="d", schema_id=SCHEMA, data_format="avro")
    ),
    "mapping set without mappings": lambda: MappingSet("m", MappingSetArgs(schema_id=SCHEMA, mappings=[])),
    "mapping set bad expression": lambda: MappingSet(
        "m", MappingSetArgs(schema_id=SCHEMA, mappings=[FieldMapping("lowr(a)", "person.name.firstName", "EXPRESSION")])
    ),
    "schema unknown class": lambda: Schema("s", SchemaArgs(title="s", class_id="car")),
    "schema field group twice": lambda: Schema(
        "s", SchemaArgs(title="s", field_groups=["profile-person-details", "profile-person-details"])
    ),
    "schema custom field twice": lambda: Schema(
        "s", SchemaArgs(title="s", custom_fields=[SchemaField("_emulator.a"), SchemaField("_emulator.a")])
    ),
    "schema title twice (resources)": lambda: (
        Schema("s1", SchemaArgs(title="t")),
        Schema("s2", SchemaArgs(title="t")),
    ),
    "wrong tenant namespace": lambda: source(fields=[*FIELDS[:1], SchemaField("_mytenant.tier")]),
    "adopt a dataset that does not exist": lambda: Dataset(
        "d", DatasetArgs(name="d", schema_id=ARRANGED["schema"], adopt_id="0123456789abcdef01234567")
    ),
    "adopt a schema as a dataset": lambda: Dataset(
        "d", DatasetArgs(name="d", schema_id=ARRANGED["schema"], adopt_id=ARRANGED["schema"])
    ),
    "dataset on a schema of another sandbox": lambda: Dataset(
        "d", DatasetArgs(name="d", schema_id=ARRANGED["dev_schema"])
    ),
    "mapping to a field of another schema": lambda: MappingSet(
        "m", MappingSetArgs(schema_id=ARRANGED["schema"], mappings=[FieldMapping("email", "personalEmail.address")])
    ),
    "flow of another flow spec": lambda: flow(
        source_connection_id=ARRANGED["source"], flow_spec_id="d8a6f005-7eaf-4153-983e-e8574508b877"
    ),
    "flow with an unknown source connection": lambda: flow(source_connection_id="0123-unknown-source"),
    "mapping set version beyond the latest": lambda: flow(
        mapping_set_id=ARRANGED["mapping_set"], mapping_set_version=5
    ),
    "schema that does not exist": lambda: source(schema_id=SCHEMA, dataset_id="0123"),
}

CASES[os.environ.get("MISTAKE", "valid")]()
