"""Gateway rules on every platform path and the IMS token endpoint (https://github.com/AdobeDocs/experience-platform.en/blob/main/help/landing/troubleshooting.md and the IMS OAuth server-to-server reference)."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.emulator.tutorial import FS
from tests.support import CLIENT_ID, CLIENT_SECRET, Aep, EmulatorProcess

PATHS = [
    f"{FS}/flows",
    "/data/foundation/catalog/dataSets",
    "/data/foundation/conversion/mappingSets?limit=1&start=0",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    ("drop", "change", "status", "code"),
    [
        ("Authorization", {}, 403, "403010"),
        (None, {"Authorization": "Bearer nope"}, 401, "401013"),
        ("x-api-key", {}, 403, "403000"),
        (None, {"x-api-key": "someone-else"}, 403, "403003"),
        ("x-gw-ims-org-id", {}, 400, "400003"),
        (None, {"x-gw-ims-org-id": "OTHER@AdobeOrg"}, 403, "403025"),
    ],
)
def test_gateway_header_errors(
    aep: Aep, path: str, drop: str | None, change: dict[str, str], status: int, code: str
) -> None:
    headers = {k: v for k, v in aep.headers().items() if k != drop}
    headers.update(change)
    r = httpx.get(f"{aep.url}{path}", headers=headers)
    assert r.status_code == status
    assert r.json()["error_code"] == code
    assert r.json()["message"]


def test_missing_sandbox_header_is_flow_2105(aep: Aep) -> None:
    headers = {k: v for k, v in aep.headers().items() if k != "x-sandbox-name"}
    r = httpx.get(f"{aep.url}{FS}/flows", headers=headers)
    assert r.status_code == 400
    assert r.json()["type"].endswith("FLOW-2105-400")


def test_unknown_sandbox_is_refused(aep: Aep) -> None:
    r = aep.in_sandbox("nowhere").get(f"{FS}/flows")
    assert r.status_code == 404
    assert "nowhere" in r.json()["report"]["detailed-message"]
    r = aep.in_sandbox("nowhere").get("/data/foundation/catalog/dataSets")
    assert r.status_code == 404


def test_write_without_json_content_type(aep: Aep) -> None:
    r = aep.post(f"{FS}/flows", content=b'{"name": "x"}', headers={"Content-Type": "text/plain"})
    assert r.status_code == 400
    assert r.json() == {
        "type": "/placeholder/type/uri",
        "status": 400,
        "title": "BadRequestError",
        "detail": "A valid content-type must be specified",
    }


def test_token_grant_and_oauth_errors(aep: Aep) -> None:
    token_url = f"{aep.url}/ims/token/v3"
    good = {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scope": "openid,AdobeID",
    }
    r = httpx.post(token_url, data=good)
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 86399 and body["access_token"]
    assert httpx.post(token_url, data={**good, "client_secret": "wrong"}).json()["error"] == "invalid_client"
    assert httpx.post(token_url, data={**good, "client_secret": "wrong"}).status_code == 401
    assert httpx.post(token_url, data={**good, "client_id": "who"}).status_code == 400
    assert httpx.post(token_url, data={**good, "grant_type": "password"}).json()["error"] == "unsupported_grant_type"
    missing = httpx.post(token_url, data={"grant_type": "client_credentials"})
    assert missing.status_code == 400 and "client_id" in missing.json()["error_description"]


def test_tokens_expire(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = EmulatorProcess(tmp_path / "d", "--token-ttl", "1").start()
    try:
        caller = Aep(proc.url)
        assert caller.get(f"{FS}/flows").status_code == 200
        time.sleep(1.2)
        r = caller.get(f"{FS}/flows")
        assert r.status_code == 401 and r.json()["error_code"] == "401013"
        caller.fetch_token()
        assert caller.get(f"{FS}/flows").status_code == 200
    finally:
        proc.stop()


def test_stats_count_requests_by_route_template(aep: Aep) -> None:
    aep.get(f"{FS}/flows")
    aep.get(f"{FS}/flows/does-not-exist")
    aep.get(f"{FS}/flows/another")
    stats = httpx.get(f"{aep.url}/_emulator/stats").json()
    assert stats["requests"][f"GET {FS}/flows"] == 1
    assert stats["requests"][f"GET {FS}/flows/{{id}}"] == 2
    assert stats["requests"]["POST /ims/token/v3"] == 1
    assert stats["tokensIssued"] == 1


def test_every_response_carries_a_request_id(aep: Aep) -> None:
    assert aep.get(f"{FS}/flows").headers["x-request-id"]
    assert aep.get(f"{FS}/flows/nope").headers["x-request-id"]


def test_the_org_sandboxes_are_listed_without_a_sandbox_header(aep: Aep) -> None:
    """Sandbox Management's "List available sandboxes" is org-wide: it takes no x-sandbox-name."""
    url = f"{aep.url}/data/foundation/sandbox-management/"
    headers = {k: v for k, v in aep.headers().items() if k != "x-sandbox-name"}
    listed = httpx.get(url, headers=headers)
    assert listed.status_code == 200
    sandboxes = listed.json()["sandboxes"]
    assert sorted(s["name"] for s in sandboxes) == ["dev", "prod"]
    assert all({"name", "title", "state", "type", "region"} <= set(s) for s in sandboxes)
    assert httpx.get(url, headers={**headers, "x-sandbox-name": "nowhere"}).status_code == 200
    other_org = httpx.get(url, headers={**headers, "x-gw-ims-org-id": "OTHER@AdobeOrg"})
    assert other_org.status_code == 403 and other_org.json()["error_code"] == "403025"
