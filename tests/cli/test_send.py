"""`aep-streaming send` against the emulator: files in every format, every record accounted for,
throttling honoured, a failure that would repeat stops the run and says what was not sent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from pulumi_aep_streaming.cli import app
from tests.client.conftest import add_fault, stats
from tests.emulator.tutorial import http_api, streaming_sdk
from tests.support import Aep

BATCH_ROUTE = "POST /collection/batch/{inlet_id}"


def rows(aep: Aep, dataset_id: str) -> list[dict[str, Any]]:
    return aep.rows(dataset_id)


def people(n: int, start: int = 0) -> list[dict[str, str]]:
    return [{"firstName": f"P{i}", "lastName": "Q", "email": f"p{i}@example.com"} for i in range(start, start + n)]


def jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_json_lines_a_json_array_csv_and_stdin_all_arrive(runner: CliRunner, aep: Aep, tmp_path: Path) -> None:
    chain = streaming_sdk(aep)
    lines = jsonl(tmp_path / "a.jsonl", people(250))
    array = tmp_path / "b.json"
    array.write_text(json.dumps(people(30, 250)))
    table = tmp_path / "c.csv"
    table.write_text('firstName,lastName,email\nAda,"Love, lace",ada@example.com\nGrace,Hopper,\n')
    result = runner.invoke(
        app,
        ["send", chain.inlet_url, str(lines), str(array), str(table), "-", "--batch-size", "40"],
        input=json.dumps({"firstName": "Stdin", "lastName": "In"}) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "283 accepted, 0 rejected, 0 not sent" in result.stdout
    assert not (tmp_path / "rejects.jsonl").exists()
    names = {r["person"]["name"]["firstName"]: r for r in rows(aep, chain.dataset_id)}
    assert len(names) == 283
    assert names["Ada"]["person"]["name"]["lastName"] == "Love, lace"  # quoted comma kept
    assert "personalEmail" not in names["Grace"]  # an empty CSV cell is a missing value
    assert stats(aep.url)["requests"][BATCH_ROUTE] == 8  # batches of 40 run on across the inputs


def test_bad_lines_and_refused_messages_go_to_the_rejects_file_and_the_rest_arrive(
    runner: CliRunner, aep: Aep, tmp_path: Path
) -> None:
    chain = streaming_sdk(aep)
    source = tmp_path / "mixed.jsonl"
    good = people(5)
    source.write_text(
        "\n".join(
            [
                json.dumps(good[0]),
                '{"firstName": "broken',  # line 2
                json.dumps(good[1]),
                "[1, 2]",  # line 4
                json.dumps({"header": {"flowId": "no-such-flow"}, "body": good[2]}),  # line 5: refused by DCS
                json.dumps(good[3]),
                "",
                json.dumps(good[4]),
            ]
        )
        + "\n"
    )
    rejects = tmp_path / "out" / "rejected.jsonl"
    rejects.parent.mkdir()
    result = runner.invoke(app, ["send", chain.inlet_url, str(source), "--rejects", str(rejects)])
    assert result.exit_code == 1, result.output
    assert "4 accepted, 3 rejected, 0 not sent" in result.stdout
    assert f"{source}:2: not JSON" in result.stdout and f"{source}:4: a record must be a JSON object" in result.stdout
    written = [json.loads(line) for line in rejects.read_text().splitlines()]
    by_origin = {r["origin"]: r for r in written}
    assert set(by_origin) == {f"{source}:2", f"{source}:4", f"{source}:5"}
    assert by_origin[f"{source}:2"]["raw"] == '{"firstName": "broken'
    refused = by_origin[f"{source}:5"]
    assert refused["status"] == 400 and "no-such-flow" in refused["reason"]
    assert refused["record"]["body"] == good[2]  # whole, so it can be sent again
    assert len(rows(aep, chain.dataset_id)) == 4


def test_a_csv_without_a_header_row_is_refused_before_anything_is_sent(
    runner: CliRunner, aep: Aep, tmp_path: Path
) -> None:
    chain = streaming_sdk(aep)
    first = jsonl(tmp_path / "first.jsonl", people(3))
    headless = tmp_path / "people.csv"
    headless.write_text("Ada,Lovelace,ada@example.com\nGrace,Hopper,grace@example.com\n")
    result = runner.invoke(app, ["send", chain.inlet_url, str(first), str(headless)])
    assert result.exit_code == 2
    assert f"{headless}:1: a CSV needs a header row" in result.output and "nothing was sent" in result.output
    assert BATCH_ROUTE not in stats(aep.url)["requests"]
    assert rows(aep, chain.dataset_id) == []


def test_throttling_is_waited_out_and_nothing_is_sent_twice(runner: CliRunner, aep: Aep, tmp_path: Path) -> None:
    chain = streaming_sdk(aep)
    add_fault(aep.url, kind="status", status=429, retry_after=0.2, path="/collection/batch/*", count=2)
    add_fault(aep.url, kind="status", status=503, retry_after=0.1, path="/collection/batch/*", count=1, after=3)
    source = jsonl(tmp_path / "p.jsonl", people(500))
    result = runner.invoke(app, ["send", chain.inlet_url, str(source), "--concurrency", "2"])
    assert result.exit_code == 0, result.output
    assert "500 accepted, 0 rejected" in result.stdout
    assert stats(aep.url)["requests"][BATCH_ROUTE] == 5 + 3  # 5 batches, 3 of them refused once
    assert len(rows(aep, chain.dataset_id)) == 500


def test_an_unknown_inlet_stops_the_run_and_every_record_is_reported(
    runner: CliRunner, aep: Aep, tmp_path: Path
) -> None:
    streaming_sdk(aep)
    source = jsonl(tmp_path / "p.jsonl", people(1000))
    url = f"{aep.url}/collection/{'0' * 64}"
    result = runner.invoke(app, ["send", url, str(source), "--concurrency", "1"])
    assert result.exit_code == 1
    assert "0 accepted" in result.stdout and "stopped:" in result.stdout
    written = (tmp_path / "rejects.jsonl").read_text().splitlines()
    assert len(written) == 1000  # refused or not sent: each one named
    assert stats(aep.url)["requests"][BATCH_ROUTE] < 10  # it stopped instead of trying all 10 batches


def test_single_requests_and_an_authenticated_inlet(runner: CliRunner, aep: Aep, tmp_path: Path) -> None:
    chain = http_api(aep, data_type="raw", auth=True)
    source = jsonl(tmp_path / "p.jsonl", people(3))
    refused = runner.invoke(app, ["send", chain.inlet_url, str(source), "--single", "--concurrency", "1"])
    assert refused.exit_code == 1 and "401" in refused.stdout and "stopped" in refused.stdout
    result = runner.invoke(
        app, ["send", chain.inlet_url, str(source), "--single", "--auth", "--record", '{"firstName": "R"}']
    )
    assert result.exit_code == 0, result.output
    assert "4 accepted" in result.stdout
    assert stats(aep.url)["requests"]["POST /collection/{inlet_id}"] == 1 + 4  # the first stopped at once
    assert len(rows(aep, chain.dataset_id)) == 4


def test_auth_without_credentials_names_what_is_missing(
    runner: CliRunner, aep: Aep, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AEP_CLIENT_SECRET")
    result = runner.invoke(app, ["send", f"{aep.url}/collection/x", "--record", "{}", "--auth"])
    assert result.exit_code == 2 and "AEP_CLIENT_SECRET" in result.output
    assert httpx.get(f"{aep.url}/_emulator/stats").json()["total"] == 0
