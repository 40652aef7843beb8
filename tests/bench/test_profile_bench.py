"""The Profile bench's parts at a small scale: they measure what they say (no timing asserts)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import profile_bench as pb


def test_both_sides_of_the_lookup_bench_find_every_person(tmp_path: Path) -> None:
    sb, db = pb.build_store(tmp_path, 200), pb.build_bare(tmp_path, 200)
    people = list(range(100))
    assert pb.ours(sb, people) > 0 and pb.bare(db, people) > 0  # each raises if a person is missing
    assert db.execute("SELECT COUNT(*) FROM rows").fetchone()[0] == 200
    found = pb.entities.profile(
        sb, pb.Identity("Email", "p7@example.com"), pb.merge_policies.for_lookup(sb, None), None
    )
    assert found is not None and len(found["tags"]) == 2 and found["entity"]["person"]["name"]["firstName"] == "First1"


def test_the_inlet_bench_posts_through_both_inlets_in_either_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pb.inlet(argparse.Namespace(reps=1, batches=1), tmp_path, "random")  # raises if a batch is refused
    out = capsys.readouterr().out
    assert "people in random order" in out and "into a Profile dataset" in out
