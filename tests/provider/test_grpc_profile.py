"""Schema identities and Profile switch, Profile datasets and merge policies through the real
``python -m pulumi.dynamic`` gRPC server, against the emulator."""

from __future__ import annotations

from typing import Any

import grpc
import httpx
import pytest

from pulumi_aep_streaming.client import AepClient, IdentityNamespaceInput
from pulumi_aep_streaming.provider import DatasetProvider, MergePolicyProvider, SchemaProvider
from tests.provider.harness import DynamicServer

EMAIL = {"path": "personalEmail.address", "namespace": "Email", "primary": True}
PHONE = {"path": "mobilePhone.number", "namespace": "Phone"}
PEOPLE = {"title": "People", "field_groups": ["profile-personal-details"], "identities": [PHONE, EMAIL]}


def make(server: DynamicServer, provider: Any, news: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return server.create(provider, server.checked(provider, news))


def identities(aep: AepClient, schema_id: str) -> dict[str, tuple[str | None, bool]]:
    return {
        d.source_property: (d.namespace, d.is_primary) for d in aep.schema_registry.descriptors.of_schema(schema_id)
    }


def failure(server: DynamicServer, provider: Any, news: dict[str, Any], olds: dict[str, Any] | None = None) -> str:
    _, failures = server.check(provider, {**news, "literal_ids": news.get("literal_ids", [])}, olds=olds)
    assert failures, news
    return " ".join(f"{field}: {reason}" for field, reason in failures)


def test_a_profile_schema_gets_its_descriptors_then_the_union_tag_and_reads_back(
    server: DynamicServer, aep: AepClient
) -> None:
    provider = SchemaProvider()
    schema_id, outs = make(server, provider, {**PEOPLE, "profile_enabled": True})
    assert identities(aep, schema_id) == {
        "/personalEmail/address": ("Email", True),
        "/mobilePhone/number": ("Phone", False),
    }
    assert aep.schema_registry.schemas.get(schema_id).profile_enabled and outs["version"] != "1.0"
    assert outs["identities"] == [PHONE | {"primary": False}, EMAIL]  # stored by path
    _, read, _ = server.read(provider, schema_id, outs)
    assert read["identities"] == outs["identities"] and read["profile_enabled"] is True

    # The primary moves to the phone: both descriptors rewritten in place, never two primaries at once.
    moved = server.checked(
        provider,
        {**PEOPLE, "profile_enabled": True, "identities": [PHONE | {"primary": True}, EMAIL | {"primary": False}]},
    )
    assert server.diff(provider, schema_id, outs, moved).replaces == []
    outs = server.update(provider, schema_id, outs, moved)
    assert identities(aep, schema_id) == {
        "/personalEmail/address": ("Email", False),
        "/mobilePhone/number": ("Phone", True),
    }

    # Turning Profile off is refused at preview, never a replace.
    reason = failure(server, provider, {**PEOPLE, "profile_enabled": False}, olds=outs)
    assert (
        reason.startswith("profile_enabled: profile_enabled cannot be turned off")
        and "set profile_enabled=True" in reason
    )

    # Drift made in the UI (a descriptor deleted) is found by a refresh and put back by an update.
    (phone,) = [d for d in aep.schema_registry.descriptors.of_schema(schema_id) if d.namespace == "Phone"]
    aep.schema_registry.descriptors.delete(phone.id)
    _, drifted, _ = server.read(provider, schema_id, outs)
    assert [i["path"] for i in drifted["identities"]] == ["personalEmail.address"]
    server.update(provider, schema_id, drifted, moved)
    assert len(identities(aep, schema_id)) == 2

    server.delete(provider, schema_id, outs)
    assert aep.schema_registry.schemas.find(schema_id) is None and identities(aep, schema_id) == {}


def test_enabling_profile_on_an_existing_schema_is_an_update_in_place(server: DynamicServer, aep: AepClient) -> None:
    provider = SchemaProvider()
    schema_id, outs = make(server, provider, {"title": "Plain", "field_groups": ["profile-personal-details"]})
    enabled = server.checked(
        provider,
        {
            "title": "Plain",
            "field_groups": ["profile-personal-details"],
            "identities": [EMAIL],
            "profile_enabled": True,
        },
    )
    diff = server.diff(provider, schema_id, outs, enabled)
    assert diff.changes == "DIFF_SOME" and diff.replaces == []
    outs = server.update(provider, schema_id, outs, enabled)
    assert aep.schema_registry.schemas.get(schema_id).profile_enabled
    # A later change of the schema keeps the tag AEP will not drop.
    renamed = server.checked(provider, {**enabled, "description": "now described"})
    server.update(provider, schema_id, outs, renamed)
    assert aep.schema_registry.schemas.get(schema_id).profile_enabled


@pytest.mark.parametrize(
    ("news", "says"),
    [
        ({**PEOPLE, "identities": [EMAIL, PHONE | {"primary": True}]}, "both primary"),
        ({**PEOPLE, "identities": [EMAIL | {"path": "personalEmail.nothing"}]}, "is not a field of this schema"),
        ({**PEOPLE, "identities": [EMAIL | {"path": "_repo.createDate"}]}, "is of type date-time"),
        ({**PEOPLE, "identities": [PHONE], "profile_enabled": True}, "profile_enabled needs a primary identity"),
        ({**PEOPLE, "identities": [EMAIL, EMAIL | {"namespace": "Phone", "primary": False}]}, "lists a path twice"),
        ({**PEOPLE, "identities": [EMAIL | {"namespace": "E-mail"}]}, "letters and digits"),
    ],
)
def test_identity_mistakes_fail_the_preview_naming_the_field(
    server: DynamicServer, news: dict[str, Any], says: str
) -> None:
    reason = failure(server, SchemaProvider(), news)
    assert says in reason and ("identities" in reason or "profile_enabled" in reason), reason


def test_a_written_out_namespace_code_must_exist_in_the_sandbox(server: DynamicServer, aep: AepClient) -> None:
    provider = SchemaProvider()
    loyalty = {"path": "_emulator.loyaltyId", "namespace": "Loyalty"}
    news = {**PEOPLE, "custom_fields": [{"path": "_emulator.loyaltyId"}], "identities": [EMAIL, loyalty]}
    literal = {**news, "literal_ids": ["identities[0].namespace", "identities[1].namespace"]}
    reason = failure(server, provider, literal)
    assert "identities[1].namespace: 'Loyalty' is neither a standard identity namespace" in reason
    assert "identities[0]" not in reason  # Email is standard
    # Not written out (another resource's output): not read at preview.
    assert server.check(provider, {**news, "literal_ids": []})[1] == []
    aep.identity.create_namespace(IdentityNamespaceInput(name="Loyalty", code="loyalty", id_type="CROSS_DEVICE"))
    assert server.check(provider, literal)[1] == []  # codes compare without case


def test_a_profile_dataset_tags_and_untags_itself(server: DynamicServer, aep: AepClient) -> None:
    schema_id, _ = make(server, SchemaProvider(), {**PEOPLE, "profile_enabled": True})
    provider = DatasetProvider()
    news = {
        "name": "People",
        "schema_id": schema_id,
        "tags": {"team": ["data"]},
        "profile_enabled": True,
        "identity_enabled": True,
    }
    dataset_id, outs = make(server, provider, news)
    assert aep.catalog.datasets.get(dataset_id).tags["unifiedProfile"] == ["enabled:true"]
    _, read, _ = server.read(provider, dataset_id, outs)
    assert (read["profile_enabled"], read["identity_enabled"], read["tags"]) == (True, True, {"team": ["data"]})

    off = server.checked(provider, {**news, "profile_enabled": False})
    assert server.diff(provider, dataset_id, outs, off).replaces == []
    outs = server.update(provider, dataset_id, outs, off)
    tags = aep.catalog.datasets.get(dataset_id).tags
    assert tags["unifiedProfile"] == ["enabled:false"] and tags["unifiedIdentity"] == ["enabled:true"]
    assert server.read(provider, dataset_id, outs)[1]["profile_enabled"] is False

    reason = failure(server, provider, {**news, "tags": {"unifiedProfile": ["enabled:true"]}})
    assert "set by profile_enabled=True" in reason


def test_a_dataset_for_profile_on_a_written_out_plain_schema_fails_the_preview(
    server: DynamicServer, aep: AepClient
) -> None:
    schema_id, _ = make(server, SchemaProvider(), {"title": "Plain", "field_groups": ["profile-personal-details"]})
    reason = failure(
        server,
        DatasetProvider(),
        {"name": "d", "schema_id": schema_id, "profile_enabled": True, "literal_ids": ["schema_id"]},
    )
    assert "profile_enabled: schema" in reason and "not enabled for Profile" in reason


def test_a_merge_policy_is_made_default_updated_and_deleted(server: DynamicServer, aep: AepClient) -> None:
    provider = MergePolicyProvider()
    seeded = next(p for p in aep.profile.merge_policies() if p.default)
    policy_id, outs = make(server, provider, {"name": "Stitched", "default": True})
    assert outs["merge_policy_id"] == policy_id and outs["identity_graph"] == "pdg"
    assert aep.profile.merge_policy(policy_id).default and not aep.profile.merge_policy(seeded.id).default

    # Another policy takes the flag: a refresh does not report it as drift of this one.
    aep.profile.replace_merge_policy(
        seeded.id,
        __import__("pulumi_aep_streaming.client", fromlist=["MergePolicyInput"]).MergePolicyInput(
            name=seeded.name,
            class_name="_xdm.context.profile",
            identity_graph="pdg",
            attribute_merge={"type": "timestampOrdered"},
            default=True,
        ),
    )
    _, read, _ = server.read(provider, policy_id, outs)
    assert (
        read["default"] is True
        and server.diff(
            provider, policy_id, read, server.checked(provider, {"name": "Stitched", "default": True})
        ).changes
        != "DIFF_SOME"
    )

    dataset_order = ["a", "b"]
    ranked = server.checked(
        provider, {"name": "Stitched", "attribute_merge": "dataSetPrecedence", "dataset_order": dataset_order}
    )
    outs = server.update(provider, policy_id, outs, ranked)
    assert aep.profile.merge_policy(policy_id).attribute_merge == {"type": "dataSetPrecedence", "order": dataset_order}
    assert "needs dataset_order" in failure(server, provider, {"name": "x", "attribute_merge": "dataSetPrecedence"})
    assert "identity_graph" in failure(server, provider, {"name": "x", "identity_graph": "auto"})

    server.delete(provider, policy_id, outs)
    assert aep.profile.find_merge_policy(policy_id) is None


def test_an_existing_merge_policy_is_adopted_as_it_is(server: DynamicServer, aep: AepClient) -> None:
    seeded = next(p for p in aep.profile.merge_policies() if p.default)
    provider = MergePolicyProvider()
    adopted_id, outs = make(server, provider, {"name": seeded.name, "default": True, "adopt_id": seeded.id})
    assert adopted_id == seeded.id and aep.profile.merge_policy(seeded.id).version == seeded.version  # no write
    renamed = server.checked(provider, {"name": "Renamed", "default": True, "adopt_id": seeded.id})
    server.update(provider, adopted_id, outs, renamed)
    assert aep.profile.merge_policy(seeded.id).name == "Renamed"


def test_a_failed_profile_step_leaves_no_half_made_schema(server: DynamicServer, aep: AepClient, emulator) -> None:  # type: ignore[no-untyped-def]
    """A descriptor AEP refuses (a namespace the check could not see) rolls the whole create back."""
    news = {**PEOPLE, "identities": [EMAIL | {"namespace": "Nope"}]}
    with pytest.raises(grpc.RpcError) as err:
        make(server, SchemaProvider(), {**news, "literal_ids": []})
    assert "xdm:namespace 'Nope'" in err.value.details()
    assert list(aep.schema_registry.schemas.list()) == []
    # A lost answer to the union PATCH: the create undoes what it made and makes it again, once.
    httpx.post(
        f"{emulator.url}/_emulator/faults",
        json={
            "kind": "drop",
            "method": "PATCH",
            "path": "/data/foundation/schemaregistry/tenant/schemas/*",
            "count": 1,
        },
    ).raise_for_status()
    schema_id, outs = make(server, SchemaProvider(), {**PEOPLE, "profile_enabled": True, "owner": "proj/test/people"})
    assert [s.id for s in aep.schema_registry.schemas.list()] == [schema_id] and outs["profile_enabled"] is True
    assert len(identities(aep, schema_id)) == 2 and aep.schema_registry.schemas.get(schema_id).profile_enabled
    assert httpx.get(f"{emulator.url}/_emulator/faults").json() == []  # the fault fired


def test_a_namespace_code_already_taken_fails_the_preview_unless_it_is_this_resources(
    server: DynamicServer, aep: AepClient
) -> None:
    from pulumi_aep_streaming.provider import IdentityNamespaceProvider

    provider = IdentityNamespaceProvider()
    standard = failure(server, provider, {"name": "Mail", "code": "email", "id_type": "EMAIL"})
    assert "code: code 'email' is taken in sandbox 'prod' by a standard namespace" in standard
    made = aep.identity.create_namespace(IdentityNamespaceInput(name="Loyalty", code="Loyalty", id_type="CROSS_DEVICE"))
    other = failure(server, provider, {"name": "L", "code": "LOYALTY", "id_type": "CROSS_DEVICE"})
    assert f"set adopt_id='{made.id}' to take that namespace over" in other
    adopting = {"name": "L", "code": "Loyalty", "id_type": "CROSS_DEVICE", "adopt_id": str(made.id)}
    assert server.check(provider, adopting)[1] == []
    # This resource's own, left by an interrupted run: not refused (the create takes it over).
    mine = {"name": "Mine", "code": "Mine", "id_type": "EMAIL", "owner": "proj/test/mine"}
    make(server, provider, mine)
    assert server.check(provider, mine)[1] == []
