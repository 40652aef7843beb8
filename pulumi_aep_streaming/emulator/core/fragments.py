"""SQLite persistence of Profile fragments and the identity graphs that link them.

Every identity (namespace code without case, id) of a sandbox belongs to one graph; a record that
carries identities of several graphs merges them into one. A fragment is one record of a
Profile-enabled dataset, kept under its graph. A lookup is one indexed read of the identity,
then the graph's identities and fragments by the graph's key: its cost does not grow with the
number of fragments stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import orjson

SCHEMA = """
CREATE TABLE IF NOT EXISTS graphs (graph INTEGER PRIMARY KEY, org TEXT NOT NULL, sandbox TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identities (
    org TEXT NOT NULL, sandbox TEXT NOT NULL, ns TEXT NOT NULL, id TEXT NOT NULL,
    code TEXT NOT NULL, graph INTEGER NOT NULL, PRIMARY KEY (org, sandbox, ns, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS identities_by_graph ON identities (graph);
CREATE TABLE IF NOT EXISTS fragments (
    seq INTEGER PRIMARY KEY, graph INTEGER NOT NULL, dataset_id TEXT NOT NULL, ts INTEGER NOT NULL,
    tag TEXT NOT NULL, keys TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fragments_by_graph ON fragments (graph, seq);
"""


@dataclass(frozen=True)
class Identity:
    code: str  # the namespace code as the record or descriptor spelled it
    id: str

    @property
    def key(self) -> str:
        """How the identity is compared: namespace codes ignore case, ids do not."""
        return f"{self.code.lower()}\x1f{self.id}"


@dataclass(frozen=True)
class Fragment:
    dataset_id: str
    ts: int
    tag: str
    keys: frozenset[str]  # Identity.key of each identity the record carried
    body: dict[str, Any]


@dataclass(frozen=True)
class Graph:
    identities: list[Identity]
    fragments: list[Fragment]  # in the order they were stored


class Fragments:
    """Profile fragments and identity graphs, scoped by (org, sandbox); shares the Store's connection."""

    def __init__(self, db: sqlite3.Connection, transaction: Callable[[], AbstractContextManager[None]]) -> None:
        self._db = db
        self._transaction = transaction
        db.executescript(SCHEMA)

    def _graph_of(self, org: str, sandbox: str, identity: Identity) -> int | None:
        row = self._db.execute(
            "SELECT graph FROM identities WHERE org=? AND sandbox=? AND ns=? AND id=?",
            (org, sandbox, identity.code.lower(), identity.id),
        ).fetchone()
        return int(row[0]) if row else None

    def add(
        self, org: str, sandbox: str, identities: list[Identity], dataset_id: str, ts: int, tag: str, body: str
    ) -> None:
        """Store one record's fragment and link all its identities in one graph."""
        with self._transaction():
            graphs = sorted({g for i in identities if (g := self._graph_of(org, sandbox, i)) is not None})
            if graphs:
                graph, merged = graphs[0], graphs[1:]
                for other in merged:
                    self._db.execute("UPDATE identities SET graph=? WHERE graph=?", (graph, other))
                    self._db.execute("UPDATE fragments SET graph=? WHERE graph=?", (graph, other))
                    self._db.execute("DELETE FROM graphs WHERE graph=?", (other,))
            else:
                graph = int(
                    self._db.execute("INSERT INTO graphs(org, sandbox) VALUES (?, ?)", (org, sandbox)).lastrowid or 0
                )
            self._db.executemany(
                "INSERT OR IGNORE INTO identities(org, sandbox, ns, id, code, graph) VALUES (?,?,?,?,?,?)",
                [(org, sandbox, i.code.lower(), i.id, i.code, graph) for i in identities],
            )
            keys = orjson.dumps(sorted({i.key for i in identities})).decode()
            self._db.execute(
                "INSERT INTO fragments(graph, dataset_id, ts, tag, keys, body) VALUES (?,?,?,?,?,?)",
                (graph, dataset_id, ts, tag, keys, body),
            )

    def graph(self, org: str, sandbox: str, identity: Identity, max_identities: int) -> Graph | int | None:
        """The graph ``identity`` belongs to, None if it has none, or the graph's size when it links
        more than ``max_identities`` identities (its fragments are then not read)."""
        graph = self._graph_of(org, sandbox, identity)
        if graph is None:
            return None
        rows = self._db.execute(
            "SELECT code, id FROM identities WHERE graph=? LIMIT ?", (graph, max_identities + 1)
        ).fetchall()
        if len(rows) > max_identities:
            return int(self._db.execute("SELECT COUNT(*) FROM identities WHERE graph=?", (graph,)).fetchone()[0])
        return Graph([Identity(r[0], r[1]) for r in rows], list(self._fragments(graph)))

    def _fragments(self, graph: int) -> Iterator[Fragment]:
        cur = self._db.execute(
            "SELECT dataset_id, ts, tag, keys, body FROM fragments WHERE graph=? ORDER BY seq", (graph,)
        )
        for dataset_id, ts, tag, keys, body in cur:
            yield Fragment(dataset_id, int(ts), tag, frozenset(orjson.loads(keys)), orjson.loads(body))

    def delete_graph(self, org: str, sandbox: str, identity: Identity) -> bool:
        """Delete the profile ``identity`` belongs to: its fragments and its graph's identities."""
        with self._transaction():
            graph = self._graph_of(org, sandbox, identity)
            if graph is None:
                return False
            for table in ("identities", "fragments", "graphs"):
                self._db.execute(f"DELETE FROM {table} WHERE graph=?", (graph,))  # noqa: S608 - fixed names
            return True

    def delete_dataset(self, org: str, sandbox: str, dataset_id: str) -> None:
        """A deleted dataset's fragments leave the profiles (identities stay linked, as in AEP's graph)."""
        self._db.execute(
            "DELETE FROM fragments WHERE dataset_id=?"
            " AND graph IN (SELECT graph FROM graphs WHERE org=? AND sandbox=?)",
            (dataset_id, org, sandbox),
        )

    def reset(self) -> None:
        for table in ("identities", "fragments", "graphs"):
            self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
