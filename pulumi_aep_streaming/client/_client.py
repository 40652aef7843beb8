"""The AEP client: typed operations over each service, on one authenticated transport."""

from __future__ import annotations

import builtins
import itertools
import json
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx

from ._errors import AepNotFoundError, AepPreconditionFailedError
from ._models import (
    AepModel,
    BatchReceipt,
    Connection,
    ConnectionSpec,
    Created,
    Dataset,
    DatasetInput,
    FieldGroup,
    Flow,
    FlowSpec,
    IdentityDescriptor,
    IdentityDescriptorInput,
    IdentityNamespace,
    IdentityNamespaceInput,
    InletReceipt,
    MappingSet,
    MappingSetInput,
    MappingSetSummary,
    MappingValidation,
    MergePolicy,
    MergePolicyInput,
    ProfileEntity,
    Run,
    Sandbox,
    SandboxInput,
    Schema,
    SourceConnection,
    TargetConnection,
    XdmResource,
)
from ._settings import AepSettings
from ._transport import RetryPolicy, Transport

FLOW_SERVICE = "/data/foundation/flowservice"
DATA_PREP = "/data/foundation/conversion"
CATALOG = "/data/foundation/catalog"
SCHEMA_REGISTRY = "/data/foundation/schemaregistry"
SANDBOX_MANAGEMENT = "/data/foundation/sandbox-management"
ID_NAMESPACES = "/data/core/idnamespace/identities"
MERGE_POLICIES = "/data/core/ups/config/mergePolicies"
ENTITIES = "/data/core/ups/access/entities"
PROFILE_CLASS = "_xdm.context.profile"

T = TypeVar("T")


def unless_missing(get: Callable[[], T]) -> T | None:
    """What ``get`` answers, or None when AEP says the entity does not exist (404): every ``find``."""
    try:
        return get()
    except AepNotFoundError:
        return None


E = TypeVar("E", bound=AepModel)
JsonPatch = list[dict[str, Any]]


def _body(value: AepModel | dict[str, Any]) -> dict[str, Any]:
    return value.wire() if isinstance(value, AepModel) else value


class FlowServiceCollection(Generic[E]):
    """One Flow Service collection: create, get, list, patch with If-Match, delete."""

    def __init__(self, transport: Transport, name: str, model: type[E]) -> None:
        self._t = transport
        self._path = f"{FLOW_SERVICE}/{name}"
        self._model = model

    def create(self, body: AepModel | dict[str, Any]) -> Created:
        """POST; not retried once sent (see AepError.outcome_unknown)."""
        return Created.model_validate(self._t.request("POST", self._path, json=_body(body)).json())

    def get(self, entity_id: str) -> E:
        items = self._t.request("GET", f"{self._path}/{quote(entity_id, safe='')}").json()["items"]
        return self._model.model_validate(items[0])

    def find(self, entity_id: str) -> E | None:
        """The entity, or None when it does not exist (404)."""
        return unless_missing(lambda: self.get(entity_id))

    def list(self, *, filters: Sequence[str] = (), orderby: str | None = None, page_size: int = 100) -> Iterator[E]:
        """Every entity matching the ``property`` filters (e.g. ``"name==x"``), across all pages."""
        query: list[tuple[str, Any]] = [("limit", page_size), *(("property", f) for f in filters)]
        if orderby:
            query.append(("orderby", orderby))
        params: list[tuple[str, Any]] | None = query
        url: str | None = self._path
        while url is not None:
            page = self._t.request("GET", url, params=params).json()
            for item in page.get("items", []):
                yield self._model.model_validate(item)
            nxt = (page.get("_links") or {}).get("next")
            url = f"{FLOW_SERVICE}{nxt['href']}" if nxt and nxt.get("href") else None
            params = None  # the next link carries the whole query

    def count(self, *, filters: Sequence[str] = ()) -> int:
        params = [("count", "true"), *(("property", f) for f in filters)]
        return int(self._t.request("GET", self._path, params=params).json()["count"])

    def patch(self, entity_id: str, ops: JsonPatch, etag: str) -> Created:
        response = self._t.request(
            "PATCH", f"{self._path}/{quote(entity_id, safe='')}", json=ops, headers={"If-Match": etag}
        )
        return Created.model_validate(response.json())

    def update(self, entity_id: str, compute_ops: Callable[[E], JsonPatch | None]) -> Created:
        """Read, patch with If-Match; on 412 re-read once and re-apply if the patch still makes sense.

        ``compute_ops`` gets the current entity and returns the JSON Patch to apply, ``[]`` when
        there is nothing to do, or None when the change no longer makes sense (then the 412 is
        raised).
        """
        entity = self.get(entity_id)
        for attempt in (1, 2):
            ops = compute_ops(entity)
            if ops is None:
                raise AepPreconditionFailedError(
                    status=412,
                    method="PATCH",
                    path=f"{self._path}/{entity_id}",
                    detail="the entity changed and the patch no longer applies",
                )
            if not ops:
                return Created(id=entity_id, etag=entity.etag)  # type: ignore[attr-defined]
            try:
                return self.patch(entity_id, ops, entity.etag)  # type: ignore[attr-defined]
            except AepPreconditionFailedError:
                if attempt == 2:
                    raise
                entity = self.get(entity_id)
        raise AssertionError("unreachable")

    def delete(self, entity_id: str) -> None:
        self._t.request("DELETE", f"{self._path}/{quote(entity_id, safe='')}")


