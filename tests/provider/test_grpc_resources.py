"""Check, Diff, Create, Read, Update and Delete of every resource through the real
``python -m pulumi.dynamic`` gRPC server, against the emulator."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from pulumi_aep_streaming.client import AepClient, ConnectionAuth, ConnectionInput, SpecRef
from pulumi_aep_streaming.provider import (
    BaseConnectionProvider,
    DataflowProvider,
    DatasetProvider,
    IdentityNamespaceProvider,
    MappingSetProvider,
    SchemaProvider,
    SourceConnectionProvider,
    TargetConnectionProvider,
)
from tests.provider.conftest import stack_config
from tests.provider.harness import DynamicServer, provider_blob

PERSON = "https://ns.adobe.com/xdm/context/profile-person-details"
MAPPINGS = [{"source": "firstName", "destination": "person.name.firstName"}]


def make(server: DynamicServer, provider: Any, news: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return server.create(provider, server.checked(provider, news))


def chain(server: DynamicServer, title: str = "People") -> dict[str, tuple[str, dict[str, Any]]]:
    out = {
        "schema": make(
            server,
            SchemaProvider(),
            {
                "title": title,
                "field_groups": ["profile-person-details"],
                "custom_fields": [{"path": "_emulator.tier", "type": "string"}],
            },
        )
    }
    schema_id = out["schema"][0]
    out["dataset"] = make(server, DatasetProvider(), {"name": title, "schema_id": schema_id})
    out["source"] = make(server, SourceConnectionProvider(), {"name": title})
    out["target"] = make(
        server, TargetConnectionProvider(), {"name": title, "dataset_id": out["dataset"][0], "schema_id": schema_id}
    )
    out["mapping"] = make(server, MappingSetProvider(), {"schema_id": schema_id, "mappings": MAPPINGS})
    out["flow"] = make(
        server,
        DataflowProvider(),
        {
            "name": title,
            "source_connection_id": out["source"][0],
            "target_connection_id": out["target"][0],
            "mapping_set_id": out["mapping"][0],
            "mapping_set_version": out["mapping"][1]["version"],
        },
    )
    return out


def test_full_chain_create_read_diff_delete(server: DynamicServer, aep: AepClient) -> None:
    made = chain(server)
    schema_id, schema_outs = made["schema"]
    assert (
        schema_outs["schema_id"] == schema_id
        and schema_outs["tenant_id"] == "emulator"
        and schema_outs["field_group_id"]
    )
    full = aep.schema_registry.schemas.get(schema_id, full=True)
    assert full.properties and "tier" in full.properties["_emulator"]["properties"]
    flow_id, flow_outs = made["flow"]
    assert flow_outs["state"] == "enabled" and flow_outs["inlet_url"].endswith(
        aep.flow_service.flows.get(flow_id).inlet_url.rsplit("/", 1)[1]
    )
    aep.inlet.send(flow_outs["inlet_url"], {"firstName": "Ada"})
    # every resource reads back to the same outputs, and diffs clean against its own inputs
    providers = {
        "schema": SchemaProvider(),
        "dataset": DatasetProvider(),
        "source": SourceConnectionProvider(),
        "target": TargetConnectionProvider(),
        "mapping": MappingSetProvider(),
        "flow": DataflowProvider(),
    }
    for key, provider in providers.items():
        entity_id, outs = made[key]
        read_id, read_outs, read_inputs = server.read(provider, entity_id, outs)
        assert read_id == entity_id, key
        for k, v in read_inputs.items():
            assert outs.get(k) == v, (key, k, outs.get(k), v)
        assert server.diff(provider, entity_id, read_outs, {**read_inputs}).changes == "DIFF_NONE", key
    # delete in dependency order leaves nothing but the mapping set, which AEP keeps (no documented DELETE)
    for key in ("flow", "mapping", "target", "source", "dataset", "schema"):
        server.delete(providers[key], *made[key])
        assert server.read(providers[key], *made[key])[0] == ("" if key != "mapping" else made[key][0]), key
    assert aep.flow_service.flows.count() == 0 and aep.flow_service.source_connections.count() == 0
    assert list(aep.schema_registry.schemas.list()) == [] and list(aep.schema_registry.field_groups.list()) == []
    server.delete(providers["flow"], *made["flow"])  # a second delete of a gone entity is fine


def test_names_update_in_place_and_immutable_fields_replace(server: DynamicServer, aep: AepClient) -> None:
    made = chain(server)
    provider = TargetConnectionProvider()
    target_id, outs = made["target"]
    news = server.checked(provider, {**{k: outs[k] for k in ("name", "dataset_id", "schema_id")}, "name": "renamed"})
    assert server.diff(provider, target_id, outs, news) == type(server.diff(provider, target_id, outs, news))(
        "DIFF_SOME", [], False
    )
    updated = server.update(provider, target_id, outs, news)
    assert updated["name"] == "renamed" and updated["etag"] != outs["etag"]
    assert aep.flow_service.target_connections.get(target_id).name == "renamed"
    replaced = server.diff(provider, target_id, updated, {**news, "data_format": "parquet_xdm"})
    assert replaced.changes == "DIFF_SOME" and replaced.replaces == ["data_format"]
    flow_diff = server.diff(
        DataflowProvider(), made["flow"][0], made["flow"][1], {**made["flow"][1], "target_connection_id": "other"}
    )
    assert flow_diff.replaces == ["target_connection_id"]
    schema_diff = server.diff(
        SchemaProvider(), made["schema"][0], made["schema"][1], {**made["schema"][1], "class_id": "x"}
    )
    assert schema_diff.replaces == ["class_id"]


def test_mapping_change_bumps_the_version_and_updates_the_flow(server: DynamicServer, aep: AepClient) -> None:
    made = chain(server)
    mapping_id, mouts = made["mapping"]
    news = server.checked(
        MappingSetProvider(),
        {
            "schema_id": mouts["schema_id"],
            "mappings": [*MAPPINGS, {"source": "last", "destination": "person.name.lastName"}],
        },
    )
    assert server.diff(MappingSetProvider(), mapping_id, mouts, news).replaces == []
    mouts2 = server.update(MappingSetProvider(), mapping_id, mouts, news)
    assert mouts2["version"] == 1
    flow_id, fouts = made["flow"]
    fnews = {
        k: fouts[k]
        for k in (
            "name",
            "description",
            "source_connection_id",
            "target_connection_id",
            "mapping_set_id",
            "enabled",
            "ready_timeout_seconds",
        )
    }
    fnews["mapping_set_version"] = 1
    fdiff = server.diff(DataflowProvider(), flow_id, fouts, fnews)
    assert fdiff.changes == "DIFF_SOME" and fdiff.replaces == []
    fouts2 = server.update(DataflowProvider(), flow_id, fouts, fnews)
    assert aep.flow_service.flows.get(flow_id).mapping == (mapping_id, 1) and fouts2["etag"] != fouts["etag"]
    aep.inlet.send(fouts2["inlet_url"], {"firstName": "Ada", "last": "Lovelace"})
    dataset_id = made["dataset"][0]
    rows = aep.transport.request("GET", f"/_emulator/datasets/{dataset_id}/rows", auth=False).json()
    assert rows == [{"person": {"name": {"firstName": "Ada", "lastName": "Lovelace"}}}]


def test_enable_disable_through_update(server: DynamicServer, aep: AepClient) -> None:
    made = chain(server)
    flow_id, outs = made["flow"]
    news = {
        k: outs[k]
        for k in (
            "name",
            "description",
            "source_connection_id",
            "target_connection_id",
            "mapping_set_id",
            "mapping_set_version",
            "ready_timeout_seconds",
        )
    }
    off = server.update(DataflowProvider(), flow_id, outs, {**news, "enabled": False})
    assert off["state"] == "disabled" and aep.flow_service.flows.get(flow_id).state == "disabled"
    on = server.update(DataflowProvider(), flow_id, off, {**news, "enabled": True})
    assert on["state"] == "enabled" and aep.flow_service.flows.get(flow_id).state == "enabled"


def test_refresh_finds_out_of_band_changes_and_gone_entities(server: DynamicServer, aep: AepClient) -> None:
    made = chain(server)
    flow_id, outs = made["flow"]
    aep.flow_service.flows.update(flow_id, lambda f: [{"op": "replace", "path": "/name", "value": "changed in the UI"}])
    aep.flow_service.flows.disable(flow_id)
    _, read_outs, read_inputs = server.read(DataflowProvider(), flow_id, outs)
    assert (
        read_inputs["name"] == "changed in the UI"
        and read_inputs["enabled"] is False
        and read_outs["state"] == "disabled"
    )
    program = {k: outs[k] for k in read_inputs}
    assert server.diff(DataflowProvider(), flow_id, read_outs, program).changes == "DIFF_SOME"
    fixed = server.update(DataflowProvider(), flow_id, read_outs, program)
    assert fixed["name"] == outs["name"] and fixed["state"] == "enabled"
    aep.flow_service.flows.delete(flow_id)
    assert server.read(DataflowProvider(), flow_id, outs)[0] == ""


def test_check_fails_at_preview_time_naming_the_field(server: DynamicServer) -> None:
    cases = [
        (
            MappingSetProvider(),
            {"schema_id": "s", "mappings": [{"source": "", "destination": "person.name.firstName"}]},
            "mappings",
            "empty source",
        ),
        (
            MappingSetProvider(),
            {"schema_id": "s", "mappings": [{"source": "a", "destination": "not a path"}]},
            "mappings",
            "not an XDM field path",
        ),
        (MappingSetProvider(), {"schema_id": "s", "mappings": []}, "mappings", "at least one"),
        (SourceConnectionProvider(), {"name": "s", "data_format": "csv"}, "data_format", "json"),
        (
            SchemaProvider(),
            {"title": "t", "custom_fields": [{"path": "loyalty", "type": "string"}]},
            "custom_fields",
            "tenant namespace",
        ),
        (SchemaProvider(), {"title": "t", "class_id": "car"}, "class_id", "unknown class"),
        (
            SchemaProvider(),
            {"title": "t", "class_id": "experienceevent", "field_groups": [PERSON]},
            "",
            "does not extend",
        ),
        (DatasetProvider(), {"name": "d"}, "schema_id", "has no value"),
        (
            DataflowProvider(),
            {"name": "f", "source_connection_id": "a", "target_connection_id": "b", "mapping_set_version": -1},
            "mapping_set_version",
            "0 or more",
        ),
        (BaseConnectionProvider(), {"name": "b", "data_type": "csv"}, "data_type", "'raw'"),
        (
            TargetConnectionProvider(),
            {"name": "t", "dataset_id": "d", "schema_id": "s", "colour": "red"},
            "colour",
            "unknown property",
        ),
    ]
    for provider, news, field, text in cases:
        _, failures = server.check(provider, news)
        assert failures, (type(provider).__name__, news)
        assert failures[0][0] == field and text in failures[0][1], failures


def test_check_lets_unknown_preview_values_through(server: DynamicServer) -> None:
    from pulumi.output import Unknown
    from pulumi.runtime import rpc

    inputs, failures = server.check(DatasetProvider(), {"name": "d", "schema_id": rpc.UNKNOWN})
    assert failures == [] and isinstance(inputs["schema_id"], Unknown)
    diff = server.diff(
        DatasetProvider(),
        "x",
        {"name": "d", "schema_id": "s", "description": "", "tags": {}},
        {"name": "d", "schema_id": rpc.UNKNOWN, "description": "", "tags": {}},
    )
    assert diff.replaces == ["schema_id"]


def test_adoption_takes_over_an_existing_entity(server: DynamicServer, aep: AepClient) -> None:
    existing = aep.flow_service.connections.create(
        ConnectionInput(
            name="made by hand",
            connection_spec=SpecRef(id="bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"),
            auth=ConnectionAuth(spec_name="Streaming Connection", params={"dataType": "xdm"}),
        )
    )
    entity_id, outs = make(
        server, BaseConnectionProvider(), {"name": "managed now", "adopt_id": existing.id, "data_type": "raw"}
    )
    assert entity_id == existing.id and outs["inlet_url"]
    conn = aep.flow_service.connections.get(existing.id)
    assert conn.name == "managed now" and conn.auth and conn.auth.params["dataType"] == "raw"
    assert aep.flow_service.connections.count() == 1
    with pytest.raises(grpc.RpcError) as err:
        make(server, BaseConnectionProvider(), {"name": "x", "adopt_id": "no-such-id"})
    assert "adopt_id 'no-such-id'" in err.value.details()


def test_schema_adopt_by_name(server: DynamicServer, aep: AepClient) -> None:
    first, _ = make(server, SchemaProvider(), {"title": "Shared"})
    mine = {"title": "Shared", "description": "now managed", "owner": "proj/dev/shared"}
    again, _ = make(server, SchemaProvider(), {**mine, "adopt_by_name": True})
    stored = aep.schema_registry.schemas.get(first).description
    assert again == first and stored == "now managed\n\npulumi-owner: proj/dev/shared"
    # a schema with this title and other content, or made by another resource, is somebody else's:
    # refused, with the way out named
    for other in ({**mine, "field_groups": ["profile-person-details"]}, {**mine, "owner": "proj/prod/shared"}):
        with pytest.raises(grpc.RpcError) as err:
            make(server, SchemaProvider(), other)
        assert "XDM-1521" in err.value.details() and "adopt_by_name=True" in err.value.details()
    # the same owner, title and content is what an interrupted create of this resource leaves: taken over
    taken, outs = make(server, SchemaProvider(), mine)
    assert taken == first and len(list(aep.schema_registry.schemas.list())) == 1
    assert outs["description"] == "now managed"  # the mark is the provider's, never the program's


def test_a_lost_create_response_is_adopted_not_duplicated(server: DynamicServer, aep: AepClient, emulator) -> None:  # type: ignore[no-untyped-def]
    import httpx

    warm_id, _ = make(server, SourceConnectionProvider(), {"name": "first"})  # the provider holds a valid token
    httpx.post(
        f"{emulator.url}/_emulator/faults",
        json={"kind": "drop", "method": "POST", "path": "/data/foundation/flowservice/sourceConnections", "count": 1},
    )
    entity_id, outs = make(server, SourceConnectionProvider(), {"name": "exactly once"})
    assert [s.id for s in aep.flow_service.source_connections.list()] == [warm_id, entity_id]
    assert outs["etag"] and outs["name"] == "exactly once"


def test_secrets_stay_out_of_outputs_and_errors(server: DynamicServer, aep: AepClient) -> None:
    from tests.support import CLIENT_SECRET

    _, outs = make(server, BaseConnectionProvider(), {"name": "s", "auth_params": {"note": "not secret"}})
    assert CLIENT_SECRET not in repr(outs)
    with pytest.raises(grpc.RpcError) as err:
        make(server, DatasetProvider(), {"name": "d", "schema_id": "https://ns.adobe.com/emulator/schemas/none"})
    assert CLIENT_SECRET not in err.value.details() and "schemaRef.id" in err.value.details()


def test_missing_credentials_fail_check_with_every_gap_and_where_to_set_it(emulator) -> None:  # type: ignore[no-untyped-def]
    """At preview: check fails (no network call) and lists every missing setting at once."""
    server = DynamicServer({"aep:endpoint": emulator.url}, env={"AEP_CLIENT_ID": "", "AEP_CLIENT_SECRET": ""})
    try:
        _, failures = server.check(SourceConnectionProvider(), {"name": "s"})
        assert len(failures) == 1
        for key in ("aep:clientId", "aep:clientSecret", "aep:orgId", "aep:sandboxName", "AEP_ORG_ID"):
            assert key in failures[0][1]
        _, failures = DynamicServer.check(server, SourceConnectionProvider(), {"name": ""})
        assert len(failures) == 2  # the settings and the input, together
    finally:
        server.close()


def test_a_malformed_endpoint_fails_check_naming_the_setting(emulator) -> None:  # type: ignore[no-untyped-def]
    server = DynamicServer({**stack_config(emulator.url), "aep:endpoint": "platform.adobe.io"})
    try:
        _, failures = server.check(SourceConnectionProvider(), {"name": "s"})
        assert failures == [
            (
                "",
                "AEP settings are invalid: aep:endpoint (or AEP_ENDPOINT) must be an http(s) URL, got 'platform.adobe.io'",
            )
        ]
    finally:
        server.close()


def test_a_refresh_reads_each_listable_kind_from_one_listing(emulator, aep: AepClient) -> None:  # type: ignore[no-untyped-def]
    """One provider process serves one command: its first read lists every kind, the other reads
    are answered from those listings; an entity they do not hold is asked for by id."""
    import httpx

    creating = DynamicServer(stack_config(emulator.url))
    chains = [chain(creating, f"People {i}") for i in range(3)]
    creating.close()
    refreshing = DynamicServer(stack_config(emulator.url))  # a new command, as `pulumi refresh` is
    before = httpx.get(f"{emulator.url}/_emulator/stats").json()["requests"]
    kinds = {"dataset": DatasetProvider(), "source": SourceConnectionProvider(), "target": TargetConnectionProvider()}
    kinds.update({"flow": DataflowProvider(), "schema": SchemaProvider(), "mapping": MappingSetProvider()})
    for made in chains:
        for key, provider in kinds.items():
            entity_id, outs = made[key]
            read_id, read_outs, _ = refreshing.read(provider, entity_id, outs)
            assert read_id == entity_id and read_outs == {**outs, **read_outs}, key
    gone = {**chains[0]["dataset"][1], "name": "gone"}
    assert refreshing.read(DatasetProvider(), "0" * 24, gone)[0] == ""  # a miss asks by id: gone
    after = httpx.get(f"{emulator.url}/_emulator/stats").json()["requests"]
    calls = {k: n - before.get(k, 0) for k, n in after.items() if n != before.get(k, 0)}
    refreshing.close()
    assert calls == {
        "POST /ims/token/v3": 1,
        "GET /data/foundation/schemaregistry/stats": 1,
        "GET /data/foundation/schemaregistry/tenant/{collection:str}": 2,  # schemas, field groups
        "GET /data/foundation/catalog/dataSets": 1,
        "GET /data/foundation/flowservice/sourceConnections": 1,
        "GET /data/foundation/flowservice/targetConnections": 1,
        "GET /data/foundation/flowservice/flows": 1,
        "GET /data/foundation/conversion/mappingSets": 1,
        "GET /data/foundation/flowservice/connections": 1,  # listed too, though this stack has none
        "GET /data/foundation/catalog/dataSets/{id}": 1,  # only the miss
    }, calls


def requests(url: str) -> dict[str, int]:
    """The emulator's request counts so far, by "METHOD path-template"."""
    import httpx

    return dict(httpx.get(f"{url}/_emulator/stats").json()["requests"])


