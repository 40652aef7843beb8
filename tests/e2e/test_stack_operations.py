"""What Pulumi users do to a stack, on the real CLI: the provider changes what it owns and nothing else.

One stack of tests/e2e/programs/stack-operations (a StreamingSource, and a dataset and a base
connection nothing refers to) on an emulator of its own, taken through `--replace` of every kind,
a rename by alias, `state delete`, `--target`, `refresh --preview-only`, `stack export`/`import`,
`--parallel 1`, `up --refresh` twice, a sandbox change (refused; then moved by destroy and up, and
by a sandbox input) and `destroy --target --target-dependents`.
Each step asserts the entities in each sandbox and the writes AEP received.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import add_fault, settings_for
from tests.e2e.project import ROOT, PulumiProject
from tests.e2e.test_export import writes
from tests.e2e.test_lifecycle import aep_config, entity_counts, rows
from tests.support import CLIENT_SECRET, EmulatorProcess

STACK = "ops"
ALL = {
    "flows": 1,
    "sourceConnections": 1,
    "targetConnections": 1,
    "connections": 1,
    "datasets": 2,
    "schemas": 1,
    "fieldGroups": 1,
}
NOTHING = dict.fromkeys(ALL, 0)


class Ops:
    def __init__(self, project: PulumiProject, url: str) -> None:
        self.project, self.url = project, url
        self.aep = {sandbox: AepClient(settings_for(url, sandbox=sandbox)) for sandbox in ("prod", "dev")}

    @classmethod
    def init(cls, pulumi_bin: str, emulator: EmulatorProcess, workdir: Path) -> Ops:
        """A new stack of the program, in sandbox prod."""
        project = PulumiProject("stack-operations", workdir, pulumi_bin, ROOT / "tests/e2e/programs/stack-operations")
        project.init(STACK, aep_config(emulator.url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
        return cls(project, emulator.url)

    def run(self, *args: str, check: bool = True) -> str:
        result = self.project.run(*args, stack=STACK, check=check)
        return result.stdout + result.stderr

    def up(self, *extra: str) -> str:
        return self.run("up", "--yes", "--skip-preview", *extra)

    def stats(self) -> dict[str, int]:
        return dict(httpx.get(f"{self.url}/_emulator/stats").json()["requests"])

    def log(self) -> list[dict[str, Any]]:
        """Every request AEP received, in order: method, path, status."""
        requests: list[dict[str, Any]] = httpx.get(f"{self.url}/_emulator/requests").json()
        return requests

    def counts(self) -> dict[str, dict[str, int]]:
        return {sandbox: entity_counts(aep) for sandbox, aep in self.aep.items()}

    def state(self) -> dict[str, dict[str, Any]]:
        """The stack's AEP resources by name: type, id and outputs."""
        deployment = json.loads(self.run("stack", "export"))["deployment"]
        return {
            r["urn"].rsplit("::", 1)[1]: {"type": r["type"].rsplit(":", 1)[1], "id": r["id"], **r["outputs"]}
            for r in deployment["resources"]
            if r["type"].startswith("pulumi-python:dynamic/aep:")
        }

    def urn(self, name: str) -> str:
        return next(r["urn"] for r in self._deployment() if r["urn"].endswith(f"::{name}"))

    def _deployment(self) -> list[dict[str, Any]]:
        resources: list[dict[str, Any]] = json.loads(self.run("stack", "export"))["deployment"]["resources"]
        return resources

    def exists(self, kind: str, entity_id: str, sandbox: str = "prod") -> bool:
        aep = self.aep[sandbox]
        fs = aep.flow_service
        find = {
            "Schema": aep.schema_registry.schemas.find,
            "Dataset": aep.catalog.datasets.find,
            "BaseConnection": fs.connections.find,
            "SourceConnection": fs.source_connections.find,
            "TargetConnection": fs.target_connections.find,
            "Dataflow": fs.flows.find,
            "MappingSet": aep.data_prep.mapping_sets.find,
        }[kind]
        return find(entity_id) is not None

    def streams(self, sandbox: str = "prod") -> None:
        """A record posted to the inlet lands in the source's dataset."""
        outputs = json.loads(self.run("stack", "output", "--json"))
        before = len(rows(self.url, sandbox, outputs["dataset_id"]))
        httpx.post(outputs["inlet_url"], json={"firstName": "Ada", "tier": "gold"}).raise_for_status()
        assert len(rows(self.url, sandbox, outputs["dataset_id"])) == before + 1

    def no_changes(self) -> None:
        self.run("preview", "--expect-no-changes")


