"""`aep-streaming promote` on the real CLI over three stacks of one program (dev, stage and prod
sandboxes): the first run builds all three in order; with stage drifted out of band it previews all
three, reports the drift, exits 3 and writes nothing; once the drift is repaired it promotes the
program's change in order; a second run has nothing to do."""

from __future__ import annotations

from pathlib import Path

import httpx

from pulumi_aep_streaming.client import AepClient, SandboxInput
from tests.client.conftest import settings_for
from tests.e2e.project import PulumiProject
from tests.e2e.test_export import CLI, writes
from tests.e2e.test_lifecycle import aep_config
from tests.support import CLIENT_SECRET, Aep, EmulatorProcess

STACKS = ("dev", "stage", "prod")
DESCRIPTION = "People posted by our webhook"


def promote(project: PulumiProject, *extra: str) -> tuple[int, str]:
    import subprocess

    done = subprocess.run(
        [CLI, "promote", "--stacks", ",".join(STACKS), *extra],
        cwd=project.dir,
        env={**project.env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    return done.returncode, done.stdout + done.stderr


def descriptions(url: str, project: PulumiProject) -> dict[str, str]:
    """Each stack's dataset description as AEP holds it (the program's part)."""
    found = {}
    for stack in STACKS:
        dataset_id = project.outputs(stack)["dataset_id"]
        with AepClient(settings_for(url, stack)) as aep:
            found[stack] = (aep.catalog.datasets.get(dataset_id).description or "").split("\n\n")[0]
    return found


def test_promote_previews_all_stacks_stops_on_drift_then_promotes_in_order(
    pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path
) -> None:
    url = own_emulator.url
    with AepClient(settings_for(url)) as aep:
        aep.sandboxes.create(SandboxInput(name="stage", title="Stage"))
    project = PulumiProject("streaming-source", workdir, pulumi_bin)
    for stack in STACKS:
        project.init(stack, aep_config(url, stack), {"aep:clientSecret": CLIENT_SECRET})

    code, out = promote(project)
    assert code == 0, out
    assert "promoted, in order: dev, stage, prod" in out, out
    assert descriptions(url, project) == dict.fromkeys(STACKS, DESCRIPTION)

    # The program changes; stage drifts out of band (its dataset's description edited in the UI).
    main = project.dir / "__main__.py"
    main.write_text(main.read_text().replace(DESCRIPTION, "People our webhook posts"))
    dataset_id = project.outputs("stage")["dataset_id"]
    stage = Aep(url).in_sandbox("stage")
    path = f"/data/foundation/catalog/dataSets/{dataset_id}"
    original = stage.get(path).json()[dataset_id]["description"]
    patch = {"Content-Type": "application/json-patch+json"}
    edit = [{"op": "replace", "path": "/description", "value": "edited in the UI"}]
    assert stage.patch(path, edit, headers=patch).status_code == 200
    before = httpx.get(f"{url}/_emulator/stats").json()["requests"]
    code, out = promote(project)
    assert code == 3, out
    assert "webhooks-dataset (update)" in out and "drift found: nothing was updated" in out, out
    for stack in STACKS:
        assert stack in out
    assert writes(url, before) == {}, out  # nothing written anywhere
    assert descriptions(url, project) == {"dev": DESCRIPTION, "stage": "edited in the UI", "prod": DESCRIPTION}

    # Repaired: the change goes to every stack, in order.
    repair = [{"op": "replace", "path": "/description", "value": original}]
    assert stage.patch(path, repair, headers=patch).status_code == 200
    code, out = promote(project)
    assert code == 0, out
    assert "promoted, in order: dev, stage, prod" in out, out
    assert descriptions(url, project) == dict.fromkeys(STACKS, "People our webhook posts")

    before = httpx.get(f"{url}/_emulator/stats").json()["requests"]
    code, out = promote(project)
    assert code == 0 and "no changes: every stack is up to date" in out, out
    assert writes(url, before) == {}