def slow_source_listing(url: str) -> None:
    """Hold every listing of source connections 1.5 s (the first call's own, in the tests below)."""
    import httpx

    path = "/data/foundation/flowservice/sourceConnections"
    fault = {"kind": "latency", "latency_ms": 1500, "method": "GET", "path": path}
    httpx.post(f"{url}/_emulator/faults", json=fault).raise_for_status()


def test_the_first_read_starts_every_listing_at_once(emulator, aep: AepClient) -> None:  # type: ignore[no-untyped-def]
    """The engine reaches a stack's kinds one after another (state order, a few reads at a time);
    the first read of the command starts every kind's listing with its own, so the later kinds'
    reads wait for no new round trip."""
    import httpx

    creating = DynamicServer(stack_config(emulator.url))
    made = chain(creating)
    creating.close()
    refreshing = DynamicServer(stack_config(emulator.url))
    slow_source_listing(emulator.url)
    before = requests(emulator.url)
    try:
        refreshing.read(SourceConnectionProvider(), *made["source"])  # its own listing is the slow one
        during = requests(emulator.url)
        for key, provider in (
            ("schema", SchemaProvider()),
            ("dataset", DatasetProvider()),
            ("target", TargetConnectionProvider()),
            ("mapping", MappingSetProvider()),
            ("flow", DataflowProvider()),
        ):
            assert refreshing.read(provider, *made[key])[0] == made[key][0], key
        after = requests(emulator.url)
    finally:
        httpx.delete(f"{emulator.url}/_emulator/faults").raise_for_status()
        refreshing.close()
    listed = {k for k, n in during.items() if n != before.get(k, 0)}
    assert {
        "GET /data/foundation/schemaregistry/tenant/{collection:str}",
        "GET /data/foundation/schemaregistry/stats",
        "GET /data/foundation/catalog/dataSets",
        "GET /data/foundation/flowservice/targetConnections",
        "GET /data/foundation/flowservice/flows",
        "GET /data/foundation/conversion/mappingSets",
    } <= listed, listed  # all answered while the first read still waited for its own
    assert after == during  # the later reads made no call


