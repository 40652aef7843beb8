"""DatasetProvider: a Catalog dataset on an XDM schema.

``profile_enabled`` and ``identity_enabled`` are the dataset's ``unifiedProfile`` and
``unifiedIdentity`` tags: ``["enabled:true"]`` when on; turned off, ``["enabled:false"]`` as Adobe
documents (AEP's material also writes ``enabled: true``, which a read takes as on).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pulumi_aep_streaming import client
from pulumi_aep_streaming.declarations import DATASET

from ._base import AepProvider, Candidate, delete_if_present

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient

    from .inputs import DatasetInputs


SWITCHES = {"profile_enabled": "unifiedProfile", "identity_enabled": "unifiedIdentity"}


def _enabled(tags: dict[str, list[str]], tag: str) -> bool:
    return any(v.replace(" ", "").lower() == "enabled:true" for v in tags.get(tag, []))


def _tags(news: DatasetInputs, olds: dict[str, Any]) -> dict[str, list[str]]:
    """The tags to store: the program's, and each Profile tag that is on or was on."""
    tags = {k: list(v) for k, v in (news.tags or {}).items()}
    for switch, tag in SWITCHES.items():
        if getattr(news, switch) or olds.get(switch):
            tags[tag] = ["enabled:true" if getattr(news, switch) else "enabled:false"]
    return tags


class DatasetProvider(AepProvider["DatasetInputs"]):
    kind = "dataset"
    declaration = DATASET
    references: ClassVar[Mapping[str, str]] = {"schema_id": "SchemaProvider"}

    def _create(self, aep: AepClient, inputs: DatasetInputs) -> tuple[str, dict[str, Any]]:
        dataset_id = aep.catalog.datasets.create(
            client.DatasetInput(
                name=inputs.name,
                description=inputs.description,
                schema_ref=client.SchemaRef(id=inputs.schema_id),
                tags=_tags(inputs, {}) or None,
            )
        )
        return dataset_id, {"dataset_id": dataset_id}

    def _state(self, aep: AepClient, dataset: Any, props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        held = {
            "name": dataset.name,
            "description": dataset.description or "",
            "schema_id": dataset.schema_ref.id if dataset.schema_ref else None,
            # AEP's own tags (adobe/pqs/table...) are not the program's; comparing them would show drift forever.
            "tags": {
                k: v
                for k, v in dataset.tags.items()
                if not k.lower().startswith("adobe") and k not in SWITCHES.values()
            },
            **{switch: _enabled(dataset.tags, tag) for switch, tag in SWITCHES.items()},
        }
        return held, {"dataset_id": dataset.id}

    def _update(self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: DatasetInputs) -> dict[str, Any]:
        wanted: dict[str, Any] = {"name": news.name, "description": news.description}
        defaults: dict[str, Any] = {"name": None, "description": "", "tags": {}, **dict.fromkeys(SWITCHES, False)}
        changed = {k: v for k, v in wanted.items() if v != olds.get(k, defaults[k])}
        if any(getattr(news, k) != olds.get(k, defaults[k]) for k in ("tags", *SWITCHES)):
            changed["tags"] = _tags(news, olds)
        if changed:
            aep.catalog.datasets.update(entity_id, changed)
        return {"dataset_id": entity_id}

    def _reference_problem(self, aep: AepClient, name: str, entity: Any, inputs: dict[str, Any]) -> str | None:
        if name == "schema_id" and inputs.get("profile_enabled") and not entity.profile_enabled:
            return (
                f"profile_enabled: schema {entity.id} is not enabled for Profile, and AEP enables a dataset for "
                "Profile only on such a schema; set profile_enabled=True on the schema (with a primary identity)"
            )
        return None

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        delete_if_present(aep.catalog.datasets.delete, entity_id)

    # A Catalog list answers whole datasets, as a GET does.
    snapshot_reads = True

    def _get(self, aep: AepClient, entity_id: str) -> Any:
        return aep.catalog.datasets.find(entity_id)

    def _listing(self, aep: AepClient, inputs: DatasetInputs | None) -> Iterable[Any]:
        return aep.catalog.datasets.list(name=inputs.name if inputs else None)

    def _matches(self, entity: Any, inputs: DatasetInputs) -> bool:
        return bool(
            entity.name == inputs.name and entity.schema_ref is not None and entity.schema_ref.id == inputs.schema_id
        )

    def _candidate(self, entity: Any) -> Candidate:
        return Candidate.of(entity, int((entity.model_extra or {}).get("created", 0)))
