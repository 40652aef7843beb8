"""`aep-streaming runs`, `status` and `export` against the emulator: what they show, and the
messages for ids and sandboxes that hold nothing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pulumi_aep_streaming.cli import app
from pulumi_aep_streaming.declarations import HTTP_API_FLOW_SPEC, HTTP_API_SPEC
from tests.emulator.tutorial import FS, create_target, http_api, ok, profile_chain, send, streaming_sdk
from tests.support import Aep


def test_runs_show_what_a_flow_received_and_ingested(runner: CliRunner, aep: Aep) -> None:
    chain = streaming_sdk(aep)
    batch = chain.inlet_url.replace("/collection/", "/collection/batch/")
    messages = [{"firstName": "A"}, {"header": {"flowId": "x"}, "body": {}}, {"firstName": "B"}]
    aep.http.post(batch, json={"messages": messages}).raise_for_status()
    result = runner.invoke(app, ["runs", chain.flow_id])
    assert result.exit_code == 0, result.output
    run = aep.get(f"/data/foundation/flowservice/runs?property=flowId=={chain.flow_id}").json()["items"][0]
    counts = run["metrics"]["recordSummary"]
    shown = f"{counts['inputRecordCount']} received, {counts['outputRecordCount']} ingested"
    assert run["id"] in result.stdout and shown in result.stdout, result.stdout
    assert counts["outputRecordCount"] == 2


def test_status_shows_each_flows_state_inlet_and_last_run(runner: CliRunner, aep: Aep) -> None:
    sdk, http = streaming_sdk(aep), http_api(aep)
    result = runner.invoke(app, ["status", "--flow", sdk.flow_id, "--flow", http.flow_id])
    assert result.exit_code == 0, result.output
    assert sdk.inlet_url in result.stdout and http.inlet_url in result.stdout  # HTTP API: the base's inlet
    assert result.stdout.count("state      enabled") == 2 and result.stdout.count("last run") == 2, result.stdout


def test_status_and_runs_of_flows_in_another_sandbox(runner: CliRunner, aep: Aep) -> None:
    """A resource's sandbox input puts its flow outside the stack's aep:sandboxName: --sandbox reads there."""
    sdk = streaming_sdk(aep.in_sandbox("dev"))
    missed = runner.invoke(app, ["status", "--flow", sdk.flow_id])
    assert missed.exit_code != 0 and "prod" in missed.output  # the configured sandbox has no such flow
    found = runner.invoke(app, ["status", "--flow", sdk.flow_id, "--sandbox", "dev"])
    assert found.exit_code == 0 and sdk.inlet_url in found.stdout, found.output
    assert runner.invoke(app, ["runs", sdk.flow_id, "--sandbox", "dev"]).exit_code == 0


def test_an_unknown_flow_id_is_named(runner: CliRunner, aep: Aep) -> None:
    for command in (
        ["runs", "no-such-flow"],
        ["status", "--flow", "no-such-flow"],
        ["export", "--flow", "no-such-flow"],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert "'no-such-flow'" in result.output and "'prod'" in result.output, result.output


def test_exporting_an_empty_sandbox_says_so_and_writes_nothing(runner: CliRunner, aep: Aep, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--sandbox", "dev", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "sandbox 'dev' has no flows" in result.output
    assert not (tmp_path / "x").exists()


def test_export_of_one_flow_declares_only_what_it_uses(runner: CliRunner, aep: Aep, tmp_path: Path) -> None:
    sdk = streaming_sdk(aep)
    http_api(aep, title="Other people")
    result = runner.invoke(app, ["export", "--flow", sdk.flow_id, "--out", str(tmp_path / "one")])
    assert result.exit_code == 0, result.output
    program = (tmp_path / "one" / "__main__.py").read_text()
    assert program.count("Dataflow(") == 1 and "Other people" not in program
    compile(program, "__main__.py", "exec")  # valid Python
    assert "protect=True" not in program
    protected = runner.invoke(app, ["export", "--flow", sdk.flow_id, "--out", str(tmp_path / "p"), "--protect"])
    assert protected.exit_code == 0, protected.output
    program = (tmp_path / "p" / "__main__.py").read_text()
    assert program.count("pulumi.ResourceOptions(protect=True)") == program.count("adopt_id=") == 6
    compile(program, "__main__.py", "exec")


def test_profile_get_shows_one_stitched_profile_by_any_of_its_identities(runner: CliRunner, aep: Aep) -> None:
    chain = profile_chain(aep)
    send(
        aep,
        chain,
        {
            "personalEmail": {"address": "ada@example.com"},
            "mobilePhone": {"number": "+1 555"},
            "person": {"name": {"firstName": "Ada"}},
        },
    )
    send(aep, chain, {"personalEmail": {"address": "ada@example.com"}, "person": {"name": {"firstName": "Augusta"}}})
    shown = runner.invoke(app, ["profile", "get", "--ns", "Phone", "--id", "+1 555"])
    assert shown.exit_code == 0, shown.output
    assert "Email: ada@example.com" in shown.output and "Phone: +1 555" in shown.output
    assert chain.dataset_id in shown.output and '"firstName": "Augusta"' in shown.output

    as_json = runner.invoke(
        app,
        ["profile", "get", "--ns", "Email", "--id", "ada@example.com", "--json", "--fields", "person.name.firstName"],
    )
    profile = json.loads(as_json.output)
    assert profile["entity"] == {"person": {"name": {"firstName": "Augusta"}}} and profile["sources"] == [
        chain.dataset_id
    ]

    missing = runner.invoke(app, ["profile", "get", "--ns", "Email", "--id", "nobody@example.com"])
    assert missing.exit_code == 1 and "no profile has identity nobody@example.com" in missing.output


def test_an_import_file_holds_each_resources_state_and_no_secret(runner: CliRunner, aep: Aep, tmp_path: Path) -> None:
    sdk = streaming_sdk(aep)
    secret = "s3cret-signing-key"
    base = {
        "name": "signed source",
        "connectionSpec": {"id": HTTP_API_SPEC, "version": "1.0"},
        "auth": {"specName": "Streaming Connection", "params": {"dataType": "raw", "signingKey": secret}},
    }
    source = {"name": "signed source", "connectionSpec": {"id": HTTP_API_SPEC, "version": "1.0"}}
    source["baseConnectionId"] = ok(aep.post(f"{FS}/connections", base), 201)["id"]
    target = create_target(aep, sdk.schema_id, sdk.dataset_id)
    flow = {
        "name": "signed flow",
        "flowSpec": {"id": HTTP_API_FLOW_SPEC, "version": "1.0"},
        "sourceConnectionIds": [ok(aep.post(f"{FS}/sourceConnections", source), 201)["id"]],
        "targetConnectionIds": [target],
    }
    signed_flow = ok(aep.post(f"{FS}/flows", flow), 201)["id"]
    out = tmp_path / "imported"
    result = runner.invoke(app, ["export", "--out", str(out), "--import-file", "import.json"])
    assert result.exit_code == 0, result.output
    text = (out / "import.json").read_text()
    resources = {r["id"]: r for r in json.loads(text)["resources"]}
    imported = resources[sdk.flow_id]
    assert imported["type"] == "pulumi-python:dynamic/aep:Dataflow"
    assert imported["inputs"]["source_connection_id"] == sdk.source_id and imported["inputs"]["sandbox_name"] == "prod"
    assert imported["inputs"]["ready_timeout_seconds"] == 300  # a default the program leaves out, as check fills it
    assert imported["outputs"]["inlet_url"] == sdk.inlet_url and imported["outputs"]["__provider"]
    assert imported["inputs"]["__provider"] == imported["outputs"]["__provider"]
    # The base connection with a secret auth param stays out of the file and keeps adopt_id;
    # everything else is imported.
    assert secret not in text and signed_flow in resources
    assert not any(r["type"].endswith(":BaseConnection") for r in resources.values())
    program = (out / "__main__.py").read_text()
    assert program.count("adopt_id=") == 1 and "config.require_secret(" in program
