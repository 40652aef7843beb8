"""Identity namespaces: the standard ones every org has and a sandbox's custom ones (no Request
in here; handlers.py parses and renders).

A namespace's code is unique among all the sandbox can see, compared without case; its code and
type never change, and AEP cannot delete one. ``idType`` is spelled in several cases across
Adobe's material (``Email``, ``EMAIL``, ``Cross_device``): it is compared without case and
answered as ``SPELLING`` has it.
"""

from __future__ import annotations

import re
from typing import Any

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.scope import Scope

KIND = "namespace"
ID_TYPES = ("COOKIE", "CROSS_DEVICE", "DEVICE", "EMAIL", "MOBILE", "NON_PEOPLE", "PHONE")
# How answers spell each type: identity-service.yaml's list and update answers enumerate these
# (its Namespace schema has Cookie, Cross_device and Mobile instead; the rest agree).
SPELLING = {
    "COOKIE": "COOKIE",
    "CROSS_DEVICE": "CROSS_DEVICE",
    "DEVICE": "Device",
    "EMAIL": "Email",
    "MOBILE": "MOBILE",
    "NON_PEOPLE": "Non_people",
    "PHONE": "Phone",
}
# The standard namespaces and the ids Adobe documents for them (Privacy Service API guide,
# "Standard identity namespaces"); their types are this emulator's reading of their names.
STANDARD = (
    ("CORE", "Adobe Audience Manager UUID", 0, "COOKIE"),
    ("ECID", "Adobe Experience Cloud ID", 4, "COOKIE"),
    ("Email", "Email", 6, "EMAIL"),
    ("Phone", "Phone", 7, "PHONE"),
    ("WAID", "Windows AID", 8, "DEVICE"),
    ("TNTID", "Adobe Target ID", 9, "CROSS_DEVICE"),
    ("AdCloud", "Adobe Advertising Cloud ID", 411, "COOKIE"),
    ("GAID", "Google Ad ID", 20914, "DEVICE"),
    ("IDFA", "Apple ID for Advertisers", 20915, "DEVICE"),
)
FIRST_CUSTOM_ID = 10_000_000  # custom namespaces' ids are large (the spec's example is 10018776)
_CODE = re.compile(r"^[A-Za-z0-9]+$")


def standard() -> list[dict[str, Any]]:
    return [
        {
            "id": ns_id,
            "code": code,
            "name": name,
            "description": f"{name} (standard namespace)",
            "idType": SPELLING[id_type],
            "status": "ACTIVE",
            "custom": False,
            "createTime": 0,
            "updateTime": 0,
        }
        for code, name, ns_id, id_type in STANDARD
    ]


def namespaces(sb: Scope) -> list[dict[str, Any]]:
    """Every namespace the sandbox can use: the standard ones, then its own by id."""
    return standard() + sorted(sb.list(KIND), key=lambda doc: int(doc["id"]))


def namespace(sb: Scope, ns_id: str) -> dict[str, Any]:
    doc = next((d for d in namespaces(sb) if str(d["id"]) == ns_id), None)
    if doc is None:
        raise errors.identity(
            404, "Namespace validation", f"Namespace id not found for given IMS Org {sb.org}", "NAMESPACE_NOT_FOUND"
        )
    return doc


def by_code(sb: Scope, code: str) -> dict[str, Any] | None:
    """The namespace with ``code`` (compared without case), if the sandbox has one."""
    return next((d for d in namespaces(sb) if d["code"].lower() == code.lower()), None)


def _invalid(description: str) -> errors.ApiError:
    return errors.identity(400, "Namespace validation", description, "INVALID_REQUEST_PARAMS")


def _id_type(body: dict[str, Any]) -> str:
    """The body's idType as answers spell it."""
    value = str(body.get("idType", "")).upper()
    if value not in ID_TYPES:
        raise _invalid(f"Please provide a valid value of idType. Valid values are: [{', '.join(ID_TYPES)}]")
    return SPELLING[value]


def _text(body: dict[str, Any], field: str, required: bool) -> str | None:
    value = body.get(field)
    if not required and value in (None, ""):
        return None
    if not isinstance(value, str) or not value.strip():
        raise _invalid(f"{field} is required and must be a non-empty string")
    return value


def create_namespace(sb: Scope, body: Any, now: int) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _invalid("the body must be a JSON object with name, code and idType")
    name, code = _text(body, "name", True), _text(body, "code", True)
    assert name is not None and code is not None
    if not _CODE.match(code):
        raise _invalid(f"code {code!r} may contain only letters and numbers")
    id_type = _id_type(body)
    if by_code(sb, code) is not None:
        raise errors.identity(
            409,
            "NAMESPACE_CODE_CONFLICT",
            "Namespace code already exists. Please use a different code",
            "INTEGRATION_CODE_EXISTS",
        )
    doc = {
        "id": FIRST_CUSTOM_ID + sb.state.store.next_seq(KIND),
        "code": code,
        "name": name,
        "description": _text(body, "description", False) or "",
        "idType": id_type,
        "status": "ACTIVE",
        "custom": True,
        "createTime": now,
        "updateTime": now,
    }
    sb.put(KIND, str(doc["id"]), doc)
    return doc


def update_namespace(sb: Scope, ns_id: str, body: Any, now: int) -> dict[str, Any]:
    """PUT: a new name or description; the code and type must be the namespace's own."""
    doc = namespace(sb, ns_id)
    if not doc["custom"]:
        raise _invalid(f"namespace {doc['code']} is a standard namespace and cannot be changed")
    if not isinstance(body, dict):
        raise _invalid("the body must be a JSON object with name, code and idType")
    name, code = _text(body, "name", True), _text(body, "code", True)
    assert name is not None and code is not None
    if code != doc["code"] or _id_type(body) != doc["idType"]:
        raise _invalid("the code and idType of a namespace cannot be changed")
    updated = {**doc, "name": name, "description": _text(body, "description", False) or "", "updateTime": now}
    sb.put(KIND, ns_id, updated)
    return updated
