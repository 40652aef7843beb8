from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from tests.support import EmulatorProcess, aep_env


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, emulator: EmulatorProcess, tmp_path: object) -> Iterator[CliRunner]:
    """The real commands in this process, against the session's emulator over HTTP, with the
    AEP_* settings a user would export, and no Pulumi project around them."""
    for name, value in {**aep_env(emulator.url), "COLUMNS": "200"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(str(tmp_path))
    yield CliRunner()
