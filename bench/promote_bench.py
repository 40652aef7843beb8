"""`aep-streaming promote` over three stacks against the same work done by hand, in the same run.

    .venv/bin/python bench/promote_bench.py [--reps 3] [--latency 0]

Three stacks of examples/streaming-source (sandboxes dev, stage and prod) on the emulator, with
``--latency`` ms of injected API latency. Each repetition changes the program (a description, so
every stack has five updates), then promotes it with `aep-streaming promote --stacks
dev,stage,prod`; and changes it back, then does the same by hand: each stack's refresh preview and
preview run alone, one stack after another, and each stack's `pulumi up` after another. The hand
reference is the slowest stack's previews (promote runs them in parallel) plus the sum of the ups.
The two alternate which goes first. Printed: medians of ``--reps``, the ratio, the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pulumi_aep_streaming.client import AepClient, AepSettings, SandboxInput  # noqa: E402
from tests.e2e.project import PulumiProject  # noqa: E402
from tests.support import CLIENT_SECRET, EmulatorProcess, aep_settings, aep_stack_config  # noqa: E402

STACKS = ("dev", "stage", "prod")
DESCRIPTIONS = ("People posted by our webhook", "People our webhook posts")


def timed(project: PulumiProject, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, cwd=project.dir, env=project.env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - started


def describe(project: PulumiProject, description: str) -> None:
    main = project.dir / "__main__.py"
    text = main.read_text()
    for old in DESCRIPTIONS:
        text = text.replace(f'description="{old}"', f'description="{description}"')
    main.write_text(text)


def by_promote(project: PulumiProject, cli: str) -> float:
    return timed(project, cli, "promote", "--stacks", ",".join(STACKS))


def by_hand(project: PulumiProject) -> tuple[float, list[float], list[float]]:
    """(the hand reference, each stack's previews, each stack's up)."""
    previews = [
        timed(project, "pulumi", "refresh", "--preview-only", "--non-interactive", "--stack", s)
        + timed(project, "pulumi", "preview", "--non-interactive", "--stack", s)
        for s in STACKS
    ]
    ups = [timed(project, "pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--stack", s) for s in STACKS]
    return max(previews) + sum(ups), previews, ups


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--latency", type=int, default=0, help="injected API latency, ms")
    args = parser.parse_args()
    built = subprocess.run([str(ROOT / "scripts" / "install-pulumi-cli")], capture_output=True, text=True, check=True)
    bin_dir = built.stdout.strip().splitlines()[-1]
    cli = str(Path(sys.executable).parent / "aep-streaming")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        emulator = EmulatorProcess(work / "emulator").start()
        try:
            with AepClient(AepSettings.from_values(aep_settings(emulator.url))) as aep:
                aep.sandboxes.create(SandboxInput(name="stage", title="Stage"))
            project = PulumiProject("streaming-source", work, bin_dir)
            project.env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{project.env['PATH']}"
            for stack in STACKS:
                config = aep_stack_config(emulator.url, stack, secret=False)
                project.init(stack, config, {"aep:clientSecret": CLIENT_SECRET})
            by_promote(project, cli)  # every stack made
            if args.latency:
                fault = {"kind": "latency", "latency_ms": args.latency}
                httpx.post(f"{emulator.url}/_emulator/faults", json=fault).raise_for_status()
            promoted: list[float] = []
            hand: list[float] = []
            for rep in range(args.reps):
                for which in ("promote", "hand") if rep % 2 == 0 else ("hand", "promote"):
                    describe(project, DESCRIPTIONS[(len(promoted) + len(hand) + 1) % 2])
                    if which == "promote":
                        promoted.append(by_promote(project, cli))
                        print(f"  promote: {promoted[-1]:.2f} s")
                    else:
                        total, previews, ups = by_hand(project)
                        hand.append(total)
                        print(
                            f"  by hand: previews {', '.join(f'{p:.2f}' for p in previews)} s; "
                            f"ups {', '.join(f'{u:.2f}' for u in ups)} s"
                        )
        finally:
            emulator.stop()
    p, h = statistics.median(promoted), statistics.median(hand)
    print(
        f"promote of 3 stacks, {args.latency} ms API latency, medians of {args.reps} "
        f"(load average {os.getloadavg()[0]:.2f}): promote {p:.2f} s, by hand {h:.2f} s "
        f"(slowest stack's previews + each up in turn): {p / h:.2f}x"
    )


if __name__ == "__main__":
    main()
