"""Importing the package changes nothing outside it: no module planted in ``sys.modules``, no
collector tuning, no other library's private field written. Checked in a fresh process that looks
like each process Pulumi starts (a program under the language host, the dynamic provider server),
where the package does tune itself, but only when called (``_process``, ``provider/_server.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

IMPORT_EVERYTHING = """
import concurrent.futures, gc, importlib, json, pkgutil, sys, types
if sys.argv[1] == "provider":  # what `python -m pulumi.dynamic` looks like to the package
    sys.modules["__main__"].__spec__ = types.SimpleNamespace(name="pulumi.dynamic.__main__")
pool = concurrent.futures.ThreadPoolExecutor(max_workers=4)  # the server's pool
def seen():
    return {"pool": [pool._max_workers, pool._idle_semaphore._value, pool._work_queue.qsize()],
            "frozen": gc.get_freeze_count(), "threshold": list(gc.get_threshold())}
before, modules = seen(), set(sys.modules)
import pulumi_aep_streaming
names = [m.name for m in pkgutil.walk_packages(pulumi_aep_streaming.__path__, "pulumi_aep_streaming.")]
for name in names:
    importlib.import_module(name)
# A module object with no spec under another package's name shadows a part of that package.
planted = sorted(m for m in set(sys.modules) - modules if "." in m and getattr(sys.modules[m], "__spec__", None) is None)
print(json.dumps({"before": before, "after": seen(), "planted": planted, "imported": len(names)}))
"""


@pytest.mark.parametrize("process", ["program", "provider"])
def test_importing_every_module_changes_nothing_outside_the_package(process: str, tmp_path: Path) -> None:
    script = tmp_path / ("pulumi-language-python-exec" if process == "program" else "provider.py")
    script.write_text(IMPORT_EVERYTHING)
    run = subprocess.run([sys.executable, str(script), process], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["imported"] > 50
    assert seen["after"] == seen["before"] and seen["planted"] == [], seen
