"""Which processes freeze their imports out of the garbage collector: only those Pulumi starts
for one command (a program under the language host, the dynamic provider server)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_mock import MockerFixture

from pulumi_aep_streaming import _process


@pytest.fixture(autouse=True)
def collector_as_it_was() -> Iterator[None]:
    threshold = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_program_under_the_language_host_freezes(mocker: MockerFixture) -> None:
    mocker.patch.object(sys, "orig_argv", [sys.executable, "/opt/pulumi/bin/pulumi-language-python-exec", "--monitor"])
    assert _process.freeze_imports() and gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == _process.YOUNG_THRESHOLD


def test_the_dynamic_provider_server_freezes(mocker: MockerFixture) -> None:
    main = types.ModuleType("__main__")
    main.__spec__ = mocker.Mock(name="spec")
    main.__spec__.name = "pulumi.dynamic.__main__"
    mocker.patch.dict(sys.modules, {"__main__": main})
    assert _process.freeze_imports() and gc.get_freeze_count() > 0


def test_any_other_process_keeps_its_collector(mocker: MockerFixture) -> None:
    """A test run, a tool, or an application running an inline program (the Automation API)."""
    threshold = gc.get_threshold()
    mocker.patch.object(sys, "orig_argv", [sys.executable, "-m", "pytest", "pulumi-language-python-exec"])
    assert not _process.freeze_imports() and gc.get_freeze_count() == 0 and gc.get_threshold() == threshold


def test_a_program_is_tuned_by_its_first_resource_not_by_an_import(tmp_path: Path) -> None:
    """The real signal, in a real process: the language host runs a script of this name."""
    host = tmp_path / "pulumi-language-python-exec"
    host.write_text(
        "import gc, pulumi_aep_streaming.resources\n"
        "from pulumi_aep_streaming import _process\n"
        "imported = gc.get_freeze_count()\n"
        "_process.program_started()\n"
        "print(imported, gc.get_freeze_count())\n"
    )
    other = tmp_path / "program.py"
    other.write_text(host.read_text())
    off = {**os.environ, _process.TUNING_SWITCH: "off"}
    runs = [
        subprocess.run([sys.executable, str(p)], capture_output=True, text=True, check=True, env=env).stdout.split()
        for p, env in ((host, None), (other, None), (host, off))
    ]
    (imported, started), (_, elsewhere), (_, switched_off) = ([int(n) for n in run] for run in runs)
    assert imported == 0 and started > 10_000 and elsewhere == 0 and switched_off == 0, runs


def test_a_program_the_engine_stops_ends_without_a_traceback(tmp_path: Path) -> None:
    """The language host stops a program with SIGINT once the engine has reported a failure; after
    the first resource, the program exits with the host's "already reported" code, silently. A
    process that is not the host's keeps Python's KeyboardInterrupt."""
    script = (
        "import os, signal, time\n"
        "from pulumi_aep_streaming import _process\n"
        "print(_process.end_quietly_when_stopped(), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "time.sleep(5)\n"
    )
    host = tmp_path / "pulumi-language-python-exec"
    host.write_text(script)
    other = tmp_path / "program.py"
    other.write_text(script)
    stopped = subprocess.run([sys.executable, str(host)], capture_output=True, text=True, timeout=30)
    assert (stopped.returncode, stopped.stdout.strip(), stopped.stderr) == (_process.ALREADY_REPORTED, "True", "")
    elsewhere = subprocess.run([sys.executable, str(other)], capture_output=True, text=True, timeout=30)
    assert elsewhere.stdout.strip() == "False" and "KeyboardInterrupt" in elsewhere.stderr


def test_a_handler_the_program_set_itself_stays(tmp_path: Path) -> None:
    host = tmp_path / "pulumi-language-python-exec"
    host.write_text(
        "import signal\n"
        "from pulumi_aep_streaming import _process\n"
        "signal.signal(signal.SIGINT, lambda *a: None)\n"
        "print(_process.end_quietly_when_stopped())\n"
    )
    run = subprocess.run([sys.executable, str(host)], capture_output=True, text=True, timeout=30, check=True)
    assert run.stdout.strip() == "False"
