"""Identity Service: /data/core/idnamespace/identities."""

from __future__ import annotations

from pulumi_aep_streaming.emulator.core.routing import ServiceRoute, platform
from pulumi_aep_streaming.emulator.services.identity import handlers as h

NAMESPACES = "/data/core/idnamespace/identities"


def routes() -> list[ServiceRoute]:
    return platform(
        "identity",
        [
            ("GET", NAMESPACES, h.list_),
            ("POST", NAMESPACES, h.create),
            ("GET", f"{NAMESPACES}/{{id}}", h.get),
            ("PUT", f"{NAMESPACES}/{{id}}", h.update),
        ],
    )
