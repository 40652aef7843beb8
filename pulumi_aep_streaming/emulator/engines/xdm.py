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


class Violations:
    """Up to MAX_ERRORS violations in DCS's format, collected while one record is checked."""

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


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def _check_string(value: str, node: dict[str, Any], pointer: str, out: Violations) -> None:
    fmt = node.get("format")
    try:
        if fmt == "date-time":
            dt.datetime.fromisoformat(value)
        elif fmt == "date":
            dt.date.fromisoformat(value)
    except ValueError:
        out.add(pointer, "format", f"[{value}] is not a valid {fmt}. Expected [yyyy-MM-dd'T'HH:mm:ssZ]")
        return
    if fmt == "email" and not _EMAIL.fullmatch(value):
        out.add(pointer, "format", f"[{value}] is not a valid email address")
    if "enum" in node and value not in node["enum"]:
        out.add(pointer, "enum", f"{value} is not a valid enum value")
    if "pattern" in node and not re.search(node["pattern"], value):
        out.add(pointer, "pattern", f"string [{value}] does not match pattern {node['pattern']}")
    if "maxLength" in node and len(value) > node["maxLength"]:
        out.add(pointer, "maxLength", f"expected maxLength: {node['maxLength']}, actual: {len(value)}")


_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}
_STRING_RULES = ("format", "enum", "pattern", "maxLength")

# A compiled check of one schema node: (value, parent pointer, key, violations) -> the value,
# coerced when the validator was compiled to coerce. The pointer is only formatted when needed.
Check = Callable[[Any, str, "str | int", Violations], Any]
Validator = Callable[[Any], tuple[Any, list[dict[str, Any]]]]


def compile_check(node: dict[str, Any], coerce: bool) -> Check:
    """The check of one schema node and everything under it."""
    expected = node.get("type", "object")
    is_type = _TYPE_CHECKS.get(expected)

    def wrong_type(value: Any, pointer: str, out: Violations) -> Any:
        out.add(pointer, "type", f"expected type: {expected.capitalize()}, found: {_type_name(value)}")
        return value

    if expected == "object":
        props = {key: compile_check(sub, coerce) for key, sub in node.get("properties", {}).items()}
        extra_node = node.get("additionalProperties")
        extra = compile_check(extra_node, coerce) if isinstance(extra_node, dict) else None
        required = node.get("required", [])

        def check_object(value: Any, parent: str, key: str | int, out: Violations) -> Any:
            pointer = f"{parent}/{key}" if key != "" else parent
            if not isinstance(value, dict):
                return wrong_type(value, pointer, out)
            result: dict[str, Any] = {}
            for name, sub in value.items():
                check = props.get(name, extra)
                if check is None:
                    out.add(pointer, "additionalProperties", f"extraneous key [{name}] is not permitted")
                else:
                    result[name] = check(sub, pointer, name, out)
            for name in required:
                if name not in value:
                    out.add(pointer, "required", f"required key [{name}] not found")
            return result

        return check_object
    if expected == "array":
        items = compile_check(node.get("items", {}), coerce)

        def check_array(value: Any, parent: str, key: str | int, out: Violations) -> Any:
            pointer = f"{parent}/{key}"
            if not isinstance(value, list):
                return wrong_type(value, pointer, out)
            return [items(v, pointer, i, out) for i, v in enumerate(value)]

        return check_array
    string_rules = expected == "string" and any(rule in node for rule in _STRING_RULES)
    bounds = expected in ("integer", "number") and ("minimum" in node or "maximum" in node)
    if expected == "string":

        def check_string(value: Any, parent: str, key: str | int, out: Violations) -> Any:
            if not isinstance(value, str):  # the common case, a string, skips conversion
                if coerce:
                    value = convert(value, expected)
                if not isinstance(value, str):
                    return wrong_type(value, f"{parent}/{key}", out)
            if string_rules:
                _check_string(value, node, f"{parent}/{key}", out)
            return value

        return check_string

    def check_leaf(value: Any, parent: str, key: str | int, out: Violations) -> Any:
        if coerce:
            value = convert(value, expected)
        if is_type is not None and not is_type(value):
            return wrong_type(value, f"{parent}/{key}", out)
        if string_rules:
            _check_string(value, node, f"{parent}/{key}", out)
        elif bounds:
            if "minimum" in node and value < node["minimum"]:
                out.add(f"{parent}/{key}", "minimum", f"{value} is not greater or equal to {node['minimum']}")
            if "maximum" in node and value > node["maximum"]:
                out.add(f"{parent}/{key}", "maximum", f"{value} is not less or equal to {node['maximum']}")
        return value

    return check_leaf


def compile_validator(tree: dict[str, Any], coerce: bool = False) -> Validator:
    """A validator for records of this schema tree: (the record, coerced when asked, and up to five
    violations in DCS's format). Compile once per schema and reuse: the inlet keeps it in its plan."""
    root = compile_check({**tree, "type": "object"}, coerce)

    def validate(record: Any) -> tuple[Any, list[dict[str, Any]]]:
        out = Violations()
        if not isinstance(record, dict):
            out.add("", "type", f"expected type: JSONObject, found: {_type_name(record)}")
            return record, out.items
        return root(record, "", "", out), out.items

    return validate
