"""Sandbox Management: /data/foundation/sandbox-management (org-wide: no x-sandbox-name)."""

from __future__ import annotations

from pulumi_aep_streaming.emulator.core.routing import ServiceRoute, platform
from pulumi_aep_streaming.emulator.services.sandbox import handlers as h

SANDBOX_MANAGEMENT = "/data/foundation/sandbox-management"


def routes() -> list[ServiceRoute]:
    return platform("sandbox-management", [("GET", SANDBOX_MANAGEMENT, h.list_available)])
