"""Providers pickle by reference, and blobs stored in state by an earlier build still load.

Resources store a ProviderReference (a call naming module and class) so that the program never
imports the providers; states written before that name the class itself, and both must load.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import dill
import pytest

from pulumi_aep_streaming import _registration, provider, resources
from pulumi_aep_streaming.declarations import DECLARATIONS
from tests.provider.harness import provider_blob

# __provider blobs as written into state by the first release (0.1.0). They name only module and
# class: renaming or moving a provider class breaks refresh and destroy of every existing stack.
STORED_BLOBS = {
    "SchemaProvider": "gASVPgAAAAAAAACMJHB1bHVtaV9hZXBfc3RyZWFtaW5nLnByb3ZpZGVyLnNjaGVtYZSMDlNjaGVtYVByb3ZpZGVylJOUKYGULg==",
    "DatasetProvider": "gASVQAAAAAAAAACMJXB1bHVtaV9hZXBfc3RyZWFtaW5nLnByb3ZpZGVyLmRhdGFzZXSUjA9EYXRhc2V0UHJvdmlkZXKUk5QpgZQu",
    "BaseConnectionProvider": "gASVSwAAAAAAAACMKXB1bHVtaV9hZXBfc3RyZWFtaW5nLnByb3ZpZGVyLmNvbm5lY3Rpb25zlIwWQmFzZUNvbm5lY3Rpb25Qcm92aWRlcpSTlCmBlC4=",
    "SourceConnectionProvider": "gASVTQAAAAAAAACMKXB1bHVtaV9hZXBfc3RyZWFtaW5nLnByb3ZpZGVyLmNvbm5lY3Rpb25zlIwYU291cmNlQ29ubmVjdGlvblByb3ZpZGVylJOUKYGULg==",
    "TargetConnectionProvider": "gASVTQAAAAAAAACMKXB1bHVtaV9hZXBfc3RyZWFtaW5nLnByb3ZpZGVyLmNvbm5lY3Rpb25zlIwYVGFyZ2V0Q29ubmVjdGlvblByb3ZpZGVylJOUKYGULg==",
    "MappingSetProvider": "gASVRwAAAAAAAACMKXB1bHVtaV9hZXBfc3RyZWFtaW5nLnByb3ZpZGVyLm1hcHBpbmdfc2V0lIwSTWFwcGluZ1NldFByb3ZpZGVylJOUKYGULg==",
    "DataflowProvider": "gASVQgAAAAAAAACMJnB1bHVtaV9hZXBfc3RyZWFtaW5nLnByb3ZpZGVyLmRhdGFmbG93lIwQRGF0YWZsb3dQcm92aWRlcpSTlCmBlC4=",
}


SETTINGS = {
    "AEP_ENDPOINT": "http://127.0.0.1:9",
    "AEP_IMS_ENDPOINT": "http://127.0.0.1:9",
    "AEP_CLIENT_ID": "id",
    "AEP_CLIENT_SECRET": "secret",
    "AEP_ORG_ID": "ORG@AdobeOrg",
    "AEP_SANDBOX_NAME": "prod",
    # Offline: asking AEP whether the settings work loads the client (tests/e2e/test_mistakes.py).
    "AEP_SKIP_CREDENTIALS_VALIDATION": "true",
}


def test_every_provider_pickles_by_reference_and_deterministically() -> None:
    for name in provider.PROVIDER_NAMES:
        cls = getattr(provider, name)
        blob = provider_blob(cls())
        assert blob == provider_blob(cls()), name
        raw = base64.b64decode(blob)
        assert len(raw) < 100 and cls.__module__.encode() in raw and name.encode() in raw, name


# Providers added after the first release: no state of theirs was written before.
NEWER = {"IdentityNamespaceProvider", "MergePolicyProvider", "SandboxProvider"}


def test_blobs_stored_by_an_earlier_build_still_load() -> None:
    assert set(STORED_BLOBS) == set(provider.PROVIDER_NAMES) - NEWER
    for name, blob in STORED_BLOBS.items():
        loaded = dill.loads(base64.b64decode(blob))
        assert type(loaded) is getattr(provider, name)
        assert loaded.__dict__ == {}  # no state, no credentials in the pickle


def test_resources_store_a_reference_that_loads_the_provider_in_the_provider_process() -> None:
    for name in provider.PROVIDER_NAMES:
        blob = provider_blob(provider.reference_to(name))
        assert blob == provider_blob(provider.reference_to(name)), name  # deterministic: no diff between runs
        raw = base64.b64decode(blob)
        assert len(raw) < 160 and b"pulumi_aep_streaming.provider.reference" in raw and name.encode() in raw, raw
        assert type(dill.loads(raw)) is getattr(provider, name)


def test_a_program_that_declares_resources_never_imports_pydantic_the_client_or_the_providers() -> None:
    probe = (
        "import sys; from pulumi_aep_streaming import StreamingSource, Schema, Dataflow, AepInputError; "
        "print(sorted(m for m in sys.modules if m in ('httpx', 'pydantic') or m.startswith('pulumi_aep_streaming.provider.')"
        " or m == 'pulumi_aep_streaming.client._client'))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['pulumi_aep_streaming.provider.interface']", loaded


SCHEMA_ID = "https://ns.adobe.com/tenant/schemas/1"
# Valid Args of each kind.
ARGS = {
    "SchemaProvider": resources.SchemaArgs(
        title="t",
        field_groups=["https://ns.adobe.com/xdm/context/profile-personal-details"],
        custom_fields=[resources.SchemaField(path="_acme.tier")],
        identities=[resources.Identity("personalEmail.address", "Email", primary=True)],
        profile_enabled=True,
    ),
    "DatasetProvider": resources.DatasetArgs(name="d", schema_id=SCHEMA_ID),
    "BaseConnectionProvider": resources.BaseConnectionArgs(name="b"),
    "SourceConnectionProvider": resources.SourceConnectionArgs(name="s"),
    "TargetConnectionProvider": resources.TargetConnectionArgs(name="t", dataset_id="d1", schema_id=SCHEMA_ID),
    "MappingSetProvider": resources.MappingSetArgs(
        schema_id=SCHEMA_ID, mappings=[resources.FieldMapping(source="a", destination="person.name.firstName")]
    ),
    "DataflowProvider": resources.DataflowArgs(name="f", source_connection_id="s1", target_connection_id="t1"),
    "IdentityNamespaceProvider": resources.IdentityNamespaceArgs(name="Loyalty", code="Loyalty", id_type="EMAIL"),
    "MergePolicyProvider": resources.MergePolicyArgs(name="Stitched", default=True),
    "SandboxProvider": resources.SandboxArgs(name="pr-1", title="PR 1"),
}
# The inputs a program sends for them: every Args field, each None left out as Pulumi leaves it out.
PROGRAM_INPUTS = {
    name: {
        k: v
        for k, v in _registration.props(DECLARATIONS[name.removesuffix("Provider")], name, args).items()
        if v is not None
    }
    for name, args in ARGS.items()
}
# In a fresh process, as the engine's provider process does: load each provider from its blob,
# check the program's inputs against what the state holds from an earlier check, diff the answer;
# print what was judged and what was loaded.
NO_CHANGE_PROBE = """
import json, sys
import dill, pulumi.dynamic
blobs, stored, sent = json.loads(sys.stdin.read())
judged = {}
for name, olds in stored.items():
    p = dill.loads(bytes.fromhex(blobs[name]))
    result = p.check(olds, sent[name])
    diff = p.diff("id", {**olds, "etag": "e"}, result.inputs)
    judged[name] = [result.inputs == olds, [f.reason for f in result.failures], diff.changes]
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "httpx") or m.startswith(
    ("pulumi_aep_streaming.client._client", "pulumi_aep_streaming.client._models")))
