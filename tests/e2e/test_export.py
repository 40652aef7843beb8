"""Day two with the real CLI: flows made through the API (as someone clicking in the AEP UI would
leave them) are exported into a Pulumi program, adopted by `pulumi up` without a single write,
then watched, fed and changed through the exported program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import httpx
import pytest

from pulumi_aep_streaming.provider.ownership import split
from tests.e2e.project import PulumiProject
from tests.e2e.test_lifecycle import aep_config
from tests.emulator.tutorial import (
    DESCRIPTORS,
    FS,
    SR,
    Chain,
    create_target,
    http_api,
    identity,
    ok,
    profile_chain,
    streaming_sdk,
)
from tests.support import CLIENT_SECRET, Aep, EmulatorProcess, aep_env

CLI = str(Path(sys.executable).parent / "aep-streaming")
SELF_SERVE_SPEC = "bdb5b792-451b-42de-acf8-15f3195821de"  # a self-serve (partner) streaming source
SDK_FLOW_SPEC = "e77fde5a-22a8-11ed-861d-0242ac120002"
NAMESPACES = "/data/core/idnamespace/identities"


def writes(url: str, before: dict[str, int]) -> dict[str, int]:
    """The writes AEP received since ``before`` (token requests aside)."""
    now: dict[str, int] = httpx.get(f"{url}/_emulator/stats").json()["requests"]
    return {
        route: count - before.get(route, 0)
        for route, count in now.items()
        if route.split()[0] in ("POST", "PUT", "PATCH", "DELETE")
        and "/ims/" not in route
        and count != before.get(route, 0)
    }


def stats(url: str) -> dict[str, int]:
    return dict(httpx.get(f"{url}/_emulator/stats").json()["requests"])


def with_custom_fields(aep: Aep) -> str:
    """A Streaming SDK chain whose schema has custom fields in a group named after it, as the
    provider would name it; returns the schema's $id."""
    chain = streaming_sdk(aep, "Loyalty people")
    group = {
        "type": "object",
        "title": "Loyalty people (custom fields)",
        "description": "loyalty",
        "meta:intendedToExtend": ["https://ns.adobe.com/xdm/context/profile"],
        "definitions": {
            "customFields": {
                "properties": {
                    "_emulator": {
                        "type": "object",
                        "properties": {"loyaltyTier": {"type": "string", "title": "Loyalty tier"}},
                    }
                }
            }
        },
        "allOf": [{"$ref": "#/definitions/customFields"}],
    }
    group_id = ok(aep.post(f"{SR}/tenant/fieldgroups", group), 201)["$id"]
    patch = [{"op": "add", "path": "/allOf/-", "value": {"$ref": group_id}}]
    ok(aep.patch(f"{SR}/tenant/schemas/{quote(chain.schema_id, safe='')}", patch), 200)
    return chain.schema_id


def self_serve_flow(aep: Aep, schema_id: str, dataset_id: str) -> str:
    """A flow of a source kind the package does not declare."""
    source = {
        "name": "partner source",
        "providerId": "521eee4d-8cbe-4906-bb48-fb6bd4450033",
        "connectionSpec": {"id": SELF_SERVE_SPEC, "version": "1.0"},
        "data": {"format": "json"},
    }
    source_id = ok(aep.post(f"{FS}/sourceConnections", source), 201)["id"]
    flow = {
        "name": "partner flow",
        "flowSpec": {"id": SDK_FLOW_SPEC, "version": "1.0"},
        "sourceConnectionIds": [source_id],
        "targetConnectionIds": [create_target(aep, schema_id, dataset_id)],
    }
    return str(ok(aep.post(f"{FS}/flows", flow), 201)["id"])


