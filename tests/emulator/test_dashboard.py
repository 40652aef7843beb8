"""/_emulator/ui over HTTP: what it lists, names escaped, unknown sandboxes and faults shown."""

from __future__ import annotations

import httpx

from tests.emulator.tutorial import FS, ok, profile_chain, send, streaming_sdk
from tests.support import Aep


def test_the_page_lists_flows_runs_faults_and_the_chosen_datasets_rows(aep: Aep) -> None:
    chain = streaming_sdk(aep, title="<b>People</b>")
    renamed = [{"op": "replace", "path": "/name", "value": "<script>alert(1)</script>"}]
    etag = ok(aep.get(f"{FS}/flows/{chain.flow_id}"), 200)["items"][0]["etag"]
    ok(aep.patch(f"{FS}/flows/{chain.flow_id}", renamed, headers={"If-Match": etag}), 200)
    aep.http.post(chain.inlet_url, json={"firstName": "Ada"}).raise_for_status()
    httpx.post(f"{aep.url}/_emulator/faults", json={"kind": "status", "status": 429, "path": "/x/*", "retry_after": 2})
    page = httpx.get(f"{aep.url}/_emulator/ui", params={"sandbox": "prod", "dataset": chain.dataset_id})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert chain.flow_id in html and chain.inlet_url in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html  # names escaped
    assert "&lt;b&gt;People&lt;/b&gt;" in html
    assert "answers 429, Retry-After 2 s" in html and "/x/*" in html
    assert '<span id="row-count">1</span>' in html and "&quot;Ada&quot;" in html
    assert "http://" not in html.replace(aep.url, "")  # nothing fetched from elsewhere: works offline


def test_an_empty_sandbox_and_an_unknown_one(aep: Aep) -> None:
    empty = httpx.get(f"{aep.url}/_emulator/ui", params={"sandbox": "dev"})
    assert empty.status_code == 200 and "No flows yet" in empty.text and "No dataset chosen" in empty.text
    unknown = httpx.get(f"{aep.url}/_emulator/ui", params={"sandbox": "nope"})
    assert unknown.status_code == 404 and "prod, dev" in unknown.text


def test_the_profiles_view_shows_a_stitched_profile_and_its_identity_graph(aep: Aep) -> None:
    chain = profile_chain(aep)
    send(aep, chain, {"personalEmail": {"address": "ada@example.com"}, "mobilePhone": {"number": "+1 555"}})
    send(aep, chain, {"personalEmail": {"address": "ada@example.com"}, "person": {"name": {"firstName": "<Ada>"}}})
    page = httpx.get(f"{aep.url}/_emulator/ui", params={"sandbox": "prod", "ns": "Phone", "id": "+1 555"}).text
    profile = page.split('<section id="profiles">', 1)[1]
    assert "Profile of +1 555 (Phone)" in profile and "2 record(s)" in profile and chain.dataset_id in profile
    assert "<td>Email</td><td><code>ada@example.com</code></td>" in profile and "<td>Phone</td>" in profile
    assert "&lt;Ada&gt;" in profile and "<Ada>" not in page  # attributes escaped
    assert 'name="ns" placeholder="namespace (Email)" value="Phone"' in page.split("<main>", 1)[0]  # outside <main>
    missing = httpx.get(f"{aep.url}/_emulator/ui", params={"ns": "Email", "id": "nobody@example.com"}).text
    assert "No profile has identity nobody@example.com in namespace Email" in missing
    assert "Look a profile up" in httpx.get(f"{aep.url}/_emulator/ui").text
