"""On a bad day: the real pulumi CLI against an emulator that fails, loses answers and dies.

Every scenario ends the same way: at most two `pulumi up` runs leave exactly the stack's entities
in AEP (no duplicate, no orphan), a preview then shows no change, and `pulumi destroy` leaves
nothing but the mapping sets AEP keeps by design.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import add_fault, settings_for, stats
from tests.e2e.project import ROOT, PulumiProject
from tests.e2e.test_lifecycle import aep_config, entity_counts
from tests.support import CLIENT_SECRET, EmulatorProcess

FS = "/data/foundation/flowservice"
POSTS = {
    "field group": "/data/foundation/schemaregistry/tenant/fieldgroups",
    "schema": "/data/foundation/schemaregistry/tenant/schemas",
    "dataset": "/data/foundation/catalog/dataSets",
    "source connection": f"{FS}/sourceConnections",
    "target connection": f"{FS}/targetConnections",
    "mapping set": "/data/foundation/conversion/mappingSets",
    "dataflow": f"{FS}/flows",
}
DELETES = {  # what fails -> (its path, the resource whose delete reports it)
    "dataflow": (f"{FS}/flows/*", "dataflow"),
    "target connection": (f"{FS}/targetConnections/*", "target connection"),
    "source connection": (f"{FS}/sourceConnections/*", "source connection"),
    "dataset": ("/data/foundation/catalog/dataSets/*", "dataset"),
    "schema": ("/data/foundation/schemaregistry/tenant/schemas/*", "schema"),
    "field group": ("/data/foundation/schemaregistry/tenant/fieldgroups/*", "schema"),
}
ONE_SOURCE = {k: 1 for k in ("flows", "sourceConnections", "targetConnections", "datasets", "schemas", "fieldGroups")}
NOTHING = dict.fromkeys(ONE_SOURCE, 0) | {"connections": 0}


class Stack:
    """One stack of a project on its own emulator, with the helpers every scenario needs."""

    def __init__(self, project: PulumiProject, emulator: EmulatorProcess, name: str = "bad-day") -> None:
        self.project, self.emulator, self.name = project, emulator, name
        project.init(name, aep_config(emulator.url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
        self.aep = AepClient(settings_for(emulator.url))

    def fault(self, **rule: Any) -> None:
        add_fault(self.emulator.url, **rule)

    def clear_faults(self) -> None:
        httpx.delete(f"{self.emulator.url}/_emulator/faults").raise_for_status()

    def up(self, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.project.run("up", "--yes", "--skip-preview", stack=self.name, check=check)

    def destroy(self, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.project.run("destroy", "--yes", stack=self.name, check=check)

    def converges(self, expected: dict[str, int], what: str, *, faults_stay: bool = False, connections: int = 0) -> int:
        """Run `pulumi up` until it succeeds (at most twice); the entities are exactly the stack's."""
        runs = 1
        first = self.up(check=False)
        if not faults_stay:
            self.clear_faults()
        if first.returncode != 0:
            runs = 2
            second = self.up(check=False)
            assert second.returncode == 0, f"{what}: the second `pulumi up` failed:\n{second.stdout}\n{second.stderr}"
        self.clear_faults()
        assert entity_counts(self.aep) == {"connections": connections, **expected}, what
        self.project.preview(self.name, "--expect-no-changes")
        return runs

    def destroyed(self, what: str) -> None:
        self.destroy()
        assert entity_counts(self.aep) == NOTHING, what


@pytest.fixture
def emulator(fresh_emulator: EmulatorProcess) -> EmulatorProcess:
    """An emulator of the test's own: its faults, kills and restarts touch no other test."""
    return fresh_emulator


@pytest.fixture
def stack(pulumi_bin: str, emulator: EmulatorProcess, workdir: Path) -> Iterator[Stack]:
    s = Stack(PulumiProject("streaming-source", workdir, pulumi_bin), emulator)
    yield s
    s.aep.close()


@pytest.mark.parametrize("status", [500, 502])
def test_a_5xx_on_any_create_converges(stack: Stack, status: int) -> None:
    """The create is not carried out; the provider looks, finds nothing and creates once."""
    for what, path in POSTS.items():
        stack.fault(kind="status", status=status, method="POST", path=path, count=1)
        assert stack.converges(ONE_SOURCE, f"{status} on the {what} create") == 1
        stack.destroyed(what)


def test_a_lost_response_on_any_create_converges(stack: Stack) -> None:
    """The create is carried out and its answer lost; the provider finds and keeps what it made."""
    for what, path in POSTS.items():
        stack.fault(kind="drop", method="POST", path=path, count=1)
        assert stack.converges(ONE_SOURCE, f"lost answer of the {what} create") == 1
        stack.destroyed(what)


def test_a_failure_on_any_delete_is_finished_by_the_next_destroy(stack: Stack) -> None:
    for what, (path, resource) in DELETES.items():
        stack.up()
        # A refusal neither the client nor the provider sends again (a 400 or 409 while other deletes
        # are in flight is sent again once they end: tests/unit/test_delete_decisions.py).
        stack.fault(kind="status", status=422, method="DELETE", path=path, count=1)
        failed = stack.destroy(check=False)
        assert failed.returncode != 0, what
        assert f"deleting {resource} " in failed.stdout, failed.stdout
        stack.destroyed(f"the second destroy after a failed {what} delete")


