"""Two projects of one infra repo: examples/inlet-consumer reads the streaming source's inlet URL
through a StackReference and uses it in a resource of its own (file backend, real CLI)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.project import PulumiProject
from tests.e2e.test_lifecycle import aep_config, rows
from tests.support import CLIENT_SECRET, EmulatorProcess


def test_a_stack_reference_carries_the_inlet_url_into_another_projects_resource(
    pulumi_bin: str, e2e_emulator: EmulatorProcess, workdir: Path
) -> None:
    source = PulumiProject("streaming-source", workdir, pulumi_bin)
    source.init("dev", aep_config(e2e_emulator.url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
    consumer = PulumiProject("inlet-consumer", workdir, pulumi_bin)  # the same file backend
    consumer.init("dev", {"consumer:sourceStack": "organization/streaming-source/dev"}, {})
    try:
        source.up("dev")
        made = source.outputs("dev")
        consumer.up("dev")
        used = consumer.outputs("dev")
        assert used["inlet_url"] == made["inlet_url"] and used["deploy_check_xaction"]
        stored = rows(e2e_emulator.url, "prod", made["dataset_id"])
        assert {"person": {"name": {"firstName": "Deploy", "lastName": "Check"}}} in stored, stored
    finally:
        consumer.run("destroy", "--yes", stack="dev", check=False)
        source.run("destroy", "--yes", stack="dev", check=False)
