"""examples/pull-request-sandbox on the real CLI: a stack makes a development sandbox, waits until it
is active, builds a streaming source inside it; records flow; destroy deletes both and waits for
the sandbox to be gone. A production sandbox is refused at preview, before anything is written."""

from __future__ import annotations

from pathlib import Path

import httpx

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import settings_for
from tests.e2e.project import PulumiProject
from tests.e2e.test_lifecycle import aep_config, entity_counts, rows
from tests.support import CLIENT_SECRET, EmulatorProcess

STACK = "pr-42"


def writes(url: str) -> list[dict[str, object]]:
    """Requests that change AEP (an IMS token changes nothing)."""
    log = httpx.get(f"{url}/_emulator/requests").json()
    return [r for r in log if r["method"] != "GET" and not str(r["path"]).startswith("/ims/")]


def test_a_stack_makes_a_sandbox_fills_it_and_destroys_both(
    pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path
) -> None:
    url = own_emulator.url
    httpx.put(f"{url}/_emulator/sandbox-delay", json={"seconds": 2}).raise_for_status()
    project = PulumiProject("pull-request-sandbox", workdir, pulumi_bin)
    project.init(STACK, aep_config(url, "dev"), {"aep:clientSecret": CLIENT_SECRET})
    aep = AepClient(settings_for(url, "dev"))

    preview = project.preview(STACK).stdout
    assert "aep:Sandbox" in preview and "create" in preview, preview
    project.up(STACK)
    out = project.outputs(STACK)
    assert out["sandbox"] == STACK
    assert aep.sandboxes.get(STACK).state == "active"
    inside = AepClient(settings_for(url, STACK))
    assert entity_counts(inside)["flows"] == 1 and entity_counts(inside)["datasets"] == 1
    assert entity_counts(aep) == entity_counts(AepClient(settings_for(url, "prod")))  # nothing outside it
    assert sum(entity_counts(aep).values()) == 0

    record = {"firstName": "Ada", "email": "ada@example.com"}
    assert httpx.post(out["inlet_url"], json=record).status_code == 200
    landed = rows(url, STACK, out["dataset_id"])
    assert [r["person"]["name"]["firstName"] for r in landed] == ["Ada"]
    project.preview(STACK, "--expect-no-changes")

    # A production sandbox is refused at preview; nothing is written.
    project.run("config", "set", "preview:sandbox", "prod", stack=STACK)
    before = len(writes(url))
    refused = project.preview(STACK, check=False)
    assert refused.returncode != 0
    assert "default production sandbox" in refused.stdout + refused.stderr, refused.stdout
    assert len(writes(url)) == before
    project.run("config", "rm", "preview:sandbox", stack=STACK)

    destroyed = project.run("destroy", "--yes", stack=STACK)
    assert destroyed.returncode == 0
    assert aep.sandboxes.find(STACK) is None  # destroy returned once the sandbox was gone
    assert {s.name for s in aep.sandboxes.list()} == {"prod", "dev"}
