"""The emulator's dashboard in a real headless Chromium: after `pulumi up` and a few records it shows
the flow, its inlet and the rows, and the rows panel refreshes itself as more arrive."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.e2e.browser import Browser
from tests.e2e.project import PulumiProject
from tests.e2e.test_lifecycle import aep_config
from tests.support import CLIENT_SECRET, EmulatorProcess

CLI = str(Path(sys.executable).parent / "aep-streaming")


def send(inlet_url: str, records: list[dict[str, str]], workdir: Path) -> None:
    path = workdir / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    done = subprocess.run([CLI, "send", inlet_url, str(path)], capture_output=True, text=True, cwd=workdir)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_dashboard_shows_the_flow_and_its_rows_and_refreshes_them(pulumi_bin: str, workdir: Path) -> None:
    emulator = EmulatorProcess(workdir / "emulator").start()
    browser = None
    try:
        project = PulumiProject("streaming-source", workdir, pulumi_bin)
        project.init("dev", aep_config(emulator.url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
        project.up("dev")
        out = project.outputs("dev")
        send(out["inlet_url"], [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}], workdir)

        browser = Browser(workdir / "chromium-profile")
        browser.open(f"{emulator.url}/_emulator/ui?sandbox=prod")
        flows = browser.evaluate("document.getElementById('flows').innerText")
        assert out["flow_id"] in flows and out["inlet_url"] in flows and "enabled" in flows, flows
        assert "Ada" in browser.evaluate("document.getElementById('rows').innerText")
        assert browser.evaluate("document.getElementById('row-count').textContent") == "1"
        assert "No flows" not in browser.evaluate("document.body.innerText")

        # More records arrive; the open page shows them without a reload.
        marker = browser.evaluate("window.stillTheSamePage = true")
        send(out["inlet_url"], [{"firstName": "Grace", "lastName": "Hopper"}, {"firstName": "Alan"}], workdir)
        browser.wait_for("document.getElementById('row-count').textContent === '3'")
        assert marker and browser.evaluate("window.stillTheSamePage") is True
        assert "Grace" in browser.evaluate("document.getElementById('rows').innerText")
        runs = browser.evaluate("document.getElementById('runs').innerText")
        flows = browser.evaluate("document.getElementById('flows').innerText")
        assert "\t3\t3\t0" in runs and "\t3\t3\t0" in flows, (runs, flows)  # received, ingested, failed

        shot = browser.screenshot(workdir / "dashboard.png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    finally:
        if browser is not None:
            browser.close()
        emulator.stop()
