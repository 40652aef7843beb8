"""Pulumi resources for Adobe Experience Platform streaming sources, and a local AEP emulator.

Resources (one per AEP entity): Sandbox, Schema, Dataset, BaseConnection, SourceConnection,
TargetConnection, MappingSet, Dataflow, IdentityNamespace, MergePolicy; the StreamingSource
component builds the whole chain.
The AEP client is ``pulumi_aep_streaming.client``; the emulator ``pulumi_aep_streaming.emulator``.

The names are loaded on first use, so that importing the client or the emulator alone does not
import Pulumi.
"""

from __future__ import annotations

import importlib.metadata
from typing import TYPE_CHECKING

from ._lazy import exports

__version__ = importlib.metadata.version("pulumi-aep-streaming")  # one source: pyproject.toml


def _exports() -> dict[str, str]:
    """Each exported name's module; the resources' names come from their declarations."""
    from .declarations import RESOURCES, VALUE_TYPES  # read on the first name used, not at import

    return {
        "StreamingSource": "components",
        "StreamingSourceArgs": "components",
        "AepInputError": "resources",
        **{d.name: "resources" for d in VALUE_TYPES},
        **{name: "resources" for d in RESOURCES for name in (d.name, f"{d.name}Args")},
    }


if TYPE_CHECKING:
    from .components import StreamingSource, StreamingSourceArgs
    from .resources import *  # noqa: F403 - the resources' names, for type checkers and IDEs


__getattr__ = exports(__name__, _exports)
