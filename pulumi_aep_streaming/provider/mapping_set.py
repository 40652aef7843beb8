"""MappingSetProvider: a Data Prep mapping set. Changing mappings stores a new version (an update)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import pulumi

from pulumi_aep_streaming import client, xdm_catalog
from pulumi_aep_streaming.client import AepError
from pulumi_aep_streaming.declarations import MAPPING_SET

from ._base import AepProvider, Candidate
from .schema import flattened

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient, MappingSet, MappingSetInput

    from .inputs import MappingSetInputs

# What the service answers for each source type (https://developer.adobe.com/experience-platform-apis/references/data-prep/).
WIRE_TYPES = {"text/x.schema-path": "ATTRIBUTE", "text/x.aep-xl": "EXPRESSION", "text/plain": "STATIC"}


def _body(inputs: MappingSetInputs) -> MappingSetInput:
    mappings = [
        client.MappingInput(source=m.source, destination=m.destination, source_type=m.source_type)
        for m in inputs.mappings
    ]
    body = client.MappingSetInput.for_schema
    return body(inputs.schema_id, mappings, name=inputs.name, description=inputs.description)


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


class MappingSetProvider(AepProvider["MappingSetInputs"]):
    kind = "mapping set"
    declaration = MAPPING_SET
    references: ClassVar[Mapping[str, str]] = {"schema_id": "SchemaProvider"}
    tenant_paths: ClassVar[Mapping[str, str]] = {"mappings": "destination"}

    def _reference_problem(self, aep: AepClient, name: str, entity: Any, inputs: dict[str, Any]) -> str | None:
        """Each destination must be a field of the schema the mapping set names."""
        whole = aep.schema_registry.schemas.find(entity.id, full=True)
        if whole is None:
            return None
        known = {f["path"]: f["type"] for f in flattened({"properties": whole.properties or {}}, "")}
        for i, mapping in enumerate(inputs.get("mappings") or []):
            destination = mapping.get("destination") if isinstance(mapping, dict) else None
            if isinstance(destination, str) and xdm_catalog.type_at(destination, known) is None:
                return (
                    f"mappings[{i}].destination {destination!r} is not a field of schema {entity.id} (schema_id); "
                    "map to one of its fields, or add the field to that schema"
                )
        return None

    def _create(self, aep: AepClient, inputs: MappingSetInputs) -> tuple[str, dict[str, Any]]:
        created = aep.data_prep.mapping_sets.create(_body(inputs))
        return created.id, {"version": created.version}

    def _state(self, aep: AepClient, mapping_set: Any, props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
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

    # A Data Prep list answers whole mapping sets (their latest versions), as a GET does.
    snapshot_reads = True

    def _get(self, aep: AepClient, entity_id: str) -> Any:
        return aep.data_prep.mapping_sets.find(entity_id)

    def _listing(self, aep: AepClient, inputs: MappingSetInputs | None) -> Iterable[Any]:
        return aep.data_prep.mapping_sets.list(name=inputs.name if inputs else None)

    def _matches(self, entity: Any, inputs: MappingSetInputs) -> bool:
        return bool(_held(entity) == _wanted(inputs))

    def _candidate(self, entity: Any) -> Candidate:
        return Candidate.of(entity, int((entity.model_extra or {}).get("createdDate", 0)))
