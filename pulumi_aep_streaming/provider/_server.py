"""The provider process's RPC pool, widened.

Pulumi's Python dynamic provider server (``python -m pulumi.dynamic``) serves RPCs from a thread
pool fixed at 4 workers (``pulumi/dynamic/__main__.py``), while the engine sends up to 4 x cores
at once. An RPC here mostly waits on AEP, so with many sources the API round trips queue behind
those 4 threads: a stack of 20 sources takes five times its critical path to create. When the
providers load in that process, the pool is let grow to ``AEP_PROVIDER_RPC_WORKERS`` threads
(default 16; 4 keeps Pulumi's). The providers are thread-safe: one client, locks around shared
caches. Anything unexpected (another server layout, a pool of another size) leaves it as it is.
"""

from __future__ import annotations

import gc
import os
from concurrent.futures import ThreadPoolExecutor

from pulumi_aep_streaming._process import is_provider_process

PULUMI_POOL_SIZE = 4
DEFAULT_WORKERS = 16


def widen_rpc_pool() -> int:
    """Let the dynamic provider server's pool grow; answer how many pools were widened (0 or 1)."""
    if not is_provider_process():
        return 0  # a program, a test or a tool: not the provider server
    try:
        workers = int(os.environ.get("AEP_PROVIDER_RPC_WORKERS", DEFAULT_WORKERS))
    except ValueError:
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
    return 1


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
