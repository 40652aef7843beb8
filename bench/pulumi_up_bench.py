"""`pulumi` operations on N StreamingSources against the emulator, side by side with their floor.

    .venv/bin/python bench/pulumi_up_bench.py [--sources 1,5,20] [--latency 0,100] [--reps 3]
        [--parallel N] [--same-props-floor] [--ops create,destroy] [--backend file,s3]
        [--skip-checkpoints no,yes]

For each N and each injected API latency, every operation (create, no-change preview, no-change
up, refresh, destroy) runs on two stacks in turn, in a venv with the package's core install (as an
infra repo has it; made once as .venv-bench): the real one (tests/e2e/programs/many-sources)
and the floor (bench/programs/floor: the same resource graph on a provider that answers at once).
The reference is floor + the operation's critical path: the longest chain of API round trips
that depend on each other, which no provider can avoid (create: token, the settings check's read,
field group, schema, dataset, target connection, flow, flow read = 8; refresh: token, read = 2;
destroy: token, flow, target connection, dataset, schema, field group = 6; no-change preview:
token, the settings check's read = 2; no-change up: its preview's 2 and its update's 2 = 4), times
the latency. (The settings check is the one a command's first check makes:
provider/_settings_check.py.) Printed: medians of ``--reps`` runs, the ratio, API calls (and per
source) and IMS token requests, with the machine's load average. Then what importing the package costs a program.

A second reference, floor + slots, takes the engine's parallelism into account: the engine runs at
most ``--parallel`` steps at once (by default 4 per core), and a step holds its slot while its
provider waits on the API, so the calls made in steps (all but the background listings) cannot
take less than calls x latency / parallelism.
It replaces the critical path where that is longer ("vs slots"): how close an operation comes to
what the engine allows, rather than to what no engine could beat.

With ``--same-props-floor`` each floor entity carries the real resource's properties
(bench/programs/floor/shapes.py) instead of a name or its links: Pulumi's own cost of carrying
them (serialized, checked, diffed, stored, resolved in the program) moves into the floor, and
the ratio shows what the providers and the package themselves add.

``--backend s3`` keeps both stacks' state in a bucket of moto's S3 server (a team's shared backend);
``--skip-checkpoints yes`` runs both with PULUMI_SKIP_CHECKPOINTS=true (state written once, at the
end, instead of after every step). Each combination is measured with its own floor.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.project import cli_env, use_venv  # noqa: E402
from tests.support import CLIENT_ID, CLIENT_SECRET, ORG, EmulatorProcess, S3Server  # noqa: E402

OPERATIONS = {
    "create": ("up", "--yes", "--skip-preview"),
    "no-change preview": ("preview", "--expect-no-changes"),
    "no-change up": ("up", "--yes"),
    "refresh": ("refresh", "--yes", "--skip-preview"),
    "destroy": ("destroy", "--yes"),
}
CRITICAL_PATH = {"create": 8, "no-change preview": 2, "no-change up": 4, "refresh": 2, "destroy": 6}


class Run(NamedTuple):
    """One operation, once on each stack."""

    real_s: float
    floor_s: float
    calls: int  # API calls, IMS token requests aside
    step_calls: int  # those made inside the engine's steps: all but the background listings
    tokens: int


def is_listing(key: str) -> bool:
    """Whether a "METHOD path-template" request key lists a collection (a GET not of one entity)."""
    method, _, path = key.partition(" ")
    return method == "GET" and not path.endswith("}")


def engine_parallelism(parallel: int | None) -> int:
    """The steps the engine runs at once: --parallel, else PULUMI_PARALLEL, else 4 per GOMAXPROCS
    (which is the CPUs this process may use unless GOMAXPROCS says otherwise)."""
    if parallel:
        return parallel
    if int(os.environ.get("PULUMI_PARALLEL") or 0) > 0:
        return int(os.environ["PULUMI_PARALLEL"])
    return 4 * int(os.environ.get("GOMAXPROCS") or len(os.sched_getaffinity(0)))


class Stack:
    """A copy of a program with one stack, driven through the CLI."""

    def __init__(
        self,
        source: Path,
        work: Path,
        bin_dir: str,
        venv: Path,
        config: dict[str, str],
        secret: dict[str, str],
        env: dict[str, str],
    ) -> None:
        self.dir = work / source.name
        shutil.copytree(source, self.dir)
        use_venv(self.dir, str(venv))
        self.env = {**cli_env(bin_dir, work), **env}
        self.run("stack", "init", "bench")
        for key, value in config.items():
            self.run("config", "set", key, value)
        for key, value in secret.items():
            self.run("config", "set", "--secret", key, value)

    def run(self, *args: str) -> float:
        started = time.perf_counter()
        command = ["pulumi", *args, "--non-interactive"]
        subprocess.run(command, cwd=self.dir, env=self.env, check=True, capture_output=True)
        return time.perf_counter() - started

    def remove(self) -> None:
        self.run("stack", "rm", "--yes", "--force")
        shutil.rmtree(self.dir)


def counts(url: str) -> Counter[str]:
    body = httpx.get(f"{url}/_emulator/stats").json()
    return Counter({**body["requests"], "tokens": body["tokensIssued"]})


def lifecycle(
    emulator: EmulatorProcess,
    work: Path,
    bin_dir: str,
    venv: Path,
    sources: int,
    latency_ms: int,
    parallel: int | None,
    same_props: bool,
    operations: list[str],
    env: dict[str, str],
) -> dict[str, Run]:
    """One run of each operation, real and floor in turn: {op: (real s, floor s, API calls, tokens)}.

    ``parallel`` passes ``--parallel`` to both (the engine's default is 4 steps per core);
    ``same_props`` gives the floor's entities the real resources' properties; ``env`` is the
    CLI's environment besides the defaults (a backend, skipped checkpoints)."""
    httpx.post(f"{emulator.url}/_emulator/reset").raise_for_status()
    httpx.delete(f"{emulator.url}/_emulator/faults").raise_for_status()
    aep = {
        "aep:endpoint": emulator.url,
        "aep:imsEndpoint": emulator.url,
        "aep:clientId": CLIENT_ID,
        "aep:orgId": ORG,
        "aep:sandboxName": "prod",
    }
    real = Stack(
        ROOT / "tests" / "e2e" / "programs" / "many-sources",
        work,
        bin_dir,
        venv,
        {**aep, "many:count": str(sources)},
        {"aep:clientSecret": CLIENT_SECRET},
        env,
    )
    # The same config shape, a secret included: decrypting stack secrets is the engine's cost, not ours.
    floor = Stack(
        ROOT / "bench" / "programs" / "floor",
        work,
        bin_dir,
        venv,
        {
            **{k.replace("aep:", "floor:"): v for k, v in aep.items()},
            "floor:count": str(sources),
            "floor:sameProps": str(same_props).lower(),
        },
        {"floor:clientSecret": CLIENT_SECRET},
        env,
    )
    if latency_ms:
        fault = {"kind": "latency", "latency_ms": latency_ms}
        httpx.post(f"{emulator.url}/_emulator/faults", json=fault).raise_for_status()
    out: dict[str, Run] = {}
    try:
        for op, op_args in OPERATIONS.items():
            if op not in operations:
                continue
            args = (*op_args, "--parallel", str(parallel)) if parallel else op_args
            floor_s = floor.run(*args)
            before = counts(emulator.url)
            real_s = real.run(*args)
            calls = counts(emulator.url) - before
            tokens = calls.pop("tokens", 0)
            api = {key: n for key, n in calls.items() if "/ims/" not in key}
            stepped = sum(n for key, n in api.items() if not is_listing(key))
            out[op] = Run(real_s, floor_s, sum(api.values()), stepped, tokens)
    finally:
        real.remove()
        floor.remove()
    return out


def core_venv() -> Path:
    """A venv with the package's core install (no extras: pulumi, httpx and pydantic), as an infra
    repo has it, editable from this checkout with the pinned SDK: the programs and their provider
    processes run there. (With the ``cli`` extra beside it, httpx would load click, rich and pygments
    in every provider process.)"""
    venv = ROOT / ".venv-bench"
    inputs = (ROOT / "pyproject.toml").read_bytes() + (ROOT / "constraints.txt").read_bytes()
    stamp = venv / f".installed-{hashlib.sha256(inputs).hexdigest()[:16]}"
    if not stamp.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        install = ["-m", "pip", "install", "-q", "-e", str(ROOT), "-c", str(ROOT / "constraints.txt")]
        subprocess.run([str(venv / "bin" / "python"), *install], check=True)
        stamp.touch()
    return venv


def import_cost(venv: Path, reps: int = 7) -> tuple[float, float]:
    """(import pulumi, then importing StreamingSource on top), seconds, medians of fresh processes."""
    probe = (
        "import time; t = time.perf_counter(); import pulumi; t1 = time.perf_counter(); "
        "from pulumi_aep_streaming import StreamingSource; print(t1 - t, time.perf_counter() - t1)"
    )
    command = [str(venv / "bin" / "python"), "-c", probe]
    outputs = [subprocess.run(command, capture_output=True, text=True).stdout for _ in range(reps)]
    runs = [tuple(float(x) for x in out.split()) for out in outputs]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", default="1,5,20")
    parser.add_argument("--latency", default="0,100", help="injected API latency, ms")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--parallel", type=int, help="pulumi --parallel for both stacks (default: the engine's)")
    parser.add_argument(
        "--same-props-floor", action="store_true", help="floor entities carry the real resources' properties"
    )
    parser.add_argument("--ops", default=",".join(OPERATIONS), help="the operations to run (create must come first)")
    parser.add_argument("--backend", default="file", help="file, s3 (moto's S3 server), or both: file,s3")
    parser.add_argument("--skip-checkpoints", default="no", help="no, yes, or both: no,yes")
    args = parser.parse_args()
    operations = [op.strip() for op in args.ops.split(",")]
    unknown = set(operations) - set(OPERATIONS)
    if unknown or "create" not in operations or "destroy" not in operations:
        parser.error(f"--ops takes create and destroy and any of {', '.join(OPERATIONS)}")
    # Measure the package as a wheel install leaves it, bytecode compiled: an editable checkout
    # under PYTHONDONTWRITEBYTECODE would compile every module again in every process.
    compileall.compile_dir(ROOT / "pulumi_aep_streaming", quiet=1)
    venv = core_venv()
    built = subprocess.run([str(ROOT / "scripts" / "install-pulumi-cli")], capture_output=True, text=True, check=True)
    bin_dir = built.stdout.strip().splitlines()[-1]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "state").mkdir()  # the CLI's file backend
        emulator = EmulatorProcess(work / "emulator").start()
        s3 = S3Server().start() if "s3" in args.backend else None
        try:
            for latency_ms in (int(x) for x in args.latency.split(",")):
                for sources in (int(x) for x in args.sources.split(",")):
                    for backend in args.backend.split(","):
                        for skip in args.skip_checkpoints.split(","):
                            env = dict(s3.env) if backend == "s3" and s3 is not None else {}
                            env["PULUMI_SKIP_CHECKPOINTS"] = "true" if skip == "yes" else "false"
                            runs = [
                                lifecycle(
                                    emulator,
                                    work,
                                    bin_dir,
                                    venv,
                                    sources,
                                    latency_ms,
                                    args.parallel,
                                    args.same_props_floor,
                                    operations,
                                    env,
                                )
                                for _ in range(args.reps)
                            ]
                            setting = f"{backend} backend, checkpoints {'skipped' if skip == 'yes' else 'written'}"
                            report(sources, latency_ms, runs, args.parallel, args.same_props_floor, setting)
        finally:
            emulator.stop()
            if s3 is not None:
                s3.stop()
    pulumi_s, ours_s = import_cost(venv)
    print(f"\nprogram import: import pulumi {pulumi_s:.3f} s, then StreamingSource +{ours_s:.3f} s (medians of 7)")


def report(
    sources: int,
    latency_ms: int,
    runs: list[dict[str, Run]],
    parallel: int | None,
    same_props: bool,
    setting: str,
) -> None:
    slots = engine_parallelism(parallel)
    steps = f"--parallel {parallel}" if parallel else f"the engine's default parallelism ({slots})"
    floor_kind = ", floor with the real properties" if same_props else ""
    print(
        f"\n{sources} source(s), {latency_ms} ms API latency, {setting}, {steps}{floor_kind}, medians of {len(runs)} "
        f"(load average {os.getloadavg()[0]:.2f}):"
    )
    columns = ("pulumi s", "floor s", "+path s", "ratio", "+slots s", "vs slots", "calls", "/source", "tokens")
    print(f"  {'operation':<18} " + " ".join(f"{c:>8}" for c in columns))
    for op in (op for op in OPERATIONS if op in runs[0]):
        real = statistics.median(r[op].real_s for r in runs)
        floor = statistics.median(r[op].floor_s for r in runs)
        reference = floor + CRITICAL_PATH[op] * latency_ms / 1000
        calls = statistics.median(r[op].calls for r in runs)
        tokens = statistics.median(r[op].tokens for r in runs)
        stepped = statistics.median(r[op].step_calls for r in runs)
        with_slots = floor + max(CRITICAL_PATH[op], stepped / slots) * latency_ms / 1000
        print(
            f"  {op:<18} {real:>8.2f} {floor:>8.2f} {reference:>8.2f} {real / reference:>7.2f}x "
            f"{with_slots:>8.2f} {real / with_slots:>7.2f}x {calls:>8.0f} {calls / sources:>8.1f} {tokens:>8.0f}"
        )


if __name__ == "__main__":
    main()
