"""``aep-streaming export``: a sandbox's streaming flows as a Pulumi program that adopts them.

Each entity is read the way the providers read it on refresh (``AepProvider.current``), so the exported
arguments are exactly what AEP holds: the first ``pulumi up`` adopts every entity through
``adopt_id`` and sends AEP nothing but reads. What the resources cannot declare (another source
kind, a custom XDM class, a target other than the data lake) is listed in a comment, never dropped
silently.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pulumi_aep_streaming as package

from .. import xdm_catalog
from ..client import AepClient, AepNotFoundError, AepSettings, Flow
from ..declarations import DATA_LAKE_SPEC, HTTP_API_SPEC, STREAMING_SDK_SPEC
from ..provider import reading, tenant
from ..provider.connections import BaseConnectionProvider, SourceConnectionProvider, TargetConnectionProvider
from ..provider.dataflow import DataflowProvider
from ..provider.dataset import DatasetProvider
from ..provider.identity import IdentityNamespaceProvider
from ..provider.inputs import (
    BaseConnectionInputs,
    DataflowInputs,
    MergePolicyInputs,
    SourceConnectionInputs,
    TargetConnectionInputs,
)
from ..provider.mapping_set import MappingSetProvider
from ..provider.merge_policy import MergePolicyProvider
from ..provider.schema import SchemaProvider, field_group_title

IMS_DEFAULT = AepSettings.model_fields["ims_endpoint"].default
FILES = ("__main__.py", "Pulumi.yaml", "requirements.txt", "README.md")
STREAMING_SOURCE_SPECS = frozenset({STREAMING_SDK_SPEC, HTTP_API_SPEC})


class ExportError(ValueError):
    """Nothing to export (an empty sandbox, an unknown flow id); the message names it."""


class Code(str):
    """Python source to write as is (a reference to another resource), not as a literal."""


@dataclass
class Declared:
    """One resource of the program: its variable, Pulumi class and arguments; the entity it adopts
    and the state a refresh would record for it (provider, inputs as AEP holds them, outputs)."""

    var: str
    cls: str
    resource_name: str
    args: dict[str, Any]
    comment: str
    entity_id: str = ""
    state: tuple[Any, dict[str, Any], dict[str, Any]] | None = None


@dataclass
class Program:
    settings: AepSettings
    declared: list[Declared] = field(default_factory=list)
    by_id: dict[str, Declared] = field(default_factory=dict)
    exports: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)  # config keys the program requires
    _names: set[str] = field(default_factory=set)

    def unique(self, base: str) -> str:
        name, n = base, 2
        while name in self._names:
            name, n = f"{base}_{n}", n + 1
        self._names.add(name)
        return name


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unnamed"


def _without_defaults(values: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Arguments worth writing: those that differ from the Args defaults."""
    return {k: v for k, v in values.items() if v is not None and (k not in defaults or defaults[k] != v)}


def _defaults(model: type[Any]) -> dict[str, Any]:
    return {
        name: f.get_default(call_default_factory=True) for name, f in model.model_fields.items() if not f.is_required()
    }