@pytest.fixture
def ops(pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path) -> Ops:
    return Ops.init(pulumi_bin, own_emulator, workdir)


def test_replace_of_every_kind_makes_a_new_entity_and_deletes_the_old(ops: Ops) -> None:
    ops.up()
    assert ops.counts() == {"prod": ALL, "dev": NOTHING}
    ops.streams()
    # Every kind, standalone (archive, hooks: nothing refers to them) and inside the StreamingSource;
    # then the schema, which everything in the source depends on.
    for names in (
        ["archive", "hooks", "people-flow", "people-mapping", "people-target", "people-source", "people-dataset"],
        ["people-schema"],
    ):
        before, requests, logged = ops.state(), ops.stats(), len(ops.log())
        out = ops.up(*(arg for name in names for arg in ("--replace", ops.urn(name))))
        assert "taking over" not in out, out
        after = ops.state()
        # What depends on a replaced resource is replaced with it (delete-first). One create per
        # replaced resource and one delete per replaced entity AEP can delete (a schema: its field
        # group too; a mapping set: none), and nothing else written. (A delete AEP refused while
        # the flow that uses it was being deleted is sent again: only those that succeeded count.)
        replaced = {n for n in after if after[n]["id"] != before[n]["id"]}
        assert replaced >= set(names), replaced
        schemas, mapping_sets = (sum(after[n]["type"] == kind for n in replaced) for kind in ("Schema", "MappingSet"))
        made = writes(ops.url, requests)
        creates = sum(n for route, n in made.items() if route.startswith("POST") and "{id}" not in route)
        deletes = sum(r["method"] == "DELETE" and r["status"] < 300 for r in ops.log()[logged:])
        assert {route.split()[0] for route in made} == {"POST", "DELETE"}, made
        assert creates == len(replaced) + schemas and deletes == len(replaced) - mapping_sets + schemas, made
        for name in names:
            old, new = before[name], after[name]
            assert new["id"] != old["id"], (name, out)
            # Data Prep keeps mapping sets (it documents no DELETE); every other kind's old entity is gone.
            assert ops.exists(old["type"], old["id"]) == (old["type"] == "MappingSet"), name
            assert ops.exists(new["type"], new["id"]), name
        assert ops.counts() == {"prod": ALL, "dev": NOTHING}, names
        ops.streams()
        ops.no_changes()


def test_renames_state_delete_targets_refresh_and_state_moves_touch_only_the_stack(ops: Ops) -> None:
    ops.up()
    built = ops.state()

    # `state delete` forgets an entity; the next up takes that very entity over, says why, writes nothing.
    dataset = built["archive"]["id"]
    ops.run("state", "delete", ops.urn("archive"), "--yes")
    before = ops.stats()
    out = ops.up()
    assert f"taking over dataset {dataset}" in out and "pulumi state delete" in out, out
    assert writes(ops.url, before) == {} and ops.state()["archive"]["id"] == dataset
    assert ops.counts()["prod"] == ALL

    # A rename by alias is the same resource: nothing is written to AEP.
    ops.run("config", "set", "ops:renamed", "true")
    before = ops.stats()
    ops.up()
    assert writes(ops.url, before) == {}
    renamed = ops.state()
    assert {v["id"] for v in renamed.values()} == {v["id"] for v in built.values()}
    ops.no_changes()

    # `up --refresh` twice: the second writes nothing; a refresh finds nothing to change.
    ops.up("--refresh")
    before = ops.stats()
    ops.up("--refresh")
    assert writes(ops.url, before) == {}
    ops.run("refresh", "--yes")
    ops.no_changes()

    # A change made in AEP: `refresh --preview-only` reports it and changes neither AEP nor the state.
    flow = renamed["people-renamed-flow"]["id"]
    ops.aep["prod"].flow_service.flows.update(flow, lambda _: [{"op": "replace", "path": "/name", "value": "By hand"}])
    state_before, before = ops.state(), ops.stats()
    out = ops.run("refresh", "--preview-only")
    assert "people-renamed-flow" in out and "update" in out, out
    assert writes(ops.url, before) == {} and ops.state() == state_before
    ops.up("--refresh", "--parallel", "1")  # finds the change and puts the name back, one step at a time
    assert ops.aep["prod"].flow_service.flows.get(flow).name == "People"
    ops.no_changes()

    # `stack export` / `stack import` round-trips: nothing to do afterwards.
    exported = ops.run("stack", "export")
    (ops.project.dir / "state.json").write_text(exported)
    ops.run("stack", "import", "--file", "state.json")
    ops.no_changes()

    # A sandbox change is refused at preview and at up, before anything is written anywhere.
    ops.run("config", "set", "aep:sandboxName", "dev")
    before = ops.stats()
    for command in (("preview",), ("up", "--yes", "--skip-preview")):
        out = ops.run(*command, check=False)
        assert "lives in sandbox 'prod'" in out and "now name sandbox 'dev'" in out and "pulumi destroy" in out, out
    assert writes(ops.url, before) == {}
    assert ops.counts() == {"prod": ALL, "dev": NOTHING}

    # Moving the stack as the message says: destroy deletes where the entities live (prod), even
    # part by part; then up builds the stack in dev.
    ops.run("destroy", "--yes", "--target", ops.urn("people-renamed-schema"), "--target-dependents")
    left = ops.counts()["prod"]
    assert left["schemas"] == left["datasets"] == left["flows"] == left["targetConnections"] == 0, left
    assert left["connections"] == 1, left  # hooks depends on nothing targeted
    ops.run("destroy", "--yes")
    ops.up()
    assert ops.counts() == {"prod": NOTHING, "dev": ALL}
    ops.streams("dev")
    ops.no_changes()

    # Moving on purpose: a sandbox input replaces every entity into that sandbox and deletes the
    # old ones where they live.
    ops.run("config", "set", "ops:sandbox", "prod")
    preview = ops.run("preview", "--diff")
    assert "replace" in preview and "sandbox" in preview, preview
    ops.up()
    assert ops.counts() == {"prod": ALL, "dev": NOTHING}
    ops.streams("prod")
    ops.no_changes()