class Flows(FlowServiceCollection[Flow]):
    def _action(self, flow_id: str, op: str, etag: str | None) -> Created:
        headers = {"If-Match": etag} if etag else None
        url = f"{self._path}/{quote(flow_id, safe='')}/action"
        return Created.model_validate(self._t.request("POST", url, params={"op": op}, headers=headers).json())

    def enable(self, flow_id: str, etag: str | None = None) -> Created:
        return self._action(flow_id, "enable", etag)

    def disable(self, flow_id: str, etag: str | None = None) -> Created:
        return self._action(flow_id, "disable", etag)


class Runs:
    def __init__(self, transport: Transport) -> None:
        self._runs = FlowServiceCollection(transport, "runs", Run)

    def get(self, run_id: str) -> Run:
        return self._runs.get(run_id)

    def for_flow(self, flow_id: str, *, limit: int | None = None) -> list[Run]:
        """The flow's runs, newest first (at most ``limit``)."""
        runs = self._runs.list(filters=[f"flowId=={flow_id}"], orderby="-createdAt", page_size=min(limit or 100, 100))
        return list(itertools.islice(runs, limit))


class Specs(Generic[E]):
    def __init__(self, transport: Transport, name: str, model: type[E]) -> None:
        self._specs = FlowServiceCollection(transport, name, model)

    def get(self, spec_id: str) -> E:
        return self._specs.get(spec_id)

    def list(self, *, filters: Sequence[str] = ()) -> Iterator[E]:
        return self._specs.list(filters=filters)


class FlowService:
    def __init__(self, transport: Transport) -> None:
        self.connections = FlowServiceCollection(transport, "connections", Connection)
        self.source_connections = FlowServiceCollection(transport, "sourceConnections", SourceConnection)
        self.target_connections = FlowServiceCollection(transport, "targetConnections", TargetConnection)
        self.flows = Flows(transport, "flows", Flow)
        self.runs = Runs(transport)
        self.connection_specs = Specs(transport, "connectionSpecs", ConnectionSpec)
        self.flow_specs = Specs(transport, "flowSpecs", FlowSpec)

    def inlet_url(self, flow: Flow) -> str | None:
        """Where the flow's records are posted: the Streaming SDK flow's own inlet, or the HTTP API
        flow's base connection's; None while AEP has not made it yet."""
        if flow.inlet_url:
            return flow.inlet_url
        source = self.source_connections.get(flow.source_connection_ids[0])
        if source.base_connection_id:
            return self.connections.get(source.base_connection_id).inlet_url
        return None


