"""Data Prep mapping: applying a mapping set to a raw record to produce an XDM record.

Supported, and documented in docs/emulator.md:
- ATTRIBUTE sources: dotted paths, nested objects, array indexes ``items[0].sku`` and element-wise
  ``items[*].sku -> productListItems[*].SKU``; a missing source leaves the destination unset.
- STATIC sources: the literal value.
- EXPRESSION sources: literals, attribute paths, operators and nested calls of the functions in
  FUNCTIONS (the grammar is pulumi_aep_streaming.expressions, shared with preview-time checks).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from pulumi_aep_streaming.expressions import (
    FUNCTIONS,
    Expr,
    ExpressionError,
    apply_operator,
    parse_expression,
    split_path,
)

ATTRIBUTE = "text/x.schema-path"
EXPRESSION = "text/x.aep-xl"
STATIC = "text/plain"

MISSING = object()


def evaluate(expr: Expr, record: Any) -> Any:
    kind, value = expr
    if kind == "lit":
        return value
    if kind == "path":
        got = get_path(record, value)
        return None if got is MISSING else got
    if kind == "op":
        operator, operands = value
        return apply_operator(operator, [evaluate(o, record) for o in operands])
    name, args = value
    try:
        return FUNCTIONS[name](*(evaluate(a, record) for a in args))
    except TypeError as exc:
        raise ExpressionError(f"{name}(): wrong number or type of arguments") from exc


# -- paths ----------------------------------------------------------------------------------------


def get_path(obj: Any, segments: list[str | int]) -> Any:
    """The value at a path; a list of values when the path has [*]; MISSING when absent."""
    for i, seg in enumerate(segments):
        if seg == -1:
            if not isinstance(obj, list):
                return MISSING
            rest = segments[i + 1 :]
            return [v for v in (get_path(e, rest) for e in obj) if v is not MISSING]
        if isinstance(seg, int):
            if not isinstance(obj, list) or seg >= len(obj):
                return MISSING
            obj = obj[seg]
        else:
            if not isinstance(obj, dict) or seg not in obj:
                return MISSING
            obj = obj[seg]
    return obj


def set_path(obj: dict[str, Any], segments: list[str | int], value: Any) -> None:
    """Set a value, creating objects and lists on the way; [*] spreads a list element-wise."""
    if -1 in segments:
        star = segments.index(-1)
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            set_path(obj, [*segments[:star], i, *segments[star + 1 :]], v)
        return
    cur: Any = obj
    for seg, nxt in itertools.pairwise(segments):
        container: Any = [] if isinstance(nxt, int) else {}
        if isinstance(seg, int):
            while len(cur) <= seg:
                cur.append(None)
            if not isinstance(cur[seg], dict | list):
                cur[seg] = container
            cur = cur[seg]
        else:
            if not isinstance(cur.get(seg), dict | list):
                cur[seg] = container
            cur = cur[seg]
    last = segments[-1]
    if isinstance(last, int):
        while len(cur) <= last:
            cur.append(None)
    cur[last] = value


# -- mapping sets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledMapping:
    source_type: str
    source: str
    destination: list[str | int]
    source_path: list[str | int] | None
    expression: Expr | None
    # Source and destination are dotted names only (no array indexes): the fast path.
    plain: bool = False


def _get_plain(obj: Any, segments: list[str | int]) -> Any:
    for seg in segments:
        if not isinstance(obj, dict):
            return MISSING
        obj = obj.get(seg, MISSING)
        if obj is MISSING:
            return MISSING
    return obj


def _set_plain(obj: dict[str, Any], segments: list[Any], value: Any) -> None:
    cur = obj
    for seg in segments[:-1]:
        nxt = cur.get(seg)
        if not isinstance(nxt, dict):
            nxt = cur[seg] = {}
        cur = nxt
    cur[segments[-1]] = value


def compile_mapping(mapping: dict[str, Any]) -> CompiledMapping:
    """Compile one stored mapping; raises ValueError/ExpressionError naming the problem."""
    source_type = mapping.get("sourceType", ATTRIBUTE)
    source = mapping.get("source", "")
    destination = split_path(mapping.get("destination", ""))
    names_only = all(isinstance(seg, str) for seg in destination)
    if source_type == ATTRIBUTE:
        path = split_path(source)
        return CompiledMapping(
            source_type, source, destination, path, None, names_only and all(isinstance(seg, str) for seg in path)
        )
    if source_type == EXPRESSION:
        return CompiledMapping(source_type, source, destination, None, parse_expression(source), names_only)
    return CompiledMapping(source_type, source, destination, None, None, names_only)


def apply_mappings(mappings: list[CompiledMapping], record: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(XDM record, errors) for one raw record."""
    out: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for m in mappings:
        plain = m.plain
        try:
            if m.source_type == ATTRIBUTE:
                value = (_get_plain if plain else get_path)(record, m.source_path or [])
                if value is MISSING or value is None:
                    continue
            elif m.source_type == EXPRESSION:
                value = evaluate(m.expression or ("lit", None), record)
                if value is None:
                    continue
            else:
                value = m.source
            if plain:
                _set_plain(out, m.destination, value)
            else:
                set_path(out, m.destination, value)
        except (ExpressionError, TypeError, ValueError) as exc:
            errors.append({"code": "MAPPER-2000-400", "message": f"mapping {m.source!r}: {exc}"})
    return out, errors
