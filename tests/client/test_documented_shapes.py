"""Every response shape Adobe documents parses into the client's models.

The bodies below are the documented examples and field lists of Adobe's API references
(https://developer.adobe.com/experience-platform-apis/references/) and Experience League pages,
including the fields AEP adds that the models do not name: models must keep them. The last test
checks them against the condensed contract notes the team keeps beside the repository, read at
test time from ../shared when it is there.
"""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_aep_streaming.client import (
    BatchReceipt,
    Connection,
    Created,
    Dataset,
    Flow,
    FlowSpec,
    InletReceipt,
    MappingSet,
    MappingSetSummary,
    MappingValidation,
    Run,
    Schema,
    SourceConnection,
    TargetConnection,
)
from pulumi_aep_streaming.client._errors import describe
from tests.support import SHARED

ETAG = '"a1011225-0000-0200-0000-63c78ae60000"'
AUDIT = {
    "createdAt": 1614122324830,
    "updatedAt": 1614122324830,
    "createdBy": "x@AdobeID",
    "updatedBy": "x@AdobeID",
    "createdClient": "c",
    "updatedClient": "c",
    "sandboxId": "1bd86660-c5da-11e9-93d4-6d5fc3a66a8e",
    "sandboxName": "prod",
    "imsOrgId": "5C1328435BF324E90A49402A@AdobeOrg",
    "version": ETAG,
    "etag": ETAG,
}

