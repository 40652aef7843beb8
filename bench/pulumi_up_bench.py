"""`pulumi up` of the root project against the emulator: wall time, and how many IMS token requests
and API calls one up and one no-change preview make (from /_emulator/stats). Prints numbers.

    .venv/bin/python bench/pulumi_up_bench.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.project import cli_env  # noqa: E402
from tests.support import CLIENT_ID, CLIENT_SECRET, ORG, EmulatorProcess  # noqa: E402


def stats(url: str) -> Counter[str]:
    body = httpx.get(f"{url}/_emulator/stats").json()
    return Counter({**body["requests"], "tokens": body["tokensIssued"]})


def main() -> None:
    started = time.perf_counter()
    built = subprocess.run([str(ROOT / "scripts" / "install-pulumi-cli")], capture_output=True, text=True, check=True)
    bin_dir = built.stdout.strip().splitlines()[-1]
    print(f"install-pulumi-cli: {time.perf_counter() - started:.1f} s ({built.stderr.strip().splitlines()[-1]})")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        emulator = EmulatorProcess(work / "emulator").start()
        try:
            project = work / "project"
            project.mkdir()
            shutil.copy(ROOT / "Pulumi.yaml", project)
            shutil.copytree(ROOT / "examples" / "streaming-source", project / "examples" / "streaming-source")
            (work / "state").mkdir()
            env = cli_env(bin_dir, work)

            def pulumi(*args: str) -> float:
                t0 = time.perf_counter()
                subprocess.run(
                    ["pulumi", *args, "--non-interactive"], cwd=project, env=env, check=True, capture_output=True
                )
                return time.perf_counter() - t0

            pulumi("stack", "init", "bench")
            config = {
                "aep:endpoint": emulator.url,
                "aep:imsEndpoint": emulator.url,
                "aep:clientId": CLIENT_ID,
                "aep:orgId": ORG,
                "aep:sandboxName": "prod",
            }
            for key, value in config.items():
                pulumi("config", "set", key, value)
            pulumi("config", "set", "--secret", "aep:clientSecret", CLIENT_SECRET)
            for label, args in (
                ("pulumi up (create 8 resources)", ("up", "--yes", "--skip-preview")),
                ("pulumi preview (no changes)", ("preview", "--expect-no-changes")),
                ("pulumi up (no changes)", ("up", "--yes")),
                ("pulumi destroy", ("destroy", "--yes")),
            ):
                before = stats(emulator.url)
                seconds = pulumi(*args)
                calls = stats(emulator.url) - before
                tokens = calls.pop("tokens", 0)
                api = sum(n for key, n in calls.items() if "/ims/" not in key)
                detail = ", ".join(
                    f"{k.replace('/data/foundation/', '')} x{n}" for k, n in sorted(calls.items()) if "/ims/" not in k
                )
                print(
                    f"{label}: {seconds:.2f} s, {tokens} IMS token request(s), {api} API call(s)"
                    + (f" [{detail}]" if detail else "")
                )
        finally:
            emulator.stop()


if __name__ == "__main__":
    main()
