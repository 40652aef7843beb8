"""An identity namespace on the real CLI: made, renamed in place, its code and type never changed
(the preview fails and writes nothing), and left in AEP by destroy, which says so."""

from __future__ import annotations

from pathlib import Path

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import settings_for
from tests.e2e.project import ROOT, PulumiProject
from tests.e2e.test_lifecycle import aep_config
from tests.support import CLIENT_SECRET, EmulatorProcess

STACK = "ns"


def test_an_identity_namespace_lives_through_a_stack(
    pulumi_bin: str, own_emulator: EmulatorProcess, workdir: Path
) -> None:
    project = PulumiProject("identity", workdir, pulumi_bin, ROOT / "tests/e2e/programs/identity")
    project.init(STACK, aep_config(own_emulator.url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
    aep = AepClient(settings_for(own_emulator.url))

    project.up(STACK)
    ns_id = int(project.run("stack", "output", "namespace_id", stack=STACK).stdout)
    made = aep.identity.namespace(ns_id)
    assert (made.code, made.id_type, made.name) == ("Loyalty", "CROSS_DEVICE", "Loyalty Member ID")
    assert "pulumi-owner: identity/ns/loyalty" in (made.description or "")
    project.preview(STACK, "--expect-no-changes")

    project.run("config", "set", "ns:name", "Loyalty ID", stack=STACK)
    project.up(STACK)
    assert aep.identity.namespace(ns_id).name == "Loyalty ID"

    before = aep.identity.namespaces()
    for key, value in (("ns:code", "Loyal"), ("ns:idType", "EMAIL")):
        project.run("config", "set", key, value, stack=STACK)
        failed = project.preview(STACK, check=False)
        output = failed.stdout + failed.stderr
        assert failed.returncode != 0 and "never changes" in output and "Traceback" not in output, output
        project.run("config", "rm", key, stack=STACK)
    assert aep.identity.namespaces() == before  # the failed previews wrote nothing
    project.run("config", "set", "ns:idType", "cross_device", stack=STACK)
    project.preview(STACK, "--expect-no-changes")  # the same type in another case is no change

    destroyed = project.run("destroy", "--yes", stack=STACK).stdout
    assert "stays in AEP" in destroyed, destroyed
    assert aep.identity.namespace(ns_id).name == "Loyalty ID"
