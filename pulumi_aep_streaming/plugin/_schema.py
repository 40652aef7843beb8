"""The package schema the plugin serves, read off the Python API: ``StreamingSourceArgs`` and the
value types it holds give the inputs, ``StreamingSource``'s outputs the outputs, and their
docstrings the descriptions. Names are camelCase, as other languages expect; the Python API keeps
its snake_case, and ``python_name``/``schema_name`` (pydantic's, as the client's models use)
translate between the two.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import re
import textwrap
import types
import typing
from collections.abc import Sequence
from typing import Any

import pulumi
from pydantic.alias_generators import to_camel, to_snake

from pulumi_aep_streaming.components import StreamingSource, StreamingSourceArgs
from pulumi_aep_streaming.hosting import PLUGIN_PACKAGE, hosted_type
from pulumi_aep_streaming.provider import CONFIG_KEYS

PACKAGE = PLUGIN_PACKAGE
COMPONENT = hosted_type("StreamingSource")
SECRET_SETTINGS = frozenset({"client_secret"})
_PLAIN = {str: "string", bool: "boolean", int: "integer", float: "number"}
schema_name = to_camel  # display_name -> displayName
python_name = to_snake  # displayName -> display_name


def type_ref(cls: type) -> str:
    return f"#/types/{hosted_type(cls.__name__)}"


def attribute_docs(cls: type) -> dict[str, str]:
    """The docstrings written under a class's attributes (Python keeps them only in the source)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.target.id] = description(following.value.value)
    return docs


def description(docstring: str | None) -> str:
    """A docstring as one paragraph of Markdown (the schema's descriptions are Markdown)."""
    return re.sub(r"\s*\n\s*", " ", inspect.cleandoc(docstring or "")).replace("``", "`")


def hints_of(cls: type) -> dict[str, Any]:
    """The annotations ``cls`` itself declares (not its bases'), evaluated."""
    own = type(cls.__name__, (), {"__annotations__": dict(vars(cls).get("__annotations__", {}))})
    own.__module__ = cls.__module__
    # pulumi.Input names "Output[T]" by a forward reference that resolves only in pulumi's module;
    # which T it is does not matter here: the plain type comes first in the Union.
    return typing.get_type_hints(own, localns={"Output": pulumi.Output, "T": Any})


def optional(annotation: Any) -> bool:
    return type(None) in typing.get_args(annotation)


def plain(annotation: Any) -> Any:
    """The value a type stands for: ``pulumi.Input[str] | None`` and ``pulumi.Output[str]`` -> ``str``."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        first = next(a for a in typing.get_args(annotation) if a is not type(None))
        return plain(first)
    if origin is pulumi.Output:
        return plain(typing.get_args(annotation)[0])
    return annotation


def type_spec(annotation: Any) -> dict[str, Any]:
    """A schema type for a Python annotation of the API."""
    value = plain(annotation)
    origin = typing.get_origin(value)
    if origin is typing.Literal:
        return {"type": "string"}
    if origin in (Sequence, list, tuple) or value in (Sequence, list):
        return {"type": "array", "items": type_spec(typing.get_args(value)[0])}
    if dataclasses.is_dataclass(value) and isinstance(value, type):
        return {"$ref": type_ref(value)}
    if value in _PLAIN:
        return {"type": _PLAIN[value]}
    raise TypeError(f"no schema type for {annotation!r}")


def element_dataclass(annotation: Any) -> type | None:
    """The dataclass a list-typed field holds (``Sequence[FieldMapping]`` -> FieldMapping), if any."""
    args = typing.get_args(plain(annotation))
    inner = plain(args[0]) if args else None
    return inner if dataclasses.is_dataclass(inner) and isinstance(inner, type) else None


def nested_types(cls: type) -> list[type]:
    """The dataclasses ``cls``'s fields hold (in lists), in field order."""
    hints = hints_of(cls)
    found = [element_dataclass(hints[f.name]) for f in dataclasses.fields(cls)]
    return list(dict.fromkeys(t for t in found if t is not None))


def required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def object_spec(cls: type) -> dict[str, Any]:
    """Properties and required names of a dataclass, described by its attribute docstrings."""
    hints, docs = hints_of(cls), attribute_docs(cls)
    fields = dataclasses.fields(cls)
    return {
        "properties": {
            schema_name(f.name): {**type_spec(hints[f.name]), "description": docs.get(f.name, "")} for f in fields
        },
        "required": [schema_name(f.name) for f in fields if required(f)],
    }


def outputs() -> list[str]:
    """StreamingSource's outputs, by their Python names."""
    hints = hints_of(StreamingSource)
    return [name for name, hint in hints.items() if typing.get_origin(hint) is pulumi.Output]


def component_spec() -> dict[str, Any]:
    inputs = object_spec(StreamingSourceArgs)
    hints, docs = hints_of(StreamingSource), attribute_docs(StreamingSource)
    names = outputs()
    return {
        "isComponent": True,
        "description": description(StreamingSource.__doc__),
        "inputProperties": inputs["properties"],
        "requiredInputs": inputs["required"],
        "properties": {schema_name(n): {**type_spec(hints[n]), "description": docs.get(n, "")} for n in names},
        "required": [schema_name(n) for n in names if not optional(typing.get_args(hints[n])[0])],
    }


def config_spec() -> dict[str, Any]:
    """The stack settings the providers read (``aep:*``), so SDKs and `pulumi config` know them."""
    variables = {
        key.split(":", 1)[1]: {"type": "string", **({"secret": True} if name in SECRET_SETTINGS else {})}
        for name, key in CONFIG_KEYS.items()
    }
    variables["skipCredentialsValidation"] = {"type": "boolean"}
    return {"variables": variables}


def package_schema(version: str) -> dict[str, Any]:
    types_ = nested_types(StreamingSourceArgs)
    return {
        "name": PACKAGE,
        "displayName": "AEP streaming",
        "version": version,
        "description": "Adobe Experience Platform streaming sources as code (pulumi-aep-streaming).",
        "config": config_spec(),
        "types": {
            hosted_type(cls.__name__): {
                "type": "object",
                "description": description(cls.__doc__),
                **object_spec(cls),
            }
            for cls in types_
        },
        "resources": {COMPONENT: component_spec()},
        "language": {"nodejs": {"respectSchemaVersion": True}, "python": {"respectSchemaVersion": True}},
    }
