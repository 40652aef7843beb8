"""Small helpers shared by the service modules: request bodies, ids, etags, audit fields."""

from __future__ import annotations

import json
import math
import re
import secrets
import time
import uuid
import zlib
from collections.abc import Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.gateway import Caller


class FastJSONResponse(Response):
    """A JSON answer rendered by orjson: the inlet answers every record with one."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def dumps(value: Any) -> str:
    """Compact JSON text of a value (as stored), fast."""
    return orjson.dumps(value).decode()


def now_ms() -> int:
    return int(time.time() * 1000)


def new_uuid() -> str:
    return str(uuid.uuid4())


def new_hex(n: int) -> str:
    return secrets.token_hex(n // 2)


def new_etag() -> str:
    """Flow Service etag: a quoted '8hex-0000-0200-0000-<unix seconds hex>0000' (as in the examples of https://developer.adobe.com/experience-platform-apis/references/flow-service/)."""
    return f'"{secrets.token_hex(4)}-0000-0200-0000-{int(time.time()):08x}0000"'


def strip_quotes(value: str) -> str:
    return value.strip().strip('"').strip()


# How deep a JSON body may nest (XDM and mapping bodies stay far shallower), and how large a
# management request body may be; the streaming inlet has its own, documented 1 MB.
MAX_DEPTH = 100
MAX_BODY_BYTES = 16 * 1024 * 1024


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text} is out of range")
    return value


def parse_json(raw: bytes) -> Any:
    """Strict JSON: finite numbers only, at most MAX_DEPTH levels, valid Unicode (no lone surrogates).

    Raises ValueError saying what is wrong. What passes can be stored, read back and rendered.
    """
    try:
        # orjson refuses NaN, infinities and lone surrogates itself; it is also fast
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        value = _explained(raw)  # only to say precisely what is wrong
    if too_deep(raw):
        raise ValueError(f"the JSON nests deeper than {MAX_DEPTH} levels")
    return value


def _explained(raw: bytes) -> Any:
    """Parse with the standard library's hooks, for a message naming what orjson refused."""
    try:
        value = json.loads(raw, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise ValueError(f"the JSON nests deeper than {MAX_DEPTH} levels") from None
    _check_strings(value)
    if too_deep(raw):
        raise ValueError(f"the JSON nests deeper than {MAX_DEPTH} levels")
    raise ValueError("the body is not valid JSON")


# Every byte but the four brackets and the quote, to delete with bytes.translate.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_EMPTY_PAIR = re.compile(rb"\{\}|\[\]")


def too_deep(raw: bytes) -> bool:
    """Whether valid JSON text nests deeper than MAX_DEPTH, read from the bytes at C speed.

    Escaped backslashes and quotes go first, then everything but brackets and quotes; what lies
    between quotes was inside strings. Each pass then peels one level of empty pairs.
    """
    if raw.count(b"{") + raw.count(b"[") <= MAX_DEPTH:
        return False
    structure = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    brackets = b"".join(structure.split(b'"')[0::2])
    for _ in range(MAX_DEPTH):
        if not brackets:
            return False
        brackets = _EMPTY_PAIR.sub(b"", brackets)  # one scan: a pair it empties waits for the next pass
    return bool(brackets)


def _check_strings(value: Any) -> None:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("a string holds invalid Unicode (a lone surrogate escape such as \\ud800)") from None


async def read_body(request: Request, limit: int, too_large: Callable[[int], Exception]) -> bytes:
    """The request body, read no further than ``limit`` bytes (``too_large(limit)`` is raised past it).

    A ``Content-Encoding: gzip`` body is inflated, and the limit applies to what it inflates to.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    raw = b"".join(chunks)
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding == "identity":
        return raw
    if encoding != "gzip":
        raise ValueError(f"Content-Encoding {encoding!r} is not supported; send gzip or no encoding")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        body = inflater.decompress(raw, limit + 1)
    except zlib.error:
        raise ValueError("the body is not valid gzip although Content-Encoding says gzip") from None
    if len(body) > limit or inflater.unconsumed_tail:
        raise too_large(limit)
    if not inflater.eof:
        raise ValueError("the gzip body is truncated")
    return body


async def json_body(request: Request, service: str, *, required: bool = True) -> Any:
    def too_large(limit: int) -> Exception:
        return errors.for_service(service, 413, "Payload Too Large", f"the request body exceeds {limit} bytes")

    try:
        raw = await read_body(request, MAX_BODY_BYTES, too_large)
    except ValueError as exc:
        raise errors.for_service(service, 400, "Bad Request", str(exc)) from exc
    if not raw.strip():
        if not required:
            return None
        if service == "flowservice":
            raise errors.flow(1405, 400, "Bad Request", "The request body is empty.")
        raise errors.for_service(service, 400, "Bad Request", "The request body is empty.")
    try:
        return parse_json(raw)
    except ValueError as exc:
        detail = f"The request body is not valid JSON: {exc}"
        if service == "flowservice":
            raise errors.flow(1100, 400, "Bad Request", detail) from exc
        raise errors.for_service(service, 400, "Bad Request", detail) from exc


def audit(caller: Caller, created: dict[str, Any] | None = None) -> dict[str, Any]:
    """createdAt/updatedAt and who did it, as Flow Service and Data Prep report them."""
    now = now_ms()
    fields = {
        "updatedAt": now,
        "updatedBy": caller.user,
        "updatedClient": caller.client_id,
    }
    if created is None:
        fields.update({"createdAt": now, "createdBy": caller.user, "createdClient": caller.client_id})
    return fields


def inlet_url(request: Request, inlet_id: str) -> str:
    """An inlet's URL on the origin the caller reached (the emulator serves DCS paths too)."""
    return f"{str(request.base_url).rstrip('/')}/collection/{inlet_id}"
