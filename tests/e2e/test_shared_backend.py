"""A team's shared state backend: the example's stacks in an `s3://` bucket served by moto's S3
server on 127.0.0.1. Two stacks updated at the same time both succeed; a second `pulumi up` of a
stack being updated is refused with Pulumi's lock message and duplicates nothing in AEP; after a
`kill -9` of `pulumi up`, `pulumi cancel` and a rerun converge with 0 duplicates and 0 orphans."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import settings_for
from tests.e2e.project import PulumiProject, kill_tree
from tests.e2e.test_convergence import NOTHING, ONE_SOURCE
from tests.e2e.test_lifecycle import aep_config, entity_counts
from tests.support import CLIENT_SECRET, EmulatorProcess, S3Server

LOCKED = "the stack is currently locked"


def on_s3(project: PulumiProject, server: S3Server) -> PulumiProject:
    project.env.update(server.env)
    return project


def up_in_background(project: PulumiProject, stack: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack],
        cwd=project.dir,
        env=project.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finished(run: subprocess.Popen[str]) -> tuple[int, str]:
    out, _ = run.communicate(timeout=600)
    return run.returncode, out


def counts(url: str, sandbox: str) -> dict[str, int]:
    with AepClient(settings_for(url, sandbox)) as aep:
        return entity_counts(aep)


def writes(url: str) -> int:
    requests = httpx.get(f"{url}/_emulator/stats").json()["requests"]
    return sum(n for k, n in requests.items() if k.split()[0] in ("POST", "PUT", "PATCH") and "/ims/" not in k)


def test_two_stacks_at_once_and_a_second_up_of_one_stack(
    pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path, s3: S3Server
) -> None:
    url = own_emulator.url
    project = on_s3(PulumiProject("streaming-source", workdir, pulumi_bin), s3)
    for stack in ("dev", "prod"):
        project.init(stack, aep_config(url, stack), {"aep:clientSecret": CLIENT_SECRET})
    assert "dev" in project.run("stack", "ls").stdout  # the stacks live in the bucket

    # Slow enough for the runs to overlap.
    httpx.post(f"{url}/_emulator/faults", json={"kind": "latency", "latency_ms": 200, "method": "POST"})
    runs = {stack: up_in_background(project, stack) for stack in ("dev", "prod")}
    for stack, run in runs.items():
        code, out = finished(run)
        assert code == 0, f"{stack}: {out}"
    assert counts(url, "dev") == counts(url, "prod") == ONE_SOURCE | {"connections": 0}

    # A change being applied to dev; a second `pulumi up` of dev meanwhile is refused by the lock.
    httpx.post(f"{url}/_emulator/faults", json={"kind": "latency", "latency_ms": 300, "method": "*"})
    project.run("config", "set", "webhooks:displayName", "Renamed", stack="dev")
    before = writes(url)
    first = up_in_background(project, "dev")
    deadline = time.monotonic() + 60
    while writes(url) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    second = project.run("up", "--yes", "--skip-preview", stack="dev", check=False)
    assert second.returncode != 0 and LOCKED in second.stdout + second.stderr, second.stdout + second.stderr
    code, out = finished(first)
    assert code == 0, out
    assert counts(url, "dev") == ONE_SOURCE | {"connections": 0}  # nothing duplicated
    project.preview("dev", "--expect-no-changes")


def test_kill_9_of_pulumi_up_then_cancel_and_rerun_converge(
    pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path, s3: S3Server
) -> None:
    url = own_emulator.url
    project = on_s3(PulumiProject("streaming-source", workdir, pulumi_bin), s3)
    project.init("dev", aep_config(url, "dev"), {"aep:clientSecret": CLIENT_SECRET})
    httpx.post(f"{url}/_emulator/faults", json={"kind": "latency", "latency_ms": 200, "method": "POST"})
    run = up_in_background(project, "dev")
    deadline = time.monotonic() + 60
    while writes(url) < 3 and time.monotonic() < deadline:  # some entities made, the rest to come
        time.sleep(0.05)
    kill_tree(run.pid)
    run.communicate(timeout=60)
    httpx.delete(f"{url}/_emulator/faults")

    refused = project.run("up", "--yes", "--skip-preview", stack="dev", check=False)
    assert refused.returncode != 0 and LOCKED in refused.stdout + refused.stderr, refused.stdout
    project.run("cancel", "--yes", stack="dev")
    project.up("dev")
    assert counts(url, "dev") == ONE_SOURCE | {"connections": 0}  # 0 duplicates
    project.preview("dev", "--expect-no-changes")
    project.run("destroy", "--yes", stack="dev")
    assert counts(url, "dev") == NOTHING  # 0 orphans: everything the killed run made was the stack's
