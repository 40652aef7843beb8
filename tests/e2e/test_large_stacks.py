"""A large stack with Pulumi's checkpoints skipped (PULUMI_SKIP_CHECKPOINTS=true: state is written
once, at the end). A `kill -9` of `pulumi up` then leaves entities that state does not know; with
exact ownership the next run takes each over. 100 sources (700 resources), killed at two points,
then a run to the end: exactly 100 of each kind (0 duplicates), a clean preview, and a destroy that
leaves nothing (0 orphans)."""

from __future__ import annotations

import time
from pathlib import Path

from tests.e2e.project import ROOT, PulumiProject, kill_tree
from tests.e2e.test_lifecycle import aep_config
from tests.e2e.test_shared_backend import counts, up_in_background, writes
from tests.support import CLIENT_SECRET, EmulatorProcess

SOURCES = 100
# Writes a source's creates make: field group, schema, dataset, source and target connections,
# mapping set, flow.
WRITES_PER_SOURCE = 7


def test_kill_9_with_skipped_checkpoints_converges_with_no_duplicate_or_orphan(
    pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path
) -> None:
    url = own_emulator.url
    program = ROOT / "tests" / "e2e" / "programs" / "many-sources"
    project = PulumiProject("many-sources", workdir, pulumi_bin, program)
    project.init("big", {**aep_config(url, "prod"), "many:count": str(SOURCES)}, {"aep:clientSecret": CLIENT_SECRET})
    project.env["PULUMI_SKIP_CHECKPOINTS"] = "true"

    for share in (0.3, 0.7):  # killed once a third of the creates are made, then two thirds
        run = up_in_background(project, "big")
        deadline = time.monotonic() + 300
        while writes(url) < share * SOURCES * WRITES_PER_SOURCE and time.monotonic() < deadline:
            time.sleep(0.05)
        assert run.poll() is None, "the run ended before it could be killed"
        kill_tree(run.pid)
        run.communicate(timeout=60)
        project.run("cancel", "--yes", stack="big")

    project.up("big")
    every = {"flows", "sourceConnections", "targetConnections", "datasets", "schemas", "fieldGroups"}
    assert counts(url, "prod") == dict.fromkeys(every, SOURCES) | {"connections": 0}  # 0 duplicates
    project.preview("big", "--expect-no-changes")
    project.run("destroy", "--yes", stack="big")
    left = counts(url, "prod")
    assert sum(left.values()) == 0, left  # 0 orphans
