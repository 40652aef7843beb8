"""The streaming inlet (DCS): ``/collection/{inletId}`` and ``/collection/batch/{inletId}``.

A record goes through the flow's mapping set (at the version the flow names), is validated
against the target schema and is committed as a row of the target dataset before the answer
is sent. Records that fail are counted in the flow's run with their diagnostics.

A disabled flow refuses records (400, "Dataflow disabled") instead of acknowledging them: an
acknowledged record is never dropped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import FastJSONResponse, dumps, parse_json, read_body
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.state import EmulatorState, state_of
from pulumi_aep_streaming.emulator.engines.mapping import CompiledMapping, apply_mappings, compile_mapping
from pulumi_aep_streaming.emulator.engines.xdm import UnresolvedReference, Validator, compile_validator
from pulumi_aep_streaming.emulator.services.dataprep.models import get_version
from pulumi_aep_streaming.emulator.services.schemaregistry.models import field_tree, lookup_any

MAX_BYTES = 1024 * 1024
MAX_DIAGNOSTICS = 20


@dataclass
class Plan:
    """What a flow does to each record: mapping, schema, destination dataset."""

    caller: Caller
    flow: dict[str, Any]
    dataset_id: str
    schema_id: str
    validate: Validator
    mappings: list[CompiledMapping] | None


@dataclass
class Tally:
    """What one request did to one flow's run."""

    plan: Plan
    ok: int = 0
    failed: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    in_bytes: int = 0
    out_bytes: int = 0


@dataclass
class Outcome:
    row: dict[str, Any] | None
    errors: list[dict[str, Any]]


def _owner_flows(st: EmulatorState, org: str, sandbox: str, kind: str, owner: str) -> list[dict[str, Any]]:
    if kind == "flow":
        flow = st.store.get("flow", org, sandbox, owner)
        return [flow] if flow else []
    flows = {}
    for source in st.store.find("sourceConnection", org, sandbox, "baseConnectionId", owner):
        flows.update({f["id"]: f for f in st.store.find("flow", org, sandbox, "sourceConnectionIds", source["id"])})
    return list(flows.values())


def _plan(st: EmulatorState, caller: Caller, flow: dict[str, Any]) -> Plan | str:
    """The processing plan of a flow, or why records cannot be processed."""
    target = st.store.get("targetConnection", caller.org, caller.sandbox, flow["targetConnectionIds"][0])
    if target is None:
        return "the flow's target connection no longer exists"
    dataset_id = target["params"]["dataSetId"]
    if st.store.get("dataset", caller.org, caller.sandbox, dataset_id) is None:
        return f"target dataset {dataset_id} no longer exists"
    schema = lookup_any(st, caller, target["data"]["schema"]["id"])
    if schema is None:
        return f"target schema {target['data']['schema']['id']} no longer exists"
    try:
        tree = field_tree(st, caller, schema)
    except UnresolvedReference as exc:
        return f"target schema cannot be resolved: {exc}"
    mappings = None
    for t in flow.get("transformations", []):
        mapping_set = get_version(st, caller, t["params"]["mappingId"], t["params"].get("mappingVersion", 0))
        if mapping_set is None:
            version = t["params"].get("mappingVersion", 0)
            return f"mapping set {t['params']['mappingId']} version {version} no longer exists"
        mappings = [compile_mapping(m) for m in mapping_set["mappings"]]
    # Mapped records are converted to the schema's types the way Data Prep converts them.
    return Plan(caller, flow, dataset_id, schema["$id"], compile_validator(tree, coerce=mappings is not None), mappings)


def _process(plan: Plan, message: Any) -> Outcome:
    envelope = (
        isinstance(message, dict) and isinstance(message.get("header"), dict) and isinstance(message.get("body"), dict)
    )
    record = message
    if envelope:
        schema_ref = (message["header"].get("schemaRef") or {}).get("id")
        if schema_ref and schema_ref != plan.schema_id:
            return Outcome(
                None,
                [
                    {
                        "code": "DCVS-1106-400",
                        "message": f"header.schemaRef.id {schema_ref} is not the flow's target schema {plan.schema_id}",
                    }
                ],
            )
        record = message["body"].get("xdmEntity")
        if record is None:
            return Outcome(
                None,
                [{"code": "DCVS-1104-400", "message": "Message has unknown xdm format: body.xdmEntity is missing"}],
            )
    problems: list[dict[str, Any]] = []
    if plan.mappings is not None:
        record, problems = apply_mappings(plan.mappings, record)
    row, violations = plan.validate(record)
    problems += [{"code": "DCVS-1107-400", "message": v["message"], "violation": v} for v in violations]
    return Outcome(None if problems else row, problems)


