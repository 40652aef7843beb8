"""Test support: run the real emulator as a process, and talk to it over real HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from pulumi_aep_streaming.client._settings import ENV
from pulumi_aep_streaming.provider._config import CONFIG_KEYS

CLIENT_ID = "emulator-client-id"
CLIENT_SECRET = "emulator-client-secret"
ORG = "EMULATOR@AdobeOrg"
SHARED = Path(__file__).resolve().parents[2] / "shared"
# Each of Adobe's OpenAPI specs in ../shared/aep-openapi, and the base path its paths hang under.
SPEC_BASE_PATHS = {
    "flow-service.yaml": "/data/foundation/flowservice",
    "data-prep.yaml": "/data/foundation/conversion",
    "catalog.yaml": "/data/foundation/catalog",
    "schema-registry.yaml": "/data/foundation/schemaregistry",
    "streaming-ingestion.yaml": "",
    "identity-service.yaml": "/data/core",
    "profile.yaml": "/data/core",
    "sandbox.yaml": "/data/foundation",
}
# Specs of which the emulator serves a part: the paths it serves (the rest answer 404).
SERVED_PATHS = {
    "identity-service.yaml": ("/idnamespace/identities",),
    "profile.yaml": ("/ups/config/mergePolicies", "/ups/access/entities"),
    "sandbox.yaml": ("/sandbox-management",),
}


def aep_settings(url: str, sandbox: str = "prod") -> dict[str, str]:
    """The settings that reach the emulator at ``url``, by AepSettings field name."""
    return {
        "endpoint": url,
        "ims_endpoint": url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "org_id": ORG,
        "sandbox_name": sandbox,
    }


def aep_env(url: str, sandbox: str = "prod") -> dict[str, str]:
    """The AEP_* variables a user exports to reach the emulator at ``url``."""
    return {ENV[name]: value for name, value in aep_settings(url, sandbox).items()}


def aep_stack_config(url: str, sandbox: str = "prod", *, secret: bool = True) -> dict[str, str]:
    """The ``aep:*`` stack config that reaches the emulator; ``secret=False`` leaves out the client
    secret (set apart with ``pulumi config set --secret``)."""
    return {
        CONFIG_KEYS[name]: value
        for name, value in aep_settings(url, sandbox).items()
        if secret or name != "client_secret"
    }


class S3Server:
    """moto's S3 server on a free loopback port, with one empty bucket: a shared ``s3://`` state
    backend for the Pulumi CLI (``backend`` is the URL to log in to, ``env`` what the CLI needs)."""

    def __init__(self, bucket: str = "aep-pulumi-state") -> None:
        self.bucket = bucket
        self.proc: subprocess.Popen[bytes] | None = None
        self.endpoint = ""

    def start(self) -> S3Server:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.put(f"{self.endpoint}/{self.bucket}").raise_for_status()
                return self
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.1)

    @property
    def backend(self) -> str:
        return f"s3://{self.bucket}?endpoint={self.endpoint}&s3ForcePathStyle=true&region=us-east-1"

    @property
    def env(self) -> dict[str, str]:
        return {
            "PULUMI_BACKEND_URL": self.backend,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1",
            "AWS_RESPONSE_CHECKSUM_VALIDATION": "when_required",  # moto answers without checksums
        }

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


class EmulatorProcess:
    """``python -m pulumi_aep_streaming.emulator`` on a free port with its own data dir."""

    def __init__(self, data_dir: Path, *extra: str) -> None:
        self.data_dir = data_dir
        self.extra = extra
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> EmulatorProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # stderr goes to a file: an unread pipe would fill up and block the server.
        self.log = (self.data_dir / "emulator.log").open("a")
        command = [
            sys.executable,
            "-m",
            "pulumi_aep_streaming.emulator",
            "--port",
            "0",
            "--data-dir",
            str(self.data_dir),
        ]
        self.proc = subprocess.Popen(
            [*command, *self.extra],
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            self.proc.kill()
            raise RuntimeError(
                f"emulator did not start: {line!r} {self.proc.stderr.read() if self.proc.stderr else ''}"
            )
        self.url = line.strip().rsplit(" ", 1)[-1]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/_emulator/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("emulator did not become healthy")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.proc is not None
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=15)
        if self.proc.stdout:
            self.proc.stdout.close()
        self.log.close()
        return code

    def kill9(self) -> None:
        self.stop(signal.SIGKILL)


@dataclass
class Aep:
    """A thin, explicit HTTP caller for emulator tests: required headers, nothing clever."""

    url: str
    sandbox: str = "prod"
    org: str = ORG
    token: str = ""
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def fetch_token(self) -> str:
        r = self.http.post(
            f"{self.url}/ims/token/v3",
            data={
                "grant_type": "client_credentials",
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "scope": "openid",
            },
        )
        r.raise_for_status()
        self.token = r.json()["access_token"]
        return self.token

    def headers(self, **extra: str) -> dict[str, str]:
        if not self.token:
            self.fetch_token()
        h = {
            "Authorization": f"Bearer {self.token}",
            "x-api-key": CLIENT_ID,
            "x-gw-ims-org-id": self.org,
            "x-sandbox-name": self.sandbox,
        }
        h.update(extra)
        return h

    def request(
        self, method: str, path: str, *, json: Any = None, headers: dict[str, str] | None = None, **kw: Any
    ) -> httpx.Response:
        h = self.headers(**(headers or {}))
        if json is not None and "Content-Type" not in h:
            h["Content-Type"] = "application/json"
        return self.http.request(method, f"{self.url}{path}", json=json, headers=h, **kw)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.request("POST", path, json=json, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.request("PATCH", path, json=json, **kw)

    def put(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.request("PUT", path, json=json, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", path, **kw)

    def in_sandbox(self, sandbox: str) -> Aep:
        return Aep(self.url, sandbox=sandbox, org=self.org, token=self.token, http=self.http)

    def rows(self, dataset_id: str) -> list[dict[str, Any]]:
        r = self.http.get(f"{self.url}/_emulator/datasets/{dataset_id}/rows", headers={"x-sandbox-name": self.sandbox})
        r.raise_for_status()
        stored: list[dict[str, Any]] = r.json()
        return stored
