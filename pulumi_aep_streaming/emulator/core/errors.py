"""Error bodies exactly as each AEP service spells them.

Sources: each service's API reference and
https://github.com/AdobeDocs/experience-platform.en/blob/main/help/landing/troubleshooting.md and
https://github.com/AdobeDocs/experience-platform.en/blob/main/help/sources/errors/flow-service-errors.md.

Handlers raise ``ApiError``; the app turns it into a JSON response. Each service has its own body
shape, so each has its own constructor here.
"""

from __future__ import annotations

import datetime
import time
import uuid
from typing import Any


class ApiError(Exception):
    """An HTTP error answer with a service-specific JSON body."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.headers = headers or {}


def gateway(status: int, error_code: str, message: str) -> ApiError:
    """Adobe I/O gateway errors (missing or bad credentials headers)."""
    return ApiError(status, {"error_code": error_code, "message": message})


def content_type() -> ApiError:
    return ApiError(
        400,
        {
            "type": "/placeholder/type/uri",
            "status": 400,
            "title": "BadRequestError",
            "detail": "A valid content-type must be specified",
        },
    )


def flow(code: int, status: int, title: str, detail: str, entity_type: str = "flows") -> ApiError:
    """Flow Service problem body: type .../FLOW-<code>-<status>."""
    request_id = uuid.uuid4().hex
    return ApiError(
        status,
        {
            "type": f"https://ns.adobe.com/aep/errors/FLOW-{code}-{status}",
            "title": title,
            "status": status,
            "report": {
                "detailed-message": detail,
                "id": str(uuid.uuid4()),
                "request-id": request_id,
                "type": entity_type,
            },
            "errorMessage": detail,
            "errorDetails": title,
        },
    )


def xdm(code: int, status: int, title: str, detail: str) -> ApiError:
    """Schema Registry error body: type .../XDM-<code>-<status>."""
    return ApiError(
        status,
        {
            "type": f"http://ns.adobe.com/aep/errors/XDM-{code}-{status}",
            "title": title,
            "status": status,
            "report": {
                "registryRequestId": str(uuid.uuid4()),
                "timestamp": time.strftime("%m-%d-%Y %H:%M:%S", time.gmtime()),
                "detailed-message": detail,
                "sub-errors": [],
            },
            "detail": detail,
        },
    )


def service(prefix: str, code: int, status: int, title: str, detail: str) -> ApiError:
    """Catalog and Data Prep: AEP documents no body, so use the same problem shape as the rest."""
    return ApiError(
        status,
        {
            "type": f"https://ns.adobe.com/aep/errors/{prefix}-{code}-{status}",
            "title": title,
            "status": status,
            "detail": detail,
        },
    )


def catalog(status: int, title: str, detail: str) -> ApiError:
    return service("CAT", {400: 1000, 404: 1404, 409: 1409}.get(status, 1500), status, title, detail)


def sandbox(status: int, title: str, detail: str) -> ApiError:
    """Sandbox Management: AEP documents no error body; the emulator's codes are its own."""
    return service("SANDBOX", {400: 1000, 404: 1404, 409: 1409}.get(status, 1500), status, title, detail)


def dataprep(status: int, title: str, detail: str) -> ApiError:
    return service("MAPPER", {400: 1000, 404: 1404, 409: 1409}.get(status, 1500), status, title, detail)


def dcs(status: int, title: str, message: str, kind: str = "inlet", cause: Any = None) -> ApiError:
    """Data Collection Service (streaming inlet) problem body."""
    report: dict[str, Any] = {"message": message}
    if cause is not None:
        report["cause"] = cause
    return ApiError(
        status,
        {
            "type": f"http://ns.adobe.com/adobecloud/problem/data-collection-service/{kind}",
            "status": status,
            "title": title,
            "report": report,
        },
    )


def identity(status: int, title: str, description: str, code: str) -> ApiError:
    """Identity Service problem body (identity-service.yaml: a description and a report code)."""
    return ApiError(
        status,
        {
            "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "type": "http://ns.adobe.com/adobecloud/problem/namespacevalidation",
            "status": status,
            "title": title,
            "description": description,
            "report": {"code": code},
        },
    )


def profile(status: int, message: str, cause: str = "") -> ApiError:
    """Real-Time Customer Profile error body (profile.yaml's ResponseErrorContext)."""
    return ApiError(status, {"message": message, "cause": cause or message, "statusCode": str(status)})


def for_service(service_name: str, status: int, title: str, detail: str) -> ApiError:
    """A generic error in the body style of the named service (used by shared gateway checks)."""
    if service_name == "flowservice":
        code = {400: 1100, 404: 2100, 406: 1100, 415: 1100}.get(status, 1100)
        return flow(code, status, title, detail)
    if service_name == "schemaregistry":
        return xdm({400: 1001, 404: 1010, 406: 1008}.get(status, 1000), status, title, detail)
    if service_name == "catalog":
        return catalog(status, title, detail)
    if service_name == "collection":
        return dcs(status, title, detail)
    if service_name == "profile":
        return profile(status, f"{title}: {detail}")
    if service_name == "identity":
        return identity(status, title, detail, "INVALID_REQUEST_PARAMS")
    if service_name == "sandbox-management":
        return sandbox(status, title, detail)
    return dataprep(status, title, detail)
