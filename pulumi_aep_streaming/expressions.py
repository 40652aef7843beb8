"""Data Prep expressions (``text/x.aep-xl``): the grammar, the functions and their arity.

One implementation serves both sides: the emulator evaluates expressions with it, and the
provider checks them with it at preview, before anything is created. It imports nothing else
from this package (the emulator stays independent of the client and the providers).
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

_SEGMENT = re.compile(r"^([^\[\]]+)((?:\[(?:\d+|\*)\])*)$")


def split_path(path: str) -> list[str | int]:
    """'a.b[0].c' -> ['a', 'b', 0, 'c']; '[*]' becomes -1. Raises ValueError on a malformed path."""
    out: list[str | int] = []
    if not path or path.startswith(".") or path.endswith(".") or ".." in path:
        raise ValueError(f"malformed path {path!r}")
    for part in path.split("."):
        m = _SEGMENT.match(part)
        if not m:
            raise ValueError(f"malformed path segment {part!r} in {path!r}")
        out.append(m.group(1))
        for idx in re.findall(r"\[(\d+|\*)\]", m.group(2)):
            out.append(-1 if idx == "*" else int(idx))
    return out


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
    except (TypeError, ValueError, OverflowError) as exc:
        raise ExpressionError(f"cannot convert {v!r} to an integer") from exc


def _to_float(v: Any) -> float | None:
    if v is None:
        return None
    try:
        number = float(v)
    except (TypeError, ValueError) as exc:
        raise ExpressionError(f"cannot convert {v!r} to a number") from exc
    if not math.isfinite(number):  # JSON has no infinity or NaN: nothing could store it
        raise ExpressionError(f"{v!r} is out of the range of a number")
    return number


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
      | (?P<number>\d+(?:\.\d+)?)
      | (?P<name>[A-Za-z_][\w\-]*(?:\[(?:\d+|\*)\])*(?:\.[A-Za-z_@][\w\-]*(?:\[(?:\d+|\*)\])*)*)
      | (?P<punct>[(),])
      | (?P<op>==|!=|<=|>=|&&|\|\||[-+*/%<>!~])
    )""",
    re.VERBOSE,
)

# ("lit", value) | ("path", segments) | ("call", (name, [args])) | ("op", (operator, [operands]))
Expr = tuple[str, Any]

# Binary operators by precedence, loosest first; all associate to the left.
BINARY = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))
UNARY = ("!", "-", "~")
# Data Prep's operator list: "The usual ! operator can be used as well as the word not".
WORDS = {"not": "!"}


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
    expr, pos = _parse_binary(tokens, 0, 0)
    if pos != len(tokens):
        raise ExpressionError(f"unexpected {tokens[pos][1]!r} after the end of the expression")
    return expr


def _parse_binary(tokens: list[tuple[str, str]], pos: int, level: int) -> tuple[Expr, int]:
    """Operands joined by operators of ``level`` or tighter (precedence climbing)."""
    if level == len(BINARY):
        return _parse(tokens, pos)
    left, pos = _parse_binary(tokens, pos, level + 1)
    while pos < len(tokens) and tokens[pos][0] == "op" and tokens[pos][1] in BINARY[level]:
        operator = tokens[pos][1]
        right, pos = _parse_binary(tokens, pos + 1, level + 1)
        left = ("op", (operator, [left, right]))
    return left, pos


def _parse(tokens: list[tuple[str, str]], pos: int) -> tuple[Expr, int]:
    if pos >= len(tokens):
        raise ExpressionError("expression ends too early")
    kind, text = tokens[pos]
    unary = (kind == "op" and text in UNARY) or (kind == "name" and text in WORDS and _operand_follows(tokens, pos + 1))
    if unary:
        operand, pos = _parse(tokens, pos + 1)
        return ("op", (WORDS.get(text, text), [operand])), pos
    if text == "(":
        inner, pos = _parse_binary(tokens, pos + 1, 0)
        if pos >= len(tokens) or tokens[pos][1] != ")":
            raise ExpressionError("missing ')'")
        return inner, pos + 1
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
                _check_arity(name, 0)
                return ("call", (name, args)), pos + 1
            while True:
                arg, pos = _parse_binary(tokens, pos, 0)
                args.append(arg)
                if pos >= len(tokens):
                    raise ExpressionError(f"missing ')' after the arguments of {text}")
                if tokens[pos][1] == ")":
                    _check_arity(name, len(args))
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


def _operand_follows(tokens: list[tuple[str, str]], pos: int) -> bool:
    """Whether an operand starts at ``pos`` (then ``not`` before it is the operator, not a field)."""
    return pos < len(tokens) and (tokens[pos][0] in ("name", "string", "number") or tokens[pos][1] in ("(", *UNARY))


def _check_arity(name: str, count: int) -> None:
    try:
        inspect.signature(FUNCTIONS[name]).bind(*range(count))
    except TypeError:
        raise ExpressionError(f"{name}() does not take {count} argument(s): {signature(name)}") from None


def signature(name: str) -> str:
    """How a function is called, e.g. ``substr(s, start, length=None)``."""
    params = inspect.signature(FUNCTIONS[name]).parameters.values()
    return f"{name}({', '.join(str(p.replace(annotation=inspect.Parameter.empty)) for p in params)})"


def convert(value: Any, expected: str) -> Any:
    """Data Prep's implicit conversion of a mapped value to the destination JSON type (as is when it cannot)."""
    if isinstance(value, str):
        text = value.strip()
        if expected == "integer" and re.fullmatch(r"[+-]?\d+", text):
            try:
                return int(text)
            except ValueError:  # more digits than Python converts
                return value
        if expected == "number":
            try:
                number = float(text) if not re.fullmatch(r"[+-]?\d+", text) else int(text)
            except ValueError:
                return value
            return number if math.isfinite(number) else value
        if expected == "boolean" and text.lower() in ("true", "false"):
            return text.lower() == "true"
    if expected == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if expected == "number" and isinstance(value, int) and not isinstance(value, bool):
        return value
    return value


