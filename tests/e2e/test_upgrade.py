"""A stack made by the release before this one keeps working: no replace, nothing made or deleted.

tests/e2e/fixtures/earlier-release holds what that release left (commit 99420781, the last before
entities named their owner and state recorded their org and sandbox): `pulumi up` of
tests/e2e/programs/stack-operations, stack `ops`, sandbox prod, run with that commit's package
first on PYTHONPATH (program and provider process alike) against a fresh emulator. It is that
stack's `pulumi stack export` (state.json), its stack config (Pulumi.ops.yaml, secrets under the
e2e passphrase) and the emulator's store (aep.sqlite3).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.e2e.project import ROOT, PulumiProject
from tests.e2e.test_export import writes
from tests.e2e.test_lifecycle import aep_config
from tests.e2e.test_stack_operations import ALL, NOTHING, STACK, Ops
from tests.support import EmulatorProcess

EARLIER = Path(__file__).parent / "fixtures" / "earlier-release"


def test_a_stack_of_the_earlier_release_upgrades_in_place(pulumi_bin: str, workdir: Path) -> None:
    data = workdir / "aep"
    data.mkdir()
    shutil.copy(EARLIER / "aep.sqlite3", data / "aep.sqlite3")
    emulator = EmulatorProcess(data).start()
    try:
        project = PulumiProject("stack-operations", workdir, pulumi_bin, ROOT / "tests/e2e/programs/stack-operations")
        shutil.copy(EARLIER / "Pulumi.ops.yaml", project.dir / "Pulumi.ops.yaml")
        project.run("stack", "init", STACK)
        project.run("stack", "import", "--file", str(EARLIER / "state.json"), stack=STACK)
        for key, value in aep_config(emulator.url, "prod").items():  # the emulator listens elsewhere now
            project.run("config", "set", key, value, stack=STACK)
        ops = Ops(project, emulator.url)
        made = ops.state()
        assert not any("sandbox_name" in r or "owner" in r for r in made.values())  # the earlier release's
        assert ops.counts() == {"prod": ALL, "dev": NOTHING}

        # The first preview with this release: an update of each resource to record where its entity
        # lives (and, as the display name differs from the component's name, the mapping set's new
        # name); never a replace.
        preview = ops.run("preview", "--diff")
        assert "replace" not in preview, preview
        before = ops.stats()
        ops.up()
        changed = writes(emulator.url, before)
        assert all(route.split()[0] in ("PUT", "PATCH") for route in changed), changed  # nothing made or deleted
        after = ops.state()
        assert {k: v["id"] for k, v in after.items()} == {k: v["id"] for k, v in made.items()}
        assert {(r["org_id"], r["sandbox_name"]) for r in after.values()} == {("EMULATOR@AdobeOrg", "prod")}
        assert ops.counts() == {"prod": ALL, "dev": NOTHING}
        ops.no_changes()
        ops.run("refresh", "--yes")  # the inlet URL the state holds names the emulator's old port
        ops.no_changes()
        ops.streams()
        # Now a sandbox change is refused, as for a stack this release made.
        ops.run("config", "set", "aep:sandboxName", "dev")
        assert "lives in sandbox 'prod'" in ops.run("preview", check=False)
        assert json.loads(ops.run("stack", "output", "--json"))["inlet_url"]
    finally:
        emulator.stop()
