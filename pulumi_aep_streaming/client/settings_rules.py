"""What makes connection settings usable, as plain functions: the provider judges a stack's
settings in every check with these, without loading pydantic (AepSettings applies the same rules).
"""

from __future__ import annotations

from collections.abc import Mapping

ENV = {
    "endpoint": "AEP_ENDPOINT",
    "ims_endpoint": "AEP_IMS_ENDPOINT",
    "client_id": "AEP_CLIENT_ID",
    "client_secret": "AEP_CLIENT_SECRET",
    "org_id": "AEP_ORG_ID",
    "sandbox_name": "AEP_SANDBOX_NAME",
    "scopes": "AEP_SCOPES",
}
REQUIRED = ("client_id", "client_secret", "org_id", "sandbox_name")
URLS = ("endpoint", "ims_endpoint")


def given(values: Mapping[str, str | None]) -> dict[str, str]:
    """The values that count as set (an empty string is unset)."""
    return {k: v for k, v in values.items() if v not in (None, "")}


def incomplete(values: Mapping[str, str | None], where: Mapping[str, str]) -> str | None:
    """Every required setting missing from ``values`` and where to set it, or None."""
    present = given(values)
    missing = [name for name in REQUIRED if name not in present]
    if not missing:
        return None
    return "AEP settings are incomplete; missing: " + ", ".join(f"{name} (set {where[name]})" for name in missing)


def url_problem(value: str) -> str | None:
    """What is wrong with an endpoint URL, or None."""
    if not value.startswith(("http://", "https://")):
        return f"must be an http(s) URL, got {value!r}"
    return None
