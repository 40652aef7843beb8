"""How a service declares its routes; the app assembles them (each service keeps its own list)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from pulumi_aep_streaming.emulator.core.gateway import Caller

# A platform handler gets the caller the gateway authorized; an open one (IMS, the inlet) only the request.
PlatformHandler = Callable[[Request, Caller], Awaitable[Response]]
OpenHandler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class ServiceRoute:
    method: str
    path: str
    handler: Any  # PlatformHandler when ``gateway`` names a service, else OpenHandler
    gateway: str | None = None  # the service name the gateway authorizes the caller for


def platform(service: str, routes: Sequence[tuple[str, str, PlatformHandler]]) -> list[ServiceRoute]:
    """Routes behind the platform gateway, authorized for ``service``."""
    return [ServiceRoute(method, path, handler, service) for method, path, handler in routes]
