"""`aep-streaming send` of a 100k-record file into the emulator, next to the emulator's own batch
ceiling (no asserts).

    .venv/bin/python bench/send_bench.py [--records 100000] [--reps 3]

The ceiling is emulator_bench's batch loop: prebuilt batches of 100 posted back to back by one
client in this process, so the emulator alone sets its pace. The CLI run is the whole command as a
user runs it (process start, reading and checking the file, batching, progress on stderr), timed
from outside. Runs are interleaved; medians are printed with the load average. The CLI is not the
bottleneck when its ratio is near 1 (goal: >= 0.8).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from emulator_bench import RECORD, batches  # this folder: python puts it first on sys.path

from tests.emulator.tutorial import streaming_sdk
from tests.support import Aep, EmulatorProcess

CLI = str(Path(sys.executable).parent / "aep-streaming")


def cli_send(inlet_url: str, path: Path, records: int) -> float:
    """Records/s of the whole `aep-streaming send` command."""
    started = time.perf_counter()
    done = subprocess.run([CLI, "send", inlet_url, str(path)], capture_output=True, text=True, cwd=path.parent)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or f"{records:,} accepted" not in done.stdout:
        raise RuntimeError(f"send failed: {done.stdout}\n{done.stderr[-2000:]}")
    return records / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "records.jsonl"
        with source.open("w") as f:
            for i in range(args.records):
                f.write(json.dumps({**RECORD, "email": f"p{i}@example.com"}) + "\n")
        emulator = EmulatorProcess(Path(tmp) / "emulator").start()
        try:
            inlet = streaming_sdk(Aep(emulator.url)).inlet_url
            batch_url = inlet.replace("/collection/", "/collection/batch/")
            results: dict[str, list[float]] = {"ceiling": [], "cli": []}
            with httpx.Client(timeout=30) as http:
                batches(http, batch_url, 20)  # warm up
                for _ in range(args.reps):  # interleaved: both see the same moments of a noisy machine
                    results["ceiling"].append(batches(http, batch_url, args.records // 100))
                    results["cli"].append(cli_send(inlet, source, args.records))
        finally:
            emulator.stop()
    ceiling, cli = (statistics.median(results[k]) for k in ("ceiling", "cli"))
    load = os.getloadavg()[0]
    print(f"send {args.records:,} records, medians of {args.reps} interleaved runs (load average {load:.2f}):")
    print(f"  emulator batch ceiling (one client, prebuilt batches of 100): {ceiling:,.0f} records/s")
    print(f"  aep-streaming send (whole command, JSON Lines file):           {cli:,.0f} records/s")
    print(f"  -> {cli / ceiling:.2f}x the ceiling (goal >= 0.8)")


if __name__ == "__main__":
    main()
