"""Drive the real dynamic-provider gRPC server (``python -m pulumi.dynamic``) as the engine does.

Request shapes follow the engine: Check olds = stored inputs; Diff and Update olds = stored
outputs; Read properties = stored outputs; Delete properties = stored outputs.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf import struct_pb2
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime._serialization import _serialize
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from pulumi_aep_streaming.provider._base import AepProvider


def to_struct(d: dict[str, Any]) -> struct_pb2.Struct:
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(rpc.serialize_properties(d, {}))
    finally:
        loop.close()


def from_struct(s: struct_pb2.Struct) -> dict[str, Any]:
    return rpc.deserialize_properties(s, keep_unknowns=True)


def provider_blob(provider: AepProvider) -> str:
    blob, _ = _serialize(True, serialize_provider, provider)
    return blob


@dataclass
class Diff:
    changes: str
    replaces: list[str]
    delete_before_replace: bool


class DynamicServer:
    """One provider process, configured with AEP stack config."""

    def __init__(self, config: dict[str, Any], env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "pulumi.dynamic"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PULUMI_PROJECT": "proj", **(env or {})},
        )
        assert self.proc.stdout is not None
        port = int(self.proc.stdout.readline().decode().strip())
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)
        args = {k: (rpc.wrap_rpc_secret(v) if k == "aep:clientSecret" else v) for k, v in config.items()}
        self.stub.Configure(
            provider_pb2.ConfigureRequest(args=to_struct(args), acceptSecrets=True, acceptResources=True)
        )

    def close(self) -> None:
        self.channel.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()

    def urn(self, provider: AepProvider, name: str = "r") -> str:
        return f"urn:pulumi:test::proj::pulumi-python:dynamic/aep:{type(provider).__name__}::{name}"

    def check(
        self, provider: AepProvider, news: dict[str, Any], olds: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        blob = provider_blob(provider)
        request = provider_pb2.CheckRequest(
            urn=self.urn(provider), olds=to_struct(olds or {}), news=to_struct({"__provider": blob, **news})
        )
        response = self.stub.Check(request)
        return from_struct(response.inputs), [(f.property, f.reason) for f in response.failures]

    def checked(self, provider: AepProvider, news: dict[str, Any]) -> dict[str, Any]:
        inputs, failures = self.check(provider, news)
        assert not failures, failures
        return inputs

    def create(self, provider: AepProvider, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        response = self.stub.Create(provider_pb2.CreateRequest(urn=self.urn(provider), properties=to_struct(inputs)))
        return response.id, from_struct(response.properties)

    def read(
        self, provider: AepProvider, entity_id: str, outputs: dict[str, Any]
    ) -> tuple[str, dict[str, Any], dict[str, Any]]:
        response = self.stub.Read(
            provider_pb2.ReadRequest(id=entity_id, urn=self.urn(provider), properties=to_struct(outputs))
        )
        return response.id, from_struct(response.properties), from_struct(response.inputs)

    def diff(self, provider: AepProvider, entity_id: str, outputs: dict[str, Any], news: dict[str, Any]) -> Diff:
        news = {"__provider": provider_blob(provider), **news}  # checked inputs always carry it
        response = self.stub.Diff(
            provider_pb2.DiffRequest(
                id=entity_id, urn=self.urn(provider), olds=to_struct(outputs), news=to_struct(news)
            )
        )
        return Diff(
            provider_pb2.DiffResponse.DiffChanges.Name(response.changes),
            list(response.replaces),
            response.deleteBeforeReplace,
        )

    def update(
        self, provider: AepProvider, entity_id: str, outputs: dict[str, Any], news: dict[str, Any]
    ) -> dict[str, Any]:
        news = {"__provider": provider_blob(provider), **news}
        response = self.stub.Update(
            provider_pb2.UpdateRequest(
                id=entity_id, urn=self.urn(provider), olds=to_struct(outputs), news=to_struct(news)
            )
        )
        return from_struct(response.properties)

    def delete(self, provider: AepProvider, entity_id: str, outputs: dict[str, Any]) -> None:
        self.stub.Delete(
            provider_pb2.DeleteRequest(id=entity_id, urn=self.urn(provider), properties=to_struct(outputs))
        )
