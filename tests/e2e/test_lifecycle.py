"""The real pulumi CLI against the emulator: the whole lifecycle of examples/streaming-source."""

from __future__ import annotations

from pathlib import Path

import httpx

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import settings_for
from tests.e2e.project import PulumiProject
from tests.support import CLIENT_SECRET, EmulatorProcess, aep_stack_config

FS = "/data/foundation/flowservice"


def aep_config(url: str, sandbox: str) -> dict[str, str]:
    return aep_stack_config(url, sandbox, secret=False)


def rows(url: str, sandbox: str, dataset_id: str) -> list[dict]:
    return httpx.get(f"{url}/_emulator/datasets/{dataset_id}/rows", headers={"x-sandbox-name": sandbox}).json()


def entity_counts(aep: AepClient) -> dict[str, int]:
    """What a stack can leave in AEP, by kind. Mapping sets are not counted: AEP keeps them (it
    documents no DELETE), so destroy leaves them by design (docs/resources.md)."""
    fs = aep.flow_service
    return {
        "flows": fs.flows.count(),
        "sourceConnections": fs.source_connections.count(),
        "targetConnections": fs.target_connections.count(),
        "connections": fs.connections.count(),
        "datasets": len(list(aep.catalog.datasets.list())),
        "schemas": len(list(aep.schema_registry.schemas.list())),
        "fieldGroups": len(list(aep.schema_registry.field_groups.list())),
    }


