"""SchemaProvider: an XDM schema from a class, standard field groups and custom tenant fields, with
its identities and its Real-Time Customer Profile switch.

Custom fields go into a tenant field group the provider creates with the schema and deletes with it.
Identities are the schema's identity descriptors; ``profile_enabled`` is the ``union`` tag, added
after the descriptors (AEP refuses it without a primary identity) and never removed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pulumi_aep_streaming.client import AepError
from pulumi_aep_streaming.declarations import SCHEMA

from . import ownership
from ._base import AepProvider, AepResourceError, concurrently, delete_if_present, leftover_error
from ._listings import Listings, at_most, find, where

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient, IdentityDescriptor, Schema

    from .fields import CustomField, IdentityField
    from .inputs import SchemaInputs

# Schema Registry's code for a title that another schema or field group of the sandbox has.
TITLE_TAKEN = "XDM-1521"
UNION = "union"


def pointer(path: str) -> str:
    """``personalEmail.address`` -> ``/personalEmail/address`` (a descriptor's ``xdm:sourceProperty``)."""
    return "/" + path.replace(".", "/")


def dotted(source_property: str) -> str:
    return source_property.strip("/").replace("/", ".")


def _identities(descriptors: list[IdentityDescriptor]) -> list[dict[str, Any]]:
    """A schema's identity descriptors as the ``identities`` input holds them (by path)."""
    held = [
        {"path": dotted(d.source_property), "namespace": d.namespace or "", "primary": d.is_primary}
        for d in descriptors
    ]
    return sorted(held, key=lambda i: str(i["path"]))


def _leaf(field: CustomField) -> dict[str, Any]:
    kind = field.type
    node: dict[str, Any] = {"type": "string", "format": kind} if kind in ("date", "date-time") else {"type": kind}
    if field.title:
        node["title"] = field.title
    return node


def field_group_title(schema_title: str) -> str:
    """The title of the field group that holds a schema's custom fields (unique, like the schema's)."""
    return f"{schema_title} (custom fields)"


def _field_group_body(inputs: SchemaInputs) -> dict[str, Any]:
    title, class_id = inputs.title, inputs.class_id
    tree: dict[str, Any] = {"type": "object", "properties": {}}
    for field in inputs.custom_fields:
        parts = field.path.split(".")
        node = tree
        for part in parts[:-1]:
            node = node["properties"].setdefault(part, {"type": "object", "properties": {}})
        node["properties"][parts[-1]] = _leaf(field)
    return {
        "type": "object",
        "title": field_group_title(title),
        "description": f"Custom fields of schema {title}",
        "meta:intendedToExtend": [class_id],
        "definitions": {"customFields": tree},
        "allOf": [{"$ref": "#/definitions/customFields"}],
    }


def flattened(node: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    out = []
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        if sub.get("type") == "object" and "properties" in sub:
            out += flattened(sub, path)
        else:
            kind = sub.get("format") if sub.get("format") in ("date", "date-time") else sub.get("type", "string")
            out.append({"path": path, "type": kind, "title": sub.get("title")})
    return out


class SchemaProvider(AepProvider["SchemaInputs"]):
    kind = "schema"
    declaration = SCHEMA
    tenant_paths: ClassVar[Mapping[str, str]] = {"custom_fields": "path", "identities": "path"}
    # Titles are unique in a sandbox: AEP refuses a second one, and create takes a leftover over then.
    look_before_create = False

    def _schema_body(self, inputs: SchemaInputs, field_group_id: str | None, union: bool = False) -> dict[str, Any]:
        """The schema as a POST or PUT sends it; ``union`` keeps the tag a PUT may not drop."""
        refs = [inputs.class_id, *inputs.field_groups]
        if field_group_id:
            refs.append(field_group_id)
        body: dict[str, Any] = {
            "type": "object",
            "title": inputs.title,
            "description": inputs.description,
            "allOf": [{"$ref": r} for r in refs],
        }
        if union:
            body["meta:immutableTags"] = [UNION]
        return body

    def _tenant(self, aep: AepClient, inputs: SchemaInputs) -> str:
        tenant = aep.schema_registry.tenant_id()
        wrong = [f.path for f in inputs.custom_fields if not f.path.startswith(f"_{tenant}.")]
        if wrong:
            raise AepResourceError(
                f"custom field {wrong[0]!r} is not under this sandbox's tenant namespace '_{tenant}'; "
                f"write it as '_{tenant}.{wrong[0].split('.', 1)[1]}'"
            )
        return tenant

    def _create(self, aep: AepClient, inputs: SchemaInputs) -> tuple[str, dict[str, Any]]:
        if inputs.adopt_by_name:
            found = self._by_title(aep, inputs.title)
            if found:
                return found, self._adopt_own(aep, found, inputs, self._own_group(aep, inputs))
        tenant = self._tenant(aep, inputs)  # checked before anything is created
        group_id = self._create_field_group(aep, inputs) if inputs.custom_fields else None
        try:
            schema = aep.schema_registry.schemas.create(self._schema_body(inputs, group_id))
        except AepError as cause:
            found = self._by_title(aep, inputs.title) if cause.outcome_unknown or cause.code == TITLE_TAKEN else None
            if found is not None:
                return found, self._take_over(aep, found, inputs, cause)
            self._undo(aep, [], group_id, cause)
            raise
        try:
            schema = self._profile(aep, schema.id, schema.profile_enabled, inputs, {}) or schema
        except AepError as cause:
            self._undo(aep, [schema.id], group_id, cause)
            raise
        return schema.id, self._computed(schema, group_id, tenant)

    def _undo(self, aep: AepClient, schema_ids: list[str], group_id: str | None, cause: AepError) -> None:
        """All or nothing: delete what a failed create made (the schema goes with its descriptors)."""
        made = [*schema_ids, *([group_id] if group_id else [])]
        try:
            for schema_id in schema_ids:
                self._delete_identities(aep, schema_id)
                delete_if_present(aep.schema_registry.schemas.delete, schema_id)
            if group_id:
                delete_if_present(aep.schema_registry.field_groups.delete, group_id)
        except AepError as cleanup:
            if made:
                raise AepResourceError(leftover_error(self.kind, made, "Schema", cause, cleanup)) from None

    def _profile(
        self, aep: AepClient, schema_id: str, union: bool, news: SchemaInputs, olds: dict[str, Any]
    ) -> Schema | None:
        """Make the schema's identity descriptors and union tag (``union``: it has it) what ``news``
        declares, descriptors first: AEP tags a schema only once it has a primary identity. The schema
        after the tag, if it was added."""
        from .fields import IdentityField

        held = [IdentityField.model_validate(i) for i in olds.get("identities") or []]
        if news.identities != held or (news.identities and "identities" not in olds):
            self._converge_identities(aep, schema_id, news.identities)
        if news.profile_enabled and not union:
            op = [{"op": "add", "path": "/meta:immutableTags", "value": [UNION]}]
            return aep.schema_registry.schemas.patch(schema_id, op)
        return None

    def _converge_identities(self, aep: AepClient, schema_id: str, wanted: list[IdentityField]) -> None:
        """Delete the descriptors no identity names, then write the rest: those that are not primary
        first, so that a primary moving between fields never makes two at once."""
        from pulumi_aep_streaming.client import IdentityDescriptorInput

        descriptors = aep.schema_registry.descriptors
        current = {dotted(d.source_property): d for d in descriptors.of_schema(schema_id)}
        want = {i.path: i for i in wanted}
        for path, descriptor in current.items():
            if path not in want:
                delete_if_present(descriptors.delete, descriptor.id)
        changes = [
            (identity, current.get(path))
            for path, identity in want.items()
            if path not in current
            or (current[path].namespace, current[path].is_primary) != (identity.namespace, identity.primary)
        ]
        for identity, existing in sorted(changes, key=lambda c: c[0].primary):
            body = IdentityDescriptorInput(
                source_schema=schema_id,
                source_property=pointer(identity.path),
                namespace=identity.namespace,
                is_primary=identity.primary,
            )
            if existing is None:
                descriptors.create(body)
            else:
                descriptors.replace(existing.id, body)

    def _delete_identities(self, aep: AepClient, schema_id: str) -> None:
        descriptors = aep.schema_registry.descriptors
        for descriptor in descriptors.of_schema(schema_id):
            delete_if_present(descriptors.delete, descriptor.id)

    def _create_field_group(self, aep: AepClient, inputs: SchemaInputs) -> str:
        """Create the custom-field group, or take over the one an interrupted earlier create made."""
        body = _field_group_body(inputs)
        groups = aep.schema_registry.field_groups
        try:
            return groups.create(body).id
        except AepError as error:
            if not (error.outcome_unknown or error.code == TITLE_TAKEN):
                raise
            found = self._own_group(aep, inputs)
            if found is None:
                raise
            return groups.replace(found, body).id  # its title is derived from this schema's: it is ours

    def _take_over(self, aep: AepClient, schema_id: str, inputs: SchemaInputs, cause: AepError) -> dict[str, Any]:
        """The schema with this title exists: adopt it if this resource made it (its owner's mark) and it
        is what this create would make (an interrupted create of this resource leaves exactly that)."""
        own = self._own_group(aep, inputs)
        current = self._read(aep, schema_id, {"field_group_id": own})
        owner = ownership.split(inputs.description)[1]
        wanted = (owner, inputs.class_id, set(inputs.field_groups))
        if (
            owner is None
            or current is None
            or (
                ownership.split(current[0]["description"])[1],
                current[0]["class_id"],
                set(current[0]["field_groups"]),
            )
            != wanted
        ):
            raise AepResourceError(
                f"a schema titled {inputs.title!r} already exists in this sandbox ({schema_id}), and this resource "
                f"did not make it or it differs from this one; set adopt_by_name=True to take it over, or choose "
                f"another schema title. ({cause})"
            )
        return self._adopt_own(aep, schema_id, inputs, own)

    def _adopt(
        self, aep: AepClient, entity_id: str, inputs: SchemaInputs, known: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        # An adopted schema's custom fields are those of the group named after it, as this provider
        # names the groups it makes (an exported program declares them so).
        if known is None and inputs.custom_fields:
            known = {"field_group_id": self._own_group(aep, inputs)}
        return super()._adopt(aep, entity_id, inputs, known)

    def _adopt_own(self, aep: AepClient, schema_id: str, inputs: SchemaInputs, group_id: str | None) -> dict[str, Any]:
        """Adopt a schema together with the custom-field group whose title derives from it."""
        return self._adopt(aep, schema_id, inputs, {"field_group_id": group_id})

    def _own_group(self, aep: AepClient, inputs: SchemaInputs) -> str | None:
        title = field_group_title(inputs.title)
        return next((g.id for g in aep.schema_registry.field_groups.list() if g.title == title), None)

    def _by_title(self, aep: AepClient, title: str) -> str | None:
        return next((s.id for s in aep.schema_registry.schemas.list() if s.title == title), None)

    @staticmethod
    def _computed(schema: Schema, group_id: str | None, tenant: str) -> dict[str, Any]:
        return {
            "schema_id": schema.id,
            "alt_id": schema.alt_id,
            "version": schema.version,
            "tenant_id": tenant,
            "field_group_id": group_id,
        }

    def _snapshots(self, aep: AepClient) -> Listings:
        registry = aep.schema_registry
        return {
            "schema": lambda: at_most(registry.schemas.list_whole()),
            "field group": lambda: at_most(registry.field_groups.list_whole()),
        }

    def _read_needs(self, aep: AepClient) -> list[Callable[[], Any]]:
        return [aep.schema_registry.tenant_id]

    def _get(self, aep: AepClient, entity_id: str) -> Any:
        return aep.schema_registry.schemas.find(entity_id)

    def _find(self, aep: AepClient, entity_id: str) -> Any:
        return self._schema(aep, entity_id)

    def _schema(self, aep: AepClient, schema_id: str) -> Any:
        every = self._snapshots(aep)["schema"]
        return find(where("schema", aep), schema_id, every, lambda: aep.schema_registry.schemas.find(schema_id))

    def _group(self, aep: AepClient, group_id: str) -> Any:
        every = self._snapshots(aep)["field group"]
        return find(where("field group", aep), group_id, every, lambda: aep.schema_registry.field_groups.find(group_id))

    def _read(
        self, aep: AepClient, entity_id: str, props: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        registry = aep.schema_registry
        known_group = props.get("field_group_id")
        # Independent calls, made at once: the schema, its custom-field group, the tenant (once per process).
        # Identities are read only for a schema that declares some or feeds Profile: a plain schema's
        # read stays as few calls as it was.
        profile = bool(props.get("identities") or props.get("profile_enabled"))
        schema, group, tenant, descriptors = concurrently(
            lambda: self._schema(aep, entity_id),
            lambda: self._group(aep, known_group) if known_group else None,
            registry.tenant_id,
            lambda: registry.descriptors.of_schema(entity_id) if profile else None,
        )
        if schema is None:
            return None
        refs = [p["$ref"] for p in schema.all_of]
        group_id = known_group if known_group in refs else None
        custom: list[dict[str, Any]] = []
        if group_id and group is not None:
            custom = [f for d in group.definitions.values() for f in flattened(d, "")]
        held = {
            "title": schema.title,
            "description": schema.description or "",
            "class_id": schema.meta_class,
            "field_groups": [r for r in refs if r not in (schema.meta_class, group_id)],
            "custom_fields": custom,
            "profile_enabled": schema.profile_enabled,
        }
        if descriptors is not None:
            held["identities"] = _identities(descriptors)
        return held, self._computed(schema, group_id, tenant)

    def _update(self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: SchemaInputs) -> dict[str, Any]:
        tenant = self._tenant(aep, news)
        group_id = olds.get("field_group_id")
        union = bool(olds.get("profile_enabled"))
        if not self._body_changed(olds, news):  # only identities or the Profile switch
            schema = self._profile(aep, entity_id, union, news, olds)
            if schema is None:
                return {k: olds.get(k) for k in self.declaration.computed}
            return self._computed(schema, group_id, tenant)
        if news.custom_fields:
            body = _field_group_body(news)
            if group_id:
                aep.schema_registry.field_groups.replace(group_id, body)
            else:
                group_id = aep.schema_registry.field_groups.create(body).id
        body = self._schema_body(news, group_id if news.custom_fields else None, union)
        schema = aep.schema_registry.schemas.replace(entity_id, body)
        if group_id and not news.custom_fields:
            aep.schema_registry.field_groups.delete(group_id)
            group_id = None
        schema = self._profile(aep, entity_id, union, news, olds) or schema
        return self._computed(schema, group_id, tenant)

    def _body_changed(self, olds: dict[str, Any], news: SchemaInputs) -> bool:
        """Whether the schema itself (or its custom fields) changes, beyond its identities and Profile switch."""
        wanted = news.model_dump(mode="json", include={"title", "class_id", "field_groups", "custom_fields"})
        if any(wanted[k] != olds.get(k) for k in wanted):
            return True
        return self._program_description(news.description) != (olds.get("description") or "")

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        if props.get("identities"):
            self._delete_identities(aep, entity_id)
        delete_if_present(aep.schema_registry.schemas.delete, entity_id)
        # Also when the schema was already gone: an earlier destroy may have failed between the two.
        if props.get("field_group_id"):
            delete_if_present(aep.schema_registry.field_groups.delete, props["field_group_id"])
