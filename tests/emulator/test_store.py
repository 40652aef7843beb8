"""The store's lookup index: what the services find entities by, kept exact across writes and upgrades."""

from __future__ import annotations

import copy
import threading
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulumi_aep_streaming.emulator.core.fragments import Fragments, Identity, Merged, NewFragment, merge_into
from pulumi_aep_streaming.emulator.core.store import Store, StoredDocs
from tests.emulator.tutorial import FS, LAKE_SPEC, ok, streaming_sdk
from tests.support import Aep


def flow(i: int, source: str) -> dict:
    return {"id": f"f{i}", "name": f"flow {i}", "sourceConnectionIds": [source], "targetConnectionIds": ["t"]}


def test_find_follows_puts_and_deletes(tmp_path: Path) -> None:
    store = Store(tmp_path / "aep.sqlite3")
    for i in range(5):
        store.put("flow", "o", "s", f"f{i}", flow(i, "a" if i % 2 else "b"))
    assert [f["id"] for f in store.find("flow", "o", "s", "sourceConnectionIds", "a")] == ["f1", "f3"]
    store.put("flow", "o", "s", "f1", flow(1, "b"))  # moved to another source
    assert [f["id"] for f in store.find("flow", "o", "s", "sourceConnectionIds", "a")] == ["f3"]
    assert [f["id"] for f in store.find("flow", "o", "s", "sourceConnectionIds", "b")] == ["f0", "f1", "f2", "f4"]
    store.delete("flow", "o", "s", "f3")
    assert store.find("flow", "o", "s", "sourceConnectionIds", "a") == []
    assert store.find("flow", "o", "other-sandbox", "sourceConnectionIds", "b") == []


def test_a_store_written_before_the_index_is_indexed_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "aep.sqlite3"
    store = Store(path)
    store.put("flow", "o", "s", "f1", flow(1, "a"))
    store._db.execute("DELETE FROM refs")  # as a store from before the index looks
    store._db.execute("DELETE FROM counters WHERE name = 'index-version'")
    store.close()
    assert [f["id"] for f in Store(path).find("flow", "o", "s", "sourceConnectionIds", "a")] == ["f1"]


def test_stored_docs_read_only_the_window_asked_for(tmp_path: Path) -> None:
    store = Store(tmp_path / "aep.sqlite3")
    for i in range(7):
        store.put("flow", "o", "s", f"f{i}", flow(i, "a"))
    docs = StoredDocs(store, "flow", "o", "s")
    assert len(docs) == 7
    assert [d["id"] for d in docs[2:5]] == ["f2", "f3", "f4"]
    assert [d["id"] for d in docs[5:100]] == ["f5", "f6"] and docs[3]["id"] == "f3"
    assert [d["id"] for d in docs] == [f"f{i}" for i in range(7)]


def test_quoted_filter_values_match_as_in_adobes_examples(aep: Aep) -> None:
    specs = ok(aep.get(f"{FS}/connectionSpecs", params={"property": f'id=="{LAKE_SPEC}"'}), 200)["items"]
    assert [s["id"] for s in specs] == [LAKE_SPEC]
    chain = streaming_sdk(aep)
    flows = ok(aep.get(f"{FS}/flows", params={"property": f"sourceConnectionIds[]=='{chain.source_id}'"}), 200)
    assert [f["id"] for f in flows["items"]] == [chain.flow_id]


