"""Data Prep mapping: applying a mapping set to a raw record to produce an XDM record.

Supported, and documented in README.md:
- ATTRIBUTE sources: dotted paths, nested objects, array indexes ``items[0].sku`` and element-wise
  ``items[*].sku -> productListItems[*].SKU``; a missing source leaves the destination unset.
- STATIC sources: the literal value.
- EXPRESSION sources: literals, attribute paths and nested calls of the functions in FUNCTIONS.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .xdm import split_path

ATTRIBUTE = "text/x.schema-path"
EXPRESSION = "text/x.aep-xl"
STATIC = "text/plain"

MISSING = object()


class ExpressionError(ValueError):
    pass


# -- expressions ----------------------------------------------------------------------------------


def _str(v: Any) -> str:
    return "" if v is None else str(v)


def _to_int(v: Any) -> int | None:
    if v is None:
        return None
    try:
        return int(float(v)) if isinstance(v, str) and "." in v else int(v)
    except (TypeError, ValueError) as exc:
        raise ExpressionError(f"cannot convert {v!r} to an integer") from exc


def _to_float(v: Any) -> float | None:
    if v is None:
        return None
    try:
        return float(v)
    except (TypeError, ValueError) as exc:
        raise ExpressionError(f"cannot convert {v!r} to a number") from exc


def _substr(s: Any, start: Any, length: Any = None) -> str | None:
    if s is None:
        return None
    text, begin = _str(s), int(start)
    return text[begin:] if length is None else text[begin : begin + int(length)]


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "concat": lambda *a: "".join(_str(x) for x in a),
    "lower": lambda s: None if s is None else _str(s).lower(),
    "lcase": lambda s: None if s is None else _str(s).lower(),
    "upper": lambda s: None if s is None else _str(s).upper(),
    "ucase": lambda s: None if s is None else _str(s).upper(),
    "trim": lambda s: None if s is None else _str(s).strip(),
    "ltrim": lambda s: None if s is None else _str(s).lstrip(),
    "rtrim": lambda s: None if s is None else _str(s).rstrip(),
    "length": lambda s: 0 if s is None else len(s if isinstance(s, list | dict) else _str(s)),
    "substr": _substr,
    "replacestr": lambda s, find, repl: None if s is None else _str(s).replace(_str(find), _str(repl)),
    "split": lambda s, sep: None if s is None else _str(s).split(_str(sep)),
    "join": lambda sep, *items: _str(sep).join(_str(i) for i in items if i is not None),
    "coalesce": lambda *a: next((x for x in a if x is not None), None),
    "to_integer": _to_int,
    "to_bigint": _to_int,
    "to_float": _to_float,
    "to_decimal": _to_float,
    "now": lambda: dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    "timestamp": lambda: int(time.time() * 1000),
    "uuid": lambda: str(uuid.uuid4()),
    "guid": lambda: str(uuid.uuid4()),
}

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<name>[A-Za-z_][\w\-]*(?:\[(?:\d+|\*)\])*(?:\.[A-Za-z_@][\w\-]*(?:\[(?:\d+|\*)\])*)*)
      | (?P<punct>[(),])
    )""",
    re.VERBOSE,
)

Expr = tuple[str, Any]  # ("lit", value) | ("path", segments) | ("call", (name, [args]))


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"unexpected character at position {pos}: {text[pos : pos + 10]!r}")
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


def parse_expression(text: str) -> Expr:
    """Parse a Data Prep expression of the supported subset; raises ExpressionError."""
    tokens = _tokenize(text)
    if not tokens:
        raise ExpressionError("empty expression")
    expr, pos = _parse(tokens, 0)
    if pos != len(tokens):
        raise ExpressionError(f"unexpected {tokens[pos][1]!r} after the end of the expression")
    return expr


def _parse(tokens: list[tuple[str, str]], pos: int) -> tuple[Expr, int]:
    if pos >= len(tokens):
        raise ExpressionError("expression ends too early")
    kind, text = tokens[pos]
    if kind == "string":
        return ("lit", bytes(text[1:-1], "utf-8").decode("unicode_escape")), pos + 1
    if kind == "number":
        return ("lit", float(text) if "." in text else int(text)), pos + 1
    if kind == "name":
        if pos + 1 < len(tokens) and tokens[pos + 1][1] == "(":
            name = text.lower()
            if name not in FUNCTIONS:
                raise ExpressionError(f"unknown function {text!r}; supported: {', '.join(sorted(FUNCTIONS))}")
            args: list[Expr] = []
            pos += 2
            if pos < len(tokens) and tokens[pos][1] == ")":
                return ("call", (name, args)), pos + 1
            while True:
                arg, pos = _parse(tokens, pos)
                args.append(arg)
                if pos >= len(tokens):
                    raise ExpressionError(f"missing ')' after the arguments of {text}")
                if tokens[pos][1] == ")":
                    return ("call", (name, args)), pos + 1
                if tokens[pos][1] != ",":
                    raise ExpressionError(f"expected ',' or ')' in the arguments of {text}")
                pos += 1
        if text in ("true", "false"):
            return ("lit", text == "true"), pos + 1
        if text == "null":
            return ("lit", None), pos + 1
        return ("path", split_path(text)), pos + 1
    raise ExpressionError(f"unexpected {text!r}")


def evaluate(expr: Expr, record: Any) -> Any:
    kind, value = expr
    if kind == "lit":
        return value
    if kind == "path":
        got = get_path(record, value)
        return None if got is MISSING else got
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


def compile_mapping(mapping: dict[str, Any]) -> CompiledMapping:
    """Compile one stored mapping; raises ValueError/ExpressionError naming the problem."""
    source_type = mapping.get("sourceType", ATTRIBUTE)
    source = mapping.get("source", "")
    destination = split_path(mapping.get("destination", ""))
    if source_type == ATTRIBUTE:
        return CompiledMapping(source_type, source, destination, split_path(source), None)
    if source_type == EXPRESSION:
        return CompiledMapping(source_type, source, destination, None, parse_expression(source))
    return CompiledMapping(source_type, source, destination, None, None)


def apply_mappings(mappings: list[CompiledMapping], record: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(XDM record, errors) for one raw record."""
    out: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for m in mappings:
        try:
            if m.source_type == ATTRIBUTE:
                value = get_path(record, m.source_path or [])
                if value is MISSING or value is None:
                    continue
            elif m.source_type == EXPRESSION:
                value = evaluate(m.expression or ("lit", None), record)
                if value is None:
                    continue
            else:
                value = m.source
            set_path(out, m.destination, value)
        except (ExpressionError, TypeError, ValueError) as exc:
            errors.append({"code": "MAPPER-2000-400", "message": f"mapping {m.source!r}: {exc}"})
    return out, errors
