"""Connection settings for one AEP org and sandbox, built explicitly or from AEP_* variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from ._errors import AepConfigError

DEFAULT_SCOPES = ("openid", "session", "AdobeID", "read_organizations", "additional_info.projectedProductContext")

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


class AepSettings(BaseModel):
    """Where and as whom to call AEP. The client secret is a SecretStr: it never shows in repr or str."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    endpoint: str = Field("https://platform.adobe.io", description="Platform gateway base URL.")
    ims_endpoint: str = Field("https://ims-na1.adobelogin.com", description="IMS base URL.")
    client_id: str = Field(description="Developer Console client id (also sent as x-api-key).")
    client_secret: SecretStr = Field(description="Developer Console client secret.")
    org_id: str = Field(description="IMS org, e.g. 1234@AdobeOrg.")
    sandbox_name: str = Field(description="Sandbox, e.g. prod or dev.")
    scopes: tuple[str, ...] = Field(DEFAULT_SCOPES, description="OAuth scopes requested for the token.")

    @field_validator("endpoint", "ims_endpoint")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"must be an http(s) URL, got {value!r}")
        return value.rstrip("/")

    @classmethod
    def from_values(cls, values: Mapping[str, str | None], sources: Mapping[str, str] | None = None) -> AepSettings:
        """Build from a mapping of field name -> value, reporting every missing one at once.

        ``sources`` says, per field, where a user sets it (e.g. "aep:clientId or AEP_CLIENT_ID").
        """
        where = sources or {name: ENV[name] for name in ENV}
        present: dict[str, Any] = {k: v for k, v in values.items() if v not in (None, "")}
        missing = [name for name in REQUIRED if name not in present]
        if missing:
            lines = ", ".join(f"{name} (set {where[name]})" for name in missing)
            raise AepConfigError(f"AEP settings are incomplete; missing: {lines}")
        if isinstance(present.get("scopes"), str):
            present["scopes"] = tuple(s.strip() for s in str(present["scopes"]).split(",") if s.strip())
        return cls(**present)

    @classmethod
    def unauthenticated(cls) -> AepSettings:
        """Settings for calls that carry no credentials (an inlet without authentication): the
        placeholders are never sent, and any call that needs a token fails at IMS."""
        return cls.model_validate({name: "-" for name in REQUIRED})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: str | None) -> AepSettings:
        """Read AEP_ENDPOINT, AEP_IMS_ENDPOINT, AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID,
        AEP_SANDBOX_NAME and AEP_SCOPES (comma-separated); explicit overrides win."""
        env = os.environ if environ is None else environ
        values: dict[str, str | None] = {name: env.get(var) for name, var in ENV.items()}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.from_values(values)
