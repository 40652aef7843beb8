"""Emulator throughput and latency, printed as numbers (no asserts).

    .venv/bin/python bench/emulator_bench.py [--batches 200] [--singles 2000] [--gets 500]

Starts its own emulator on a free port with a temporary data dir, builds the Streaming SDK
tutorial chain, then measures from one client over keep-alive HTTP:
- inlet records/s through /collection/batch with batches of 100 (target >= 10,000/s);
- single-record requests/s and p50/p99 latency (target 500 req/s, p99 < 20 ms);
- management GET /flows/{id} p50 and p99.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.emulator.tutorial import FS, streaming_sdk
from tests.support import Aep, EmulatorProcess


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--singles", type=int, default=2000)
    parser.add_argument("--gets", type=int, default=500)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        proc = EmulatorProcess(Path(tmp)).start()
        try:
            aep = Aep(proc.url)
            chain = streaming_sdk(aep)
            batch_url = chain.inlet_url.replace("/collection/", "/collection/batch/")
            record = {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}
            with httpx.Client(timeout=30) as http:
                body = {"messages": [record] * 100}
                for _ in range(5):  # warm up
                    http.post(batch_url, json=body).raise_for_status()
                started = time.perf_counter()
                for _ in range(args.batches):
                    r = http.post(batch_url, json=body)
                    assert r.status_code == 207
                elapsed = time.perf_counter() - started
                print(
                    f"inlet batch:   {args.batches * 100 / elapsed:,.0f} records/s "
                    f"({args.batches} batches of 100 in {elapsed:.2f} s, {elapsed / args.batches * 1000:.1f} ms/batch)"
                )

                latencies = []
                started = time.perf_counter()
                for _ in range(args.singles):
                    t0 = time.perf_counter()
                    r = http.post(chain.inlet_url, json=record)
                    latencies.append((time.perf_counter() - t0) * 1000)
                    assert r.status_code == 200
                elapsed = time.perf_counter() - started
                print(
                    f"inlet single:  {args.singles / elapsed:,.0f} req/s, p50 {percentile(latencies, 50):.2f} ms, "
                    f"p99 {percentile(latencies, 99):.2f} ms ({args.singles} requests, one client)"
                )

                headers = aep.headers()
                gets = []
                for _ in range(args.gets):
                    t0 = time.perf_counter()
                    r = http.get(f"{proc.url}{FS}/flows/{chain.flow_id}", headers=headers)
                    gets.append((time.perf_counter() - t0) * 1000)
                    assert r.status_code == 200
                print(
                    f"management GET /flows/{{id}}: p50 {statistics.median(gets):.2f} ms,"
                    f" p99 {percentile(gets, 99):.2f} ms ({args.gets} requests)"
                )
            rows = len(aep.rows(chain.dataset_id))
            print(f"rows stored: {rows:,}")
        finally:
            proc.stop()


if __name__ == "__main__":
    main()
