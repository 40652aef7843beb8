"""Provider-process configuration: stack config ``aep:*`` first, then AEP_* environment variables.

Settings and clients live at module level in the provider process, never on a provider instance
(instances are pickled into state) and never in state.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING

from pulumi_aep_streaming.client.settings_rules import ENV, URLS, incomplete, url_problem

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient, AepSettings

CONFIG_KEYS = {
    "endpoint": "aep:endpoint",
    "ims_endpoint": "aep:imsEndpoint",
    "client_id": "aep:clientId",
    "client_secret": "aep:clientSecret",
    "org_id": "aep:orgId",
    "sandbox_name": "aep:sandboxName",
    "scopes": "aep:scopes",
}
# Not a connection setting: whether checks ask AEP whether the settings work (_settings_check).
SKIP_VALIDATION = "aep:skipCredentialsValidation"
SKIP_VALIDATION_ENV = "AEP_SKIP_CREDENTIALS_VALIDATION"
SOURCES = {
    name: f"`pulumi config set {key}{' --secret' if name == 'client_secret' else ''} ...` or {ENV[name]}"
    for name, key in CONFIG_KEYS.items()
}

_lock = threading.Lock()
_config: dict[str, str] = {}
_clients: dict[tuple[str, ...], AepClient] = {}


def configure(config: Mapping[str, str]) -> None:
    """Remember the stack configuration the engine sent (keys namespaced, secrets decrypted)."""
    with _lock:
        _config.clear()
        _config.update({k: v for k, v in config.items() if k.startswith("aep:")})


def validation_skipped() -> bool:
    """Whether the stack says not to ask AEP whether the settings work (offline previews)."""
    with _lock:
        value = _config.get(SKIP_VALIDATION) or os.environ.get(SKIP_VALIDATION_ENV) or ""
    return value.strip().lower() in ("true", "1", "yes")


def _values() -> dict[str, str | None]:
    with _lock:
        return {name: _config.get(key) or os.environ.get(ENV[name]) for name, key in CONFIG_KEYS.items()}


def settings(sandbox_name: str | None = None) -> AepSettings:
    """AepSettings from the stack config, falling back to the environment; one error lists all gaps.

    ``sandbox_name`` overrides the configured sandbox: where a resource's state says it lives.
    """
    from pulumi_aep_streaming.client import AepSettings  # pydantic: for calls to AEP, not for check

    values = _values()
    if sandbox_name:
        values["sandbox_name"] = sandbox_name
    return AepSettings.from_values(values, SOURCES)


def here() -> dict[str, str | None]:
    """The org and sandbox the settings name now (plain values: check loads no pydantic)."""
    values = _values()
    return {"org_id": values["org_id"], "sandbox_name": values["sandbox_name"]}


def settings_problem() -> str | None:
    """Why the settings are unusable (every missing key and where to set it; a malformed URL), or None.

    The rules AepSettings applies, without building it: a check of an unchanged resource loads no pydantic.
    """
    values = _values()
    missing = incomplete(values, SOURCES)
    if missing:
        return missing
    problems = [
        f"{CONFIG_KEYS[name]} (or {ENV[name]}) {problem}"
        for name in URLS
        if (value := values[name]) and (problem := url_problem(value))
    ]
    return f"AEP settings are invalid: {'; '.join(problems)}" if problems else None


def client(sandbox_name: str | None = None) -> AepClient:
    """The process-wide client for the configured settings (one IMS token per process), or for
    another sandbox of the same org (``sandbox_name``)."""
    from pulumi_aep_streaming.client import AepClient  # httpx loads with the first API call, not at check

    s = settings(sandbox_name)
    key = settings_key(s)
    with _lock:
        if key not in _clients:
            _clients[key] = AepClient(s)
        return _clients[key]


def settings_key(s: AepSettings) -> tuple[str, ...]:
    """What tells settings apart (the secret by its digest: the key is held in memory)."""
    secret_digest = hashlib.sha256(s.client_secret.get_secret_value().encode()).hexdigest()
    return (s.endpoint, s.ims_endpoint, s.client_id, secret_digest, s.org_id, s.sandbox_name)
