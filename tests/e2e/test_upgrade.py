"""A stack made by the release before this one keeps working: no replace, nothing made or deleted.

The release's package comes from this repository's history (the last commit before entities named
their owner and state recorded their org and sandbox); PYTHONPATH puts it before the installed one
for both the program and the provider process, as an installed older release would be.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e.project import ROOT
from tests.e2e.test_export import writes
from tests.e2e.test_stack_operations import ALL, NOTHING, Ops
from tests.support import EmulatorProcess

RELEASED = "99420781b86d1ce83fad896cd88065d49f9d941e"


def released_package(into: Path) -> Path:
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", RELEASED, "pulumi_aep_streaming"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def test_a_stack_of_the_earlier_release_upgrades_in_place(
    pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path
) -> None:
    ops = Ops.init(pulumi_bin, own_emulator, workdir)
    project = ops.project

    project.env["PYTHONPATH"] = str(released_package(workdir / "released"))
    ops.up()
    made = ops.state()
    assert not any("sandbox_name" in r or "owner" in r for r in made.values())  # the earlier release's state
    del project.env["PYTHONPATH"]

    # The first preview with this release: an update of each resource to record where its entity
    # lives (and, where the display name differs from the component's name, the mapping set's new
    # name); never a replace.
    preview = ops.run("preview", "--diff")
    assert "replace" not in preview, preview
    before = ops.stats()
    ops.up()
    changed = writes(own_emulator.url, before)
    assert all(route.split()[0] in ("PUT", "PATCH") for route in changed), changed  # nothing made or deleted
    after = ops.state()
    assert {k: v["id"] for k, v in after.items()} == {k: v["id"] for k, v in made.items()}
    assert {(r["org_id"], r["sandbox_name"]) for r in after.values()} == {("EMULATOR@AdobeOrg", "prod")}
    assert ops.counts() == {"prod": ALL, "dev": NOTHING}
    ops.no_changes()
    ops.streams()
    # Now a sandbox change is refused, as for a stack this release made.
    ops.run("config", "set", "aep:sandboxName", "dev")
    assert "lives in sandbox 'prod'" in ops.run("preview", check=False)
    assert json.loads(ops.run("stack", "output", "--json"))["inlet_url"]
