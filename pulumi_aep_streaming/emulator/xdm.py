"""XDM schemas as field trees: resolution of classes and field groups, path lookup, validation.

A schema is resolved into one JSON-Schema-like tree (``type``/``properties``/``items``/
``required``) by following its ``allOf`` references; records are validated (and, for mapped
records, coerced the way Data Prep converts types) against that tree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from pulumi_aep_streaming.expressions import convert, split_path

Lookup = Callable[[str], dict[str, Any] | None]

MAX_ERRORS = 5  # DCS's validator stops after five violations


class UnresolvedReference(LookupError):
    pass


def _merge(into: dict[str, Any], node: dict[str, Any]) -> None:
    for key, value in node.items():
        if key == "properties":
            props = into.setdefault("properties", {})
            for name, sub in value.items():
                if name in props and isinstance(props[name], dict) and props[name].get("type") == "object":
                    _merge(props[name], sub)
                else:
                    props[name] = _deepcopy(sub)
        elif key == "required":
            into.setdefault("required", [])
            into["required"] = sorted(set(into["required"]) | set(value))
        elif key not in into:
            into[key] = _deepcopy(value)


def _deepcopy(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _deepcopy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_deepcopy(v) for v in node]
    return node


def _fold_document(doc: dict[str, Any], tree: dict[str, Any], lookup: Lookup, seen: set[str]) -> None:
    """Merge a class, field group or schema document's fields into ``tree``."""
    if "properties" in doc:
        _merge(tree, {"properties": doc["properties"]})
    if doc.get("required"):
        _merge(tree, {"required": doc["required"]})
    definitions = doc.get("definitions", {})
    for part in doc.get("allOf", []):
        ref = part.get("$ref") if isinstance(part, dict) else None
        if not ref:
            continue
        if ref.startswith("#/definitions/"):
            definition = definitions.get(ref.removeprefix("#/definitions/"))
            if definition is None:
                raise UnresolvedReference(ref)
            _fold_document(definition, tree, lookup, seen)
            continue
        if ref in seen:
            continue
        seen.add(ref)
        target = lookup(ref)
        if target is None:
            raise UnresolvedReference(ref)
        _fold_document(target, tree, lookup, seen)


def resolve(schema: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
    """The full field tree of a schema; raises UnresolvedReference for a missing $ref."""
    tree: dict[str, Any] = {"type": "object", "properties": {}}
    _fold_document(schema, tree, lookup, set())
    return tree


def field_at(tree: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The schema node at a dotted path (array indexes step into items), or None."""
    try:
        segments = split_path(path)
    except ValueError:
        return None
    node: dict[str, Any] | None = tree
    for seg in segments:
        if node is None:
            return None
        if isinstance(seg, int):
            node = node.get("items") if node.get("type") == "array" else None
        elif node.get("type") == "object" and seg in node.get("properties", {}):
            node = node["properties"][seg]
        elif node.get("meta:xdmType") == "map" or (
            node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict)
        ):
            node = node["additionalProperties"]
        else:
            return None
    return node


def leaf_paths(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Every scalar field path with its type, e.g. {'person.name.firstName': 'string'}."""
    out: dict[str, str] = {}
    for name, node in tree.get("properties", {}).items():
        path = f"{prefix}{name}"
        if node.get("type") == "object" and "properties" in node:
            out.update(leaf_paths(node, path + "."))
        else:
            out[path] = node.get("type", "object")
    return out


# -- validation ---------------------------------------------------------------------------------

_TYPE_NAMES = {str: "String", bool: "Boolean", int: "Integer", float: "Number", dict: "JSONObject", list: "JSONArray"}


def _type_name(value: Any) -> str:
    return "null" if value is None else _TYPE_NAMES.get(type(value), type(value).__name__)


class _Violations:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, pointer: str, keyword: str, message: str) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(
                {
                    "schemaLocation": "#" + pointer.replace("/", "/properties/") if pointer else "#",
                    "pointerToViolation": "#" + pointer,
                    "causingExceptions": [],
                    "keyword": keyword,
                    "message": f"#{pointer}: {message}",
                }
            )


def _check_string(value: str, node: dict[str, Any], pointer: str, out: _Violations) -> None:
    fmt = node.get("format")
    try:
        if fmt == "date-time":
            dt.datetime.fromisoformat(value)
        elif fmt == "date":
            dt.date.fromisoformat(value)
    except ValueError:
        out.add(pointer, "format", f"[{value}] is not a valid {fmt}. Expected [yyyy-MM-dd'T'HH:mm:ssZ]")
        return
    if fmt == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+", value):
        out.add(pointer, "format", f"[{value}] is not a valid email address")
    if "enum" in node and value not in node["enum"]:
        out.add(pointer, "enum", f"{value} is not a valid enum value")
    if "pattern" in node and not re.search(node["pattern"], value):
        out.add(pointer, "pattern", f"string [{value}] does not match pattern {node['pattern']}")
    if "maxLength" in node and len(value) > node["maxLength"]:
        out.add(pointer, "maxLength", f"expected maxLength: {node['maxLength']}, actual: {len(value)}")


def _validate(value: Any, node: dict[str, Any], pointer: str, coerce: bool, out: _Violations) -> Any:
    expected = node.get("type", "object")
    if coerce:
        value = convert(value, expected)
    ok = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
    }.get(expected, True)
    if not ok:
        out.add(pointer, "type", f"expected type: {expected.capitalize()}, found: {_type_name(value)}")
        return value
    if expected == "string":
        _check_string(value, node, pointer, out)
    elif expected in ("integer", "number"):
        if "minimum" in node and value < node["minimum"]:
            out.add(pointer, "minimum", f"{value} is not greater or equal to {node['minimum']}")
        if "maximum" in node and value > node["maximum"]:
            out.add(pointer, "maximum", f"{value} is not less or equal to {node['maximum']}")
    elif expected == "array":
        items = node.get("items", {})
        return [_validate(v, items, f"{pointer}/{i}", coerce, out) for i, v in enumerate(value)]
    elif expected == "object":
        return _validate_object(value, node, pointer, coerce, out)
    return value


def _validate_object(
    value: dict[str, Any], node: dict[str, Any], pointer: str, coerce: bool, out: _Violations
) -> dict[str, Any]:
    props = node.get("properties", {})
    extra = node.get("additionalProperties")
    result: dict[str, Any] = {}
    for key, sub in value.items():
        if key in props:
            result[key] = _validate(sub, props[key], f"{pointer}/{key}", coerce, out)
        elif isinstance(extra, dict):
            result[key] = _validate(sub, extra, f"{pointer}/{key}", coerce, out)
        else:
            out.add(pointer, "additionalProperties", f"extraneous key [{key}] is not permitted")
    for key in node.get("required", []):
        if key not in value:
            out.add(pointer, "required", f"required key [{key}] not found")
    return result


def validate(record: Any, tree: dict[str, Any], coerce: bool = False) -> tuple[Any, list[dict[str, Any]]]:
    """(the record, coerced when asked, and up to five violations in DCS's format)."""
    out = _Violations()
    if not isinstance(record, dict):
        out.add("", "type", f"expected type: JSONObject, found: {_type_name(record)}")
        return record, out.items
    return _validate_object(record, tree, "", coerce, out), out.items
