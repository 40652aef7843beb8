"""The bench's second reference: which calls hold an engine step, and how many steps run at once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from pulumi_up_bench import engine_parallelism, is_listing


@pytest.mark.parametrize(
    ("key", "listing"),
    [
        ("GET /data/foundation/flowservice/flows", True),
        ("GET /data/foundation/schemaregistry/tenant/schemas", True),
        ("GET /data/foundation/flowservice/flows/{id}", False),
        ("POST /data/foundation/flowservice/flows", False),
        ("DELETE /data/foundation/schemaregistry/tenant/schemas/{id}", False),
    ],
)
def test_only_gets_of_a_collection_are_listings(key: str, listing: bool) -> None:
    assert is_listing(key) is listing


def test_parallelism_is_the_flag_then_pulumi_parallel_then_four_per_gomaxprocs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PULUMI_PARALLEL", raising=False)
    monkeypatch.delenv("GOMAXPROCS", raising=False)
    assert engine_parallelism(None) == 4 * len(os.sched_getaffinity(0))
    monkeypatch.setenv("GOMAXPROCS", "3")
    assert engine_parallelism(None) == 12
    monkeypatch.setenv("PULUMI_PARALLEL", "5")
    assert engine_parallelism(None) == 5
    assert engine_parallelism(64) == 64
