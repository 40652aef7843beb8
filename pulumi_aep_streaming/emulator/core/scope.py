"""One org's sandbox of the emulator: the state a request may read and write, scoped once.

moto keeps a service's state per account and region (``BackendDict``); AEP's is per org and
sandbox. A handler takes its caller's scope (``scope_of``) and hands it to its service's model
functions, which read and write through it and never name an org or a sandbox again; records
posted to an inlet use the scope of the inlet's owner.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from pulumi_aep_streaming.emulator.core.fragments import Graph, Identity, Merged, NewFragment
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.state import EmulatorState
from pulumi_aep_streaming.emulator.core.store import StoredDocs


@dataclass(frozen=True)
class Scope:
    """The entities and dataset rows of sandbox ``sandbox`` of org ``org``."""

    state: EmulatorState
    org: str
    sandbox: str

    def get(self, kind: str, entity_id: str) -> dict[str, Any] | None:
        return self.state.store.get(kind, self.org, self.sandbox, entity_id)

    def put(self, kind: str, entity_id: str, body: dict[str, Any]) -> None:
        self.state.store.put(kind, self.org, self.sandbox, entity_id, body)

    def rewrite(self, kind: str, entity_id: str, body: dict[str, Any]) -> None:
        self.state.store.rewrite(kind, self.org, self.sandbox, entity_id, body)

    def delete(self, kind: str, entity_id: str) -> bool:
        return self.state.store.delete(kind, self.org, self.sandbox, entity_id)

    def list(self, kind: str) -> builtins.list[dict[str, Any]]:
        return self.state.store.list(kind, self.org, self.sandbox)

    def find(self, kind: str, field: str, value: str) -> builtins.list[dict[str, Any]]:
        return self.state.store.find(kind, self.org, self.sandbox, field, value)

    def count(self, kind: str) -> int:
        return self.state.store.count(kind, self.org, self.sandbox)

    def docs(self, kind: str) -> StoredDocs:
        """The entities of ``kind`` as a lazy sequence (a slice reads only that window)."""
        return StoredDocs(self.state.store, kind, self.org, self.sandbox)

    def add_rows(self, dataset_id: str, bodies: builtins.list[str]) -> None:
        self.state.store.add_rows(self.org, self.sandbox, dataset_id, bodies)

    def rows(self, dataset_id: str) -> builtins.list[Any]:
        return self.state.store.rows(self.org, self.sandbox, dataset_id)

    def latest_rows(self, dataset_id: str, limit: int) -> tuple[int, builtins.list[Any]]:
        return self.state.store.latest_rows(self.org, self.sandbox, dataset_id, limit)

    def delete_rows(self, dataset_id: str) -> None:
        self.state.store.delete_rows(self.org, self.sandbox, dataset_id)

    def add_fragments(self, fragments: builtins.list[NewFragment]) -> None:
        self.state.store.fragments.add(self.org, self.sandbox, fragments)

    def profile(self, identity: Identity, max_identities: int) -> Graph | int | None:
        return self.state.store.fragments.graph(self.org, self.sandbox, identity, max_identities)

    def merged_profile(self, identity: Identity, max_identities: int) -> Merged | int | None:
        return self.state.store.fragments.merged(self.org, self.sandbox, identity, max_identities)

    def delete_profile(self, identity: Identity) -> bool:
        return self.state.store.fragments.delete_graph(self.org, self.sandbox, identity)

    def delete_fragments(self, dataset_id: str) -> None:
        self.state.store.fragments.delete_dataset(self.org, self.sandbox, dataset_id)

    def add_inlet(self, inlet_id: str, owner_kind: str, owner_id: str) -> None:
        self.state.store.add_inlet(inlet_id, self.org, self.sandbox, owner_kind, owner_id)


def scope_of(state: EmulatorState, caller: Caller) -> Scope:
    """The caller's org and sandbox."""
    return Scope(state, caller.org, caller.sandbox)
