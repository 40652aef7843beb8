"""Data Prep: /data/foundation/conversion (several tutorials drop "/conversion": both are served)."""

from __future__ import annotations

from pulumi_aep_streaming.emulator.core.routing import ServiceRoute, platform
from pulumi_aep_streaming.emulator.services.dataprep import handlers as h

EL = "/data/foundation/conversion/languages/el"


def routes() -> list[ServiceRoute]:
    out = [
        ("POST", f"{EL}/validate", h.validate_expression),
        ("GET", f"{EL}/functions", h.list_functions),
        ("GET", f"{EL}/operators", h.list_operators),
    ]
    for base in ("/data/foundation/conversion/mappingSets", "/data/foundation/mappingSets"):
        out += [
            ("POST", base, h.create),
            ("GET", base, h.list_),
            ("POST", f"{base}/validate", h.validate),
            ("POST", f"{base}/preview", h.preview),
            ("GET", f"{base}/{{id}}", h.get),
            ("GET", f"{base}/{{id}}/mappings", h.list_mappings),
            ("GET", f"{base}/{{id}}/mappings/{{mapping_id}}", h.get_mapping),
            ("PUT", f"{base}/{{id}}", h.replace),
            ("DELETE", f"{base}/{{id}}", h.delete),
        ]
    return platform("conversion", out)