def test_a_targeted_up_names_what_it_needs(ops: Ops) -> None:
    # The flow alone on a fresh stack: its connections' ids have no value; the error says which
    # --target to add, and nothing is created.
    before = ops.stats()
    out = ops.run("up", "--yes", "--skip-preview", "--target", urn_of(ops, "people-flow"), check=False)
    assert "has no value" in out and "--target" in out and "Field required" not in out, out
    assert writes(ops.url, before) == {}
    # With what it depends on, a targeted up makes exactly that.
    component = f"urn:pulumi:{STACK}::stack-operations::aep:streaming:StreamingSource::people"
    ops.up("--target", component, "--target", urn_of(ops, "people-schema"), "--target", urn_of(ops, "archive"))
    assert ops.counts()["prod"] == {**NOTHING, "schemas": 1, "fieldGroups": 1, "datasets": 1}
    ops.up()
    assert ops.counts()["prod"] == ALL


def urn_of(ops: Ops, name: str) -> str:
    """The URN a resource of the program will have (the stack is new: its state has none yet)."""
    parents = {"people-": "aep:streaming:StreamingSource$"}
    kinds = {
        "flow": "Dataflow",
        "schema": "Schema",
        "archive": "Dataset",
    }
    kind = kinds[name.rsplit("-", 1)[-1]]
    parent = next((p for prefix, p in parents.items() if name.startswith(prefix)), "")
    return f"urn:pulumi:{STACK}::stack-operations::{parent}pulumi-python:dynamic/aep:{kind}::{name}"


def test_ctrl_c_mid_up_then_up_converges(ops: Ops) -> None:
    """SIGINT (Ctrl-C) while creates are in flight: Pulumi lets them finish and stops; the next up
    makes the rest, with no duplicate and no orphan."""
    add_fault(ops.url, kind="latency", latency_ms=300, method="POST")  # slow enough to be interrupted
    command = ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", STACK]
    up = subprocess.Popen(command, cwd=ops.project.dir, env=ops.project.env, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while sum(n for route, n in ops.stats().items() if route.startswith("POST /data/")) < 2:
        assert up.poll() is None and time.monotonic() < deadline, "the up ended before it could be interrupted"
        time.sleep(0.05)
    up.send_signal(signal.SIGINT)
    out, _ = up.communicate(timeout=120)
    assert up.returncode != 0, out
    httpx.delete(f"{ops.url}/_emulator/faults").raise_for_status()
    partial = ops.counts()["prod"]
    assert partial != ALL and all(partial[k] <= ALL[k] for k in ALL), partial
    ops.up()
    assert ops.counts() == {"prod": ALL, "dev": NOTHING}
    ops.streams()
    ops.no_changes()
