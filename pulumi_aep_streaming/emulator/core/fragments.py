"""SQLite persistence of Profile fragments and the identity graphs that link them.

Every identity (namespace code without case, id) of a sandbox belongs to one graph; a record that
carries identities of several graphs merges them into one. A fragment is one record of a
Profile-enabled dataset, kept under its graph with the identities its record linked, and the
fragments table is clustered by graph. A lookup's cost does not grow with the number of
fragments stored: one query, the identity's index entry joined to its graph's fragments.

Records arrive in batches (the inlet's batch endpoint): one batch is linked with one read of the
identities it names, its graphs worked out in memory, and a few multi-row inserts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson

SCHEMA = """
-- An org's sandbox under a small key, so that the identity index stays narrow.
CREATE TABLE IF NOT EXISTS profile_scopes (
    scope INTEGER PRIMARY KEY, org TEXT NOT NULL, sandbox TEXT NOT NULL, UNIQUE (org, sandbox)
);
-- An identity's key: its namespace code in lower case, a unit separator, its id.
CREATE TABLE IF NOT EXISTS identities (
    scope INTEGER NOT NULL, key TEXT NOT NULL, graph INTEGER NOT NULL, PRIMARY KEY (scope, key)
) WITHOUT ROWID;
-- Clustered by graph: a lookup reads a graph's fragments side by side. A graph's identities are
-- those its fragments list (a merge re-points them through their keys, with no index by graph).
CREATE TABLE IF NOT EXISTS fragments (
    graph INTEGER NOT NULL, seq INTEGER NOT NULL, scope INTEGER NOT NULL, dataset_id TEXT NOT NULL, ts INTEGER NOT NULL,
    tag TEXT NOT NULL, identities TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (graph, seq)
) WITHOUT ROWID;
"""
# In a fragment's stored identities: between namespace code and id, and between identities.
_UNIT, _RECORD = "\x1f", "\x1e"
_CHUNK = 400  # (ns, id) pairs per lookup query: SQLite binds at most 999 values by default


class Identity(NamedTuple):
    """An identity: a tuple, since a lookup makes one for each identity its fragments linked."""

    code: str  # the namespace code as the record or descriptor spelled it
    id: str

    @property
    def key(self) -> str:
        """How the identity is compared and indexed: namespace codes ignore case, ids do not."""
        return f"{self.code.lower()}{_UNIT}{self.id}"


def _linked(stored: str) -> list[Identity]:
    """A fragment's stored identities (``code<US>id<RS>code<US>id``)."""
    return [Identity(*pair.split(_UNIT, 1)) for pair in stored.split(_RECORD)]


class NewFragment(NamedTuple):
    """One record of a Profile-enabled dataset to store (``body`` already JSON)."""

    identities: list[Identity]
    dataset_id: str
    ts: int
    tag: str
    body: str


