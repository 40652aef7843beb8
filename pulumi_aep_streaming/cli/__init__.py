"""The ``aep-streaming`` command (its ``cli`` extra: typer and rich) and the day-two tools behind it:
``send`` (records to an inlet), ``runs`` and ``status`` (monitor), ``export`` (a sandbox as a
program) and the stack settings they read (stack_config).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pulumi_aep_streaming._lazy import exports

if TYPE_CHECKING:
    from .commands import app

__all__ = ["app"]
__getattr__ = exports(__name__, {"app": "commands"})