def test_a_failed_flow_start_is_cleaned_up_or_named_then_taken_over(stack: Stack) -> None:
    # The flow is made but never reads as ready, and deleting it fails too: the error names the
    # leftover and the exact adopt_id line; the next `pulumi up` takes the leftover over.
    stack.fault(kind="status", status=503, retry_after=0, method="GET", path=f"{FS}/flows/*", count=10)
    stack.fault(kind="status", status=503, retry_after=0, method="DELETE", path=f"{FS}/flows/*", count=10)
    first = stack.up(check=False)
    assert first.returncode != 0
    leftover = next(f.id for f in stack.aep.flow_service.flows.list())
    assert f'DataflowArgs(..., adopt_id="{leftover}")' in first.stdout, first.stdout
    assert stack.converges(ONE_SOURCE, "a flow left by a failed cleanup") == 1
    assert stack.project.outputs(stack.name)["flow_id"] == leftover
    stack.destroyed("after taking the leftover flow over")


def test_a_create_whose_outcome_cannot_be_checked_is_taken_over_by_the_next_run(stack: Stack) -> None:
    # The source connection is made, its answer lost, and AEP cannot be asked about it: the run
    # fails; the next one finds the leftover (made by an earlier command, used by no flow) and keeps it.
    stack.fault(kind="drop", method="POST", path=f"{FS}/sourceConnections", count=1)
    # the look for leftovers before the create passes; the look after the lost answer fails
    stack.fault(
        kind="status", status=503, retry_after=0, method="GET", path=f"{FS}/sourceConnections", after=1, count=10
    )
    first = stack.up(check=False)
    assert first.returncode != 0 and "run `pulumi up` again" in first.stdout, first.stdout
    made = [s.id for s in stack.aep.flow_service.source_connections.list()]
    assert stack.converges(ONE_SOURCE, "a source connection whose create could not be checked") == 1
    assert [s.id for s in stack.aep.flow_service.source_connections.list()] == made
    stack.destroyed("after taking the leftover source connection over")


@pytest.mark.parametrize("after_creates", [2, 5])
def test_kill_9_of_aep_mid_up_converges(stack: Stack, emulator: EmulatorProcess, after_creates: int) -> None:
    port = emulator.url.rsplit(":", 1)[-1]
    stack.fault(kind="latency", latency_ms=150, method="POST")  # slow enough to be killed mid-up
    run = subprocess.Popen(
        ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack.name],
        cwd=stack.project.dir,
        env=stack.project.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        posts = sum(n for k, n in stats(emulator.url)["requests"].items() if k.startswith("POST /data"))
        if posts >= after_creates:
            break
        time.sleep(0.05)
    emulator.kill9()
    assert run.wait(timeout=300) != 0
    assert run.stdout is not None
    run.stdout.close()
    restarted = EmulatorProcess(emulator.data_dir, "--port", port).start()
    try:
        assert stack.converges(ONE_SOURCE, f"kill -9 after {after_creates} creates") == 1
        stack.destroyed("after the kill")
    finally:
        restarted.stop()


@pytest.mark.parametrize("seed", [1, 2])
def test_20_percent_5xx_and_429_bursts_over_5_sources(
    pulumi_bin: str, emulator: EmulatorProcess, workdir: Path, seed: int
) -> None:
    project = PulumiProject("many-sources", workdir, pulumi_bin, ROOT / "tests" / "e2e" / "programs" / "many-sources")
    stack = Stack(project, emulator, "five")
    for status in (500, 502, 503, 504):
        stack.fault(kind="status", status=status, path="/data/*", rate=0.05, seed=seed)
    stack.fault(kind="status", status=429, retry_after=1, path="/data/*", count=3)
    runs = stack.converges({k: 5 * n for k, n in ONE_SOURCE.items()}, f"seed {seed}", faults_stay=True)
    assert runs <= 2
    stack.destroyed(f"seed {seed}")
    stack.aep.close()


def test_http_api_a_failed_flow_start_leaves_one_flow_on_the_inlet(
    pulumi_bin: str, emulator: EmulatorProcess, workdir: Path
) -> None:
    """The reported case: a flow left on an HTTP API inlet must be taken over, not joined by a second
    one (the inlet then refused every record, and destroy failed with FLOW-1447)."""
    stack = Stack(PulumiProject("http-api-source", workdir, pulumi_bin), emulator, "http")
    stack.fault(kind="status", status=503, retry_after=0, method="GET", path=f"{FS}/flows/*", count=10)
    stack.fault(kind="status", status=503, retry_after=0, method="DELETE", path=f"{FS}/flows/*", count=10)
    assert stack.up(check=False).returncode != 0
    # the HTTP API variant: a base connection owns the inlet; no custom fields, so no field group
    stack.converges(ONE_SOURCE | {"fieldGroups": 0}, "a flow left on the inlet", connections=1)
    out = stack.project.outputs("http")
    record = {"id": "e1", "at": "2026-11-29T10:00:00Z", "page": "Home", "path": "index"}
    accepted = httpx.post(out["inlet_url"], json=record, headers={"x-adobe-flow-id": out["flow_id"]})
    assert accepted.status_code == 200, accepted.text
    assert httpx.post(out["inlet_url"], json=record).status_code == 200  # one flow reads the inlet
    stack.destroy()
    assert entity_counts(stack.aep) == NOTHING
    stack.aep.close()