print(json.dumps([judged, loaded]))
"""


def stored_inputs(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, object]]:
    """Each kind's inputs as an earlier check answered and the state holds them (no None values)."""
    for name, value in SETTINGS.items():
        monkeypatch.setenv(name, value)
    # The settings come from these variables, as in the probe's fresh process, not from a stack
    # configuration an earlier test of this process sent.
    monkeypatch.setattr("pulumi_aep_streaming.provider._config._config", {})
    assert set(PROGRAM_INPUTS) == set(provider.PROVIDER_NAMES)
    stored = {}
    for name, raw in PROGRAM_INPUTS.items():
        result = getattr(provider, name)().check({}, raw)
        assert not result.failures, (name, result.failures)
        stored[name] = {k: v for k, v in result.inputs.items() if v is not None}
    return stored


def test_a_no_change_check_and_diff_load_neither_pydantic_nor_the_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """A no-change preview checks and diffs every resource in a fresh provider process: with
    aep:skipCredentialsValidation, that process loads no pydantic and no client, and still judges
    the stack's settings. (Without it, the one settings check of the command loads the client.)"""
    stored = stored_inputs(monkeypatch)
    blobs = {name: base64.b64decode(provider_blob(provider.reference_to(name))).hex() for name in stored}

    def probe() -> tuple[dict[str, list[object]], list[str]]:
        stdin = json.dumps([blobs, stored, PROGRAM_INPUTS])
        out = subprocess.run([sys.executable, "-c", NO_CHANGE_PROBE], input=stdin, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        judged, loaded = json.loads(out.stdout)
        return judged, loaded

    judged, loaded = probe()
    assert judged == {name: [True, [], False] for name in stored}
    assert loaded == []

    monkeypatch.delenv("AEP_ORG_ID")
    judged, loaded = probe()
    missing = "AEP settings are incomplete; missing: org_id (set `pulumi config set aep:orgId ...` or AEP_ORG_ID)"
    assert judged == {name: [True, [missing], False] for name in stored}
    assert loaded == []


def test_a_changed_input_is_validated_again(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, olds in stored_inputs(monkeypatch).items():
        failures = getattr(provider, name)().check(olds, {**PROGRAM_INPUTS[name], "titel": "x"}).failures
        assert [f.property for f in failures] == ["titel"], (name, failures)


def test_an_input_left_out_after_holding_a_value_is_a_change(monkeypatch: pytest.MonkeyPatch) -> None:
    stored_inputs(monkeypatch)
    dataset = provider.DatasetProvider()
    raw = PROGRAM_INPUTS["DatasetProvider"]
    olds = dataset.check({}, {**raw, "tags": {"team": ["data"]}}).inputs
    assert "tags" not in raw
    result = dataset.check(olds, raw)
    assert result.inputs["tags"] == {}
    assert dataset.diff("id", olds, result.inputs).changes
