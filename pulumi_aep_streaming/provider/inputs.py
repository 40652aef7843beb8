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
    IdentityNamespaceFields,
    MappingItem,
    MappingSetFields,
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


class DatasetInputs(DatasetFields):
    """A dataset's inputs."""


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
        return self