class Exporter:
    """Reads a sandbox's streaming flows and everything they use, once each."""

    def __init__(self, client: AepClient) -> None:
        self.aep = client
        self.program = Program(client.settings)
        self._groups: list[Any] | None = None
        self._namespaces: dict[str, Any] | None = None
        self._states: dict[str, tuple[Any, dict[str, Any], dict[str, Any]]] = {}

    def export(self, flow_ids: list[str]) -> Program:
        with reading():  # each kind from one listing, however many flows share it
            for found in self._flows(flow_ids):
                problem = self._inexpressible(found)
                if problem:
                    self.program.skipped.append(f"flow {found.name!r} ({found.id}): {problem}")
                    continue
                self._flow(found)
            if not flow_ids:  # the whole sandbox: its Profile set-up too
                for namespace in self._custom_namespaces().values():
                    self._namespace(namespace.code)
                for policy in self.aep.profile.merge_policies():
                    self._merge_policy(policy.id)
        if not self.program.declared:
            raise ExportError(
                f"sandbox {self.program.settings.sandbox_name!r} has no streaming flows this package can declare"
                + "".join(f"\n  not exported: {s}" for s in self.program.skipped)
            )
        return self.program

    def _flows(self, flow_ids: list[str]) -> list[Flow]:
        flows = self.aep.flow_service.flows
        if not flow_ids:
            every = list(flows.list())
            if not every:
                raise ExportError(f"sandbox {self.program.settings.sandbox_name!r} has no flows; nothing to export")
            return every
        out = []
        for flow_id in flow_ids:
            try:
                out.append(flows.get(flow_id))
            except AepNotFoundError:
                raise ExportError(f"no flow {flow_id!r} in sandbox {self.program.settings.sandbox_name!r}") from None
        return out

    def _inexpressible(self, flow: Flow) -> str | None:
        """Why the resources cannot declare this flow, or None when they can."""
        if len(flow.source_connection_ids) != 1 or len(flow.target_connection_ids) != 1:
            return "it has several source or target connections"
        if any(t.name != "Mapping" for t in flow.transformations):
            return "it has transformations other than one Mapping"
        source = SourceConnectionProvider().entity(self.aep, flow.source_connection_ids[0])
        if source is None or source.connection_spec.id not in STREAMING_SOURCE_SPECS:
            spec = source.connection_spec.id if source else "none (it is gone)"
            return f"its source connection uses spec {spec}, not a streaming source"
        target = TargetConnectionProvider().entity(self.aep, flow.target_connection_ids[0])
        if target is None or target.connection_spec.id != DATA_LAKE_SPEC:
            spec = target.connection_spec.id if target else "none (it is gone)"
            return f"its target connection uses spec {spec}, not the data lake"
        schema = SchemaProvider().entity(self.aep, target.schema_id) if target.schema_id else None
        if schema is None:
            return f"its target schema {target.schema_id} cannot be read"
        if schema.meta_class not in xdm_catalog.CLASS_FIELDS:
            return f"its schema {schema.title!r} uses class {schema.meta_class}, not a standard class"
        return None

    # -- one resource per entity, each declared once however many flows use it -------------------

    def _once(self, entity_id: str, make: Callable[[], Declared]) -> Code:
        if entity_id not in self.program.by_id:
            declared = make()
            self.program.declared.append(declared)
            self.program.by_id[entity_id] = declared
        return Code(self.program.by_id[entity_id].var)

    def _declare(self, kind: str, name: str, cls: str, args: dict[str, Any], comment: str) -> Declared:
        slug = _slug(name)
        var = self.program.unique(slug if slug.endswith(kind) else f"{slug}_{kind}")
        return Declared(var, cls, var.replace("_", "-"), args, comment)

    def _current(
        self, provider: Any, entity_id: str, props: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """(inputs as AEP holds them, computed outputs), as the provider reads them on refresh."""
        current = provider.current(self.aep, entity_id, props)
        if current is None:
            raise ExportError(f"{provider.kind} {entity_id} disappeared while exporting; run export again")
        self._states[entity_id] = (provider, copy.deepcopy(current[0]), copy.deepcopy(current[1]))
        return dict(current[0]), dict(current[1])

    def _relative(self, held: dict[str, Any], key: str) -> dict[str, Any]:
        """``held`` with its XDM path written relative to the tenant, so the program serves any org."""
        return {**held, key: tenant.relativized(held[key], self.aep.schema_registry.tenant_id())}

    def _held(self, provider: Any, entity_id: str, props: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._current(provider, entity_id, props)[0]

    def _flow(self, flow: Flow) -> None:
        held = self._held(DataflowProvider(), flow.id, {"flow_spec_id": True})
        source = self._source(held["source_connection_id"])
        target, schema = self._target(held["target_connection_id"])
        args: dict[str, Any] = {
            "name": held["name"],
            "description": held["description"],
            "source_connection_id": Code(f"{source}.id"),
            "target_connection_id": Code(f"{target}.id"),
            "flow_spec_id": held["flow_spec_id"],
            "enabled": held["enabled"],
        }
        if held["mapping_set_id"]:
            mapping, latest = self._mapping_set(held["mapping_set_id"], schema)
            args["mapping_set_id"] = Code(f"{mapping}.id")
            # The latest version follows the mapping set; an older one the flow pins stays pinned.
            version = held["mapping_set_version"]
            args["mapping_set_version"] = Code(f"{mapping}.version") if version == latest else version
        args = _without_defaults(args, _defaults(DataflowInputs))
        var = self._once(flow.id, lambda: self._adopting("flow", held["name"], "Dataflow", args, flow.id))
        self.program.exports += [(f"{var}_id", f"{var}.id"), (f"{var}_inlet_url", f"{var}.inlet_url")]

    def _source(self, source_id: str) -> Code:
        def make() -> Declared:
            held = self._held(SourceConnectionProvider(), source_id, {})
            if held.get("base_connection_id"):
                held["base_connection_id"] = Code(f"{self._base(held['base_connection_id'])}.id")
            args = _without_defaults(held, _defaults(SourceConnectionInputs))
            return self._adopting("source", held["name"], "SourceConnection", args, source_id)

        return self._once(source_id, make)

    def _base(self, base_id: str) -> Code:
        def make() -> Declared:
            held = self._held(BaseConnectionProvider(), base_id, {"source_id": True})
            if held.get("source_id") == held["name"]:
                held["source_id"] = None  # the default: the connection's name
            var_hint = _slug(held["name"])
            secrets = {}
            for key in held.get("auth_params") or {}:
                config_key = f"{var_hint}_{_slug(key)}"
                self.program.secrets.append(config_key)
                secrets[key] = Code(f"config.require_secret({config_key!r})")
            held["auth_params"] = secrets or None
            args = _without_defaults(held, _defaults(BaseConnectionInputs))
            return self._adopting("base", held["name"], "BaseConnection", args, base_id)

        return self._once(base_id, make)

    def _target(self, target_id: str) -> tuple[Code, Code]:
        held = self._held(TargetConnectionProvider(), target_id, {})
        schema = self._schema(held["schema_id"])
        dataset = self._dataset(held["dataset_id"], schema)

        def make() -> Declared:
            args = {**held, "dataset_id": Code(f"{dataset}.id"), "schema_id": Code(f"{schema}.id")}
            args = _without_defaults(args, _defaults(TargetConnectionInputs))
            return self._adopting("target", held["name"], "TargetConnection", args, target_id)

        return self._once(target_id, make), schema

    def _dataset(self, dataset_id: str, schema: Code) -> Code:
        def make() -> Declared:
            held = self._held(DatasetProvider(), dataset_id)
            args = {**held, "schema_id": Code(f"{schema}.id"), "tags": held["tags"] or None}
            args = _without_defaults(args, {"description": "", "profile_enabled": False, "identity_enabled": False})
            return self._adopting("dataset", held["name"], "Dataset", args, dataset_id)

        return self._once(dataset_id, make)

    def _schema(self, schema_id: str) -> Code:
        def make() -> Declared:
            provider = SchemaProvider()
            held = self._held(provider, schema_id, {"identities": True})
            # Custom fields in the group named after the schema (as the provider makes them) are
            # declared as fields; any other tenant group is referenced by its $id.
            own = self._group_titled(field_group_title(held["title"]))
            if own is not None and own in held["field_groups"]:
                held = self._held(provider, schema_id, {"field_group_id": own, "identities": True})
            args: dict[str, Any] = {
                "title": held["title"],
                "description": held["description"],
                "class_id": _class_alias(held["class_id"]),
                "field_groups": [_group_alias(g) for g in held["field_groups"]] or None,
                "custom_fields": [Code(_schema_field(self._relative(f, "path"))) for f in held["custom_fields"]]
                or None,
                "identities": [Code(self._identity(self._relative(i, "path"))) for i in held["identities"]] or None,
                "profile_enabled": held["profile_enabled"],
            }
            args = _without_defaults(args, {"description": "", "profile_enabled": False})
            return self._adopting("schema", held["title"], "Schema", args, schema_id)

        return self._once(schema_id, make)

    def _custom_namespaces(self) -> dict[str, Any]:
        """The sandbox's own identity namespaces by code (without case)."""
        if self._namespaces is None:
            self._namespaces = {n.code.lower(): n for n in self.aep.identity.namespaces() if n.custom}
        return self._namespaces

    def _identity(self, held: dict[str, Any]) -> str:
        """An identity; a custom namespace is named by the IdentityNamespace declared for it."""
        code = held["namespace"]
        namespace: Any = Code(f"{self._namespace(code)}.code") if code.lower() in self._custom_namespaces() else code
        args = {"path": held["path"], "namespace": namespace, "primary": held["primary"]}
        return _call("Identity", _without_defaults(args, {"primary": False}), inline=True)

    def _namespace(self, code: str) -> Code:
        namespace = self._custom_namespaces()[code.lower()]

        def make() -> Declared:
            held = self._held(IdentityNamespaceProvider(), str(namespace.id))
            args = _without_defaults(held, {"description": ""})
            return self._adopting("namespace", held["code"], "IdentityNamespace", args, str(namespace.id))

        return self._once(f"namespace {namespace.id}", make)

    def _merge_policy(self, policy_id: str) -> Code:
        def make() -> Declared:
            held = self._held(MergePolicyProvider(), policy_id)
            args = _without_defaults(held, _defaults(MergePolicyInputs))
            return self._adopting("policy", held["name"], "MergePolicy", args, policy_id)

        return self._once(policy_id, make)

    def _group_titled(self, title: str) -> str | None:
        if self._groups is None:
            self._groups = list(self.aep.schema_registry.field_groups.list())
        return next((g.id for g in self._groups if g.title == title), None)

    def _mapping_set(self, mapping_set_id: str, schema: Code) -> tuple[Code, int]:
        held, computed = self._current(MappingSetProvider(), mapping_set_id)
        args = {
            "schema_id": Code(f"{schema}.id"),
            "mappings": [Code(_field_mapping(self._relative(m, "destination"))) for m in held["mappings"]],
            "name": held["name"],
            "description": held["description"],
        }
        hint = held["name"] or str(schema).removesuffix("_schema")
        declared = self._once(
            mapping_set_id,
            lambda: self._adopting("mapping", hint, "MappingSet", _without_defaults(args, {}), mapping_set_id),
        )
        return declared, int(computed["version"])

    def _adopting(self, kind: str, name: str, cls: str, args: dict[str, Any], entity_id: str) -> Declared:
        declared = self._declare(kind, name, cls, args, f"{kind} {entity_id}")
        declared.args["adopt_id"] = entity_id
        declared.entity_id, declared.state = entity_id, self._states[entity_id]
        return declared


def _class_alias(class_id: str) -> str:
    return next((alias for alias, cid in xdm_catalog.CLASS_ALIASES.items() if cid == class_id), class_id)


def _group_alias(group_id: str) -> str:
    return next((alias for alias, gid in xdm_catalog.FIELD_GROUP_ALIASES.items() if gid == group_id), group_id)


def _schema_field(held: dict[str, Any]) -> str:
    args = {"path": held["path"], "type": held["type"], "title": held.get("title")}
    return _call("SchemaField", _without_defaults(args, {"type": "string"}), inline=True)


def _field_mapping(held: dict[str, Any]) -> str:
    args = {"source": held["source"], "destination": held["destination"], "source_type": held["source_type"]}
    return _call("FieldMapping", _without_defaults(args, {"source_type": "ATTRIBUTE"}), inline=True)


def _literal(value: Any, indent: str) -> str:
    if isinstance(value, Code):
        return str(value)
    if isinstance(value, list) and value:
        inner = indent + "    "
        return "[\n" + "".join(f"{inner}{_literal(v, inner)},\n" for v in value) + f"{indent}]"
    if isinstance(value, dict) and value:
        inner = indent + "    "
        return (
            "{\n"
            + "".join(f"{inner}{_literal(k, inner)}: {_literal(v, inner)},\n" for k, v in value.items())
            + f"{indent}}}"
        )
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a Python literal too, in the quotes ruff prefers
    return repr(value)


def _call(name: str, args: dict[str, Any], *, inline: bool = False, indent: str = "") -> str:
    if inline:
        return f"{name}(" + ", ".join(f"{k}={_literal(v, indent)}" for k, v in args.items()) + ")"
    inner = indent + "    "
    return f"{name}(\n" + "".join(f"{inner}{k}={_literal(v, inner)},\n" for k, v in args.items()) + f"{indent})"


def importable(program: Program) -> list[Declared]:
    """The resources a Pulumi import file brings into state: all but those holding a secret input
    (base connection auth params), which the file would hold in plain text; those keep adopt_id."""
    return [
        d
        for d in program.declared
        if d.state is not None and not any(d.state[1].get(k) for k in d.state[0].declaration.secrets)
    ]


def import_file(program: Program) -> dict[str, Any]:
    """A Pulumi import file (``pulumi import --file``) with each resource's inputs and outputs as a
    refresh records them, so that the engine reads no provider (Pulumi 3.254 and later) and the
    program's first preview finds nothing to change."""
    from pulumi.dynamic.dynamic import serialize_provider

    from ..provider import reference_to

    resources = []
    for d in importable(program):
        assert d.state is not None
        provider, held, computed = d.state
        # As check records the program's inputs: what it writes, as AEP holds it (references resolved to
        # the ids they stand for), and the defaults of what it leaves out.
        given = {k: held[k] for k in d.args if k in provider.declaration.input_names and held.get(k) is not None}
        checked = provider.inputs_model.model_validate(given).model_dump(mode="json")
        inputs, outputs = provider.recorded(program.settings, checked, computed, {})
        blob = serialize_provider(reference_to(provider.declaration.provider))
        resources.append(
            {
                "type": f"pulumi-python:dynamic/aep:{d.cls}",
                "name": d.resource_name,
                "id": d.entity_id,
                "inputs": {**inputs, "__provider": blob},
                "outputs": {**outputs, "__provider": blob},
            }
        )
    return {"resources": resources}


def render(program: Program, *, project: str, protect: bool = False, import_file: str | None = None) -> dict[str, str]:
    """The files of the exported project: __main__.py, Pulumi.yaml, requirements.txt, README.md.

    ``protect`` marks every resource protected: `pulumi destroy` then refuses to delete what was
    adopted until the mark is removed (for a production sandbox). With ``import_file`` (its path, as
    the README names it), the resources it imports have no adopt_id."""
    today = datetime.date.today().isoformat()
    sandbox = program.settings.sandbox_name
    imported = {d.var for d in importable(program)} if import_file else set()
    body: list[str] = []
    if program.secrets:
        body += ["config = pulumi.Config()", ""]
    if program.skipped:
        body += ["# Not exported: the resources of this package cannot declare these flows."]
        body += [*(f"# - {s}" for s in program.skipped), ""]
    for d in program.declared:
        args = {k: v for k, v in d.args.items() if k != "adopt_id"} if d.var in imported else d.args
        call = _call(f"{d.cls}Args", args, indent="    ")
        body += [
            f"# {d.comment}",
            f"{d.var} = {d.cls}(",
            f"    {_literal(d.resource_name, '')},",
            f"    {call},",
            *(["    pulumi.ResourceOptions(protect=True),"] if protect else []),
            ")",
            "",
        ]
    body += [f"pulumi.export({_literal(name, '')}, {expr})" for name, expr in program.exports]
    # Import what the program calls, and nothing else.
    used = sorted(set(re.findall(r"\b([A-Z]\w+)\(", "\n".join(body))) & set(package.__all__))
    lines = [
        f'"""The streaming flows of AEP sandbox {sandbox!r}, exported by `aep-streaming export` on {today}.',
        "",
        *(
            [
                f"`pulumi import --file {import_file}` brings each entity into the stack's state as AEP holds it,",
                "with no write to AEP.",
                *(
                    [
                        "Resources with secret inputs keep adopt_id (the import file must not hold secrets):",
                        "`pulumi up` takes them over.",
                    ]
                    if len(imported) < len(program.declared)
                    else []
                ),
            ]
            if import_file
            else [
                "Every resource has adopt_id set: the first `pulumi up` takes each entity over as AEP holds it",
                "and changes nothing. After that, edit this program as any other; adopt_id only matters on create.",
            ]
        ),
        '"""',
        "",
        "import pulumi",
        "",
        "from pulumi_aep_streaming import (",
        *(f"    {name}," for name in used),
        ")",
        "",
        *body,
    ]
    s = program.settings
    config = [
        f"pulumi config set aep:endpoint {s.endpoint}",
        *([f"pulumi config set aep:imsEndpoint {s.ims_endpoint}"] if s.ims_endpoint != IMS_DEFAULT else []),
        f"pulumi config set aep:orgId {s.org_id}",
        f"pulumi config set aep:clientId {s.client_id}",
        f"pulumi config set aep:sandboxName {s.sandbox_name}",
        "pulumi config set --secret aep:clientSecret <the client secret>",
        *(f"pulumi config set --secret {project}:{key} <value>" for key in program.secrets),
    ]
    readme = "\n".join(
        [
            f"# {project}",
            "",
            f"The streaming flows of AEP sandbox `{sandbox}`, exported by `aep-streaming export`.",
            "",
            "```sh",
            "python -m venv venv && venv/bin/pip install -r requirements.txt",
            f"pulumi stack init {sandbox}",
            *config,
            *(
                [
                    f"pulumi import --file {import_file} --generate-code=false --protect=false --yes  # Pulumi 3.254+",
                    "pulumi up        # records dependencies (the file has none); AEP sees only reads",
                ]
                if import_file
                else ["pulumi up        # adopts every entity; AEP sees only reads"]
            ),
            "pulumi preview --expect-no-changes",
            "```",
            "",
        ]
    )
    pulumi_yaml = (
        f"name: {project}\n"
        f"description: The streaming flows of AEP sandbox {sandbox}\n"
        "runtime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: venv\n"
    )
    return {
        "__main__.py": "\n".join(lines) + "\n",
        "Pulumi.yaml": pulumi_yaml,
        "requirements.txt": "pulumi-aep-streaming\n",
        "README.md": readme,
    }
