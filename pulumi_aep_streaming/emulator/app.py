"""The emulator's ASGI application: one origin serving every AEP host's paths."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from . import admin, catalog, dataprep, errors, flowservice, ims, inlet, schemaregistry
from .errors import ApiError
from .faults import FaultMiddleware
from .gateway import Caller, authorize
from .settings import EmulatorSettings
from .state import EmulatorState, state_of
from .store import Store

Handler = Callable[[Request, Caller], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]

FLOW = "/data/foundation/flowservice"
REGISTRY = "/data/foundation/schemaregistry"
CATALOG = "/data/foundation/catalog"


def _counted(template: str, endpoint: Endpoint) -> Endpoint:
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


def _platform(service: str, handler: Handler) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        return await handler(request, authorize(request, service))

    return endpoint


def _routes() -> list[Route]:
    inlet_routes = _inlet_routes()
    platform: list[tuple[str, str, str, Handler]] = []
    for name in flowservice.COLLECTIONS:
        platform += [
            ("POST", f"{FLOW}/{name}", "flowservice", flowservice.create),
            ("GET", f"{FLOW}/{name}", "flowservice", flowservice.list_),
            ("GET", f"{FLOW}/{name}/{{id}}", "flowservice", flowservice.get),
            ("PATCH", f"{FLOW}/{name}/{{id}}", "flowservice", flowservice.patch),
            ("DELETE", f"{FLOW}/{name}/{{id}}", "flowservice", flowservice.delete),
        ]
    el = "/data/foundation/conversion/languages/el"
    platform += [
        ("POST", f"{el}/validate", "conversion", dataprep.validate_expression),
        ("GET", f"{el}/functions", "conversion", dataprep.list_functions),
        ("GET", f"{el}/operators", "conversion", dataprep.list_operators),
    ]
    platform += [
        ("POST", f"{FLOW}/flows/{{id}}/action", "flowservice", flowservice.action),
        ("GET", f"{FLOW}/connections/{{id}}/test", "flowservice", flowservice.test_connection),
        ("GET", f"{FLOW}/runs", "flowservice", flowservice.list_runs),
        ("GET", f"{FLOW}/runs/{{id}}", "flowservice", flowservice.get_run),
        ("GET", f"{FLOW}/connectionSpecs", "flowservice", flowservice.list_specs),
        ("GET", f"{FLOW}/connectionSpecs/{{id}}", "flowservice", flowservice.get_spec),
        ("GET", f"{FLOW}/flowSpecs", "flowservice", flowservice.list_specs),
        ("GET", f"{FLOW}/flowSpecs/{{id}}", "flowservice", flowservice.get_spec),
        ("GET", f"{REGISTRY}/stats", "schemaregistry", schemaregistry.stats),
        ("GET", f"{REGISTRY}/global/{{collection:str}}", "schemaregistry", schemaregistry.list_global),
        ("GET", f"{REGISTRY}/global/{{collection:str}}/{{ref:path}}", "schemaregistry", schemaregistry.get_global),
        ("POST", f"{CATALOG}/dataSets", "catalog", catalog.create),
        ("GET", f"{CATALOG}/dataSets", "catalog", catalog.list_),
        ("GET", f"{CATALOG}/dataSets/{{id}}", "catalog", catalog.get),
        ("PATCH", f"{CATALOG}/dataSets/{{id}}", "catalog", catalog.patch),
        ("PUT", f"{CATALOG}/dataSets/{{id}}", "catalog", catalog.put),
        ("DELETE", f"{CATALOG}/dataSets/{{id}}", "catalog", catalog.delete),
    ]
    # {collection} is "schemas" or "fieldgroups"; one set of routes serves both.
    tenant = f"{REGISTRY}/tenant/{{collection:str}}"
    platform += [
        ("POST", tenant, "schemaregistry", schemaregistry.create),
        ("GET", tenant, "schemaregistry", schemaregistry.list_tenant),
        ("GET", f"{tenant}/{{ref:path}}", "schemaregistry", schemaregistry.get_tenant),
        ("PUT", f"{tenant}/{{ref:path}}", "schemaregistry", schemaregistry.replace),
        ("PATCH", f"{tenant}/{{ref:path}}", "schemaregistry", schemaregistry.patch),
        ("DELETE", f"{tenant}/{{ref:path}}", "schemaregistry", schemaregistry.delete),
    ]
    # Data Prep; several tutorials drop "/conversion", so the emulator answers both spellings.
    for base in ("/data/foundation/conversion/mappingSets", "/data/foundation/mappingSets"):
        platform += [
            ("POST", base, "conversion", dataprep.create),
            ("GET", base, "conversion", dataprep.list_),
            ("POST", f"{base}/validate", "conversion", dataprep.validate),
            ("POST", f"{base}/preview", "conversion", dataprep.preview),
            ("GET", f"{base}/{{id}}", "conversion", dataprep.get),
            ("GET", f"{base}/{{id}}/mappings", "conversion", dataprep.list_mappings),
            ("GET", f"{base}/{{id}}/mappings/{{mapping_id}}", "conversion", dataprep.get_mapping),
            ("PUT", f"{base}/{{id}}", "conversion", dataprep.replace),
            ("DELETE", f"{base}/{{id}}", "conversion", dataprep.delete),
        ]
    # The inlet's routes come first: it takes most of the requests, and routes match in order.
    routes = [Route(path, _counted(path, fn), methods=[method]) for method, path, fn in inlet_routes]
    routes += [
        Route(path, _counted(path, _platform(service, handler)), methods=[method])
        for method, path, service, handler in platform
    ]
    plain: list[tuple[str, str, Endpoint]] = [
        ("POST", "/ims/token/v3", ims.token),
        ("POST", "/ims/token/v2", ims.token),  # older clients; same grant, same answer
    ]
    routes += [Route(path, _counted(path, fn), methods=[method]) for method, path, fn in plain]
    return [
        *routes,
        Route("/_emulator/health", admin.health, methods=["GET"]),
        Route("/_emulator/stats", admin.stats, methods=["GET"]),
        Route("/_emulator/requests", admin.requests, methods=["GET"]),
        Route("/_emulator/datasets/{id}/rows", admin.rows, methods=["GET"]),
        Route("/_emulator/reset", admin.reset, methods=["POST"]),
        Route("/_emulator/faults", admin.faults, methods=["GET", "POST", "DELETE"]),
    ]


def _inlet_routes() -> list[tuple[str, str, Endpoint]]:
    return [
        ("POST", "/collection/{inlet_id}", inlet.collect),
        ("POST", "/collection/batch/{inlet_id}", inlet.collect_batch),
        # the older streaming path, still in Adobe's examples and clients
        ("POST", "/data/foundation/import/collection/{inlet_id}", inlet.collect),
        ("POST", "/data/foundation/import/collection/batch/{inlet_id}", inlet.collect_batch),
    ]


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


class EmulatorApp(Starlette):
    """Starlette with fault injection outermost, so a dropped response reaches the server's transport."""

    def build_middleware_stack(self) -> ASGIApp:
        faults = FaultMiddleware(super().build_middleware_stack(), self.state.emulator.faults, self._count_injected)
        return TrailingSlash(faults)

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
