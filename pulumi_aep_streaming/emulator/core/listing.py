"""List queries: the ``property=`` filter language (Flow Service and Schema Registry), and Flow
Service's orderby, limit, continuation tokens and count."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from pulumi_aep_streaming.emulator.core import errors

_FILTER = re.compile(r"^(?P<neg>!)?(?P<path>[A-Za-z0-9_.:$\[\]@\-]+?)(?:(?P<op>==|!=|<=|>=|<|>|~)(?P<value>.*))?$")


def _values(obj: Any, path: str) -> list[Any]:
    """Every value at a dotted path; ``[]`` (or any list on the way) fans out over elements."""
    current = [obj]
    for part in path.split("."):
        name = part.removesuffix("[]")
        nxt: list[Any] = []
        for item in current:
            if isinstance(item, dict) and name in item:
                value = item[name]
                nxt.extend(value if isinstance(value, list) else [value])
            elif isinstance(item, list):
                nxt.extend(v[name] for v in item if isinstance(v, dict) and name in v)
        current = nxt
    return current


def unquote_value(value: str) -> str:
    """A filter value without the quotes Adobe's examples put around it."""
    value = value.strip()
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'" else value


def _compare(actual: Any, op: str, expected: str) -> bool:
    if op == "~":  # matches a regular expression (Schema Registry)
        return re.search(expected, str(actual)) is not None
    if isinstance(actual, bool):
        actual = str(actual).lower()
    if isinstance(actual, int | float):
        try:
            a, b = float(actual), float(expected)
        except ValueError:
            a, b = str(actual), expected  # type: ignore[assignment]
    else:
        a, b = str(actual), expected  # type: ignore[assignment]
    return {
        "==": a == b,
        "!=": a != b,
        "<": a < b,
        ">": a > b,
        "<=": a <= b,
        ">=": a >= b,
    }[op]


def parse_filter(expr: str, bad: Callable[[str], Exception]) -> Callable[[dict[str, Any]], bool]:
    """A predicate for one ``property=`` expression; ``bad(detail)`` is raised for one it cannot evaluate
    (a documented 400, never a silent empty list)."""
    m = _FILTER.match(expr.strip())
    if not m:
        raise bad(f"invalid property filter {expr!r}")
    path, op, value, neg = m.group("path"), m.group("op"), m.group("value"), bool(m.group("neg"))
    if op is None:  # existence test: property=name or property=!name
        return lambda doc: bool(_values(doc, path)) != neg
    # Values may be quoted, as in Adobe's examples: property=id=="c604ff05-..."
    options = [unquote_value(v) for v in value.split(",")] if op == "==" else [unquote_value(value)]
    if op == "~":
        try:
            re.compile(options[0])
        except re.error as exc:
            raise bad(f"invalid regular expression in property filter {expr!r}: {exc}") from exc

    def matches(doc: dict[str, Any]) -> bool:
        found = _values(doc, path)
        if op == "!=":
            return all(_compare(v, op, options[0]) for v in found)
        return any(_compare(v, op, o) for v in found for o in options)

    return matches


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode().rstrip("=")


def _offset(token: str, entity_type: str) -> int:
    try:
        padded = token + "=" * (-len(token) % 4)
        offset = json.loads(base64.urlsafe_b64decode(padded))["offset"]
        if not isinstance(offset, int) or offset < 0:
            raise ValueError(offset)
        return offset
    except (ValueError, KeyError, TypeError) as exc:
        raise errors.flow(1100, 400, "Bad Request", "invalid continuationToken", entity_type) from exc


def list_response(docs: Sequence[dict[str, Any]], query: Any, collection: str, entity_type: str) -> dict[str, Any]:
    """Apply a Flow Service list query to documents in creation order.

    See https://developer.adobe.com/experience-platform-apis/references/flow-service/.
    """
    for expr in query.getlist("property"):
        matches = parse_filter(expr, lambda detail: errors.flow(1100, 400, "Bad Request", detail, entity_type))
        docs = [d for d in docs if matches(d)]
    count = query.get("count", "").lower() == "true"
    if count and "limit" in query:
        raise errors.flow(1401, 400, "Bad Request", "limit and count cannot be used together", entity_type)
    if count:
        return {"count": len(docs)}
    orderby = query.get("orderby")
    if orderby:
        field = orderby.lstrip("+-")
        if not re.fullmatch(r"[A-Za-z0-9_.]+", field):
            raise errors.flow(1432, 400, "Bad Request", f"invalid orderby {orderby!r}", entity_type)
        docs = sorted(
            docs,
            key=lambda d: (str(type(d.get(field))), d.get(field) if d.get(field) is not None else ""),
            reverse=orderby.startswith("-"),
        )
    try:
        limit = int(query.get("limit", "100"))
    except ValueError as exc:
        raise errors.flow(1100, 400, "Bad Request", "limit must be an integer", entity_type) from exc
    if limit < 1:
        raise errors.flow(1100, 400, "Bad Request", "limit must be at least 1", entity_type)
    offset = _offset(query["continuationToken"], entity_type) if "continuationToken" in query else 0
    page = docs[offset : offset + limit]
    links: dict[str, Any] = {}
    if offset + limit < len(docs):
        params = [f"continuationToken={_token(offset + limit)}", f"limit={limit}"]
        params += [f"property={p}" for p in query.getlist("property")]
        if orderby:
            params.append(f"orderby={orderby}")
        links["next"] = {"href": f"/{collection}?" + "&".join(params)}
    return {"items": page, "_links": links}
