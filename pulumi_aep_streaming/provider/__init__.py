"""Pulumi dynamic providers, one per AEP entity.

Each class is named in every resource's state (``reference.load(module, name)``): the module
path and class name are a stable API. Renaming or moving one breaks refresh and destroy of
existing stacks. The classes load on first use: a program imports only ``inputs`` and
``reference`` of this package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_CLASSES = {
    "BaseConnectionProvider": "connections",
    "SourceConnectionProvider": "connections",
    "TargetConnectionProvider": "connections",
    "DataflowProvider": "dataflow",
    "DatasetProvider": "dataset",
    "MappingSetProvider": "mapping_set",
    "SchemaProvider": "schema",
}
__all__ = [
    "BaseConnectionProvider",
    "DataflowProvider",
    "DatasetProvider",
    "MappingSetProvider",
    "SchemaProvider",
    "SourceConnectionProvider",
    "TargetConnectionProvider",
]

if TYPE_CHECKING:
    from .connections import BaseConnectionProvider, SourceConnectionProvider, TargetConnectionProvider
    from .dataflow import DataflowProvider
    from .dataset import DatasetProvider
    from .mapping_set import MappingSetProvider
    from .schema import SchemaProvider


def __getattr__(name: str) -> Any:
    module = _CLASSES.get(name)
    if module is None:
        raise AttributeError(f"module 'pulumi_aep_streaming.provider' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


def reference_to(name: str) -> Any:
    """A ProviderReference to the provider class ``name`` (for pulumi.dynamic.Resource)."""
    from .reference import ProviderReference

    return ProviderReference(f"{__name__}.{_CLASSES[name]}", name)
