"""Providers of the Flow Service connections: base (HTTP API), source and target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pulumi_aep_streaming import client
from pulumi_aep_streaming.client import AepError
from pulumi_aep_streaming.declarations import (
    BASE_CONNECTION,
    DATA_LAKE_SPEC,
    SOURCE_CONNECTION,
    TARGET_CONNECTION,
    XED_FULL,
)

from ._base import AepResourceError, delete_if_present, leftover_error
from ._flowservice import FlowServiceProvider, created_status, status, text_ops

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient, FlowServiceCollection

    from .inputs import BaseConnectionInputs, SourceConnectionInputs, TargetConnectionInputs


class BaseConnectionProvider(FlowServiceProvider["BaseConnectionInputs"]):
    kind = "base connection"
    declaration = BASE_CONNECTION

    @staticmethod
    def _params(inputs: BaseConnectionInputs) -> dict[str, Any]:
        params = {
            **inputs.auth_params,
            "dataType": inputs.data_type,
            "authenticationRequired": inputs.authentication_required,
        }
        if inputs.source_id:
            params["sourceId"] = inputs.source_id
        return params

    def _create(self, aep: AepClient, inputs: BaseConnectionInputs) -> tuple[str, dict[str, Any]]:
        created = aep.flow_service.connections.create(
            client.ConnectionInput(
                name=inputs.name,
                description=inputs.description,
                connection_spec=client.SpecRef(id=inputs.connection_spec_id),
                auth=client.ConnectionAuth(spec_name="Streaming Connection", params=self._params(inputs)),
            )
        )
        # The inlet is known only from a read; if that read fails, nothing may stay behind.
        try:
            read = self._read(aep, created.id, inputs.model_dump(mode="json", exclude_none=True))
            if read is None:
                raise AepResourceError(f"base connection {created.id} vanished right after it was created")
        except AepError as cause:
            try:
                delete_if_present(aep.flow_service.connections.delete, created.id)
            except AepError as cleanup:
                raise AepResourceError(
                    leftover_error(self.kind, [created.id], "BaseConnection", cause, cleanup)
                ) from None
            raise
        return created.id, read[1]

    def _state(self, aep: AepClient, conn: Any, props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        params = dict(conn.auth.params if conn.auth else {})
        known = {"dataType", "authenticationRequired", "sourceId", "name", "inletId", "inletUrl"}
        held = {
            "name": conn.name,
            "description": conn.description or "",
            "connection_spec_id": conn.connection_spec.id,
            "data_type": params.get("dataType", "xdm"),
            "authentication_required": bool(params.get("authenticationRequired")),
            "source_id": props.get("source_id") and params.get("sourceId"),
            "auth_params": {k: v for k, v in params.items() if k not in known},
        }
        return held, {"inlet_id": conn.inlet_id, "inlet_url": conn.inlet_url, **status(conn)}

    def _update(
        self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: BaseConnectionInputs
    ) -> dict[str, Any]:
        def ops(conn: Any) -> list[dict[str, Any]]:
            out = text_ops(conn, news)
            current = conn.auth.params if conn.auth else {}
            wanted = {
                **{k: v for k, v in current.items() if k in ("inletId", "name", "sourceId")},
                **self._params(news),
            }
            if {k: v for k, v in current.items() if k != "inletUrl"} != wanted:
                out.append({"op": "replace", "path": "/auth/params", "value": wanted})
            return out

        aep.flow_service.connections.update(entity_id, ops)
        read = self._read(aep, entity_id, news.model_dump(mode="json", exclude_none=True))
        assert read is not None
        return read[1]

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        delete_if_present(aep.flow_service.connections.delete, entity_id)

    def _collection(self, aep: AepClient) -> FlowServiceCollection[Any]:
        return aep.flow_service.connections

    def _filters(self, inputs: BaseConnectionInputs) -> list[str]:
        return [f"name=={inputs.name}"]

    def _matches(self, entity: Any, inputs: BaseConnectionInputs) -> bool:
        return bool(entity.name == inputs.name and entity.connection_spec.id == inputs.connection_spec_id)


class SourceConnectionProvider(FlowServiceProvider["SourceConnectionInputs"]):
    kind = "source connection"
    declaration = SOURCE_CONNECTION
    references: ClassVar[Mapping[str, str]] = {"base_connection_id": "BaseConnectionProvider"}

    def _create(self, aep: AepClient, inputs: SourceConnectionInputs) -> tuple[str, dict[str, Any]]:
        created = aep.flow_service.source_connections.create(
            client.SourceConnectionInput(
                name=inputs.name,
                description=inputs.description,
                connection_spec=client.SpecRef(id=inputs.connection_spec_id),
                base_connection_id=inputs.base_connection_id,
                provider_id=inputs.provider_id,
                data={"format": inputs.data_format},
                params=inputs.params or None,
            )
        )
        return created.id, created_status(created)

    def _state(self, aep: AepClient, source: Any, props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        held = {
            "name": source.name,
            "description": source.description or "",
            "connection_spec_id": source.connection_spec.id,
            "base_connection_id": source.base_connection_id,
            "provider_id": source.provider_id or props.get("provider_id"),
            "data_format": source.data.get("format", "json"),
            "params": source.params or {},
        }
        return held, status(source)

    def _update(
        self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: SourceConnectionInputs
    ) -> dict[str, Any]:
        def ops(source: Any) -> list[dict[str, Any]]:
            out = text_ops(source, news)
            if (source.params or {}) != news.params:
                out.append({"op": "add", "path": "/params", "value": news.params})
            return out

        return created_status(aep.flow_service.source_connections.update(entity_id, ops))

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        delete_if_present(aep.flow_service.source_connections.delete, entity_id)

    def _collection(self, aep: AepClient) -> FlowServiceCollection[Any]:
        return aep.flow_service.source_connections

    def _filters(self, inputs: SourceConnectionInputs) -> list[str]:
        return [f"name=={inputs.name}"]

    def _matches(self, entity: Any, inputs: SourceConnectionInputs) -> bool:
        return bool(
            entity.name == inputs.name
            and entity.connection_spec.id == inputs.connection_spec_id
            and entity.base_connection_id == inputs.base_connection_id
        )


class TargetConnectionProvider(FlowServiceProvider["TargetConnectionInputs"]):
    kind = "target connection"
    declaration = TARGET_CONNECTION
    references: ClassVar[Mapping[str, str]] = {"dataset_id": "DatasetProvider", "schema_id": "SchemaProvider"}

    def _create(self, aep: AepClient, inputs: TargetConnectionInputs) -> tuple[str, dict[str, Any]]:
        created = aep.flow_service.target_connections.create(
            client.TargetConnectionInput(
                name=inputs.name,
                description=inputs.description,
                connection_spec=client.SpecRef(id=DATA_LAKE_SPEC),
                data={
                    "format": inputs.data_format,
                    "schema": {"id": inputs.schema_id, "version": inputs.schema_content_type},
                },
                params={"dataSetId": inputs.dataset_id},
            )
        )
        return created.id, created_status(created)

    def _state(self, aep: AepClient, target: Any, props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        held = {
            "name": target.name,
            "description": target.description or "",
            "dataset_id": target.dataset_id,
            "schema_id": target.schema_id,
            "data_format": target.data.get("format", "json"),
            "schema_content_type": (target.data.get("schema") or {}).get("version", XED_FULL),
        }
        return held, status(target)

    def _update(
        self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: TargetConnectionInputs
    ) -> dict[str, Any]:
        updated = aep.flow_service.target_connections.update(entity_id, lambda target: text_ops(target, news))
        return created_status(updated)

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        delete_if_present(aep.flow_service.target_connections.delete, entity_id)

    def _collection(self, aep: AepClient) -> FlowServiceCollection[Any]:
        return aep.flow_service.target_connections

    def _filters(self, inputs: TargetConnectionInputs) -> list[str]:
        return [f"params.dataSetId=={inputs.dataset_id}"]

    def _matches(self, entity: Any, inputs: TargetConnectionInputs) -> bool:
        return bool(
            entity.name == inputs.name
            and entity.dataset_id == inputs.dataset_id
            and entity.schema_id == inputs.schema_id
        )
