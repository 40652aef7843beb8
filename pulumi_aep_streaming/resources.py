"""Pulumi resources, one per AEP entity, each with typed Args.

Every resource is a ``pulumi.dynamic.Resource`` with the type token
``pulumi-python:dynamic/aep:<Name>`` (``aep:index:<Name>`` where the ``aep`` plugin hosts a program
of another language). Pass other resources by their ``.id`` (it stays known in
previews, unlike other outputs of dynamic resources). Credentials come from the stack config
(``aep:*``) or AEP_* variables, never from Args.

Generated from declarations.py by scripts/generate: edit the declarations, not this file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from ._registration import AepInputError, register
from .declarations import (
    BASE_CONNECTION,
    DATAFLOW,
    DATASET,
    IDENTITY_NAMESPACE,
    MAPPING_SET,
    MERGE_POLICY,
    SANDBOX,
    SCHEMA,
    SOURCE_CONNECTION,
    TARGET_CONNECTION,
)

__all__ = [
    "AepInputError",
    "BaseConnection",
    "BaseConnectionArgs",
    "Dataflow",
    "DataflowArgs",
    "Dataset",
    "DatasetArgs",
    "FieldMapping",
    "Identity",
    "IdentityNamespace",
    "IdentityNamespaceArgs",
    "MappingSet",
    "MappingSetArgs",
    "MergePolicy",
    "MergePolicyArgs",
    "Sandbox",
    "SandboxArgs",
    "Schema",
    "SchemaArgs",
    "SchemaField",
    "SourceConnection",
    "SourceConnectionArgs",
    "TargetConnection",
    "TargetConnectionArgs",
]


@dataclasses.dataclass(frozen=True)
class SchemaField:
    """One field of an XDM schema."""

    path: str
    """Dotted field path: a standard path such as ``person.name.firstName``, or a custom field under
    the tenant namespace: ``_tenant.loyalty.tier``, where ``_tenant`` stands for the org's tenant id
    (resolved at preview, so one program serves stacks in several orgs), or the literal
    ``_<tenant_id>.loyalty.tier``."""
    type: str = "string"
    """XDM type: string, integer, number, boolean, date or date-time."""
    title: str | None = None
    """Display title of a custom field (defaults to its last path segment)."""


@dataclasses.dataclass(frozen=True)
class FieldMapping:
    """One Data Prep mapping from an incoming attribute to an XDM field."""

    source: str
    """Attribute path in the incoming record (``firstName``, ``items[0].sku``), an expression
    (``upper(lastName)``) when source_type is EXPRESSION, or the value when STATIC."""
    destination: str
    """XDM field path in the target schema, e.g. ``person.name.firstName``."""
    source_type: str = "ATTRIBUTE"
    """ATTRIBUTE, EXPRESSION or STATIC."""


@dataclasses.dataclass(frozen=True)
class Identity:
    """One identity field of a schema: its values identify a person in a namespace (an identity
    descriptor)."""

    path: str
    """Dotted path of a string field of the schema: ``personalEmail.address``, or a custom field
    ``_tenant.loyaltyId``."""
    namespace: pulumi.Input[str]
    """Namespace code: a standard one (``Email``, ``ECID``, ``Phone``...) or a custom one, e.g. an
    ``IdentityNamespace``'s ``code``."""
    primary: bool = False
    """Whether it is the schema's primary identity (one per schema)."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class SandboxArgs:
    """The inputs of `Sandbox`."""

    name: pulumi.Input[str]
    """Sandbox name, unique in the org: lower-case letters, digits and hyphens. Changing it replaces
    the sandbox, and everything in it."""
    title: pulumi.Input[str]
    """Display title in the AEP UI."""
    type: str = "development"
    """``development``, the only type a stack makes: production sandboxes are refused at preview."""
    ready_timeout_seconds: float = 1800.0
    """How long create waits for AEP to report the sandbox active, and delete for it to be gone."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing development sandbox (its name) to take over instead of creating one."""


