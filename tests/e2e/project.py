"""Run the real `pulumi` CLI on a copy of an example, with a local file backend, offline."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "e2e-passphrase"
PYTHON_RUNTIME = re.compile(r"(?m)^runtime:\s*(name:\s*)?python\b|^\s+name:\s*python\b")


def cli_env(bin_dir: str, home: Path) -> dict[str, str]:
    """The environment for running pulumi here: no update checks, no plugin downloads."""
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PULUMI_HOME": str(home / "pulumi-home"),
        "PULUMI_BACKEND_URL": f"file://{home / 'state'}",
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_SKIP_UPDATE_CHECK": "1",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "1",
        "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
        "NO_COLOR": "1",
    }


def _children() -> dict[int, list[int]]:
    """Each running process's children, from /proc."""
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while it was read
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def kill_tree(pid: int) -> None:
    """``kill -9`` of a process and everything under it, the way a cancelled CI job or a lost machine
    ends a ``pulumi up``. Pulumi starts each plugin in a process group of its own, so a kill of the
    CLI's group would leave the language host and the providers running on, unlike either."""
    tree, found, queue = _children(), [], [pid]
    while queue:
        found.append(queue.pop())
        queue += tree.get(found[-1], [])
    for each in found:
        try:
            os.kill(each, signal.SIGKILL)
        except ProcessLookupError:
            pass


def use_venv(project: Path, venv: str = sys.prefix) -> None:
    """Point a copied project's ``runtime.options.virtualenv`` at ``venv`` (the one these tests run in),
    as a user's Pulumi.yaml names theirs (the copy lives elsewhere, so a relative path would not hold)."""
    pulumi_yaml = project / "Pulumi.yaml"
    text, found = re.subn(r"(?m)^(\s+virtualenv:).*$", rf"\1 {venv}", pulumi_yaml.read_text())
    assert found == 1, f"{pulumi_yaml} names no runtime.options.virtualenv"
    pulumi_yaml.write_text(text)


class PulumiProject:
    """A copy of ``examples/<name>`` (or of a test program's folder) in a temp dir, driven through the CLI."""

    def __init__(self, example: str, workdir: Path, bin_dir: str, source: Path | None = None) -> None:
        self.dir = workdir / example
        shutil.copytree(source or ROOT / "examples" / example, self.dir)
        if PYTHON_RUNTIME.search((self.dir / "Pulumi.yaml").read_text()):
            use_venv(self.dir)
        (workdir / "state").mkdir(exist_ok=True)
        self.env = cli_env(bin_dir, workdir)

    def run(self, *args: str, check: bool = True, stack: str | None = None) -> subprocess.CompletedProcess[str]:
        command = ["pulumi", *args, "--non-interactive"]
        if stack:
            command += ["--stack", stack]
        result = subprocess.run(command, cwd=self.dir, env=self.env, capture_output=True, text=True, timeout=600)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def init(self, stack: str, config: dict[str, str], secrets: dict[str, str]) -> None:
        self.run("stack", "init", stack)
        for key, value in config.items():
            self.run("config", "set", key, value, stack=stack)
        for key, value in secrets.items():
            self.run("config", "set", "--secret", key, value, stack=stack)

    def up(self, stack: str) -> str:
        return self.run("up", "--yes", "--skip-preview", stack=stack).stdout

    def preview(self, stack: str, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("preview", *extra, stack=stack, check=check)

    def outputs(self, stack: str) -> dict[str, Any]:
        outputs: dict[str, Any] = json.loads(
            self.run("stack", "output", "--json", "--show-secrets", stack=stack).stdout
        )
        return outputs

    def export(self, stack: str) -> str:
        return self.run("stack", "export", stack=stack).stdout