class MappingSets:
    """Data Prep mapping sets; every update is a new version."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport
        self._path = f"{DATA_PREP}/mappingSets"

    def create(self, body: MappingSetInput | dict[str, Any]) -> MappingSetSummary:
        return MappingSetSummary.model_validate(self._t.request("POST", self._path, json=_body(body)).json())

    def get(self, mapping_set_id: str, version: int | None = None) -> MappingSet:
        params = {"version": version} if version is not None else None
        return MappingSet.model_validate(self._t.request("GET", f"{self._path}/{mapping_set_id}", params=params).json())

    def find(self, mapping_set_id: str, version: int | None = None) -> MappingSet | None:
        return unless_missing(lambda: self.get(mapping_set_id, version))

    def update(self, mapping_set_id: str, body: MappingSetInput | dict[str, Any]) -> MappingSet:
        """PUT: stores version N+1 (with new mapping ids) and returns it."""
        return MappingSet.model_validate(
            self._t.request("PUT", f"{self._path}/{mapping_set_id}", json=_body(body)).json()
        )

    def list(self, *, name: str | None = None, page_size: int = 50) -> Iterator[MappingSet]:
        start = 0
        while True:
            params: dict[str, Any] = {"limit": page_size, "start": start}
            if name:
                params["name"] = name
            data = self._t.request("GET", self._path, params=params).json().get("data", [])
            yield from (MappingSet.model_validate(m) for m in data)
            if len(data) < page_size:
                return
            start += len(data)

    def validate(self, body: MappingSetInput | dict[str, Any]) -> builtins.list[MappingValidation]:
        # Validation has no side effect, so it may be retried like a read.
        response = self._t.request("POST", f"{self._path}/validate", json=_body(body), idempotent=True)
        return [MappingValidation.model_validate(v) for v in response.json()["validationResponse"]]

    def delete(self, mapping_set_id: str) -> None:
        """AEP documents no DELETE for mapping sets; where the service has none this raises."""
        self._t.request("DELETE", f"{self._path}/{mapping_set_id}")


class DataPrep:
    def __init__(self, transport: Transport) -> None:
        self.mapping_sets = MappingSets(transport)


class Datasets:
    def __init__(self, transport: Transport) -> None:
        self._t = transport
        self._path = f"{CATALOG}/dataSets"

    def create(self, body: DatasetInput | dict[str, Any]) -> str:
        """POST; answers the new dataset id."""
        refs = self._t.request("POST", self._path, json=_body(body)).json()
        return str(refs[0]).rsplit("/", 1)[-1]

    def get(self, dataset_id: str) -> Dataset:
        body = self._t.request("GET", f"{self._path}/{dataset_id}").json()
        if dataset_id not in body:
            raise AepNotFoundError(
                status=404, method="GET", path=f"{self._path}/{dataset_id}", detail="not in the answer"
            )
        return Dataset.model_validate({**body[dataset_id], "id": dataset_id})

    def find(self, dataset_id: str) -> Dataset | None:
        return unless_missing(lambda: self.get(dataset_id))

    def list(self, *, name: str | None = None, filters: Sequence[str] = (), page_size: int = 100) -> Iterator[Dataset]:
        start = 0
        while True:
            params: list[tuple[str, Any]] = [
                ("limit", page_size),
                ("start", start),
                *(("property", f) for f in filters),
            ]
            if name:
                params.append(("name", name))
            page = self._t.request("GET", self._path, params=params).json()
            yield from (Dataset.model_validate({**v, "id": k}) for k, v in page.items())
            if len(page) < page_size:
                return
            start += len(page)

    def update(self, dataset_id: str, fields: dict[str, Any]) -> None:
        """PATCH the writable fields (name, description, tags...)."""
        self._t.request("PATCH", f"{self._path}/{dataset_id}", json=fields, idempotent=True)

    def delete(self, dataset_id: str) -> None:
        self._t.request("DELETE", f"{self._path}/{dataset_id}")


class Catalog:
    def __init__(self, transport: Transport) -> None:
        self.datasets = Datasets(transport)


class XdmCollection(Generic[E]):
    """Tenant schemas or field groups, addressed by $id or meta:altId."""

    LOOKUP = "application/vnd.adobe.xed+json; version=1"
    FULL = "application/vnd.adobe.xed-full+json; version=1"

    def __init__(self, transport: Transport, name: str, model: type[E]) -> None:
        self._t = transport
        self._path = f"{SCHEMA_REGISTRY}/tenant/{name}"
        self._model = model

    def _url(self, ref: str) -> str:
        return f"{self._path}/{quote(ref, safe='')}"

    def create(self, body: dict[str, Any]) -> E:
        return self._model.model_validate(self._t.request("POST", self._path, json=body).json())

    def get(self, ref: str, *, full: bool = False) -> E:
        accept = self.FULL if full else self.LOOKUP
        return self._model.model_validate(self._t.request("GET", self._url(ref), headers={"Accept": accept}).json())

    def find(self, ref: str, *, full: bool = False) -> E | None:
        return unless_missing(lambda: self.get(ref, full=full))

    def list(self) -> Iterator[XdmResource]:
        """Every one in the sandbox's tenant container: ids and titles."""
        return (XdmResource.model_validate(r) for r in self._pages("application/vnd.adobe.xed-id+json"))

    def list_whole(self) -> Iterator[E]:
        """Every one in the sandbox's tenant container, each as a GET answers it (not resolved)."""
        return (self._model.model_validate(r) for r in self._pages("application/vnd.adobe.xed+json"))

    def _pages(self, accept: str) -> Iterator[dict[str, Any]]:
        params: dict[str, Any] = {"orderby": "title", "limit": 300}
        while True:
            page = self._t.request("GET", self._path, params=params, headers={"Accept": accept}).json()
            yield from page.get("results", [])
            nxt = (page.get("_page") or {}).get("next")
            if not nxt:
                return
            params["start"] = nxt

    def replace(self, ref: str, body: dict[str, Any]) -> E:
        # A whole-resource PUT leaves the same resource however often it is sent.
        return self._model.model_validate(self._t.request("PUT", self._url(ref), json=body, idempotent=True).json())

    def patch(self, ref: str, ops: JsonPatch) -> E:
        # Schema Registry PATCH takes no If-Match and may append: never repeated once sent.
        return self._model.model_validate(self._t.request("PATCH", self._url(ref), json=ops).json())

    def delete(self, ref: str) -> None:
        self._t.request("DELETE", self._url(ref))


