"""A delete AEP refuses while another delete of the same process is in flight waits for it and is
sent once more (the engine deletes the entities of several `--replace` targets all at once)."""

from __future__ import annotations

import threading
import time

import pytest
from pytest_mock import MockerFixture

from pulumi_aep_streaming.client import AepBadRequestError, AepServerError
from pulumi_aep_streaming.provider import _base, _deletes
from pulumi_aep_streaming.provider._base import AepResourceError
from pulumi_aep_streaming.provider.connections import TargetConnectionProvider

IN_USE = AepBadRequestError(status=400, code="FLOW-1447", method="DELETE", path="/targetConnections/t")


@pytest.fixture(autouse=True)
def own_process(mocker: MockerFixture) -> _deletes.Deletes:
    deletes = _deletes.Deletes()
    mocker.patch.object(_base, "DELETES", deletes)
    mocker.patch.object(TargetConnectionProvider, "_client")
    return deletes


def test_a_refused_delete_waits_for_the_delete_in_flight_then_is_sent_again(
    mocker: MockerFixture, own_process: _deletes.Deletes
) -> None:
    flow_deleting = threading.Event()
    release = threading.Event()
    done_at: list[float] = []

    def flow_delete() -> None:
        with own_process.running():
            flow_deleting.set()
            release.wait(5)
            done_at.append(time.monotonic())

    sent_at: list[float] = []

    def send(*_: object) -> None:
        sent_at.append(time.monotonic())
        if len(sent_at) == 1:
            raise IN_USE

    target = TargetConnectionProvider()
    mocker.patch.object(target, "_delete", side_effect=send)
    flow = threading.Thread(target=flow_delete)
    flow.start()
    flow_deleting.wait(5)
    threading.Timer(0.2, release.set).start()
    target.delete("t", {})
    flow.join()
    assert len(sent_at) == 2 and sent_at[1] >= done_at[0]  # once more, after the flow's delete had ended


def test_a_refused_delete_with_nothing_else_in_flight_fails_at_once(mocker: MockerFixture) -> None:
    target = TargetConnectionProvider()
    sent = mocker.patch.object(target, "_delete", side_effect=IN_USE)
    with pytest.raises(AepResourceError, match="FLOW-1447"):
        target.delete("t", {})
    sent.assert_called_once()


def test_a_delete_that_fails_otherwise_is_not_sent_again(mocker: MockerFixture, own_process: _deletes.Deletes) -> None:
    target = TargetConnectionProvider()
    sent = mocker.patch.object(target, "_delete", side_effect=AepServerError(status=500, method="DELETE", path="/t"))
    with own_process.running(), pytest.raises(AepResourceError):
        target.delete("t", {})
    sent.assert_called_once()


def test_two_refused_deletes_never_wait_for_each_other(own_process: _deletes.Deletes) -> None:
    results: list[bool] = []

    def refused() -> None:
        with own_process.running() as ticket:
            time.sleep(0.1)  # both are in flight
            results.append(own_process.wait_for_others(ticket, timeout=30))

    started = time.monotonic()
    threads = [threading.Thread(target=refused) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert time.monotonic() - started < 10 and len(results) == 2


def test_a_delete_that_arrives_just_after_the_refusal_is_waited_for(
    mocker: MockerFixture, own_process: _deletes.Deletes
) -> None:
    """The engine's deletes of one wave arrive in any order: the flow's may come just after the
    refusal its own delete caused. (The settle time is widened: the decision is pinned, not the
    timing of a loaded machine's thread start.)"""
    mocker.patch.object(_deletes, "SETTLE_SECONDS", 5.0)
    sent_at: list[float] = []
    flow_done: list[float] = []

    def send(*_: object) -> None:
        sent_at.append(time.monotonic())
        if len(sent_at) == 1:
            threading.Thread(target=flow_delete).start()
            raise IN_USE

    def flow_delete() -> None:
        time.sleep(0.05)
        with own_process.running():
            time.sleep(0.2)
            flow_done.append(time.monotonic())

    target = TargetConnectionProvider()
    mocker.patch.object(target, "_delete", side_effect=send)
    target.delete("t", {})
    assert len(sent_at) == 2 and sent_at[1] >= flow_done[0]
