"""README.md's quick start as a new user runs it: the package installed from its wheel into a fresh
infra project (`pulumi install` makes its venv), the program copied verbatim out of README.md, the
emulator as the endpoint. Its custom field is written relative to the tenant, so it runs unchanged
against any org; the emulator's tenant is not ``_tenant``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import settings_for
from tests.e2e.project import ROOT, cli_env
from tests.e2e.test_lifecycle import aep_config, entity_counts, rows
from tests.support import CLIENT_SECRET, EmulatorProcess

PULUMI_YAML = """name: infra
runtime:
  name: python
  options:
    toolchain: pip
    virtualenv: venv
"""


def quick_start() -> tuple[str, str]:
    """The quick start's program and its shell lines, verbatim from README.md."""
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    program = re.search(r"```python\n(.*?)```", section, re.S)
    shell = re.search(r"```bash\n(.*?)```", section, re.S)
    assert program and shell, "README.md's quick start has no python or bash block"
    return program.group(1), shell.group(1)


README = (ROOT / "README.md").read_text()


def test_the_readme_quick_start_runs_as_written(pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path) -> None:
    program, shell = quick_start()
    assert "pulumi up" in shell and "stack output inlet_url" in shell
    dist = workdir / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = dist.glob("pulumi_aep_streaming-*.whl")
    infra = workdir / "infra"
    infra.mkdir()
    (infra / "Pulumi.yaml").write_text(PULUMI_YAML)
    (infra / "requirements.txt").write_text(f"pulumi-aep-streaming @ {wheel.as_uri()}\n-c {ROOT / 'constraints.txt'}\n")
    (infra / "__main__.py").write_text(program)
    env = cli_env(pulumi_bin, workdir)
    (workdir / "state").mkdir()

    def pulumi(*args: str) -> str:
        done = subprocess.run(
            ["pulumi", *args, "--non-interactive"], cwd=infra, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, f"pulumi {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    pulumi("install")
    pulumi("stack", "init", "dev")
    # The shell block's settings, with the emulator's values (README: "To use the emulator ...").
    for key, value in aep_config(own_emulator.url, "dev").items():
        pulumi("config", "set", key, value)
    pulumi("config", "set", "--secret", "aep:clientSecret", CLIENT_SECRET)
    preview = pulumi("preview")
    assert "Traceback" not in preview, preview
    pulumi("up", "--yes")
    inlet = pulumi("stack", "output", "inlet_url").strip()
    assert httpx.post(inlet, json={"firstName": "Ada", "tier": "gold"}).status_code == 200
    with AepClient(settings_for(own_emulator.url, sandbox="dev")) as aep:
        (dataset,) = aep.catalog.datasets.list()
        (row,) = rows(own_emulator.url, "dev", dataset.id)
        assert row["person"]["name"]["firstName"] == "Ada" and row["_emulator"]["loyalty"]["tier"] == "GOLD"
        pulumi("preview", "--expect-no-changes")  # the resolved tenant is what AEP holds: no drift
        pulumi("destroy", "--yes")
        assert entity_counts(aep) == dict.fromkeys(entity_counts(aep), 0)
