"""A valid StreamingSource, or it with one typical mistake (the MISTAKE environment variable).

Settings mistakes are made by the test through the AEP_* variables, not here.
"""

import os

import pulumi_aep_streaming as aep

FIELDS = [aep.SchemaField("person.name.firstName"), aep.SchemaField("_emulator.loyalty.tier")]
MAPPINGS = [aep.FieldMapping("firstName", "person.name.firstName")]
SCHEMA = "https://ns.adobe.com/emulator/schemas/0123456789abcdef0123456789abcdef"


def source(name: str = "people", **changes: object) -> aep.StreamingSource:
    args = {"fields": FIELDS, "mappings": MAPPINGS, **changes}
    return aep.StreamingSource(name, aep.StreamingSourceArgs(**args))  # type: ignore[arg-type]


def mapping(m: aep.FieldMapping, fields: list[aep.SchemaField] = FIELDS) -> aep.StreamingSource:
    return source(fields=fields, mappings=[m])


def flow(**changes: object) -> aep.Dataflow:
    args = {"name": "f", "source_connection_id": "s", "target_connection_id": "t", **changes}
    return aep.Dataflow("flow", aep.DataflowArgs(**args))  # type: ignore[arg-type]


EMAIL = aep.Identity("personalEmail.address", "Email", primary=True)


def profile_source(**changes: object) -> aep.StreamingSource:
    fields = [*FIELDS, aep.SchemaField("personalEmail.address")]
    return source(fields=fields, **{"identities": [EMAIL], "profile": True, **changes})


# Entities the test made beforehand (their ids): in this sandbox, and a schema in another one.
ARRANGED = {k: os.environ.get(f"ARRANGED_{k.upper()}", "") for k in ("schema", "mapping_set", "source", "dev_schema")}


