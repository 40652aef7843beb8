"""Catalog: /data/foundation/catalog/dataSets."""

from __future__ import annotations

from pulumi_aep_streaming.emulator.core.routing import ServiceRoute, platform
from pulumi_aep_streaming.emulator.services.catalog import handlers as h

DATASETS = "/data/foundation/catalog/dataSets"


def routes() -> list[ServiceRoute]:
    return platform(
        "catalog",
        [
            ("POST", DATASETS, h.create),
            ("GET", DATASETS, h.list_),
            ("GET", f"{DATASETS}/{{id}}", h.get),
            ("PATCH", f"{DATASETS}/{{id}}", h.patch),
            ("PUT", f"{DATASETS}/{{id}}", h.put),
            ("DELETE", f"{DATASETS}/{{id}}", h.delete),
        ],
    )
