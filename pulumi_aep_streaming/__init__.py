"""Pulumi resources for Adobe Experience Platform streaming sources, and a local AEP emulator.

Resources (one per AEP entity): Schema, Dataset, BaseConnection, SourceConnection,
TargetConnection, MappingSet, Dataflow; the StreamingSource component builds the whole chain.
The AEP client is ``pulumi_aep_streaming.client``; the emulator ``pulumi_aep_streaming.emulator``.

The names are loaded on first use, so that importing the client or the emulator alone does not
import Pulumi.
"""

from __future__ import annotations

import importlib.metadata
from typing import TYPE_CHECKING

from ._lazy import exports

__version__ = importlib.metadata.version("pulumi-aep-streaming")  # one source: pyproject.toml

_EXPORTS = {
    "StreamingSource": "components",
    "StreamingSourceArgs": "components",
    **{
        name: "resources"
        for name in (
            "AepInputError",
            "BaseConnection",
            "BaseConnectionArgs",
            "Dataflow",
            "DataflowArgs",
            "Dataset",
            "DatasetArgs",
            "FieldMapping",
            "MappingSet",
            "MappingSetArgs",
            "Schema",
            "SchemaArgs",
            "SchemaField",
            "SourceConnection",
            "SourceConnectionArgs",
            "TargetConnection",
            "TargetConnectionArgs",
        )
    },
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .components import StreamingSource, StreamingSourceArgs
    from .resources import (
        BaseConnection,
        BaseConnectionArgs,
        Dataflow,
        DataflowArgs,
        Dataset,
        DatasetArgs,
        FieldMapping,
        MappingSet,
        MappingSetArgs,
        Schema,
        SchemaArgs,
        SchemaField,
        SourceConnection,
        SourceConnectionArgs,
        TargetConnection,
        TargetConnectionArgs,
    )


__getattr__ = exports(__name__, _EXPORTS)
