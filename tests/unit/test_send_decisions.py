"""The sender's decisions without a network: how records are grouped, how the rate cap spaces
them, and how a failed request is accounted for."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_mock import MockerFixture

from pulumi_aep_streaming.cli.send.records import Record, RecordFileError, Source
from pulumi_aep_streaming.cli.send.sender import MAX_REQUEST_BYTES, RateLimit, RejectsFile, Sender, batches
from pulumi_aep_streaming.client._errors import AepNotFoundError, AepTransportError


def records(n: int, size: int = 10) -> list[Record]:
    return [Record(f"f:{i}", {"v": "x" * size}) for i in range(n)]


def test_batches_hold_at_most_the_size_and_stay_under_one_megabyte() -> None:
    unreadable: list[Record] = []
    groups = list(batches(records(25), 10, unreadable.append))
    assert [len(g.records) for g in groups] == [10, 10, 5]
    big = records(5, size=300_000)  # about 0.3 MB each: three fit in a body, four do not
    groups = list(batches(big, 100, unreadable.append))
    assert [len(g.records) for g in groups] == [3, 2] and not unreadable


def test_a_record_too_large_for_any_request_is_rejected_not_sent() -> None:
    unreadable: list[Record] = []
    huge = Record("f:1", {"v": "x" * MAX_REQUEST_BYTES})
    groups = list(batches([huge, *records(2)], 100, unreadable.append))
    assert [len(g.records) for g in groups] == [2]
    assert unreadable[0].origin == "f:1" and "1 MB" in (unreadable[0].problem or "")


def test_the_rate_cap_spaces_requests_evenly() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limit = RateLimit(100, clock=lambda: now[0])
    for _ in range(3):
        limit.wait(50, sleep)  # 50 records at 100/s: the next may go 0.5 s later
    assert slept == [0.5, 0.5]
    RateLimit(None, clock=lambda: now[0]).wait(10**6, sleep)
    assert len(slept) == 2


def test_a_lost_answer_is_reported_as_maybe_ingested_and_does_not_stop_the_run(
    mocker: MockerFixture, tmp_path: Path
) -> None:
    inlet = mocker.Mock()
    lost = AepTransportError("POST /collection/batch/x: ReadTimeout", outcome_unknown=True)
    inlet.send_encoded_batch.side_effect = [lost, mocker.Mock(responses=[{"xactionId": "1"}, {"xactionId": "2"}])]
    rejects = RejectsFile(tmp_path / "r.jsonl")
    summary = Sender(inlet, "u", rejects, batch_size=2, concurrency=1).run(records(4))
    rejects.close()
    assert (summary.accepted, summary.rejected, summary.not_sent, summary.stopped) == (2, 2, 0, None)
    assert "may or may not have been ingested" in (tmp_path / "r.jsonl").read_text()


def test_a_failure_every_request_would_meet_stops_the_run(mocker: MockerFixture, tmp_path: Path) -> None:
    inlet = mocker.Mock()
    inlet.send_encoded_batch.side_effect = AepNotFoundError(status=404, method="POST", path="/collection/batch/x")
    rejects = RejectsFile(tmp_path / "r.jsonl")
    summary = Sender(inlet, "u", rejects, batch_size=2, concurrency=1).run(records(6))
    rejects.close()
    assert inlet.send_encoded_batch.call_count == 1
    assert (summary.rejected, summary.not_sent) == (2, 4) and summary.stopped
    assert len((tmp_path / "r.jsonl").read_text().splitlines()) == 6


def test_a_files_survey_counts_its_lines_in_chunks_and_checks_a_csv_header(tmp_path: Path) -> None:
    lines = tmp_path / "a.jsonl"
    lines.write_bytes(b'{"a": 1}\n{"a": 2}\n{"a": 3}')  # no newline after the last
    assert Source(str(lines)).survey() == 3
    table = tmp_path / "b.csv"
    table.write_text("firstName,person.lastName\nAda,Lovelace\nGrace,Hopper\n")
    assert Source(str(table)).survey() == 2
    headless = tmp_path / "c.csv"
    headless.write_text("Ada,Lovelace,ada@example.com\n")
    with pytest.raises(RecordFileError, match=r"c\.csv:1: a CSV needs a header row.*'ada@example.com'"):
        Source(str(headless)).survey()
    assert Source("-").survey() is None
