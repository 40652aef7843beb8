"""An example as a user runs it: `pulumi install && pulumi up` in its own folder.

The example's Pulumi.yaml names `virtualenv: venv` (as `pulumi new python` writes it) and its
requirements.txt installs the package from this checkout; nothing points the CLI at the tests'
venv. The venv and the stack's config file are removed afterwards, leaving the folder as it was.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx

from tests.e2e.project import ROOT, cli_env
from tests.e2e.test_lifecycle import aep_config
from tests.support import CLIENT_SECRET, EmulatorProcess


def test_an_example_installs_and_runs_from_its_own_folder(
    pulumi_bin: str, e2e_emulator: EmulatorProcess, workdir: Path
) -> None:
    example = ROOT / "examples" / "streaming-source"
    stack = "e2e-install"
    env = cli_env(pulumi_bin, workdir)
    (workdir / "state").mkdir(exist_ok=True)

    def pulumi(*args: str) -> str:
        done = subprocess.run(
            ["pulumi", *args, "--non-interactive"], cwd=example, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, f"pulumi {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    try:
        pulumi("install")
        assert (example / "venv" / "bin" / "python").exists()
        pulumi("stack", "init", stack)
        for key, value in aep_config(e2e_emulator.url, "prod").items():
            pulumi("config", "set", "--stack", stack, key, value)
        pulumi("config", "set", "--stack", stack, "--secret", "aep:clientSecret", CLIENT_SECRET)
        pulumi("up", "--yes", "--skip-preview", "--stack", stack)
        inlet = pulumi("stack", "output", "inlet_url", "--stack", stack).strip()
        assert httpx.post(inlet, json={"firstName": "Ada"}).status_code == 200
        pulumi("destroy", "--yes", "--stack", stack)
        pulumi("stack", "rm", "--yes", stack)
    finally:
        shutil.rmtree(example / "venv", ignore_errors=True)
        (example / f"Pulumi.{stack}.yaml").unlink(missing_ok=True)
