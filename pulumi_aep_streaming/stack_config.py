"""AEP settings for the day-two commands: the same ones the provider reads (a stack's ``aep:*``
config, then AEP_* variables), so a command run in the infra repo needs nothing more."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from .client import ENV, AepSettings
from .provider import CONFIG_KEYS, SOURCES


class PulumiCommandError(ValueError):
    """A ``pulumi`` command the day-two commands read from failed; the message says which and why."""


def pulumi_json(*args: str, stack: str | None) -> Any:
    """The JSON a ``pulumi ... --json`` command prints in the current directory."""
    command = ["pulumi", *args, "--json", *(["--stack", stack] if stack else [])]
    try:
        # A fixed command line, no shell: only the stack name comes from the user, as one argument.
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise PulumiCommandError("the pulumi CLI is not on PATH") from None
    if done.returncode != 0:
        raise PulumiCommandError(f"`{' '.join(command)}` failed: {done.stderr.strip()}")
    return json.loads(done.stdout or "null")


def stack_config(stack: str | None) -> dict[str, str]:
    """The stack's ``aep:*`` config with secrets, or nothing outside a Pulumi project."""
    try:
        values = pulumi_json("config", "--show-secrets", stack=stack) or {}
    except PulumiCommandError:
        if stack:  # asked for by name: its absence is an error worth naming
            raise
        return {}
    return {key: str(entry.get("value")) for key, entry in values.items() if entry.get("value") is not None}


def settings(stack: str | None = None) -> AepSettings:
    """Stack config first (when in a Pulumi project, or ``stack`` named), then AEP_* variables."""
    config = stack_config(stack)
    values = {name: config.get(key) or os.environ.get(ENV[name]) for name, key in CONFIG_KEYS.items()}
    return AepSettings.from_values(values, SOURCES)
