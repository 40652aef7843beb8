"""Emulator throughput and latency as ratios to a ceiling measured in the same run (no asserts).

    .venv/bin/python bench/emulator_bench.py [--reps 5] [--batches 100] [--singles 1000] [--chains 1000]

1. Side by side: the emulator's inlet against the ceiling, a minimal Starlette + SQLite inlet
   written below (parse JSON, insert the rows in one transaction, answer), each served by uvicorn
   in its own process. Runs are interleaved, ``--reps`` times; medians are reported with the
   machine's load average, since the machine is shared and noisy.
2. At scale: every request kind with 10 source chains held, then with ``--chains`` (1,000), and
   the ratio between the two.
"""

from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.emulator.tutorial import FS, SR, Chain, http_api, streaming_sdk
from tests.support import Aep, EmulatorProcess

RECORD = {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}


def ceiling_app(db_path: str) -> Any:
    """The least an inlet must do: parse, store durably, answer (with the emulator's JSON library)."""
    import orjson
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    db = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE IF NOT EXISTS rows (seq INTEGER PRIMARY KEY, inlet TEXT, body TEXT)")

    def store(inlet: str, records: list[Any]) -> None:
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO rows(inlet, body) VALUES (?, ?)", [(inlet, orjson.dumps(r)) for r in records])
        db.execute("COMMIT")

    async def single(request: Request) -> JSONResponse:
        inlet = request.path_params["inlet"]
        store(inlet, [orjson.loads(await request.body())])
        return JSONResponse({"inletId": inlet, "xactionId": "x", "receivedTimeMs": int(time.time() * 1000)})

    async def batch(request: Request) -> JSONResponse:
        inlet = request.path_params["inlet"]
        messages = orjson.loads(await request.body())["messages"]
        store(inlet, messages)
        return JSONResponse(
            {"inletId": inlet, "responses": [{"xactionId": f"x:{i}"} for i in range(len(messages))]}, 207
        )

    return Starlette(
        routes=[
            Route("/collection/{inlet}", single, methods=["POST"]),
            Route("/collection/batch/{inlet}", batch, methods=["POST"]),
        ]
    )


def serve_ceiling(port: int, db_path: str) -> None:
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    uvicorn.Server(uvicorn.Config(ceiling_app(db_path), log_level="warning")).run(sockets=[sock])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def batches(http: httpx.Client, url: str, n: int) -> float:
    """Records/s through the batch endpoint, batches of 100."""
    body = {"messages": [RECORD] * 100}
    started = time.perf_counter()
    for _ in range(n):
        if http.post(url, json=body).status_code != 207:
            raise RuntimeError(f"batch to {url} failed")
    return n * 100 / (time.perf_counter() - started)


def singles(http: httpx.Client, url: str, n: int) -> tuple[float, float]:
    """(requests/s, p99 ms) of single-record posts from one client."""
    latencies = []
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        if http.post(url, json=RECORD).status_code != 200:
            raise RuntimeError(f"single post to {url} failed")
        latencies.append((time.perf_counter() - t0) * 1000)
    return n / (time.perf_counter() - started), percentile(latencies, 99)


def side_by_side(args: argparse.Namespace, tmp: Path) -> None:
    emulator = EmulatorProcess(tmp / "emulator").start()
    port = free_port()
    ceiling = subprocess.Popen(
        [sys.executable, __file__, "--serve-ceiling", str(port), str(tmp / "ceiling.sqlite3")],
        stdout=subprocess.DEVNULL,
    )
    try:
        chain = streaming_sdk(Aep(emulator.url))
        ceiling_url = f"http://127.0.0.1:{port}/collection/ceiling"
        with httpx.Client(timeout=30) as http:
            for _ in range(100):  # until the ceiling listens
                try:
                    http.post(ceiling_url, json=RECORD)
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            urls = {"emulator": chain.inlet_url, "ceiling": ceiling_url}
            for url in urls.values():  # warm up both
                batches(http, url.replace("/collection/", "/collection/batch/"), 5)
                singles(http, url, 50)
            results: dict[str, dict[str, list[float]]] = {k: {"batch": [], "single": [], "p99": []} for k in urls}
            for _ in range(args.reps):  # interleaved: both see the same moments of a noisy machine
                for name, url in urls.items():
                    results[name]["batch"].append(
                        batches(http, url.replace("/collection/", "/collection/batch/"), args.batches)
                    )
                    rate, p99 = singles(http, url, args.singles)
                    results[name]["single"].append(rate)
                    results[name]["p99"].append(p99)
        med = {k: {m: statistics.median(v) for m, v in r.items()} for k, r in results.items()}
        e, c = med["emulator"], med["ceiling"]
        print(f"side by side, medians of {args.reps} interleaved runs (load average {os.getloadavg()[0]:.2f}):")
        batch, single = e["batch"] / c["batch"], e["single"] / c["single"]
        print(f"  batches of 100: emulator {e['batch']:,.0f} records/s, ceiling {c['batch']:,.0f} -> {batch:.2f}x")
        print(f"  single records: emulator {e['single']:,.0f} req/s, ceiling {c['single']:,.0f} -> {single:.2f}x")
        print(f"  single p99:     emulator {e['p99']:.2f} ms, ceiling {c['p99']:.2f} ms -> {e['p99'] / c['p99']:.2f}x")
    finally:
        ceiling.terminate()
        ceiling.wait(timeout=15)
        emulator.stop()


