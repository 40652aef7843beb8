"""The Data Prep and XDM engines in process: expressions, mapping, conversion and schema validation.

No HTTP: these pin the engines the emulator serves with and the provider checks previews with.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulumi_aep_streaming.emulator.engines.fused import fuse
from pulumi_aep_streaming.emulator.engines.mapping import apply_mappings, compile_mapping, evaluate
from pulumi_aep_streaming.emulator.engines.xdm import compile_validator
from pulumi_aep_streaming.expressions import (
    ExpressionError,
    convert,
    expression_problem,
    parse_expression,
    static_value_problem,
)

RECORD = {"first": "Ada", "last": "Lovelace", "year": "1815", "n": None, "items": [{"sku": "a"}, {"sku": "b"}]}


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("upper(first)", "ADA"),
        ("concat(first, ' ', last)", "Ada Lovelace"),
        ("first + ' ' + last", "Ada Lovelace"),
        ("to_integer(year) + 1", 1816),
        ("(to_integer(year) - 15) / 100", 18.0),
        ("to_integer(year) > 1800 && first == 'Ada'", True),
        ("!(first == 'Ada') || n == null", True),
        ("coalesce(n, 'none')", "none"),
        ("n + 1", None),
        ("-2 * 3 + 10 % 4", -4),
        ("substr(last, 0, 4)", "Love"),
        # the unary operators of Data Prep's operator list: ~44 is -45; `not` is `!`
        ("~44", -45),
        ("~to_integer(year)", -1816),
        ("~n", None),
        ("not first == 'Ada'", False),
        ("not (n == null) || not false", True),
    ],
)
def test_expressions_evaluate_as_data_prep_does(expression: str, value: Any) -> None:
    assert evaluate(parse_expression(expression), RECORD) == value


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("uper(a)", "unknown function 'uper'"),
        ("upper(a, b)", "upper() does not take 2 argument(s): upper(s)"),
        ("concat(a,", "expression ends too early"),
        ("(a", "missing ')'"),
        ("a +", "expression ends too early"),
        ("a b", "unexpected 'b' after the end"),
        ("", "empty expression"),
        ("a ~ b", "unexpected '~' after the end"),  # ~ takes one operand
    ],
)
def test_expression_problems_are_named(expression: str, problem: str) -> None:
    message = expression_problem(expression)
    assert message is not None and problem in message


def test_runtime_expression_errors_fail_the_record_not_the_caller() -> None:
    with pytest.raises(ExpressionError, match="division by zero"):
        evaluate(parse_expression("1 / 0"), {})
    with pytest.raises(ExpressionError, match="out of the range"):
        evaluate(parse_expression("to_float('1e999')"), {})


@given(st.text(max_size=40))
def test_the_expression_parser_never_raises_anything_but_expression_error(text: str) -> None:
    try:
        parse_expression(text)
    except ExpressionError:
        pass


@pytest.mark.parametrize(
    ("value", "xdm_type", "problem"),
    [
        ("42", "integer", None),
        ("abc", "integer", "'abc' is not a valid integer"),
        ("1e999", "number", "'1e999' is not a valid number"),
        ("TRUE", "boolean", None),
        ("maybe", "boolean", "'maybe' is not a valid boolean"),
        ("2026-11-29", "date", None),
        ("2026-13-45", "date", "'2026-13-45' is not a valid date"),
        ("anything", "string", None),
    ],
)
def test_static_values_are_checked_against_the_field_type(value: str, xdm_type: str, problem: str | None) -> None:
    found = static_value_problem(value, xdm_type)
    assert found == problem if problem is None else (found is not None and problem in found)


def test_conversion_keeps_what_it_cannot_convert() -> None:
    assert convert(" 7 ", "integer") == 7 and convert("7.5", "number") == 7.5 and convert("x", "number") == "x"
    assert convert("9" * 5000, "integer") == "9" * 5000  # more digits than Python converts: left as is


def test_mappings_nest_index_and_spread() -> None:
    mappings = [
        compile_mapping(
            {"sourceType": "text/x.schema-path", "source": "first", "destination": "person.name.firstName"}
        ),
        compile_mapping({"sourceType": "text/x.schema-path", "source": "items[*].sku", "destination": "list[*].SKU"}),
        compile_mapping({"sourceType": "text/x.schema-path", "source": "items[1].sku", "destination": "last.sku"}),
        compile_mapping(
            {"sourceType": "text/x.aep-xl", "source": "upper(last)", "destination": "person.name.lastName"}
        ),
        compile_mapping({"sourceType": "text/plain", "source": "web", "destination": "channel"}),
        compile_mapping({"sourceType": "text/x.schema-path", "source": "missing", "destination": "nowhere"}),
    ]
    assert mappings[0].plain and not mappings[1].plain
    out, errors = apply_mappings(mappings, RECORD)
    assert errors == []
    assert out == {
        "person": {"name": {"firstName": "Ada", "lastName": "LOVELACE"}},
        "list": [{"SKU": "a"}, {"SKU": "b"}],
        "last": {"sku": "b"},
        "channel": "web",
    }


TREE = {
    "type": "object",
    "properties": {
        "person": {
            "type": "object",
            "properties": {"age": {"type": "integer", "minimum": 0}, "email": {"type": "string", "format": "email"}},
            "required": ["age"],
        },
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


def test_the_compiled_validator_reports_in_dcs_format() -> None:
    validate = compile_validator(TREE)
    row, problems = validate({"person": {"age": 3, "email": "a@b"}, "tags": ["x"]})
    assert problems == [] and row == {"person": {"age": 3, "email": "a@b"}, "tags": ["x"]}
    _, problems = validate({"person": {"age": -1, "email": "nope"}, "tags": [1], "extra": True})
    assert [(p["pointerToViolation"], p["keyword"]) for p in problems] == [
        ("#/person/age", "minimum"),
        ("#/person/email", "format"),
        ("#/tags/0", "type"),
        ("#", "additionalProperties"),
    ]
    _, problems = validate({"person": {}})
    assert problems[0]["message"] == "#/person: required key [age] not found"
    assert validate([1])[1][0]["message"] == "#: expected type: JSONObject, found: JSONArray"


def test_a_coercing_validator_converts_as_data_prep_does() -> None:
    row, problems = compile_validator(TREE, coerce=True)({"person": {"age": "42"}, "tags": ["x"]})
    assert problems == [] and row["person"]["age"] == 42


FUSED_TREE = {
    "type": "object",
    "properties": {
        "person": {
            "type": "object",
            "properties": {
                "name": {
                    "type": "object",
                    "properties": {"first": {"type": "string", "maxLength": 8}, "last": {"type": "string"}},
                    "required": ["last"],
                },
                "age": {"type": "integer", "minimum": 0, "maximum": 150},
                "email": {"type": "string", "format": "email"},
            },
        },
        "score": {"type": "number"},
        "vip": {"type": "boolean"},
        "tier": {"type": "string", "enum": ["gold", "silver"]},
        "seen": {"type": "string", "format": "date-time"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}
FUSABLE = [
    ("text/x.schema-path", "first", "person.name.first"),
    ("text/x.schema-path", "last", "person.name.last"),
    ("text/x.schema-path", "profile.age", "person.age"),
    ("text/x.schema-path", "email", "person.email"),
    ("text/x.schema-path", "score", "score"),
    ("text/x.schema-path", "vip", "vip"),
    ("text/x.schema-path", "tier", "tier"),
    ("text/x.schema-path", "seen", "seen"),
    ("text/x.aep-xl", "lower(tier)", "tier"),
    ("text/x.aep-xl", "to_integer(profile.age) + 1", "person.age"),
    ("text/plain", "silver", "tier"),
    ("text/plain", "7", "score"),
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["gold", "silver", "GOLD", "a@b.c", "nope", "42", "true", "2024-01-02T03:04:05+00:00", ""]),
    st.text(max_size=12),
)
RAW = st.fixed_dictionaries(
    {},
    optional={
        "first": SCALARS,
        "last": SCALARS,
        "email": SCALARS,
        "score": SCALARS,
        "vip": SCALARS,
        "tier": SCALARS,
        "seen": SCALARS,
        "profile": st.one_of(SCALARS, st.fixed_dictionaries({}, optional={"age": SCALARS})),
    },
)


@settings(max_examples=500)
@given(
    st.lists(st.sampled_from(FUSABLE), min_size=1, max_size=6, unique_by=lambda m: m[2]),
    st.one_of(RAW, RAW, SCALARS, st.lists(SCALARS)),
)
def test_the_fused_path_builds_the_same_row_and_gives_way_on_every_problem(
    chosen: list[tuple[str, str, str]], record: Any
) -> None:
    mappings = [compile_mapping({"sourceType": t, "source": s, "destination": d}) for t, s, d in chosen]
    fused = fuse(mappings, FUSED_TREE)
    assert fused is not None
    mapped, mapping_problems = apply_mappings(mappings, record)
    row, violations = compile_validator(FUSED_TREE, coerce=True)(mapped)
    expected = None if mapping_problems or violations else row
    assert fused(record) == expected


def test_mappings_the_fused_path_cannot_take_leave_it_to_the_general_path() -> None:
    def fused_for(destination: str, source: str = "x") -> object:
        return fuse([compile_mapping({"source": source, "destination": destination})], FUSED_TREE)

    assert fused_for("person.name") is None  # an object, not a scalar field
    assert fused_for("tags") is None  # an array
    assert fused_for("person.nickname") is None  # not in the schema: the general path reports it
    assert fused_for("score", source="items[0].x") is None  # an array index in the source
    assert fused_for("score") is not None
    twice = [
        compile_mapping({"source": "x", "destination": "tier"}),
        compile_mapping({"sourceType": "text/plain", "source": "gold", "destination": "tier"}),
    ]
    assert fuse(twice, FUSED_TREE) is None  # one field written twice: the general path checks both values


def test_complement_takes_integers_only() -> None:
    for text in ("~true", "~1.5"):
        with pytest.raises(ExpressionError, match="~ takes an integer"):
            evaluate(parse_expression(text), RECORD)


def test_a_field_named_not_is_still_a_field() -> None:
    assert evaluate(parse_expression("not"), {"not": "x"}) == "x"
