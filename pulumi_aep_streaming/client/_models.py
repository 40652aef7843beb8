"""Pydantic models of AEP entities: camelCase at the wire, snake_case in Python.

Read models tolerate (and keep) fields the service adds; input models forbid unknown fields so
what the client sends is exactly what was meant.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class AepModel(BaseModel):
    """An entity as AEP returns it."""

    # Schemas are built on first use: a process that never calls AEP (a preview) never pays for them.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow", defer_build=True)

    def wire(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class AepInput(AepModel):
    """A request body: unknown fields are a programming error."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", defer_build=True)


class SpecRef(AepModel):
    id: str
    version: str = "1.0"


class Created(AepModel):
    """What Flow Service create, patch and action calls answer."""

    id: str
    etag: str


# -- Flow Service ---------------------------------------------------------------------------------


class FlowServiceEntity(AepModel):
    id: str
    name: str | None = None
    description: str | None = None
    state: str | None = None
    etag: str = ""
    created_at: int | None = None
    updated_at: int | None = None
    sandbox_name: str | None = None
    ims_org_id: str | None = None


class ConnectionAuth(AepModel):
    spec_name: str
    params: dict[str, Any] = Field(default_factory=dict)


class Connection(FlowServiceEntity):
    """A base connection (the HTTP API variant carries the inlet)."""

    connection_spec: SpecRef
    auth: ConnectionAuth | None = None

    @property
    def inlet_url(self) -> str | None:
        return self.auth.params.get("inletUrl") if self.auth else None

    @property
    def inlet_id(self) -> str | None:
        return self.auth.params.get("inletId") if self.auth else None


class SourceConnection(FlowServiceEntity):
    connection_spec: SpecRef
    base_connection_id: str | None = None
    provider_id: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    params: dict[str, Any] = Field(default_factory=dict)


class TargetConnection(FlowServiceEntity):
    connection_spec: SpecRef
    data: dict[str, Any] = Field(default_factory=dict)
    params: dict[str, Any] = Field(default_factory=dict)

    @property
    def dataset_id(self) -> str | None:
        return self.params.get("dataSetId")

    @property
    def schema_id(self) -> str | None:
        return (self.data.get("schema") or {}).get("id")


class Transformation(AepModel):
    name: str
    params: dict[str, Any] = Field(default_factory=dict)


class Flow(FlowServiceEntity):
    flow_spec: SpecRef
    source_connection_ids: list[str] = Field(default_factory=list)
    target_connection_ids: list[str] = Field(default_factory=list)
    transformations: list[Transformation] = Field(default_factory=list)
    options: dict[str, Any] = Field(default_factory=dict)
    inherited_attributes: dict[str, Any] = Field(default_factory=dict)
    last_run_details: dict[str, Any] | None = None

    @property
    def inlet_url(self) -> str | None:
        """The Streaming SDK inlet (``options.inletUrl``); HTTP API flows use their base connection's."""
        return self.options.get("inletUrl")

    @property
    def mapping(self) -> tuple[str, int] | None:
        """(mapping set id, version) of the flow's Mapping transformation."""
        for t in self.transformations:
            if t.name == "Mapping":
                return str(t.params["mappingId"]), int(t.params.get("mappingVersion", 0))
        return None


class Run(AepModel):
    id: str
    flow_id: str
    state: str | None = None
    created_at: int | None = None
    updated_at: int | None = None
    metrics: dict[str, Any] = Field(default_factory=dict)

    @property
    def status(self) -> str | None:
        """statusSummary.status: success, failed ..."""
        return (self.metrics.get("statusSummary") or {}).get("status")

    @property
    def started_ms(self) -> int | None:
        return (self.metrics.get("durationSummary") or {}).get("startedAtUTC") or self.created_at

    @property
    def completed_ms(self) -> int | None:
        return (self.metrics.get("durationSummary") or {}).get("completedAtUTC")

    @property
    def records(self) -> dict[str, int]:
        """recordSummary: inputRecordCount, outputRecordCount, failedRecordCount..."""
        return dict(self.metrics.get("recordSummary") or {})