def timed(fn: Callable[[], object], n: int) -> float:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def request_kinds(aep: Aep, sdk: Chain, http_chain: Chain) -> dict[str, float]:
    """Median ms of each request kind (the same requests whatever the emulator holds)."""
    c, h = aep.http, aep.headers()
    xed = {**h, "Accept": "application/vnd.adobe.xed+json; version=1"}
    sdk_batch = sdk.inlet_url.replace("/collection/", "/collection/batch/")
    http_batch = http_chain.inlet_url.replace("/collection/", "/collection/batch/")
    flow_header = {"x-adobe-flow-id": http_chain.flow_id}
    hundred = {"messages": [RECORD] * 100}

    def ok(r: httpx.Response) -> None:
        if r.status_code >= 300:
            raise RuntimeError(f"{r.request.method} {r.request.url}: {r.status_code} {r.text[:200]}")

    return {
        "inlet single record": timed(lambda: ok(c.post(sdk.inlet_url, json=RECORD)), 50),
        "inlet batch of 100 (Streaming SDK)": timed(lambda: ok(c.post(sdk_batch, json=hundred)), 20),
        "inlet batch of 100 (HTTP API)": timed(lambda: ok(c.post(http_batch, json=hundred, headers=flow_header)), 20),
        "GET /flows?limit=10": timed(lambda: ok(c.get(f"{aep.url}{FS}/flows?limit=10", headers=h)), 50),
        "GET /flows?property=sourceConnectionIds[]==": timed(
            lambda: ok(
                c.get(f"{aep.url}{FS}/flows", params={"property": f"sourceConnectionIds[]=={sdk.source_id}"}, headers=h)
            ),
            50,
        ),
        "GET /flows/{id}": timed(lambda: ok(c.get(f"{aep.url}{FS}/flows/{sdk.flow_id}", headers=h)), 100),
        "GET /runs?property=flowId==": timed(
            lambda: ok(c.get(f"{aep.url}{FS}/runs", params={"property": f"flowId=={sdk.flow_id}"}, headers=h)), 50
        ),
        "GET /schemaregistry/stats (the tenant)": timed(lambda: ok(c.get(f"{aep.url}{SR}/stats", headers=h)), 100),
        "GET schema by $id": timed(
            lambda: ok(c.get(f"{aep.url}{SR}/tenant/schemas/{quote(sdk.schema_id, safe='')}", headers=xed)), 100
        ),
    }


def holding(tmp: Path, name: str, chains: int) -> tuple[EmulatorProcess, Aep, Chain, Chain]:
    """An emulator holding ``chains`` source chains, and the two it measures with."""
    emulator = EmulatorProcess(tmp / name).start()
    aep = Aep(emulator.url)
    sdk, http_chain = streaming_sdk(aep, "Measured SDK"), http_api(aep, "raw", "Measured HTTP")
    for i in range(2, chains):
        streaming_sdk(aep, f"Chain {i}")
    return emulator, aep, sdk, http_chain


def at_scale(args: argparse.Namespace, tmp: Path) -> None:
    started = time.perf_counter()
    small, large = holding(tmp, "small", 10), holding(tmp, "large", args.chains)
    built = time.perf_counter() - started
    try:
        samples: dict[str, dict[str, list[float]]] = {"small": {}, "large": {}}
        for _ in range(args.reps):  # interleaved: both emulators see the same moments of a noisy machine
            for name, (_, aep, sdk, http_chain) in (("small", small), ("large", large)):
                for kind, ms in request_kinds(aep, sdk, http_chain).items():
                    samples[name].setdefault(kind, []).append(ms)
        med = {name: {k: statistics.median(v) for k, v in kinds.items()} for name, kinds in samples.items()}
        print(
            f"\nat scale: an emulator holding 10 source chains and one holding {args.chains} (built in {built:.0f} s),"
            f" interleaved, medians of {args.reps} (load average {os.getloadavg()[0]:.2f}); ms"
        )
        width = max(len(k) for k in med["small"])
        print(f"  {'request':<{width}}  {'10':>8}  {args.chains:>8}  ratio")
        for kind, ms in med["small"].items():
            print(f"  {kind:<{width}}  {ms:8.2f}  {med['large'][kind]:8.2f}  {med['large'][kind] / ms:.2f}x")
    finally:
        small[0].stop()
        large[0].stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--batches", type=int, default=100)
    parser.add_argument("--singles", type=int, default=1000)
    parser.add_argument("--chains", type=int, default=1000)
    parser.add_argument("--serve-ceiling", nargs=2, metavar=("PORT", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_ceiling:
        serve_ceiling(int(args.serve_ceiling[0]), args.serve_ceiling[1])
        return
    with tempfile.TemporaryDirectory() as tmp:
        side_by_side(args, Path(tmp))
        at_scale(args, Path(tmp))


if __name__ == "__main__":
    main()
