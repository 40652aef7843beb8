from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import httpx
import pulumi
import pytest
from pulumi.runtime import settings

from tests.program.mocks import DynamicAwareMocks
from tests.provider.conftest import stack_config
from tests.support import EmulatorProcess

# test_cross_provider.py needs a cloud provider's SDK (pulumi-aws). Only scripts/test-oldest-sdk's venv
# has it (and runs it on every CI run): in the venv the e2e programs use, Pulumi's language host would
# list the aws plugin as required by every program.
collect_ignore = [] if importlib.util.find_spec("pulumi_aws") else ["test_cross_provider.py"]


@pytest.fixture
def mocks(emulator: EmulatorProcess) -> Iterator[DynamicAwareMocks]:
    httpx.post(f"{emulator.url}/_emulator/reset").raise_for_status()
    old = settings.SETTINGS
    m = DynamicAwareMocks(stack_config(emulator.url))
    pulumi.runtime.set_mocks(m, project="proj", stack="test", preview=False)
    yield m
    settings.configure(old)
