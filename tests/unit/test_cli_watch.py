"""`--watch` redraws until interrupted, and an interrupt ends it quietly (exit 0)."""

from __future__ import annotations

from pytest_mock import MockerFixture

from pulumi_aep_streaming.cli import commands


def test_watch_redraws_each_interval_until_interrupted(mocker: MockerFixture) -> None:
    sleeps = mocker.patch("time.sleep", side_effect=[None, None, KeyboardInterrupt])
    drawn: list[int] = []

    def render() -> str:
        drawn.append(len(drawn))
        return f"frame {len(drawn)}"

    commands._watch(render, 2.5)
    assert drawn == [0, 1, 2]  # the first frame, then one per interval that passed
    assert [c.args for c in sleeps.call_args_list] == [(2.5,), (2.5,), (2.5,)]
