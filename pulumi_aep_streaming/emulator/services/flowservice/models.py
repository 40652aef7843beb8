"""Flow Service entities: collections, the checks each create and patch must pass, runs (no Request)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import (
    new_etag,
    new_hex,
    new_uuid,
    now_ms,
)
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.listing import unquote_value
from pulumi_aep_streaming.emulator.core.scope import Scope
from pulumi_aep_streaming.emulator.services.dataprep.models import get_version
from pulumi_aep_streaming.emulator.services.flowservice.specs import (
    CONNECTION_SPECS,
    DATA_LAKE_SPEC,
    FLOW_SPECS,
    PER_FLOW_INLET_SPECS,
)

ApiError = errors.ApiError


@dataclass(frozen=True)
class Collection:
    """One Flow Service entity collection."""

    path: str  # URL segment, e.g. "sourceConnections"
    kind: str  # store kind
    entity_type: str  # what error reports call it
    immutable: tuple[str, ...]  # top-level fields a PATCH may not touch


SERVER_FIELDS = (
    "id",
    "createdAt",
    "updatedAt",
    "createdBy",
    "updatedBy",
    "createdClient",
    "updatedClient",
    "sandboxId",
    "sandboxName",
    "imsOrgId",
    "version",
    "etag",
    "state",
    "lastOperation",
    "inheritedAttributes",
    "runs",
    "providerRefId",
    "lastRunDetails",
)


COLLECTIONS = {
    c.path: c
    for c in (
        Collection("connections", "connection", "connections", ("connectionSpec",)),
        Collection(
            "sourceConnections",
            "sourceConnection",
            "sourceConnections",
            ("connectionSpec", "baseConnectionId", "providerId"),
        ),
        Collection("targetConnections", "targetConnection", "targetConnections", ("connectionSpec",)),
        Collection("flows", "flow", "flows", ("flowSpec", "sourceConnectionIds", "targetConnectionIds")),
    )
}


def bad_request(c: Collection, detail: str, code: int = 1100) -> ApiError:
    return errors.flow(code, 400, "Bad Request", detail, c.entity_type)


def _not_found(c: Collection, entity_id: str) -> ApiError:
    code = 1439 if c.kind == "flow" else 1101
    return errors.flow(
        code, 404, "Not Found", f"{c.entity_type} resource with id {entity_id} was not found", c.entity_type
    )


def _spec_ref(c: Collection, body: dict[str, Any], field: str, pool: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ref = body.get(field)
    if not isinstance(ref, dict) or not isinstance(ref.get("id"), str):
        raise bad_request(c, f'field \'{field}\' is required: {{"id": <spec id>, "version": "1.0"}}')
    spec = pool.get(ref["id"])
    if spec is None:
        raise bad_request(c, f"{field}.id {ref['id']} is not a valid spec id", 1413)
    return spec


def _require_name(c: Collection, body: dict[str, Any]) -> None:
    if not isinstance(body.get("name"), str) or not body["name"].strip():
        raise bad_request(c, "field 'name' is required and must be a non-empty string")


def entity_doc(sb: Scope, c: Collection, entity_id: str) -> dict[str, Any]:
    doc = sb.get(c.kind, entity_id)
    if doc is None:
        raise _not_found(c, entity_id)
    return doc


def _check_connection(sb: Scope, body: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    c = COLLECTIONS["connections"]
    _require_name(c, body)
    spec = _spec_ref(c, body, "connectionSpec", CONNECTION_SPECS)
    if not spec["authSpec"]:
        raise bad_request(
            c,
            f"connection spec {spec['id']} ({spec['name']}) takes no base connection;"
            " create a source connection directly",
            1413,
        )
    auth = body.get("auth")
    if not isinstance(auth, dict) or not isinstance(auth.get("params"), dict):
        raise bad_request(
            c, 'field \'auth\' is required: {"specName": "Streaming Connection", "params": {"dataType": "xdm"|"raw"}}'
        )
    names = [a["name"] for a in spec["authSpec"]]
    if auth.get("specName") not in names:
        raise bad_request(c, f"auth.specName must be one of {names}")
    params = auth["params"]
    if params.get("dataType", "xdm") not in ("xdm", "raw"):
        raise bad_request(c, "auth.params.dataType must be 'xdm' or 'raw'")
    if not isinstance(params.get("authenticationRequired", False), bool):
        raise bad_request(c, "auth.params.authenticationRequired must be a boolean")
    inlet_id = previous["auth"]["params"]["inletId"] if previous else new_hex(64)
    params.setdefault("dataType", "xdm")
    params.setdefault("sourceId", body["name"])
    params.setdefault("name", body["name"])
    params.setdefault("authenticationRequired", False)
    params["inletId"] = inlet_id
    params.pop("inletUrl", None)
    return {"state": "enabled"}


def _check_source_connection(sb: Scope, body: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    c = COLLECTIONS["sourceConnections"]
    _require_name(c, body)
    spec = _spec_ref(c, body, "connectionSpec", CONNECTION_SPECS)
    if not spec["attributes"].get("isSource"):
        raise bad_request(c, f"connection spec {spec['id']} is not a source spec", 1413)
    data = body.setdefault("data", {"format": "json"})
    if not isinstance(data, dict):
        raise bad_request(c, 'data must be an object such as {"format": "json"}')
    base_id = body.get("baseConnectionId")
    derived: dict[str, Any] = {"state": "enabled"}
    if spec["id"] in PER_FLOW_INLET_SPECS:
        if base_id:
            raise bad_request(c, f"connection spec {spec['id']} ({spec['name']}) takes no baseConnectionId")
        if data.get("format", "json") != "json":
            raise bad_request(
                c, f"data.format {data.get('format')!r} is not supported; 'json' is the only format of {spec['name']}"
            )
        derived["inheritedAttributes"] = {}
    else:
        if not base_id:
            raise bad_request(c, f"baseConnectionId is required for connection spec {spec['id']} ({spec['name']})")
        base = sb.get("connection", base_id)
        if base is None:
            raise bad_request(c, f"baseConnectionId {base_id} does not exist in sandbox {sb.sandbox}")
        if base["connectionSpec"]["id"] != spec["id"]:
            raise bad_request(
                c, f"base connection {base_id} has connection spec {base['connectionSpec']['id']}, not {spec['id']}"
            )
        derived["inheritedAttributes"] = {"baseConnection": {"id": base_id, "connectionSpec": base["connectionSpec"]}}
    return derived


def _check_target_connection(sb: Scope, body: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    c = COLLECTIONS["targetConnections"]
    spec = _spec_ref(c, body, "connectionSpec", CONNECTION_SPECS)
    if spec["id"] != DATA_LAKE_SPEC:
        raise bad_request(
            c, f"connection spec {spec['id']} is not a target spec; use the data lake spec {DATA_LAKE_SPEC}", 1413
        )
    body.setdefault("name", "Target connection")
    data, params = body.get("data"), body.get("params")
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("schema"), dict)
        or not isinstance(data["schema"].get("id"), str)
    ):
        raise bad_request(
            c, 'data.schema.id is required: {"format": "json", "schema": {"id": <schema $id>, "version": ...}}'
        )
    if data.get("format", "json") not in ("json", "parquet_xdm", "delta"):
        raise bad_request(c, f"data.format {data.get('format')!r} is not supported (json, parquet_xdm, delta)")
    if not isinstance(params, dict) or not isinstance(params.get("dataSetId"), str):
        raise bad_request(c, "params.dataSetId is required")
    dataset = sb.get("dataset", params["dataSetId"])
    if dataset is None:
        raise bad_request(c, f"params.dataSetId {params['dataSetId']} is not a dataset in sandbox {sb.sandbox}")
    if (dataset.get("schemaRef") or {}).get("id") != data["schema"]["id"]:
        raise bad_request(
            c, f"data.schema.id {data['schema']['id']} differs from the schema of dataset {dataset['id']}", 1425
        )
    return {"state": "enabled", "inheritedAttributes": {}}


def _check_mapping(sb: Scope, flow_spec: dict[str, Any], body: dict[str, Any], target: dict[str, Any]) -> None:
    c = COLLECTIONS["flows"]
    transformations = body.setdefault("transformations", [])
    if not isinstance(transformations, list):
        raise bad_request(c, "transformations must be a list")
    supported = {t["name"]: t for t in flow_spec["transformationSpecs"]}
    for t in transformations:
        if not isinstance(t, dict) or t.get("name") not in supported:
            raise bad_request(
                c,
                f"transformation {t.get('name') if isinstance(t, dict) else t!r} is not supported by flow spec"
                f" {flow_spec['id']}; supported: {sorted(supported) or 'none'}",
            )
        params = t.setdefault("params", {})
        mapping_id = params.get("mappingId")
        version = params.setdefault("mappingVersion", 0)
        if not isinstance(mapping_id, str):
            raise bad_request(c, "transformations[].params.mappingId is required")
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise bad_request(c, "transformations[].params.mappingVersion must be a non-negative integer", 1412)
        mapping = get_version(sb, mapping_id)
        if mapping is None:
            raise bad_request(c, f"mapping set {mapping_id} does not exist in sandbox {sb.sandbox}", 1419)
        if version > mapping["version"]:
            raise bad_request(
                c, f"mapping set {mapping_id} has no version {version} (latest is {mapping['version']})", 1412
            )
        if mapping["schemaRef"]["id"] != target["data"]["schema"]["id"]:
            raise bad_request(
                c,
                f"mapping set {mapping_id} maps to schema {mapping['schemaRef']['id']},"
                f" but the target dataset uses {target['data']['schema']['id']}",
                1425,
            )
    required = [t for t in flow_spec["transformationSpecs"] if t.get("required")]
    if required and not transformations:
        raise bad_request(c, f"flow spec {flow_spec['id']} needs a Mapping transformation")


def _connections(
    sb: Scope, c: Collection, body: dict[str, Any], field: str, kind: str, allowed: list[str]
) -> dict[str, Any]:
    ids = body.get(field)
    if not isinstance(ids, list) or len(ids) != 1 or not isinstance(ids[0], str):
        raise bad_request(c, f"{field} must hold exactly one id")
    doc = sb.get(kind, ids[0])
    if doc is None:
        raise bad_request(c, f"{field}: {ids[0]} does not exist in sandbox {sb.sandbox}")
    if doc["connectionSpec"]["id"] not in allowed:
        raise bad_request(
            c,
            f"{field}: {ids[0]} has connection spec {doc['connectionSpec']['id']},"
            f" which the flow spec does not allow (allowed: {allowed})",
            1413,
        )
    return doc


def _check_flow(sb: Scope, body: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    c = COLLECTIONS["flows"]
    _require_name(c, body)
    if previous is None and "state" in body:
        raise bad_request(c, "state is not allowed in a create request", 1410)
    flow_spec = _spec_ref(c, body, "flowSpec", FLOW_SPECS)
    source = _connections(sb, c, body, "sourceConnectionIds", "sourceConnection", flow_spec["sourceConnectionSpecIds"])
    target = _connections(sb, c, body, "targetConnectionIds", "targetConnection", flow_spec["targetConnectionSpecIds"])
    _check_mapping(sb, flow_spec, body, target)
    options = body.setdefault("options", {})
    if not isinstance(options, dict):
        raise bad_request(c, "options must be an object")
    options.pop("inletUrl", None)
    options.setdefault("errorDiagnosticsEnabled", True)
    base = (source.get("inheritedAttributes") or {}).get("baseConnection")
    inherited = {
        "properties": {"isSourceFlow": True},
        "sourceConnections": [
            {
                "id": source["id"],
                "connectionSpec": source["connectionSpec"],
                **({"baseConnection": base} if base else {}),
            }
        ],
        "targetConnections": [{"id": target["id"], "connectionSpec": target["connectionSpec"]}],
    }
    derived: dict[str, Any] = {"inheritedAttributes": inherited}
    if previous is None:
        derived["state"] = "enabled"
        if source["connectionSpec"]["id"] in PER_FLOW_INLET_SPECS:
            derived["inletId"] = new_hex(64)
    return derived


CHECKS: dict[str, Callable[[Scope, dict[str, Any], dict[str, Any] | None], dict[str, Any]]] = {
    "connection": _check_connection,
    "sourceConnection": _check_source_connection,
    "targetConnection": _check_target_connection,
    "flow": _check_flow,
}


def create_run(sb: Scope, caller: Caller, flow: dict[str, Any]) -> None:
    run_id = new_uuid()
    now = now_ms()
    sb.put(
        "run",
        run_id,
        {
            "id": run_id,
            "flowId": flow["id"],
            "flowSpec": flow["flowSpec"],
            "createdAt": now,
            "updatedAt": now,
            "createdBy": caller.user,
            "updatedBy": caller.user,
            "createdClient": caller.client_id,
            "updatedClient": caller.client_id,
            "sandboxId": caller.sandbox_id,
            "sandboxName": caller.sandbox,
            "imsOrgId": caller.org,
            "providerRefId": f"M-{flow['id']}:{run_id}",
            "etag": new_etag(),
            "state": "inProgress",
            "metrics": {
                "durationSummary": {"startedAtUTC": now},
                "sizeSummary": {"inputBytes": 0, "outputBytes": 0},
                "recordSummary": {
                    "inputRecordCount": 0,
                    "createdRecordCount": 0,
                    "outputRecordCount": 0,
                    "failedRecordCount": 0,
                },
                "statusSummary": {"status": "inProgress", "errors": []},
            },
            "activities": [],
        },
    )
    flow["lastRunDetails"] = {"id": run_id, "state": "inProgress", "startedAtUTC": now}


# Filter paths the store indexes (see store.INDEXED), by kind: a ``path==value`` filter on one of
# them reads only the matching entities.
_INDEXED_FILTERS = {
    "sourceConnectionIds": "sourceConnectionIds",
    "sourceConnectionIds[]": "sourceConnectionIds",
    "targetConnectionIds": "targetConnectionIds",
    "targetConnectionIds[]": "targetConnectionIds",
    "baseConnectionId": "baseConnectionId",
    "params.dataSetId": "params.dataSetId",
    "flowId": "flowId",
    "name": "name",
}


def listed(sb: Scope, kind: str, query: Any) -> Sequence[dict[str, Any]]:
    """What a list query starts from: the indexed matches of one filter, a lazy window, or all."""
    for expr in query.getlist("property"):
        path, op, value = expr.partition("==")
        field = _INDEXED_FILTERS.get(path.strip())
        if op and field and "," not in value and not path.startswith("!"):
            return sb.find(kind, field, unquote_value(value))
    if not query.getlist("property") and "orderby" not in query:
        return sb.docs(kind)
    return sb.list(kind)


def flows_using(sb: Scope, field: str, entity_id: str) -> list[str]:
    return [f["id"] for f in sb.find("flow", field, entity_id)]