def static_value_problem(value: str, xdm_type: str) -> str | None:
    """Why a STATIC mapping value cannot land in a field of ``xdm_type`` (an XDM type name), or None."""
    if xdm_type in ("integer", "number", "boolean") and isinstance(convert(value, xdm_type), str):
        return f"{value!r} is not a valid {xdm_type}"
    parse = {"date": dt.date.fromisoformat, "date-time": dt.datetime.fromisoformat}.get(xdm_type)
    if parse is not None:
        try:
            parse(value)
        except ValueError:
            return f"{value!r} is not a valid {xdm_type} (ISO 8601, e.g. 2026-11-29 or 2026-11-29T10:00:00Z)"
    return None


def expression_problem(text: str) -> str | None:
    """Why Data Prep would refuse this expression (syntax, unknown function, arity), or None."""
    try:
        parse_expression(text)
    except ExpressionError as error:
        return f"expression {text!r} is not valid: {error}"
    return None


# Data Prep's function categories, for the functions this grammar has.
CATEGORIES = {
    "String": (
        "concat",
        "lower",
        "lcase",
        "upper",
        "ucase",
        "trim",
        "ltrim",
        "rtrim",
        "length",
        "substr",
        "replacestr",
        "split",
        "join",
    ),
    "Data type conversions": ("to_integer", "to_bigint", "to_float", "to_decimal"),
    "Null handling": ("coalesce",),
    "Date / Time": ("now", "timestamp"),
    "Miscellaneous": ("uuid", "guid"),
}


def function_catalog() -> list[dict[str, Any]]:
    """The functions in the shape of Data Prep's ``GET /languages/el/functions``."""
    category = {name: cat for cat, names in CATEGORIES.items() for name in names}
    out = []
    for name in sorted(FUNCTIONS):
        params = [p for p in inspect.signature(FUNCTIONS[name]).parameters.values()]
        out.append(
            {
                "category": category.get(name, "Miscellaneous"),
                "function": name,
                "syntax": signature(name),
                "params": [
                    {"name": p.name, "type": "object", "position": i + 1, "optional": p.default is not p.empty}
                    for i, p in enumerate(params)
                ],
                "since": 1,
            }
        )
    return out


def _arithmetic(operator: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if operator == "+" and (isinstance(a, str) or isinstance(b, str)):
        return _str(a) + _str(b)  # + joins strings, as in Data Prep
    x, y = _to_float(a), _to_float(b)
    assert x is not None and y is not None
    if operator in ("/", "%") and y == 0:
        raise ExpressionError(f"division by zero in {a!r} {operator} {b!r}")
    result = {"+": x + y, "-": x - y, "*": x * y, "/": x / y, "%": x % y}[operator]
    if not math.isfinite(result):
        raise ExpressionError(f"{a!r} {operator} {b!r} is out of the range of a number")
    return int(result) if result.is_integer() and operator != "/" else result


def _compared(operator: str, a: Any, b: Any) -> bool:
    if operator == "==":
        return bool(a == b)
    if operator == "!=":
        return bool(a != b)
    try:
        return bool({"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[operator])
    except TypeError:
        raise ExpressionError(f"cannot compare {a!r} {operator} {b!r}") from None


def _complement(value: Any) -> int | None:
    """``~``: the bitwise complement of an integer (~44 is -45), as Data Prep documents it."""
    if value is None:
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ExpressionError(f"~ takes an integer, not {value!r}")
    number = _to_int(value)
    assert number is not None
    return ~number


def apply_operator(operator: str, operands: list[Any]) -> Any:
    """The value of one operator over already evaluated operands (``&&``/``||`` see both sides)."""
    if len(operands) == 1:
        (value,) = operands
        if operator == "!":
            return not value
        if operator == "~":
            return _complement(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return -value  # an integer stays an integer
        number = _to_float(value)
        return None if number is None else -number
    a, b = operands
    if operator == "&&":
        return bool(a) and bool(b)
    if operator == "||":
        return bool(a) or bool(b)
    if operator in ("==", "!=", "<", ">", "<=", ">="):
        return _compared(operator, a, b)
    return _arithmetic(operator, a, b)


_OPERATOR_NAMES = {
    "+": ("add", "addition; joins strings"),
    "-": ("subtract", "subtraction, or negation before one operand"),
    "*": ("multiply", "multiplication"),
    "/": ("divide", "division"),
    "%": ("modulo", "remainder"),
    "==": ("equals", "equality"),
    "!=": ("notEquals", "inequality"),
    "<": ("lessThan", "less than"),
    ">": ("greaterThan", "greater than"),
    "<=": ("lessThanOrEqual", "less than or equal"),
    ">=": ("greaterThanOrEqual", "greater than or equal"),
    "&&": ("and", "logical and"),
    "||": ("or", "logical or"),
    "!": ("not", "logical not; the word not is the same"),
    "~": ("complement", "bitwise complement of an integer"),
}


def operator_catalog() -> list[dict[str, Any]]:
    """The operators in the shape of Data Prep's ``GET /languages/el/operators``."""
    return [
        {
            "operatorSymbol": symbol,
            "methodName": method,
            "numberOfOperands": 1 if symbol in ("!", "~") else 2,
            "description": description,
            "example": f"{symbol}a" if symbol in ("!", "~") else f"a {symbol} b",
        }
        for symbol, (method, description) in _OPERATOR_NAMES.items()
    ]
