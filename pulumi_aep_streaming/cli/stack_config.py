"""AEP settings for the day-two commands: the same ones the provider reads (a stack's ``aep:*``
config, then AEP_* variables), so a command run in the infra repo needs nothing more. The stack is
read through Pulumi's Automation API (``pulumi.automation``), never selected or changed."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ..client import ENV, AepSettings
from ..provider import CONFIG_KEYS, SOURCES

if TYPE_CHECKING:
    from pulumi.automation import LocalWorkspace


class PulumiCommandError(ValueError):
    """Reading the stack through the ``pulumi`` CLI failed; the message says which stack and why."""


def _read(stack: str | None, what: str, read: Any) -> Any:
    """``read(workspace, stack name)`` for the named stack, or the project's current one."""
    from pulumi import automation as auto  # the CLI only: a program never needs it

    try:
        workspace: LocalWorkspace = auto.LocalWorkspace(work_dir=os.getcwd())
        name = stack or _current_stack(workspace)
        if not name:
            raise PulumiCommandError(f"no stack is selected here to read {what} from; pass --stack NAME")
        return read(workspace, name)
    except (auto.CommandError, FileNotFoundError) as error:
        lines = str(error).strip().splitlines() or [type(error).__name__]
        detail = lines[-1].strip().removeprefix("stderr:").strip()
        raise PulumiCommandError(f"reading {what} of stack {stack or '(current)'} failed: {detail}") from None


_current: dict[str, str | None] = {}


def _current_stack(workspace: LocalWorkspace) -> str | None:
    """The project's selected stack, asked once per command."""
    if workspace.work_dir not in _current:
        _current[workspace.work_dir] = getattr(workspace.stack(), "name", None)
    return _current[workspace.work_dir]


def stack_outputs(stack: str | None) -> dict[str, Any]:
    """The stack's outputs, secrets shown (``pulumi stack output --json --show-secrets``)."""
    outputs = _read(stack, "the outputs", lambda ws, name: ws.stack_outputs(name))
    return {key: output.value for key, output in outputs.items()}


def stack_config(stack: str | None) -> dict[str, str]:
    """The stack's ``aep:*`` config with secrets, or nothing outside a Pulumi project."""
    try:
        values = _read(stack, "the config", lambda ws, name: ws.get_all_config(name))
    except PulumiCommandError:
        if stack:  # asked for by name: its absence is an error worth naming
            raise
        return {}
    return {key: str(entry.value) for key, entry in values.items() if entry.value is not None}


def settings(stack: str | None = None) -> AepSettings:
    """Stack config first (when in a Pulumi project, or ``stack`` named), then AEP_* variables."""
    config = stack_config(stack)
    values = {name: config.get(key) or os.environ.get(ENV[name]) for name, key in CONFIG_KEYS.items()}
    return AepSettings.from_values(values, SOURCES)
