"""SQLite persistence of Profile fragments and the identity graphs that link them.

Every identity (namespace code without case, id) of a sandbox belongs to one graph; a record that
carries identities of several graphs merges them into one. A fragment is one record of a
Profile-enabled dataset, kept under its graph with the identities its record linked. A lookup's
cost does not grow with the number of fragments stored: one query, the identity's index entry
joined to its graph's fragments.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
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
    tag TEXT NOT NULL, identities TEXT NOT NULL, body TEXT NOT NULL
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
    identities: tuple[Identity, ...]  # those the record carried
    body: dict[str, Any]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(i.key for i in self.identities)


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
            linked = orjson.dumps([[i.code, i.id] for i in identities]).decode()
            self._db.execute(
                "INSERT INTO fragments(graph, dataset_id, ts, tag, identities, body) VALUES (?,?,?,?,?,?)",
                (graph, dataset_id, ts, tag, linked, body),
            )

    def graph(self, org: str, sandbox: str, identity: Identity, max_identities: int) -> Graph | int | None:
        """The profile ``identity`` belongs to (its graph's identities and fragments), None if it has
        none, or the number of identities when the graph links more than ``max_identities``."""
        rows = self._db.execute(
            "SELECT f.dataset_id, f.ts, f.tag, f.identities, f.body FROM identities i"
            " JOIN fragments f ON f.graph = i.graph WHERE i.org=? AND i.sandbox=? AND i.ns=? AND i.id=?"
            " ORDER BY f.seq",
            (org, sandbox, identity.code.lower(), identity.id),
        ).fetchall()
        if not rows:
            return None
        linked = [tuple(Identity(c, i) for c, i in orjson.loads(row[3])) for row in rows]
        identities = {i.key: i for ids in linked for i in ids}
        if len(identities) > max_identities:
            return len(identities)
        fragments = [
            Fragment(dataset_id, int(ts), tag, ids, orjson.loads(body))
            for (dataset_id, ts, tag, _, body), ids in zip(rows, linked, strict=True)
        ]
        return Graph(list(identities.values()), fragments)

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