def test_the_first_create_starts_every_leftover_listing_at_once(emulator, aep: AepClient) -> None:  # type: ignore[no-untyped-def]
    """Before a create, a provider looks for what an interrupted command left (one listing per kind
    per command); the first create starts every kind's listing, so later kinds' first creates do
    not wait a round trip for theirs."""
    import httpx

    server = DynamicServer(stack_config(emulator.url))
    slow_source_listing(emulator.url)
    before = requests(emulator.url)
    try:
        make(server, SourceConnectionProvider(), {"name": "first"})  # its own listing is the slow one
        during = requests(emulator.url)
        schema_id, _ = make(server, SchemaProvider(), {"title": "Later"})
        make(server, DatasetProvider(), {"name": "later", "schema_id": schema_id})
        after = requests(emulator.url)
    finally:
        httpx.delete(f"{emulator.url}/_emulator/faults").raise_for_status()
        server.close()
    listed = {k for k, n in during.items() if n != before.get(k, 0)}
    assert {
        "GET /data/foundation/catalog/dataSets",
        "GET /data/foundation/flowservice/connections",
        "GET /data/foundation/flowservice/targetConnections",
        "GET /data/foundation/flowservice/flows",
        "GET /data/foundation/conversion/mappingSets",
    } <= listed, listed  # all answered while the first create still waited for its own
    assert after["GET /data/foundation/catalog/dataSets"] == during["GET /data/foundation/catalog/dataSets"]


