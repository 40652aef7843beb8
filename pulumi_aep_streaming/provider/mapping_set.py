"""MappingSetProvider: a Data Prep mapping set. Changing mappings stores a new version (an update)."""

from __future__ import annotations

import re
from typing import Any

import pulumi
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from pulumi_aep_streaming.client import AepClient, AepError, MappingInput, MappingSet, MappingSetInput
from pulumi_aep_streaming.expressions import expression_problem

from ._base import AepProvider, Candidate, ProviderInputs

SOURCE_TYPES = ("ATTRIBUTE", "EXPRESSION", "STATIC")
# What the service answers for each source type (https://developer.adobe.com/experience-platform-apis/references/data-prep/).
WIRE_TYPES = {"text/x.schema-path": "ATTRIBUTE", "text/x.aep-xl": "EXPRESSION", "text/plain": "STATIC"}
_PATH = re.compile(r"^[A-Za-z_@][\w\-@]*(\[(\d+|\*)\])*(\.[A-Za-z_@][\w\-@]*(\[(\d+|\*)\])*)*$")


class MappingItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

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


def _body(inputs: MappingSetInputs) -> MappingSetInput:
    mappings = [
        MappingInput(source=m.source, destination=m.destination, source_type=m.source_type) for m in inputs.mappings
    ]
    return MappingSetInput.for_schema(inputs.schema_id, mappings, name=inputs.name, description=inputs.description)


def _held(mapping_set: MappingSet) -> dict[str, Any]:
    return {
        "schema_id": mapping_set.schema_id,
        "mappings": [
            {
                "source": m.source,
                "destination": m.destination,
                "source_type": WIRE_TYPES.get(m.source_type, m.source_type),
            }
            for m in mapping_set.mappings
        ],
        "name": mapping_set.name,
        "description": mapping_set.description,
    }


def _wanted(inputs: MappingSetInputs) -> dict[str, Any]:
    """What ``_held`` answers for a mapping set that matches these inputs."""
    return inputs.model_dump(mode="json", include={"schema_id", "mappings", "name", "description"})


class MappingSetProvider(AepProvider[MappingSetInputs]):
    kind = "mapping set"
    inputs_model = MappingSetInputs
    output_keys = ("version",)
    replace_on = frozenset({"schema_id"})

    def _create(self, aep: AepClient, inputs: MappingSetInputs) -> tuple[str, dict[str, Any]]:
        created = aep.data_prep.mapping_sets.create(_body(inputs))
        return created.id, {"version": created.version}

    def _read(
        self, aep: AepClient, entity_id: str, props: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        mapping_set = aep.data_prep.mapping_sets.find(entity_id)
        if mapping_set is None:
            return None
        return _held(mapping_set), {"version": mapping_set.version}

    def _update(self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: MappingSetInputs) -> dict[str, Any]:
        current = aep.data_prep.mapping_sets.get(entity_id)
        if _held(current) == _wanted(news):
            return {"version": current.version}
        try:
            return {"version": aep.data_prep.mapping_sets.update(entity_id, _body(news)).version}
        except AepError as error:
            # Each PUT stores a version, so it is never repeated: look whether this one was stored.
            if not error.outcome_unknown:
                raise
            latest = aep.data_prep.mapping_sets.get(entity_id)
            if latest.version > current.version and _held(latest) == _wanted(news):
                return {"version": latest.version}
            raise

    def _leftover(self, aep: AepClient, inputs: MappingSetInputs) -> str | None:
        # Without a name, finding a leftover would mean reading every mapping set of the sandbox.
        return super()._leftover(aep, inputs) if inputs.name else None

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        # Data Prep documents no DELETE for mapping sets (its versions are immutable), so AEP keeps
        # them: destroy only forgets this one, and says so once.
        pulumi.log.info(f"mapping set {entity_id} stays in AEP, which documents no way to delete mapping sets")

    def _candidates(self, aep: AepClient, inputs: MappingSetInputs) -> list[Candidate]:
        return [
            Candidate(m.id, int((m.model_extra or {}).get("createdDate", 0)))
            for m in aep.data_prep.mapping_sets.list(name=inputs.name)
            if _held(m) == _wanted(inputs)
        ]