def test_rows_of_a_store_from_before_the_records_table_are_moved_over_in_order(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "aep.sqlite3"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE rows (seq INTEGER PRIMARY KEY AUTOINCREMENT, org TEXT NOT NULL, sandbox TEXT NOT NULL, "
        "dataset_id TEXT NOT NULL, body TEXT NOT NULL)"
    )
    for n, (sandbox, dataset) in enumerate([("s", "d1"), ("s", "d2"), ("s", "d1"), ("t", "d1")]):
        old.execute(
            "INSERT INTO rows(org, sandbox, dataset_id, body) VALUES ('o', ?, ?, ?)", (sandbox, dataset, f"[{n}]")
        )
    old.commit()
    old.close()
    store = Store(path)
    assert store.rows("o", "s", "d1") == [[0], [2]] and store.rows("o", "s", "d2") == [[1]]
    assert store.rows("o", "t", "d1") == [[3]] and store.rows("o", "t", "d2") == []
    store.add_rows("o", "s", "d1", ["[4]"])
    store.close()
    assert Store(path).rows("o", "s", "d1") == [[0], [2], [4]]


def test_a_dataset_first_written_by_a_rolled_back_transaction_keeps_its_rows_apart(tmp_path: Path) -> None:
    store = Store(tmp_path / "aep.sqlite3")
    with pytest.raises(RuntimeError), store.transaction():  # a batch whose run record fails: nothing stays
        store.add_rows("o", "s", "d1", ["[1]"])
        raise RuntimeError("the run record could not be written")
    store.add_rows("o", "s", "d2", ["[2]"])  # the dataset key d1 did not keep is free again
    store.add_rows("o", "s", "d1", ["[3]"])
    assert store.rows("o", "s", "d1") == [[3]] and store.rows("o", "s", "d2") == [[2]]


def test_the_log_is_copied_into_the_database_by_a_thread_beside_the_writes(tmp_path: Path) -> None:
    path = tmp_path / "aep.sqlite3"
    threads = sum(t.name == "sqlite-checkpoints" for t in threading.enumerate())
    store = Store(path)
    size = path.stat().st_size
    store.add_rows("o", "s", "d1", ["[" + "1," * 5000 + "1]"] * 100)  # 1 MB: its commit does not checkpoint
    deadline = time.monotonic() + 10
    while path.stat().st_size < size + 1_000_000 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.stat().st_size >= size + 1_000_000  # the rows are in the database file, not only the log
    store.close()
    assert sum(t.name == "sqlite-checkpoints" for t in threading.enumerate()) == threads


def test_fragments_link_identities_within_a_batch_and_across_batches(tmp_path: Path) -> None:
    store = Store(tmp_path / "aep.sqlite3")
    fragments = store.fragments

    def new(*ids: tuple[str, str], tag: str) -> NewFragment:
        return NewFragment([Identity(c, i) for c, i in ids], "ds", 1, tag, "{}")

    def graph_of(code: str, ident: str) -> set[str]:
        found = fragments.graph("org", "sb", Identity(code, ident), 50)
        assert found is not None and not isinstance(found, int)
        return {f.tag for f in found.fragments}

    # Three records in one batch: the third bridges the first two.
    fragments.add(
        "org",
        "sb",
        [
            new(("Email", "a"), ("Phone", "1"), tag="t1"),
            new(("Email", "b"), ("Phone", "2"), tag="t2"),
            new(("phone", "1"), ("PHONE", "2"), tag="t3"),
        ],
    )
    assert graph_of("email", "b") == {"t1", "t2", "t3"}  # namespace codes compare without case
    # Two graphs stored apart, then a batch that links them: merged into one.
    fragments.add("org", "sb", [new(("Email", "c"), tag="t4")])
    fragments.add("org", "sb", [new(("Email", "d"), tag="t5")])
    assert graph_of("Email", "c") == {"t4"}
    fragments.add("org", "sb", [new(("Email", "c"), ("Email", "d"), ("Email", "a"), tag="t6")])
    assert graph_of("Email", "d") == {"t1", "t2", "t3", "t4", "t5", "t6"}
    assert fragments.graph("org", "sb", Identity("Email", "d"), 5) == 6  # too many to merge: the count
    assert fragments.graph("org", "other", Identity("Email", "d"), 50) is None  # scoped by sandbox
    store.close()
    again = Store(tmp_path / "aep.sqlite3")  # counters read back: new keys do not collide
    again.fragments.add("org", "sb", [new(("Email", "e"), tag="t7")])
    assert {f.tag for f in again.fragments.graph("org", "sb", Identity("Email", "e"), 50).fragments} == {"t7"}  # type: ignore[union-attr]


# -- merged profiles ---------------------------------------------------------------------------
# A timestamp-ordered lookup over the whole graph reads the profile kept merged as records land.
# It must always be what merging the graph's fragments at lookup gives: the oracle below.

_POOL = [("Email", "a"), ("email", "a"), ("Email", "b"), ("Phone", "1"), ("Phone", "2"), ("ECID", "x"), ("ECID", "y")]
_identity_sets = st.lists(st.sampled_from(_POOL), min_size=1, max_size=3)
_bodies = st.fixed_dictionaries(
    {},
    optional={
        "name": st.integers(0, 9),
        "person": st.fixed_dictionaries({}, optional={"first": st.integers(0, 9), "last": st.integers(0, 9)}),
        "score": st.lists(st.integers(0, 3), max_size=2),
    },
)
_fragment = st.tuples(_identity_sets, st.sampled_from(["d1", "d2"]), st.integers(0, 4), _bodies)
_operation = st.one_of(
    st.tuples(st.just("add"), st.lists(_fragment, min_size=1, max_size=4)),
    st.tuples(st.just("add, rolled back"), st.lists(_fragment, min_size=1, max_size=4)),
    st.tuples(st.just("delete-dataset"), st.sampled_from(["d1", "d2"])),
    st.tuples(st.just("delete-profile"), st.sampled_from(_POOL)),
    st.tuples(st.just("reopen"), st.booleans()),
)


def _oracle(fragments: Fragments, identity: Identity) -> Merged | None:
    """The graph's fragments merged at lookup: identities first linked first, later timestamps win."""
    graph = fragments.graph("org", "sb", identity, 50)
    assert not isinstance(graph, int)
    if graph is None:
        return None
    entity: dict[str, Any] = {}
    for fragment in sorted(graph.fragments, key=lambda f: f.ts):
        merge_into(entity, copy.deepcopy(fragment.body))
    return Merged(
        [[i.code, i.id, i.xid] for i in graph.identities],
        list(dict.fromkeys(f.dataset_id for f in graph.fragments)),
        [f.tag for f in graph.fragments],
        max(f.ts for f in graph.fragments),
        entity,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(_operation, min_size=1, max_size=12))
def test_the_merged_profile_is_always_the_fragments_merged(
    tmp_path_factory: pytest.TempPathFactory, operations: list[Any]
) -> None:
    path = tmp_path_factory.mktemp("merged") / "aep.sqlite3"
    store = Store(path)
    tags = iter(range(10_000))

    def lookups(store: Store) -> list[Merged | int | None]:
        return [store.fragments.merged("org", "sb", Identity(*identity), 50) for identity in _POOL]

    for op, arg in operations:
        before = lookups(store)
        if op.startswith("add"):
            batch = [
                NewFragment(
                    [Identity(*i) for i in dict.fromkeys(ids)], ds, ts, f"t{next(tags)}", orjson.dumps(body).decode()
                )
                for ids, ds, ts, body in arg
            ]
            if op == "add":
                store.fragments.add("org", "sb", batch)
            else:  # the inlet's transaction fails after the fragments were added: none of it stays
                with pytest.raises(RuntimeError), store.transaction():
                    store.fragments.add("org", "sb", batch)
                    raise RuntimeError("the run record could not be written")
                assert lookups(store) == before
        elif op == "delete-dataset":
            store.fragments.delete_dataset("org", "sb", arg)
        elif op == "delete-profile":
            store.fragments.delete_graph("org", "sb", Identity(*arg))
        else:  # a restart; True: a store of the release before, which kept no merged profiles and
            # kept its identity index as a table (stale here: a wrong graph), not in memory
            if arg:
                store._db.execute("DROP TABLE profiles")
                store._db.execute("CREATE TABLE identities (scope INTEGER, key TEXT, graph INTEGER)")
                store._db.execute("INSERT INTO identities VALUES (1, 'email\x1fa', 999)")
            store.close()
            store = Store(path)
            assert store._db.execute("SELECT name FROM sqlite_master WHERE name='identities'").fetchone() is None
        for identity in _POOL:
            assert store.fragments.merged("org", "sb", Identity(*identity), 50) == _oracle(
                store.fragments, Identity(*identity)
            )
        reopened = Store(path)  # the identity index built from the fragments stored, as at a restart
        assert lookups(reopened) == lookups(store)
        reopened.close()
    store.close()
