"""What each entity of a many-sources chain registers: the real program's property keys and value
shapes (its Args fields and declared outputs), for the floor with ``floor:sameProps``.

Pulumi's own cost grows with what a resource carries (serialized to the engine, checked, diffed,
stored, resolved in the program); this floor pays it too, so the difference to the real stack is
what the providers and the package themselves cost. tests/bench/test_floor_shapes.py keeps the keys
equal to the resources' Args and outputs.
"""

from __future__ import annotations

from typing import Any

PROFILE = "https://ns.adobe.com/xdm/context/profile"
ID = "0123456789abcdef0123456789abcdef"


def inputs(kind: str, i: int) -> dict[str, Any]:
    """The inputs the real chain ``source{i}`` gives ``kind``, without links to other entities."""
    name = f"source{i}"
    tier = f"_emulator.source{i}.tier"
    shapes: dict[str, dict[str, Any]] = {
        "Schema": {
            "title": name,
            "description": "",
            "class_id": PROFILE,
            "field_groups": [f"{PROFILE}-person-details"],
            "custom_fields": [{"path": tier, "type": "string", "title": None}],
            "adopt_id": None,
            "adopt_by_name": False,
        },
        "Dataset": {"name": name, "description": "", "tags": None, "adopt_id": None},
        "SourceConnection": {
            "name": name,
            "description": "",
            "connection_spec_id": "e77fd9d2-22a8-11ed-861d-0242ac120002",
            "base_connection_id": None,
            "provider_id": "521eee4d-8cbe-4906-bb48-fb6bd4450033",
            "data_format": "json",
            "params": None,
            "adopt_id": None,
        },
        "TargetConnection": {
            "name": name,
            "description": "",
            "data_format": "json",
            "schema_content_type": "application/vnd.adobe.xed-full+json;version=1",
            "adopt_id": None,
        },
        "MappingSet": {
            "mappings": [
                {"source": "firstName", "destination": "person.name.firstName", "source_type": "ATTRIBUTE"},
                {"source": "upper(tier)", "destination": tier, "source_type": "EXPRESSION"},
            ],
            "name": f"{name} mappings",
            "description": None,
            "adopt_id": None,
        },
        "Dataflow": {
            "name": name,
            "description": "",
            "mapping_set_version": 0,
            "enabled": True,
            "flow_spec_id": "e77fde5a-22a8-11ed-861d-0242ac120002",
            "ready_timeout_seconds": 300.0,
            "adopt_id": None,
        },
    }
    return shapes[kind]


# The computed outputs of each kind, filled by the floor's provider with ids of the real length.
OUTPUTS = {
    "Schema": ("schema_id", "alt_id", "version", "tenant_id", "field_group_id"),
    "Dataset": ("dataset_id",),
    "SourceConnection": ("etag", "state"),
    "TargetConnection": ("etag", "state"),
    "MappingSet": ("version",),
    "Dataflow": ("inlet_url", "state", "etag", "resolved_flow_spec_id"),
}
