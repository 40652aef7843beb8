"""Providers pickle by reference, and blobs stored in state by an earlier build still load.

Resources store a ProviderReference (a call naming module and class) so that the program never
imports the providers; states written before that name the class itself, and both must load.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import dill

from pulumi_aep_streaming import provider
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


def test_every_provider_pickles_by_reference_and_deterministically() -> None:
    for name in provider.__all__:
        cls = getattr(provider, name)
        blob = provider_blob(cls())
        assert blob == provider_blob(cls()), name
        raw = base64.b64decode(blob)
        assert len(raw) < 100 and cls.__module__.encode() in raw and name.encode() in raw, name


def test_blobs_stored_by_an_earlier_build_still_load() -> None:
    assert set(STORED_BLOBS) == set(provider.__all__)
    for name, blob in STORED_BLOBS.items():
        loaded = dill.loads(base64.b64decode(blob))
        assert type(loaded) is getattr(provider, name)
        assert loaded.__dict__ == {}  # no state, no credentials in the pickle


def test_resources_store_a_reference_that_loads_the_provider_in_the_provider_process() -> None:
    for name in provider.__all__:
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


def test_the_provider_process_client_loads_httpx_without_its_command_line() -> None:
    """httpx imports its command-line client (click, rich, pygments) when they are installed, as
    they are beside our CLI; the provider's client leaves them out of every command's first call."""
    probe = (
        "import sys; import pulumi_aep_streaming.cli; "  # makes sure rich is installed, then forgets it
        "[sys.modules.pop(m) for m in list(sys.modules) if m.split('.')[0] in ('rich', 'click', 'pygments', 'typer')]; "
        "from pulumi_aep_streaming.provider import _config; aep = _config.client(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'httpx', 'rich', 'click', 'pygments'}))"
    )
    env = {
        **os.environ,
        "AEP_ENDPOINT": "http://127.0.0.1:9",
        "AEP_IMS_ENDPOINT": "http://127.0.0.1:9",
        "AEP_CLIENT_ID": "id",
        "AEP_CLIENT_SECRET": "secret",
        "AEP_ORG_ID": "ORG@AdobeOrg",
        "AEP_SANDBOX_NAME": "prod",
    }
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    assert loaded.stdout.strip() == "['httpx']", loaded
