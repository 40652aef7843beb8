"""Connection settings for one AEP org and sandbox, built explicitly or from AEP_* variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from ._errors import AepConfigError
from .settings_rules import ENV, REQUIRED, URLS, given, incomplete, url_problem

__all__ = ["DEFAULT_SCOPES", "ENV", "AepSettings"]

DEFAULT_SCOPES = ("openid", "session", "AdobeID", "read_organizations", "additional_info.projectedProductContext")


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

    @field_validator(*URLS)
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        problem = url_problem(value)
        if problem:
            raise ValueError(problem)
        return value.rstrip("/")

    @classmethod
    def from_values(cls, values: Mapping[str, str | None], sources: Mapping[str, str] | None = None) -> AepSettings:
        """Build from a mapping of field name -> value, reporting every missing one at once.

        ``sources`` says, per field, where a user sets it (e.g. "aep:clientId or AEP_CLIENT_ID").
        """
        problem = incomplete(values, sources or ENV)
        if problem:
            raise AepConfigError(problem)
        present: dict[str, Any] = given(values)
        if isinstance(present.get("scopes"), str):
            present["scopes"] = tuple(s.strip() for s in str(present["scopes"]).split(",") if s.strip())
        return cls(**present)

    @classmethod
    def unauthenticated(cls) -> AepSettings:
        """Settings for calls that carry no credentials (an inlet without authentication): the
        placeholders are never sent, and any call that needs a token fails at IMS."""
        return cls.model_validate(dict.fromkeys(REQUIRED, "-"))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: str | None) -> AepSettings:
        """Read AEP_ENDPOINT, AEP_IMS_ENDPOINT, AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID,
        AEP_SANDBOX_NAME and AEP_SCOPES (comma-separated); explicit overrides win."""
        env = os.environ if environ is None else environ
        values: dict[str, str | None] = {name: env.get(var) for name, var in ENV.items()}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.from_values(values)
