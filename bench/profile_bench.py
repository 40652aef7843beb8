"""Real-Time Customer Profile in the emulator, as ratios to a reference measured in the same run (no asserts).

    .venv/bin/python bench/profile_bench.py [--fragments 1000000] [--lookups 20000] [--reps 5] [--batches 50]

1. Lookups: the emulator's profile lookup (``entities.profile``: the identity's graph from the
   identity index, the graph's merged profile by the default policy, rendered as the Profile
   Access API answers) with ``--fragments`` fragments stored (two records, so two fragments, per
   person), against a bare SQLite indexed lookup of the same records by (namespace, id): a table
   holding as many rows, each person's under its email, read and decoded. Runs are interleaved,
   ``--reps`` times; medians, with the load average. Also: how long opening that data directory
   takes (the identity index is built from the fragments) and the index's memory.
2. Inlet: records per second through the batch inlet into a Profile-enabled dataset of a union
   schema (each record also a fragment linked into the identity graph) against the same inlet
   into a data-lake-only dataset of the same schema, in one emulator, interleaved; once with
   people numbered in order and once in random order, as a real stream's identities arrive.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pulumi_aep_streaming.emulator.core.fragments import Identity, NewFragment
from pulumi_aep_streaming.emulator.core.scope import Scope
from pulumi_aep_streaming.emulator.core.state import EmulatorState
from pulumi_aep_streaming.emulator.core.store import Store
from pulumi_aep_streaming.emulator.services.profile import entities, merge_policies
from pulumi_aep_streaming.emulator.settings import EmulatorSettings
from tests.emulator.tutorial import http_api, profile_chain
from tests.support import Aep, EmulatorProcess

ORG, SANDBOX, DATASET = "BENCH@AdobeOrg", "prod", "5f0000000000000000000001"


def record(person: int, n: int) -> dict[str, Any]:
    """The ``n``-th record of one person: the same email, a phone of its own, a changing name."""
    return {
        "personalEmail": {"address": f"p{person}@example.com"},
        "mobilePhone": {"number": f"+1-{person}-{n}"},
        "person": {"name": {"firstName": f"First{n}", "lastName": f"Last{person}"}},
    }


def identities(fragments: int) -> int:
    """How many identities ``fragments`` fragments link: an email per person, a phone per record."""
    return fragments // 2 + fragments


def build_store(path: Path, fragments: int) -> Scope:
    store = Store(path / "aep.sqlite3")
    sb = Scope(EmulatorState(settings=EmulatorSettings(data_dir=path), store=store), ORG, SANDBOX)
    people = fragments // 2
    chunk = 20_000
    for start in range(0, people, chunk):
        batch = [
            NewFragment(
                [Identity("Email", f"p{person}@example.com"), Identity("Phone", f"+1-{person}-{n}")],
                DATASET,
                1_700_000_000_000 + n,
                f"x:{person}:{n}",
                orjson.dumps(record(person, n)).decode(),
            )
            for person in range(start, min(start + chunk, people))
            for n in range(2)
        ]
        sb.add_fragments(batch)
    return sb


def build_bare(path: Path, fragments: int) -> sqlite3.Connection:
    """The reference: each record under its person's email, indexed, so that one indexed lookup
    answers a person's records (the information a profile lookup reads, without graph or merge)."""
    db = sqlite3.connect(path / "bare.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE TABLE rows (ns TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL,"
        " PRIMARY KEY (ns, id, seq)) WITHOUT ROWID"
    )
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO rows VALUES (?, ?, ?, ?)",
        (
            ("email", f"p{i // 2}@example.com", i, orjson.dumps(record(i // 2, i % 2)).decode())
            for i in range(fragments)
        ),
    )
    db.execute("COMMIT")
    return db


def ours(sb: Scope, people: list[int]) -> float:
    policy = merge_policies.for_lookup(sb, None)
    started = time.perf_counter()
    for person in people:
        if entities.profile(sb, Identity("Email", f"p{person}@example.com"), policy, None) is None:
            raise RuntimeError(f"no profile for person {person}")
    return len(people) / (time.perf_counter() - started)


def bare(db: sqlite3.Connection, people: list[int]) -> float:
    started = time.perf_counter()
    for person in people:
        rows = db.execute("SELECT body FROM rows WHERE ns=? AND id=?", ("email", f"p{person}@example.com")).fetchall()
        if not rows:
            raise RuntimeError(f"no row for person {person}")
        for (body,) in rows:
            orjson.loads(body)
    return len(people) / (time.perf_counter() - started)


def lookups(args: argparse.Namespace, tmp: Path) -> None:
    started = time.perf_counter()
    sb = build_store(tmp, args.fragments)
    built = time.perf_counter() - started
    # Opened again, as the emulator opens a data directory (the identity index is built): once
    # timed, once with Python's allocations traced (the index is Python objects; SQLite's cache is not).
    sb.state.store.close()
    started = time.perf_counter()
    Store(tmp / "aep.sqlite3").close()
    opened = time.perf_counter() - started
    tracemalloc.start()
    sb = Scope(EmulatorState(settings=sb.state.settings, store=Store(tmp / "aep.sqlite3")), ORG, SANDBOX)
    index_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    db = build_bare(tmp, args.fragments)
    rng = random.Random(7)
    samples: dict[str, list[float]] = {"emulator": [], "bare": []}
    for _ in range(args.reps):  # interleaved: both see the same moments of a noisy machine
        people = [rng.randrange(args.fragments // 2) for _ in range(args.lookups)]
        samples["emulator"].append(ours(sb, people))
        samples["bare"].append(bare(db, people))
    e, b = statistics.median(samples["emulator"]), statistics.median(samples["bare"])
    print(
        f"profile lookups with {args.fragments:,} fragments stored (built in {built:.0f} s), medians of {args.reps}"
        f" interleaved runs of {args.lookups:,} (load average {os.getloadavg()[0]:.2f}):"
    )
    print(f"  emulator {e:,.0f} lookups/s, bare indexed SQLite {b:,.0f} -> {e / b:.2f}x")
    print(
        f"  opening the data directory: {opened:.1f} s; the identity index in memory: {index_bytes / 2**20:,.0f} MiB"
        f" ({index_bytes / identities(args.fragments):,.0f} bytes per identity)"
    )


def batch_rate(http: httpx.Client, url: str, batches: int, people: Iterator[int]) -> float:
    """Records/s through the batch endpoint, batches of 100 people's first records."""
    started = time.perf_counter()
    for _ in range(batches):
        body = {"messages": [record(next(people), 0) for _ in range(100)]}
        if http.post(url, json=body).status_code != 207:
            raise RuntimeError(f"batch to {url} failed")
    return batches * 100 / (time.perf_counter() - started)


def inlet(args: argparse.Namespace, tmp: Path, order: str) -> None:
    emulator = EmulatorProcess(tmp / f"emulator-{order}").start()
    try:
        aep = Aep(emulator.url)
        urls = {
            "profile": profile_chain(aep, "Profile people").inlet_url,
            "lake": http_api(aep, data_type="xdm", title="Lake people").inlet_url,
        }
        urls = {k: v.replace("/collection/", "/collection/batch/") for k, v in urls.items()}
        samples: dict[str, list[float]] = {k: [] for k in urls}
        numbers = list(range((args.reps * args.batches + 3) * 100 * len(urls)))
        if order == "random":  # identities as a real stream brings them: anywhere in the index
            random.Random(11).shuffle(numbers)
        people = iter(numbers)
        with httpx.Client(timeout=30) as http:
            for url in urls.values():  # warm up both
                batch_rate(http, url, 3, people)
            for _ in range(args.reps):
                for name, url in urls.items():
                    samples[name].append(batch_rate(http, url, args.batches, people))
        p, lake = statistics.median(samples["profile"]), statistics.median(samples["lake"])
        print(
            f"\ninlet, batches of 100 people in {order} order, medians of {args.reps} interleaved runs of"
            f" {args.batches} (load average {os.getloadavg()[0]:.2f}):"
        )
        print(f"  into a Profile dataset {p:,.0f} records/s, into a data-lake-only one {lake:,.0f} -> {p / lake:.2f}x")
    finally:
        emulator.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fragments", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--batches", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lookups(args, Path(tmp))
        for order in ("sequential", "random"):
            inlet(args, Path(tmp), order)


if __name__ == "__main__":
    main()
