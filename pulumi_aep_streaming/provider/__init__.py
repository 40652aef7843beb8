"""Pulumi dynamic providers, one per AEP entity.

Each class is pickled by reference into every resource's state: the module path and class name
are a stable API. Renaming or moving one breaks refresh and destroy of existing stacks.
"""

from .connections import BaseConnectionProvider, SourceConnectionProvider, TargetConnectionProvider
from .dataflow import DataflowProvider
from .dataset import DatasetProvider
from .mapping_set import MappingSetProvider
from .schema import SchemaProvider

__all__ = [
    "BaseConnectionProvider",
    "DataflowProvider",
    "DatasetProvider",
    "MappingSetProvider",
    "SchemaProvider",
    "SourceConnectionProvider",
    "TargetConnectionProvider",
]
