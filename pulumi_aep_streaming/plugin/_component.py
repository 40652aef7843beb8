"""StreamingSource as other languages construct it: their inputs (camelCase, plain values or
outputs) become the Python API's ``StreamingSourceArgs``; its outputs go back under their schema names."""

from __future__ import annotations

import dataclasses
import re
import typing
from typing import Any, ClassVar

import pulumi
from pulumi.errors import InputPropertiesError, InputPropertyError
from pulumi.provider import ConstructResult

from pulumi_aep_streaming.components import StreamingSource, StreamingSourceArgs
from pulumi_aep_streaming.resources import AepInputError

from ._schema import COMPONENT, element_dataclass, hints_of, outputs, python_name, required, schema_name


class HostedStreamingSource(StreamingSource):
    """The Python component under the plugin package's type token."""

    pulumi_type: ClassVar[str] = COMPONENT


def _accepts_outputs(annotation: Any) -> bool:
    """Whether a field is a ``pulumi.Input`` (an output may stand for its value)."""
    return any(typing.get_origin(a) is pulumi.Output for a in typing.get_args(annotation))


def _value(name: str, value: Any, hint: Any) -> Any:
    """``value`` as the Python API takes it: lists of dataclasses made from the dicts given."""
    if isinstance(value, pulumi.Output) and not _accepts_outputs(hint):
        raise InputPropertyError(
            schema_name(name),
            "must be known when the program runs (written out), not another resource's output: "
            "StreamingSource checks it against the schema before anything is created",
        )
    item = element_dataclass(hint)
    if isinstance(value, list) and item is not None:
        return [_dataclass(item, f"{schema_name(name)}[{i}]", v) for i, v in enumerate(value)]
    return value


def _at(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _dataclass(cls: type, path: str, given: Any) -> Any:
    if not isinstance(given, dict):
        raise InputPropertyError(path, f"must be an object with the fields of {cls.__name__}")
    hints = hints_of(cls)
    unknown = sorted(set(given) - {schema_name(f.name) for f in dataclasses.fields(cls)})
    if unknown:
        raise InputPropertyError(_at(path, unknown[0]), f"is not a field of {cls.__name__}")
    values = {python_name(k): _value(python_name(k), v, hints[python_name(k)]) for k, v in given.items()}
    missing = [f.name for f in dataclasses.fields(cls) if f.name not in values and required(f)]
    if missing:
        raise InputPropertyError(_at(path, schema_name(missing[0])), "is required")
    return cls(**values)


def args_from(inputs: dict[str, Any]) -> StreamingSourceArgs:
    """The Python API's arguments for the inputs a program in another language gave."""
    args: StreamingSourceArgs = _dataclass(StreamingSourceArgs, "", inputs)
    return args


# How the Python API's messages name a value, and how a YAML or TypeScript program writes it.
_PYTHON_SPELLING = (
    (re.compile(r"SchemaField\(('[^']*')\)"), r"{path: \1}"),
    (re.compile(r"FieldMapping\(source, destination\)"), "{source, destination}"),
    (
        re.compile(r"Identity\(<field>, <namespace>, primary=True\)"),
        "{path: <field>, namespace: <namespace>, primary: true}",
    ),
    (re.compile(r"\b(\w+)=True\b"), r"\1: true"),
    (re.compile(r"\b(\w+) False\b"), r"\1 false"),
)
_NAMED = re.compile(r"^StreamingSource '[^']*': ")


def in_schema_names(message: str) -> str:
    """An error of the Python API, with its field names and values as the schema spells them."""
    names = [f.name for f in dataclasses.fields(StreamingSourceArgs) if "_" in f.name]
    message = re.sub(rf"\b({'|'.join(names)})\b", lambda m: schema_name(m.group(1)), message)
    for pattern, spelling in _PYTHON_SPELLING:
        message = pattern.sub(spelling, message)
    return message


def input_error(error: AepInputError) -> InputPropertiesError:
    """The engine's form of a bad input. It names the resource itself, so the message does not. (The
    message itself names the property: the SDK needs a list of property errors, even an empty one.)"""
    return InputPropertiesError(_NAMED.sub("", in_schema_names(str(error)), count=1), [])


def construct(name: str, inputs: dict[str, Any], options: pulumi.ResourceOptions | None) -> ConstructResult:
    try:
        source = HostedStreamingSource(name, args_from(inputs), options)
    except AepInputError as error:
        raise input_error(error) from None
    return ConstructResult(source.urn, {schema_name(o): getattr(source, o) for o in outputs()})
