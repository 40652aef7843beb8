"""SQLite checkpoints on a thread of their own, off the path of the writes that fill the log.

In WAL mode a commit appends the pages it changed to the write-ahead log; a checkpoint copies them
into the database file and syncs both files. SQLite runs one inside the commit that takes the log
past 1000 pages, so the request that made that commit waits for the copy and the syncs (a Profile
batch, which writes about twice the pages of a data-lake batch, waits twice as often). Here a
thread with a connection of its own runs a PASSIVE checkpoint, which neither waits for nor blocks
the writer, a few times a second; SQLite lets go of Python's lock while it copies, so the requests
go on. Durability is the same: a commit is in the log, whoever copies it later.

A log starts again from its beginning only once a checkpoint has copied all of it, which one
running beside the writer does not while commits keep coming. So the store's connection still
checkpoints, as SQLite does, but only when the log reaches ``LOG_LIMIT`` frames: that commit
copies what the thread has not (little) and the log starts again.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

INTERVAL = 0.2  # seconds between checkpoints; one with nothing to copy costs a read of the log's index
LOG_LIMIT = 16_384  # frames (a page each): 64 MiB of 4 KiB pages


class Checkpointer:
    """Checkpoints the database at ``path`` until stopped."""

    def __init__(self, path: Path) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=_run, args=(path, self._stop), name="sqlite-checkpoints", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the checkpoint under way, if any (the last connection to close copies the rest)."""
        self._stop.set()
        self._thread.join()


def _run(path: Path, stop: threading.Event) -> None:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA synchronous=NORMAL")
        while not stop.wait(INTERVAL):
            try:
                db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error:  # busy with another connection's checkpoint, or the file went away: next time
                continue
    finally:
        db.close()
