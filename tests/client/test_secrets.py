"""Neither the client secret nor an access token appears in reprs, error text or logs."""

from __future__ import annotations

import logging

import httpx
import pytest

from pulumi_aep_streaming.client import AepClient, AepError, RetryPolicy
from tests.client.conftest import add_fault, settings_for
from tests.emulator.tutorial import FS
from tests.support import CLIENT_SECRET, EmulatorProcess


def test_no_secret_or_token_in_reprs_errors_or_logs(
    emulator: EmulatorProcess, caplog: pytest.LogCaptureFixture
) -> None:
    httpx.post(f"{emulator.url}/_emulator/reset")
    caplog.set_level(logging.DEBUG)  # every logger, including httpx and httpcore
    texts: list[str] = []
    with AepClient(settings_for(emulator.url), retry=RetryPolicy(base_delay=0.01)) as client:
        client.flow_service.flows.count()
        token = client.transport.tokens.token()
        add_fault(emulator.url, kind="status", status=503, method="GET", path=f"{FS}/flows", count=2)
        client.flow_service.flows.count()  # retried, logged
        for failing in (
            lambda: client.flow_service.flows.get("missing"),
            lambda: client.flow_service.flows.patch("missing", [], "etag"),
        ):
            with pytest.raises(AepError) as err:
                failing()
            texts += [str(err.value), repr(err.value), repr(err.value.__dict__)]
        texts += [
            repr(client),
            str(client),
            repr(client.settings),
            str(client.settings),
            repr(client.transport),
            repr(client.transport.tokens),
            repr(client.settings.model_dump()),
        ]
    with AepClient(settings_for(emulator.url, client_secret=CLIENT_SECRET + "-wrong")) as bad:
        with pytest.raises(AepError) as err:
            bad.flow_service.flows.count()
        texts += [str(err.value), repr(err.value), repr(err.value.__dict__), repr(bad.settings)]
    texts += [r.getMessage() for r in caplog.records] + [caplog.text]
    assert any("retrying" in t for t in texts), "the retry was logged"
    for text in texts:
        assert CLIENT_SECRET not in text
        assert token not in text
