"""Helpers shared by the Flow Service providers."""

from __future__ import annotations

from typing import Any

from pulumi_aep_streaming.client import Created, FlowServiceEntity

from ._base import Candidate
from .inputs import NamedInputs

# the JSON Patch path of each updatable text field
TEXT_FIELDS = {"name": "/name", "description": "/description"}


def text_ops(entity: FlowServiceEntity, news: NamedInputs) -> list[dict[str, Any]]:
    """JSON Patch setting name/description to the program's values where AEP differs."""
    ops = []
    for field, path in TEXT_FIELDS.items():
        wanted = getattr(news, field)
        if getattr(entity, field) != wanted:
            ops.append({"op": "add" if getattr(entity, field) is None else "replace", "path": path, "value": wanted})
    return ops


def candidate(entity: FlowServiceEntity) -> Candidate:
    return Candidate(entity.id, entity.created_at or 0)


def status(entity: FlowServiceEntity) -> dict[str, Any]:
    """The computed outputs every Flow Service connection reports."""
    return {"etag": entity.etag, "state": entity.state}


def created_status(created: Created) -> dict[str, Any]:
    """The same outputs from a create or patch answer, without reading the entity back.

    Flow Service answers a create or a patch with the new etag; a connection is enabled from its
    creation and only flows change state (enable/disable actions), so nothing else is needed.
    """
    return {"etag": created.etag, "state": "enabled"}
