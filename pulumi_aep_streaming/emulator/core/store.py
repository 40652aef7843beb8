"""SQLite persistence for the emulator: entities as JSON documents, dataset rows, tokens, inlets.

One connection, used only from the event-loop thread, WAL journal. Every write commits before the
handler answers, so an acknowledged request survives a restart or a ``kill -9`` of the process.

What the services look entities up by (an id's other spellings, a name, the entities a flow
links...) is indexed in ``refs``, so a lookup costs the same with ten entities or thousands.
"""

from __future__ import annotations

import builtins
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, overload

import orjson

from pulumi_aep_streaming.emulator.core.checkpoints import LOG_LIMIT, Checkpointer
from pulumi_aep_streaming.emulator.core.fragments import Fragments

SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
    kind TEXT NOT NULL, org TEXT NOT NULL, sandbox TEXT NOT NULL, id TEXT NOT NULL,
    seq INTEGER NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (kind, org, sandbox, id)
);
-- A dataset's rows under a small integer key: the index the inlet writes on every record stays
-- narrow (an index on org, sandbox and dataset id doubled the cost of each insert).
CREATE TABLE IF NOT EXISTS datasets (
    ds INTEGER PRIMARY KEY, org TEXT NOT NULL, sandbox TEXT NOT NULL, dataset_id TEXT NOT NULL,
    UNIQUE (org, sandbox, dataset_id)
);
CREATE TABLE IF NOT EXISTS records (seq INTEGER PRIMARY KEY, ds INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_by_dataset ON records (ds, seq);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, org TEXT NOT NULL, expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS inlets (
    inlet_id TEXT PRIMARY KEY, org TEXT NOT NULL, sandbox TEXT NOT NULL,
    owner_kind TEXT NOT NULL, owner_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS refs (
    kind TEXT NOT NULL, org TEXT NOT NULL, sandbox TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
    id TEXT NOT NULL, PRIMARY KEY (kind, org, sandbox, field, value, id)
);
CREATE INDEX IF NOT EXISTS refs_by_entity ON refs (kind, org, sandbox, id);
CREATE INDEX IF NOT EXISTS entities_in_order ON entities (kind, org, sandbox, seq);
"""


def _ids(doc: dict[str, Any], key: str) -> builtins.list[str]:
    value = doc.get(key)
    return [str(v) for v in value] if isinstance(value, builtins.list) else [str(value)] if value else []


def _xdm_refs(doc: dict[str, Any]) -> builtins.list[tuple[str, str]]:
    refs = [("ref", r) for r in (doc.get("$id"), doc.get("meta:altId")) if r]
    if doc.get("$id"):
        refs.append(("ref", str(doc["$id"]).rsplit("/", 1)[-1]))
    refs += [("uses", str(p["$ref"])) for p in doc.get("allOf", []) if isinstance(p, dict) and p.get("$ref")]
    return refs + [("title", v) for v in _ids(doc, "title")]


# What each kind is looked up by: (field, value) pairs taken from the document. Bump
# INDEX_VERSION when this changes: stores built before are re-indexed when opened.
INDEX_VERSION = 2
INDEXED: dict[str, Callable[[dict[str, Any]], builtins.list[tuple[str, str]]]] = {
    "schema": _xdm_refs,
    "fieldgroup": _xdm_refs,
    "dataset": lambda d: (
        [("schema", str((d.get("schemaRef") or {}).get("id")))] + [("name", v) for v in _ids(d, "name")]
    ),
    "connection": lambda d: [("name", v) for v in _ids(d, "name")],
    "sourceConnection": lambda d: (
        [("baseConnectionId", v) for v in _ids(d, "baseConnectionId")] + [("name", v) for v in _ids(d, "name")]
    ),
    "targetConnection": lambda d: (
        [("params.dataSetId", str((d.get("params") or {}).get("dataSetId")))] + [("name", v) for v in _ids(d, "name")]
    ),
    "flow": lambda d: (
        [("sourceConnectionIds", v) for v in _ids(d, "sourceConnectionIds")]
        + [("targetConnectionIds", v) for v in _ids(d, "targetConnectionIds")]
        + [("mappingId", str((t.get("params") or {}).get("mappingId"))) for t in d.get("transformations") or []]
        + [("name", v) for v in _ids(d, "name")]
    ),
    "run": lambda d: [("flowId", v) for v in _ids(d, "flowId")],
    "mappingSet": lambda d: [("name", v) for v in _ids(d, "name")],
    "descriptor": lambda d: [("sourceSchema", v) for v in _ids(d, "xdm:sourceSchema")],
}
# Kinds whose writes never change how a record is processed (the inlet's cached plans stay valid).
UNPLANNED = frozenset({"run"})


class Store:
    """Entity and row storage scoped by (org, sandbox)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode never loses a committed transaction to a process crash (kill -9);
        # only an OS crash or power loss can roll back the last commits.
        self._db.execute("PRAGMA synchronous=NORMAL")
        # Profile lookups read any graph's rows: a page cache of 64 MB (SQLite's default is 2 MB)
        # keeps a large store's pages at hand.
        self._db.execute("PRAGMA cache_size=-65536")
        self._db.execute(f"PRAGMA wal_autocheckpoint={LOG_LIMIT}")  # a thread copies the log (see Checkpointer)
        self._db.executescript(SCHEMA)
        self._depth = 0
        self._undo: list[Callable[[], object]] = []  # what a rollback of the open transaction undoes
        # Bumped by every write that can change how the inlet processes records.
        self.generation = 0
        self._dataset_keys: dict[tuple[str, str, str], int] = {}
        self.fragments = Fragments(self._db, self.transaction, self.on_rollback)
        if self._counter("index-version") != INDEX_VERSION:
            self._reindex()
        self._move_old_rows()
        self._checkpoints = Checkpointer(path)
        weakref.finalize(self, self._checkpoints.stop)  # a store dropped unclosed stops its thread too

    def close(self) -> None:
        self._checkpoints.stop()
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
                undo, self._undo = self._undo, []
                for step in reversed(undo):
                    step()
            raise
        self._depth -= 1
        if self._depth == 0:
            self._db.execute("COMMIT")
            self._undo.clear()

    def on_rollback(self, undo: Callable[[], object]) -> None:
        """Call ``undo`` if the open transaction rolls back: for state kept in memory beside the
        database, which must not keep what the database did not."""
        if self._depth:
            self._undo.append(undo)

    # -- entities ---------------------------------------------------------------------------

    def _counter(self, name: str) -> int | None:
        row = self._db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else None

    def _reindex(self) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM refs")
            for kind, org, sandbox, entity_id, body in self._db.execute(
                "SELECT kind, org, sandbox, id, body FROM entities"
            ).fetchall():
                self._index(kind, org, sandbox, entity_id, orjson.loads(body))
            self._db.execute(
                "INSERT INTO counters(name, value) VALUES ('index-version', ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                (INDEX_VERSION,),
            )

    def _index(self, kind: str, org: str, sandbox: str, entity_id: str, body: dict[str, Any] | None) -> None:
        self._db.execute(
            "DELETE FROM refs WHERE kind=? AND org=? AND sandbox=? AND id=?", (kind, org, sandbox, entity_id)
        )
        extract = INDEXED.get(kind)
        if body is not None and extract is not None:
            self._db.executemany(
                "INSERT OR IGNORE INTO refs(kind, org, sandbox, field, value, id) VALUES (?,?,?,?,?,?)",
                [(kind, org, sandbox, field, value, entity_id) for field, value in extract(body)],
            )
        if kind not in UNPLANNED:
            self.generation += 1

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
                (kind, org, sandbox, entity_id, seq, orjson.dumps(body).decode()),
            )
            self._index(kind, org, sandbox, entity_id, body)

    def rewrite(self, kind: str, org: str, sandbox: str, entity_id: str, body: dict[str, Any]) -> None:
        """Store a new body for an entity whose indexed fields did not change (a run's metrics):
        one statement, no re-indexing; the inlet does this on every request."""
        self._db.execute(
            "UPDATE entities SET body=? WHERE kind=? AND org=? AND sandbox=? AND id=?",
            (orjson.dumps(body).decode(), kind, org, sandbox, entity_id),
        )

    def get(self, kind: str, org: str, sandbox: str, entity_id: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT body FROM entities WHERE kind=? AND org=? AND sandbox=? AND id=?",
            (kind, org, sandbox, entity_id),
        ).fetchone()
        return orjson.loads(row[0]) if row else None

    def list(self, kind: str, org: str, sandbox: str) -> builtins.list[dict[str, Any]]:
        """All entities of a kind in creation order."""
        rows = self._db.execute(
            "SELECT body FROM entities WHERE kind=? AND org=? AND sandbox=? ORDER BY seq",
            (kind, org, sandbox),
        ).fetchall()
        return [orjson.loads(r[0]) for r in rows]

    def find(self, kind: str, org: str, sandbox: str, field: str, value: str) -> builtins.list[dict[str, Any]]:
        """The entities of a kind whose indexed ``field`` (see INDEXED) has ``value``, in creation order."""
        rows = self._db.execute(
            # CROSS JOIN keeps refs first: otherwise SQLite walks every entity in seq order.
            "SELECT e.body FROM refs r CROSS JOIN entities e ON e.kind=r.kind AND e.org=r.org AND e.sandbox=r.sandbox "
            "AND e.id=r.id WHERE r.kind=? AND r.org=? AND r.sandbox=? AND r.field=? AND r.value=? ORDER BY e.seq",
            (kind, org, sandbox, field, value),
        ).fetchall()
        return [orjson.loads(r[0]) for r in rows]

    def count(self, kind: str, org: str, sandbox: str) -> int:
        row = self._db.execute(
            "SELECT count(*) FROM entities WHERE kind=? AND org=? AND sandbox=?", (kind, org, sandbox)
        ).fetchone()
        return int(row[0])

    def window(self, kind: str, org: str, sandbox: str, offset: int, limit: int) -> builtins.list[dict[str, Any]]:
        """``limit`` entities of a kind from ``offset``, in creation order."""
        rows = self._db.execute(
            "SELECT body FROM entities WHERE kind=? AND org=? AND sandbox=? ORDER BY seq LIMIT ? OFFSET ?",
            (kind, org, sandbox, limit, offset),
        ).fetchall()
        return [orjson.loads(r[0]) for r in rows]

    def delete(self, kind: str, org: str, sandbox: str, entity_id: str) -> bool:
        with self.transaction():
            cur = self._db.execute(
                "DELETE FROM entities WHERE kind=? AND org=? AND sandbox=? AND id=?",
                (kind, org, sandbox, entity_id),
            )
            self._index(kind, org, sandbox, entity_id, None)
        return cur.rowcount > 0

    # -- dataset rows -----------------------------------------------------------------------

    def _dataset_key(self, org: str, sandbox: str, dataset_id: str, create: bool) -> int | None:
        key = (org, sandbox, dataset_id)
        if key not in self._dataset_keys:
            if create:
                self._db.execute("INSERT OR IGNORE INTO datasets(org, sandbox, dataset_id) VALUES (?,?,?)", key)
            row = self._db.execute("SELECT ds FROM datasets WHERE org=? AND sandbox=? AND dataset_id=?", key).fetchone()
            if row is None:
                return None
            self._dataset_keys[key] = int(row[0])
            # A key made by a transaction that rolls back is not kept: SQLite would give it again.
            self.on_rollback(lambda: self._dataset_keys.pop(key, None))
        return self._dataset_keys[key]

    def add_rows(self, org: str, sandbox: str, dataset_id: str, bodies: builtins.list[str]) -> None:
        with self.transaction():
            ds = self._dataset_key(org, sandbox, dataset_id, create=True)
            self._db.executemany("INSERT INTO records(ds, body) VALUES (?,?)", [(ds, b) for b in bodies])

    def rows(self, org: str, sandbox: str, dataset_id: str) -> builtins.list[Any]:
        ds = self._dataset_key(org, sandbox, dataset_id, create=False)
        cur = self._db.execute("SELECT body FROM records WHERE ds=? ORDER BY seq", (ds,))
        return [orjson.loads(r[0]) for r in cur.fetchall()]

    def latest_rows(self, org: str, sandbox: str, dataset_id: str, limit: int) -> tuple[int, builtins.list[Any]]:
        """(how many rows the dataset holds, its latest ``limit`` rows newest first)."""
        ds = self._dataset_key(org, sandbox, dataset_id, create=False)
        total = self._db.execute("SELECT COUNT(*) FROM records WHERE ds=?", (ds,)).fetchone()[0]
        cur = self._db.execute("SELECT body FROM records WHERE ds=? ORDER BY seq DESC LIMIT ?", (ds, limit))
        return int(total), [orjson.loads(r[0]) for r in cur.fetchall()]

    def delete_rows(self, org: str, sandbox: str, dataset_id: str) -> None:
        with self.transaction():
            ds = self._dataset_key(org, sandbox, dataset_id, create=False)
            self._db.execute("DELETE FROM records WHERE ds=?", (ds,))

    def _move_old_rows(self) -> None:
        """Stores written before the records table kept rows in ``rows``: move them over, in order."""
        if not self._db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='rows'").fetchone():
            return
        with self.transaction():
            self._db.execute(
                "INSERT OR IGNORE INTO datasets(org, sandbox, dataset_id) "
                "SELECT DISTINCT org, sandbox, dataset_id FROM rows ORDER BY org, sandbox, dataset_id"
            )
            self._db.execute(
                "INSERT INTO records(ds, body) SELECT d.ds, r.body FROM rows r JOIN datasets d "
                "ON d.org=r.org AND d.sandbox=r.sandbox AND d.dataset_id=r.dataset_id ORDER BY r.seq"
            )
            self._db.execute("DROP TABLE rows")

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
        self.generation += 1

    def inlet(self, inlet_id: str) -> tuple[str, str, str, str] | None:
        """(org, sandbox, owner_kind, owner_id) of an inlet, or None."""
        row = self._db.execute(
            "SELECT org, sandbox, owner_kind, owner_id FROM inlets WHERE inlet_id = ?", (inlet_id,)
        ).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else None

    def delete_inlet(self, inlet_id: str) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM inlets WHERE inlet_id = ?", (inlet_id,))
        self.generation += 1

    # -- whole store ------------------------------------------------------------------------

    def delete_sandbox(self, org: str, sandbox: str) -> None:
        """Everything a sandbox holds: its entities, dataset rows, inlets and profiles."""
        where = (org, sandbox)
        with self.transaction():
            for table in ("entities", "refs", "inlets"):
                self._db.execute(f"DELETE FROM {table} WHERE org=? AND sandbox=?", where)  # noqa: S608 - fixed names
            self._db.execute(
                "DELETE FROM records WHERE ds IN (SELECT ds FROM datasets WHERE org=? AND sandbox=?)", where
            )
            self._db.execute("DELETE FROM datasets WHERE org=? AND sandbox=?", where)
            self.fragments.delete_sandbox(org, sandbox)
            self._dataset_keys = {k: v for k, v in self._dataset_keys.items() if k[:2] != where}
            self.generation += 1

    def reset(self) -> None:
        with self.transaction():
            for table in ("entities", "records", "datasets", "tokens", "inlets", "refs"):
                self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            self._db.execute("DELETE FROM counters WHERE name != 'index-version'")
            self.fragments.reset()
            self._dataset_keys.clear()
            self.generation += 1


class StoredDocs(Sequence[dict[str, Any]]):
    """The entities of a kind as a lazy sequence: a slice reads only that window, len() counts."""

    def __init__(self, store: Store, kind: str, org: str, sandbox: str) -> None:
        self._store, self._key = store, (kind, org, sandbox)

    def __len__(self) -> int:
        return self._store.count(*self._key)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> builtins.list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | builtins.list[dict[str, Any]]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return self._store.list(*self._key)[index]
            return self._store.window(*self._key, start, max(0, stop - start))
        return self[index : index + 1][0] if index >= 0 else self._store.list(*self._key)[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._store.list(*self._key))
