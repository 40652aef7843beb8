"""SQLite persistence for the emulator: entities as JSON documents, dataset rows, tokens, inlets.

One connection, used only from the event-loop thread, WAL journal. Every write commits before the
handler answers, so an acknowledged request survives a restart or a ``kill -9`` of the process.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
    kind TEXT NOT NULL, org TEXT NOT NULL, sandbox TEXT NOT NULL, id TEXT NOT NULL,
    seq INTEGER NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (kind, org, sandbox, id)
);
CREATE TABLE IF NOT EXISTS rows (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    org TEXT NOT NULL, sandbox TEXT NOT NULL, dataset_id TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rows_by_dataset ON rows (org, sandbox, dataset_id, seq);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, org TEXT NOT NULL, expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS inlets (
    inlet_id TEXT PRIMARY KEY, org TEXT NOT NULL, sandbox TEXT NOT NULL,
    owner_kind TEXT NOT NULL, owner_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


class Store:
    """Entity and row storage scoped by (org, sandbox)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode never loses a committed transaction to a process crash (kill -9);
        # only an OS crash or power loss can roll back the last commits.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._depth = 0

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one commit; nested uses join the outer transaction."""
        if self._depth == 0:
            self._db.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._db.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            self._db.execute("COMMIT")

    # -- entities ---------------------------------------------------------------------------

    def next_seq(self, name: str = "entity") -> int:
        with self.transaction():
            self._db.execute(
                "INSERT INTO counters(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1",
                (name,),
            )
            row = self._db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        return int(row[0])

    def put(self, kind: str, org: str, sandbox: str, entity_id: str, body: dict[str, Any]) -> None:
        with self.transaction():
            existing = self._db.execute(
                "SELECT seq FROM entities WHERE kind=? AND org=? AND sandbox=? AND id=?",
                (kind, org, sandbox, entity_id),
            ).fetchone()
            seq = existing[0] if existing else self.next_seq()
            self._db.execute(
                "INSERT OR REPLACE INTO entities(kind, org, sandbox, id, seq, body) VALUES (?,?,?,?,?,?)",
                (kind, org, sandbox, entity_id, seq, json.dumps(body)),
            )

    def get(self, kind: str, org: str, sandbox: str, entity_id: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT body FROM entities WHERE kind=? AND org=? AND sandbox=? AND id=?",
            (kind, org, sandbox, entity_id),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def list(self, kind: str, org: str, sandbox: str) -> list[dict[str, Any]]:
        """All entities of a kind in creation order."""
        rows = self._db.execute(
            "SELECT body FROM entities WHERE kind=? AND org=? AND sandbox=? ORDER BY seq",
            (kind, org, sandbox),
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def delete(self, kind: str, org: str, sandbox: str, entity_id: str) -> bool:
        with self.transaction():
            cur = self._db.execute(
                "DELETE FROM entities WHERE kind=? AND org=? AND sandbox=? AND id=?",
                (kind, org, sandbox, entity_id),
            )
        return cur.rowcount > 0

    # -- dataset rows -----------------------------------------------------------------------

    def add_rows(self, org: str, sandbox: str, dataset_id: str, bodies: builtins.list[str]) -> None:
        with self.transaction():
            self._db.executemany(
                "INSERT INTO rows(org, sandbox, dataset_id, body) VALUES (?,?,?,?)",
                [(org, sandbox, dataset_id, b) for b in bodies],
            )

    def rows(self, org: str, sandbox: str, dataset_id: str) -> builtins.list[Any]:
        cur = self._db.execute(
            "SELECT body FROM rows WHERE org=? AND sandbox=? AND dataset_id=? ORDER BY seq",
            (org, sandbox, dataset_id),
        )
        return [json.loads(r[0]) for r in cur.fetchall()]

    def delete_rows(self, org: str, sandbox: str, dataset_id: str) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM rows WHERE org=? AND sandbox=? AND dataset_id=?", (org, sandbox, dataset_id))

    # -- tokens -----------------------------------------------------------------------------

    def add_token(self, token: str, client_id: str, org: str, expires_at: float) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM tokens WHERE expires_at < ?", (time.time(),))
            self._db.execute(
                "INSERT INTO tokens(token, client_id, org, expires_at) VALUES (?,?,?,?)",
                (token, client_id, org, expires_at),
            )

    def token(self, token: str) -> tuple[str, str, float] | None:
        """(client_id, org, expires_at) of a token, or None when unknown."""
        row = self._db.execute("SELECT client_id, org, expires_at FROM tokens WHERE token = ?", (token,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    # -- inlets -----------------------------------------------------------------------------

    def add_inlet(self, inlet_id: str, org: str, sandbox: str, owner_kind: str, owner_id: str) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT INTO inlets(inlet_id, org, sandbox, owner_kind, owner_id) VALUES (?,?,?,?,?)",
                (inlet_id, org, sandbox, owner_kind, owner_id),
            )

    def inlet(self, inlet_id: str) -> tuple[str, str, str, str] | None:
        """(org, sandbox, owner_kind, owner_id) of an inlet, or None."""
        row = self._db.execute(
            "SELECT org, sandbox, owner_kind, owner_id FROM inlets WHERE inlet_id = ?", (inlet_id,)
        ).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else None

    def delete_inlet(self, inlet_id: str) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM inlets WHERE inlet_id = ?", (inlet_id,))

    # -- whole store ------------------------------------------------------------------------

    def reset(self) -> None:
        with self.transaction():
            for table in ("entities", "rows", "tokens", "inlets", "counters"):
                self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
