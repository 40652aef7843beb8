"""Sandboxes and the resources made inside them, through the real ``python -m pulumi.dynamic`` gRPC
server, against the emulator: a Sandbox waits until active and until gone; production sandboxes are
refused at preview; a resource's ``sandbox`` input places its entity, and a change of it replaces
the entity into the new sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pulumi_aep_streaming.client import AepClient, SandboxInput
from pulumi_aep_streaming.provider import SandboxProvider, SchemaProvider
from tests.client.conftest import settings_for
from tests.provider.harness import DynamicServer
from tests.support import EmulatorProcess

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # the engine's sentinel for a value not known at preview
PEOPLE = {"title": "People", "field_groups": ["profile-personal-details"]}


@pytest.fixture
def slow_sandboxes(emulator: EmulatorProcess, aep: AepClient) -> Iterator[None]:
    """Sandboxes take 0.6 s to be made or deleted (the next reset sets it back)."""
    httpx.put(f"{emulator.url}/_emulator/sandbox-delay", json={"seconds": 0.6}).raise_for_status()
    yield


def failures(server: DynamicServer, provider: Any, news: dict[str, Any], olds: dict[str, Any] | None = None) -> str:
    _, found = server.check(provider, {"literal_ids": [], **news}, olds=olds)
    return " ".join(f"{field}: {reason}" for field, reason in found)


def test_a_sandbox_is_made_active_retitled_and_deleted_until_gone(
    server: DynamicServer, aep: AepClient, slow_sandboxes: None
) -> None:
    provider = SandboxProvider()
    inputs = server.checked(provider, {"name": "pr-42", "title": "PR 42", "literal_ids": []})
    name, outs = server.create(provider, inputs)
    assert name == "pr-42" and outs["state"] == "active" and outs["region"]
    assert aep.sandboxes.get("pr-42").state == "active"  # create returned only once it was

    retitled, problems = server.check(provider, {"name": "pr-42", "title": "PR forty-two", "literal_ids": []}, outs)
    assert not problems
    assert server.diff(provider, name, outs, retitled).replaces == []
    outs = server.update(provider, name, outs, retitled)
    assert aep.sandboxes.get("pr-42").title == "PR forty-two"
    _, read, _ = server.read(provider, name, outs)
    assert read["title"] == "PR forty-two" and read["state"] == "active"
    renamed, problems = server.check(provider, {"name": "pr-43", "title": "PR 43", "literal_ids": []}, outs)
    assert not problems
    assert server.diff(provider, name, outs, renamed).replaces == ["name"]

    server.delete(provider, name, outs)
    assert aep.sandboxes.find("pr-42") is None  # delete returned only once it was gone
    read_id, _, _ = server.read(provider, name, outs)
    assert read_id == ""  # a refresh drops it


def test_production_sandboxes_are_refused_at_preview(server: DynamicServer, aep: AepClient) -> None:
    provider = SandboxProvider()
    reason = failures(server, provider, {"name": "pr-1", "title": "t", "type": "production"})
    assert reason.startswith("type:") and "only development sandboxes" in reason
    reason = failures(server, provider, {"name": "prod", "title": "t"})
    assert "'prod' is the org's default production sandbox" in reason
    reason = failures(server, provider, {"name": "x", "title": "t", "adopt_id": "prod", "literal_ids": ["adopt_id"]})
    assert reason.startswith("adopt_id:") and "default production sandbox" in reason
    reason = failures(server, provider, {"name": "dev", "title": "t"})
    assert "already exists" in reason and "adopt_id='dev'" in reason
    assert failures(server, provider, {"name": "Not Valid", "title": "t"}).startswith("name:")


def test_a_resource_lives_in_its_sandbox_input_and_moves_by_replace(
    server: DynamicServer, aep: AepClient, emulator: EmulatorProcess
) -> None:
    aep.sandboxes.create(SandboxInput(name="pr-5", title="PR 5"))
    provider = SchemaProvider()
    inputs = server.checked(provider, {**PEOPLE, "sandbox": "pr-5"})
    assert inputs["sandbox_name"] == "pr-5"
    schema_id, outs = server.create(provider, inputs)
    with AepClient(settings_for(emulator.url, "pr-5")) as inside:
        assert inside.schema_registry.schemas.find(schema_id) is not None
    assert aep.schema_registry.schemas.find(schema_id) is None  # not in the stack's sandbox (prod)
    _, read, _ = server.read(provider, schema_id, outs)
    assert read["sandbox_name"] == "pr-5" and read["sandbox"] == "pr-5"

    # Unchanged: no diff. Into the stack's own sandbox: a replace, made there, deleted from pr-5.
    again, problems = server.check(provider, {**PEOPLE, "sandbox": "pr-5", "literal_ids": []}, olds=outs)
    assert not problems
    assert server.diff(provider, schema_id, outs, again).changes == "DIFF_NONE"
    dropped, problems = server.check(provider, {**PEOPLE, "literal_ids": []}, olds=outs)
    assert not problems and dropped["sandbox_name"] == "prod"  # the input dropped: the stack's sandbox
    home, problems = server.check(provider, {**PEOPLE, "sandbox": "prod", "literal_ids": []}, olds=outs)
    assert not problems and home["sandbox_name"] == "prod"
    for news in (dropped, home):
        diff = server.diff(provider, schema_id, outs, news)
        assert diff.replaces == ["sandbox"] and diff.delete_before_replace
    server.delete(provider, schema_id, outs)
    new_id, _ = server.create(provider, home)
    assert aep.schema_registry.schemas.find(new_id) is not None
    with AepClient(settings_for(emulator.url, "pr-5")) as inside:
        assert list(inside.schema_registry.schemas.list_whole()) == []

    # A sandbox a Sandbox resource makes in the same command is not known at preview: no reads, a replace.
    later = server.checked(provider, {**PEOPLE, "sandbox": UNKNOWN})
    assert server.diff(provider, new_id, {**outs, "sandbox_name": "prod"}, later).replaces == ["sandbox"]


def test_a_sandbox_input_naming_no_sandbox_fails_the_preview(server: DynamicServer, aep: AepClient) -> None:
    reason = failures(server, SchemaProvider(), {**PEOPLE, "sandbox": "pr-nowhere"})
    assert reason.startswith("sandbox: sandbox 'pr-nowhere' is not an active sandbox"), reason
