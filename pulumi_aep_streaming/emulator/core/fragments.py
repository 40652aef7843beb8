"""SQLite persistence of Profile fragments and the identity graphs that link them.

Every identity (namespace code without case, id) of a sandbox belongs to one graph; a record that
carries identities of several graphs merges them into one. A fragment is one record of a
Profile-enabled dataset, kept under its graph with the identities its record linked, and the
fragments table is clustered by graph. The fragments are what is stored: the identity index (which
graph each identity belongs to) is held in memory, built from them when the store opens and kept
with every write (undone with the transaction that rolls back). Identities arrive in any order, so a
stored index takes its inserts all over its pages, and writing those pages was most of the inlet's
cost; in memory it costs a dictionary entry per identity. A lookup's cost does not grow with the
number of fragments stored: the identity's graph from the index, then one query by graph.

Each graph of more than one record also keeps its profile merged in timestamp order (``profiles``:
what the default merge policy, and any other that orders by timestamp over the whole graph,
answers), brought up to date by every write: a new record is merged on top of its graph's profile,
and a graph that two graphs were merged into, that lost a dataset's fragments, or that had one
record until now is merged again from its fragments. Such a lookup reads one row (or, for a graph
of one record, its fragment).

Records arrive in batches (the inlet's batch endpoint): one batch's graphs are worked out in
memory from the index, then written with one read of the stored profiles it adds to and a few
multi-row inserts.
"""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson

SCHEMA = """
-- An org's sandbox under a small key.
CREATE TABLE IF NOT EXISTS profile_scopes (
    scope INTEGER PRIMARY KEY, org TEXT NOT NULL, sandbox TEXT NOT NULL, UNIQUE (org, sandbox)
);
-- Clustered by graph: a lookup reads a graph's fragments side by side. A graph's identities are
-- those its fragments list (the identity index, in memory, is built from them).
CREATE TABLE IF NOT EXISTS fragments (
    graph INTEGER NOT NULL, seq INTEGER NOT NULL, scope INTEGER NOT NULL, dataset_id TEXT NOT NULL, ts INTEGER NOT NULL,
    tag TEXT NOT NULL, identities TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (graph, seq)
) WITHOUT ROWID;
-- A graph's fragments merged in timestamp order: meta is [identities as [code, id, XID], dataset
-- ids, tags, latest timestamp], entity the merged attributes (both JSON). A graph of one record has
-- no row until its second: its fragment is its profile.
CREATE TABLE IF NOT EXISTS profiles (
    graph INTEGER PRIMARY KEY, scope INTEGER NOT NULL, meta TEXT NOT NULL, entity TEXT NOT NULL
);
"""
# In a fragment's stored identities: between namespace code and id, and between identities.
_UNIT, _RECORD = "\x1f", "\x1e"
_CHUNK = 400  # values bound per statement: SQLite binds at most 999 by default
_ROWS = 100  # fragments per INSERT, 8 values each: under SQLite's 999
_INSERT_FRAGMENTS = "INSERT INTO fragments(graph, seq, scope, dataset_id, ts, tag, identities, body) VALUES "
_EIGHT = "(?,?,?,?,?,?,?,?)"


def _key(code: str, ident: str) -> str:
    """How an identity is compared and indexed: namespace codes ignore case, ids do not."""
    return f"{code.lower()}{_UNIT}{ident}"


class Identity(NamedTuple):
    """An identity: a tuple, since a lookup makes one for each identity its fragments linked."""

    code: str  # the namespace code as the record or descriptor spelled it
    id: str

    @property
    def key(self) -> str:
        """How the identity is compared and indexed (see ``_key``)."""
        return _key(self.code, self.id)

    @property
    def xid(self) -> str:
        """The identity's opaque id (Adobe calls it an XID): reversible, so it can be looked up alone."""
        return "A" + f"{self.code}{_UNIT}{self.id}".encode().hex()

    @staticmethod
    def from_xid(value: str) -> Identity | None:
        try:
            raw = bytes.fromhex(value[1:]).decode() if value.startswith("A") else ""
        except (ValueError, UnicodeDecodeError):
            return None
        code, sep, ident = raw.partition(_UNIT)
        return Identity(code, ident) if sep else None


def _pairs(stored: str) -> list[tuple[str, str]]:
    """A fragment's stored identities (``code<US>id<RS>code<US>id``) as (code, id) pairs."""
    return [(code, ident) for code, _, ident in (pair.partition(_UNIT) for pair in stored.split(_RECORD))]


