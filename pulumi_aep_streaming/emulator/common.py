"""Small helpers shared by the service modules: request bodies, ids, etags, audit fields."""

from __future__ import annotations

import json
import secrets
import time
import uuid
from typing import Any

from starlette.requests import Request

from . import errors
from .gateway import Caller


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


async def json_body(request: Request, service: str, *, required: bool = True) -> Any:
    raw = await request.body()
    if not raw.strip():
        if not required:
            return None
        if service == "flowservice":
            raise errors.flow(1405, 400, "Bad Request", "The request body is empty.")
        raise errors.for_service(service, 400, "Bad Request", "The request body is empty.")
    try:
        return json.loads(raw)
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
