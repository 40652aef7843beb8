"""The inlet's processing: a flow's plan, mapping and validation of records, run metrics (no Request)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.fragments import Identity
from pulumi_aep_streaming.emulator.core.gateway import Caller
from pulumi_aep_streaming.emulator.core.scope import Scope, scope_of
from pulumi_aep_streaming.emulator.core.state import EmulatorState
from pulumi_aep_streaming.emulator.engines.fused import Fused, fuse
from pulumi_aep_streaming.emulator.engines.mapping import CompiledMapping, apply_mappings, compile_mapping
from pulumi_aep_streaming.emulator.engines.xdm import UnresolvedReference, Validator, compile_validator
from pulumi_aep_streaming.emulator.services.dataprep.models import get_version
from pulumi_aep_streaming.emulator.services.profile.entities import ProfilePlan, profile_plan, record_identities
from pulumi_aep_streaming.emulator.services.schemaregistry.models import field_tree, lookup_any

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
    # Mapping and validation in one pass for records that pass (None: the set is not plain enough).
    fused: Fused | None = None
    # Where records carry their identities, when the dataset feeds Profile.
    profile: ProfilePlan | None = None


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
    identities: list[Identity] = field(default_factory=list)  # for a fragment of the row's profile


def _owner_flows(sb: Scope, kind: str, owner: str) -> list[dict[str, Any]]:
    if kind == "flow":
        flow = sb.get("flow", owner)
        return [flow] if flow else []
    flows = {}
    for source in sb.find("sourceConnection", "baseConnectionId", owner):
        flows.update({f["id"]: f for f in sb.find("flow", "sourceConnectionIds", source["id"])})
    return list(flows.values())


def _plan(sb: Scope, caller: Caller, flow: dict[str, Any]) -> Plan | str:
    """The processing plan of a flow, or why records cannot be processed."""
    target = sb.get("targetConnection", flow["targetConnectionIds"][0])
    if target is None:
        return "the flow's target connection no longer exists"
    dataset_id = target["params"]["dataSetId"]
    dataset = sb.get("dataset", dataset_id)
    if dataset is None:
        return f"target dataset {dataset_id} no longer exists"
    schema = lookup_any(sb, target["data"]["schema"]["id"])
    if schema is None:
        return f"target schema {target['data']['schema']['id']} no longer exists"
    try:
        tree = field_tree(sb, schema)
    except UnresolvedReference as exc:
        return f"target schema cannot be resolved: {exc}"
    mappings = None
    for t in flow.get("transformations", []):
        mapping_set = get_version(sb, t["params"]["mappingId"], t["params"].get("mappingVersion", 0))
        if mapping_set is None:
            version = t["params"].get("mappingVersion", 0)
            return f"mapping set {t['params']['mappingId']} version {version} no longer exists"
        mappings = [compile_mapping(m) for m in mapping_set["mappings"]]
    # Mapped records are converted to the schema's types the way Data Prep converts them.
    validate = compile_validator(tree, coerce=mappings is not None)
    fused = fuse(mappings, tree) if mappings is not None else None
    return Plan(caller, flow, dataset_id, schema["$id"], validate, mappings, fused, profile_plan(sb, dataset, schema))


def process_message(plan: Plan, message: Any) -> Outcome:
    outcome = _processed(plan, message)
    if outcome.row is None or plan.profile is None:
        return outcome
    identities, problems = record_identities(plan.profile, outcome.row)
    return Outcome(None, problems) if problems else Outcome(outcome.row, [], identities)


def _processed(plan: Plan, message: Any) -> Outcome:
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
    if plan.fused is not None:
        row = plan.fused(record)
        if row is not None:
            return Outcome(row, [])
    problems: list[dict[str, Any]] = []
    if plan.mappings is not None:
        record, problems = apply_mappings(plan.mappings, record)
    row, violations = plan.validate(record)
    problems += [{"code": "DCVS-1107-400", "message": v["message"], "violation": v} for v in violations]
    return Outcome(None if problems else row, problems)


def flows_of_inlet(st: EmulatorState, inlet: tuple[str, str, str, str]) -> list[dict[str, Any]]:
    """The flows that read from an inlet (cached until a write changes them)."""
    org, sandbox, kind, owner = inlet
    return st.memo(("flows", inlet), lambda: _owner_flows(Scope(st, org, sandbox), kind, owner))


def choose_flow(flows: list[dict[str, Any]], inlet_id: str, requested: str | None, message: Any) -> dict[str, Any]:
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


def record_run(st: EmulatorState, tally: Tally) -> None:
    sb = scope_of(st, tally.plan.caller)
    ok, failed = tally.ok, tally.failed
    run_id = (tally.plan.flow.get("lastRunDetails") or {}).get("id")
    run = sb.get("run", run_id) if run_id else None
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
    sb.rewrite("run", run["id"], run)


def caller_of(inlet: tuple[str, str, str, str]) -> Caller:
    return Caller(org=inlet[0], sandbox=inlet[1], client_id="dcs")


def ready_plan(sb: Scope, caller: Caller, flow: dict[str, Any]) -> Plan:
    if flow["state"] != "enabled":
        raise errors.dcs(400, "Dataflow disabled", f"flow {flow['id']} is {flow['state']}; enable it to ingest records")
    plan = sb.state.memo(("plan", sb.org, sb.sandbox, flow["id"]), lambda: _plan(sb, caller, flow))
    if isinstance(plan, str):
        raise errors.dcs(400, "Dataflow misconfigured", f"flow {flow['id']}: {plan}")
    return plan
