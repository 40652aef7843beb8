"""Flow Service: /data/foundation/flowservice."""

from __future__ import annotations

from pulumi_aep_streaming.emulator.core.routing import ServiceRoute, platform
from pulumi_aep_streaming.emulator.services.flowservice import handlers as h

FLOW = "/data/foundation/flowservice"


def routes() -> list[ServiceRoute]:
    out = []
    for name in h.COLLECTIONS:
        out += [
            ("POST", f"{FLOW}/{name}", h.create),
            ("GET", f"{FLOW}/{name}", h.list_),
            ("GET", f"{FLOW}/{name}/{{id}}", h.get),
            ("PATCH", f"{FLOW}/{name}/{{id}}", h.patch),
            ("DELETE", f"{FLOW}/{name}/{{id}}", h.delete),
        ]
    out += [
        ("POST", f"{FLOW}/flows/{{id}}/action", h.action),
        ("GET", f"{FLOW}/connections/{{id}}/test", h.test_connection),
        ("GET", f"{FLOW}/runs", h.list_runs),
        ("GET", f"{FLOW}/runs/{{id}}", h.get_run),
        ("GET", f"{FLOW}/connectionSpecs", h.list_specs),
        ("GET", f"{FLOW}/connectionSpecs/{{id}}", h.get_spec),
        ("GET", f"{FLOW}/flowSpecs", h.list_specs),
        ("GET", f"{FLOW}/flowSpecs/{{id}}", h.get_spec),
    ]
    return platform("flowservice", out)