class Sandbox(Resource, module="aep", name="Sandbox"):
    """A development sandbox of the org (Sandbox Management). Creating it waits until AEP reports it
    active; deleting it deletes everything in it and waits until it is gone. Production sandboxes
    are never made, adopted or deleted. Its id is its name: give other resources ``sandbox=<the
    Sandbox>.id`` to make them inside it."""

    name: pulumi.Output[str]
    state: pulumi.Output[str]
    """The sandbox's state as AEP reports it (``active`` once made)."""
    region: pulumi.Output[str]
    """The region AEP made the sandbox in."""

    def __init__(self, resource_name: str, args: SandboxArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        register(self, SANDBOX, resource_name, args, opts)


@dataclasses.dataclass(frozen=True, kw_only=True)
class SchemaArgs:
    """The inputs of `Schema`."""

    title: pulumi.Input[str]
    """Schema title. AEP requires titles to be unique in a sandbox."""
    description: pulumi.Input[str] = ""
    """Schema description."""
    class_id: pulumi.Input[str] = "https://ns.adobe.com/xdm/context/profile"
    """XDM class: ``profile``, ``experienceevent`` or a class $id (the default is XDM Individual
    Profile's). Changing it replaces the schema."""
    field_groups: Sequence[pulumi.Input[str]] = ()
    """Standard field groups by short name (``profile-person-details``) or $id."""
    custom_fields: Sequence[SchemaField] = ()
    """Custom fields under the tenant namespace; they go into a field group made for this schema."""
    identities: Sequence[Identity] = ()
    """Identity fields (identity descriptors): at most one primary, each a string field of the
    schema."""
    profile_enabled: bool = False
    """Enable the schema for Real-Time Customer Profile (the ``union`` tag); it needs a primary
    identity or the Identity Map field group. AEP never disables it: once on, turning it off fails
    the preview."""
    adopt_id: pulumi.Input[str] | None = None
    """$id of an existing schema to take over instead of creating one (``pulumi import`` of one
    resource does not work for dynamic providers; ``aep-streaming export --import-file`` does)."""
    adopt_by_name: bool = False
    """Take over an existing schema with the same title instead of failing on the name clash."""
    sandbox: pulumi.Input[str] | None = None
    """The sandbox the entity lives in: a ``Sandbox`` resource's ``id`` (its name) or an existing
    sandbox's name. Default: the stack's ``aep:sandboxName``. Changing it replaces the entity: it is
    made in the new sandbox, then deleted from the old one."""


class Schema(Resource, module="aep", name="Schema"):
    """An XDM schema (Schema Registry), with its custom fields' field group."""

    title: pulumi.Output[str]
    class_id: pulumi.Output[str]
    schema_id: pulumi.Output[str]
    """The schema's $id (also the resource id)."""
    alt_id: pulumi.Output[str]
    """``meta:altId`` of the schema."""
    version: pulumi.Output[str]
    """Schema version, e.g. 1.0, bumped by every change."""
    tenant_id: pulumi.Output[str]
    """The sandbox's tenant id; custom fields live under ``_<tenant_id>``."""
    field_group_id: pulumi.Output[str | None]
    """$id of the field group holding the custom fields, if any."""

    def __init__(self, resource_name: str, args: SchemaArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        register(self, SCHEMA, resource_name, args, opts)


@dataclasses.dataclass(frozen=True, kw_only=True)
class DatasetArgs:
    """The inputs of `Dataset`."""

    name: pulumi.Input[str]
    """Dataset name."""
    schema_id: pulumi.Input[str]
    """$id of the XDM schema the dataset stores. Changing it replaces the dataset."""
    description: pulumi.Input[str] = ""
    """Dataset description."""
    tags: Mapping[str, Sequence[str]] | None = None
    """Catalog tags, e.g. ``{"team": ["data"]}``. Names starting with ``adobe`` are reserved, and
    the Profile tags are set by ``profile_enabled`` and ``identity_enabled``."""
    profile_enabled: bool = False
    """Feed Real-Time Customer Profile (the ``unifiedProfile`` tag); the schema must be Profile-
    enabled."""
    identity_enabled: bool = False
    """Feed Identity Service's identity graph (the ``unifiedIdentity`` tag)."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing dataset to take over instead of creating one."""
    sandbox: pulumi.Input[str] | None = None
    """The sandbox the entity lives in: a ``Sandbox`` resource's ``id`` (its name) or an existing
    sandbox's name. Default: the stack's ``aep:sandboxName``. Changing it replaces the entity: it is
    made in the new sandbox, then deleted from the old one."""


class Dataset(Resource, module="aep", name="Dataset"):
    """A Catalog dataset in the data lake."""

    name: pulumi.Output[str]
    schema_id: pulumi.Output[str]
    dataset_id: pulumi.Output[str]
    """The dataset id (also the resource id)."""

    def __init__(self, resource_name: str, args: DatasetArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        register(self, DATASET, resource_name, args, opts)


@dataclasses.dataclass(frozen=True, kw_only=True)
class BaseConnectionArgs:
    """The inputs of `BaseConnection`."""

    name: pulumi.Input[str]
    """Connection name; also the default ``sourceId`` of the inlet."""
    description: pulumi.Input[str] = ""
    """Connection description."""
    data_type: pulumi.Input[str] = "xdm"
    """``xdm`` for XDM envelopes, ``raw`` for any JSON mapped by a mapping set."""
    authentication_required: pulumi.Input[bool] = False
    """Whether the inlet demands a bearer token."""
    source_id: pulumi.Input[str] | None = None
    """Source id stamped on records (defaults to the name)."""
    auth_params: Mapping[str, pulumi.Input[Any]] | None = None
    """Further ``auth.params``; stored as secrets."""
    connection_spec_id: pulumi.Input[str] = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"
    """Connection spec; the HTTP API streaming spec by default. Changing it replaces the
    connection."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing base connection to take over instead of creating one."""
    sandbox: pulumi.Input[str] | None = None
    """The sandbox the entity lives in: a ``Sandbox`` resource's ``id`` (its name) or an existing
    sandbox's name. Default: the stack's ``aep:sandboxName``. Changing it replaces the entity: it is
    made in the new sandbox, then deleted from the old one."""


class BaseConnection(Resource, module="aep", name="BaseConnection"):
    """An HTTP API streaming base connection, which owns a streaming inlet."""

    name: pulumi.Output[str]
    inlet_id: pulumi.Output[str]
    """The inlet's id."""
    inlet_url: pulumi.Output[str]
    """Where records are posted."""
    etag: pulumi.Output[str]
    """The entity's current etag; every update changes it."""
    state: pulumi.Output[str]
    """The entity's state, as AEP reports it (``enabled``)."""

    def __init__(
        self, resource_name: str, args: BaseConnectionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        register(self, BASE_CONNECTION, resource_name, args, opts)


@dataclasses.dataclass(frozen=True, kw_only=True)
class SourceConnectionArgs:
    """The inputs of `SourceConnection`."""

    name: pulumi.Input[str]
    """Source connection name."""
    description: pulumi.Input[str] = ""
    """Source connection description."""
    connection_spec_id: pulumi.Input[str] = "e77fd9d2-22a8-11ed-861d-0242ac120002"
    """Connection spec; the Streaming SDK generic spec by default. Changing it replaces the
    connection."""
    base_connection_id: pulumi.Input[str] | None = None
    """Base connection (HTTP API variant); none for the Streaming SDK. Changing it replaces."""
    provider_id: pulumi.Input[str] = "521eee4d-8cbe-4906-bb48-fb6bd4450033"
    """Provider id of streaming sources. Changing it replaces."""
    data_format: pulumi.Input[str] = "json"
    """Incoming data format; ``json`` is the only one streaming sources take."""
    params: Mapping[str, pulumi.Input[Any]] | None = None
    """Source-specific ``params``."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing source connection to take over instead of creating one."""
    sandbox: pulumi.Input[str] | None = None
    """The sandbox the entity lives in: a ``Sandbox`` resource's ``id`` (its name) or an existing
    sandbox's name. Default: the stack's ``aep:sandboxName``. Changing it replaces the entity: it is
    made in the new sandbox, then deleted from the old one."""


class SourceConnection(Resource, module="aep", name="SourceConnection"):
    """A Flow Service source connection."""

    name: pulumi.Output[str]
    etag: pulumi.Output[str]
    """The entity's current etag; every update changes it."""
    state: pulumi.Output[str]
    """The entity's state, as AEP reports it (``enabled``)."""

    def __init__(
        self, resource_name: str, args: SourceConnectionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        register(self, SOURCE_CONNECTION, resource_name, args, opts)


@dataclasses.dataclass(frozen=True, kw_only=True)
class TargetConnectionArgs:
    """The inputs of `TargetConnection`."""

    name: pulumi.Input[str]
    """Target connection name."""
    dataset_id: pulumi.Input[str]
    """Dataset the flow writes to. Changing it replaces the connection (and its flow)."""
    schema_id: pulumi.Input[str]
    """$id of the dataset's schema. Changing it replaces."""
    description: pulumi.Input[str] = ""
    """Target connection description."""
    data_format: pulumi.Input[str] = "json"
    """``json``, ``parquet_xdm`` or ``delta``. Changing it replaces."""
    schema_content_type: pulumi.Input[str] = "application/vnd.adobe.xed-full+json;version=1"
    """Schema media type AEP records with the connection. Changing it replaces."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing target connection to take over instead of creating one."""
    sandbox: pulumi.Input[str] | None = None
    """The sandbox the entity lives in: a ``Sandbox`` resource's ``id`` (its name) or an existing
    sandbox's name. Default: the stack's ``aep:sandboxName``. Changing it replaces the entity: it is
    made in the new sandbox, then deleted from the old one."""


class TargetConnection(Resource, module="aep", name="TargetConnection"):
    """A Flow Service target connection to the data lake."""

    name: pulumi.Output[str]
    etag: pulumi.Output[str]
    """The entity's current etag; every update changes it."""
    state: pulumi.Output[str]
    """The entity's state, as AEP reports it (``enabled``)."""

    def __init__(
        self, resource_name: str, args: TargetConnectionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        register(self, TARGET_CONNECTION, resource_name, args, opts)


@dataclasses.dataclass(frozen=True, kw_only=True)
class MappingSetArgs:
    """The inputs of `MappingSet`."""

    schema_id: pulumi.Input[str]
    """$id of the target XDM schema. Changing it replaces the mapping set."""
    mappings: Sequence[FieldMapping]
    """The mappings; changing them stores a new version of the same mapping set."""
    name: pulumi.Input[str] | None = None
    """Mapping set name."""
    description: pulumi.Input[str] | None = None
    """Mapping set description."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing mapping set to take over instead of creating one."""
    sandbox: pulumi.Input[str] | None = None
    """The sandbox the entity lives in: a ``Sandbox`` resource's ``id`` (its name) or an existing
    sandbox's name. Default: the stack's ``aep:sandboxName``. Changing it replaces the entity: it is
    made in the new sandbox, then deleted from the old one."""


class MappingSet(Resource, module="aep", name="MappingSet"):
    """A Data Prep mapping set."""

    schema_id: pulumi.Output[str]
    version: pulumi.Output[int]
    """The latest version; every change of the mappings adds one."""

    def __init__(self, resource_name: str, args: MappingSetArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        register(self, MAPPING_SET, resource_name, args, opts)


@dataclasses.dataclass(frozen=True, kw_only=True)
class DataflowArgs:
    """The inputs of `Dataflow`."""

    name: pulumi.Input[str]
    """Dataflow name."""
    source_connection_id: pulumi.Input[str]
    """The source connection. Changing it replaces the flow."""
    target_connection_id: pulumi.Input[str]
    """The target connection. Changing it replaces the flow."""
    description: pulumi.Input[str] = ""
    """Dataflow description."""
    mapping_set_id: pulumi.Input[str] | None = None
    """Mapping set applied to incoming records (needed for raw data)."""
    mapping_set_version: pulumi.Input[int] = 0
    """Mapping set version the flow uses; pass ``MappingSet.version`` so a mapping change updates
    the flow."""
    enabled: pulumi.Input[bool] = True
    """Whether the flow ingests; toggled with the enable/disable action."""
    flow_spec_id: pulumi.Input[str] | None = None
    """Flow spec; by default chosen from the source connection's spec. Changing it replaces."""
    ready_timeout_seconds: float = 300.0
    """How long create waits for the flow to be enabled with a known inlet URL before giving up (and
    deleting the flow). Pulumi's customTimeouts do not reach dynamic providers."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing flow to take over instead of creating one."""
    sandbox: pulumi.Input[str] | None = None
    """The sandbox the entity lives in: a ``Sandbox`` resource's ``id`` (its name) or an existing
    sandbox's name. Default: the stack's ``aep:sandboxName``. Changing it replaces the entity: it is
    made in the new sandbox, then deleted from the old one."""


class Dataflow(Resource, module="aep", name="Dataflow"):
    """A Flow Service dataflow from a streaming source to the data lake."""

    name: pulumi.Output[str]
    enabled: pulumi.Output[bool]
    inlet_url: pulumi.Output[str]
    """The streaming inlet URL records are posted to."""
    state: pulumi.Output[str]
    """``enabled`` or ``disabled``."""
    etag: pulumi.Output[str]
    """The flow's current etag."""
    resolved_flow_spec_id: pulumi.Output[str]
    """The flow spec the flow uses."""

    def __init__(self, resource_name: str, args: DataflowArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        register(self, DATAFLOW, resource_name, args, opts)


@dataclasses.dataclass(frozen=True, kw_only=True)
class IdentityNamespaceArgs:
    """The inputs of `IdentityNamespace`."""

    name: pulumi.Input[str]
    """Display name."""
    code: pulumi.Input[str]
    """The identity symbol records and descriptors name it by: letters and digits, unique in the
    sandbox. AEP never changes it."""
    id_type: pulumi.Input[str]
    """COOKIE, CROSS_DEVICE, DEVICE, EMAIL, MOBILE, NON_PEOPLE or PHONE (any case). AEP never
    changes it."""
    description: pulumi.Input[str] = ""
    """Namespace description."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing namespace (its numeric id) to take over instead of creating one."""
    sandbox: pulumi.Input[str] | None = None
    """The sandbox the entity lives in: a ``Sandbox`` resource's ``id`` (its name) or an existing
    sandbox's name. Default: the stack's ``aep:sandboxName``. Changing it replaces the entity: it is
    made in the new sandbox, then deleted from the old one."""


class IdentityNamespace(Resource, module="aep", name="IdentityNamespace"):
    """A custom identity namespace (Identity Service). AEP never changes a namespace's code or type
    and cannot delete one: destroy leaves it in AEP. Standard namespaces (``Email``, ``ECID``,
    ``Phone``...) exist in every sandbox: name them by code, never declare them."""

    name: pulumi.Output[str]
    code: pulumi.Output[str]
    namespace_id: pulumi.Output[int]
    """The namespace's numeric id (the resource id, as a string)."""

    def __init__(
        self, resource_name: str, args: IdentityNamespaceArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        register(self, IDENTITY_NAMESPACE, resource_name, args, opts)


@dataclasses.dataclass(frozen=True, kw_only=True)
class MergePolicyArgs:
    """The inputs of `MergePolicy`."""

    name: pulumi.Input[str]
    """Merge policy name, unique in the sandbox."""
    identity_graph: pulumi.Input[str] = "pdg"
    """``pdg`` (stitch identities through the identity graph) or ``none`` (only fragments that carry
    the identity looked up)."""
    attribute_merge: pulumi.Input[str] = "timestampOrdered"
    """``timestampOrdered`` (the latest record wins) or ``dataSetPrecedence`` (``dataset_order``
    decides)."""
    dataset_order: Sequence[pulumi.Input[str]] = ()
    """For ``dataSetPrecedence``: dataset ids, highest precedence first."""
    default: bool = False
    """Make it the sandbox's default merge policy for its class."""
    class_name: str = "_xdm.context.profile"
    """The XDM class it merges, as the Profile API names it. Changing it replaces the policy."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing merge policy to take over instead of creating one."""
    sandbox: pulumi.Input[str] | None = None
    """The sandbox the entity lives in: a ``Sandbox`` resource's ``id`` (its name) or an existing
    sandbox's name. Default: the stack's ``aep:sandboxName``. Changing it replaces the entity: it is
    made in the new sandbox, then deleted from the old one."""


class MergePolicy(Resource, module="aep", name="MergePolicy"):
    """A Real-Time Customer Profile merge policy: which identities stitch into one profile and which
    attributes win. Making it the default takes the flag from the policy that had it; a refresh does
    not report that policy's loss of the flag as drift of the other."""

    name: pulumi.Output[str]
    merge_policy_id: pulumi.Output[str]
    """The merge policy's id (also the resource id)."""

    def __init__(self, resource_name: str, args: MergePolicyArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        register(self, MERGE_POLICY, resource_name, args, opts)
