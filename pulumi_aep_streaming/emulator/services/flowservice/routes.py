"""Flow Service: /data/foundation/flowservice."""

from __future__ import annotations

from functools import partial

from pulumi_aep_streaming.emulator.core.routing import PlatformHandler, ServiceRoute, platform
from pulumi_aep_streaming.emulator.services.flowservice import handlers as h
from pulumi_aep_streaming.emulator.services.flowservice.models import COLLECTIONS

FLOW = "/data/foundation/flowservice"


def routes() -> list[ServiceRoute]:
    out: list[tuple[str, str, PlatformHandler]] = []
    for name, collection in COLLECTIONS.items():  # each route knows its collection: no path parsing
        out += [
            ("POST", f"{FLOW}/{name}", partial(h.create, collection)),
            ("GET", f"{FLOW}/{name}", partial(h.list_, collection)),
            ("GET", f"{FLOW}/{name}/{{id}}", partial(h.get, collection)),
            ("PATCH", f"{FLOW}/{name}/{{id}}", partial(h.patch, collection)),
            ("DELETE", f"{FLOW}/{name}/{{id}}", partial(h.delete, collection)),
        ]
    out += [
        ("POST", f"{FLOW}/flows/{{id}}/action", h.action),
        ("GET", f"{FLOW}/connections/{{id}}/test", h.test_connection),
        ("GET", f"{FLOW}/runs", h.list_runs),
        ("GET", f"{FLOW}/runs/{{id}}", h.get_run),
        ("GET", f"{FLOW}/connectionSpecs", partial(h.list_specs, "connectionSpecs")),
        ("GET", f"{FLOW}/connectionSpecs/{{id}}", partial(h.get_spec, "connectionSpecs")),
        ("GET", f"{FLOW}/flowSpecs", partial(h.list_specs, "flowSpecs")),
        ("GET", f"{FLOW}/flowSpecs/{{id}}", partial(h.get_spec, "flowSpecs")),
    ]
    return platform("flowservice", out)
