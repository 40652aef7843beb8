from __future__ import annotations

from collections.abc import Iterator

import httpx
import pulumi
import pytest
from pulumi.runtime import settings

from tests.program.mocks import DynamicAwareMocks
from tests.provider.conftest import stack_config
from tests.support import EmulatorProcess


@pytest.fixture
def mocks(emulator: EmulatorProcess) -> Iterator[DynamicAwareMocks]:
    httpx.post(f"{emulator.url}/_emulator/reset").raise_for_status()
    old = settings.SETTINGS
    m = DynamicAwareMocks(stack_config(emulator.url))
    pulumi.runtime.set_mocks(m, project="proj", stack="test", preview=False)
    yield m
    settings.configure(old)
