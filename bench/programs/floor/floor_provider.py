"""A dynamic provider that answers at once: what the engine costs with no API behind it."""

from __future__ import annotations

import uuid
from typing import Any

from pulumi.dynamic import CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult


class FloorProvider(ResourceProvider):
    serialize_as_secret_always = False
    # The computed outputs create fills in (none for the plain floor, which pickles as it always did).
    outputs: tuple[str, ...] = ()

    def __init__(self, outputs: tuple[str, ...] = ()) -> None:
        if outputs:
            self.outputs = outputs

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(uuid.uuid4().hex, {**props, **{key: uuid.uuid4().hex for key in self.outputs}})

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = sorted(k for k in news if k != "__provider" and news.get(k) != olds.get(k))
        return DiffResult(changes=bool(changed))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props)

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(news)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None
