"""The stack's AEP settings proven against AEP at the first check of a command, as Terraform's AWS
provider proves its credentials while planning: one IMS token for the credentials and one read in
the sandbox (Schema Registry ``/stats``, which also answers the org's tenant id). A wrong secret,
client id, org, sandbox, endpoint, port, path or scheme then fails the preview, naming the setting,
before anything is created. ``aep:skipCredentialsValidation`` turns it off for offline previews.

The answer is kept for the process (one command): every check waits for the same one.
"""

from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pulumi_aep_streaming.client import AepError

from . import _config

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient

SKIP_HINT = f"set {_config.SKIP_VALIDATION} true to preview without asking AEP"


@dataclass(frozen=True)
class Verdict:
    """What AEP answered for the settings: the org's tenant id, or why the settings do not work."""

    tenant: str | None = None
    problem: str | None = None


_lock = threading.Lock()
_verdicts: dict[tuple[str, ...], Verdict] = {}


def verdict(sandbox: str | None = None) -> Verdict:
    """The settings' verdict, asked of AEP once per process and settings (complete settings only);
    for ``sandbox``, the verdict of the same settings in that sandbox (a resource's own)."""
    aep = _config.client(sandbox)
    key = _config.settings_key(aep.settings)
    with _lock:  # concurrent checks wait for the one answer
        if key not in _verdicts:
            _verdicts[key] = _ask(aep)
        return _verdicts[key]


def _ask(aep: AepClient) -> Verdict:
    try:
        return Verdict(tenant=aep.schema_registry.tenant_id())
    except AepError as error:
        return Verdict(problem=_explained(aep, error))


def _explained(aep: AepClient, error: AepError) -> str:
    """Which setting is wrong and what AEP answered."""
    s = aep.settings
    default = {name: field.default for name, field in type(s).model_fields.items()}  # Adobe's own hosts
    if error.setting:  # never connected
        key = _config.CONFIG_KEYS[error.setting]
        url = getattr(s, error.setting)
        return (
            f"{key} is {url!r}, which cannot be reached ({error}); check its scheme (http or https), host "
            f"and port, or {SKIP_HINT}"
        )
    if error.path and error.path.startswith("/ims/"):
        if error.status == 404:
            return (
                f"{_config.CONFIG_KEYS['ims_endpoint']} is {s.ims_endpoint!r}, which answered 404 for the token "
                f"request ({error}); set it to the IMS host alone, with no path (for example {default['ims_endpoint']})"
            )
        text = f"{error.title or ''} {error.detail or ''}".lower()
        which = [
            _config.CONFIG_KEYS[name]
            for name in ("client_id", "client_secret")
            if name in text or name.replace("_", " ") in text
        ] or [_config.CONFIG_KEYS["client_id"], _config.CONFIG_KEYS["client_secret"]]
        return f"IMS refused the credentials ({error}); check {' and '.join(which)}"
    if error.status == 401:
        return (
            f"AEP refused the IMS token ({error}); check {_config.CONFIG_KEYS['client_id']} and "
            f"{_config.CONFIG_KEYS['client_secret']}, and that {_config.CONFIG_KEYS['ims_endpoint']} is the IMS of "
            f"{_config.CONFIG_KEYS['endpoint']}"
        )
    if error.status == 403:
        return (
            f"AEP refused org {s.org_id!r} for these credentials ({error}); check {_config.CONFIG_KEYS['org_id']} "
            "(the org the credentials were made in) and that their product profile grants this sandbox"
        )
    if error.status == 404 and "sandbox" in f"{error.title} {error.detail}".lower():
        return _unknown_sandbox(aep, error)
    if error.status == 404:
        return (
            f"{_config.CONFIG_KEYS['endpoint']} is {s.endpoint!r}, which answered 404 for a Schema Registry read "
            f"({error}); set it to the platform gateway alone, with no path (for example {default['endpoint']})"
        )
    return f"AEP could not be asked whether the settings work ({error}); run the command again, or {SKIP_HINT}"


def _unknown_sandbox(aep: AepClient, error: AepError) -> str:
    name = aep.settings.sandbox_name
    configured = name == _config.here()["sandbox_name"]
    setting = _config.CONFIG_KEYS["sandbox_name"] if configured else "sandbox"
    text = f"{setting} {name!r} is not an active sandbox of org {aep.settings.org_id!r} ({error})"
    try:
        available = aep.sandboxes.available()
    except AepError:
        return f"{text}; sandbox names are lowercase"
    close = difflib.get_close_matches(name.lower(), available, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}? (sandbox names are lowercase)" if close else ""
    return f"{text}{hint}. These credentials can use: {', '.join(sorted(available)) or 'none'}"
