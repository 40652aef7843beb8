"""IMS OAuth server-to-server tokens."""

from __future__ import annotations

from pulumi_aep_streaming.emulator.core.routing import ServiceRoute
from pulumi_aep_streaming.emulator.services.ims import handlers as h


def routes() -> list[ServiceRoute]:
    return [
        ServiceRoute("POST", "/ims/token/v3", h.token),
        ServiceRoute("POST", "/ims/token/v2", h.token),  # older clients; same grant, same answer
    ]
