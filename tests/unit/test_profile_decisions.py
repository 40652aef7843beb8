"""Decisions inside the Profile providers, collaborators mocked: the order descriptors are written
in, when a schema is PUT and when only its identities change, the merge policy's kept default, and
which namespace codes check reads."""

from __future__ import annotations

from typing import Any
from unittest.mock import MagicMock

from pytest_mock import MockerFixture

from pulumi_aep_streaming.client import IdentityDescriptor, MergePolicy
from pulumi_aep_streaming.provider import MergePolicyProvider, SchemaProvider, _config, _literals
from pulumi_aep_streaming.provider.fields import IdentityField
from pulumi_aep_streaming.provider.inputs import SchemaInputs


def descriptor(path: str, namespace: str, primary: bool, descriptor_id: str) -> IdentityDescriptor:
    return IdentityDescriptor.model_validate(
        {
            "@id": descriptor_id,
            "@type": "xdm:descriptorIdentity",
            "xdm:sourceSchema": "s",
            "xdm:sourceProperty": path,
            "xdm:namespace": namespace,
            "xdm:isPrimary": primary,
        }
    )


def test_a_moving_primary_is_dropped_before_it_is_given_and_stale_descriptors_go_first() -> None:
    aep = MagicMock()
    calls = aep.schema_registry.descriptors
    calls.of_schema.return_value = [
        descriptor("/personalEmail/address", "Email", True, "d-email"),
        descriptor("/homePhone/number", "Phone", False, "d-home"),
    ]
    wanted = [
        IdentityField(path="mobilePhone.number", namespace="Phone", primary=True),
        IdentityField(path="personalEmail.address", namespace="Email", primary=False),
    ]
    SchemaProvider()._converge_identities(aep, "s", wanted)
    names = [c[0] for c in calls.method_calls if c[0] != "of_schema"]
    assert names == ["delete", "replace", "create"]  # the home phone, email un-primaried, then the new primary
    assert calls.replace.call_args.args[0] == "d-email" and calls.replace.call_args.args[1].is_primary is False
    assert calls.create.call_args.args[0].source_property == "/mobilePhone/number"


def test_an_identities_only_change_never_puts_the_schema() -> None:
    aep = MagicMock()
    aep.schema_registry.tenant_id.return_value = "t"
    aep.schema_registry.descriptors.of_schema.return_value = []
    olds = {
        "title": "P",
        "description": "",
        "class_id": "https://ns.adobe.com/xdm/context/profile",
        "field_groups": ["https://ns.adobe.com/xdm/context/profile-personal-details"],
        "custom_fields": [],
        "identities": [],
        "profile_enabled": False,
        "schema_id": "s",
        "version": "1.1",
    }
    inputs = {k: v for k, v in olds.items() if k not in ("schema_id", "version")}
    news = SchemaInputs.model_validate(
        {**inputs, "identities": [{"path": "personalEmail.address", "namespace": "Email", "primary": True}]}
    )
    computed = SchemaProvider()._update(aep, "s", olds, news)
    aep.schema_registry.schemas.replace.assert_not_called()
    aep.schema_registry.schemas.patch.assert_not_called()  # Profile stays off
    assert computed["version"] == "1.1"
    aep.schema_registry.descriptors.create.assert_called_once()


def test_a_policy_that_lost_the_default_keeps_it_in_state_and_says_so(mocker: MockerFixture) -> None:
    warn = mocker.patch("pulumi.log.warn")
    policy = MergePolicy.model_validate(
        {
            "id": "p",
            "name": "Mine",
            "schema": {"name": "_xdm.context.profile"},
            "identityGraph": {"type": "pdg"},
            "attributeMerge": {"type": "timestampOrdered"},
            "default": False,
        }
    )
    held, _ = MergePolicyProvider()._state(MagicMock(), policy, {"default": True})
    assert held["default"] is True and "no longer the default" in warn.call_args.args[0]
    held, _ = MergePolicyProvider()._state(MagicMock(), policy, {"default": False})
    assert held["default"] is False and warn.call_count == 1


def test_only_written_out_codes_that_are_new_are_read(mocker: MockerFixture) -> None:
    client = mocker.patch.object(_config, "client")
    client.return_value.identity.namespaces.return_value = []
    given: dict[str, Any] = {"identities": [{"path": "a", "namespace": "Email"}, {"path": "b", "namespace": "Shoe"}]}
    olds = {"identities": [{"path": "a", "namespace": "EMAIL"}]}
    failures = _literals.failures(
        SchemaProvider(), ["identities[0].namespace", "identities[1].namespace"], {}, olds, given, None
    )
    assert [f.property for f in failures] == ["identities[1].namespace"]  # Email was there before (any case)
    client.return_value.identity.namespaces.assert_called_once()
    client.reset_mock()
    assert _literals.failures(SchemaProvider(), ["identities[0].namespace"], {}, olds, given, None) == []
    client.return_value.identity.namespaces.assert_not_called()