SHAPES: list[tuple[str, type, dict[str, Any], dict[str, Any]]] = [
    ("3.2 create {id, etag}", Created, {"id": "993f908f-3342-4d9c-9f3c-5aa9a189ca1a", "etag": ETAG}, {"etag": ETAG}),
    (
        "3.2 HTTP API base connection",
        Connection,
        {
            **AUDIT,
            "id": "b",
            "name": "n",
            "description": "d",
            "state": "enabled",
            "connectionSpec": {"id": "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb", "version": "1.0"},
            "auth": {
                "specName": "Streaming Connection",
                "params": {
                    "sourceId": "n",
                    "dataType": "xdm",
                    "name": "n",
                    "authenticationRequired": False,
                    "inletId": "667b41cf",
                    "inletUrl": "https://dcs.adobedc.net/collection/667b41cf",
                },
            },
        },
        {"inlet_url": "https://dcs.adobedc.net/collection/667b41cf", "inlet_id": "667b41cf"},
    ),
    (
        "3.3 source connection",
        SourceConnection,
        {
            **AUDIT,
            "id": "s",
            "name": "n",
            "description": "",
            "baseConnectionId": None,
            "state": "enabled",
            "data": {"format": "json", "schema": None, "properties": None},
            "connectionSpec": {"id": "e77fd9d2-22a8-11ed-861d-0242ac120002", "version": "1.0"},
            "params": {},
            "providerRefId": "p",
            "inheritedAttributes": {},
            "lastOperation": {"started": 1, "updated": 1, "operation": "create"},
        },
        {"state": "enabled", "data": {"format": "json", "schema": None, "properties": None}},
    ),
    (
        "3.4 target connection",
        TargetConnection,
        {
            **AUDIT,
            "id": "t",
            "name": "n",
            "state": "enabled",
            "connectionSpec": {"id": "c604ff05-7f1a-43c0-8e18-33bf874cb11c", "version": "1.0"},
            "data": {
                "format": "parquet_xdm",
                "schema": {
                    "id": "https://ns.adobe.com/t/schemas/x",
                    "version": "application/vnd.adobe.xed-full+json;version=1",
                },
            },
            "params": {"dataSetId": "5c8c3c555033b814b69f947f"},
        },
        {"dataset_id": "5c8c3c555033b814b69f947f", "schema_id": "https://ns.adobe.com/t/schemas/x"},
    ),
    (
        "3.5 Streaming SDK flow GET",
        Flow,
        {
            **AUDIT,
            "id": "f",
            "name": "n",
            "description": "",
            "flowSpec": {"id": "e77fde5a-22a8-11ed-861d-0242ac120002", "version": "1.0"},
            "state": "enabled",
            "sourceConnectionIds": ["s"],
            "targetConnectionIds": ["t"],
            "inheritedAttributes": {
                "properties": {"isSourceFlow": True},
                "sourceConnections": [{"id": "s", "connectionSpec": {"id": "e77fd9d2", "version": "1.0"}}],
                "targetConnections": [{"id": "t", "connectionSpec": {"id": "c604ff05", "version": "1.0"}}],
            },
            "options": {
                "errorDiagnosticsEnabled": True,
                "inletUrl": "https://dcs-int.adobedc.net/collection/abc",
                "isSampleDataflow": False,
            },
            "transformations": [
                {"name": "Mapping", "params": {"mappingId": "bf5286a9c1ad4266baca76ba3adc9366", "mappingVersion": 0}}
            ],
            "runs": "/runs?property=flowId==f",
            "providerRefId": "p",
            "labels": [],
            "recordTypes": [{"type": "experienceevent", "extensions": {}}],
            "lastOperation": {
                "started": 1,
                "updated": 1,
                "operation": "enable",
                "percentCompleted": 100,
                "status": {"value": "completed", "errors": []},
                "ops": [],
            },
            "lastRunDetails": {"id": "r", "state": "success", "startedAtUTC": 1, "completedAtUTC": 2},
        },
        {"inlet_url": "https://dcs-int.adobedc.net/collection/abc", "mapping": ("bf5286a9c1ad4266baca76ba3adc9366", 0)},
    ),
    (
        "3.6 run",
        Run,
        {
            "id": "r",
            "createdAt": 1,
            "updatedAt": 1,
            "flowId": "f",
            "flowSpec": {"id": "x", "version": "1.0"},
            "providerRefId": "p",
            "eTag": ETAG,
            "metrics": {
                "durationSummary": {"startedAtUTC": 1, "completedAtUTC": 2},
                "sizeSummary": {"inputBytes": 124, "outputBytes": 1884},
                "recordSummary": {
                    "inputRecordCount": 2,
                    "createdRecordCount": 2,
                    "outputRecordCount": 2,
                    "failedRecordCount": 0,
                },
                "statusSummary": {"status": "success"},
            },
            "activities": [],
        },
        {"records": {"inputRecordCount": 2, "createdRecordCount": 2, "outputRecordCount": 2, "failedRecordCount": 0}},
    ),
    (
        "3.7 flow spec",
        FlowSpec,
        {
            "id": "e77fde5a-22a8-11ed-861d-0242ac120002",
            "name": "GenericStreamingAEP",
            "providerId": "521eee4d",
            "version": "1.0",
            "sourceConnectionSpecIds": ["e77fd9d2-22a8-11ed-861d-0242ac120002"],
            "targetConnectionSpecIds": ["c604ff05-7f1a-43c0-8e18-33bf874cb11c"],
            "transformationSpecs": [{"name": "Mapping", "spec": {}}],
            "attributes": {"isSourceFlow": True, "frequency": "streaming"},
        },
        {"name": "GenericStreamingAEP"},
    ),
    (
        "4 POST mappingSets (200)",
        MappingSetSummary,
        {
            "id": "bf5286a9c1ad4266baca76ba3adc9366",
            "version": 0,
            "createdDate": 1,
            "modifiedDate": 1,
            "createdBy": "c",
            "modifiedBy": "c",
        },
        {"version": 0},
    ),
    (
        "4 mapping set GET, mixed vocabulary",
        MappingSet,
        {
            "id": "m",
            "version": 1,
            "createdDate": 1,
            "modifiedDate": 2,
            "supportVersion": "1.1",
            "status": "PUBLISHED",
            "strictMapping": False,
            "allowNullValues": False,
            "xdmVersion": "1.0",
            "schemaRef": {
                "id": "https://ns.adobe.com/t/schemas/x",
                "contentType": "application/vnd.adobe.xed-full+json;version=1",
            },
            "xdmSchema": "https://ns.adobe.com/t/schemas/x",
            "outputSchema": {"schemaRef": {"id": "https://ns.adobe.com/t/schemas/x"}},
            "mappings": [
                {
                    "id": "1",
                    "sourceType": "text/x.schema-path",
                    "source": "firstName",
                    "destination": "person.name.firstName",
                    "sourceAttribute": "firstName",
                    "destinationXdmPath": "person.name.firstName",
                    "identity": False,
                    "primaryIdentity": False,
                    "matchScore": 0.0,
                    "functionVersion": 0,
                }
            ],
        },
        {"schema_id": "https://ns.adobe.com/t/schemas/x"},
    ),
    (
        "4 validate",
        MappingValidation,
        {"status": "FAILED", "errors": [{"code": "x", "message": "m"}]},
        {"status": "FAILED"},
    ),
    (
        "6 dataset GET entry",
        Dataset,
        {
            "id": "5c8c3c555033b814b69f947f",
            "name": "n",
            "description": "d",
            "imsOrg": "o",
            "version": "1.0.0",
            "created": 1,
            "updated": 2,
            "createdClient": "c",
            "createdUser": "u",
            "updatedUser": "u",
            "tags": {"unifiedProfile": ["enabled:true"]},
            "schemaRef": {
                "id": "https://ns.adobe.com/t/schemas/x",
                "contentType": "application/vnd.adobe.xed+json;version=1",
            },
            "viewId": "v",
            "basePath": "b",
            "files": "@/dataSetFiles?dataSetId=x",
            "state": "DRAFT",
        },
        {"name": "n"},
    ),
    (
        "5.1 schema create",
        Schema,
        {
            "$id": "https://ns.adobe.com/t/schemas/x",
            "meta:altId": "_t.schemas.x",
            "meta:resourceType": "schemas",
            "version": "1.0",
            "title": "t",
            "type": "object",
            "description": "d",
            "allOf": [{"$ref": "https://ns.adobe.com/xdm/context/profile"}],
            "meta:class": "https://ns.adobe.com/xdm/context/profile",
            "meta:extends": ["https://ns.adobe.com/xdm/context/profile"],
            "meta:containerId": "tenant",
            "meta:registryMetadata": {"repo:createDate": 1, "eTag": "e"},
        },
        {"alt_id": "_t.schemas.x", "meta_class": "https://ns.adobe.com/xdm/context/profile"},
    ),
    (
        "7.1 DCS single",
        InletReceipt,
        {
            "inletId": "667b",
            "xactionId": "1584479347507:2153:240",
            "receivedTimeMs": 1584479347507,
            "syncValidation": {"skipped": True},
        },
        {"xaction_id": "1584479347507:2153:240"},
    ),
    (
        "7.2 DCS batch 207",
        BatchReceipt,
        {
            "inletId": "667b",
            "batchId": "1565638336649:1750:244",
            "receivedTimeMs": 1565638336705,
            "responses": [
                {"xactionId": "1565638336649:1750:244:0"},
                {"statusCode": 400, "message": "Message has unknown xdm format"},
            ],
        },
        {"failures": [{"statusCode": 400, "message": "Message has unknown xdm format"}]},
    ),
]


