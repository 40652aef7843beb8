"""The AEP REST client: httpx + pydantic, no Pulumi.

A small public surface; the modules behind it are private. Names load on first use, so that a
Pulumi program can name the error classes (``_errors`` imports nothing) without loading httpx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_MODULES = {
    "AepApiError": "._errors",
    "AepAuthError": "._errors",
    "AepBadRequestError": "._errors",
    "AepClient": "._client",
    "AepConfigError": "._errors",
    "AepConflictError": "._errors",
    "AepDeadlineExceeded": "._errors",
    "AepError": "._errors",
    "AepNotFoundError": "._errors",
    "AepPreconditionFailedError": "._errors",
    "AepRateLimitedError": "._errors",
    "AepServerError": "._errors",
    "AepSettings": "._settings",
    "AepTransportError": "._errors",
    "BatchReceipt": "._models",
    "Connection": "._models",
    "ConnectionAuth": "._models",
    "ConnectionInput": "._models",
    "ConnectionSpec": "._models",
    "Created": "._models",
    "DEFAULT_SCOPES": "._settings",
    "Dataset": "._models",
    "DatasetInput": "._models",
    "FieldGroup": "._models",
    "Flow": "._models",
    "FlowInput": "._models",
    "FlowServiceEntity": "._models",
    "FlowSpec": "._models",
    "InletReceipt": "._models",
    "Mapping": "._models",
    "MappingInput": "._models",
    "MappingSet": "._models",
    "MappingSetInput": "._models",
    "MappingSetSummary": "._models",
    "MappingValidation": "._models",
    "RetryPolicy": "._transport",
    "Run": "._models",
    "Schema": "._models",
    "SchemaRef": "._models",
    "SourceConnection": "._models",
    "SourceConnectionInput": "._models",
    "SpecRef": "._models",
    "TargetConnection": "._models",
    "TargetConnectionInput": "._models",
    "Transformation": "._models",
    "XdmResource": "._models",
}

__all__ = [
    "DEFAULT_SCOPES",
    "AepApiError",
    "AepAuthError",
    "AepBadRequestError",
    "AepClient",
    "AepConfigError",
    "AepConflictError",
    "AepDeadlineExceeded",
    "AepError",
    "AepNotFoundError",
    "AepPreconditionFailedError",
    "AepRateLimitedError",
    "AepServerError",
    "AepSettings",
    "AepTransportError",
    "BatchReceipt",
    "Connection",
    "ConnectionAuth",
    "ConnectionInput",
    "ConnectionSpec",
    "Created",
    "Dataset",
    "DatasetInput",
    "FieldGroup",
    "Flow",
    "FlowInput",
    "FlowServiceEntity",
    "FlowSpec",
    "InletReceipt",
    "Mapping",
    "MappingInput",
    "MappingSet",
    "MappingSetInput",
    "MappingSetSummary",
    "MappingValidation",
    "RetryPolicy",
    "Run",
    "Schema",
    "SchemaRef",
    "SourceConnection",
    "SourceConnectionInput",
    "SpecRef",
    "TargetConnection",
    "TargetConnectionInput",
    "Transformation",
    "XdmResource",
]


if TYPE_CHECKING:
    from ._client import AepClient
    from ._errors import (
        AepApiError,
        AepAuthError,
        AepBadRequestError,
        AepConfigError,
        AepConflictError,
        AepDeadlineExceeded,
        AepError,
        AepNotFoundError,
        AepPreconditionFailedError,
        AepRateLimitedError,
        AepServerError,
        AepTransportError,
    )
    from ._models import (
        BatchReceipt,
        Connection,
        ConnectionAuth,
        ConnectionInput,
        ConnectionSpec,
        Created,
        Dataset,
        DatasetInput,
        FieldGroup,
        Flow,
        FlowInput,
        FlowServiceEntity,
        FlowSpec,
        InletReceipt,
        Mapping,
        MappingInput,
        MappingSet,
        MappingSetInput,
        MappingSetSummary,
        MappingValidation,
        Run,
        Schema,
        SchemaRef,
        SourceConnection,
        SourceConnectionInput,
        SpecRef,
        TargetConnection,
        TargetConnectionInput,
        Transformation,
        XdmResource,
    )
    from ._settings import DEFAULT_SCOPES, AepSettings
    from ._transport import RetryPolicy


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'pulumi_aep_streaming.client' has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
