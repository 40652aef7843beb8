"""The plugin's gRPC provider: Pulumi's component server (Construct, GetSchema) plus the CRUD of
the entities the hosted component declares, served by this package's own providers.

Each entity is a custom resource ``aep:index:<Name>`` of this package, so the engine sends its
check, diff, create, read, update and delete here, to the process that already imports the
package, whatever the consuming program's language: nothing depends on the Python that the engine
would start for ``pulumi-python`` dynamic providers (pulumi/pulumi#5455). The calls reach the same
provider classes, with the same property values, as in Python programs: what Pulumi's dynamic
provider server (``pulumi/dynamic/__main__.py``) does around them is done here the same way,
without the pickled ``__provider`` (the type token says which provider it is).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import sys
import traceback
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import grpc
from google.protobuf import empty_pb2, struct_pb2
from pulumi.dynamic import Config, ConfigureRequest, ResourceProvider
from pulumi.provider import Provider
from pulumi.provider.server import ProviderServicer
from pulumi.runtime import proto, rpc
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc

from pulumi_aep_streaming import provider as providers
from pulumi_aep_streaming.declarations import DECLARATIONS

from ._schema import PACKAGE

R = TypeVar("R")
CONFIG_PREFIX = f"{PACKAGE}:config:"


def _abort_on_error(
    method: Callable[[AepProviderServicer, Any, Any], Awaitable[R]],
) -> Callable[[AepProviderServicer, Any, Any], Awaitable[R]]:
    """Report a failure as the dynamic provider server does: gRPC UNKNOWN with the traceback."""

    @functools.wraps(method)
    async def wrapper(self: AepProviderServicer, request: Any, context: Any) -> R:
        try:
            return await method(self, request, context)
        except Exception:
            await context.abort(grpc.StatusCode.UNKNOWN, traceback.format_exc())
            raise  # abort raises; this keeps the type checker honest

    return wrapper


def _type_of(urn: str) -> str:
    """``urn:pulumi:stack::project::parent$aep:index:Schema::name`` -> ``aep:index:Schema``."""
    return urn.split("::")[2].split("$")[-1]


def _unwrapped(value: Any) -> tuple[Any, bool]:
    """``value`` with every secret in it unwrapped, and whether it held one."""
    if rpc.is_rpc_secret(value):
        return _unwrapped(rpc.unwrap_rpc_secret(value))[0], True
    if isinstance(value, dict):
        pairs = {k: _unwrapped(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(s for _, s in pairs.values())
    if isinstance(value, list):
        items = [_unwrapped(v) for v in value]
        return [v for v, _ in items], any(s for _, s in items)
    return value, False


def _properties(*structs: struct_pb2.Struct, keep_unknowns: bool = False) -> tuple[list[dict[str, Any]], set[str]]:
    """Properties as the provider methods take them (secrets unwrapped, as the engine unwraps them for
    the dynamic provider server), and the names of those that held a secret."""
    found: list[dict[str, Any]] = []
    secret: set[str] = set()
    for struct in structs:
        props: dict[str, Any] = {}
        for key, value in rpc.deserialize_properties(struct, keep_unknowns).items():
            props[key], held = _unwrapped(value)
            if held:
                secret.add(key)
        found.append(props)
    return found, secret


async def _struct(values: dict[str, Any], secret: set[str]) -> struct_pb2.Struct:
    """The wire form of ``values``, the ``secret`` ones marked secret again (as the engine would for a
    provider that takes no secrets)."""
    marked = {k: rpc.wrap_rpc_secret(v) if k in secret and v is not None else v for k, v in values.items()}
    serialized: struct_pb2.Struct = await rpc.serialize_properties(marked, {})
    return serialized


class AepProviderServicer(ProviderServicer):
    """Construct and schema from Pulumi's servicer; configure and entity CRUD from this package."""

    def __init__(self, provider: Provider, args: list[str], engine_address: str) -> None:
        super().__init__(provider, args, engine_address)
        self._config: dict[str, str] = {}
        self._providers: dict[str, ResourceProvider] = {}

    def _provider_for(self, urn: str) -> ResourceProvider:
        token = _type_of(urn)
        found = self._providers.get(token)
        if found is None:
            package, _, name = token.split(":")
            if package != PACKAGE or name not in DECLARATIONS:
                raise ValueError(f"{token} is not a resource of the {PACKAGE} package")
            found = getattr(providers, DECLARATIONS[name].provider)()
            found.configure(ConfigureRequest(Config(raw_config=self._config, project_name=PACKAGE)))
            self._providers[token] = found
        return found

    async def Configure(self, request: Any, context: Any) -> Any:
        # The stack's aep:* settings, as the dynamic server passes them (secrets in the clear: they
        # stay in this process). The engine lets a component's provider only take secrets: each
        # method unwraps them for the provider and marks the same properties secret in its answer.
        self._config = {
            f"{PACKAGE}:{key[len(CONFIG_PREFIX) :]}": value
            for key, value in request.variables.items()
            if key.startswith(CONFIG_PREFIX)
        }
        for known in self._providers.values():
            known.configure(ConfigureRequest(Config(raw_config=self._config, project_name=PACKAGE)))
        return proto.ConfigureResponse(acceptSecrets=True, acceptResources=True, acceptOutputs=False)

    @_abort_on_error
    async def Check(self, request: Any, context: Any) -> Any:
        provider = self._provider_for(request.urn)
        (olds, news), secret = _properties(request.olds, request.news, keep_unknowns=True)
        result = await asyncio.to_thread(provider.check, olds, news)
        failures = [proto.CheckFailure(property=f.property, reason=f.reason) for f in result.failures]
        return proto.CheckResponse(inputs=await _struct(result.inputs, secret), failures=failures)

    @_abort_on_error
    async def Diff(self, request: Any, context: Any) -> Any:
        provider = self._provider_for(request.urn)
        (olds, news), _ = _properties(request.olds, request.news, keep_unknowns=True)
        result = await asyncio.to_thread(provider.diff, request.id, olds, news)
        fields: dict[str, Any] = {
            "changes": proto.DiffResponse.DIFF_UNKNOWN
            if result.changes is None
            else proto.DiffResponse.DIFF_SOME
            if result.changes
            else proto.DiffResponse.DIFF_NONE
        }
        if result.replaces is not None:
            fields["replaces"] = result.replaces
        if result.delete_before_replace is not None:
            fields["deleteBeforeReplace"] = result.delete_before_replace
        return proto.DiffResponse(**fields)

    @_abort_on_error
    async def Create(self, request: Any, context: Any) -> Any:
        provider = self._provider_for(request.urn)
        (props,), secret = _properties(request.properties)
        result = await asyncio.to_thread(provider.create, props)
        return proto.CreateResponse(id=result.id, properties=await _struct(result.outs or {}, secret))

    @_abort_on_error
    async def Read(self, request: Any, context: Any) -> Any:
        provider = self._provider_for(request.urn)
        (props,), secret = _properties(request.properties)
        result = await asyncio.to_thread(provider.read, request.id, props)
        fields: dict[str, Any] = {"id": result.id, "properties": await _struct(result.outs or {}, secret)}
        if result.inputs is not None:
            fields["inputs"] = await _struct(dict(result.inputs), secret)
        return proto.ReadResponse(**fields)

    @_abort_on_error
    async def Update(self, request: Any, context: Any) -> Any:
        provider = self._provider_for(request.urn)
        (olds, news), secret = _properties(request.olds, request.news)
        result = await asyncio.to_thread(provider.update, request.id, olds, news)
        return proto.UpdateResponse(properties=await _struct(result.outs or {}, secret))

    @_abort_on_error
    async def Delete(self, request: Any, context: Any) -> Any:
        provider = self._provider_for(request.urn)
        (props,), _ = _properties(request.properties)
        await asyncio.to_thread(provider.delete, request.id, props)
        return empty_pb2.Empty()


