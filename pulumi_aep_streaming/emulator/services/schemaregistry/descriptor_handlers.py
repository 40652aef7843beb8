"""Schema Registry descriptors and unions: ``/tenant/descriptors`` and ``/tenant/unions``.

Descriptor listings take their own Accept forms (``xdm`` where the rest say ``xed``): ids, API
paths or whole descriptors grouped by ``@type``, or with ``-v2`` a paged ``results`` array.
A descriptor lookup needs no Accept header; writes answer as Adobe's guide shows them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import json_body
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.listing import parse_filter
from pulumi_aep_streaming.emulator.core.scope import scope_of
from pulumi_aep_streaming.emulator.core.state import state_of
from pulumi_aep_streaming.emulator.services.schemaregistry import descriptors, unions
from pulumi_aep_streaming.emulator.services.schemaregistry.handlers import (
    list_response,
    lookup_format,
    next_link,
    paged,
)
from pulumi_aep_streaming.emulator.services.schemaregistry.models import render_doc

_LIST_ACCEPT = re.compile(r"^application/vnd\.adobe\.xdm(?P<v2>-v2)?(?P<link>-link)?(?P<id>-id)?\+json$")
_FILTER_START = re.compile(r",(?=!?[A-Za-z@][\w:@.\-]*(?:==|!=|<=|>=|<|>|~))")


def _filters(expr: str) -> list[str]:
    """aepp joins several filters into one ``property`` with commas; a comma before a value is an OR."""
    return _FILTER_START.split(expr)


def _shape(doc: dict[str, Any], form: str) -> Any:
    return doc["@id"] if form == "id" else f"/tenant/descriptors/{doc['@id']}" if form == "link" else doc


async def list_(request: Request, caller: Caller) -> Response:
    accept = request.headers.get("accept", "").split(",")[0].split(";")[0].strip()
    m = _LIST_ACCEPT.match(accept)
    if m is None:
        raise errors.xdm(
            1006,
            400,
            "Invalid Accept header",
            "descriptor listings need Accept: application/vnd.adobe.xdm[-v2][-link|-id]+json (no version),"
            f" got {accept!r}",
        )
    form = "id" if m.group("id") else "link" if m.group("link") else "full"
    docs = scope_of(state_of(request), caller).list(descriptors.KIND)
    if not m.group("v2"):
        for prop in request.query_params.getlist("property"):
            for expr in _filters(prop):
                matches = parse_filter(expr, lambda detail: errors.xdm(1000, 400, "Bad Request", detail))
                docs = [d for d in docs if matches(d)]
        grouped: dict[str, list[Any]] = {}
        for doc in docs:
            grouped.setdefault(doc["@type"], []).append(_shape(doc, form))
        return JSONResponse(grouped)
    page, info = paged(request, docs, "@id", _filters)
    return JSONResponse(
        {
            "results": [_shape(d, form) for d in page],
            "_page": {k: info[k] for k in ("orderby", "next", "count")},
            "_links": {"next": next_link(request, info)},
        }
    )


async def get(request: Request, caller: Caller) -> Response:
    sb = scope_of(state_of(request), caller)
    return JSONResponse(descriptors.descriptor(sb, request.path_params["id"]))


async def create(request: Request, caller: Caller) -> Response:
    st = state_of(request)
    body = await json_body(request, "schemaregistry")
    with st.store.transaction():
        doc = descriptors.create(scope_of(st, caller), caller, body)
    return JSONResponse(doc, status_code=201)


async def replace(request: Request, caller: Caller) -> Response:
    """PUT answers 201 with the descriptor's ``@id``, as the descriptors guide shows (the spec: 200, the body)."""
    st = state_of(request)
    body = await json_body(request, "schemaregistry")
    with st.store.transaction():
        doc = descriptors.replace(scope_of(st, caller), caller, request.path_params["id"], body)
    return JSONResponse({"@id": doc["@id"]}, status_code=201)


async def delete(request: Request, caller: Caller) -> Response:
    descriptors.delete(scope_of(state_of(request), caller), request.path_params["id"])
    return Response(status_code=204)


async def list_unions(request: Request, caller: Caller) -> Response:
    return list_response(request, unions.unions(scope_of(state_of(request), caller)))


async def get_union(request: Request, caller: Caller) -> Response:
    fmt = lookup_format(request)
    sb = scope_of(state_of(request), caller)
    ref = unquote(request.path_params["ref"])
    doc = unions.find_union(sb, ref)
    if doc is None:
        detail = f"union {ref!r} was not found (no schema of its class is in it)"
        raise errors.xdm(1012, 404, "Resource Not Found", detail)
    return JSONResponse(render_doc(sb, doc, fmt))
