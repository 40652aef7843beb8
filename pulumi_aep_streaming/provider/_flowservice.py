"""Helpers shared by the Flow Service providers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ._base import AepProvider, Candidate

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient, Created, FlowServiceCollection, FlowServiceEntity

    from .fields import ProviderInputs

N = TypeVar("N", bound="ProviderInputs")


class Named(Protocol):
    """Inputs of an entity with a name and a description (every Flow Service kind)."""

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...


# the JSON Patch path of each updatable text field
TEXT_FIELDS = {"name": "/name", "description": "/description"}


def text_ops(entity: FlowServiceEntity, news: Named) -> list[dict[str, Any]]:
    """JSON Patch setting name/description to the program's values where AEP differs."""
    ops = []
    for field, path in TEXT_FIELDS.items():
        wanted = getattr(news, field)
        if getattr(entity, field) != wanted:
            ops.append({"op": "add" if getattr(entity, field) is None else "replace", "path": path, "value": wanted})
    return ops


class FlowServiceProvider(AepProvider[N]):
    """A provider of a Flow Service entity: when AEP says it was made is ``createdAt``, and a list
    answer carries the same entity as a GET (so a refresh may read from a listing)."""

    snapshot_reads = True

    def _candidate(self, entity: Any) -> Candidate:
        return Candidate.of(entity, entity.created_at or 0)

    def _get(self, aep: AepClient, entity_id: str) -> Any:
        return self._collection(aep).find(entity_id)

    def _listing(self, aep: AepClient, inputs: N | None) -> Iterable[Any]:
        return self._collection(aep).list(filters=self._filters(inputs) if inputs is not None else [])

    def _collection(self, aep: AepClient) -> FlowServiceCollection[Any]:
        raise NotImplementedError

    def _filters(self, inputs: N) -> list[str]:
        """The ``property`` filters that narrow a list to entities that may have this natural key."""
        raise NotImplementedError


def status(entity: FlowServiceEntity) -> dict[str, Any]:
    """The computed outputs every Flow Service connection reports."""
    return {"etag": entity.etag, "state": entity.state}


def created_status(created: Created) -> dict[str, Any]:
    """The same outputs from a create or patch answer, without reading the entity back.

    Flow Service answers a create or a patch with the new etag; a connection is enabled from its
    creation and only flows change state (enable/disable actions), so nothing else is needed.
    """
    return {"etag": created.etag, "state": "enabled"}