CASES = {
    "valid": lambda: source(),
    "destination typo": lambda: mapping(aep.FieldMapping("firstName", "person.name.fistName")),
    "empty source": lambda: mapping(aep.FieldMapping("", "person.name.firstName")),
    "unknown standard field": lambda: source(fields=[aep.SchemaField("car.model")]),
    "no mappings": lambda: source(mappings=[]),
    "dataset without schema": lambda: source(dataset_id="abc"),
    "unknown class": lambda: source(schema_class="car"),
    "static text to integer": lambda: mapping(
        aep.FieldMapping("abc", "person.birthYear", "STATIC"), [aep.SchemaField("person.birthYear", "integer")]
    ),
    "static text to boolean": lambda: mapping(
        aep.FieldMapping("maybe", "_emulator.flag", "STATIC"), [aep.SchemaField("_emulator.flag", "boolean")]
    ),
    "static bad date": lambda: mapping(
        aep.FieldMapping("2026-13-45", "person.birthDate", "STATIC"), [aep.SchemaField("person.birthDate", "date")]
    ),
    "unknown function": lambda: mapping(aep.FieldMapping("uper(tier)", "_emulator.loyalty.tier", "EXPRESSION")),
    "expression ends early": lambda: mapping(aep.FieldMapping("concat(a,", "_emulator.loyalty.tier", "EXPRESSION")),
    "wrong arity": lambda: mapping(aep.FieldMapping("upper(a, b)", "_emulator.loyalty.tier", "EXPRESSION")),
    "extra parenthesis": lambda: mapping(aep.FieldMapping("upper(a))", "_emulator.loyalty.tier", "EXPRESSION")),
    "operator in expression": lambda: mapping(aep.FieldMapping("a +", "_emulator.loyalty.tier", "EXPRESSION")),
    "source type typo": lambda: mapping(aep.FieldMapping("firstName", "person.name.firstName", "ATTRIBUTES")),
    "expression as attribute": lambda: mapping(aep.FieldMapping("upper(tier)", "_emulator.loyalty.tier")),
    "destination mapped twice": lambda: source(
        mappings=[MAPPINGS[0], aep.FieldMapping("lastName", "person.name.firstName")]
    ),
    "custom field without tenant": lambda: source(fields=[aep.SchemaField("loyalty.tier")]),
    "custom field bad segment": lambda: source(fields=[aep.SchemaField("_emulator.loy-alty")]),
    "custom field bad type": lambda: source(fields=[*FIELDS[:1], aep.SchemaField("_emulator.tier", "text")]),
    "unknown variant": lambda: source(variant="kafka"),
    "unknown target format": lambda: source(target_format="csv"),
    "display name twice": lambda: (source("a", display_name="same"), source("b", display_name="same")),
    "schema title twice": lambda: (source("a", schema_title="Same"), source("b", schema_title="Same")),
    "unknown field group": lambda: source(field_groups=["profile-foo"]),
    "field group of another class": lambda: source(
        schema_class="experienceevent",
        fields=[aep.SchemaField("_emulator.x")],
        field_groups=["profile-person-details"],
        mappings=[aep.FieldMapping("x", "_emulator.x")],
    ),
    "field listed twice": lambda: source(fields=[*FIELDS, aep.SchemaField("_emulator.loyalty.tier")]),
    "two tenant namespaces": lambda: source(fields=[*FIELDS, aep.SchemaField("_other.x")]),
    "malformed destination": lambda: mapping(aep.FieldMapping("firstName", "person..name")),
    "empty schema title": lambda: source(schema_title=" "),
    "empty display name": lambda: source(display_name=" "),
    "args typo": lambda: aep.StreamingSource("people", aep.StreamingSourceArgs(fields=FIELDS, mapping=MAPPINGS)),  # type: ignore[call-arg]
    "reserved dataset tag": lambda: aep.Dataset(
        "d", aep.DatasetArgs(name="d", schema_id=SCHEMA, tags={"adobe_x": ["y"]})
    ),
    "empty dataset name": lambda: aep.Dataset("d", aep.DatasetArgs(name="", schema_id=SCHEMA)),
    "zero ready timeout": lambda: flow(ready_timeout_seconds=0),
    "negative mapping version": lambda: flow(mapping_set_version=-1),
    "mapping flow spec without mapping set": lambda: flow(flow_spec_id="c1a19761-d2c7-4702-b9fa-fe91f0613e81"),
    "base connection data type": lambda: aep.BaseConnection("b", aep.BaseConnectionArgs(name="b", data_type="json")),
    "source data format": lambda: aep.SourceConnection("s", aep.SourceConnectionArgs(name="s", data_format="parquet")),
    "target data format": lambda: aep.TargetConnection(
        "t", aep.TargetConnectionArgs(name="t", dataset_id="d", schema_id=SCHEMA, data_format="avro")
    ),
    "mapping set without mappings": lambda: aep.MappingSet("m", aep.MappingSetArgs(schema_id=SCHEMA, mappings=[])),
    "mapping set bad expression": lambda: aep.MappingSet(
        "m",
        aep.MappingSetArgs(
            schema_id=SCHEMA, mappings=[aep.FieldMapping("lowr(a)", "person.name.firstName", "EXPRESSION")]
        ),
    ),
    "schema unknown class": lambda: aep.Schema("s", aep.SchemaArgs(title="s", class_id="car")),
    "schema field group twice": lambda: aep.Schema(
        "s", aep.SchemaArgs(title="s", field_groups=["profile-person-details", "profile-person-details"])
    ),
    "schema custom field twice": lambda: aep.Schema(
        "s", aep.SchemaArgs(title="s", custom_fields=[aep.SchemaField("_emulator.a"), aep.SchemaField("_emulator.a")])
    ),
    "schema title twice (resources)": lambda: (
        aep.Schema("s1", aep.SchemaArgs(title="t")),
        aep.Schema("s2", aep.SchemaArgs(title="t")),
    ),
    "wrong tenant namespace": lambda: source(fields=[*FIELDS[:1], aep.SchemaField("_mytenant.tier")]),
    "adopt a dataset that does not exist": lambda: aep.Dataset(
        "d", aep.DatasetArgs(name="d", schema_id=ARRANGED["schema"], adopt_id="0123456789abcdef01234567")
    ),
    "adopt a schema as a dataset": lambda: aep.Dataset(
        "d", aep.DatasetArgs(name="d", schema_id=ARRANGED["schema"], adopt_id=ARRANGED["schema"])
    ),
    "dataset on a schema of another sandbox": lambda: aep.Dataset(
        "d", aep.DatasetArgs(name="d", schema_id=ARRANGED["dev_schema"])
    ),
    "mapping to a field of another schema": lambda: aep.MappingSet(
        "m",
        aep.MappingSetArgs(schema_id=ARRANGED["schema"], mappings=[aep.FieldMapping("email", "personalEmail.address")]),
    ),
    "flow of another flow spec": lambda: flow(
        source_connection_id=ARRANGED["source"], flow_spec_id="d8a6f005-7eaf-4153-983e-e8574508b877"
    ),
    "flow with an unknown source connection": lambda: flow(source_connection_id="0123-unknown-source"),
    "mapping set version beyond the latest": lambda: flow(
        mapping_set_id=ARRANGED["mapping_set"], mapping_set_version=5
    ),
    "schema that does not exist": lambda: source(schema_id=SCHEMA, dataset_id="0123"),
    # Real-Time Customer Profile.
    "profile source": lambda: profile_source(),
    "disabling Profile": lambda: profile_source(profile=False),
    "primary identity on a missing field": lambda: profile_source(
        identities=[aep.Identity("personalEmail.adress", "Email", primary=True)]
    ),
    "two primary identities": lambda: profile_source(
        identities=[EMAIL, aep.Identity("_emulator.loyalty.tier", "Phone", primary=True)]
    ),
    "Profile without a primary identity": lambda: profile_source(
        identities=[aep.Identity("personalEmail.address", "Email")]
    ),
    "unknown namespace": lambda: profile_source(
        identities=[aep.Identity("personalEmail.address", "Emial", primary=True)]
    ),
    "namespace code with a hyphen": lambda: profile_source(
        identities=[aep.Identity("personalEmail.address", "E-mail", primary=True)]
    ),
    "identity on a number field": lambda: aep.Schema(
        "s",
        aep.SchemaArgs(
            title="t",
            field_groups=["profile-person-details"],
            identities=[aep.Identity("person.birthYear", "Email", primary=True)],
        ),
    ),
    "Profile dataset on a plain schema": lambda: aep.Dataset(
        "d", aep.DatasetArgs(name="d", schema_id=ARRANGED["schema"], profile_enabled=True)
    ),
    "Profile dataset on a plain schema of the stack": lambda: aep.Dataset(
        "d",
        aep.DatasetArgs(
            name="d",
            schema_id=aep.Schema("s", aep.SchemaArgs(title="t", field_groups=["profile-person-details"])).id,
            profile_enabled=True,
        ),
    ),
    "Profile tag written as a tag": lambda: aep.Dataset(
        "d", aep.DatasetArgs(name="d", schema_id=ARRANGED["schema"], tags={"unifiedProfile": ["enabled:true"]})
    ),
    "namespace code of a standard namespace": lambda: aep.IdentityNamespace(
        "ns", aep.IdentityNamespaceArgs(name="Mail", code="Email", id_type="EMAIL")
    ),
    "dataset precedence without an order": lambda: aep.MergePolicy(
        "m", aep.MergePolicyArgs(name="m", attribute_merge="dataSetPrecedence")
    ),
}

CASES[os.environ.get("MISTAKE", "valid")]()
