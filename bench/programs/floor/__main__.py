"""``floor:count`` chains shaped as StreamingSource's (schema, dataset, source, target, mapping set,
flow, under one component), on a provider that answers at once. With ``floor:sameProps`` each
entity carries the real resource's properties (shapes.py); without, a name or its links only."""

import pulumi
from floor_provider import FloorProvider
from pulumi.dynamic import Resource
from shapes import OUTPUTS, inputs

config = pulumi.Config("floor")
count = config.get_int("count") or 1
same_props = config.get_bool("sameProps") or False


class Floor(Resource, module="floor", name="Entity"):
    def __init__(self, name: str, kind: str, i: int, links: dict[str, object], parent: pulumi.Resource) -> None:
        if same_props:
            provider = FloorProvider(OUTPUTS[kind])
            props = {**inputs(kind, i), **links, **dict.fromkeys(OUTPUTS[kind])}
        else:
            provider, props = FloorProvider(), links
        super().__init__(provider, name, props, pulumi.ResourceOptions(parent=parent))


for i in range(count):
    chain = pulumi.ComponentResource("floor:index:Chain", f"source{i}")
    schema = Floor(f"source{i}-schema", "Schema", i, {"title": f"source{i}"}, chain)
    dataset = Floor(f"source{i}-dataset", "Dataset", i, {"schema_id": schema.id}, chain)
    source = Floor(f"source{i}-source", "SourceConnection", i, {"name": f"source{i}"}, chain)
    target = Floor(
        f"source{i}-target", "TargetConnection", i, {"dataset_id": dataset.id, "schema_id": schema.id}, chain
    )
    mapping = Floor(f"source{i}-mapping", "MappingSet", i, {"schema_id": schema.id}, chain)
    flow = Floor(
        f"source{i}-flow",
        "Dataflow",
        i,
        {"source_connection_id": source.id, "target_connection_id": target.id, "mapping_set_id": mapping.id},
        chain,
    )
    pulumi.export(f"flow_id_{i}", flow.id)
