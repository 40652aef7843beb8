"""StreamingSource from YAML and TypeScript programs: the real pulumi CLI with Pulumi's own YAML and
Node.js language hosts, the package's `aep` plugin installed the one documented way
(`aep-streaming plugin install`), and the emulator.

The programs run with a PATH that holds no Python with this package and with no PYTHONPATH or
PULUMI_PYTHON_CMD: the plugin must find the package by itself, whatever the consumer's language.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from pulumi_aep_streaming import __version__
from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import add_fault, settings_for
from tests.e2e.project import PulumiProject
from tests.e2e.test_lifecycle import aep_config, entity_counts, rows
from tests.support import CLIENT_SECRET, EmulatorProcess

AEP_STREAMING = str(Path(sys.prefix) / "bin" / "aep-streaming")
# What changes the mapping in each example: a config value the program reads.
MAPPING_CHANGE = {
    "yaml-streaming-source": ("loyaltyMapping", "upper(tier)"),
    "typescript-streaming-source": ("webhooks:mapLoyalty", "true"),
}


def consumer_env(project: PulumiProject, pulumi_bin: str) -> dict[str, str]:
    """The CLI's environment as a YAML or TypeScript user has it: no Python of this package on PATH."""
    env = {k: v for k, v in project.env.items() if k not in ("PYTHONPATH", "PULUMI_PYTHON_CMD", "VIRTUAL_ENV")}
    node = os.path.dirname(subprocess.run(["which", "node"], capture_output=True, text=True).stdout.strip())
    env["PATH"] = os.pathsep.join([pulumi_bin, node, "/usr/bin", "/bin"])
    return env


@pytest.mark.parametrize("example", sorted(MAPPING_CHANGE))
def test_streaming_source_from_another_language(
    example: str, pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path
) -> None:
    url, sandbox, stack = own_emulator.url, "dev", "dev"
    project = PulumiProject(example, workdir, pulumi_bin)
    project.env = consumer_env(project, pulumi_bin)
    assert f"aep: aep@{__version__}" in (project.dir / "Pulumi.yaml").read_text()  # the example names this release

    # the one step: the plugin into Pulumi's plugin cache, bound to this package's Python
    installed = subprocess.run(
        [AEP_STREAMING, "plugin", "install"], env=project.env, capture_output=True, text=True, check=True
    )
    assert f"pulumi package add aep@{__version__}" in installed.stdout
    project.run("install")  # TypeScript: the SDK from the plugin's schema, and npm packages
    project.init(stack, aep_config(url, sandbox), {"aep:clientSecret": CLIENT_SECRET})
    aep = AepClient(settings_for(url, sandbox=sandbox))

    # up builds the chain; a record posted to the exported inlet URL lands mapped in the dataset
    up = project.up(stack)
    assert "aep:index:StreamingSource" in up and "aep:index:Dataflow" in up, up
    out = project.outputs(stack)
    assert out["mappingSetVersion"] == 0
    httpx.post(
        out["inletUrl"], json={"firstName": "Ada", "email": "ada@example.com", "tier": "gold"}
    ).raise_for_status()
    first = rows(url, sandbox, out["datasetId"])
    assert first[0]["person"] == {"name": {"firstName": "Ada"}} and first[0]["personalEmail"] == {
        "address": "ada@example.com"
    }
    project.preview(stack, "--expect-no-changes")
    # day two reads the stack's camelCase outputs (flowId) as it reads a Python stack's
    status = subprocess.run(
        [AEP_STREAMING, "status", "--stack", stack], cwd=project.dir, env=project.env, capture_output=True, text=True
    )
    assert status.returncode == 0 and "Webhook people" in status.stdout and "enabled" in status.stdout, status

    # a mapping change stores a new mapping set version and updates the flow in place
    key, value = MAPPING_CHANGE[example]
    project.run("config", "set", key, value, stack=stack)
    preview = project.preview(stack).stdout
    assert "webhooks-mapping" in preview and "replace" not in preview, preview
    project.up(stack)
    after = project.outputs(stack)
    assert after["mappingSetVersion"] == 1 and after["flowId"] == out["flowId"]
    httpx.post(after["inletUrl"], json={"firstName": "Linus", "tier": "silver"}).raise_for_status()
    assert rows(url, sandbox, out["datasetId"])[-1]["_emulator"] == {"loyalty": {"tier": "SILVER"}}
    project.preview(stack, "--expect-no-changes")

    # refresh finds a change made in the AEP UI; up puts the program's value back
    aep.flow_service.flows.update(out["flowId"], lambda f: [{"op": "replace", "path": "/name", "value": "edited"}])
    refreshed = project.run("refresh", "--yes", stack=stack).stdout
    assert "webhooks-flow" in refreshed and "update" in refreshed, refreshed
    project.up(stack)
    assert aep.flow_service.flows.get(out["flowId"]).name == "Webhook people"
    project.preview(stack, "--expect-no-changes")

    # the client secret is in the state only encrypted (the aep provider's config)
    exported = project.export(stack)
    assert CLIENT_SECRET not in exported and "ciphertext" in exported[exported.index('"clientSecret"') :][:300]

    # destroy leaves nothing of the stack in AEP
    project.run("destroy", "--yes", stack=stack)
    assert entity_counts(aep) == dict.fromkeys(entity_counts(aep), 0)
    aep.close()


