"""DataflowProvider: the flow that joins a source and a target connection through a mapping set.

A new mapping set version patches the flow's transformation (an update, never a replace);
``enabled`` toggles the flow with the enable/disable action. Create waits, within the resource's
own ``ready_timeout_seconds`` (Pulumi's customTimeouts do not reach dynamic providers), until
the flow is enabled and its inlet URL is known; if that fails, the flow is deleted again.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pulumi_aep_streaming import client
from pulumi_aep_streaming.client import AepError
from pulumi_aep_streaming.declarations import (
    DATAFLOW,
    HTTP_API_FLOW_SPEC,
    HTTP_API_MAPPING_FLOW_SPEC,
    HTTP_API_SPEC,
    STREAMING_SDK_FLOW_SPEC,
    STREAMING_SDK_SPEC,
)

from ._base import AepResourceError, delete_if_present, leftover_error
from ._flowservice import FlowServiceProvider, text_ops

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient, Flow, FlowServiceCollection, Transformation

    from .inputs import DataflowInputs


def _transformations(inputs: DataflowInputs) -> list[Transformation]:
    if not inputs.mapping_set_id:
        return []
    params = {"mappingId": inputs.mapping_set_id, "mappingVersion": inputs.mapping_set_version}
    return [client.Transformation(name="Mapping", params=params)]


class DataflowProvider(FlowServiceProvider["DataflowInputs"]):
    kind = "dataflow"
    declaration = DATAFLOW
    references: ClassVar[Mapping[str, str]] = {
        "source_connection_id": "SourceConnectionProvider",
        "target_connection_id": "TargetConnectionProvider",
        "mapping_set_id": "MappingSetProvider",
    }

    def _reference_problem(self, aep: AepClient, name: str, entity: Any, inputs: dict[str, Any]) -> str | None:
        if name == "source_connection_id":
            return self._spec_problem(aep, entity.connection_spec.id, inputs.get("flow_spec_id"))
        version = inputs.get("mapping_set_version")
        if name == "mapping_set_id" and isinstance(version, int) and version > entity.version:
            return (
                f"mapping_set_version: {version} is beyond the latest version of mapping set {entity.id} "
                f"({entity.version}); use 0 (the latest) or a version up to {entity.version}"
            )
        return None

    @staticmethod
    def _spec_problem(aep: AepClient, connection_spec: str, flow_spec_id: Any) -> str | None:
        """Why a source connection of ``connection_spec`` cannot feed a flow of this spec, or None."""
        if not isinstance(flow_spec_id, str):
            if connection_spec in (HTTP_API_SPEC, STREAMING_SDK_SPEC):
                return None
            return (
                f"source_connection_id: its connection spec {connection_spec} is not a streaming one this "
                "provider knows a flow spec for; set flow_spec_id"
            )
        takes = aep.flow_service.flow_specs.get(flow_spec_id).source_connection_spec_ids
        if connection_spec in takes:
            return None
        return (
            f"source_connection_id: its connection spec {connection_spec} is not one flow spec {flow_spec_id} "
            f"takes ({', '.join(takes) or 'none'}); use a source connection of that spec, or another flow_spec_id"
        )

    def _changed(self, olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
        # A flow made while the spec was left to the provider holds it as resolved_flow_spec_id; naming
        # that same spec now (as StreamingSource does) changes nothing, and must not replace the flow.
        if news.get("flow_spec_id") and not olds.get("flow_spec_id"):
            olds = {**olds, "flow_spec_id": olds.get("resolved_flow_spec_id")}
        return super()._changed(olds, news)

    def _flow_spec(self, aep: AepClient, inputs: DataflowInputs) -> str:
        if inputs.flow_spec_id:
            return inputs.flow_spec_id
        spec = aep.flow_service.source_connections.get(inputs.source_connection_id).connection_spec.id
        if spec == HTTP_API_SPEC:
            return HTTP_API_MAPPING_FLOW_SPEC if inputs.mapping_set_id else HTTP_API_FLOW_SPEC
        if spec == STREAMING_SDK_SPEC:
            return STREAMING_SDK_FLOW_SPEC
        raise AepResourceError(f"source connection {inputs.source_connection_id} uses spec {spec}; set flow_spec_id")

    def _computed(self, aep: AepClient, flow: Flow) -> dict[str, Any]:
        return {
            "inlet_url": aep.flow_service.inlet_url(flow),
            "state": flow.state,
            "etag": flow.etag,
            "resolved_flow_spec_id": flow.flow_spec.id,
        }

    def _wait_ready(self, aep: AepClient, flow_id: str, timeout: float) -> Flow:
        deadline = time.monotonic() + timeout
        delay = 0.2
        while True:
            flow = aep.flow_service.flows.get(flow_id)
            if flow.state == "enabled" and aep.flow_service.inlet_url(flow):
                return flow
            if time.monotonic() + delay > deadline:
                raise AepResourceError(
                    f"dataflow {flow_id} was not enabled with a known inlet URL within {timeout:g}s "
                    f"(state {flow.state!r}); raise ready_timeout_seconds or check the flow in AEP"
                )
            time.sleep(delay)
            delay = min(delay * 2, 5.0)

    def _create(self, aep: AepClient, inputs: DataflowInputs) -> tuple[str, dict[str, Any]]:
        created = aep.flow_service.flows.create(
            client.FlowInput(
                name=inputs.name,
                description=inputs.description,
                flow_spec=client.SpecRef(id=self._flow_spec(aep, inputs)),
                source_connection_ids=[inputs.source_connection_id],
                target_connection_ids=[inputs.target_connection_id],
                transformations=_transformations(inputs) or None,
            )
        )
        try:
            return created.id, self._settle(aep, created.id, inputs)
        except AepError as cause:
            try:  # all or nothing
                delete_if_present(aep.flow_service.flows.delete, created.id)
            except AepError as cleanup:
                raise AepResourceError(leftover_error(self.kind, [created.id], "Dataflow", cause, cleanup)) from None
            raise

    def _settle(self, aep: AepClient, flow_id: str, inputs: DataflowInputs) -> dict[str, Any]:
        """Wait until the flow is ready, apply ``enabled``; answer the computed outputs."""
        flow = self._wait_ready(aep, flow_id, inputs.ready_timeout_seconds)
        if not inputs.enabled:
            aep.flow_service.flows.disable(flow_id, etag=flow.etag)
            flow = aep.flow_service.flows.get(flow_id)
        return self._computed(aep, flow)

    def _adopt(
        self, aep: AepClient, entity_id: str, inputs: DataflowInputs, known: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        computed = super()._adopt(aep, entity_id, inputs, known)
        if inputs.enabled and not computed.get("inlet_url"):
            return self._settle(aep, entity_id, inputs)  # a flow made by a lost create may still be starting
        return computed

    def _state(self, aep: AepClient, flow: Any, props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        mapping = flow.mapping
        held: dict[str, Any] = {
            "name": flow.name,
            "description": flow.description or "",
            "source_connection_id": flow.source_connection_ids[0],
            "target_connection_id": flow.target_connection_ids[0],
            "mapping_set_id": mapping[0] if mapping else None,
            "mapping_set_version": mapping[1] if mapping else 0,
            "enabled": flow.state == "enabled",
        }
        if props.get("flow_spec_id"):
            held["flow_spec_id"] = flow.flow_spec.id
        return held, self._computed(aep, flow)

    def _update(self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: DataflowInputs) -> dict[str, Any]:
        wanted = [t.model_dump() for t in _transformations(news)]

        def ops(flow: Flow) -> list[dict[str, Any]]:
            out = text_ops(flow, news)
            if [t.model_dump() for t in flow.transformations] != wanted:
                if flow.transformations and wanted:
                    out.append({"op": "replace", "path": "/transformations/0", "value": wanted[0]})
                else:
                    out.append({"op": "add", "path": "/transformations", "value": wanted})
            return out

        flows = aep.flow_service.flows
        flows.update(entity_id, ops)
        flow = flows.get(entity_id)
        want_enabled = news.enabled
        if want_enabled != (flow.state == "enabled"):
            (flows.enable if want_enabled else flows.disable)(entity_id, etag=flow.etag)
            flow = flows.get(entity_id)
        return self._computed(aep, flow)

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        delete_if_present(aep.flow_service.flows.delete, entity_id)

    def _collection(self, aep: AepClient) -> FlowServiceCollection[Any]:
        return aep.flow_service.flows

    def _filters(self, inputs: DataflowInputs) -> list[str]:
        return [f"sourceConnectionIds[]=={inputs.source_connection_id}"]

    def _matches(self, entity: Any, inputs: DataflowInputs) -> bool:
        # A source connection feeds one flow: any flow on it with this name and target is ours.
        return bool(
            entity.name == inputs.name
            and entity.source_connection_ids[:1] == [inputs.source_connection_id]
            and entity.target_connection_ids[:1] == [inputs.target_connection_id]
        )
