"""The processes Pulumi starts for one command, and what this package tunes in them.

Each Pulumi command starts a program process and a provider process. Each one imports pulumi,
pydantic and this package: tens of thousands of objects that live as long as the process. Each
then allocates enough to run full collections, and every full collection walks all of those
objects again (about 40 ms each on a 2-core machine). ``gc.freeze()`` moves what exists now to a
generation the collector skips, and young collections run less often. In the provider process,
Pulumi's RPC pool is also let grow (``provider/_server.py``).

Nothing happens at import. A program's first resource calls ``program_started`` and the first
provider configured in a process calls ``provider._server.started``: each tunes its process once, only in
the processes Pulumi starts for one command (an application that runs a program inside its own
process, the Automation API's inline programs, keeps its collector: there, objects frozen now could
never be reclaimed), and not at all with ``AEP_PROCESS_TUNING=off``.
"""

from __future__ import annotations

import functools
import gc
import os
import signal
import sys
import threading
from types import FrameType

LANGUAGE_HOST = "pulumi-language-python-exec"  # the script Pulumi's language host runs a program with
PROVIDER_SERVER = "pulumi.dynamic.__main__"  # ``python -m pulumi.dynamic``
# Allocations between young collections (Python's default is 700): a command's registrations and
# RPC messages are mostly acyclic and short-lived, and a process lives for one command.
YOUNG_THRESHOLD = 10_000
# The exit code Pulumi's language host reads as "the error was already reported": it adds nothing.
ALREADY_REPORTED = 32
# Set to "off" to keep Pulumi's and Python's defaults in both processes.
TUNING_SWITCH = "AEP_PROCESS_TUNING"


def tuning_allowed() -> bool:
    return os.environ.get(TUNING_SWITCH, "").strip().lower() not in ("off", "0", "false", "no")


def is_provider_process() -> bool:
    """Whether this is the dynamic provider server Pulumi started for one command."""
    main = sys.modules.get("__main__")
    return getattr(getattr(main, "__spec__", None), "name", None) == PROVIDER_SERVER


def is_program_process() -> bool:
    """Whether this is a program that Pulumi's language host started for one command."""
    return any(os.path.basename(arg) == LANGUAGE_HOST for arg in sys.orig_argv[1:2])


def freeze_imports() -> bool:
    """In a process Pulumi started for one command, exclude every object alive now (mostly what
    was imported) from later collections. Answers whether it did."""
    if not (is_program_process() or is_provider_process()) or not tuning_allowed():
        return False
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    return True


@functools.cache
def program_started() -> None:
    """Called by a program's first resource: tune the program process, once."""
    end_quietly_when_stopped()
    freeze_imports()


def _stopped(signum: int, frame: FrameType | None) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(ALREADY_REPORTED)


@functools.cache
def end_quietly_when_stopped() -> bool:
    """In a program Pulumi's language host started, end without a traceback when the engine stops it.

    After a resource fails (a provider's check, a create), the engine has reported the failure and
    cancels the program; the language host does that with SIGINT, which Python turns into a
    KeyboardInterrupt in whatever the program is waiting on, and the host's exec script prints its
    traceback twice under the one useful message. A Ctrl-C reaches the program the same way, after
    the engine has begun cancelling. Either way the program has nothing left to do: it exits at
    once with the code that tells the host the failure was already reported. Installed once, by the
    first resource the program declares, and only over Python's own handler (a handler the program
    set itself stays). Answers whether it is installed.
    """
    if not is_program_process() or threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return False
    signal.signal(signal.SIGINT, _stopped)
    return True
