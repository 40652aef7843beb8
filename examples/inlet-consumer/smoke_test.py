"""InletSmokeTest: after a deploy, post one marker record to an inlet and keep AEP's receipt.

A stand-in for what the consuming project would really do with the URL (register it as a
webhook target, store it in a secret store): a resource whose input is the other stack's output.
"""

from __future__ import annotations

from typing import Any

import httpx
import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ReadResult, Resource, ResourceProvider, UpdateResult


class InletSmokeTestProvider(ResourceProvider):
    serialize_as_secret_always = False

    def _post(self, props: dict[str, Any]) -> dict[str, Any]:
        answer = httpx.post(props["inlet_url"], json=props["record"], timeout=30)
        answer.raise_for_status()
        return {**props, "xaction_id": answer.json()["xactionId"]}

    def create(self, props: dict[str, Any]) -> CreateResult:
        outs = self._post(props)
        return CreateResult(outs["xaction_id"], outs)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=any(olds.get(k) != news.get(k) for k in ("inlet_url", "record")))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self._post(news))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props)


class InletSmokeTest(Resource, module="example", name="InletSmokeTest"):
    xaction_id: pulumi.Output[str]

    def __init__(self, name: str, inlet_url: pulumi.Input[str], record: dict[str, Any]) -> None:
        props = {"inlet_url": inlet_url, "record": record, "xaction_id": None}
        super().__init__(InletSmokeTestProvider(), name, props)