def test_streaming_source_lifecycle(pulumi_bin: str, e2e_emulator: EmulatorProcess, workdir: Path) -> None:
    url, sandbox, stack = e2e_emulator.url, "dev", "lifecycle"
    project = PulumiProject("streaming-source", workdir, pulumi_bin)
    project.init(stack, aep_config(url, sandbox), {"aep:clientSecret": CLIENT_SECRET})
    aep = AepClient(settings_for(url, sandbox=sandbox))

    # up: the whole chain, then records through the exported inlet URL land mapped in the dataset
    project.up(stack)
    out = project.outputs(stack)
    assert set(out) >= {"inlet_url", "flow_id", "dataset_id", "schema_id"} and out["mapping_set_version"] == 0
    for person in (
        {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"},
        {"firstName": "Grace", "tier": "gold"},
    ):
        httpx.post(out["inlet_url"], json=person).raise_for_status()
    assert rows(url, sandbox, out["dataset_id"]) == [
        {
            "person": {"name": {"firstName": "Ada", "lastName": "Lovelace"}},
            "personalEmail": {"address": "ada@example.com"},
        },
        {"person": {"name": {"firstName": "Grace"}}},
    ]

    # no drift right after
    project.preview(stack, "--expect-no-changes")

    # a name change updates in place: same flow id; the mapping set, which Data Prep only rewrites
    # whole, stores version 1 under the new name
    project.run("config", "set", "webhooks:displayName", "Renamed people", stack=stack)
    preview = project.preview(stack).stdout
    assert "update" in preview and "replace" not in preview, preview
    project.up(stack)
    renamed = project.outputs(stack)
    assert renamed["flow_id"] == out["flow_id"] and renamed["mapping_set_version"] == 1
    assert aep.flow_service.flows.get(out["flow_id"]).name == "Renamed people"
    project.preview(stack, "--expect-no-changes")

    # a mapping change stores mapping set version 2 and updates (does not replace) the flow
    project.run("config", "set", "webhooks:mapLoyalty", "true", stack=stack)
    preview = project.preview(stack).stdout
    assert "webhooks-mapping" in preview and "replace" not in preview, preview
    project.up(stack)
    after = project.outputs(stack)
    assert after["mapping_set_version"] == 2 and after["flow_id"] == out["flow_id"]
    assert aep.flow_service.flows.get(out["flow_id"]).mapping == (
        aep.flow_service.flows.get(out["flow_id"]).mapping[0],
        2,
    )
    httpx.post(after["inlet_url"], json={"firstName": "Linus", "tier": "silver"}).raise_for_status()
    assert rows(url, sandbox, out["dataset_id"])[-1] == {
        "person": {"name": {"firstName": "Linus"}},
        "_emulator": {"loyalty": {"tier": "SILVER"}},
    }

    # an immutable change replaces the target connection and the flow
    project.run("config", "set", "webhooks:targetFormat", "parquet_xdm", stack=stack)
    preview = project.preview(stack).stdout
    assert "replace" in preview and "webhooks-target" in preview, preview
    project.up(stack)
    replaced = project.outputs(stack)
    assert replaced["flow_id"] != out["flow_id"] and aep.flow_service.flows.find(out["flow_id"]) is None
    assert aep.flow_service.flows.count() == 1
    project.preview(stack, "--expect-no-changes")

    # a change made outside Pulumi is found by refresh and undone by up
    flow_id = replaced["flow_id"]
    aep.flow_service.flows.update(flow_id, lambda f: [{"op": "replace", "path": "/name", "value": "edited in the UI"}])
    aep.flow_service.flows.disable(flow_id)
    project.run("refresh", "--yes", stack=stack)
    drift = project.preview(stack).stdout
    assert "webhooks-flow" in drift and "update" in drift, drift
    project.up(stack)
    flow = aep.flow_service.flows.get(flow_id)
    assert flow.name == "Renamed people" and flow.state == "enabled"
    project.preview(stack, "--expect-no-changes")

    # disable and enable through the program
    project.run("config", "set", "webhooks:enabled", "false", stack=stack)
    project.up(stack)
    assert aep.flow_service.flows.get(flow_id).state == "disabled"
    assert httpx.post(replaced["inlet_url"], json={"firstName": "x"}).status_code == 400
    project.run("config", "set", "webhooks:enabled", "true", stack=stack)
    project.up(stack)
    assert aep.flow_service.flows.get(flow_id).state == "enabled"

    # neither the client secret nor an access token is in the state in plain text
    exported = project.export(stack)
    assert CLIENT_SECRET not in exported and "emu-" not in exported
    secret_entry = exported[exported.index('"aep:clientSecret"') :][:300]
    assert "ciphertext" in secret_entry  # the provider's config carries it encrypted

    # destroy leaves no entity of the stack behind
    destroyed = project.run("destroy", "--yes", stack=stack)
    assert entity_counts(aep) == dict.fromkeys(entity_counts(aep), 0)
    # the mapping set stays in AEP, and destroy says so (one message; the CLI repeats it under Diagnostics)
    kept = [m.id for m in aep.data_prep.mapping_sets.list()]
    assert len(kept) == 1 and f"info: mapping set {kept[0]} stays in AEP" in destroyed.stdout, destroyed.stdout
    aep.close()


def test_two_stacks_on_two_sandboxes_never_see_each_other(
    pulumi_bin: str, e2e_emulator: EmulatorProcess, workdir: Path
) -> None:
    url = e2e_emulator.url
    project = PulumiProject("per-sandbox-stacks", workdir, pulumi_bin)
    outputs = {}
    for sandbox in ("dev", "prod"):
        project.run("stack", "init", sandbox)  # Pulumi.<sandbox>.yaml carries the sandbox
        project.run("config", "set", "aep:endpoint", url, stack=sandbox)
        project.run("config", "set", "aep:imsEndpoint", url, stack=sandbox)
        project.run("config", "set", "--secret", "aep:clientSecret", CLIENT_SECRET, stack=sandbox)
        project.up(sandbox)
        outputs[sandbox] = project.outputs(sandbox)
    clients = {s: AepClient(settings_for(url, sandbox=s)) for s in ("dev", "prod")}
    for mine, other in (("dev", "prod"), ("prod", "dev")):
        assert outputs[mine]["sandbox"] == mine
        assert clients[mine].flow_service.flows.find(outputs[mine]["flow_id"]) is not None
        assert clients[other].flow_service.flows.find(outputs[mine]["flow_id"]) is None
        assert clients[other].catalog.datasets.find(outputs[mine]["dataset_id"]) is None
        httpx.post(outputs[mine]["inlet_url"], json={"name": mine}).raise_for_status()
        assert rows(url, mine, outputs[mine]["dataset_id"]) == [{"person": {"name": {"firstName": mine}}}]
        assert rows(url, other, outputs[mine]["dataset_id"]) == []
    for sandbox in ("dev", "prod"):
        project.run("destroy", "--yes", stack=sandbox)
        assert clients[sandbox].flow_service.flows.count() == 0
        clients[sandbox].close()


def test_http_api_example(pulumi_bin: str, e2e_emulator: EmulatorProcess, workdir: Path) -> None:
    url = e2e_emulator.url
    project = PulumiProject("http-api-source", workdir, pulumi_bin)
    project.init("http", aep_config(url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
    project.up("http")
    out = project.outputs("http")
    record = {"id": "e1", "at": "2026-11-29T10:00:00Z", "page": "Home", "path": "index"}
    httpx.post(out["inlet_url"], json=record, headers={"x-adobe-flow-id": out["flow_id"]}).raise_for_status()
    assert rows(url, "prod", out["dataset_id"]) == [
        {
            "_id": "e1",
            "timestamp": "2026-11-29T10:00:00Z",
            "eventType": "web.webpagedetails.pageViews",
            "web": {"webPageDetails": {"name": "Home", "URL": "https://example.com/index"}},
        }
    ]
    project.preview("http", "--expect-no-changes")
    project.run("destroy", "--yes", stack="http")