def cli(*args: str, env: dict[str, str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [CLI, *args], env={**env, "COLUMNS": "200"}, cwd=cwd, capture_output=True, text=True, timeout=300
    )
    if check and done.returncode != 0:
        raise AssertionError(
            f"aep-streaming {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done


class HandMade(NamedTuple):
    """A sandbox built by hand through the API: two streaming chains and a schema with custom fields."""

    url: str
    aep: Aep
    sdk: Chain
    http: Chain
    loyalty_schema: str

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, **aep_env(self.url)}


@pytest.fixture
def hand_made(workdir: Path) -> Iterator[HandMade]:
    emulator = EmulatorProcess(workdir / "emulator").start()
    try:
        aep = Aep(emulator.url)
        yield HandMade(emulator.url, aep, streaming_sdk(aep), http_api(aep), with_custom_fields(aep))
    finally:
        emulator.stop()


def test_an_exported_sandbox_is_adopted_without_a_write_and_then_managed(
    pulumi_bin: str, workdir: Path, hand_made: HandMade
) -> None:
    url, aep, sdk, http, loyalty_schema = hand_made
    env = hand_made.env
    partner = self_serve_flow(aep, sdk.schema_id, sdk.dataset_id)
    loyalty_version = schema_version(aep, loyalty_schema)

    exported = workdir / "export-out" / "exported"
    cli("export", "--out", str(exported), env=env, cwd=workdir)
    program = (exported / "__main__.py").read_text()
    assert f"# - flow 'partner flow' ({partner}):" in program  # listed, not dropped
    # Written relative to the tenant: the program serves any org, and adopts this one's as it is.
    assert 'SchemaField(path="_tenant.loyaltyTier", title="Loyalty tier")' in program
    assert "pulumi config set aep:sandboxName prod" in (exported / "README.md").read_text()
    again = cli("export", "--out", str(exported), env=env, cwd=workdir, check=False)
    assert again.returncode == 2 and "already exist" in again.stderr

    project = PulumiProject("exported", workdir, pulumi_bin, source=exported)
    project.init("prod", aep_config(url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
    before = stats(url)
    up = project.up("prod")
    assert writes(url, before) == {}, up  # adopted as AEP holds it: reads only
    assert "updated" not in up and "replaced" not in up, up
    project.preview("prod", "--expect-no-changes")

    outputs = project.outputs("prod")
    assert outputs["webhook_flow_id"] == sdk.flow_id and outputs["http_flow_id"] == http.flow_id
    # The day-two commands read the stack's outputs and aep:* config, as the provider does.
    project_env = {**project.env, "AEP_SANDBOX_NAME": "", "AEP_ENDPOINT": ""}
    status = cli("status", env=project_env, cwd=project.dir).stdout
    assert sdk.flow_id in status and http.flow_id in status and sdk.inlet_url in status, status
    records = workdir / "people.jsonl"
    records.write_text("".join(json.dumps({"firstName": f"P{i}", "lastName": "Q"}) + "\n" for i in range(250)))
    sent = cli("send", outputs["webhook_flow_inlet_url"], str(records), "--no-progress", env=env, cwd=workdir)
    assert "250 accepted, 0 rejected, 0 not sent" in sent.stdout, sent.stdout
    runs = cli("runs", sdk.flow_id, env=env, cwd=workdir).stdout
    assert "250" in runs and "success" in runs, runs

    # A change in the exported program updates the adopted entities in place.
    edited = (project.dir / "__main__.py").read_text()
    edited = edited.replace('name="Webhook people",', 'name="Webhook people",\n        description="now in code",', 1)
    edited = edited.replace(
        'FieldMapping(source="email", destination="personalEmail.address"),',
        'FieldMapping(source="email", destination="personalEmail.address"),\n'
        '            FieldMapping(source="phone", destination="mobilePhone.number"),',
        1,
    )
    (project.dir / "__main__.py").write_text(edited)
    before = stats(url)
    project.up("prod")
    changed = writes(url, before)
    assert set(changed) == {
        "PATCH /data/foundation/catalog/dataSets/{id}",
        "PUT /data/foundation/conversion/mappingSets/{id}",
        "PATCH /data/foundation/flowservice/flows/{id}",
    }, changed
    dataset = aep.get(f"/data/foundation/catalog/dataSets/{sdk.dataset_id}").json()[sdk.dataset_id]
    # An adopted entity this stack updates is the stack's from then on: it names its owner.
    text, owner = split(dataset["description"])
    assert text == "now in code" and owner is not None and owner.split("/")[1] == "prod", dataset["description"]
    flow: dict[str, Any] = aep.get(f"{FS}/flows/{sdk.flow_id}").json()["items"][0]
    assert flow["transformations"][0]["params"]["mappingVersion"] == 1
    assert schema_version(aep, loyalty_schema) == loyalty_version  # its custom fields, as they were


def schema_version(aep: Aep, schema_id: str) -> str:
    headers = {"Accept": "application/vnd.adobe.xed+json; version=1"}
    return str(aep.get(f"{SR}/tenant/schemas/{quote(schema_id, safe='')}", headers=headers).json()["version"])


def test_a_profile_sandbox_is_exported_with_its_identities_and_merge_policies(pulumi_bin: str, workdir: Path) -> None:
    """A Profile set-up made through the API is exported (a custom namespace named by the identity that
    uses it, the schema's identities and Profile switch, the dataset's, every merge policy) and adopted
    by `pulumi up` without a write."""
    emulator = EmulatorProcess(workdir / "emulator").start()
    try:
        url = emulator.url
        aep = Aep(url)
        loyalty = ok(aep.post(NAMESPACES, {"name": "Loyalty", "code": "Loyalty", "idType": "CROSS_DEVICE"}), 200)
        chain = profile_chain(aep)
        ok(aep.post(DESCRIPTORS, identity(chain.schema_id, "/personID", "Loyalty")), 201)
        policy = {
            "name": "Stitched",
            "schema": {"name": "_xdm.context.profile"},
            "identityGraph": {"type": "pdg"},
            "attributeMerge": {"type": "timestampOrdered"},
            "default": True,
        }
        made = ok(aep.post("/data/core/ups/config/mergePolicies", policy), 200)
        env = {**os.environ, **aep_env(url)}

        exported = workdir / "export-out" / "profile"
        cli("export", "--out", str(exported), env=env, cwd=workdir)
        program = (exported / "__main__.py").read_text()
        assert 'Identity(path="personalEmail.address", namespace="Email", primary=True)' in program, program
        assert 'Identity(path="personID", namespace=loyalty_namespace.code)' in program, program
        assert program.index("loyalty_namespace = IdentityNamespace(") < program.index("Identity(path=")
        assert f'adopt_id="{loyalty["id"]}"' in program and "profile_enabled=True" in program
        assert "identity_enabled=True" in program and f'adopt_id="{made["id"]}"' in program
        assert program.count("MergePolicy(") == 2  # the sandbox's default and the one made here

        project = PulumiProject("exported", workdir, pulumi_bin, source=exported)
        project.init("prod", aep_config(url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
        before = stats(url)
        up = project.up("prod")
        assert writes(url, before) == {}, up
        project.preview("prod", "--expect-no-changes")
    finally:
        emulator.stop()


def test_an_import_file_brings_a_sandbox_into_state_with_no_adopt_id_and_no_write(
    pulumi_bin: str, workdir: Path, hand_made: HandMade
) -> None:
    """`export --import-file`, then Pulumi's own `pulumi import --file`: the entities enter the stack's
    state as AEP holds them, the program has no adopt_id, AEP receives no write, and the first
    preview finds nothing to change; the stack then manages them (a refresh, a destroy)."""
    url, aep, sdk, http, loyalty_schema = hand_made
    env = hand_made.env
    exported = workdir / "export-out" / "imported"
    cli("export", "--out", str(exported), "--import-file", "import.json", env=env, cwd=workdir)
    program = (exported / "__main__.py").read_text()
    assert "adopt_id=" not in program, program
    assert "pulumi import --file import.json" in (exported / "README.md").read_text()
    spec = json.loads((exported / "import.json").read_text())["resources"]
    assert {r["id"] for r in spec} >= {sdk.flow_id, http.flow_id, sdk.dataset_id, loyalty_schema}
    assert all(r["type"].startswith("pulumi-python:dynamic/aep:") and r["outputs"] for r in spec)

    project = PulumiProject("imported", workdir, pulumi_bin, source=exported)
    project.init("prod", aep_config(url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
    log_start = len(httpx.get(f"{url}/_emulator/requests").json())
    imported = project.run(
        "import", "--file", "import.json", "--generate-code=false", "--protect=false", "--yes", stack="prod"
    )
    assert f"{len(spec)} imported" in imported.stdout or "imported" in imported.stdout, imported.stdout
    project.preview("prod", "--expect-no-changes")
    # An import file records no dependencies: one `up` of the program records them (so that destroy
    # deletes in order) and changes nothing.
    project.run("up", "--yes", "--expect-no-changes", stack="prod")
    sent = httpx.get(f"{url}/_emulator/requests").json()[log_start:]
    assert [r for r in sent if r["method"] != "GET" and not r["path"].startswith("/ims/")] == []

    state = json.loads(project.export("prod"))
    resources = [r for r in state["deployment"]["resources"] if r["type"].startswith("pulumi-python")]
    assert len(resources) == len(spec)
    flows = [r for r in resources if r["type"].endswith(":Dataflow")]
    assert flows and all(len(r.get("dependencies") or []) >= 2 for r in flows)  # recorded by the up
    project.run("refresh", "--yes", "--expect-no-changes", stack="prod")
    project.run("destroy", "--yes", stack="prod")
    assert aep.get(f"{FS}/flows/{sdk.flow_id}").status_code == 404
