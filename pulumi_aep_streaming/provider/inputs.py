"""Each resource's validated inputs, as the provider checks, stores and acts on them.

The fields, their defaults and each field's own rule come from the resource's declaration
(fields.py, generated); these models add the rules that span fields. This module imports nothing
of the client, so check and diff never load httpx. The providers load it by name
(``declaration.model``) when inputs changed: an unchanged resource's check and diff load neither.
"""

from __future__ import annotations

from pydantic import field_validator, model_validator

from pulumi_aep_streaming import xdm_catalog
from pulumi_aep_streaming.declarations import HTTP_API_MAPPING_FLOW_SPEC
from pulumi_aep_streaming.expressions import expression_problem

from .fields import (
    BaseConnectionFields,
    DataflowFields,
    DatasetFields,
    IdentityField,
    IdentityNamespaceFields,
    MappingItem,
    MappingSetFields,
    MergePolicyFields,
    SandboxFields,
    SchemaFields,
    SourceConnectionFields,
    TargetConnectionFields,
)
from .types import is_path


class BaseConnectionInputs(BaseConnectionFields):
    """An HTTP API base connection's inputs."""


class SourceConnectionInputs(SourceConnectionFields):
    """A source connection's inputs."""


class TargetConnectionInputs(TargetConnectionFields):
    """A target connection's inputs."""


PROFILE_TAGS = {"unifiedProfile": "profile_enabled", "unifiedIdentity": "identity_enabled"}


class DatasetInputs(DatasetFields):
    """A dataset's inputs: the Profile tags are set by their switches, not written as tags."""

    @field_validator("tags")
    @classmethod
    def _no_profile_tags(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for tag, switch in PROFILE_TAGS.items():
            if tag in value:
                raise ValueError(f"tag {tag!r} is set by {switch}=True; remove it from tags")
        return value


class MergePolicyInputs(MergePolicyFields):
    """A merge policy's inputs: dataset precedence needs its order, and only then."""

    @model_validator(mode="after")
    def _order(self) -> MergePolicyInputs:
        if self.attribute_merge == "dataSetPrecedence" and not self.dataset_order:
            raise ValueError("attribute_merge 'dataSetPrecedence' needs dataset_order: dataset ids, highest first")
        if self.attribute_merge != "dataSetPrecedence" and self.dataset_order:
            raise ValueError("dataset_order is only read with attribute_merge 'dataSetPrecedence'; set that or drop it")
        return self


class IdentityNamespaceInputs(IdentityNamespaceFields):
    """A custom identity namespace's inputs."""


class DataflowInputs(DataflowFields):
    """A dataflow's inputs: a flow spec that maps raw data needs its mapping set."""

    @model_validator(mode="after")
    def _one_each(self) -> DataflowInputs:
        if self.flow_spec_id == HTTP_API_MAPPING_FLOW_SPEC and not self.mapping_set_id:
            raise ValueError(f"flow spec {HTTP_API_MAPPING_FLOW_SPEC} maps raw data: set mapping_set_id")
        return self


def _source_problem(m: MappingItem) -> str | None:
    """Why a mapping's source cannot work with its source type, or None."""
    if m.source_type == "STATIC":
        return None
    if not m.source.strip():
        return f"the mapping to {m.destination!r} has an empty source; name the source attribute"
    if m.source_type == "ATTRIBUTE" and not is_path(m.source):
        return f"source {m.source!r} is not an attribute path; use source_type EXPRESSION for expressions"
    if m.source_type == "EXPRESSION" and (problem := expression_problem(m.source)):
        return f"the mapping to {m.destination!r}: {problem}"
    return None


class MappingSetInputs(MappingSetFields):
    """A mapping set's inputs: at least one mapping, each destination once, each source usable."""

    @field_validator("mappings")
    @classmethod
    def _mappings(cls, value: list[MappingItem]) -> list[MappingItem]:
        if not value:
            raise ValueError("needs at least one mapping")
        problem = next((p for m in value if (p := _source_problem(m))), None)
        if problem:
            raise ValueError(problem)
        destinations = [m.destination for m in value]
        twice = {d for d in destinations if destinations.count(d) > 1}
        if twice:
            raise ValueError(f"destination {sorted(twice)[0]!r} is mapped twice; map each field once")
        return value


class SchemaInputs(SchemaFields):
    """A schema's inputs: field groups that extend its class, custom fields under one tenant, once each."""

    @model_validator(mode="after")
    def _consistent(self) -> SchemaInputs:
        for gid in self.field_groups:
            group = xdm_catalog.FIELD_GROUPS.get(gid)
            if group and self.class_id not in group.classes:
                raise ValueError(f"field group {group.title!r} does not extend class {self.class_id}")
        paths = [f.path for f in self.custom_fields]
        if len(set(paths)) != len(paths):
            raise ValueError("custom_fields lists a path twice")
        tenants = {p.split(".", 1)[0] for p in paths}
        if len(tenants) > 1:
            raise ValueError(f"custom_fields use several tenant namespaces ({', '.join(sorted(tenants))}); use one")
        self._check_identities()
        return self

    @field_validator("identities")
    @classmethod
    def _by_path(cls, value: list[IdentityField]) -> list[IdentityField]:
        """AEP keeps descriptors unordered: stored by path, so that a read compares equal."""
        return sorted(value, key=lambda i: i.path)

    def _check_identities(self) -> None:
        paths = [i.path for i in self.identities]
        if len(set(paths)) != len(paths):
            raise ValueError("identities lists a path twice; give each field one namespace")
        primaries = [i.path for i in self.identities if i.primary]
        if len(primaries) > 1:
            raise ValueError(f"identities: {' and '.join(primaries)} are both primary; a schema has one primary")
        # Where every part of the schema is a standard one, its fields are known here.
        if all(g in xdm_catalog.FIELD_GROUPS for g in self.field_groups):
            known = xdm_catalog.known_paths(
                self.class_id, list(self.field_groups), {f.path: f.type for f in self.custom_fields}
            )
            for identity in self.identities:
                kind = xdm_catalog.type_at(identity.path, known)
                if kind is None:
                    raise ValueError(
                        f"identities: {identity.path!r} is not a field of this schema; add its field group or "
                        "a custom field, or fix the path"
                    )
                if kind != "string":
                    raise ValueError(f"identities: {identity.path!r} is of type {kind}; identities are string fields")
        identity_map = xdm_catalog.field_group_id("identitymap") in self.field_groups
        if self.profile_enabled and not primaries and not identity_map:
            raise ValueError(
                "profile_enabled needs a primary identity: mark one of identities primary=True, or add the "
                "'identitymap' field group (AEP refuses a Profile schema with neither, XDM-1528)"
            )


class SandboxInputs(SandboxFields):
    """A development sandbox's inputs."""
