from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.project import ROOT
from tests.support import EmulatorProcess, S3Server


@pytest.fixture(scope="session")
def pulumi_bin() -> str:
    """The directory holding a pulumi CLI of the pinned version (built and cached if needed).

    This tier must run on every CI run: without a CLI it fails, it does not skip.
    """
    result = subprocess.run(
        [str(ROOT / "scripts" / "install-pulumi-cli")], capture_output=True, text=True, timeout=3000
    )
    if result.returncode != 0:
        pytest.fail(f"scripts/install-pulumi-cli failed:\n{result.stderr[-4000:]}")
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def e2e_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    proc = EmulatorProcess(tmp_path_factory.mktemp("e2e-emulator")).start()
    yield proc
    proc.stop()


@pytest.fixture
def own_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    """An emulator of the test's own: every entity in it is the test's."""
    proc = EmulatorProcess(tmp_path_factory.mktemp("own-emulator")).start()
    yield proc
    proc.stop()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def s3() -> Iterator[S3Server]:
    """moto's S3 server with an empty bucket: a shared s3:// state backend."""
    server = S3Server().start()
    yield server
    server.stop()