def _requested_flow(request: Request) -> str | None:
    """The flow a request names for all its messages (header or query), if any."""
    return request.headers.get("x-adobe-flow-id") or request.query_params.get("x-adobe-flow-id")


def _flows(st: EmulatorState, inlet: tuple[str, str, str, str]) -> list[dict[str, Any]]:
    """The flows that read from an inlet (cached until a write changes them)."""
    return st.memo(("flows", inlet), lambda: _owner_flows(st, *inlet))


def _choose_flow(flows: list[dict[str, Any]], inlet_id: str, requested: str | None, message: Any) -> dict[str, Any]:
    wanted = requested
    if not wanted and isinstance(message, dict) and isinstance(message.get("header"), dict):
        wanted = message["header"].get("flowId")
    if wanted:
        flow = next((f for f in flows if f["id"] == wanted), None)
        if flow is None:
            raise errors.dcs(400, "Invalid flow", f"flow {wanted} does not read from inlet {inlet_id}")
        return flow
    if len(flows) != 1:
        detail = (
            "no flow reads from this inlet yet"
            if not flows
            else "several flows read from this inlet; name one with the x-adobe-flow-id header"
        )
        raise errors.dcs(400, "Invalid flow", detail)
    return flows[0]


def _authorize_inlet(st: EmulatorState, request: Request, inlet: tuple[str, str, str, str]) -> None:
    org, sandbox, kind, owner = inlet
    if kind != "connection":
        return
    conn = st.store.get("connection", org, sandbox, owner)
    if conn is None or not conn["auth"]["params"].get("authenticationRequired"):
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if not token:
        raise errors.dcs(
            401, "Authorization", f"[{owner}] Ims service token is empty", kind="data-collection-service-authorization"
        )
    grant = st.store.token(token.strip()) if scheme.lower() == "bearer" else None
    if grant is None or grant[2] < time.time() or grant[1] != org:
        raise errors.dcs(
            403,
            "Authorization",
            "Ims service token is invalid or expired",
            kind="data-collection-service-authorization",
        )


def _too_large(limit: int) -> Exception:
    return errors.dcs(413, "Payload Too Large", f"the request body exceeds the {limit // (1024 * 1024)} MB limit")


async def _read(request: Request) -> tuple[EmulatorState, tuple[str, str, str, str], Any, int]:
    st = state_of(request)
    inlet_id = request.path_params["inlet_id"]
    inlet = st.store.inlet(inlet_id)
    if inlet is None:
        raise errors.dcs(404, "Inlet not found", f"inletId: [{inlet_id}] is not a known streaming inlet")
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        detail = (
            "the emulator does not decode Smile; send application/json"
            if media_type == "application/x-jackson-smile"
            else f"Content-Type {media_type or '(none)'} is not supported; send application/json"
        )
        raise errors.dcs(415 if media_type == "application/x-jackson-smile" else 400, "Invalid Content-Type", detail)
    try:
        raw = await read_body(request, MAX_BYTES, _too_large)
    except ValueError as exc:
        raise errors.dcs(400, "Bad Request", f"inletId: [{inlet_id}] {exc}") from exc
    _authorize_inlet(st, request, inlet)
    try:
        body = parse_json(raw)
    except ValueError as exc:
        raise errors.dcs(
            400, "Invalid JSON", f"inletId: [{inlet_id}] the request body is not valid JSON: {exc}"
        ) from exc
    return st, inlet, body, len(raw)


def _record_run(st: EmulatorState, tally: Tally) -> None:
    caller = tally.plan.caller
    ok, failed = tally.ok, tally.failed
    run_id = (tally.plan.flow.get("lastRunDetails") or {}).get("id")
    run = st.store.get("run", caller.org, caller.sandbox, run_id) if run_id else None
    if run is None:
        return
    metrics = run["metrics"]
    rec = metrics["recordSummary"]
    rec["inputRecordCount"] += ok + len(failed)
    rec["createdRecordCount"] += ok
    rec["outputRecordCount"] += ok
    rec["failedRecordCount"] += len(failed)
    metrics["sizeSummary"]["inputBytes"] += tally.in_bytes
    metrics["sizeSummary"]["outputBytes"] += tally.out_bytes
    status = metrics["statusSummary"]
    for xaction_id, problems in failed:
        status["errors"].append(
            {
                "xactionId": xaction_id,
                "code": problems[0]["code"],
                "message": problems[0]["message"],
                "errors": problems,
            }
        )
    status["errors"] = status["errors"][-MAX_DIAGNOSTICS:]
    status["status"] = (
        "failed"
        if rec["failedRecordCount"] and not rec["outputRecordCount"]
        else ("partialSuccess" if rec["failedRecordCount"] else "success")
    )
    run["updatedAt"] = int(time.time() * 1000)
    st.store.put("run", caller.org, caller.sandbox, run["id"], run)


