from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pulumi_aep_streaming.client import AepClient, AepSettings, RetryPolicy
from tests.support import EmulatorProcess, aep_settings


def settings_for(url: str, sandbox: str = "prod", **kw: str) -> AepSettings:
    return AepSettings.from_values({**aep_settings(url, sandbox), **kw})


def stats(url: str) -> dict:
    return httpx.get(f"{url}/_emulator/stats").json()


def add_fault(url: str, **rule: object) -> None:
    httpx.post(f"{url}/_emulator/faults", json=rule).raise_for_status()


@pytest.fixture
def client(emulator: EmulatorProcess) -> Iterator[AepClient]:
    """A fresh client (fast retries) against a freshly reset emulator."""
    httpx.post(f"{emulator.url}/_emulator/reset").raise_for_status()
    with AepClient(settings_for(emulator.url), retry=RetryPolicy(base_delay=0.01, max_delay=0.1, deadline=20)) as c:
        yield c
