"""Data Prep mapping sets and their versions: rules, storage, and what other services read (no Request)."""

from __future__ import annotations

from typing import Any

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import new_hex
from pulumi_aep_streaming.emulator.core.scope import Scope
from pulumi_aep_streaming.emulator.engines.mapping import ATTRIBUTE, EXPRESSION, STATIC, compile_mapping
from pulumi_aep_streaming.emulator.engines.xdm import UnresolvedReference, field_at
from pulumi_aep_streaming.emulator.services.schemaregistry.models import field_tree, lookup_any
from pulumi_aep_streaming.expressions import ExpressionError


def get_version(sb: Scope, mapping_set_id: str, version: int | None = None) -> dict[str, Any] | None:
    current = sb.get("mappingSet", mapping_set_id)
    if current is None or version is None or version == current["version"]:
        return current
    return sb.get("mappingSetVersion", f"{mapping_set_id}@{version}")


SOURCE_TYPES = {"ATTRIBUTE": ATTRIBUTE, "EXPRESSION": EXPRESSION, "STATIC": STATIC}


CONTENT_TYPE = "application/vnd.adobe.xed-full+json;version=1"


def _schema_id(body: dict[str, Any]) -> str | None:
    out = body.get("outputSchema") or {}
    ref = (out.get("schemaRef") or {}).get("id") or out.get("id")
    return ref or body.get("xdmSchema") or (body.get("schemaRef") or {}).get("id")


def _normalize_mapping(raw: Any, index: int) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise errors.dataprep(400, "Bad Request", f"mappings[{index}] must be an object")
    source = raw.get("source", raw.get("sourceAttribute"))
    destination = raw.get("destination", raw.get("destinationXdmPath"))
    source_type = SOURCE_TYPES.get(str(raw.get("sourceType", "ATTRIBUTE")))
    if source_type is None:
        raise errors.dataprep(
            400,
            "Bad Request",
            f"mappings[{index}].sourceType must be ATTRIBUTE, EXPRESSION or STATIC, got {raw.get('sourceType')!r}",
        )
    mapping = {
        "id": new_hex(32),
        "sourceType": source_type,
        "source": source,
        "destination": destination,
        "name": raw.get("name", destination),
        "description": raw.get("description"),
        "sourceAttribute": source,
        "destinationXdmPath": destination,
        "identity": bool(raw.get("identity", False)),
        "identityGroup": raw.get("identityGroup"),
        "namespaceCode": raw.get("namespaceCode"),
        "version": 0,
        "primaryIdentity": bool(raw.get("primaryIdentity", False)),
        "matchScore": 0.0,
        "functionVersion": 0,
        "copyModeMapping": False,
    }
    return {k: v for k, v in mapping.items() if v is not None}  # AEP leaves out what was not given


def mapping_errors(mapping: dict[str, Any], tree: dict[str, Any] | None) -> list[dict[str, Any]]:
    """What is wrong with one normalized mapping, as Data Prep's TransformErrorInfo items."""
    problems: list[str] = []
    source, destination = mapping["source"], mapping["destination"]
    if not isinstance(source, str) or (not source.strip() and mapping["sourceType"] != STATIC):
        problems.append("source must be a non-empty string")
    if not isinstance(destination, str) or not destination.strip():
        problems.append("destination must be a non-empty string")
    elif tree is not None and field_at(tree, destination) is None:
        problems.append(f"destination {destination!r} is not a field of the target schema")
    if not problems:
        try:
            compile_mapping(mapping)
        except (ExpressionError, ValueError) as exc:
            problems.append(f"source {source!r}: {exc}")
    return [{"code": "MAPPER-1100-400", "message": p, "source": source, "destination": destination} for p in problems]


def parsed_mapping_set(sb: Scope, body: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(normalized mapping set fields, the schema's field tree) of a create/PUT body."""
    if not isinstance(body, dict):
        raise errors.dataprep(400, "Bad Request", "the body must be a JSON object")
    schema_id = _schema_id(body)
    if not schema_id:
        raise errors.dataprep(400, "Bad Request", "outputSchema.schemaRef.id (or the legacy xdmSchema) is required")
    schema = lookup_any(sb, schema_id)
    if schema is None or schema.get("meta:resourceType") != "schemas":
        raise errors.dataprep(400, "Bad Request", f"schema {schema_id!r} does not exist in sandbox {sb.sandbox}")
    try:
        tree = field_tree(sb, schema)
    except UnresolvedReference as exc:
        raise errors.dataprep(400, "Bad Request", f"schema {schema_id} cannot be resolved: {exc}") from exc
    raw_mappings = body.get("mappings")
    if not isinstance(raw_mappings, list) or not raw_mappings:
        raise errors.dataprep(400, "Bad Request", "mappings must be a non-empty list")
    mappings = [_normalize_mapping(m, i) for i, m in enumerate(raw_mappings)]
    content_type = ((body.get("outputSchema") or {}).get("schemaRef") or {}).get("contentType", CONTENT_TYPE)
    fields = {
        "name": body.get("name"),
        "description": body.get("description"),
        "supportVersion": "1.1",
        "status": "PUBLISHED",
        "strictMapping": bool(body.get("strictMapping", False)),
        "allowNullValues": bool(body.get("allowNullValues", False)),
        "xdmVersion": body.get("xdmVersion", "1.0"),
        "xdmSchema": schema["$id"],
        "schemaRef": {"id": schema["$id"], "contentType": content_type},
        "outputSchema": {"schemaRef": {"id": schema["$id"], "contentType": content_type}},
        "inputSchema": body.get("inputSchema"),
        "tags": body.get("tags"),
        "mappings": mappings,
    }
    return {k: v for k, v in fields.items() if v is not None}, tree


def reject_invalid(fields: dict[str, Any], tree: dict[str, Any] | None) -> None:
    found = [(i, e) for i, m in enumerate(fields["mappings"]) for e in mapping_errors(m, tree)]
    if found:
        problems = [e for _, e in found]
        detail = "; ".join(f"mappings[{i}]: {e['message']}" for i, e in found)
        raise errors.ApiError(
            400, {**errors.dataprep(400, "Mapping validation failed", detail).body, "errors": problems}
        )


def store_mapping_set(sb: Scope, doc: dict[str, Any]) -> None:
    with sb.state.store.transaction():
        sb.put("mappingSet", doc["id"], doc)
        sb.put("mappingSetVersion", f"{doc['id']}@{doc['version']}", doc)


def summary_of(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in ("id", "version", "createdDate", "modifiedDate", "createdBy", "modifiedBy")}


def existing_mapping_set(sb: Scope, mapping_set_id: str, version: int | None = None) -> dict[str, Any]:
    doc = get_version(sb, mapping_set_id, version)
    if doc is None:
        which = f"version {version} of " if version is not None else ""
        raise errors.dataprep(404, "Not Found", f"{which}mapping set {mapping_set_id} was not found")
    return doc
