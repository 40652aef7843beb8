from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import Aep, EmulatorProcess


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    proc = EmulatorProcess(tmp_path_factory.mktemp("emulator")).start()
    yield proc
    proc.stop()


@pytest.fixture
def aep(emulator: EmulatorProcess) -> Iterator[Aep]:
    """A caller on a freshly reset emulator (sandbox prod)."""
    httpx.post(f"{emulator.url}/_emulator/reset").raise_for_status()
    caller = Aep(emulator.url)
    yield caller
    caller.http.close()


@pytest.fixture
def fresh_emulator(tmp_path: Path) -> Iterator[EmulatorProcess]:
    """An emulator of the test's own, for restarts and kills."""
    proc = EmulatorProcess(tmp_path / "data").start()
    yield proc
    if proc.proc and proc.proc.poll() is None:
        proc.stop()
