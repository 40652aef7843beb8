"""A local Adobe Experience Platform: Flow Service, Data Prep, Catalog, Schema Registry, IMS and
the streaming inlet, persisted in SQLite. Written against the AEP contract alone: it imports
nothing from the client or provider packages.

Its server libraries (starlette, uvicorn, orjson, jsonpatch) are the ``emulator`` extra; the names
below load on first use, so ``settings`` (which the CLI reads) needs none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pulumi_aep_streaming._lazy import exports

_EXPORTS = {"create_app": "app", "serve": "server", "EmulatorSettings": "settings"}
__all__ = ["EmulatorSettings", "create_app", "serve"]

if TYPE_CHECKING:
    from pulumi_aep_streaming.emulator.app import create_app
    from pulumi_aep_streaming.emulator.server import serve
    from pulumi_aep_streaming.emulator.settings import EmulatorSettings


__getattr__ = exports(__name__, _EXPORTS)
