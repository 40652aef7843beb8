"""Pulumi dynamic providers, one per AEP entity.

Each class is named in every resource's state (``reference.load(module, name)``): the module
path and class name are a stable API. Renaming or moving one breaks refresh and destroy of
existing stacks. The classes load on first use: a program imports only ``inputs`` and
``reference`` of this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi_aep_streaming._lazy import exports

_CLASSES = {
    "BaseConnectionProvider": "connections",
    "SourceConnectionProvider": "connections",
    "TargetConnectionProvider": "connections",
    "DataflowProvider": "dataflow",
    "DatasetProvider": "dataset",
    "IdentityNamespaceProvider": "identity",
    "MappingSetProvider": "mapping_set",
    "MergePolicyProvider": "merge_policy",
    "SandboxProvider": "sandbox",
    "SchemaProvider": "schema",
}
__all__ = [
    "CONFIG_KEYS",
    "PROVIDER_NAMES",
    "SOURCES",
    "BaseConnectionProvider",
    "DataflowProvider",
    "DatasetProvider",
    "IdentityNamespaceProvider",
    "MappingSetProvider",
    "MergePolicyProvider",
    "SandboxProvider",
    "SchemaProvider",
    "SourceConnectionProvider",
    "TargetConnectionProvider",
    "reading",
    "rpc_workers",
]

if TYPE_CHECKING:
    from ._config import CONFIG_KEYS, SOURCES
    from ._listings import reading
    from ._server import rpc_workers
    from .connections import BaseConnectionProvider, SourceConnectionProvider, TargetConnectionProvider
    from .dataflow import DataflowProvider
    from .dataset import DatasetProvider
    from .identity import IdentityNamespaceProvider
    from .mapping_set import MappingSetProvider
    from .merge_policy import MergePolicyProvider
    from .sandbox import SandboxProvider
    from .schema import SchemaProvider


# The provider classes' names (stable: see above).
PROVIDER_NAMES = tuple(_CLASSES)
# Besides the providers: reading as a refresh reads (export), the stack config keys the
# providers read their settings from (the day-two commands read the same), and how many calls a
# provider process serves at once (the plugin's server too).
_HELPERS = {"reading": "_listings", "CONFIG_KEYS": "_config", "SOURCES": "_config", "rpc_workers": "_server"}

__getattr__ = exports(__name__, {**_CLASSES, **_HELPERS})


def reference_to(name: str) -> Any:
    """A ProviderReference to the provider class ``name`` (for pulumi.dynamic.Resource)."""
    from .reference import ProviderReference

    return ProviderReference(f"{__name__}.{_CLASSES[name]}", name)