class Descriptors:
    """A sandbox's identity descriptors (the Schema Registry's ``/tenant/descriptors``)."""

    LIST = "application/vnd.adobe.xdm-v2+json"

    def __init__(self, transport: Transport) -> None:
        self._t = transport
        self._path = f"{SCHEMA_REGISTRY}/tenant/descriptors"

    def of_schema(self, schema_id: str) -> builtins.list[IdentityDescriptor]:
        """The identity descriptors of one schema, every page."""
        found: builtins.list[IdentityDescriptor] = []
        params: dict[str, Any] = {
            "property": f"@type==xdm:descriptorIdentity,xdm:sourceSchema=={schema_id}",
            "limit": 300,
        }
        while True:
            page = self._t.request("GET", self._path, params=params, headers={"Accept": self.LIST}).json()
            found += [IdentityDescriptor.model_validate(d) for d in page.get("results", [])]
            nxt = (page.get("_page") or {}).get("next")
            if not nxt:
                return found
            params["start"] = nxt

    def get(self, descriptor_id: str) -> IdentityDescriptor:
        return IdentityDescriptor.model_validate(self._t.request("GET", f"{self._path}/{descriptor_id}").json())

    def create(self, body: IdentityDescriptorInput) -> IdentityDescriptor:
        """POST; not retried once sent (a lost answer may have made it: list the schema's)."""
        return IdentityDescriptor.model_validate(self._t.request("POST", self._path, json=body.wire()).json())

    def replace(self, descriptor_id: str, body: IdentityDescriptorInput) -> None:
        """PUT the whole descriptor (AEP answers its ``@id`` only)."""
        self._t.request("PUT", f"{self._path}/{descriptor_id}", json=body.wire(), idempotent=True)

    def delete(self, descriptor_id: str) -> None:
        self._t.request("DELETE", f"{self._path}/{descriptor_id}")


class SchemaRegistry:
    def __init__(self, transport: Transport) -> None:
        self._t = transport
        self.schemas = XdmCollection(transport, "schemas", Schema)
        self.field_groups = XdmCollection(transport, "fieldgroups", FieldGroup)
        self.descriptors = Descriptors(transport)
        self._tenant: str | None = None
        self._tenant_lock = threading.Lock()

    def tenant_id(self) -> str:
        """The org's tenant namespace (``_{tenant}`` in custom field paths), asked once per client:
        it is fixed for an org."""
        with self._tenant_lock:
            if self._tenant is None:
                self._tenant = str(self._t.request("GET", f"{SCHEMA_REGISTRY}/stats").json()["tenantId"])
            return self._tenant


