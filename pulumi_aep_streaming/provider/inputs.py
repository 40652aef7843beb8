"""Each resource's validated inputs, as the provider checks, stores and acts on them.

Defaults come from ``interface`` (plain data the program declares resources from), so the program
never loads pydantic; this module imports nothing of the client, so check and diff never load httpx.
The providers load it by name (FooInterface: FooInputs) when inputs changed: an unchanged resource's
check and diff load neither.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from pulumi_aep_streaming import xdm_catalog
from pulumi_aep_streaming.expressions import expression_problem

from .interface import (
    HTTP_API_MAPPING_FLOW_SPEC,
    BaseConnectionInterface,
    DataflowInterface,
    DatasetInterface,
    NamedInterface,
    SchemaInterface,
    SourceConnectionInterface,
    TargetConnectionInterface,
)


class ProviderInputs(BaseModel):
    """Validated, normalized inputs of one resource (snake_case, as stored in state).

    Switches are StrictBool: a string such as ``"false"`` (a config value read with ``get`` rather
    than ``get_bool``) is refused at preview, never read as a switch.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    adopt_id: str | None = None
    # Every kind has one; the provider appends the entity's owner to it (provider/ownership.py).
    description: str | None = None


class NamedInputs(ProviderInputs):
    name: str
    description: str = NamedInterface.description

    @field_validator("name")
    @classmethod
    def _name_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty; give the entity a name")
        return value


class BaseConnectionInputs(NamedInputs):
    connection_spec_id: str = BaseConnectionInterface.connection_spec_id
    data_type: str = BaseConnectionInterface.data_type
    authentication_required: StrictBool = BaseConnectionInterface.authentication_required
    source_id: str | None = None
    auth_params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("data_type")
    @classmethod
    def _data_type(cls, value: str) -> str:
        if value not in ("xdm", "raw"):
            raise ValueError("must be 'xdm' (XDM envelopes) or 'raw' (any JSON, mapped by a mapping set)")
        return value


class SourceConnectionInputs(NamedInputs):
    connection_spec_id: str = SourceConnectionInterface.connection_spec_id
    base_connection_id: str | None = None
    provider_id: str = SourceConnectionInterface.provider_id
    data_format: str = SourceConnectionInterface.data_format
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("data_format")
    @classmethod
    def _format(cls, value: str) -> str:
        if value != "json":
            raise ValueError(f"{value!r} is not supported; streaming sources take 'json'")
        return value


class TargetConnectionInputs(NamedInputs):
    dataset_id: str
    schema_id: str
    data_format: str = TargetConnectionInterface.data_format
    schema_content_type: str = TargetConnectionInterface.schema_content_type

    @field_validator("data_format")
    @classmethod
    def _format(cls, value: str) -> str:
        if value not in ("json", "parquet_xdm", "delta"):
            raise ValueError(f"{value!r} is not supported; use json, parquet_xdm or delta")
        return value


class DataflowInputs(NamedInputs):
    source_connection_id: str
    target_connection_id: str
    flow_spec_id: str | None = None
    mapping_set_id: str | None = None
    mapping_set_version: int = DataflowInterface.mapping_set_version
    enabled: StrictBool = DataflowInterface.enabled
    ready_timeout_seconds: float = DataflowInterface.ready_timeout_seconds

    @field_validator("mapping_set_version")
    @classmethod
    def _version(cls, value: int) -> int:
        if value < 0:
            raise ValueError("must be 0 or more (mapping set versions count from 0)")
        return value

    @field_validator("ready_timeout_seconds")
    @classmethod
    def _timeout(cls, value: float) -> float:
        if not 0 < value <= 3600:
            raise ValueError("must be more than 0 and at most 3600 seconds")
        return value

    @model_validator(mode="after")
    def _one_each(self) -> DataflowInputs:
        if self.flow_spec_id == HTTP_API_MAPPING_FLOW_SPEC and not self.mapping_set_id:
            raise ValueError(f"flow spec {HTTP_API_MAPPING_FLOW_SPEC} maps raw data: set mapping_set_id")
        return self


