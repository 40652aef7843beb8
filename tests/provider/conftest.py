from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pulumi_aep_streaming.client import AepClient
from tests.client.conftest import settings_for
from tests.provider.harness import DynamicServer
from tests.support import EmulatorProcess, aep_stack_config


def stack_config(url: str, sandbox: str = "prod") -> dict[str, str]:
    return aep_stack_config(url, sandbox)


@pytest.fixture(scope="module")
def server(emulator: EmulatorProcess) -> Iterator[DynamicServer]:
    s = DynamicServer(stack_config(emulator.url))
    yield s
    s.close()


@pytest.fixture
def aep(emulator: EmulatorProcess) -> Iterator[AepClient]:
    """A client on a freshly reset emulator, for arranging and inspecting what the provider did."""
    httpx.post(f"{emulator.url}/_emulator/reset").raise_for_status()
    with AepClient(settings_for(emulator.url)) as client:
        yield client
