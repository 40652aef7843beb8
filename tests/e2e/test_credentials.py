"""Rotating the client secret: what the engine does, and the commands docs/configuration.md gives for it.

The engine keeps the default provider's configuration (the whole stack config, secrets encrypted)
in the state. `pulumi refresh` and `pulumi destroy` configure the provider from there, so after a
rotation they present the old secret; `--run-program` (or a `pulumi up` first) makes them use the
current config.
"""

from __future__ import annotations

from pathlib import Path

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import settings_for
from tests.e2e.project import PulumiProject
from tests.e2e.test_lifecycle import aep_config, entity_counts
from tests.support import CLIENT_SECRET, EmulatorProcess

NEW_SECRET = "rotated-secret-4f1c"


def test_after_a_secret_rotation_refresh_and_destroy_work_with_run_program(
    pulumi_bin: str, workdir: Path, tmp_path: Path
) -> None:
    emulator = EmulatorProcess(tmp_path / "aep").start()
    port = emulator.url.rsplit(":", 1)[-1]
    project = PulumiProject("streaming-source", workdir, pulumi_bin)
    project.init("rotate", aep_config(emulator.url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
    project.up("rotate")
    # the credential is rotated: AEP now accepts only the new secret, and the stack config holds it
    emulator.stop()
    emulator = EmulatorProcess(tmp_path / "aep", "--client-secret", NEW_SECRET, "--port", port).start()
    try:
        project.run("config", "set", "--secret", "aep:clientSecret", NEW_SECRET, stack="rotate")

        stale = project.run("refresh", "--yes", stack="rotate", check=False)
        assert stale.returncode != 0
        assert "invalid_client" in stale.stdout and "--run-program" in stale.stdout, stale.stdout
        assert CLIENT_SECRET not in stale.stdout and NEW_SECRET not in stale.stdout

        project.run("refresh", "--yes", "--run-program", stack="rotate")
        project.preview("rotate", "--expect-no-changes")

        # a mistyped new secret, while the old one still works: preview and up report it
        project.run("config", "set", "--secret", "aep:clientSecret", "mistyped", stack="rotate")
        for command in (["preview"], ["up", "--yes", "--refresh"], ["up", "--yes", "--skip-preview", "--refresh"]):
            wrong = project.run(*command, stack="rotate", check=False)
            assert wrong.returncode != 0 and "check aep:clientSecret" in wrong.stdout, (command, wrong.stdout)
            assert "mistyped" not in wrong.stdout
        wrong = project.run("up", "--yes", "--skip-preview", "--refresh", "--run-program", stack="rotate", check=False)
        assert wrong.returncode != 0 and "invalid_client" in wrong.stdout, wrong.stdout
        project.run("config", "set", "--secret", "aep:clientSecret", NEW_SECRET, stack="rotate")

        project.run("destroy", "--yes", "--run-program", stack="rotate")
        with AepClient(settings_for(emulator.url, client_secret=NEW_SECRET)) as aep:
            assert entity_counts(aep) == dict.fromkeys(entity_counts(aep), 0)
    finally:
        emulator.stop()
