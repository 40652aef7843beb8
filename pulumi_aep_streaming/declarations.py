"""Every resource of the package, declared once: its inputs, outputs and docs.

Each input says how the program writes it (its Args type and default), how the provider stores
it (a pydantic annotation), what it means, and whether changing it replaces the entity. From
these, ``scripts/generate`` writes the Args and Resource classes users import (resources.py), the
fields of the provider's input models (provider/fields.py) and the resources reference in
docs/resources.md; the provider derives input names, outputs and replace decisions from them at
run time (provider/interface.py). A test fails when a generated file is stale. Adding a field to
a resource is one entry here and ``scripts/generate``.

Plain data: a program, the provider and the docs build import it without loading pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pulumi_aep_streaming.xdm_catalog import PROFILE

# Adobe's fixed ids the resources default to.
STREAMING_PROVIDER_ID = "521eee4d-8cbe-4906-bb48-fb6bd4450033"
STREAMING_SDK_SPEC = "e77fd9d2-22a8-11ed-861d-0242ac120002"
HTTP_API_SPEC = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"
DATA_LAKE_SPEC = "c604ff05-7f1a-43c0-8e18-33bf874cb11c"
XED_FULL = "application/vnd.adobe.xed-full+json;version=1"

STREAMING_SDK_FLOW_SPEC = "e77fde5a-22a8-11ed-861d-0242ac120002"
HTTP_API_FLOW_SPEC = "d8a6f005-7eaf-4153-983e-e8574508b877"
HTTP_API_MAPPING_FLOW_SPEC = "c1a19761-d2c7-4702-b9fa-fe91f0613e81"


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED = _Required()
"""The default of an input the program must give."""


@dataclass(frozen=True)
class Input:
    """One input: as the program writes it, as the provider stores it, and what it means."""

    name: str
    doc: str
    args_type: str
    """Its annotation in the Args class, e.g. ``pulumi.Input[str]``."""
    stored: str
    """Its annotation in the provider's input model (pydantic), e.g. ``str`` or ``StrictBool``;
    names from provider/types.py carry their own checks."""
    default: object = REQUIRED
    """The Args default. Where the stored annotation is not optional, ``()`` stores an empty list
    and ``None`` an empty dict."""
    replaces: bool = False
    """Whether a change replaces the entity (delete, then create) instead of updating it."""
    secret: bool = False
    """Sent to the engine as a secret, and kept secret in outputs."""
    diffed: bool = True
    """False for inputs that only steer how a change is made, never what AEP holds."""
    fixed: bool = False
    """AEP never lets it change and cannot delete the entity, so a change is neither an update nor a
    replace: the preview fails, naming the input."""
    one_way: bool = False
    """A switch AEP turns on but never off (a replace would delete the customer's data): turning it
    off fails the preview, naming the input."""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass(frozen=True)
class Output:
    """One output attribute of a resource."""

    name: str
    type: str
    doc: str = ""
    computed: bool = True
    """False for an input the resource also exposes as an output."""


@dataclass(frozen=True)
class Declaration:
    """One resource, or (with no outputs and ``nested``) a value type its inputs hold."""

    name: str
    doc: str
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...] = ()
    claims: tuple[tuple[str, str], ...] = ()
    """(what, input): AEP names unique per sandbox, refused while the program runs when two
    resources of the stack use the same one."""
    stored_name: str = ""
    """For a value type: the name of its provider model (default: ``<name>Inputs``)."""
    table_note: str = ""
    """A short note for the docs' table, after the name."""

    @property
    def provider(self) -> str:
        return f"{self.name}Provider"

    @property
    def model(self) -> str:
        return self.stored_name or f"{self.name}Inputs"

    @cached_property
    def input_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    @cached_property
    def computed(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.outputs if o.computed)

    @cached_property
    def replace_on(self) -> frozenset[str]:
        return frozenset(i.name for i in self.inputs if i.replaces)

    @cached_property
    def not_diffed(self) -> frozenset[str]:
        return frozenset(i.name for i in self.inputs if not i.diffed)

    @cached_property
    def fixed(self) -> frozenset[str]:
        return frozenset(i.name for i in self.inputs if i.fixed)

    @cached_property
    def one_way(self) -> frozenset[str]:
        return frozenset(i.name for i in self.inputs if i.one_way)

    @cached_property
    def secrets(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs if i.secret)

    def default(self, name: str) -> object:
        return next(i.default for i in self.inputs if i.name == name)


def _adopt(what: str, doc: str = "") -> Input:
    doc = doc or f"Id of an existing {what} to take over instead of creating one."
    return Input("adopt_id", doc, "pulumi.Input[str] | None", "str | None", None, diffed=False)


def _sandbox() -> Input:
    return Input(
        "sandbox",
        "The sandbox the entity lives in: a ``Sandbox`` resource's ``id`` (its name) or an existing sandbox's "
        "name. Default: the stack's ``aep:sandboxName``. Changing it replaces the entity: it is made in the "
        "new sandbox, then deleted from the old one.",
        "pulumi.Input[str] | None",
        "str | None",
        None,
        diffed=False,
    )


def _name(what: str) -> Input:
    return Input("name", what, "pulumi.Input[str]", "Name")


def _description(what: str, default: str | None = "") -> Input:
    optional = " | None" if default is None else ""
    return Input("description", what, f"pulumi.Input[str]{optional}", f"str{optional}", default)


# -- value types ----------------------------------------------------------------------------------

SCHEMA_FIELD = Declaration(
    "SchemaField",
    "One field of an XDM schema.",
    (
        Input(
            "path",
            "Dotted field path: a standard path such as ``person.name.firstName``, or a custom field under "
            "the tenant namespace: ``_tenant.loyalty.tier``, where ``_tenant`` stands for the org's tenant id "
            "(resolved at preview, so one program serves stacks in several orgs), or the literal "
            "``_<tenant_id>.loyalty.tier``.",
            "str",
            "CustomPath",
        ),
        Input("type", "XDM type: string, integer, number, boolean, date or date-time.", "str", "XdmType", "string"),
        Input(
            "title",
            "Display title of a custom field (defaults to its last path segment).",
            "str | None",
            "str | None",
            None,
        ),
    ),
    stored_name="CustomField",
)

FIELD_MAPPING = Declaration(
    "FieldMapping",
    "One Data Prep mapping from an incoming attribute to an XDM field.",
    (
        Input(
            "source",
            "Attribute path in the incoming record (``firstName``, ``items[0].sku``), an expression "
            "(``upper(lastName)``) when source_type is EXPRESSION, or the value when STATIC.",
            "str",
            "str",
        ),
        Input(
            "destination", "XDM field path in the target schema, e.g. ``person.name.firstName``.", "str", "FieldPath"
        ),
        Input("source_type", "ATTRIBUTE, EXPRESSION or STATIC.", "str", "SourceType", "ATTRIBUTE"),
    ),
    stored_name="MappingItem",
)

IDENTITY = Declaration(
    "Identity",
    "One identity field of a schema: its values identify a person in a namespace (an identity descriptor).",
    (
        Input(
            "path",
            "Dotted path of a string field of the schema: ``personalEmail.address``, or a custom field "
            "``_tenant.loyaltyId``.",
            "str",
            "FieldPath",
        ),
        Input(
            "namespace",
            "Namespace code: a standard one (``Email``, ``ECID``, ``Phone``...) or a custom one, e.g. an "
            "``IdentityNamespace``'s ``code``.",
            "pulumi.Input[str]",
            "NamespaceCode",
        ),
        Input("primary", "Whether it is the schema's primary identity (one per schema).", "bool", "StrictBool", False),
    ),
    stored_name="IdentityField",
)

VALUE_TYPES = (SCHEMA_FIELD, FIELD_MAPPING, IDENTITY)

# -- resources ------------------------------------------------------------------------------------

SCHEMA = Declaration(
    "Schema",
    "An XDM schema (Schema Registry), with its custom fields' field group.",
    (
        Input(
            "title", "Schema title. AEP requires titles to be unique in a sandbox.", "pulumi.Input[str]", "SchemaTitle"
        ),
        _description("Schema description."),
        Input(
            "class_id",
            "XDM class: ``profile``, ``experienceevent`` or a class $id (the default is XDM Individual "
            "Profile's). Changing it replaces the schema.",
            "pulumi.Input[str]",
            "ClassId",
            PROFILE,
            replaces=True,
        ),
        Input(
            "field_groups",
            "Standard field groups by short name (``profile-person-details``) or $id.",
            "Sequence[pulumi.Input[str]]",
            "FieldGroups",
            (),
        ),
        Input(
            "custom_fields",
            "Custom fields under the tenant namespace; they go into a field group made for this schema.",
            "Sequence[SchemaField]",
            "list[CustomField]",
            (),
        ),
        Input(
            "identities",
            "Identity fields (identity descriptors): at most one primary, each a string field of the schema.",
            "Sequence[Identity]",
            "list[IdentityField]",
            (),
        ),
        Input(
            "profile_enabled",
            "Enable the schema for Real-Time Customer Profile (the ``union`` tag); it needs a primary identity "
            "or the Identity Map field group. AEP never disables it: once on, turning it off fails the preview.",
            "bool",
            "StrictBool",
            False,
            one_way=True,
        ),
        _adopt(
            "schema",
            doc="$id of an existing schema to take over instead of creating one (``pulumi import`` of one "
            "resource does not work for dynamic providers; ``aep-streaming export --import-file`` does).",
        ),
        Input(
            "adopt_by_name",
            "Take over an existing schema with the same title instead of failing on the name clash.",
            "bool",
            "StrictBool",
            False,
            diffed=False,
        ),
        _sandbox(),
    ),
    (
        Output("title", "str", computed=False),
        Output("class_id", "str", computed=False),
        Output("schema_id", "str", "The schema's $id (also the resource id)."),
        Output("alt_id", "str", "``meta:altId`` of the schema."),
        Output("version", "str", "Schema version, e.g. 1.0, bumped by every change."),
        Output("tenant_id", "str", "The sandbox's tenant id; custom fields live under ``_<tenant_id>``."),
        Output("field_group_id", "str | None", "$id of the field group holding the custom fields, if any."),
    ),
    claims=(("schema title", "title"),),
)

DATASET = Declaration(
    "Dataset",
    "A Catalog dataset in the data lake.",
    (
        Input("name", "Dataset name.", "pulumi.Input[str]", "DatasetName"),
        Input(
            "schema_id",
            "$id of the XDM schema the dataset stores. Changing it replaces the dataset.",
            "pulumi.Input[str]",
            "str",
            replaces=True,
        ),
        _description("Dataset description."),
        Input(
            "tags",
            'Catalog tags, e.g. ``{"team": ["data"]}``. Names starting with ``adobe`` are reserved, and the '
            "Profile tags are set by ``profile_enabled`` and ``identity_enabled``.",
            "Mapping[str, Sequence[str]] | None",
            "DatasetTags",
            None,
        ),
        Input(
            "profile_enabled",
            "Feed Real-Time Customer Profile (the ``unifiedProfile`` tag); the schema must be Profile-enabled.",
            "bool",
            "StrictBool",
            False,
        ),
        Input(
            "identity_enabled",
            "Feed Identity Service's identity graph (the ``unifiedIdentity`` tag).",
            "bool",
            "StrictBool",
            False,
        ),
        _adopt("dataset"),
        _sandbox(),
    ),
    (
        Output("name", "str", computed=False),
        Output("schema_id", "str", computed=False),
        Output("dataset_id", "str", "The dataset id (also the resource id)."),
    ),
)

BASE_CONNECTION = Declaration(
    "BaseConnection",
    "An HTTP API streaming base connection, which owns a streaming inlet.",
    (
        _name("Connection name; also the default ``sourceId`` of the inlet."),
        _description("Connection description."),
        Input(
            "data_type",
            "``xdm`` for XDM envelopes, ``raw`` for any JSON mapped by a mapping set.",
            "pulumi.Input[str]",
            "DataType",
            "xdm",
        ),
        Input(
            "authentication_required",
            "Whether the inlet demands a bearer token.",
            "pulumi.Input[bool]",
            "StrictBool",
            False,
        ),
        Input(
            "source_id",
            "Source id stamped on records (defaults to the name).",
            "pulumi.Input[str] | None",
            "str | None",
            None,
        ),
        Input(
            "auth_params",
            "Further ``auth.params``; stored as secrets.",
            "Mapping[str, pulumi.Input[Any]] | None",
            "dict[str, Any]",
            None,
            secret=True,
        ),
        Input(
            "connection_spec_id",
            "Connection spec; the HTTP API streaming spec by default. Changing it replaces the connection.",
            "pulumi.Input[str]",
            "str",
            HTTP_API_SPEC,
            replaces=True,
        ),
        _adopt("base connection"),
        _sandbox(),
    ),
    (
        Output("name", "str", computed=False),
        Output("inlet_id", "str", "The inlet's id."),
        Output("inlet_url", "str", "Where records are posted."),
        Output("etag", "str", "The entity's current etag; every update changes it."),
        Output("state", "str", "The entity's state, as AEP reports it (``enabled``)."),
    ),
    table_note="(HTTP API)",
)

SOURCE_CONNECTION = Declaration(
    "SourceConnection",
    "A Flow Service source connection.",
    (
        _name("Source connection name."),
        _description("Source connection description."),
        Input(
            "connection_spec_id",
            "Connection spec; the Streaming SDK generic spec by default. Changing it replaces the connection.",
            "pulumi.Input[str]",
            "str",
            STREAMING_SDK_SPEC,
            replaces=True,
        ),
        Input(
            "base_connection_id",
            "Base connection (HTTP API variant); none for the Streaming SDK. Changing it replaces.",
            "pulumi.Input[str] | None",
            "str | None",
            None,
            replaces=True,
        ),
        Input(
            "provider_id",
            "Provider id of streaming sources. Changing it replaces.",
            "pulumi.Input[str]",
            "str",
            STREAMING_PROVIDER_ID,
            replaces=True,
        ),
        Input(
            "data_format",
            "Incoming data format; ``json`` is the only one streaming sources take.",
            "pulumi.Input[str]",
            "SourceFormat",
            "json",
            replaces=True,
        ),
        Input(
            "params", "Source-specific ``params``.", "Mapping[str, pulumi.Input[Any]] | None", "dict[str, Any]", None
        ),
        _adopt("source connection"),
        _sandbox(),
    ),
    (
        Output("name", "str", computed=False),
        Output("etag", "str", "The entity's current etag; every update changes it."),
        Output("state", "str", "The entity's state, as AEP reports it (``enabled``)."),
    ),
)

TARGET_CONNECTION = Declaration(
    "TargetConnection",
    "A Flow Service target connection to the data lake.",
    (
        _name("Target connection name."),
        Input(
            "dataset_id",
            "Dataset the flow writes to. Changing it replaces the connection (and its flow).",
            "pulumi.Input[str]",
            "str",
            replaces=True,
        ),
        Input(
            "schema_id", "$id of the dataset's schema. Changing it replaces.", "pulumi.Input[str]", "str", replaces=True
        ),
        _description("Target connection description."),
        Input(
            "data_format",
            "``json``, ``parquet_xdm`` or ``delta``. Changing it replaces.",
            "pulumi.Input[str]",
            "TargetFormat",
            "json",
            replaces=True,
        ),
        Input(
            "schema_content_type",
            "Schema media type AEP records with the connection. Changing it replaces.",
            "pulumi.Input[str]",
            "str",
            XED_FULL,
            replaces=True,
        ),
        _adopt("target connection"),
        _sandbox(),
    ),
    (
        Output("name", "str", computed=False),
        Output("etag", "str", "The entity's current etag; every update changes it."),
        Output("state", "str", "The entity's state, as AEP reports it (``enabled``)."),
    ),
)

MAPPING_SET = Declaration(
    "MappingSet",
    "A Data Prep mapping set.",
    (
        Input(
            "schema_id",
            "$id of the target XDM schema. Changing it replaces the mapping set.",
            "pulumi.Input[str]",
            "str",
            replaces=True,
        ),
        Input(
            "mappings",
            "The mappings; changing them stores a new version of the same mapping set.",
            "Sequence[FieldMapping]",
            "list[MappingItem]",
        ),
        Input("name", "Mapping set name.", "pulumi.Input[str] | None", "str | None", None),
        _description("Mapping set description.", None),
        _adopt("mapping set"),
        _sandbox(),
    ),
    (
        Output("schema_id", "str", computed=False),
        Output("version", "int", "The latest version; every change of the mappings adds one."),
    ),
)

DATAFLOW = Declaration(
    "Dataflow",
    "A Flow Service dataflow from a streaming source to the data lake.",
    (
        _name("Dataflow name."),
        Input(
            "source_connection_id",
            "The source connection. Changing it replaces the flow.",
            "pulumi.Input[str]",
            "str",
            replaces=True,
        ),
        Input(
            "target_connection_id",
            "The target connection. Changing it replaces the flow.",
            "pulumi.Input[str]",
            "str",
            replaces=True,
        ),
        _description("Dataflow description."),
        Input(
            "mapping_set_id",
            "Mapping set applied to incoming records (needed for raw data).",
            "pulumi.Input[str] | None",
            "str | None",
            None,
        ),
        Input(
            "mapping_set_version",
            "Mapping set version the flow uses; pass ``MappingSet.version`` so a mapping change updates the flow.",
            "pulumi.Input[int]",
            "MappingVersion",
            0,
        ),
        Input(
            "enabled",
            "Whether the flow ingests; toggled with the enable/disable action.",
            "pulumi.Input[bool]",
            "StrictBool",
            True,
        ),
        Input(
            "flow_spec_id",
            "Flow spec; by default chosen from the source connection's spec. Changing it replaces.",
            "pulumi.Input[str] | None",
            "str | None",
            None,
            replaces=True,
        ),
        Input(
            "ready_timeout_seconds",
            "How long create waits for the flow to be enabled with a known inlet URL before giving up "
            "(and deleting the flow). Pulumi's customTimeouts do not reach dynamic providers.",
            "float",
            "ReadyTimeout",
            300.0,
            diffed=False,
        ),
        _adopt("flow"),
        _sandbox(),
    ),
    (
        Output("name", "str", computed=False),
        Output("enabled", "bool", computed=False),
        Output("inlet_url", "str", "The streaming inlet URL records are posted to."),
        Output("state", "str", "``enabled`` or ``disabled``."),
        Output("etag", "str", "The flow's current etag."),
        Output("resolved_flow_spec_id", "str", "The flow spec the flow uses."),
    ),
)

IDENTITY_NAMESPACE = Declaration(
    "IdentityNamespace",
    "A custom identity namespace (Identity Service). AEP never changes a namespace's code or type and "
    "cannot delete one: destroy leaves it in AEP. Standard namespaces (``Email``, ``ECID``, ``Phone``...) "
    "exist in every sandbox: name them by code, never declare them.",
    (
        _name("Display name."),
        Input(
            "code",
            "The identity symbol records and descriptors name it by: letters and digits, unique in the sandbox. "
            "AEP never changes it.",
            "pulumi.Input[str]",
            "NamespaceCode",
            fixed=True,
        ),
        Input(
            "id_type",
            "COOKIE, CROSS_DEVICE, DEVICE, EMAIL, MOBILE, NON_PEOPLE or PHONE (any case). AEP never changes it.",
            "pulumi.Input[str]",
            "IdType",
            fixed=True,
        ),
        _description("Namespace description."),
        _adopt("namespace (its numeric id)"),
        _sandbox(),
    ),
    (
        Output("name", "str", computed=False),
        Output("code", "str", computed=False),
        Output("namespace_id", "int", "The namespace's numeric id (the resource id, as a string)."),
    ),
    claims=(("namespace code", "code"),),
)

MERGE_POLICY = Declaration(
    "MergePolicy",
    "A Real-Time Customer Profile merge policy: which identities stitch into one profile and which "
    "attributes win. Making it the default takes the flag from the policy that had it; a refresh does not "
    "report that policy's loss of the flag as drift of the other.",
    (
        _name("Merge policy name, unique in the sandbox."),
        Input(
            "identity_graph",
            "``pdg`` (stitch identities through the identity graph) or ``none`` (only fragments that carry "
            "the identity looked up).",
            "pulumi.Input[str]",
            "IdentityGraph",
            "pdg",
        ),
        Input(
            "attribute_merge",
            "``timestampOrdered`` (the latest record wins) or ``dataSetPrecedence`` (``dataset_order`` decides).",
            "pulumi.Input[str]",
            "AttributeMerge",
            "timestampOrdered",
        ),
        Input(
            "dataset_order",
            "For ``dataSetPrecedence``: dataset ids, highest precedence first.",
            "Sequence[pulumi.Input[str]]",
            "list[str]",
            (),
        ),
        Input(
            "default",
            "Make it the sandbox's default merge policy for its class.",
            "bool",
            "StrictBool",
            False,
        ),
        Input(
            "class_name",
            "The XDM class it merges, as the Profile API names it. Changing it replaces the policy.",
            "str",
            "ProfileClass",
            "_xdm.context.profile",
            replaces=True,
        ),
        _adopt("merge policy"),
        _sandbox(),
    ),
    (
        Output("name", "str", computed=False),
        Output("merge_policy_id", "str", "The merge policy's id (also the resource id)."),
    ),
    claims=(("merge policy name", "name"),),
)

SANDBOX = Declaration(
    "Sandbox",
    "A development sandbox of the org (Sandbox Management). Creating it waits until AEP reports it active; "
    "deleting it deletes everything in it and waits until it is gone. Production sandboxes are never made, "
    "adopted or deleted. Its id is its name: give other resources ``sandbox=<the Sandbox>.id`` to make them "
    "inside it.",
    (
        Input(
            "name",
            "Sandbox name, unique in the org: lower-case letters, digits and hyphens. Changing it replaces the "
            "sandbox, and everything in it.",
            "pulumi.Input[str]",
            "SandboxName",
            replaces=True,
        ),
        Input("title", "Display title in the AEP UI.", "pulumi.Input[str]", "Name"),
        Input(
            "type",
            "``development``, the only type a stack makes: production sandboxes are refused at preview.",
            "str",
            "SandboxType",
            "development",
            replaces=True,
        ),
        Input(
            "ready_timeout_seconds",
            "How long create waits for AEP to report the sandbox active, and delete for it to be gone.",
            "float",
            "ReadyTimeout",
            1800.0,
            diffed=False,
        ),
        _adopt("development sandbox (its name)"),
    ),
    (
        Output("name", "str", computed=False),
        Output("state", "str", "The sandbox's state as AEP reports it (``active`` once made)."),
        Output("region", "str", "The region AEP made the sandbox in."),
    ),
    claims=(("sandbox name", "name"),),
)

RESOURCES = (
    SANDBOX,
    SCHEMA,
    DATASET,
    BASE_CONNECTION,
    SOURCE_CONNECTION,
    TARGET_CONNECTION,
    MAPPING_SET,
    DATAFLOW,
    IDENTITY_NAMESPACE,
    MERGE_POLICY,
)
DECLARATIONS = {d.name: d for d in RESOURCES}
