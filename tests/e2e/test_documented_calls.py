"""Every request the provider sends over a whole lifecycle is an operation of Adobe's OpenAPI specs.

The lifecycle of the examples runs through the real CLI against an emulator of its own; the
emulator's request log then holds every (method, path) sent, which must match an operation of
the specs in ../shared/aep-openapi (Adobe's public specs from AdobeDocs/experience-platform-apis).
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
import yaml

from tests.e2e.project import PulumiProject
from tests.e2e.test_lifecycle import aep_config
from tests.support import CLIENT_SECRET, SHARED, SPEC_BASE_PATHS, EmulatorProcess

SPECS = SHARED / "aep-openapi"
if not SPECS.is_dir():
    pytest.skip(f"Adobe's OpenAPI specs are not at {SPECS} (../shared is absent)", allow_module_level=True)
# Calls no spec in the set covers, each with the reason it is allowed.
ALLOWED = {
    # The IMS OAuth server-to-server token (Adobe Developer Console docs); IMS has no OpenAPI spec.
    ("POST", "/ims/token/v3"),
}
METHODS = ("get", "put", "post", "patch", "delete", "head")


def documented_operations() -> list[tuple[str, re.Pattern[str]]]:
    """(METHOD, path regex) for every operation of every spec, parameters matching one segment."""
    out = []
    for spec, base in SPEC_BASE_PATHS.items():
        paths = yaml.safe_load((SPECS / spec).read_text())["paths"]
        for template, item in paths.items():
            pattern = re.escape(base + template.rstrip("/")).replace(r"\{", "{").replace(r"\}", "}")
            regex = re.compile("^" + re.sub(r"{[^}/]+}", "[^/]+", pattern) + "/?$")
            out += [(method.upper(), regex) for method in METHODS if method in item]
    return out


def undocumented(requests: list[dict[str, object]]) -> set[tuple[str, str]]:
    operations = documented_operations()
    sent = {(str(r["method"]), str(r["path"])) for r in requests}
    return {
        (method, path)
        for method, path in sent
        if (method, path) not in ALLOWED and not any(m == method and rx.match(path) for m, rx in operations)
    }


def test_the_checker_knows_an_undocumented_call() -> None:
    mapping_set = "/data/foundation/conversion/mappingSets/0123abc"
    assert undocumented([{"method": "GET", "path": mapping_set}, {"method": "POST", "path": "/ims/token/v3"}]) == set()
    assert undocumented([{"method": "DELETE", "path": mapping_set}]) == {("DELETE", mapping_set)}


def test_a_whole_lifecycle_of_every_example_calls_only_documented_operations(
    pulumi_bin: str, workdir: Path, tmp_path: Path
) -> None:
    emulator = EmulatorProcess(tmp_path / "aep").start()
    try:
        sdk = PulumiProject("streaming-source", workdir, pulumi_bin)
        sdk.init("calls", aep_config(emulator.url, "dev"), {"aep:clientSecret": CLIENT_SECRET})
        sdk.up("calls")
        sdk.run("config", "set", "webhooks:displayName", "Renamed", stack="calls")
        sdk.run("config", "set", "webhooks:mapLoyalty", "true", stack="calls")
        sdk.up("calls")  # an update in place and a new mapping set version
        sdk.run("config", "set", "webhooks:enabled", "false", stack="calls")
        sdk.up("calls")  # a flow action
        sdk.run("refresh", "--yes", stack="calls")
        sdk.run("destroy", "--yes", stack="calls")
        http = PulumiProject("http-api-source", workdir, pulumi_bin)
        http.init("calls", aep_config(emulator.url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
        http.up("calls")
        http.run("refresh", "--yes", stack="calls")
        http.run("destroy", "--yes", stack="calls")
        stacks = PulumiProject("per-sandbox-stacks", workdir, pulumi_bin)
        stacks.run("stack", "init", "dev")  # Pulumi.dev.yaml carries the sandbox
        for key in ("aep:endpoint", "aep:imsEndpoint"):
            stacks.run("config", "set", key, emulator.url, stack="dev")
        stacks.run("config", "set", "--secret", "aep:clientSecret", CLIENT_SECRET, stack="dev")
        stacks.up("dev")
        stacks.run("destroy", "--yes", stack="dev")
        profile = PulumiProject("profile-streaming", workdir, pulumi_bin)
        profile.init("calls", aep_config(emulator.url, "prod"), {"aep:clientSecret": CLIENT_SECRET})
        profile.up("calls")  # namespace, descriptors, union tag, Profile dataset, merge policy
        profile.run("config", "set", "profile:loyaltyCode", "Loyalty", stack="calls")
        profile.run("refresh", "--yes", stack="calls")
        profile.run("destroy", "--yes", stack="calls")
        sandbox = PulumiProject("pull-request-sandbox", workdir, pulumi_bin)
        sandbox.init("pr-7", aep_config(emulator.url, "dev"), {"aep:clientSecret": CLIENT_SECRET})
        sandbox.up("pr-7")  # a sandbox, waited for, and a source inside it
        sandbox.run("config", "set", "preview:title", "Retitled", stack="pr-7")
        sandbox.up("pr-7")
        sandbox.run("refresh", "--yes", stack="pr-7")
        sandbox.run("destroy", "--yes", stack="pr-7")
        sent = httpx.get(f"{emulator.url}/_emulator/requests").json()
    finally:
        emulator.stop()
    assert len(sent) > 40  # the log really holds the lifecycle
    assert {r["method"] for r in sent} >= {"GET", "POST", "PATCH", "PUT", "DELETE"}
    assert undocumented(sent) == set()
