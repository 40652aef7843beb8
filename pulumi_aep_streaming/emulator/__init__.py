"""A local Adobe Experience Platform: Flow Service, Data Prep, Catalog, Schema Registry, IMS and
the streaming inlet, persisted in SQLite. Written against the AEP contract alone: it imports
nothing from the client or provider packages.

Its server libraries (starlette, uvicorn, orjson, jsonpatch) are the ``emulator`` extra; the names
below load on first use, so ``settings`` (which the CLI reads) needs none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {"create_app": "app", "serve": "server", "EmulatorSettings": "settings"}
__all__ = ["EmulatorSettings", "create_app", "serve"]

if TYPE_CHECKING:
    from pulumi_aep_streaming.emulator.app import create_app
    from pulumi_aep_streaming.emulator.server import serve
    from pulumi_aep_streaming.emulator.settings import EmulatorSettings


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pulumi_aep_streaming.emulator' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
