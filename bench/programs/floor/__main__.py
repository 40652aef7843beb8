"""``floor:count`` chains shaped as StreamingSource's (schema, dataset, source, target, mapping set,
flow, under one component), on a provider that answers at once."""

import pulumi
from floor_provider import FloorProvider
from pulumi.dynamic import Resource


class Floor(Resource, module="floor", name="Entity"):
    def __init__(self, name: str, props: dict[str, object], parent: pulumi.Resource) -> None:
        super().__init__(FloorProvider(), name, props, pulumi.ResourceOptions(parent=parent))


count = pulumi.Config("floor").get_int("count") or 1
for i in range(count):
    chain = pulumi.ComponentResource("floor:index:Chain", f"source{i}")
    schema = Floor(f"source{i}-schema", {"title": f"source{i}"}, chain)
    dataset = Floor(f"source{i}-dataset", {"schema_id": schema.id}, chain)
    source = Floor(f"source{i}-source", {"name": f"source{i}"}, chain)
    target = Floor(f"source{i}-target", {"dataset_id": dataset.id, "schema_id": schema.id}, chain)
    mapping = Floor(f"source{i}-mapping", {"schema_id": schema.id}, chain)
    flow = Floor(
        f"source{i}-flow",
        {"source_connection_id": source.id, "target_connection_id": target.id, "mapping_set_id": mapping.id},
        chain,
    )
    pulumi.export(f"flow_id_{i}", flow.id)
