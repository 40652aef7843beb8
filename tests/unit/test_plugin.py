"""The `aep` plugin's decisions: the schema it reads off the Python API, how other languages' inputs
become StreamingSourceArgs, how secrets cross its CRUD methods, and the launcher it installs."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pulumi
import pytest
from pulumi.errors import InputPropertiesError, InputPropertyError
from pulumi.runtime import rpc

from pulumi_aep_streaming import AepInputError, FieldMapping, Identity, SchemaField
from pulumi_aep_streaming.components import StreamingSource, StreamingSourceArgs
from pulumi_aep_streaming.plugin import AepPlugin, _component, _install, _schema, _server


def test_the_schema_has_every_input_and_output_under_its_camel_case_name_with_its_docs() -> None:
    schema = _schema.package_schema("1.2.3")
    component = schema["resources"]["aep:index:StreamingSource"]
    assert component["isComponent"] and schema["version"] == "1.2.3"
    assert set(component["inputProperties"]) == {
        _schema.schema_name(f.name) for f in dataclasses.fields(StreamingSourceArgs)
    }
    assert component["requiredInputs"] == ["mappings"]  # every other input has a default
    assert component["inputProperties"]["displayName"]["type"] == "string"
    assert component["inputProperties"]["enabled"]["type"] == "boolean"
    assert component["inputProperties"]["variant"]["type"] == "string"  # a Literal
    assert component["inputProperties"]["mappings"] == {
        "type": "array",
        "items": {"$ref": "#/types/aep:index:FieldMapping"},
        "description": "How incoming attributes map to schema fields; each destination must be a field of the schema.",
    }
    assert set(component["properties"]) == {"inletUrl", "flowId", "datasetId", "schemaId", "mappingSetId",
                                             "mappingSetVersion", "profileLookup"}  # fmt: skip
    assert "profileLookup" not in component["required"] and "inletUrl" in component["required"]
    assert component["properties"]["mappingSetVersion"]["type"] == "integer"
    described = [*component["inputProperties"].values(), *component["properties"].values()]
    assert all(p["description"] and "``" not in p["description"] for p in described)
    assert set(schema["types"]) == {f"aep:index:{c.__name__}" for c in (FieldMapping, SchemaField, Identity)}
    assert schema["types"]["aep:index:FieldMapping"]["required"] == ["source", "destination"]
    assert "sourceType" in schema["types"]["aep:index:FieldMapping"]["properties"]
    assert schema["config"]["variables"]["clientSecret"] == {"type": "string", "secret": True}
    assert "secret" not in schema["config"]["variables"]["endpoint"]


def test_names_translate_both_ways() -> None:
    for name in ("display_name", "schema_id", "authentication_required", "mappings"):
        assert _schema.python_name(_schema.schema_name(name)) == name
    assert _component.in_schema_names("dataset_id needs schema_id") == "datasetId needs schemaId"
    assert _component.in_schema_names("add SchemaField('email') to fields") == "add {path: 'email'} to fields"
    assert (
        _component.in_schema_names(
            "profile=True needs a primary identity: add Identity(<field>, <namespace>, primary=True) to identities"
        )
        == "profile: true needs a primary identity: add {path: <field>, namespace: <namespace>, primary: true} to identities"
    )


def test_a_bad_input_is_reported_as_the_engine_reports_input_errors() -> None:
    error = _component.input_error(AepInputError("StreamingSource 'w': mappings[0]: the source is empty"))
    assert isinstance(error, InputPropertiesError) and error.errors == []  # the SDK's server needs a list
    assert error.message == "mappings[0]: the source is empty"  # the engine names the resource


def test_inputs_of_another_language_become_the_python_args() -> None:
    args = _component.args_from(
        {
            "displayName": "People",
            "fields": [{"path": "person.name.firstName"}, {"path": "_tenant.tier", "type": "string", "title": "Tier"}],
            "mappings": [{"source": "upper(tier)", "destination": "_tenant.tier", "sourceType": "EXPRESSION"}],
            "identities": [{"path": "personalEmail.address", "namespace": "Email", "primary": True}],
            "profile": True,
        }
    )
    assert args.display_name == "People" and args.profile is True and args.schema_class == "profile"
    assert args.fields == [SchemaField("person.name.firstName"), SchemaField("_tenant.tier", "string", "Tier")]
    assert args.mappings == [FieldMapping("upper(tier)", "_tenant.tier", source_type="EXPRESSION")]
    assert args.identities == [Identity("personalEmail.address", "Email", primary=True)]


def test_an_output_may_stand_for_an_input_but_not_for_what_is_checked_before_anything_is_created() -> None:
    name = pulumi.Output.from_input("People")
    args = _component.args_from({"displayName": name, "mappings": [{"source": "a", "destination": "b"}]})
    assert args.display_name is name
    with pytest.raises(InputPropertyError) as err:
        _component.args_from({"mappings": pulumi.Output.from_input([])})
    assert err.value.property_path == "mappings" and "must be known when the program runs" in err.value.reason


@pytest.mark.parametrize(
    ("inputs", "path", "reason"),
    [
        ({"mappings": [{"source": "a", "destination": "b", "kind": "x"}]}, "mappings[0].kind", "is not a field"),
        ({"mappings": [{"source": "a"}]}, "mappings[0].destination", "is required"),
        ({"mappings": ["a"]}, "mappings[0]", "must be an object"),
        ({"displayName": "x"}, "mappings", "is required"),
        ({"mappings": [], "schemaName": "x"}, "schemaName", "is not a field"),
    ],
)
def test_a_wrong_input_is_named_by_its_path(inputs: dict[str, object], path: str, reason: str) -> None:
    with pytest.raises(InputPropertyError) as err:
        _component.args_from(inputs)
    assert err.value.property_path == path and reason in err.value.reason


def test_the_hosted_component_keeps_the_python_one_and_only_changes_its_type() -> None:
    assert issubclass(_component.HostedStreamingSource, StreamingSource)
    assert _component.HostedStreamingSource.pulumi_type == "aep:index:StreamingSource"
    assert StreamingSource.pulumi_type == "aep:streaming:StreamingSource"  # Python programs' URNs stay


def test_another_component_type_is_refused() -> None:
    with pytest.raises(ValueError, match="aep:index:StreamingSource"):
        AepPlugin().construct("x", "aep:index:Other", {})


def test_the_entity_type_is_read_from_its_urn_whatever_its_parent() -> None:
    urn = "urn:pulumi:dev::proj::aep:index:StreamingSource$aep:index:Dataflow::webhooks-flow"
    assert _server._type_of(urn) == "aep:index:Dataflow"
    assert _server._type_of("urn:pulumi:dev::proj::aep:index:Schema::s") == "aep:index:Schema"


def test_secrets_are_unwrapped_for_the_provider_and_marked_secret_again_in_the_answer() -> None:
    async def round_trip() -> tuple[list[dict[str, object]], set[str], dict[str, object]]:
        secret_value = rpc.wrap_rpc_secret  # the wire form of a secret, as the engine sends it
        sent = await rpc.serialize_properties(
            {"name": "n", "token": secret_value("s3cr3t"), "items": [{"k": secret_value("v")}]}, {}
        )
        (props,), secret = _server._properties(sent)
        answer = rpc.deserialize_properties(await _server._struct({**props, "extra": 1}, secret))
        return [props], secret, answer

    loop = asyncio.new_event_loop()  # not asyncio.run: it leaves the main thread without a loop for later tests
    try:
        (props,), secret, answer = loop.run_until_complete(round_trip())
    finally:
        loop.close()
    assert props == {"name": "n", "token": "s3cr3t", "items": [{"k": "v"}]}
    assert secret == {"token", "items"}
    assert rpc.is_rpc_secret(answer["token"]) and rpc.unwrap_rpc_secret(answer["token"]) == "s3cr3t"
    assert rpc.is_rpc_secret(answer["items"]) and answer["name"] == "n" and answer["extra"] == 1


def test_the_launcher_runs_the_plugin_with_the_python_that_has_the_package() -> None:
    text = _install.launcher("/opt/my env/bin/python")
    assert text.startswith("#!/bin/sh\n")
    assert f'exec {shlex.quote("/opt/my env/bin/python")} -m pulumi_aep_streaming.plugin "$@"' in text


def test_an_install_without_a_working_pulumi_says_what_to_do() -> None:
    with pytest.raises(_install.PluginInstallError, match="install the Pulumi CLI"):
        _install.install(pulumi="/nonexistent/pulumi")
    with pytest.raises(_install.PluginInstallError, match=r"plugin install resource aep .* failed"):
        _install.install(pulumi="false")  # a CLI that fails: its command is named


def test_the_plugin_ends_with_the_process_that_started_it(tmp_path: Path) -> None:
    # A parent that starts the plugin as the engine does, prints its port and pid, and ends at once.
    parent = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'pulumi_aep_streaming.plugin', '127.0.0.1:1'],"
        " stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)\n"
        "print(p.stdout.readline().strip(), p.pid, flush=True)\n"
    )
    out = subprocess.run([sys.executable, "-c", parent], capture_output=True, text=True, timeout=60, check=True)
    port, pid = (int(word) for word in out.stdout.split())
    assert port > 0  # it was serving when its parent ended
    deadline = time.monotonic() + 15
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]
    if alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "the plugin outlived the process that started it"