def _caller(inlet: tuple[str, str, str, str]) -> Caller:
    return Caller(org=inlet[0], sandbox=inlet[1], client_id="dcs")


def _ready_plan(st: EmulatorState, caller: Caller, flow: dict[str, Any]) -> Plan:
    if flow["state"] != "enabled":
        raise errors.dcs(400, "Dataflow disabled", f"flow {flow['id']} is {flow['state']}; enable it to ingest records")
    plan = st.memo(("plan", caller.org, caller.sandbox, flow["id"]), lambda: _plan(st, caller, flow))
    if isinstance(plan, str):
        raise errors.dcs(400, "Dataflow misconfigured", f"flow {flow['id']}: {plan}")
    return plan


async def collect(request: Request) -> Response:
    st, inlet, message, size = await _read(request)
    sync = request.query_params.get("syncValidation", "").lower() == "true"
    flow = _choose_flow(_flows(st, inlet), request.path_params["inlet_id"], _requested_flow(request), message)
    plan = _ready_plan(st, _caller(inlet), flow)
    received, xaction_id = st.xaction_id()
    outcome = _process(plan, message)
    inlet_id = request.path_params["inlet_id"]
    if sync and outcome.errors:
        cause = {
            "_streamingValidation": [
                {
                    "message": f"{len(outcome.errors)} schema violations found",
                    "causingExceptions": [e.get("violation", e) for e in outcome.errors],
                }
            ]
        }
        raise errors.dcs(
            400,
            "Invalid XDM Message Format",
            f"inletId: [{inlet_id}] imsOrgId: [{inlet[0]}] Message is invalid",
            cause=cause,
        )
    tally = Tally(plan, in_bytes=size)
    with st.store.transaction():
        if outcome.row is not None:
            row = dumps(outcome.row)
            st.store.add_rows(inlet[0], inlet[1], plan.dataset_id, [row])
            tally.ok, tally.out_bytes = 1, len(row)
        else:
            tally.failed.append((xaction_id, outcome.errors))
        _record_run(st, tally)
    body: dict[str, Any] = {"inletId": inlet_id, "xactionId": xaction_id, "receivedTimeMs": received}
    body["syncValidation"] = {"status": "pass"} if sync else {"skipped": True}
    return FastJSONResponse(body)


async def collect_batch(request: Request) -> Response:
    st, inlet, body, size = await _read(request)
    inlet_id = request.path_params["inlet_id"]
    requested, flows = _requested_flow(request), _flows(st, inlet)
    if request.query_params.get("syncValidation", "").lower() == "true":
        raise errors.dcs(400, "Bad Request", "syncValidation is not supported for batch requests")
    messages = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(messages, list) or not messages:
        raise errors.dcs(
            400,
            "Bad Request",
            f'inletId: [{inlet_id}] the body must be {{"messages": [...]}} with at least one message',
        )
    received, batch_id = st.xaction_id()
    responses: list[dict[str, Any]] = []
    rows: dict[str, list[str]] = {}
    tallies: dict[str, Tally] = {}
    for index, message in enumerate(messages):
        xaction_id = f"{batch_id}:{index}"
        try:
            flow = _choose_flow(flows, inlet_id, requested, message)
            if flow["id"] not in tallies:
                tallies[flow["id"]] = Tally(_ready_plan(st, _caller(inlet), flow))
        except errors.ApiError as exc:
            report = exc.body.get("report", {})
            responses.append(
                {
                    "statusCode": exc.status,
                    "message": f"inletId: [{inlet_id}] imsOrgId: [{inlet[0]}] "
                    + str(report.get("message", exc.body.get("title"))),
                }
            )
            continue
        tally = tallies[flow["id"]]
        outcome = _process(tally.plan, message)
        tally.in_bytes += size // len(messages)  # each message's share of the body, not re-serialized
        if outcome.row is not None:
            row = dumps(outcome.row)
            rows.setdefault(tally.plan.dataset_id, []).append(row)
            tally.ok += 1
            tally.out_bytes += len(row)
        else:
            tally.failed.append((xaction_id, outcome.errors))
        responses.append({"xactionId": xaction_id})
    with st.store.transaction():
        for dataset_id, dataset_rows in rows.items():
            st.store.add_rows(inlet[0], inlet[1], dataset_id, dataset_rows)
        for tally in tallies.values():
            _record_run(st, tally)
    return FastJSONResponse(
        {"inletId": inlet_id, "batchId": batch_id, "receivedTimeMs": received, "responses": responses}, status_code=207
    )