class Fragment(NamedTuple):
    dataset_id: str
    ts: int
    tag: str
    linked: str  # the identities the record carried, as stored (read by ``identities``)
    body: dict[str, Any]

    @property
    def identities(self) -> list[Identity]:
        return _linked(self.linked)

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
        self._next: dict[str, int] = {}
        self._scopes: dict[tuple[str, str], int] = {}

    def _scope(self, org: str, sandbox: str, create: bool) -> int | None:
        key = (org, sandbox)
        if key not in self._scopes:
            if create:
                self._db.execute("INSERT OR IGNORE INTO profile_scopes(org, sandbox) VALUES (?,?)", key)
            row = self._db.execute("SELECT scope FROM profile_scopes WHERE org=? AND sandbox=?", key).fetchone()
            if row is None:
                return None
            self._scopes[key] = int(row[0])
        return self._scopes[key]

    def _allocate(self, what: str, n: int) -> int:
        """The first of ``n`` new graph keys or fragment sequence numbers (counted in memory from the
        largest stored, read once per process)."""
        if what not in self._next:
            # MAX(graph) reads the end of the fragments' key; MAX(seq) scans them, once per process.
            query = "SELECT MAX(graph) FROM fragments" if what == "graph" else "SELECT MAX(seq) FROM fragments"
            self._next[what] = int(self._db.execute(query).fetchone()[0] or 0) + 1
        first = self._next[what]
        self._next[what] += n
        return first

    def _graphs_of(self, scope: int, keys: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            cur = self._db.execute(
                f"SELECT key, graph FROM identities WHERE scope=? AND key IN ({marks})",  # noqa: S608 - marks only
                [scope, *chunk],
            )
            found.update({key: int(graph) for key, graph in cur})
        return found

    def add(self, org: str, sandbox: str, new: list[NewFragment]) -> None:
        """Store a batch's fragments and link each one's identities in one graph."""
        scope = self._scope(org, sandbox, create=True)
        assert scope is not None
        keyed = [[f"{code.lower()}{_UNIT}{ident}" for code, ident in f.identities] for f in new]
        keys = list(dict.fromkeys(k for ks in keyed for k in ks))
        stored = self._graphs_of(scope, keys)
        graph_of = dict(stored)  # key -> its graph, as this batch links them (see ``final``)
        merged: dict[int, int] = {}  # a graph this batch merged into another -> that graph

        def final(graph: int) -> int:
            while graph in merged:
                graph = merged[graph]
            return graph

        linked: list[int] = []
        for ks in keyed:
            graphs = {final(graph_of[k]) for k in ks if k in graph_of}
            graph = min(graphs) if graphs else self._allocate("graph", 1)
            merged.update({other: graph for other in graphs if other != graph})
            graph_of.update(dict.fromkeys(ks, graph))
            linked.append(graph)
        seq = self._allocate("seq", len(new))
        with self._transaction():
            for other in sorted(set(stored.values()) & set(merged)):
                self._merge(scope, other, final(other))
            self._db.executemany(
                "INSERT INTO identities(scope, key, graph) VALUES (?,?,?)",
                [(scope, k, final(graph_of[k])) for k in keys if k not in stored],
            )
            self._db.executemany(
                "INSERT INTO fragments(graph, seq, scope, dataset_id, ts, tag, identities, body)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [
                    (
                        final(graph),
                        seq + n,
                        scope,
                        f.dataset_id,
                        f.ts,
                        f.tag,
                        _RECORD.join([f"{code}{_UNIT}{ident}" for code, ident in f.identities]),
                        f.body,
                    )
                    for n, (f, graph) in enumerate(zip(new, linked, strict=True))
                ],
            )

    def _keys_of(self, graph: int) -> list[str]:
        """The identity keys a stored graph's fragments list."""
        rows = self._db.execute("SELECT identities FROM fragments WHERE graph=?", (graph,)).fetchall()
        return list(dict.fromkeys(i.key for (stored,) in rows for i in _linked(stored)))

    def _merge(self, scope: int, other: int, graph: int) -> None:
        """Move stored graph ``other`` into ``graph``: its identities and its fragments."""
        keys = self._keys_of(other)
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            self._db.execute(
                f"UPDATE identities SET graph=? WHERE scope=? AND key IN ({','.join('?' * len(chunk))})",  # noqa: S608
                [graph, scope, *chunk],
            )
        self._db.execute("UPDATE fragments SET graph=? WHERE graph=?", (graph, other))

    def graph(self, org: str, sandbox: str, identity: Identity, max_identities: int) -> Graph | int | None:
        """The profile ``identity`` belongs to (its graph's identities and fragments), None if it has
        none, or the number of identities when the graph links more than ``max_identities``."""
        scope = self._scope(org, sandbox, create=False)
        rows = self._db.execute(
            "SELECT f.dataset_id, f.ts, f.tag, f.identities, f.body FROM identities i"
            " JOIN fragments f ON f.graph = i.graph WHERE i.scope=? AND i.key=? ORDER BY f.seq",
            (scope, identity.key),
        ).fetchall()
        if not rows:
            return None
        identities: dict[str, Identity] = {}
        for row in rows:
            for pair in row[3].split(_RECORD):
                code, _, ident = pair.partition(_UNIT)
                key = f"{code.lower()}{_UNIT}{ident}"
                if key not in identities:
                    identities[key] = Identity(code, ident)
        if len(identities) > max_identities:
            return len(identities)
        fragments = [Fragment(d, ts, tag, linked, orjson.loads(body)) for d, ts, tag, linked, body in rows]
        return Graph(list(identities.values()), fragments)

    def delete_graph(self, org: str, sandbox: str, identity: Identity) -> bool:
        """Delete the profile ``identity`` belongs to: its fragments and its graph's identities."""
        with self._transaction():
            scope = self._scope(org, sandbox, create=False)
            found = self._graphs_of(scope, [identity.key]) if scope is not None else {}
            if not found:
                return False
            graph = found[identity.key]
            keys = [*self._keys_of(graph), identity.key]
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                self._db.execute(
                    f"DELETE FROM identities WHERE scope=? AND key IN ({','.join('?' * len(chunk))})",  # noqa: S608
                    [scope, *chunk],
                )
            self._db.execute("DELETE FROM fragments WHERE graph=?", (graph,))
            return True

    def delete_dataset(self, org: str, sandbox: str, dataset_id: str) -> None:
        """A deleted dataset's fragments leave the profiles; identities no fragment holds any more
        leave too (a new graph may take their graph's key)."""
        scope = self._scope(org, sandbox, create=False)
        if scope is None:
            return
        with self._transaction():
            self._db.execute("DELETE FROM fragments WHERE scope=? AND dataset_id=?", (scope, dataset_id))
            self._db.execute(
                "DELETE FROM identities WHERE scope=? AND graph NOT IN (SELECT DISTINCT graph FROM fragments)",
                (scope,),
            )

    def delete_sandbox(self, org: str, sandbox: str) -> None:
        """Every fragment and identity of a sandbox (it was deleted or reset)."""
        scope = self._scope(org, sandbox, create=False)
        if scope is None:
            return
        with self._transaction():
            for table in ("fragments", "identities"):
                self._db.execute(f"DELETE FROM {table} WHERE scope=?", (scope,))  # noqa: S608 - fixed table names

    def reset(self) -> None:
        for table in ("identities", "fragments", "profile_scopes"):
            self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        self._next.clear()
        self._scopes.clear()
