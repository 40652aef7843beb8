"""examples/profile-streaming on the real CLI: records in, one stitched profile out.

`pulumi up` of the example; two records of one person (two emails, one loyalty id) through the
inlet; `aep-streaming profile get` shows one profile with every identity, the later attribute
winning and the dataset in its sources; a no-change preview is clean; turning Profile off fails the
preview with the one-way rule and writes nothing; destroy removes what AEP can delete and names
what it keeps.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import settings_for
from tests.e2e.project import PulumiProject
from tests.e2e.test_export import cli
from tests.e2e.test_lifecycle import aep_config
from tests.support import CLIENT_SECRET, EmulatorProcess

STACK = "dev"


def holdings(aep: AepClient) -> dict[str, object]:
    """What the stack can change in AEP, as ids (the seeded merge policy included)."""
    registry = aep.schema_registry
    return {
        "schemas": sorted(s.id for s in registry.schemas.list()),
        "descriptors": sorted(d.id for s in registry.schemas.list() for d in registry.descriptors.of_schema(s.id)),
        "datasets": sorted(d.id for d in aep.catalog.datasets.list()),
        "flows": sorted(f.id for f in aep.flow_service.flows.list()),
        "policies": sorted((p.id, p.default) for p in aep.profile.merge_policies()),
        "namespaces": sorted(n.code for n in aep.identity.namespaces() if n.custom),
    }


def test_records_become_one_stitched_profile_through_a_stack(
    pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path
) -> None:
    project = PulumiProject("profile-streaming", workdir, pulumi_bin)
    project.init(STACK, aep_config(own_emulator.url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
    aep = AepClient(settings_for(own_emulator.url))

    project.up(STACK)
    out = project.outputs(STACK)
    assert out["profile_lookup"] == "aep-streaming profile get --ns Email --id <personalEmail.address>"
    schema = aep.schema_registry.schemas.get(out["schema_id"])
    assert schema.profile_enabled
    assert {d.namespace: d.is_primary for d in aep.schema_registry.descriptors.of_schema(out["schema_id"])} == {
        "Email": True,
        "Loyalty": False,
    }
    assert aep.catalog.datasets.get(out["dataset_id"]).tags["unifiedProfile"] == ["enabled:true"]
    assert aep.profile.merge_policy(out["merge_policy_id"]).default

    for record in (
        {"email": "ada@byron.example", "memberId": "L-1815", "firstName": "Ada", "lastName": "Byron"},
        {"email": "ada@lovelace.example", "memberId": "L-1815", "lastName": "Lovelace"},
    ):
        httpx.post(out["inlet_url"], json=record).raise_for_status()
    shown = cli(
        "profile", "get", "--ns", "Email", "--id", "ada@byron.example", "--json", env=project.env, cwd=project.dir
    )
    profile = json.loads(shown.stdout)
    assert profile["entity"]["person"]["name"] == {"firstName": "Ada", "lastName": "Lovelace"}
    identity_map = profile["entity"]["identityMap"]
    assert sorted(i["id"] for i in identity_map["Email"]) == ["ada@byron.example", "ada@lovelace.example"]
    assert identity_map["Loyalty"] == [{"id": "L-1815"}]
    assert profile["sources"] == [out["dataset_id"]] and profile["mergePolicy"]["id"] == out["merge_policy_id"]
    table = cli("profile", "get", "--ns", "Loyalty", "--id", "L-1815", env=project.env, cwd=project.dir).stdout
    assert "Loyalty: L-1815" in table and out["dataset_id"] in table

    project.preview(STACK, "--expect-no-changes")

    before = holdings(aep)
    project.run("config", "set", "profile:profileEnabled", "false", stack=STACK)
    failed = project.preview(STACK, check=False)
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0 and "profile_enabled cannot be turned off" in output, output
    assert "Traceback" not in output
    assert holdings(aep) == before  # the failed preview wrote nothing
    project.run("config", "rm", "profile:profileEnabled", stack=STACK)

    destroyed = project.run("destroy", "--yes", stack=STACK).stdout
    assert "identity namespace Loyalty stays in AEP" in destroyed and "mapping set" in destroyed, destroyed
    left = holdings(aep)
    assert left["schemas"] == [] and left["descriptors"] == [] and left["datasets"] == [] and left["flows"] == []
    assert [p for p, _ in left["policies"]] == [p for p, _ in before["policies"] if p != out["merge_policy_id"]]
    assert left["namespaces"] == ["Loyalty"]
