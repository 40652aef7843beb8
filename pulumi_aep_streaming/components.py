"""StreamingSource: the whole streaming-source chain of Adobe's tutorial from one typed call.

schema (with the field groups its fields need) -> dataset -> [base connection, for the HTTP API
variant] -> source connection -> target connection -> mapping set -> dataflow, and the inlet URL.
Mapping destinations and identity fields are checked against the schema's fields while the
program runs, so a typo fails the preview before anything is created. With ``profile=True`` the
schema carries its identities and joins Real-Time Customer Profile, and the dataset feeds Profile
and the identity graph: Adobe's "Stream record data" order, in one call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import ClassVar, Literal

import pulumi

from . import xdm_catalog
from ._registration import claim
from .declarations import HTTP_API_MAPPING_FLOW_SPEC, HTTP_API_SPEC, STREAMING_SDK_FLOW_SPEC
from .expressions import expression_problem, static_value_problem
from .resources import (
    AepInputError,
    BaseConnection,
    BaseConnectionArgs,
    Dataflow,
    DataflowArgs,
    Dataset,
    DatasetArgs,
    FieldMapping,
    Identity,
    MappingSet,
    MappingSetArgs,
    Schema,
    SchemaArgs,
    SchemaField,
    SourceConnection,
    SourceConnectionArgs,
    TargetConnection,
    TargetConnectionArgs,
)

Variant = Literal["streaming_sdk", "http_api"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class StreamingSourceArgs:
    mappings: Sequence[FieldMapping]
    """How incoming attributes map to schema fields; each destination must be a field of the schema."""
    fields: Sequence[SchemaField] = ()
    """Fields the schema needs. Standard paths (``person.name.firstName``) bring in their standard
    field group; paths under the tenant namespace become custom fields: ``_tenant.loyalty.tier``
    (``_tenant`` stands for the org's tenant id, resolved at preview) or the literal
    ``_<tenant id>.loyalty.tier``."""
    schema_class: str = "profile"
    """XDM class of the schema: ``profile`` or ``experienceevent``."""
    field_groups: Sequence[str] = ()
    """Further standard field groups to include."""
    schema_title: str | None = None
    """Schema title (unique per sandbox); defaults to the component's name."""
    display_name: pulumi.Input[str] | None = None
    """Name given to the AEP entities (dataset, connections, flow); defaults to the component's name."""
    description: pulumi.Input[str] = ""
    """Description given to the AEP entities."""
    schema_id: pulumi.Input[str] | None = None
    """An existing schema's $id to use instead of creating one (``fields`` are then not used)."""
    dataset_id: pulumi.Input[str] | None = None
    """An existing dataset's id to use instead of creating one (needs ``schema_id``)."""
    variant: Variant = "streaming_sdk"
    """``streaming_sdk`` (the generic Streaming SDK source, one inlet per flow) or ``http_api``
    (an HTTP API base connection owns the inlet)."""
    authentication_required: bool = False
    """HTTP API variant: whether the inlet demands a bearer token."""
    target_format: str = "json"
    """Data format of the target connection: json, parquet_xdm or delta. Changing it replaces the
    target connection and the flow."""
    enabled: pulumi.Input[bool] = True
    """Whether the dataflow ingests."""
    identities: Sequence[Identity] = ()
    """The schema's identity fields, e.g. ``Identity("personalEmail.address", "Email", primary=True)``;
    a standard path brings in its field group, a custom one must be among ``fields``."""
    profile: bool = False
    """Feed Real-Time Customer Profile: the schema is Profile-enabled (it needs a primary identity) and
    the dataset feeds Profile and the identity graph. AEP never turns a schema's Profile off again."""
    sandbox: pulumi.Input[str] | None = None
    """The sandbox every entity lives in: a ``Sandbox`` resource's ``id`` or an existing sandbox's
    name; default the stack's ``aep:sandboxName``. Changing it replaces every entity into the new
    sandbox and deletes the old ones."""


def _schema_parts(args: StreamingSourceArgs) -> tuple[str, list[str], list[SchemaField]]:
    """(class $id, field groups, custom fields) for the declared fields; raises on a bad field."""
    klass = xdm_catalog.class_id(args.schema_class)
    if klass not in xdm_catalog.CLASS_FIELDS:
        raise AepInputError(f"schema_class {args.schema_class!r} is not known; use 'profile' or 'experienceevent'")
    groups = [xdm_catalog.field_group_id(g) for g in args.field_groups]
    custom: list[SchemaField] = []
    declared = {f.path for f in args.fields}
    for i, identity in enumerate(args.identities):
        if xdm_catalog.is_custom_path(identity.path) and identity.path not in declared:
            raise AepInputError(
                f"identities[{i}]: {identity.path!r} is a custom field that fields does not declare; "
                f"add SchemaField({identity.path!r}) to fields"
            )
    paths = [*args.fields, *(SchemaField(i.path) for i in args.identities if i.path not in declared)]
    for i, field in enumerate(paths):
        if xdm_catalog.is_custom_path(field.path):
            problem = xdm_catalog.check_custom_path(field.path)
            if problem:
                raise AepInputError(f"fields[{i}]: {problem}")
            custom.append(field)
            continue
        if field.path in xdm_catalog.CLASS_FIELDS[klass]:
            continue
        group = xdm_catalog.group_for(field.path, klass)
        if group is None:
            where = f"fields[{i}]" if i < len(args.fields) else "identities"
            raise AepInputError(
                f"{where}: {field.path!r} is not a standard field of class {args.schema_class!r}; "
                "use a standard path or put custom fields under your tenant namespace ('_<tenant>.<name>')"
            )
        if group not in groups:
            groups.append(group)
    return klass, groups, custom


def check_mappings(args: StreamingSourceArgs, klass: str, groups: list[str], custom: list[SchemaField]) -> None:
    """Raise an AepInputError naming the first mapping that cannot work with this schema."""
    if not args.mappings:
        raise AepInputError("mappings: give at least one FieldMapping(source, destination)")
    known = xdm_catalog.known_paths(klass, groups, {f.path: f.type for f in custom})
    for i, mapping in enumerate(args.mappings):
        kind = mapping.source_type.upper()
        if kind != "STATIC" and not mapping.source.strip():
            raise AepInputError(f"mappings[{i}]: the source of the mapping to {mapping.destination!r} is empty")
        field_type = xdm_catalog.type_at(mapping.destination, known)
        if field_type is None:
            raise AepInputError(
                f"mappings[{i}]: destination {mapping.destination!r} is not a field of the schema; "
                f"add SchemaField({mapping.destination!r}) to fields, or fix the path"
            )
        problem = (
            expression_problem(mapping.source)
            if kind == "EXPRESSION"
            else static_value_problem(mapping.source, field_type)
            if kind == "STATIC"
            else None
        )
        if problem:
            raise AepInputError(
                f"mappings[{i}]: {problem} for {mapping.destination!r} ({field_type}); "
                + ("fix the expression" if kind == "EXPRESSION" else f"give a {field_type} value")
            )


class StreamingSource(pulumi.ComponentResource):
    """A streaming source into the data lake, from schema to inlet URL."""

    inlet_url: pulumi.Output[str]
    """The URL records are posted to (the flow's streaming inlet)."""
    flow_id: pulumi.Output[str]
    """The dataflow's id."""
    dataset_id: pulumi.Output[str]
    """The id of the dataset records land in."""
    schema_id: pulumi.Output[str]
    """The XDM schema's $id."""
    mapping_set_id: pulumi.Output[str]
    """The Data Prep mapping set's id."""
    mapping_set_version: pulumi.Output[int]
    """The mapping set version the flow uses (a mapping change stores a new one)."""
    profile_lookup: pulumi.Output[str | None]
    """With ``profile=True``: the command that reads a profile back by the primary identity."""

    # Its type in Python programs (stable: written into every stack's state). The plugin that hosts it
    # for other languages gives it its package's own.
    pulumi_type: ClassVar[str] = "aep:streaming:StreamingSource"

    def __init__(self, name: str, args: StreamingSourceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        try:
            parts = self._check(name, args)
        except AepInputError as error:
            raise AepInputError(f"StreamingSource {name!r}: {error}") from None
        super().__init__(self.pulumi_type, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        label = args.display_name if args.display_name is not None else name

        if args.schema_id is None:
            assert parts is not None  # _check derived them: this source creates its schema
            klass, groups, custom = parts
            schema = Schema(
                f"{name}-schema",
                SchemaArgs(
                    sandbox=args.sandbox,
                    title=args.schema_title or name,
                    description=args.description,
                    class_id=klass,
                    field_groups=groups,
                    custom_fields=custom,
                    # In the order the provider stores them (by path), so that a no-change preview
                    # finds the program's list as the state holds it.
                    identities=sorted(args.identities, key=lambda i: i.path),
                    profile_enabled=args.profile,
                ),
                child,
            )
            schema_id: pulumi.Input[str] = schema.id
        else:
            schema_id = args.schema_id
        if args.dataset_id is None:
            dataset_id: pulumi.Input[str] = Dataset(
                f"{name}-dataset",
                DatasetArgs(
                    sandbox=args.sandbox,
                    name=label,
                    description=args.description,
                    schema_id=schema_id,
                    profile_enabled=args.profile,
                    identity_enabled=args.profile,
                ),
                child,
            ).id
        else:
            dataset_id = args.dataset_id

        if args.variant == "http_api":
            base = BaseConnection(
                f"{name}-base",
                BaseConnectionArgs(
                    sandbox=args.sandbox,
                    name=label,
                    description=args.description,
                    data_type="raw",
                    authentication_required=args.authentication_required,
                ),
                child,
            )
            source = SourceConnection(
                f"{name}-source",
                SourceConnectionArgs(
                    sandbox=args.sandbox,
                    name=label,
                    description=args.description,
                    connection_spec_id=HTTP_API_SPEC,
                    base_connection_id=base.id,
                ),
                child,
            )
        else:
            source = SourceConnection(
                f"{name}-source",
                SourceConnectionArgs(sandbox=args.sandbox, name=label, description=args.description),
                child,
            )
        target = TargetConnection(
            f"{name}-target",
            TargetConnectionArgs(
                sandbox=args.sandbox,
                name=label,
                description=args.description,
                dataset_id=dataset_id,
                schema_id=schema_id,
                data_format=args.target_format,
            ),
            child,
        )
        mapping_set = MappingSet(
            f"{name}-mapping",
            # Named by the display name, not the Pulumi name: a rename by alias must write nothing, and
            # a new name would store a new version (Data Prep only has PUT).
            MappingSetArgs(
                sandbox=args.sandbox, schema_id=schema_id, mappings=list(args.mappings), name=f"{label} mappings"
            ),
            child,
        )
        flow = Dataflow(
            f"{name}-flow",
            DataflowArgs(
                sandbox=args.sandbox,
                name=label,
                description=args.description,
                source_connection_id=source.id,
                target_connection_id=target.id,
                mapping_set_id=mapping_set.id,
                mapping_set_version=mapping_set.version,
                enabled=args.enabled,
                # Known here, so the provider need not read the source connection to choose it.
                flow_spec_id=HTTP_API_MAPPING_FLOW_SPEC if args.variant == "http_api" else STREAMING_SDK_FLOW_SPEC,
            ),
            child,
        )

        self.inlet_url = flow.inlet_url
        self.flow_id = flow.id
        self.dataset_id = pulumi.Output.from_input(dataset_id)
        self.schema_id = pulumi.Output.from_input(schema_id)
        self.mapping_set_id = mapping_set.id
        self.mapping_set_version = mapping_set.version
        primary = next((i for i in args.identities if i.primary), None)
        self.profile_lookup = (
            pulumi.Output.concat("aep-streaming profile get --ns ", primary.namespace, f" --id <{primary.path}>")
            if args.profile and primary is not None
            else pulumi.Output.from_input(None)
        )
        self.register_outputs(
            {
                "inlet_url": self.inlet_url,
                "flow_id": self.flow_id,
                "dataset_id": self.dataset_id,
                "schema_id": self.schema_id,
                "mapping_set_id": self.mapping_set_id,
                "mapping_set_version": self.mapping_set_version,
                "profile_lookup": self.profile_lookup,
            }
        )

    @staticmethod
    def _check(name: str, args: StreamingSourceArgs) -> tuple[str, list[str], list[SchemaField]] | None:
        """Everything about the inputs that can be known before anything is created; answers the
        schema's parts (class, field groups, custom fields) when this source creates its schema."""
        if args.dataset_id is not None and args.schema_id is None:
            raise AepInputError("dataset_id needs schema_id: pass the $id of the existing dataset's schema too")
        if args.profile and args.schema_id is not None:
            raise AepInputError(
                "profile=True enables the schema this source creates; with schema_id, enable that schema for "
                "Profile where it is declared and leave profile False"
            )
        primaries = [i.path for i in args.identities if i.primary]
        if len(primaries) > 1:
            raise AepInputError(f"identities: {' and '.join(primaries)} are both primary; a schema has one primary")
        if args.profile and not primaries:
            raise AepInputError(
                "profile=True needs a primary identity: add Identity(<field>, <namespace>, primary=True) to identities"
            )
        if args.variant not in ("streaming_sdk", "http_api"):
            raise AepInputError(f"variant {args.variant!r} is not known; use 'streaming_sdk' or 'http_api'")
        parts = _schema_parts(args) if args.schema_id is None else None
        if parts is not None:
            check_mappings(args, *parts)
        # The flow and its connections carry this name; leftovers of an interrupted run are
        # recognised by it, so two sources of one stack must not share it.
        claim("display name", args.display_name if args.display_name is not None else name, f"StreamingSource {name!r}")
        return parts
