"""The emulator's own endpoints under /_emulator/ (not AEP's): not counted in the stats."""

from __future__ import annotations

from starlette.routing import Route

from pulumi_aep_streaming.emulator.services.admin import handlers as h


def routes() -> list[Route]:
    return [
        Route("/_emulator/health", h.health, methods=["GET"]),
        Route("/_emulator/stats", h.stats, methods=["GET"]),
        Route("/_emulator/requests", h.requests, methods=["GET"]),
        Route("/_emulator/datasets/{id}/rows", h.rows, methods=["GET"]),
        Route("/_emulator/reset", h.reset, methods=["POST"]),
        Route("/_emulator/faults", h.faults, methods=["GET", "POST", "DELETE"]),
        Route("/_emulator/sandbox-delay", h.sandbox_delay, methods=["GET", "PUT"]),
    ]
