"""What an emulator instance is configured with."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_CLIENT_ID = "emulator-client-id"
DEFAULT_CLIENT_SECRET = "emulator-client-secret"  # noqa: S105 - documented local default
DEFAULT_ORG_ID = "EMULATOR@AdobeOrg"
DEFAULT_TENANT_ID = "emulator"
DEFAULT_SANDBOXES = ("prod", "dev")


@dataclass(frozen=True)
class EmulatorSettings:
    """Credentials, sandboxes and storage of one emulator.

    Environment variables (``AEP_EMULATOR_*``) override the defaults; ``from_env`` reads them.
    """

    data_dir: Path = Path(".aep-emulator")
    sandboxes: tuple[str, ...] = DEFAULT_SANDBOXES
    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = field(default=DEFAULT_CLIENT_SECRET, repr=False)
    org_id: str = DEFAULT_ORG_ID
    tenant_id: str = DEFAULT_TENANT_ID
    token_ttl_seconds: int = 86399
    sandbox_delay_seconds: float = 0.0
    """How long a new sandbox is ``creating`` (and a deleted one ``deleting``) before it is active (gone)."""

    @classmethod
    def from_env(cls, **overrides: object) -> EmulatorSettings:
        env = os.environ
        values: dict[str, object] = {
            "data_dir": Path(env.get("AEP_EMULATOR_DATA_DIR", ".aep-emulator")),
            "client_id": env.get("AEP_EMULATOR_CLIENT_ID", DEFAULT_CLIENT_ID),
            "client_secret": env.get("AEP_EMULATOR_CLIENT_SECRET", DEFAULT_CLIENT_SECRET),
            "org_id": env.get("AEP_EMULATOR_ORG_ID", DEFAULT_ORG_ID),
            "tenant_id": env.get("AEP_EMULATOR_TENANT_ID", DEFAULT_TENANT_ID),
            "token_ttl_seconds": int(env.get("AEP_EMULATOR_TOKEN_TTL", "86399")),
            "sandbox_delay_seconds": float(env.get("AEP_EMULATOR_SANDBOX_DELAY", "0")),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
