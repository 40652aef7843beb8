"""Schema Registry: /data/foundation/schemaregistry."""

from __future__ import annotations

from pulumi_aep_streaming.emulator.core.routing import ServiceRoute, platform
from pulumi_aep_streaming.emulator.services.schemaregistry import descriptor_handlers as d
from pulumi_aep_streaming.emulator.services.schemaregistry import handlers as h

REGISTRY = "/data/foundation/schemaregistry"
# {collection} is "schemas" or "fieldgroups": one set of routes serves both.
TENANT = f"{REGISTRY}/tenant/{{collection:str}}"
DESCRIPTORS = f"{REGISTRY}/tenant/descriptors"
UNIONS = f"{REGISTRY}/tenant/unions"


def routes() -> list[ServiceRoute]:
    return platform(
        "schemaregistry",
        [
            ("GET", f"{REGISTRY}/stats", h.stats),
            # Before the {collection} routes, which would take "descriptors" and "unions" as collections.
            ("GET", DESCRIPTORS, d.list_),
            ("POST", DESCRIPTORS, d.create),
            ("GET", f"{DESCRIPTORS}/{{id}}", d.get),
            ("PUT", f"{DESCRIPTORS}/{{id}}", d.replace),
            ("DELETE", f"{DESCRIPTORS}/{{id}}", d.delete),
            ("GET", UNIONS, d.list_unions),
            ("GET", f"{UNIONS}/{{ref:path}}", d.get_union),
            ("GET", f"{REGISTRY}/global/{{collection:str}}", h.list_global),
            ("GET", f"{REGISTRY}/global/{{collection:str}}/{{ref:path}}", h.get_global),
            ("POST", TENANT, h.create),
            ("GET", TENANT, h.list_tenant),
            ("GET", f"{TENANT}/{{ref:path}}", h.get_tenant),
            ("PUT", f"{TENANT}/{{ref:path}}", h.replace),
            ("PATCH", f"{TENANT}/{{ref:path}}", h.patch),
            ("DELETE", f"{TENANT}/{{ref:path}}", h.delete),
        ],
    )
