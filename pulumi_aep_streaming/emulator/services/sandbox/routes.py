"""Sandbox Management: /data/foundation/sandbox-management (org-wide: no x-sandbox-name)."""

from __future__ import annotations

from pulumi_aep_streaming.emulator.core.routing import ServiceRoute, platform
from pulumi_aep_streaming.emulator.services.sandbox import handlers as h

SANDBOX_MANAGEMENT = "/data/foundation/sandbox-management"
SANDBOXES = f"{SANDBOX_MANAGEMENT}/sandboxes"
ONE = f"{SANDBOXES}/{{name}}"


def routes() -> list[ServiceRoute]:
    return platform(
        "sandbox-management",
        [
            ("GET", SANDBOX_MANAGEMENT, h.list_available),
            ("GET", f"{SANDBOX_MANAGEMENT}/sandboxTypes", h.list_types),
            ("GET", SANDBOXES, h.list_sandboxes),
            ("POST", SANDBOXES, h.create),
            ("GET", ONE, h.get),
            ("PATCH", ONE, h.patch),
            ("PUT", ONE, h.reset),
            ("DELETE", ONE, h.delete),
        ],
    )