def _linked(stored: str) -> list[Identity]:
    return [Identity(code, ident) for code, ident in _pairs(stored)]


def _keys(stored: str) -> list[str]:
    return [_key(code, ident) for code, ident in _pairs(stored)]


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


class Merged(NamedTuple):
    """A graph's fragments merged in timestamp order (later timestamps win; stored order breaks ties)."""

    identities: list[list[str]]  # [code, id, XID], in the order the fragments first linked them
    sources: list[str]  # dataset ids, in the order of their first fragment
    tags: list[str]  # every fragment's tag, in stored order
    ts: int  # the latest timestamp
    entity: dict[str, Any]


def merge_into(into: dict[str, Any], part: dict[str, Any]) -> None:
    """Merge attributes ``part`` into ``into`` (objects field by field; anything else replaced).
    Both must be the caller's own, freshly decoded: nothing is copied."""
    for key, value in part.items():
        held = into.get(key)
        if type(held) is dict and type(value) is dict:
            merge_into(held, value)
        else:
            into[key] = value


class _Profile:
    """A graph's merged profile being brought up to date, fragment by fragment in stored order."""

    __slots__ = ("entity", "identities", "keys", "sources", "tags", "ts")

    def __init__(self, meta: list[Any] | None = None, entity: dict[str, Any] | None = None) -> None:
        identities, sources, tags, ts = meta if meta is not None else ([], [], [], -1)
        self.identities: list[list[str]] = identities
        self.keys = {_key(code, ident) for code, ident, _ in identities}
        self.sources: dict[str, None] = dict.fromkeys(sources)
        self.tags: list[str] = tags
        self.ts: int = ts
        self.entity: dict[str, Any] = entity if entity is not None else {}

    def add(self, pairs: list[tuple[str, str]], fragments: list[tuple[str, int, str, dict[str, Any]]]) -> None:
        """Take fragments (dataset id, timestamp, tag, body) in stored order, none older than the
        profile (``ts``), and the identities they linked."""
        for code, ident in pairs:
            key = _key(code, ident)
            if key not in self.keys:
                self.keys.add(key)
                self.identities.append([code, ident, Identity(code, ident).xid])
        for dataset_id, ts, tag, _ in fragments:
            self.sources[dataset_id] = None
            self.tags.append(tag)
            self.ts = max(self.ts, ts)
        for *_, body in sorted(fragments, key=operator.itemgetter(1)):  # stable: stored order breaks ties
            merge_into(self.entity, body)

    def merged(self) -> Merged:
        return Merged(self.identities, list(self.sources), self.tags, self.ts, self.entity)

    def row(self, graph: int, scope: int) -> tuple[int, int, str, str]:
        meta = [self.identities, list(self.sources), self.tags, self.ts]
        return graph, scope, orjson.dumps(meta).decode(), orjson.dumps(self.entity).decode()


class _Links(NamedTuple):
    """How a batch links its records: each one's graph, the identities new to the index, the graphs
    already stored that it adds to, and the stored graphs it merges into others (other, into)."""

    graphs: list[int]
    new_identities: dict[str, int]  # key -> its graph
    old: set[int]
    absorbed: list[tuple[int, int]]


