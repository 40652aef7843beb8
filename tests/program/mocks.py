"""Pulumi mocks whose new_resource runs the real provider (check + create) against the emulator."""

from __future__ import annotations

import base64
from typing import Any

import dill
import pulumi
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.runtime import rpc


def unwrap(value: Any) -> Any:
    """Strip the SDK's secret wrappers, as the engine does for pulumi-python (acceptSecrets=False)."""
    if rpc.is_rpc_secret(value):
        return unwrap(rpc.unwrap_rpc_secret(value))
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap(v) for v in value]
    return value


class DynamicAwareMocks(pulumi.runtime.Mocks):
    def __init__(self, stack_config: dict[str, str], project: str = "proj") -> None:
        self.stack_config = stack_config
        self.project = project
        self.providers: dict[str, Any] = {}
        self.created: dict[str, tuple[str, str, dict[str, Any]]] = {}  # name -> (type, id, outputs)
        self.raw_inputs: dict[str, dict[str, Any]] = {}
        self.others: dict[str, tuple[str, dict[str, Any]]] = {}  # other providers' resources: (type, inputs)

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        if not args.typ.startswith("pulumi-python:dynamic"):  # another provider's resource: echo its inputs
            self.others[args.name] = (args.typ, args.inputs)
            return f"{args.name}_id", args.inputs
        self.raw_inputs[args.name] = args.inputs
        inputs = unwrap(args.inputs)
        blob = inputs.pop("__provider")
        provider = self.providers.get(blob)
        if provider is None:  # as the server does: once per distinct pickle
            provider = dill.loads(base64.b64decode(blob))
            provider.configure(ConfigureRequest(Config(self.stack_config, self.project)))
            self.providers[blob] = provider
        checked = provider.check({}, inputs)
        if checked.failures:
            raise ValueError([(f.property, f.reason) for f in checked.failures])
        result = provider.create(checked.inputs)
        self.created[args.name] = (args.typ, result.id, result.outs or {})
        return result.id, result.outs or {}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None