class SandboxManagement:
    """The org's sandboxes (org-wide: the sandbox header is not needed, and is ignored)."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def available(self) -> builtins.list[str]:
        """The names of the sandboxes these credentials can use."""
        body = self._t.request("GET", f"{SANDBOX_MANAGEMENT}/").json()
        return [str(s["name"]) for s in body.get("sandboxes", [])]

    def list(self) -> builtins.list[Sandbox]:
        """Every sandbox of the org, in any state."""
        body = self._t.request("GET", f"{SANDBOX_MANAGEMENT}/sandboxes").json()
        return [Sandbox.model_validate(s) for s in body.get("sandboxes", [])]

    def get(self, name: str) -> Sandbox:
        return Sandbox.model_validate(self._t.request("GET", f"{SANDBOX_MANAGEMENT}/sandboxes/{name}").json())

    def find(self, name: str) -> Sandbox | None:
        """The sandbox, or None when the org has none by that name (404)."""
        return unless_missing(lambda: self.get(name))

    def create(self, body: SandboxInput) -> Sandbox:
        """POST (202: the sandbox is ``creating``); not retried once sent (a lost answer may have made
        it: look it up by name)."""
        response = self._t.request("POST", f"{SANDBOX_MANAGEMENT}/sandboxes", json=body.wire())
        return Sandbox.model_validate(response.json())

    def retitle(self, name: str, title: str) -> Sandbox:
        """PATCH the title, the one field AEP changes."""
        path = f"{SANDBOX_MANAGEMENT}/sandboxes/{name}"
        return Sandbox.model_validate(self._t.request("PATCH", path, json={"title": title}, idempotent=True).json())

    def delete(self, name: str) -> None:
        """DELETE (202: the sandbox and everything in it go; a GET shows ``deleting`` until gone)."""
        self._t.request("DELETE", f"{SANDBOX_MANAGEMENT}/sandboxes/{name}")


class IdentityService:
    """Identity namespaces: the standard ones and the sandbox's own. AEP cannot delete a namespace."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def namespaces(self) -> list[IdentityNamespace]:
        """Every namespace the sandbox can use, standard ones included."""
        return [IdentityNamespace.model_validate(n) for n in self._t.request("GET", ID_NAMESPACES).json()]

    def namespace(self, namespace_id: int) -> IdentityNamespace:
        return IdentityNamespace.model_validate(self._t.request("GET", f"{ID_NAMESPACES}/{namespace_id}").json())

    def find_namespace(self, namespace_id: int) -> IdentityNamespace | None:
        """The namespace, or None when it does not exist (404)."""
        return unless_missing(lambda: self.namespace(namespace_id))

    def create_namespace(self, body: IdentityNamespaceInput) -> IdentityNamespace:
        """POST; not retried once sent (a lost answer may have made it: look it up by code)."""
        return IdentityNamespace.model_validate(self._t.request("POST", ID_NAMESPACES, json=body.wire()).json())

    def update_namespace(self, namespace_id: int, body: IdentityNamespaceInput) -> IdentityNamespace:
        """PUT a new name or description (the code and type must be the namespace's own)."""
        response = self._t.request("PUT", f"{ID_NAMESPACES}/{namespace_id}", json=body.wire(), idempotent=True)
        return IdentityNamespace.model_validate(response.json())


