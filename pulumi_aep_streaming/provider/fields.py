"""The fields of the provider's input models: each resource's inputs as checked and stored.

Generated from declarations.py by scripts/generate: edit the declarations, not this file.
A field's own rule is its type (types.py); rules across fields are in inputs.py, whose models
extend these.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from .types import (
    AttributeMerge,
    ClassId,
    CustomPath,
    DatasetName,
    DatasetTags,
    DataType,
    FieldGroups,
    FieldPath,
    IdentityGraph,
    IdType,
    MappingVersion,
    Name,
    NamespaceCode,
    ProfileClass,
    ReadyTimeout,
    SandboxName,
    SandboxType,
    SchemaTitle,
    SourceFormat,
    SourceType,
    TargetFormat,
    XdmType,
)


class Stored(BaseModel):
    """Validated, normalized values (snake_case, as stored in state).

    Switches are StrictBool: a string such as ``"false"`` (a config value read with ``get`` rather
    than ``get_bool``) is refused at preview, never read as a switch.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ProviderInputs(Stored):
    """One resource's inputs."""

    # Every resource has these; each resource's model narrows them.
    adopt_id: str | None = None
    description: str | None = None


class CustomField(Stored):
    """One field of an XDM schema."""

    path: CustomPath
    type: XdmType = "string"
    title: str | None = None


class MappingItem(Stored):
    """One Data Prep mapping from an incoming attribute to an XDM field."""

    source: str
    destination: FieldPath
    source_type: SourceType = "ATTRIBUTE"


class IdentityField(Stored):
    """One identity field of a schema: its values identify a person in a namespace (an identity
    descriptor)."""

    path: FieldPath
    namespace: NamespaceCode
    primary: StrictBool = False


class SandboxFields(ProviderInputs):
    """The inputs of Sandbox."""

    name: SandboxName
    title: Name
    type: SandboxType = "development"
    ready_timeout_seconds: ReadyTimeout = 1800.0
    adopt_id: str | None = None


class SchemaFields(ProviderInputs):
    """The inputs of Schema."""

    title: SchemaTitle
    description: str = ""
    class_id: ClassId = "https://ns.adobe.com/xdm/context/profile"
    field_groups: FieldGroups = Field(default_factory=list)
    custom_fields: list[CustomField] = Field(default_factory=list)
    identities: list[IdentityField] = Field(default_factory=list)
    profile_enabled: StrictBool = False
    adopt_id: str | None = None
    adopt_by_name: StrictBool = False
    sandbox: str | None = None


class DatasetFields(ProviderInputs):
    """The inputs of Dataset."""

    name: DatasetName
    schema_id: str
    description: str = ""
    tags: DatasetTags = Field(default_factory=dict)
    profile_enabled: StrictBool = False
    identity_enabled: StrictBool = False
    adopt_id: str | None = None
    sandbox: str | None = None


class BaseConnectionFields(ProviderInputs):
    """The inputs of BaseConnection."""

    name: Name
    description: str = ""
    data_type: DataType = "xdm"
    authentication_required: StrictBool = False
    source_id: str | None = None
    auth_params: dict[str, Any] = Field(default_factory=dict)
    connection_spec_id: str = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"
    adopt_id: str | None = None
    sandbox: str | None = None


class SourceConnectionFields(ProviderInputs):
    """The inputs of SourceConnection."""

    name: Name
    description: str = ""
    connection_spec_id: str = "e77fd9d2-22a8-11ed-861d-0242ac120002"
    base_connection_id: str | None = None
    provider_id: str = "521eee4d-8cbe-4906-bb48-fb6bd4450033"
    data_format: SourceFormat = "json"
    params: dict[str, Any] = Field(default_factory=dict)
    adopt_id: str | None = None
    sandbox: str | None = None


class TargetConnectionFields(ProviderInputs):
    """The inputs of TargetConnection."""

    name: Name
    dataset_id: str
    schema_id: str
    description: str = ""
    data_format: TargetFormat = "json"
    schema_content_type: str = "application/vnd.adobe.xed-full+json;version=1"
    adopt_id: str | None = None
    sandbox: str | None = None


class MappingSetFields(ProviderInputs):
    """The inputs of MappingSet."""

    schema_id: str
    mappings: list[MappingItem]
    name: str | None = None
    description: str | None = None
    adopt_id: str | None = None
    sandbox: str | None = None


class DataflowFields(ProviderInputs):
    """The inputs of Dataflow."""

    name: Name
    source_connection_id: str
    target_connection_id: str
    description: str = ""
    mapping_set_id: str | None = None
    mapping_set_version: MappingVersion = 0
    enabled: StrictBool = True
    flow_spec_id: str | None = None
    ready_timeout_seconds: ReadyTimeout = 300.0
    adopt_id: str | None = None
    sandbox: str | None = None


class IdentityNamespaceFields(ProviderInputs):
    """The inputs of IdentityNamespace."""

    name: Name
    code: NamespaceCode
    id_type: IdType
    description: str = ""
    adopt_id: str | None = None
    sandbox: str | None = None


class MergePolicyFields(ProviderInputs):
    """The inputs of MergePolicy."""

    name: Name
    identity_graph: IdentityGraph = "pdg"
    attribute_merge: AttributeMerge = "timestampOrdered"
    dataset_order: list[str] = Field(default_factory=list)
    default: StrictBool = False
    class_name: ProfileClass = "_xdm.context.profile"
    adopt_id: str | None = None
    sandbox: str | None = None
