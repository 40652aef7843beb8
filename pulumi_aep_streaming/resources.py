"""Pulumi resources, one per AEP entity, each with typed Args.

Every resource is a ``pulumi.dynamic.Resource`` with the type token
``pulumi-python:dynamic/aep:<Name>``. Pass other resources by their ``.id`` (it stays known in
previews, unlike other outputs of dynamic resources). Credentials come from the stack config
(``aep:*``) or AEP_* variables, never from Args.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.dynamic import Resource
from pulumi.runtime import settings as runtime_settings

from ._process import program_started
from .client import AepError
from .provider import reference_to
from .provider.interface import (
    LITERALS,
    OWNER,
    BaseConnectionInterface,
    DataflowInterface,
    DatasetInterface,
    Interface,
    MappingSetInterface,
    SchemaInterface,
    SourceConnectionInterface,
    TargetConnectionInterface,
    owner_key,
)


@dataclasses.dataclass(frozen=True)
class SchemaField:
    """One field of an XDM schema."""

    path: str
    """Dotted field path: a standard path such as ``person.name.firstName``, or a custom field under
    the tenant namespace: ``_tenant.loyalty.tier``, where ``_tenant`` stands for the org's tenant id
    (resolved at preview, so one program serves stacks in several orgs), or the literal
    ``_<tenant id>.loyalty.tier``."""
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


class AepInputError(AepError, pulumi.RunError, ValueError):
    """A program input that cannot work, found while the program runs, before anything is created.

    A ``pulumi.RunError``: the engine shows its message alone, without a Python traceback.
    """


# What each running program has claimed, per kind: AEP names that must be unique in a sandbox.
_claims: weakref.WeakKeyDictionary[object, dict[tuple[str, str], str]] = weakref.WeakKeyDictionary()


def claim(kind: str, value: Any, owner: str) -> None:
    """Record that ``owner`` uses ``value`` as its ``kind``; raise if another resource of this
    program already does. Values not known while the program runs (outputs) are not checked."""
    if not isinstance(value, str):
        return
    claimed = _claims.setdefault(runtime_settings.SETTINGS, {})
    other = claimed.setdefault((kind, value), owner)
    if other != owner:
        raise AepInputError(
            f"{owner}: {kind} {value!r} is already used by {other} in this stack; AEP needs it unique, "
            f"so give one of them another {kind}"
        )


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _props(resource_name: str, args: Any, interface: type[Interface], secret: Sequence[str] = ()) -> dict[str, Any]:
    """The dict a dynamic Resource needs: every input, secrets wrapped, output-only keys as None, and
    the owner the provider writes on the entity it makes (provider/ownership.py)."""
    program_started()  # the first resource: what the program imported is loaded
    props: dict[str, Any] = {}
    for f in dataclasses.fields(args):
        value = _plain(getattr(args, f.name))
        props[f.name] = pulumi.Output.secret(value) if f.name in secret and value is not None else value
    props.update({key: None for key in interface.outputs})
    props[OWNER] = owner_key(pulumi.get_project(), pulumi.get_stack(), resource_name)
    # Ids written out (not another resource's output): the provider reads them at preview.
    props[LITERALS] = sorted(k for k, v in props.items() if k.endswith("_id") and isinstance(v, str) and v)
    return props


def _opts(opts: pulumi.ResourceOptions | None, **more: Any) -> pulumi.ResourceOptions:
    """``opts`` with what every resource of this package needs: a replace deletes the old entity
    first, so that the new one (same owner, often the same unique name) never meets it."""
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(delete_before_replace=True, **more))


# -- Schema ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class SchemaArgs:
    title: pulumi.Input[str]
    """Schema title. AEP requires titles to be unique in a sandbox."""
    description: pulumi.Input[str] = SchemaInterface.description
    """Schema description."""
    class_id: pulumi.Input[str] = SchemaInterface.class_id
    """XDM class: ``profile``, ``experienceevent`` or a class $id (the default is XDM Individual
    Profile's). Changing it replaces the schema."""
    field_groups: Sequence[pulumi.Input[str]] = ()
    """Standard field groups by short name (``profile-person-details``) or $id."""
    custom_fields: Sequence[SchemaField] = ()
    """Custom fields under the tenant namespace; they go into a field group made for this schema."""
    adopt_id: pulumi.Input[str] | None = None
    """$id of an existing schema to take over instead of creating one (``pulumi import`` does not
    work for dynamic providers)."""
    adopt_by_name: bool = SchemaInterface.adopt_by_name
    """Take over an existing schema with the same title instead of failing on the name clash."""


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
        claim("schema title", args.title, f"Schema {resource_name!r}")
        super().__init__(
            reference_to("SchemaProvider"), resource_name, _props(resource_name, args, SchemaInterface), _opts(opts)
        )


# -- Dataset --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class DatasetArgs:
    name: pulumi.Input[str]
    """Dataset name."""
    schema_id: pulumi.Input[str]
    """$id of the XDM schema the dataset stores. Changing it replaces the dataset."""
    description: pulumi.Input[str] = DatasetInterface.description
    """Dataset description."""
    tags: Mapping[str, Sequence[str]] | None = None
    """Catalog tags, e.g. ``{"team": ["data"]}``. Names starting with ``adobe`` are reserved."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing dataset to take over instead of creating one."""


class Dataset(Resource, module="aep", name="Dataset"):
    """A Catalog dataset in the data lake."""

    name: pulumi.Output[str]
    schema_id: pulumi.Output[str]
    dataset_id: pulumi.Output[str]
    """The dataset id (also the resource id)."""

    def __init__(self, resource_name: str, args: DatasetArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(
            reference_to("DatasetProvider"), resource_name, _props(resource_name, args, DatasetInterface), _opts(opts)
        )


# -- Flow Service connections ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class BaseConnectionArgs:
    name: pulumi.Input[str]
    """Connection name; also the default ``sourceId`` of the inlet."""
    description: pulumi.Input[str] = BaseConnectionInterface.description
    """Connection description."""
    data_type: pulumi.Input[str] = BaseConnectionInterface.data_type
    """``xdm`` for XDM envelopes, ``raw`` for any JSON mapped by a mapping set."""
    authentication_required: pulumi.Input[bool] = BaseConnectionInterface.authentication_required
    """Whether the inlet demands a bearer token."""
    source_id: pulumi.Input[str] | None = None
    """Source id stamped on records (defaults to the name)."""
    auth_params: Mapping[str, pulumi.Input[Any]] | None = None
    """Further ``auth.params``; stored as secrets."""
    connection_spec_id: pulumi.Input[str] = BaseConnectionInterface.connection_spec_id
    """Connection spec; the HTTP API streaming spec by default. Changing it replaces the connection."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing base connection to take over."""


class BaseConnection(Resource, module="aep", name="BaseConnection"):
    """An HTTP API streaming base connection, which owns a streaming inlet."""

    name: pulumi.Output[str]
    inlet_id: pulumi.Output[str]
    """The inlet's id."""
    inlet_url: pulumi.Output[str]
    """Where records are posted."""
    etag: pulumi.Output[str]
    state: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: BaseConnectionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(
            reference_to("BaseConnectionProvider"),
            resource_name,
            _props(resource_name, args, BaseConnectionInterface, secret=["auth_params"]),
            _opts(opts, additional_secret_outputs=["auth_params"]),
        )


@dataclasses.dataclass(frozen=True, kw_only=True)
class SourceConnectionArgs:
    name: pulumi.Input[str]
    """Source connection name."""
    description: pulumi.Input[str] = SourceConnectionInterface.description
    """Source connection description."""
    connection_spec_id: pulumi.Input[str] = SourceConnectionInterface.connection_spec_id
    """Connection spec; the Streaming SDK generic spec by default. Changing it replaces the connection."""
    base_connection_id: pulumi.Input[str] | None = None
    """Base connection (HTTP API variant); none for the Streaming SDK. Changing it replaces."""
    provider_id: pulumi.Input[str] = SourceConnectionInterface.provider_id
    """Provider id of streaming sources. Changing it replaces."""
    data_format: pulumi.Input[str] = SourceConnectionInterface.data_format
    """Incoming data format; ``json`` is the only one streaming sources take."""
    params: Mapping[str, pulumi.Input[Any]] | None = None
    """Source-specific ``params``."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing source connection to take over."""


class SourceConnection(Resource, module="aep", name="SourceConnection"):
    """A Flow Service source connection."""

    name: pulumi.Output[str]
    etag: pulumi.Output[str]
    state: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: SourceConnectionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(
            reference_to("SourceConnectionProvider"),
            resource_name,
            _props(resource_name, args, SourceConnectionInterface),
            _opts(opts),
        )


@dataclasses.dataclass(frozen=True, kw_only=True)
class TargetConnectionArgs:
    name: pulumi.Input[str]
    """Target connection name."""
    dataset_id: pulumi.Input[str]
    """Dataset the flow writes to. Changing it replaces the connection (and its flow)."""
    schema_id: pulumi.Input[str]
    """$id of the dataset's schema. Changing it replaces."""
    description: pulumi.Input[str] = TargetConnectionInterface.description
    """Target connection description."""
    data_format: pulumi.Input[str] = TargetConnectionInterface.data_format
    """``json``, ``parquet_xdm`` or ``delta``. Changing it replaces."""
    schema_content_type: pulumi.Input[str] = TargetConnectionInterface.schema_content_type
    """Schema media type AEP records with the connection. Changing it replaces."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing target connection to take over."""


class TargetConnection(Resource, module="aep", name="TargetConnection"):
    """A Flow Service target connection to the data lake."""

    name: pulumi.Output[str]
    etag: pulumi.Output[str]
    state: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: TargetConnectionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(
            reference_to("TargetConnectionProvider"),
            resource_name,
            _props(resource_name, args, TargetConnectionInterface),
            _opts(opts),
        )


# -- Data Prep ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class MappingSetArgs:
    schema_id: pulumi.Input[str]
    """$id of the target XDM schema. Changing it replaces the mapping set."""
    mappings: Sequence[FieldMapping]
    """The mappings; changing them stores a new version of the same mapping set."""
    name: pulumi.Input[str] | None = None
    """Mapping set name."""
    description: pulumi.Input[str] | None = None
    """Mapping set description."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing mapping set to take over."""


class MappingSet(Resource, module="aep", name="MappingSet"):
    """A Data Prep mapping set."""

    schema_id: pulumi.Output[str]
    version: pulumi.Output[int]
    """The latest version; every change of the mappings adds one."""

    def __init__(self, resource_name: str, args: MappingSetArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(
            reference_to("MappingSetProvider"),
            resource_name,
            _props(resource_name, args, MappingSetInterface),
            _opts(opts),
        )


# -- Dataflow -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class DataflowArgs:
    name: pulumi.Input[str]
    """Dataflow name."""
    source_connection_id: pulumi.Input[str]
    """The source connection. Changing it replaces the flow."""
    target_connection_id: pulumi.Input[str]
    """The target connection. Changing it replaces the flow."""
    description: pulumi.Input[str] = DataflowInterface.description
    """Dataflow description."""
    mapping_set_id: pulumi.Input[str] | None = None
    """Mapping set applied to incoming records (needed for raw data)."""
    mapping_set_version: pulumi.Input[int] = DataflowInterface.mapping_set_version
    """Mapping set version the flow uses; pass ``MappingSet.version`` so a mapping change updates the flow."""
    enabled: pulumi.Input[bool] = DataflowInterface.enabled
    """Whether the flow ingests; toggled with the enable/disable action."""
    flow_spec_id: pulumi.Input[str] | None = None
    """Flow spec; by default chosen from the source connection's spec. Changing it replaces."""
    ready_timeout_seconds: float = DataflowInterface.ready_timeout_seconds
    """How long create waits for the flow to be enabled with a known inlet URL before giving up
    (and deleting the flow). Pulumi's customTimeouts do not reach dynamic providers."""
    adopt_id: pulumi.Input[str] | None = None
    """Id of an existing flow to take over."""


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
        super().__init__(
            reference_to("DataflowProvider"), resource_name, _props(resource_name, args, DataflowInterface), _opts(opts)
        )