def test_at_the_engines_interrupt_the_process_exits_without_waiting_for_a_listing(emulator, aep: AepClient) -> None:  # type: ignore[no-untyped-def]
    """The engine ends a provider with SIGINT and kills it 5 s later if it has not exited; a
    listing the first read started for a kind the stack lacks must not hold the process up."""
    import signal
    import subprocess
    import time

    import httpx

    creating = DynamicServer(stack_config(emulator.url))
    made = make(creating, SourceConnectionProvider(), {"name": "only"})
    creating.close()
    refreshing = DynamicServer(stack_config(emulator.url))
    held = {"kind": "latency", "latency_ms": 6000, "method": "GET", "path": "/data/foundation/flowservice/connections"}
    httpx.post(f"{emulator.url}/_emulator/faults", json=held).raise_for_status()
    try:
        assert refreshing.read(SourceConnectionProvider(), *made)[0] == made[0]  # base connections still listing
        refreshing.channel.close()
        refreshing.proc.send_signal(signal.SIGINT)
        try:
            # Within the engine's 5 s: the held listing alone would take 6 s, so a wait for it fails.
            exited = refreshing.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            exited = None
        assert exited == 0, "the provider process waited for a listing no read needs"
    finally:
        httpx.delete(f"{emulator.url}/_emulator/faults").raise_for_status()
        if refreshing.proc.poll() is None:
            refreshing.proc.kill()
        refreshing.proc.wait()
        deadline = time.monotonic() + 15  # the held listing still sleeps in the emulator: let it end
        while httpx.get(f"{emulator.url}/_emulator/stats").json()["inFlight"] and time.monotonic() < deadline:
            time.sleep(0.1)