async def _parent_ended() -> None:
    """Return once the process that started this one (the Pulumi CLI) has ended. The engine stops
    its plugins when it is done, but not on every path: the YAML and TypeScript tests each found
    one of these left running after their commands had ended."""
    parent = os.getppid()
    while os.getppid() == parent:
        await asyncio.sleep(0.5)


def serve(provider: Provider, args: list[str]) -> None:
    """Serve on a free port of 127.0.0.1 and print it, as the engine expects of a plugin."""
    parser = argparse.ArgumentParser(description="pulumi-resource-aep: the AEP streaming provider plugin")
    parser.add_argument("engine", help="the Pulumi engine's address")
    known, _ = parser.parse_known_args(args)

    async def run() -> None:
        # Entity calls mostly wait on AEP: serve as many at once as the dynamic provider server does.
        workers = providers.rpc_workers()
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(workers if workers and workers > 0 else None)
        )
        server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(
            AepProviderServicer(provider, args, known.engine), server
        )
        port = server.add_insecure_port(address="127.0.0.1:0")
        await server.start()
        sys.stdout.write(f"{port}\n")
        sys.stdout.flush()
        ended = asyncio.create_task(_parent_ended())
        stopped = asyncio.create_task(server.wait_for_termination())
        await asyncio.wait([ended, stopped], return_when=asyncio.FIRST_COMPLETED)
        await server.stop(grace=None)

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
