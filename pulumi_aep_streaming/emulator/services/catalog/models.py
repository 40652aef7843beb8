"""Catalog datasets: their rules and stored shape (no Request in here; handlers.py parses and renders)."""

from __future__ import annotations

import re
from typing import Any

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.scope import Scope
from pulumi_aep_streaming.emulator.services.schemaregistry.models import lookup_any
from pulumi_aep_streaming.emulator.services.schemaregistry.unions import is_member

PROFILE_TAG, IDENTITY_TAG = "unifiedProfile", "unifiedIdentity"
WRITABLE = ("name", "description", "tags", "fileDescription", "enableErrorDiagnostics", "dataSourceId")


IMMUTABLE = ("schemaRef", "id", "imsOrg", "created", "createdClient", "createdUser", "files", "viewId", "basePath")


def dataset_doc(sb: Scope, dataset_id: str) -> dict[str, Any]:
    doc = sb.get("dataset", dataset_id)
    if doc is None:
        raise errors.catalog(404, "Not Found", f"dataset {dataset_id} was not found")
    return doc


def behavior_of(sb: Scope, body: dict[str, Any]) -> str:
    """``time-series`` for a dataset of ExperienceEvents, ``record`` for profiles and the rest."""
    schema = lookup_any(sb, (body.get("schemaRef") or {}).get("id", ""))
    return "time-series" if schema and "experienceevent" in str(schema.get("meta:class", "")) else "record"


def system_tags(doc: dict[str, Any]) -> dict[str, list[str]]:
    """The tags AEP keeps on a dataset itself (its Query Service table, its storage format)."""
    return {k: v for k, v in doc.get("tags", {}).items() if k.startswith("adobe/")}


def new_system_tags(name: str) -> dict[str, list[str]]:
    table = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "dataset"
    return {"adobe/pqs/table": [table], "adobe/siphon/table/format": ["delta"]}


def tag_enabled(doc: dict[str, Any], tag: str) -> bool:
    """Whether a Profile tag says ``enabled:true`` (Adobe's material also writes ``enabled: true``)."""
    values = (doc.get("tags") or {}).get(tag) or []
    return any(isinstance(v, str) and v.replace(" ", "").lower() == "enabled:true" for v in values)


def check_dataset(sb: Scope, body: dict[str, Any], system: dict[str, list[str]]) -> None:
    """``system`` holds the dataset's own system tags, which a body may repeat (a GET sent back) but not add."""
    if not isinstance(body.get("name"), str) or not body["name"].strip():
        raise errors.catalog(400, "Bad Request", "field 'name' is required and must be a non-empty string")
    ref = body.get("schemaRef")
    if ref is not None:
        if not isinstance(ref, dict) or not isinstance(ref.get("id"), str):
            raise errors.catalog(400, "Bad Request", 'schemaRef must be {"id": <schema $id>, "contentType": ...}')
        if lookup_any(sb, ref["id"]) is None:
            raise errors.catalog(400, "Bad Request", f"schemaRef.id {ref['id']!r} is not a schema in this sandbox")
    tags = body.get("tags", {})
    if not isinstance(tags, dict) or any(not isinstance(v, list) for v in tags.values()):
        raise errors.catalog(400, "Bad Request", "tags must be an object of name -> list of strings")
    schema = lookup_any(sb, ref["id"]) if isinstance(ref, dict) else None
    if tag_enabled(body, PROFILE_TAG) and not (schema is not None and is_member(schema)):
        raise errors.catalog(
            400,
            "Bad Request",
            f"the dataset cannot be enabled for Profile (tags.{PROFILE_TAG}): its schema"
            f" {(ref or {}).get('id')} is not enabled for Profile; add the union tag to the schema first",
        )
    reserved = [t for t in tags if t.lower().startswith("adobe") and t not in system]
    if reserved:
        raise errors.catalog(400, "Bad Request", f"tag names starting with 'adobe' are reserved: {reserved}")


def projected(doc: dict[str, Any], properties: str | None) -> dict[str, Any]:
    if not properties:
        return doc
    wanted = {p.strip() for p in properties.split(",")}
    return {k: v for k, v in doc.items() if k in wanted}
