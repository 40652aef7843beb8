"""The client's retry decisions in process: httpx's MockTransport answers, the sleep and the clock
are injected, so each decision (retry or not, how long to wait, when to give up) is pinned
without a server. tests/client/test_resilience.py proves the same against the real emulator."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from pytest_mock import MockerFixture

from pulumi_aep_streaming.client import AepDeadlineExceeded, AepServerError, AepSettings, AepTransportError, RetryPolicy
from pulumi_aep_streaming.client._transport import Transport

URL = "https://aep.test"


def transport(
    answers: list[httpx.Response], sleep: Callable[[float], None], clock: Callable[[], float] = lambda: 0.0
) -> tuple[Transport, list[httpx.Request]]:
    """A Transport whose API requests get ``answers`` in turn (IMS always grants a token)."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ims/token/v3":
            return httpx.Response(200, json={"access_token": "t", "token_type": "bearer", "expires_in": 86399})
        sent.append(request)
        return answers.pop(0)

    settings = AepSettings.from_values(
        {
            "endpoint": URL,
            "ims_endpoint": URL,
            "client_id": "c",
            "client_secret": "s",
            "org_id": "o@AdobeOrg",
            "sandbox_name": "prod",
        }
    )
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Transport(settings=settings, http=http, retry=RetryPolicy(deadline=60), sleep=sleep, clock=clock), sent


def test_a_get_is_retried_through_5xx_and_429_with_backoff(mocker: MockerFixture) -> None:
    sleep = mocker.Mock()
    t, sent = transport([httpx.Response(502), httpx.Response(429), httpx.Response(200, json={})], sleep)
    assert t.request("GET", "/x").status_code == 200
    assert len(sent) == 3 and sleep.call_count == 2


def test_retry_after_is_honoured(mocker: MockerFixture) -> None:
    sleep = mocker.Mock()
    t, _ = transport([httpx.Response(503, headers={"Retry-After": "7"}), httpx.Response(200, json={})], sleep)
    t.request("GET", "/x")
    (waited,), _ = sleep.call_args
    assert 7 <= waited <= 7 + RetryPolicy().base_delay


@pytest.mark.parametrize(("status", "sent_again"), [(503, True), (429, True), (502, False), (500, False)])
def test_a_create_is_repeated_only_when_aep_says_it_did_not_process_it(
    mocker: MockerFixture, status: int, sent_again: bool
) -> None:
    t, sent = transport([httpx.Response(status), httpx.Response(201, json={"id": "x"})], mocker.Mock())
    if sent_again:
        assert t.request("POST", "/x", json={}).status_code == 201 and len(sent) == 2
    else:
        with pytest.raises(AepServerError) as error:
            t.request("POST", "/x", json={})
        assert error.value.outcome_unknown and len(sent) == 1


def test_retries_stop_before_the_deadline(mocker: MockerFixture) -> None:
    now = [0.0]
    sleep = mocker.Mock(side_effect=lambda s: now.__setitem__(0, now[0] + s))
    t, sent = transport([httpx.Response(503, headers={"Retry-After": "25"}) for _ in range(5)], sleep, lambda: now[0])
    with pytest.raises(AepDeadlineExceeded, match="60s deadline"):
        t.request("GET", "/x")
    assert len(sent) == 3  # waited 25 s twice; a third wait would pass 60 s


def refusing(answered: list[str]) -> tuple[Transport, list[httpx.Request]]:
    """A Transport whose platform host refuses connections, once it has (or has not) answered."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ims/token/v3":
            return httpx.Response(200, json={"access_token": "t", "token_type": "bearer", "expires_in": 86399})
        sent.append(request)
        raise httpx.ConnectError("refused", request=request)

    t, _ = transport([], lambda _: None)
    t.http = httpx.Client(transport=httpx.MockTransport(handler))
    t.settings = t.settings.model_copy(update={"endpoint": "https://platform.test"})
    t.answered.update(answered)
    return t, sent


def test_a_host_that_never_answered_is_given_up_on_after_a_few_attempts() -> None:
    """A wrong endpoint, port or scheme is reported at once, not after the whole deadline."""
    t, sent = refusing([])
    with pytest.raises(AepTransportError, match="cannot connect") as caught:
        t.request("GET", "/x")
    assert len(sent) == RetryPolicy().first_contact_attempts and caught.value.setting == "endpoint"


def test_a_host_that_answered_before_is_retried_until_the_policy_ends() -> None:
    t, sent = refusing(["https://platform.test"])
    with pytest.raises(AepTransportError):
        t.request("GET", "/x")
    assert len(sent) == RetryPolicy().max_attempts