@pytest.mark.parametrize("first", ["check", "the deletes"])
def test_the_provider_process_serves_more_than_four_rpcs_at_once(emulator, aep: AepClient, first: str) -> None:  # type: ignore[no-untyped-def]
    """Pulumi's server pool is fixed at 4; the providers widen it, so 8 deletes wait on AEP together:
    after a check, and when they are the process's first RPCs (a destroy's first steps), four of
    them waiting in the pool's queue while the first loads the providers."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from pulumi_aep_streaming.client import DatasetInput, SchemaRef

    schema = aep.schema_registry.schemas.create(
        {
            "type": "object",
            "title": "Wide",
            "description": "",
            "allOf": [{"$ref": "https://ns.adobe.com/xdm/context/profile"}],
        }
    )
    ids = [
        aep.catalog.datasets.create(DatasetInput(name=f"d{i}", schema_ref=SchemaRef(id=schema.id))) for i in range(8)
    ]
    server = DynamicServer(stack_config(emulator.url))
    if first == "check":
        server.check(DatasetProvider(), {"name": "x", "schema_id": schema.id})  # loads the providers
    fault = {"kind": "latency", "latency_ms": 400, "method": "DELETE", "path": "/data/foundation/catalog/dataSets/*"}
    httpx.post(f"{emulator.url}/_emulator/faults", json=fault).raise_for_status()
    try:
        with ThreadPoolExecutor(8) as pool:
            outs = {"__provider": provider_blob(DatasetProvider()), "name": "d", "schema_id": schema.id}
            list(pool.map(lambda i: server.delete(DatasetProvider(), i, outs), ids))
    finally:
        httpx.delete(f"{emulator.url}/_emulator/faults").raise_for_status()
        server.close()
    assert all(aep.catalog.datasets.find(i) is None for i in ids)
    assert httpx.get(f"{emulator.url}/_emulator/stats").json()["maxInFlight"] == 8


def test_an_identity_namespace_is_made_renamed_and_left_in_aep_and_its_code_never_changes(
    server: DynamicServer, aep: AepClient
) -> None:
    provider = IdentityNamespaceProvider()
    ns_id, outs = make(server, provider, {"name": "Loyalty", "code": "Loyalty", "id_type": "cross_device"})
    assert outs["namespace_id"] == int(ns_id) and outs["id_type"] == "CROSS_DEVICE"
    held = aep.identity.namespace(int(ns_id))
    assert held.code == "Loyalty" and held.id_type == "CROSS_DEVICE" and held.custom
    assert server.read(provider, ns_id, outs)[1]["name"] == "Loyalty"

    renamed, no_failures = server.check(
        provider, {**{k: outs[k] for k in ("code", "id_type")}, "name": "Loyalty ID"}, olds=outs
    )
    assert no_failures == []  # its own code, in the state: not "taken"
    assert server.diff(provider, ns_id, outs, renamed).replaces == []
    updated = server.update(provider, ns_id, outs, renamed)
    assert updated["name"] == "Loyalty ID" and aep.identity.namespace(int(ns_id)).name == "Loyalty ID"

    # AEP never changes a namespace's code or type and cannot delete one: the preview fails instead.
    for change in ({"code": "Loyal"}, {"id_type": "EMAIL"}):
        _, failures = server.check(provider, {**renamed, **change}, olds=updated)
        (field, reason), *_ = failures
        assert field == next(iter(change)) and "never changes" in reason and "set " in reason, failures
    _, same = server.check(provider, {**renamed, "id_type": "Cross_Device"}, olds=updated)
    assert same == []  # the same type in another case is no change

    server.delete(provider, ns_id, updated)
    assert aep.identity.namespace(int(ns_id)).name == "Loyalty ID"  # left in AEP, as destroy says
