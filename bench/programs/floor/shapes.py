"""What each entity of a many-sources chain registers: the real program's property keys and value
shapes (its Args fields and declared outputs), for the floor with ``floor:sameProps``.

Pulumi's own cost grows with what a resource carries (serialized to the engine, checked, diffed,
stored, resolved in the program); this floor pays it too, so the difference to the real stack is
what the providers and the package themselves cost. tests/bench/test_floor_shapes.py keeps the keys
equal to the resources' Args and outputs; their defaults and outputs come from the declarations.
"""

from __future__ import annotations

from typing import Any

from pulumi_aep_streaming.declarations import DECLARATIONS

PROFILE = "https://ns.adobe.com/xdm/context/profile"
ID = "0123456789abcdef0123456789abcdef"
KINDS = ("Schema", "Dataset", "SourceConnection", "TargetConnection", "MappingSet", "Dataflow")


def _defaults(kind: str) -> dict[str, Any]:
    """What the program sends for each input it leaves out (a tuple default goes as a list)."""
    return {i.name: [] if i.default == () else i.default for i in DECLARATIONS[kind].inputs if not i.required}


def inputs(kind: str, i: int) -> dict[str, Any]:
    """The inputs the real chain ``source{i}`` gives ``kind``, without links to other entities."""
    name = f"source{i}"
    tier = f"_emulator.source{i}.tier"
    given: dict[str, dict[str, Any]] = {
        "Schema": {
            "title": name,
            "field_groups": [f"{PROFILE}-person-details"],
            "custom_fields": [{"path": tier, "type": "string", "title": None}],
        },
        "Dataset": {"name": name},
        "SourceConnection": {"name": name},
        "TargetConnection": {"name": name},
        "MappingSet": {
            "mappings": [
                {"source": "firstName", "destination": "person.name.firstName", "source_type": "ATTRIBUTE"},
                {"source": "upper(tier)", "destination": tier, "source_type": "EXPRESSION"},
            ],
            "name": f"{name} mappings",
        },
        "Dataflow": {"name": name, "flow_spec_id": "e77fde5a-22a8-11ed-861d-0242ac120002"},
    }
    shape = {**_defaults(kind), **given[kind]}
    if kind == "Dataflow":
        del shape["mapping_set_id"]  # a link the program passes
    return shape


# The computed outputs of each kind, filled by the floor's provider with ids of the real length.
OUTPUTS = {kind: DECLARATIONS[kind].computed for kind in KINDS}