@pytest.mark.parametrize(("section", "model", "body", "expected"), SHAPES, ids=[s[0] for s in SHAPES])
def test_documented_shape_parses(section: str, model: type, body: dict[str, Any], expected: dict[str, Any]) -> None:
    parsed = model.model_validate(body)
    for attribute, value in expected.items():
        assert getattr(parsed, attribute) == value, section
    dumped = parsed.model_dump(by_alias=True)
    assert set(body) <= set(dumped), f"{section}: fields AEP added were dropped"


ERROR_BODIES = [
    ({"error_code": "403010", "message": "Oauth token is missing."}, ("403010", None, "Oauth token is missing.")),
    (
        {
            "type": "https://ns.adobe.com/aep/errors/FLOW-1404-412",
            "title": "Precondition Failed",
            "status": 412,
            "report": {"detailed-message": "version mismatch", "request-id": "r"},
        },
        ("FLOW-1404", "Precondition Failed", "version mismatch"),
    ),
    (
        {
            "type": "http://ns.adobe.com/aep/errors/XDM-1012-404",
            "title": "Resource Not Found",
            "status": 404,
            "report": {"registryRequestId": "u", "detailed-message": "not found"},
            "detail": "no such schema",
        },
        ("XDM-1012", "Resource Not Found", "no such schema"),
    ),
    (
        {
            "type": "https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization",
            "status": "401",
            "title": "Authorization",
            "report": {"message": "[id] Ims service token is empty"},
        },
        (None, "Authorization", "[id] Ims service token is empty"),
    ),
    (
        {"error": "invalid_client", "error_description": "invalid client_secret parameter"},
        ("invalid_client", None, "invalid client_secret parameter"),
    ),
    (
        {"errorMessage": "Supplied version=[x] does not match the current version on entity=[y]"},
        (None, None, "Supplied version=[x] does not match the current version on entity=[y]"),
    ),
]


@pytest.mark.parametrize(("body", "expected"), ERROR_BODIES)
def test_documented_error_bodies_are_understood(body: dict[str, Any], expected: tuple) -> None:
    assert describe(body) == expected


def test_the_contract_document_is_where_the_shapes_come_from() -> None:
    doc = SHARED / "aep-api.md"
    if not doc.exists():
        pytest.skip("../shared/aep-api.md is absent")
    text = doc.read_text()
    for marker in (
        "options.inletUrl",
        "auth.params.inletUrl",
        '"xactionId"',
        "FLOW-1404-412",
        "XDM-1012-404",
        "403010",
    ):
        assert marker in text