class Profile:
    """Real-Time Customer Profile: merge policies and merged profiles read by identity."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def merge_policies(self) -> builtins.list[MergePolicy]:
        """Every merge policy of the sandbox, following ``_links.next.href`` page by page."""
        found: builtins.list[MergePolicy] = []
        params: dict[str, Any] = {"limit": 100}
        while True:
            page = self._t.request("GET", MERGE_POLICIES, params=params).json()
            found += [MergePolicy.model_validate(p) for p in page.get("children", [])]
            href = ((page.get("_links") or {}).get("next") or {}).get("href") or ""
            if not href:
                return found
            params = dict(httpx.QueryParams(href.split("?", 1)[-1]))

    def merge_policy(self, policy_id: str) -> MergePolicy:
        return MergePolicy.model_validate(self._t.request("GET", f"{MERGE_POLICIES}/{policy_id}").json())

    def find_merge_policy(self, policy_id: str) -> MergePolicy | None:
        return unless_missing(lambda: self.merge_policy(policy_id))

    def create_merge_policy(self, body: MergePolicyInput) -> MergePolicy:
        """POST; not retried once sent (a lost answer may have made it: list them by name)."""
        return MergePolicy.model_validate(self._t.request("POST", MERGE_POLICIES, json=body.wire()).json())

    def replace_merge_policy(self, policy_id: str, body: MergePolicyInput) -> MergePolicy:
        response = self._t.request("PUT", f"{MERGE_POLICIES}/{policy_id}", json=body.wire(), idempotent=True)
        return MergePolicy.model_validate(response.json())

    def delete_merge_policy(self, policy_id: str) -> None:
        self._t.request("DELETE", f"{MERGE_POLICIES}/{policy_id}")

    def entity(
        self,
        namespace: str,
        entity_id: str,
        *,
        fields: Sequence[str] = (),
        merge_policy_id: str | None = None,
    ) -> ProfileEntity | None:
        """The merged profile with identity ``entity_id`` in ``namespace``, or None when there is none."""
        params = {"schema.name": PROFILE_CLASS, "entityId": entity_id, "entityIdNS": namespace}
        if fields:
            params["fields"] = ",".join(fields)
        if merge_policy_id:
            params["mergePolicyId"] = merge_policy_id
        answer = unless_missing(lambda: self._t.request("GET", ENTITIES, params=params).json())
        if not answer:
            return None
        return ProfileEntity.model_validate(next(iter(answer.values())))


class Inlet:
    """The streaming inlet (DCS). Posts are not safe to repeat: a retry could ingest twice."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def _headers(self, flow_id: str | None) -> dict[str, str]:
        return {"x-adobe-flow-id": flow_id} if flow_id else {}

    def send(
        self,
        inlet_url: str,
        record: Any,
        *,
        flow_id: str | None = None,
        sync_validation: bool = False,
        authenticated: bool = False,
    ) -> InletReceipt:
        params = {"syncValidation": "true"} if sync_validation else None
        response = self._t.request(
            "POST",
            inlet_url,
            json=record,
            params=params,
            headers=self._headers(flow_id),
            idempotent=False,
            auth=authenticated,
        )
        return InletReceipt.model_validate(response.json())

    def send_batch(
        self, inlet_url: str, records: Sequence[Any], *, flow_id: str | None = None, authenticated: bool = False
    ) -> BatchReceipt:
        return self.send_encoded_batch(
            inlet_url,
            [json.dumps(r, separators=(",", ":")).encode() for r in records],
            flow_id=flow_id,
            authenticated=authenticated,
        )

    def send_encoded_batch(
        self, inlet_url: str, messages: Sequence[bytes], *, flow_id: str | None = None, authenticated: bool = False
    ) -> BatchReceipt:
        """A batch of messages already encoded as JSON (as read from a file: no second encoding)."""
        batch_url = inlet_url.replace("/collection/", "/collection/batch/", 1)
        response = self._t.request(
            "POST",
            batch_url,
            content=b'{"messages":[' + b",".join(messages) + b"]}",
            headers=self._headers(flow_id),
            idempotent=False,
            auth=authenticated,
        )
        return BatchReceipt.model_validate(response.json())


class AepClient:
    """Typed, authenticated, retrying access to AEP for one org and sandbox.

    >>> client = AepClient(AepSettings.from_env())
    >>> flow = client.flow_service.flows.get(flow_id)
    """

    def __init__(
        self, settings: AepSettings, *, http: httpx.Client | None = None, retry: RetryPolicy | None = None
    ) -> None:
        kw: dict[str, Any] = {"settings": settings}
        if http is not None:
            kw["http"] = http
        if retry is not None:
            kw["retry"] = retry
        self.transport = Transport(**kw)
        self.settings = settings
        self.flow_service = FlowService(self.transport)
        self.data_prep = DataPrep(self.transport)
        self.catalog = Catalog(self.transport)
        self.schema_registry = SchemaRegistry(self.transport)
        self.sandboxes = SandboxManagement(self.transport)
        self.identity = IdentityService(self.transport)
        self.profile = Profile(self.transport)
        self.inlet = Inlet(self.transport)

    def __repr__(self) -> str:
        s = self.settings
        return f"AepClient(endpoint={s.endpoint!r}, org={s.org_id!r}, sandbox={s.sandbox_name!r})"

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> AepClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
