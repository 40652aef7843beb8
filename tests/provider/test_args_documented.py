"""Every field of every Args class (and of SchemaField/FieldMapping) carries a docstring."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools

import pulumi_aep_streaming
from pulumi_aep_streaming import components, resources


def documented_fields(cls: type) -> set[str]:
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body  # type: ignore[attr-defined]
    out = set()
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
        ):
            if isinstance(following.value.value, str) and following.value.value.strip():
                out.add(node.target.id)  # type: ignore[union-attr]
    return out


def test_every_args_field_has_a_docstring() -> None:
    classes = [getattr(m, n) for m in (resources, components) for n in dir(m) if n.endswith("Args")]
    classes += [resources.SchemaField, resources.FieldMapping]
    assert len(classes) >= 10
    for cls in classes:
        fields = {f.name for f in dataclasses.fields(cls)}
        missing = fields - documented_fields(cls)
        assert not missing, f"{cls.__name__}: undocumented {sorted(missing)}"


def test_everything_is_importable_from_the_package_root() -> None:
    for name in (
        "Schema",
        "Dataset",
        "BaseConnection",
        "SourceConnection",
        "TargetConnection",
        "MappingSet",
        "Dataflow",
        "StreamingSource",
        "StreamingSourceArgs",
        "SchemaField",
        "FieldMapping",
    ):
        assert getattr(pulumi_aep_streaming, name).__name__ == name