class ConnectionSpec(AepModel):
    id: str
    name: str
    version: str | None = None
    auth_spec: list[dict[str, Any]] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)


class FlowSpec(AepModel):
    id: str
    name: str
    source_connection_spec_ids: list[str] = Field(default_factory=list)
    target_connection_spec_ids: list[str] = Field(default_factory=list)
    transformation_specs: list[dict[str, Any]] = Field(default_factory=list)


class ConnectionInput(AepInput):
    name: str
    description: str | None = None
    connection_spec: SpecRef
    auth: ConnectionAuth | None = None


class SourceConnectionInput(AepInput):
    name: str
    description: str | None = None
    connection_spec: SpecRef
    base_connection_id: str | None = None
    provider_id: str | None = None
    data: dict[str, Any] | None = None
    params: dict[str, Any] | None = None


class TargetConnectionInput(AepInput):
    name: str
    description: str | None = None
    connection_spec: SpecRef
    data: dict[str, Any]
    params: dict[str, Any]


class FlowInput(AepInput):
    name: str
    description: str | None = None
    flow_spec: SpecRef
    source_connection_ids: list[str]
    target_connection_ids: list[str]
    transformations: list[Transformation] | None = None
    options: dict[str, Any] | None = None


# -- Data Prep ------------------------------------------------------------------------------------


class Mapping(AepModel):
    id: str | None = None
    source_type: str
    source: str
    destination: str
    name: str | None = None
    description: str | None = None


class MappingSet(AepModel):
    id: str
    version: int
    name: str | None = None
    description: str | None = None
    mappings: list[Mapping] = Field(default_factory=list)
    output_schema: dict[str, Any] | None = None
    xdm_schema: str | None = None

    @property
    def schema_id(self) -> str | None:
        ref = ((self.output_schema or {}).get("schemaRef") or {}).get("id")
        return ref or self.xdm_schema


class MappingSetSummary(AepModel):
    id: str
    version: int


class MappingInput(AepInput):
    source_type: str = "ATTRIBUTE"
    source: str
    destination: str
    name: str | None = None
    description: str | None = None


class MappingSetInput(AepInput):
    """The current Data Prep dialect (outputSchema + sourceType)."""

    output_schema: dict[str, Any]
    mappings: list[MappingInput]
    name: str | None = None
    description: str | None = None

    @classmethod
    def for_schema(cls, schema_id: str, mappings: list[MappingInput], **kw: Any) -> MappingSetInput:
        ref = {"id": schema_id, "contentType": "application/vnd.adobe.xed-full+json;version=1"}
        return cls(output_schema={"schemaRef": ref}, mappings=mappings, **kw)


class MappingValidation(AepModel):
    status: str
    errors: list[dict[str, Any]] | None = None


# -- Catalog --------------------------------------------------------------------------------------


class SchemaRef(AepModel):
    id: str
    content_type: str = "application/vnd.adobe.xed+json;version=1"


class Dataset(AepModel):
    id: str
    name: str
    description: str | None = None
    schema_ref: SchemaRef | None = None
    tags: dict[str, list[str]] = Field(default_factory=dict)


class IdentityNamespace(AepModel):
    """An identity namespace: a standard one (``custom`` False) or one the org made."""

    id: int
    code: str
    name: str
    description: str | None = None
    id_type: str
    status: str | None = None
    custom: bool = False


class IdentityNamespaceInput(AepInput):
    """A custom namespace to create: ``code`` (letters and digits) and ``id_type`` never change."""

    name: str
    code: str
    id_type: str
    description: str | None = None


class DatasetInput(AepInput):
    name: str
    description: str | None = None
    schema_ref: SchemaRef
    tags: dict[str, list[str]] | None = None


# -- Schema Registry ------------------------------------------------------------------------------


class XdmResource(AepModel):
    id: str = Field(alias="$id")
    alt_id: str = Field(alias="meta:altId")
    title: str
    description: str | None = None
    version: str
    all_of: list[dict[str, Any]] = Field(default_factory=list, alias="allOf")


