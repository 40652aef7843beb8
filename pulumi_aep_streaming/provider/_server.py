"""The provider process's start-up: its RPC pool widened, its imports frozen (``_process``).

Pulumi's Python dynamic provider server (``python -m pulumi.dynamic``) serves RPCs from a thread
pool fixed at 4 workers (``pulumi/dynamic/__main__.py``), while the engine sends up to 4 x cores
at once. An RPC here mostly waits on AEP, so with many sources the API round trips queue behind
those 4 threads: a stack of 20 sources takes five times its critical path to create. When the
first provider is configured in that process, the pool is let grow to ``AEP_PROVIDER_RPC_WORKERS``
threads (default 16; 4 keeps Pulumi's). The providers are thread-safe: one client, locks around
shared caches.

The pool is a private detail of Pulumi's server, so this is done only for the Pulumi SDK releases
it was verified on (``VERIFIED_SDK``: the oldest supported one and the one the tests pin, both run
by the tests, whose ``test_the_provider_process_serves_more_than_four_rpcs_at_once`` fails when
the layout changes). Anything unexpected (another SDK, another server layout, a pool of another
size) leaves it as it is; ``AEP_PROCESS_TUNING=off`` turns it off. Logged once, at INFO.
"""

from __future__ import annotations

import functools
import gc
import importlib.metadata
import logging
import os
from concurrent.futures import ThreadPoolExecutor

from pulumi_aep_streaming._process import freeze_imports, is_provider_process, tuning_allowed

PULUMI_POOL_SIZE = 4
DEFAULT_WORKERS = 16
# The Pulumi SDK releases whose dynamic provider server was verified to hold one 4-thread pool.
VERIFIED_SDK = ((3, 216), (3, 260))

log = logging.getLogger("pulumi_aep_streaming.provider")


@functools.cache
def started() -> None:
    """Called when the first provider is configured in a process: tune it, once."""
    widened = widen_rpc_pool()
    frozen = freeze_imports()
    if widened or frozen:
        log.info("provider process: RPC pool %s, imports frozen: %s", widened or "as Pulumi made it", frozen)


def verified_sdk(version: str) -> bool:
    """Whether ``version`` of the Pulumi SDK is one whose server layout this was verified on."""
    try:
        release = tuple(int(part) for part in version.split(".")[:2])
    except ValueError:
        return False
    return VERIFIED_SDK[0] <= release <= VERIFIED_SDK[1]


def rpc_workers() -> int | None:
    """How many RPCs a provider process serves at once (``AEP_PROVIDER_RPC_WORKERS``); None if unreadable."""
    try:
        return int(os.environ.get("AEP_PROVIDER_RPC_WORKERS", DEFAULT_WORKERS))
    except ValueError:
        return None


def widen_rpc_pool() -> int:
    """Let the dynamic provider server's pool grow; answer its new size, or 0 where it was left."""
    if not is_provider_process() or not tuning_allowed():
        return 0  # a program, a test or a tool: not the provider server
    if not verified_sdk(importlib.metadata.version("pulumi")):
        return 0
    workers = rpc_workers()
    if workers is None:
        return 0
    pools = [
        obj
        for obj in gc.get_objects()
        if type(obj) is ThreadPoolExecutor and getattr(obj, "_max_workers", None) == PULUMI_POOL_SIZE
    ]
    if len(pools) != 1 or workers <= PULUMI_POOL_SIZE:
        return 0
    pool = pools[0]
    pool._max_workers = workers  # read on every submit: new threads start as RPCs arrive
    _start_threads_for_waiting_rpcs(pool)
    return workers


def _start_threads_for_waiting_rpcs(pool: ThreadPoolExecutor) -> None:
    """A burst of RPCs that came before the providers loaded (a destroy's or a refresh's first
    steps, 4 x cores at once) waits in the pool's queue, and no later submit starts a thread for
    it: every RPC a worker finishes counts that worker idle, even when it goes straight on to a
    waiting one, so submits see idle workers that are not there and the pool stays at 4 threads.
    Forget those counts and start a thread per waiting RPC."""
    idle, queue = getattr(pool, "_idle_semaphore", None), getattr(pool, "_work_queue", None)
    if idle is None or queue is None:
        return  # another ThreadPoolExecutor layout: new RPCs still start threads as they arrive
    while idle.acquire(timeout=0):
        pass
    for _ in range(queue.qsize()):
        pool._adjust_thread_count()