def test_a_bad_input_fails_the_preview_naming_the_field(
    pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path
) -> None:
    project = PulumiProject("yaml-streaming-source", workdir, pulumi_bin)
    project.env = consumer_env(project, pulumi_bin)
    subprocess.run([AEP_STREAMING, "plugin", "install"], env=project.env, capture_output=True, check=True)
    pulumi_yaml = project.dir / "Pulumi.yaml"
    pulumi_yaml.write_text(pulumi_yaml.read_text().replace("destination: personalEmail.address", "destination: email"))
    project.init("dev", aep_config(own_emulator.url, "dev"), {"aep:clientSecret": CLIENT_SECRET})
    failed = project.preview("dev", check=False)
    assert failed.returncode != 0
    assert (
        "resource 'webhooks' has a problem: mappings[2]: destination 'email' is not a field of the schema; "
        "add {path: 'email'} to fields, or fix the path" in failed.stdout
    ), failed.stdout
    aep = AepClient(settings_for(own_emulator.url, sandbox="dev"))
    assert entity_counts(aep) == dict.fromkeys(entity_counts(aep), 0)
    aep.close()


def test_a_create_whose_outcome_cannot_be_checked_is_taken_over_by_the_next_up(
    pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path
) -> None:
    """The plugin serves the entities with the same providers as Python programs: a source connection
    made in AEP whose answer is lost, and that AEP cannot then be asked about, fails this `up`; the
    next one takes it over (it names this stack's resource as its owner) instead of making another."""
    project = PulumiProject("yaml-streaming-source", workdir, pulumi_bin)
    project.env = consumer_env(project, pulumi_bin)
    subprocess.run([AEP_STREAMING, "plugin", "install"], env=project.env, capture_output=True, check=True)
    project.init("dev", aep_config(own_emulator.url, "dev"), {"aep:clientSecret": CLIENT_SECRET})
    sources = "/data/foundation/flowservice/sourceConnections"
    add_fault(own_emulator.url, kind="drop", method="POST", path=sources, count=1)
    add_fault(own_emulator.url, kind="status", status=503, retry_after=0, method="GET", path=sources, after=1, count=10)
    failed = project.run("up", "--yes", "--skip-preview", check=False, stack="dev")
    assert failed.returncode != 0 and "run `pulumi up` again" in failed.stdout, failed.stdout
    aep = AepClient(settings_for(own_emulator.url, sandbox="dev"))
    made = [s.id for s in aep.flow_service.source_connections.list()]
    assert len(made) == 1  # in AEP, unknown to the stack

    project.up("dev")
    counts = entity_counts(aep)
    assert counts == dict.fromkeys(counts, 1) | {"connections": 0}, counts  # no duplicate, no orphan
    assert [s.id for s in aep.flow_service.source_connections.list()] == made  # the leftover was taken over
    out = project.outputs("dev")
    httpx.post(out["inletUrl"], json={"firstName": "Ada"}).raise_for_status()
    assert rows(own_emulator.url, "dev", out["datasetId"])[0]["person"] == {"name": {"firstName": "Ada"}}
    project.preview("dev", "--expect-no-changes")
    aep.close()