class Schema(XdmResource):
    meta_class: str | None = Field(None, alias="meta:class")
    meta_extends: list[str] = Field(default_factory=list, alias="meta:extends")
    immutable_tags: list[str] = Field(default_factory=list, alias="meta:immutableTags")
    properties: dict[str, Any] | None = None

    @property
    def profile_enabled(self) -> bool:
        """Whether the schema is in its class's union (Real-Time Customer Profile)."""
        return "union" in self.immutable_tags


class FieldGroup(XdmResource):
    intended_to_extend: list[str] = Field(default_factory=list, alias="meta:intendedToExtend")
    definitions: dict[str, Any] = Field(default_factory=dict)


class IdentityDescriptorInput(AepInput):
    """A schema field that holds an identity: ``source_property`` is a JSON pointer into the schema
    (``/personalEmail/address``), ``namespace`` a namespace code."""

    type: str = Field(default="xdm:descriptorIdentity", serialization_alias="@type")
    source_schema: str = Field(serialization_alias="xdm:sourceSchema")
    source_version: int = Field(default=1, serialization_alias="xdm:sourceVersion")
    source_property: str = Field(serialization_alias="xdm:sourceProperty")
    namespace: str = Field(serialization_alias="xdm:namespace")
    property: str = Field(default="xdm:code", serialization_alias="xdm:property")
    is_primary: bool = Field(default=False, serialization_alias="xdm:isPrimary")


class IdentityDescriptor(AepModel):
    """An identity descriptor as the Schema Registry answers it."""

    id: str = Field(alias="@id")
    type: str = Field(alias="@type")
    source_schema: str = Field(alias="xdm:sourceSchema")
    source_property: str = Field(alias="xdm:sourceProperty")
    namespace: str | None = Field(None, alias="xdm:namespace")
    property: str | None = Field(None, alias="xdm:property")
    is_primary: bool = Field(False, alias="xdm:isPrimary")


# -- Real-Time Customer Profile -------------------------------------------------------------------


class MergePolicyInput(AepInput):
    """A merge policy to create or replace (PUT takes the same body)."""

    name: str
    class_name: str = Field(serialization_alias="schema")
    identity_graph: str = Field(serialization_alias="identityGraph")
    attribute_merge: dict[str, Any] = Field(serialization_alias="attributeMerge")
    default: bool = False

    def wire(self) -> dict[str, Any]:
        body = super().wire()
        body["schema"] = {"name": self.class_name}
        body["identityGraph"] = {"type": self.identity_graph}
        return body


class MergePolicy(AepModel):
    id: str
    name: str = ""
    schema_: dict[str, str] = Field(alias="schema")
    identity_graph: dict[str, str]
    attribute_merge: dict[str, Any]
    default: bool = False
    is_active_on_edge: bool = False
    version: int | None = None


class ProfileEntity(AepModel):
    """One merged profile as the Profile Access API answers it."""

    entity_id: str
    entity: dict[str, Any] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    identity_graph: list[str] = Field(default_factory=list)
    merge_policy: dict[str, Any] | None = None
    last_modified_at: str | None = None


# -- Sandbox Management ---------------------------------------------------------------------------


class SandboxInput(AepInput):
    name: str
    title: str
    type: str = "development"


class Sandbox(AepModel):
    """A sandbox of the org; ``state`` is creating, active, deleting, resetting, deleted or failed."""

    name: str
    title: str = ""
    state: str = ""
    type: str = ""
    region: str | None = None
    is_default: bool = False
    id: str | None = None
    created_date: str | None = None
    created_by: str | None = None


# -- Streaming inlet ------------------------------------------------------------------------------


class InletReceipt(AepModel):
    inlet_id: str
    xaction_id: str
    received_time_ms: int
    sync_validation: dict[str, Any] | None = None


class BatchReceipt(AepModel):
    inlet_id: str
    batch_id: str
    received_time_ms: int
    responses: list[dict[str, Any]]

    @property
    def failures(self) -> list[dict[str, Any]]:
        return [r for r in self.responses if "statusCode" in r]
