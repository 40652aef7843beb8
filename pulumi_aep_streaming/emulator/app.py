"""The emulator's ASGI application: one origin serving every AEP host's paths."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.errors import ApiError
from pulumi_aep_streaming.emulator.core.faults import FaultMiddleware
from pulumi_aep_streaming.emulator.core.gateway import authorize
from pulumi_aep_streaming.emulator.core.routing import OpenHandler, PlatformHandler
from pulumi_aep_streaming.emulator.core.state import EmulatorState, Stats, state_of
from pulumi_aep_streaming.emulator.core.store import Store
from pulumi_aep_streaming.emulator.services.admin import routes as admin
from pulumi_aep_streaming.emulator.services.catalog import routes as catalog
from pulumi_aep_streaming.emulator.services.dashboard import routes as dashboard
from pulumi_aep_streaming.emulator.services.dataprep import routes as dataprep
from pulumi_aep_streaming.emulator.services.flowservice import routes as flowservice
from pulumi_aep_streaming.emulator.services.identity import routes as identity
from pulumi_aep_streaming.emulator.services.ims import routes as ims
from pulumi_aep_streaming.emulator.services.inlet import routes as inlet
from pulumi_aep_streaming.emulator.services.profile import routes as profile
from pulumi_aep_streaming.emulator.services.sandbox import routes as sandbox
from pulumi_aep_streaming.emulator.services.schemaregistry import routes as schemaregistry
from pulumi_aep_streaming.emulator.settings import EmulatorSettings


def _counted(template: str, endpoint: OpenHandler) -> OpenHandler:
    async def counted(request: Request) -> Response:
        stats = state_of(request).stats
        stats.count(f"{request.method} {template}")
        # The path as sent, still percent-encoded (a Schema Registry $id travels as one segment).
        sent_path = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1").split("?", 1)[0]
        try:
            response = await endpoint(request)
        except ApiError as error:  # answered by the app's error handler
            stats.record(request.method, sent_path, error.status)
            raise
        response.headers.setdefault("x-request-id", uuid.uuid4().hex)
        stats.record(request.method, sent_path, response.status_code)
        return response

    return counted


def _platform(service: str, handler: PlatformHandler) -> OpenHandler:
    async def endpoint(request: Request) -> Response:
        return await handler(request, authorize(request, service))

    return endpoint


# The inlet comes first: it takes most of the requests, and routes match in order.
SERVICES = (
    inlet.routes,
    flowservice.routes,
    dataprep.routes,
    schemaregistry.routes,
    catalog.routes,
    identity.routes,
    profile.routes,
    sandbox.routes,
    ims.routes,
)


def _routes() -> list[Route]:
    routes = []
    for service_routes in SERVICES:
        for r in service_routes():
            endpoint = _platform(r.gateway, r.handler) if r.gateway else r.handler
            routes.append(Route(r.path, _counted(r.path, endpoint), methods=[r.method]))
    return [*routes, *admin.routes(), *dashboard.routes()]


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    headers = {"x-request-id": uuid.uuid4().hex, **exc.headers}
    return JSONResponse(exc.body, status_code=exc.status, headers=headers)


# Which service answers a path, for errors no route produced (unknown path, wrong method).
_SERVICES = (
    ("/data/foundation/flowservice", "flowservice"),
    ("/data/foundation/schemaregistry", "schemaregistry"),
    ("/data/foundation/catalog", "catalog"),
    ("/data/foundation/conversion", "conversion"),
    ("/data/foundation/mappingSets", "conversion"),
    ("/data/foundation/import/collection", "collection"),
    ("/collection", "collection"),
    ("/data/core/idnamespace", "identity"),
    ("/data/core/ups", "profile"),
    ("/data/foundation/sandbox-management", "sandbox-management"),
)


async def _http_error(request: Request, exc: Exception) -> Response:
    """404 and 405 in the body shape of the service the path belongs to, never plain text."""
    assert isinstance(exc, HTTPException)
    path = request.url.path
    what = "is not a known path" if exc.status_code == 404 else f"does not take {request.method}"
    detail = f"{request.method} {path}: {path} {what}"
    service = next((name for prefix, name in _SERVICES if path.startswith(prefix)), None)
    if service is not None:
        return await _api_error(request, errors.for_service(service, exc.status_code, exc.detail, detail))
    if path.startswith("/ims/"):
        body: dict[str, str] = {"error": "invalid_request", "error_description": detail}
    else:
        body = {"error_code": f"{exc.status_code}050", "message": detail}  # the gateway's own shape
    return JSONResponse(body, status_code=exc.status_code, headers={"x-request-id": uuid.uuid4().hex})


class TrailingSlash:
    """AEP serves ``/path/`` exactly as ``/path``: strip the slash before routing (no redirect)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and len(path) > 1 and path.endswith("/"):
            raw = scope.get("raw_path") or path.encode()
            scope = {**scope, "path": path.rstrip("/") or "/", "raw_path": raw.rstrip(b"/") or b"/"}
        await self.app(scope, receive, send)


class InFlight:
    """Counts the API requests being answered at once (injected latency included)."""

    def __init__(self, app: ASGIApp, stats: Stats) -> None:
        self.app, self.stats = app, stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_emulator/"):
            await self.app(scope, receive, send)
            return
        self.stats.started()
        try:
            await self.app(scope, receive, send)
        finally:
            self.stats.finished()


class EmulatorApp(Starlette):
    """Starlette with fault injection outermost, so a dropped response reaches the server's transport."""

    def build_middleware_stack(self) -> ASGIApp:
        faults = FaultMiddleware(super().build_middleware_stack(), self.state.emulator.faults, self._count_injected)
        return TrailingSlash(InFlight(faults, self.state.emulator.stats))

    def _count_injected(self, scope: Scope) -> None:
        """Requests answered by an injected fault still count, under their route template."""
        for route in self.router.routes:
            if isinstance(route, Route) and route.matches(scope)[0] == Match.FULL:
                self.state.emulator.stats.count(f"{scope['method']} {route.path}")
                return


def create_app(settings: EmulatorSettings) -> Starlette:
    """A Starlette app over the SQLite store in ``settings.data_dir``."""
    state = EmulatorState(settings=settings, store=Store(settings.data_dir / "aep.sqlite3"))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        state.store.close()

    app = EmulatorApp(
        routes=_routes(), exception_handlers={ApiError: _api_error, HTTPException: _http_error}, lifespan=lifespan
    )
    app.router.redirect_slashes = False
    app.state.emulator = state
    return app
