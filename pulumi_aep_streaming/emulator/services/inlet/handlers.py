"""The streaming inlet (DCS): ``/collection/{inletId}`` and ``/collection/batch/{inletId}``.

A record goes through the flow's mapping set (at the version the flow names), is validated
against the target schema and is committed as a row of the target dataset before the answer
is sent. Records that fail are counted in the flow's run with their diagnostics.

A disabled flow refuses records (400, "Dataflow disabled") instead of acknowledging them: an
acknowledged record is never dropped.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from pulumi_aep_streaming.emulator.core import errors
from pulumi_aep_streaming.emulator.core.common import FastJSONResponse, dumps, parse_json, read_body
from pulumi_aep_streaming.emulator.core.fragments import NewFragment
from pulumi_aep_streaming.emulator.core.scope import Scope, scope_of
from pulumi_aep_streaming.emulator.core.state import EmulatorState, state_of
from pulumi_aep_streaming.emulator.services.inlet.models import (
    Tally,
    caller_of,
    choose_flow,
    flows_of_inlet,
    process_message,
    ready_plan,
    record_run,
)

MAX_BYTES = 1024 * 1024


def _requested_flow(request: Request) -> str | None:
    """The flow a request names for all its messages (header or query), if any."""
    return request.headers.get("x-adobe-flow-id") or request.query_params.get("x-adobe-flow-id")


def _needs_token(st: EmulatorState, inlet: tuple[str, str, str, str]) -> bool:
    org, sandbox, _, owner = inlet
    conn = Scope(st, org, sandbox).get("connection", owner)
    return conn is not None and bool(conn["auth"]["params"].get("authenticationRequired"))


def _authorize_inlet(st: EmulatorState, request: Request, inlet: tuple[str, str, str, str]) -> None:
    org, _, kind, owner = inlet
    if kind != "connection":
        return
    if not st.memo(("authenticated", inlet), lambda: _needs_token(st, inlet)):
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
    inlet = st.memo(("inlet", inlet_id), lambda: st.store.inlet(inlet_id))
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


async def collect(request: Request) -> Response:
    st, inlet, message, size = await _read(request)
    sync = request.query_params.get("syncValidation", "").lower() == "true"
    flow = choose_flow(flows_of_inlet(st, inlet), request.path_params["inlet_id"], _requested_flow(request), message)
    plan = ready_plan(scope_of(st, caller_of(inlet)), caller_of(inlet), flow)
    received, xaction_id = st.xaction_id()
    outcome = process_message(plan, message)
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
            sb = Scope(st, inlet[0], inlet[1])
            sb.add_rows(plan.dataset_id, [row])
            if outcome.identities:
                sb.add_fragments([NewFragment(outcome.identities, plan.dataset_id, received, xaction_id, row)])
            tally.ok, tally.out_bytes = 1, len(row)
        else:
            tally.failed.append((xaction_id, outcome.errors))
        record_run(st, tally)
    body: dict[str, Any] = {"inletId": inlet_id, "xactionId": xaction_id, "receivedTimeMs": received}
    body["syncValidation"] = {"status": "pass"} if sync else {"skipped": True}
    return FastJSONResponse(body)


async def collect_batch(request: Request) -> Response:
    st, inlet, body, size = await _read(request)
    inlet_id = request.path_params["inlet_id"]
    requested, flows = _requested_flow(request), flows_of_inlet(st, inlet)
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
    fragments: list[NewFragment] = []
    tallies: dict[str, Tally] = {}
    for index, message in enumerate(messages):
        xaction_id = f"{batch_id}:{index}"
        try:
            flow = choose_flow(flows, inlet_id, requested, message)
            if flow["id"] not in tallies:
                tallies[flow["id"]] = Tally(ready_plan(scope_of(st, caller_of(inlet)), caller_of(inlet), flow))
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
        outcome = process_message(tally.plan, message)
        tally.in_bytes += size // len(messages)  # each message's share of the body, not re-serialized
        if outcome.row is not None:
            row = dumps(outcome.row)
            rows.setdefault(tally.plan.dataset_id, []).append(row)
            if outcome.identities:
                fragments.append(NewFragment(outcome.identities, tally.plan.dataset_id, received, xaction_id, row))
            tally.ok += 1
            tally.out_bytes += len(row)
        else:
            tally.failed.append((xaction_id, outcome.errors))
        responses.append({"xactionId": xaction_id})
    with st.store.transaction():
        sb = Scope(st, inlet[0], inlet[1])
        for dataset_id, dataset_rows in rows.items():
            sb.add_rows(dataset_id, dataset_rows)
        if fragments:
            sb.add_fragments(fragments)
        for tally in tallies.values():
            record_run(st, tally)
    return FastJSONResponse(
        {"inletId": inlet_id, "batchId": batch_id, "receivedTimeMs": received, "responses": responses}, status_code=207
    )
