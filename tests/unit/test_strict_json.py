"""The emulator's strict JSON reading in process: the nesting limit read from the bytes."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from pulumi_aep_streaming.emulator.core.common import MAX_DEPTH, parse_json, too_deep

# Strings full of what could fool a byte scan: brackets, quotes and backslashes.
TRICKY = st.text(alphabet='[]{}"\\/ aé\n\u2028', max_size=8)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | TRICKY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TRICKY, inner, max_size=3),
    max_leaves=30,
)


def depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


def nest(value: Any, levels: int) -> Any:
    for i in range(levels):
        value = [value] if i % 2 else {'k"[{': value}
    return value


@settings(max_examples=300)
@given(JSON, st.integers(0, MAX_DEPTH + 3))
def test_the_byte_scan_measures_nesting_as_the_parsed_value_does(value: Any, extra: int) -> None:
    nested = nest(value, extra)
    raw = orjson.dumps(nested)
    assert too_deep(raw) == (depth(nested) > MAX_DEPTH)


def test_exactly_the_limit_passes_and_one_more_level_is_refused() -> None:
    assert parse_json(orjson.dumps(nest(1, MAX_DEPTH))) is not None
    try:
        parse_json(orjson.dumps(nest(1, MAX_DEPTH + 1)))
    except ValueError as exc:
        assert f"deeper than {MAX_DEPTH}" in str(exc)
    else:
        raise AssertionError("one level past the limit was accepted")
