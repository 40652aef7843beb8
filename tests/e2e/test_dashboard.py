"""The emulator's dashboard in a real headless Chromium, driven by Selenium through Debian's
chromium-driver (both installed by scripts/install-chromium): after `pulumi up` and a few records it
shows the flow, its inlet and the rows, and the rows panel refreshes itself as more arrive."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.project import PulumiProject
from tests.e2e.test_lifecycle import aep_config
from tests.support import CLIENT_SECRET, EmulatorProcess

CLI = str(Path(sys.executable).parent / "aep-streaming")


def send(inlet_url: str, records: list[dict[str, str]], workdir: Path) -> None:
    path = workdir / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    done = subprocess.run([CLI, "send", inlet_url, str(path)], capture_output=True, text=True, cwd=workdir)
    assert done.returncode == 0, done.stdout + done.stderr


@contextmanager
def chromium(profile: Path) -> Iterator[webdriver.Chrome]:
    """Debian's headless Chromium. A missing browser or driver fails the test, never skips it."""
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert browser and driver, "no chromium or chromedriver on PATH: scripts/install-chromium installs both"
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400"):
        options.add_argument(argument)  # --no-sandbox: root in a container
    options.add_argument(f"--user-data-dir={profile}")
    session = webdriver.Chrome(options=options, service=Service(driver))
    try:
        yield session
    finally:
        session.quit()


def text(page: webdriver.Chrome, expression: str) -> Any:
    return page.execute_script(f"return {expression}")


def test_the_dashboard_shows_the_flow_and_its_rows_and_refreshes_them(pulumi_bin: str, workdir: Path) -> None:
    emulator = EmulatorProcess(workdir / "emulator").start()
    try:
        project = PulumiProject("streaming-source", workdir, pulumi_bin)
        project.init("dev", aep_config(emulator.url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
        project.up("dev")
        out = project.outputs("dev")
        send(out["inlet_url"], [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}], workdir)

        with chromium(workdir / "chromium-profile") as page:
            page.get(f"{emulator.url}/_emulator/ui?sandbox=prod")
            flows = text(page, "document.getElementById('flows').innerText")
            assert out["flow_id"] in flows and out["inlet_url"] in flows and "enabled" in flows, flows
            assert "Ada" in text(page, "document.getElementById('rows').innerText")
            assert text(page, "document.getElementById('row-count').textContent") == "1"
            assert "No flows" not in text(page, "document.body.innerText")

            # More records arrive; the open page shows them without a reload.
            marker = text(page, "window.stillTheSamePage = true")
            send(out["inlet_url"], [{"firstName": "Grace", "lastName": "Hopper"}, {"firstName": "Alan"}], workdir)
            WebDriverWait(page, 15).until(lambda p: text(p, "document.getElementById('row-count').textContent") == "3")
            assert marker and text(page, "window.stillTheSamePage") is True
            assert "Grace" in text(page, "document.getElementById('rows').innerText")
            runs = text(page, "document.getElementById('runs').innerText")
            flows = text(page, "document.getElementById('flows').innerText")
            assert "\t3\t3\t0" in runs and "\t3\t3\t0" in flows, (runs, flows)  # received, ingested, failed

            shot = workdir / "dashboard.png"
            assert page.save_screenshot(str(shot))
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    finally:
        emulator.stop()
