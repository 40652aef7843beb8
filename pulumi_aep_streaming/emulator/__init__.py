"""A local Adobe Experience Platform: Flow Service, Data Prep, Catalog, Schema Registry, IMS and
the streaming inlet, persisted in SQLite. Written against the AEP contract alone: it imports
nothing from the client or provider packages."""

from pulumi_aep_streaming.emulator.app import create_app
from pulumi_aep_streaming.emulator.server import serve
from pulumi_aep_streaming.emulator.settings import EmulatorSettings

__all__ = ["EmulatorSettings", "create_app", "serve"]
