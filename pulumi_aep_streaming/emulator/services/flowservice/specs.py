"""The read-only connection specs and flow specs the emulator serves (https://developer.adobe.com/experience-platform-apis/references/flow-service/)."""

from __future__ import annotations

from typing import Any

STREAMING_PROVIDER_ID = "521eee4d-8cbe-4906-bb48-fb6bd4450033"
STREAMING_SDK_SPEC = "e77fd9d2-22a8-11ed-861d-0242ac120002"
SELF_SERVE_STREAMING_SPEC = "bdb5b792-451b-42de-acf8-15f3195821de"
HTTP_API_SPEC = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"
DATA_LAKE_SPEC = "c604ff05-7f1a-43c0-8e18-33bf874cb11c"

STREAMING_SDK_FLOW_SPEC = "e77fde5a-22a8-11ed-861d-0242ac120002"
HTTP_API_FLOW_SPEC = "d8a6f005-7eaf-4153-983e-e8574508b877"
HTTP_API_MAPPING_FLOW_SPEC = "c1a19761-d2c7-4702-b9fa-fe91f0613e81"
STREAM_OPTIONAL_MAPPING_FLOW_SPEC = "d69717ba-71b4-4313-b654-49f9cf126d7a"

_CREATED = 1661385600000  # 2022-08-25, when the generic streaming template was published


def _permissions(name: str) -> dict[str, Any]:
    return {
        "view": [{"@type": "lowLevel", "name": name, "permissions": ["read"]}],
        "manage": [{"@type": "lowLevel", "name": name, "permissions": ["write"]}],
    }


def _source_spec(spec_id: str, name: str, auth_spec: list[dict[str, Any]], auth_required: bool) -> dict[str, Any]:
    return {
        "id": spec_id,
        "name": name,
        "providerId": STREAMING_PROVIDER_ID,
        "version": "1.0",
        "type": name,
        "createdAt": _CREATED,
        "updatedAt": _CREATED,
        "attributes": {
            "category": "Streaming",
            "isSource": True,
            "isPreview": False,
            "uiAttributes": {"apiFeatures": {"updateSupported": False}},
        },
        "permissionsInfo": _permissions("StreamingSource"),
        "authSpec": auth_spec,
        "sourceSpec": {"attributes": {"authRequired": auth_required, "uiAttributes": {"isSource": True}}},
        "exploreSpec": {"type": "StreamingConnection"},
    }


HTTP_AUTH_SPEC = [
    {
        "name": "Streaming Connection",
        "type": "Streaming Connection",
        "spec": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {
                "sourceId": {"type": "string"},
                "dataType": {"type": "string", "enum": ["xdm", "raw"]},
                "name": {"type": "string"},
                "authenticationRequired": {"type": "boolean"},
            },
            "required": ["dataType"],
        },
    }
]

CONNECTION_SPECS: dict[str, dict[str, Any]] = {
    STREAMING_SDK_SPEC: _source_spec(STREAMING_SDK_SPEC, "generic-streaming", [], False),
    SELF_SERVE_STREAMING_SPEC: _source_spec(SELF_SERVE_STREAMING_SPEC, "self-serve-streaming", [], False),
    # Adobe's Python client (aepp) finds these two by name: "Streaming Connection" and "datalake".
    HTTP_API_SPEC: _source_spec(HTTP_API_SPEC, "Streaming Connection", HTTP_AUTH_SPEC, False),
    DATA_LAKE_SPEC: {
        "id": DATA_LAKE_SPEC,
        "name": "datalake",
        "providerId": "0ed90a81-07f4-4586-8190-b40eccef1c5a",
        "version": "1.0",
        "type": "DataLake",
        "createdAt": _CREATED,
        "updatedAt": _CREATED,
        "attributes": {"category": "Database", "isDestination": True, "isSource": False},
        "permissionsInfo": _permissions("DataLake"),
        "authSpec": [],
        "targetSpec": {
            "name": "Data Lake",
            "spec": {
                "type": "object",
                "properties": {"dataSetId": {"type": "string"}},
                "required": ["dataSetId"],
            },
        },
    },
}

MAPPING_TRANSFORMATION = {
    "name": "Mapping",
    "spec": {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {"mappingId": {"type": "string"}, "mappingVersion": {"type": "integer"}},
        "required": ["mappingId"],
    },
}


def _flow_spec(spec_id: str, name: str, sources: list[str], mapping: str) -> dict[str, Any]:
    """``mapping`` is "required", "optional" or "none"."""
    return {
        "id": spec_id,
        "name": name,
        "providerId": STREAMING_PROVIDER_ID,
        "version": "1.0",
        "createdAt": _CREATED,
        "updatedAt": _CREATED,
        "sourceConnectionSpecIds": sources,
        "targetConnectionSpecIds": [DATA_LAKE_SPEC],
        "transformationSpecs": []
        if mapping == "none"
        else [{**MAPPING_TRANSFORMATION, "required": mapping == "required"}],
        "optionSpec": {
            "name": "OptionSpec",
            "spec": {
                "type": "object",
                "properties": {
                    "errorDiagnosticsEnabled": {"type": "boolean"},
                    "partialIngestionPercent": {"type": "number"},
                    "inletUrl": {"type": "string"},
                },
            },
        },
        "attributes": {"isSourceFlow": True, "frequency": "streaming", "flowRunsSupported": True},
        "permissionsInfo": _permissions("StreamingSource"),
    }


FLOW_SPECS: dict[str, dict[str, Any]] = {
    STREAMING_SDK_FLOW_SPEC: _flow_spec(
        STREAMING_SDK_FLOW_SPEC, "GenericStreamingAEP", [STREAMING_SDK_SPEC, SELF_SERVE_STREAMING_SPEC], "optional"
    ),
    HTTP_API_FLOW_SPEC: _flow_spec(HTTP_API_FLOW_SPEC, "Steam data without transformation", [HTTP_API_SPEC], "none"),
    HTTP_API_MAPPING_FLOW_SPEC: _flow_spec(
        HTTP_API_MAPPING_FLOW_SPEC, "Streaming Ingestion with Mapping", [HTTP_API_SPEC], "required"
    ),
    STREAM_OPTIONAL_MAPPING_FLOW_SPEC: _flow_spec(
        STREAM_OPTIONAL_MAPPING_FLOW_SPEC, "Stream data with optional transformation", [HTTP_API_SPEC], "optional"
    ),
}

# Specs whose source connections own an inlet per flow (no base connection), as the Streaming SDK.
PER_FLOW_INLET_SPECS = {STREAMING_SDK_SPEC, SELF_SERVE_STREAMING_SPEC}