class DatasetInputs(ProviderInputs):
    name: str
    description: str = DatasetInterface.description
    schema_id: str
    tags: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        reserved = [k for k in value if k.lower().startswith("adobe")]
        if reserved:
            raise ValueError(f"tag {reserved[0]!r}: names starting with 'adobe' are reserved by AEP; rename it")
        return value


SOURCE_TYPES = ("ATTRIBUTE", "EXPRESSION", "STATIC")

_PATH = re.compile(r"^[A-Za-z_@][\w\-@]*(\[(\d+|\*)\])*(\.[A-Za-z_@][\w\-@]*(\[(\d+|\*)\])*)*$")


class MappingItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    source: str
    destination: str
    source_type: str = "ATTRIBUTE"

    @field_validator("source_type")
    @classmethod
    def _type(cls, value: str) -> str:
        upper = value.upper()
        if upper not in SOURCE_TYPES:
            raise ValueError(f"source_type {value!r} is not supported; use ATTRIBUTE, EXPRESSION or STATIC")
        return upper

    @field_validator("destination")
    @classmethod
    def _destination(cls, value: str) -> str:
        if not _PATH.match(value):
            raise ValueError(f"destination {value!r} is not an XDM field path such as 'person.name.firstName'")
        return value

    @model_validator(mode="after")
    def _source(self) -> MappingItem:
        if self.source_type == "STATIC":
            return self
        if not self.source.strip():
            raise ValueError(f"the mapping to {self.destination!r} has an empty source; name the source attribute")
        if self.source_type == "ATTRIBUTE" and not _PATH.match(self.source):
            raise ValueError(
                f"source {self.source!r} is not an attribute path; use source_type EXPRESSION for expressions"
            )
        if self.source_type == "EXPRESSION":
            problem = expression_problem(self.source)
            if problem:
                raise ValueError(f"the mapping to {self.destination!r}: {problem}")
        return self


class MappingSetInputs(ProviderInputs):
    schema_id: str
    mappings: list[MappingItem]
    name: str | None = None
    description: str | None = None

    @field_validator("mappings")
    @classmethod
    def _mappings(cls, value: list[MappingItem]) -> list[MappingItem]:
        if not value:
            raise ValueError("needs at least one mapping")
        destinations = [m.destination for m in value]
        twice = {d for d in destinations if destinations.count(d) > 1}
        if twice:
            raise ValueError(f"destination {sorted(twice)[0]!r} is mapped twice; map each field once")
        return value


class CustomField(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    path: str
    type: str = "string"
    title: str | None = None

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        problem = xdm_catalog.check_custom_path(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in xdm_catalog.XDM_TYPES:
            raise ValueError(f"type {value!r} is not supported; use one of {', '.join(xdm_catalog.XDM_TYPES)}")
        return value


class SchemaInputs(ProviderInputs):
    title: str
    description: str = SchemaInterface.description
    class_id: str = SchemaInterface.class_id
    field_groups: list[str] = Field(default_factory=list)
    custom_fields: list[CustomField] = Field(default_factory=list)
    adopt_by_name: StrictBool = SchemaInterface.adopt_by_name

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty; schema titles are unique per sandbox")
        return value

    @field_validator("class_id")
    @classmethod
    def _class(cls, value: str) -> str:
        resolved = xdm_catalog.class_id(value)
        if resolved not in xdm_catalog.CLASS_FIELDS:
            known = ", ".join(sorted(xdm_catalog.CLASS_ALIASES))
            raise ValueError(f"unknown class {value!r}; use one of {known} or a standard class $id")
        return resolved

    @field_validator("field_groups")
    @classmethod
    def _groups(cls, value: list[str]) -> list[str]:
        resolved = [xdm_catalog.field_group_id(v) for v in value]
        unknown = [v for v, r in zip(value, resolved, strict=True) if not r.startswith("https://ns.adobe.com/")]
        if unknown:
            names = ", ".join(sorted(xdm_catalog.FIELD_GROUP_ALIASES))
            raise ValueError(f"unknown field group {unknown[0]!r}; use a $id or one of {names}")
        if len(set(resolved)) != len(resolved):
            raise ValueError("lists a field group twice")
        return resolved

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
