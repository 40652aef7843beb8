"""A local Adobe Experience Platform: Flow Service, Data Prep, Catalog, Schema Registry, IMS and
the streaming inlet, persisted in SQLite. Written against the AEP contract alone: it imports
nothing from the client or provider packages."""

from .app import create_app
from .server import serve
from .settings import EmulatorSettings

__all__ = ["EmulatorSettings", "create_app", "serve"]
