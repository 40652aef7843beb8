"""Mapping and validation in one pass, for the records that pass both.

A flow with a mapping set maps each record, then validates the result against the schema
(engines.mapping, engines.xdm). When every mapping writes one scalar field of the schema through
plain names, the shape of the result is known when the plan is compiled: which objects exist,
that no key is extraneous, which required keys to look for. ``fuse`` compiles such a mapping set
into one function that builds the row directly and checks only what the record can get wrong:
each value (converted and checked by the field's own compiled check) and the required keys.

It answers the row, or None whenever anything is off; the caller then takes the general path,
which finds the same problem and words it. So the fused function never words an error itself,
and a test checks that both paths agree on every record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi_aep_streaming.emulator.engines.mapping import (
    ATTRIBUTE,
    EXPRESSION,
    MISSING,
    STATIC,
    CompiledMapping,
    evaluate,
)
from pulumi_aep_streaming.emulator.engines.xdm import Check, Violations, compile_check
from pulumi_aep_streaming.expressions import ExpressionError

Fused = Callable[[Any], "dict[str, Any] | None"]
# One mapping, ready: (source type, source path or expression or value, where it goes, its check).
_Step = tuple[str, Any, tuple[str, ...], str, Check]


def _leaf(tree: dict[str, Any], destination: list[str | int]) -> dict[str, Any] | None:
    """The scalar field a destination names through ``properties`` only, or None."""
    node = tree
    for seg in destination:
        props = node.get("properties") if node.get("type", "object") == "object" else None
        if not isinstance(seg, str) or not isinstance(props, dict) or seg not in props:
            return None
        node = props[seg]
    return None if node.get("type", "object") in ("object", "array") else node


def _required(tree: dict[str, Any], destinations: list[list[str | int]]) -> list[tuple[tuple[str, ...], list[str]]]:
    """(object path, its required keys) for the root and every object a mapping can create."""
    found: dict[tuple[str, ...], list[str]] = {}
    for destination in [[], *destinations]:
        node = tree
        for depth in range(len(destination) + 1):
            path = tuple(str(seg) for seg in destination[:depth])
            if node.get("required") and path not in found:
                found[path] = list(node["required"])
            if depth < len(destination):
                node = node.get("properties", {}).get(destination[depth], {})
    return list(found.items())


def fuse(mappings: list[CompiledMapping], tree: dict[str, Any]) -> Fused | None:
    """The fused function of a mapping set on a schema tree, or None when the set is not plain."""
    root = {**tree, "type": "object"}
    steps: list[_Step] = []
    for m in mappings:
        node = _leaf(root, m.destination) if m.plain else None
        if node is None or m.source_type not in (ATTRIBUTE, EXPRESSION, STATIC):
            return None
        source = {ATTRIBUTE: m.source_path, EXPRESSION: m.expression, STATIC: m.source}[m.source_type]
        *parents, key = (str(seg) for seg in m.destination)
        steps.append((m.source_type, source, tuple(parents), key, compile_check(node, coerce=True)))
    if len({(*parents, key) for _, _, parents, key, _ in steps}) < len(steps):
        return None  # a later mapping overwrites an earlier one, which the general path still checks
    required = _required(root, [m.destination for m in mappings])

    def run(record: Any) -> dict[str, Any] | None:
        out: dict[str, Any] = {}
        problems = Violations()
        for source_type, source, parents, key, check in steps:
            if source_type == ATTRIBUTE:
                value = record
                for seg in source:
                    if type(value) is not dict:
                        value = MISSING
                        break
                    value = value.get(seg, MISSING)
                    if value is MISSING:
                        break
                if value is MISSING or value is None:
                    continue
            elif source_type == EXPRESSION:
                try:
                    value = evaluate(source, record)
                except (ExpressionError, TypeError, ValueError):
                    return None
                if value is None:
                    continue
            else:
                value = source
            value = check(value, "", key, problems)
            if problems.items:
                return None
            target = out
            for seg in parents:
                nxt = target.get(seg)
                if nxt is None:
                    nxt = target[seg] = {}
                target = nxt
            target[key] = value
        for path, keys in required:
            obj: Any = out
            for seg in path:
                obj = obj.get(seg)
                if obj is None:
                    break
            if obj is not None and any(k not in obj for k in keys):
                return None
        return out

    return run