class Fragments:
    """Profile fragments and identity graphs, scoped by (org, sandbox); shares the Store's connection."""

    def __init__(
        self,
        db: sqlite3.Connection,
        transaction: Callable[[], AbstractContextManager[None]],
        on_rollback: Callable[[Callable[[], object]], None],
    ) -> None:
        self._db = db
        self._transaction = transaction
        self._on_rollback = on_rollback
        had_profiles = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='profiles'").fetchone()
        db.executescript(SCHEMA)
        db.execute("DROP TABLE IF EXISTS identities")  # a store from before the index was held in memory
        self._next: dict[str, int] = {}
        self._scopes: dict[tuple[str, str], int] = {}
        self._index: dict[int, dict[str, int]] = {}  # scope -> identity key -> graph
        for scope, graph, stored in db.execute("SELECT scope, graph, identities FROM fragments"):
            self._index.setdefault(scope, {}).update(dict.fromkeys(_keys(stored), graph))
        if had_profiles is None:  # a store from before merged profiles were kept: merge every graph once
            with transaction():
                self._remerge([graph for (graph,) in db.execute("SELECT DISTINCT graph FROM fragments")])

    def _scope(self, org: str, sandbox: str, create: bool) -> int | None:
        key = (org, sandbox)
        if key not in self._scopes:
            if create:
                self._db.execute("INSERT OR IGNORE INTO profile_scopes(org, sandbox) VALUES (?,?)", key)
            row = self._db.execute("SELECT scope FROM profile_scopes WHERE org=? AND sandbox=?", key).fetchone()
            if row is None:
                return None
            self._scopes[key] = int(row[0])
            self._on_rollback(lambda: self._scopes.pop(key, None))  # a scope made by a rolled-back write is not kept
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

    def _in(self, query: str, head: list[Any], values: list[Any]) -> list[Any]:
        """Rows of ``query``, whose ``{}`` is a list of marks, for ``values`` in chunks."""
        rows: list[Any] = []
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            rows += self._db.execute(query.format(",".join("?" * len(chunk))), [*head, *chunk]).fetchall()
        return rows

    def _graphs_of(self, scope: int, keys: list[str]) -> dict[str, int]:
        index = self._index.get(scope, {})
        return {key: index[key] for key in index.keys() & keys}

    def _graph_of(self, org: str, sandbox: str, identity: Identity) -> int | None:
        scope = self._scope(org, sandbox, create=False)
        return self._index.get(scope, {}).get(identity.key) if scope is not None else None

    def _point(self, scope: int, graphs: Mapping[str, int | None]) -> None:
        """Point identity keys at their graphs in the index (None: remove the key); the open
        transaction's rollback points them back."""
        index = self._index.setdefault(scope, {})
        before = {key: index[key] for key in index.keys() & graphs}  # most keys a batch names are new
        for key, graph in graphs.items():
            if graph is None:
                index.pop(key, None)
            else:
                index[key] = graph

        def undo() -> None:
            for key in graphs:
                if key in before:
                    index[key] = before[key]
                else:
                    index.pop(key, None)

        self._on_rollback(undo)

    def add(self, org: str, sandbox: str, new: list[NewFragment]) -> None:
        """Store a batch's fragments, link each one's identities in one graph, and bring the merged
        profiles of the graphs it touched up to date."""
        scope = self._scope(org, sandbox, create=True)
        assert scope is not None
        seq = self._allocate("seq", len(new))
        keyed: list[list[str]] = []  # each record's identity keys
        values: list[Any] = []  # the fragments' rows, one after another, each graph to be filled in
        for n, f in enumerate(new):
            keys, pairs = [], []
            for code, ident in f.identities:
                keys.append(_key(code, ident))
                pairs.append(f"{code}{_UNIT}{ident}")
            keyed.append(keys)
            values += (0, seq + n, scope, f.dataset_id, f.ts, f.tag, _RECORD.join(pairs), f.body)
        links = self._link(scope, keyed)
        values[0::8] = links.graphs
        with self._transaction():
            for other, graph in links.absorbed:
                self._merge(scope, other, graph)
            self._point(scope, links.new_identities)
            for start in range(0, len(values), _ROWS * 8):  # a statement for many rows: cheaper than one each
                chunk = values[start : start + _ROWS * 8]
                self._db.execute(_INSERT_FRAGMENTS + ",".join([_EIGHT] * (len(chunk) // 8)), chunk)
            if links.old or len(set(links.graphs)) < len(new):  # else: every record a new graph of its own
                self._update_profiles(scope, new, links)

    def _link(self, scope: int, keyed: list[list[str]]) -> _Links:
        """Link a batch's records (each its identities' keys) through the identity index."""
        named = [k for ks in keyed for k in ks]
        stored = self._graphs_of(scope, named)
        if not stored and len(set(named)) == len(named):  # new people, no identity shared
            first = self._allocate("graph", len(keyed))
            graphs = list(range(first, first + len(keyed)))
            return _Links(graphs, {k: g for ks, g in zip(keyed, graphs, strict=True) for k in ks}, set(), [])
        keys = list(dict.fromkeys(named))
        graph_of = dict(stored)  # key -> its graph, as this batch links them (see ``final``)
        merged: dict[int, int] = {}  # a graph this batch merged into another -> that graph

        def final(graph: int) -> int:
            while graph in merged:
                graph = merged[graph]
            return graph

        linked: list[int] = []
        for ks in keyed:
            found = {final(graph_of[k]) for k in ks if k in graph_of}
            graph = min(found) if found else self._allocate("graph", 1)
            merged.update({other: graph for other in found if other != graph})
            graph_of.update(dict.fromkeys(ks, graph))
            linked.append(graph)
        old = set(stored.values())
        return _Links(
            [final(graph) for graph in linked],
            {k: final(graph_of[k]) for k in keys if k not in stored},
            old,
            [(other, final(other)) for other in sorted(old & set(merged))],
        )

    def _update_profiles(self, scope: int, new: list[NewFragment], links: _Links) -> None:
        """The merged profiles of the graphs a batch (just stored) added to: a new graph's from its
        fragments, a stored one's by merging its new fragments on top, and a graph that absorbed
        another (or whose new fragments are older than its profile) from all its fragments."""
        old, remerge = links.old, {graph for _, graph in links.absorbed}
        batch: dict[int, list[NewFragment]] = {}
        for fragment, graph in zip(new, links.graphs, strict=True):
            batch.setdefault(graph, []).append(fragment)
        rows: list[tuple[int, int, str, str]] = []
        grown = [graph for graph in batch if graph in old and graph not in remerge]
        query = "SELECT graph, meta, entity FROM profiles WHERE graph IN ({})"
        current = {graph: (orjson.loads(meta), entity) for graph, meta, entity in self._in(query, [], grown)}
        for graph, fragments in batch.items():
            if graph in remerge:
                continue
            if graph not in old and len(fragments) == 1:  # a new person's first record: its own profile
                continue
            meta, entity = current.get(graph, (None, None))
            if graph in old and (meta is None or min(f.ts for f in fragments) < meta[3]):
                remerge.add(graph)  # older than what the profile already holds: merge all again
                continue
            profile = _Profile(meta, orjson.loads(entity) if entity is not None else None)
            linked_pairs = [(code, ident) for f in fragments for code, ident in f.identities]
            profile.add(linked_pairs, [(f.dataset_id, f.ts, f.tag, orjson.loads(f.body)) for f in fragments])
            rows.append(profile.row(graph, scope))
        self._db.executemany("INSERT OR REPLACE INTO profiles(graph, scope, meta, entity) VALUES (?,?,?,?)", rows)
        self._remerge(sorted(remerge))

    def _remerge(self, graphs: list[int]) -> None:
        """Merge these graphs' profiles again from their fragments (a graph left with none has none)."""
        query = (
            "SELECT graph, scope, dataset_id, ts, tag, identities, body FROM fragments"
            " WHERE graph IN ({}) ORDER BY graph, seq"
        )
        for start in range(0, len(graphs), _CHUNK):
            chunk = graphs[start : start + _CHUNK]
            found: dict[int, tuple[int, list[tuple[str, str]], list[tuple[str, int, str, dict[str, Any]]]]] = {}
            for graph, scope, dataset_id, ts, tag, stored, body in self._in(query, [], chunk):
                _, pairs, fragments = found.setdefault(graph, (scope, [], []))
                pairs += _pairs(stored)
                fragments.append((dataset_id, ts, tag, orjson.loads(body)))
            rows = []
            for graph, (scope, pairs, fragments) in found.items():
                profile = _Profile()
                profile.add(pairs, fragments)
                rows.append(profile.row(graph, scope))
            self._in("DELETE FROM profiles WHERE graph IN ({})", [], [g for g in chunk if g not in found])
            self._db.executemany("INSERT OR REPLACE INTO profiles(graph, scope, meta, entity) VALUES (?,?,?,?)", rows)

    def _keys_of(self, graph: int) -> list[str]:
        """The identity keys a stored graph's fragments list."""
        rows = self._db.execute("SELECT identities FROM fragments WHERE graph=?", (graph,)).fetchall()
        return list(dict.fromkeys(key for (stored,) in rows for key in _keys(stored)))

    def _merge(self, scope: int, other: int, graph: int) -> None:
        """Move stored graph ``other`` into ``graph``: its identities and its fragments."""
        self._point(scope, dict.fromkeys(self._keys_of(other), graph))
        self._db.execute("UPDATE fragments SET graph=? WHERE graph=?", (graph, other))
        self._db.execute("DELETE FROM profiles WHERE graph=?", (other,))

    def graph(self, org: str, sandbox: str, identity: Identity, max_identities: int) -> Graph | int | None:
        """The profile ``identity`` belongs to (its graph's identities and fragments), None if it has
        none, or the number of identities when the graph links more than ``max_identities``."""
        graph = self._graph_of(org, sandbox, identity)
        if graph is None:
            return None
        rows = self._db.execute(
            "SELECT dataset_id, ts, tag, identities, body FROM fragments WHERE graph=? ORDER BY seq", (graph,)
        ).fetchall()
        identities: dict[str, Identity] = {}
        for row in rows:
            for code, ident in _pairs(row[3]):
                key = _key(code, ident)
                if key not in identities:
                    identities[key] = Identity(code, ident)
        if len(identities) > max_identities:
            return len(identities)
        fragments = [Fragment(d, ts, tag, linked, orjson.loads(body)) for d, ts, tag, linked, body in rows]
        return Graph(list(identities.values()), fragments)

    def merged(self, org: str, sandbox: str, identity: Identity, max_identities: int) -> Merged | int | None:
        """The merged profile of the graph ``identity`` belongs to (one read), None if it has none,
        or the number of identities when the graph links more than ``max_identities``."""
        graph = self._graph_of(org, sandbox, identity)
        if graph is None:
            return None
        row = self._db.execute("SELECT meta, entity FROM profiles WHERE graph=?", (graph,)).fetchone()
        if row is None:  # a graph of one record so far
            found = self.graph(org, sandbox, identity, max_identities)
            if found is None or isinstance(found, int):
                return found
            profile = _Profile()
            profile.add(
                [pair for f in found.fragments for pair in _pairs(f.linked)],
                [(f.dataset_id, f.ts, f.tag, f.body) for f in found.fragments],
            )
            return profile.merged()
        identities, sources, tags, ts = orjson.loads(row[0])
        if len(identities) > max_identities:
            return len(identities)
        return Merged(identities, sources, tags, ts, orjson.loads(row[1]))

    def delete_graph(self, org: str, sandbox: str, identity: Identity) -> bool:
        """Delete the profile ``identity`` belongs to: its fragments and its graph's identities."""
        scope, graph = self._scope(org, sandbox, create=False), self._graph_of(org, sandbox, identity)
        if scope is None or graph is None:
            return False
        with self._transaction():
            self._point(scope, dict.fromkeys([*self._keys_of(graph), identity.key]))
            self._db.execute("DELETE FROM fragments WHERE graph=?", (graph,))
            self._db.execute("DELETE FROM profiles WHERE graph=?", (graph,))
            return True

    def delete_dataset(self, org: str, sandbox: str, dataset_id: str) -> None:
        """A deleted dataset's fragments leave the profiles (merged again from what is left), and so
        do the identities that only they listed (a graph left with none has none)."""
        scope = self._scope(org, sandbox, create=False)
        if scope is None:
            return
        with self._transaction():
            query = "SELECT DISTINCT graph FROM fragments WHERE scope=? AND dataset_id=?"
            touched = [graph for (graph,) in self._db.execute(query, (scope, dataset_id))]
            gone: set[str] = set()  # the identities the dataset's fragments list
            kept: set[str] = set()  # and those the other fragments of their graphs list
            query = "SELECT dataset_id, identities FROM fragments WHERE graph IN ({})"
            for fragment_dataset, stored in self._in(query, [], touched):
                (gone if fragment_dataset == dataset_id else kept).update(_keys(stored))
            self._db.execute("DELETE FROM fragments WHERE scope=? AND dataset_id=?", (scope, dataset_id))
            self._point(scope, dict.fromkeys(gone - kept))
            self._remerge(touched)

    def delete_sandbox(self, org: str, sandbox: str) -> None:
        """Every fragment, identity and profile of a sandbox (it was deleted or reset)."""
        scope = self._scope(org, sandbox, create=False)
        if scope is None:
            return
        with self._transaction():
            for table in ("fragments", "profiles"):
                self._db.execute(f"DELETE FROM {table} WHERE scope=?", (scope,))  # noqa: S608 - fixed table names
            self._point(scope, dict.fromkeys(self._index.get(scope, {})))

    def reset(self) -> None:
        for table in ("fragments", "profiles", "profile_scopes"):
            self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        for scope, index in self._index.items():
            self._point(scope, dict.fromkeys(index))
        self._next.clear()
        self._scopes.clear()
