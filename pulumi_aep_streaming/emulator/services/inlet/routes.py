"""The streaming inlet (DCS): open routes, no gateway (an inlet may demand its own bearer token)."""

from __future__ import annotations

from pulumi_aep_streaming.emulator.core.routing import ServiceRoute
from pulumi_aep_streaming.emulator.services.inlet import handlers as h


def routes() -> list[ServiceRoute]:
    return [
        ServiceRoute("POST", "/collection/{inlet_id}", h.collect),
        ServiceRoute("POST", "/collection/batch/{inlet_id}", h.collect_batch),
        # the older streaming path, still in Adobe's examples and clients
        ServiceRoute("POST", "/data/foundation/import/collection/{inlet_id}", h.collect),
        ServiceRoute("POST", "/data/foundation/import/collection/batch/{inlet_id}", h.collect_batch),
    ]
