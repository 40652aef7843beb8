"""Put this plugin into Pulumi's plugin cache, bound to the Python that has this package.

The cache then holds ``resource-aep-v<version>/pulumi-resource-aep``: a launcher that runs
``python -m pulumi_aep_streaming.plugin`` with this interpreter, by its absolute path. Whatever the
consuming program's language, runtime options or PATH, the engine finds the plugin by name and
version there, and the plugin finds this package.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from pulumi_aep_streaming import __version__

from ._schema import PACKAGE

EXECUTABLE = f"pulumi-resource-{PACKAGE}"


class PluginInstallError(RuntimeError):
    """``pulumi plugin install`` could not run or failed; the message says what to do."""


def launcher(python: str = sys.executable) -> str:
    """The plugin executable: this interpreter running the plugin module, with the engine's arguments."""
    return f'#!/bin/sh\nexec {shlex.quote(python)} -m pulumi_aep_streaming.plugin "$@"\n'


def install(pulumi: str = "pulumi", python: str = sys.executable) -> str:
    """Install (or reinstall) the plugin for ``python`` with the ``pulumi`` CLI; answers its version."""
    with tempfile.TemporaryDirectory(prefix="aep-plugin-") as folder:
        executable = Path(folder) / EXECUTABLE
        executable.write_text(launcher(python))
        executable.chmod(0o755)
        command = [pulumi, "plugin", "install", "resource", PACKAGE, __version__, "--file", folder, "--reinstall"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, env=os.environ, check=False)  # noqa: S603
        except FileNotFoundError:
            raise PluginInstallError(
                f"no `{pulumi}` command: install the Pulumi CLI (https://www.pulumi.com/docs/install/) or pass --pulumi"
            ) from None
    if result.returncode != 0:
        raise PluginInstallError(f"`{shlex.join(command)}` failed:\n{(result.stderr or result.stdout).strip()}")
    return __version__
