"""examples/github-actions on the real CLI: the workflow's three events run through its `ci.sh`,
against the emulator and a shared s3:// backend (moto's S3 server): a merge promotes dev, stage
and prod; a pull request gets its own sandbox with the source in it and the promotion plan; closing
it deletes the sandbox and the stack."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from pulumi_aep_streaming.client import AepClient, SandboxInput
from tests.client.conftest import settings_for
from tests.e2e.project import ROOT, PulumiProject
from tests.e2e.test_lifecycle import aep_config, entity_counts
from tests.e2e.test_shared_backend import on_s3
from tests.support import CLIENT_SECRET, EmulatorProcess, S3Server, aep_env

EXAMPLE = ROOT / "examples" / "github-actions"
STACKS = ("dev", "stage", "prod")


def ci(env: dict[str, str], *event: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXAMPLE / "ci.sh"), *event], env=env, capture_output=True, text=True, timeout=900, check=False
    )


def test_the_workflow_runs_ci_sh_for_each_event_it_handles() -> None:
    workflow = yaml.safe_load((EXAMPLE / "aep-streaming.yml").read_text())
    runs = [step["run"] for step in workflow["jobs"]["aep"]["steps"] if "ci.sh" in step.get("run", "")]
    assert [r.split("ci.sh ", 1)[1].split()[0] for r in runs] == ["pull-request", "pull-request-closed", "merge"]
    assert set(workflow[True]) == {"pull_request", "push"}  # YAML reads the key `on` as True


def test_pull_request_sandboxes_and_promotion_through_ci_sh(
    pulumi_bin: str,
    own_emulator: EmulatorProcess,
    workdir: Path,
    s3: S3Server,
) -> None:
    url = own_emulator.url
    with AepClient(settings_for(url)) as aep:
        aep.sandboxes.create(SandboxInput(name="stage", title="Stage"))
    streaming = on_s3(PulumiProject("streaming-source", workdir, pulumi_bin), s3)
    for stack in STACKS:
        streaming.init(stack, aep_config(url, stack), {"aep:clientSecret": CLIENT_SECRET})
    sandboxes = on_s3(PulumiProject("pull-request-sandbox", workdir, pulumi_bin), s3)
    env = {
        **streaming.env,
        **aep_env(url, "dev"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{streaming.env['PATH']}",  # aep-streaming
        "SANDBOX_PROJECT": str(sandboxes.dir),
        "STREAMING_PROJECT": str(streaming.dir),
    }

    merged = ci(env, "merge")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "promoted, in order: dev, stage, prod" in merged.stdout
    for stack in STACKS:
        with AepClient(settings_for(url, stack)) as aep:
            assert entity_counts(aep)["flows"] == 1

    opened = ci(env, "pull-request", "7")
    assert opened.returncode == 0, opened.stdout + opened.stderr
    assert "promotion plan" in opened.stdout and "nothing blocks promotion" in opened.stdout
    with AepClient(settings_for(url, "pr-7")) as inside:
        assert entity_counts(inside)["flows"] == 1
    assert ci(env, "pull-request", "7").returncode == 0  # a new commit on the branch: nothing to redo

    closed = ci(env, "pull-request-closed", "7")
    assert closed.returncode == 0, closed.stdout + closed.stderr
    with AepClient(settings_for(url)) as aep:
        assert aep.sandboxes.find("pr-7") is None
    assert "pr-7" not in sandboxes.run("stack", "ls").stdout
