"""The bench's same-properties floor registers what the real resources register: the same keys."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from pulumi_aep_streaming import resources
from pulumi_aep_streaming.declarations import DECLARATIONS

# What the floor program passes as links to other entities (the rest comes from shapes.inputs).
LINKS = {
    "Schema": set(),
    "Dataset": {"schema_id"},
    "SourceConnection": set(),
    "TargetConnection": {"dataset_id", "schema_id"},
    "MappingSet": {"schema_id"},
    "Dataflow": {"source_connection_id", "target_connection_id", "mapping_set_id"},
}


def shapes() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "programs" / "floor" / "shapes.py"
    spec = importlib.util.spec_from_file_location("floor_shapes", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", sorted(LINKS))
def test_each_floor_entity_carries_its_resources_args_and_outputs(kind: str) -> None:
    floor = shapes()
    args = {f.name for f in dataclasses.fields(getattr(resources, f"{kind}Args"))}
    assert set(floor.inputs(kind, 0)) | LINKS[kind] == args
    assert floor.OUTPUTS[kind] == DECLARATIONS[kind].computed
