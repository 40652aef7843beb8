"""The dashboard's HTML: one server-rendered page, inline CSS, a few lines of script that keep it
current. No build step and nothing fetched from elsewhere: it works offline."""

from __future__ import annotations

import datetime
import json
from html import escape
from typing import Any
from urllib.parse import urlencode

from .view import ProfileView, RowsView, SandboxView

REFRESH_MS = 2000

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f5f5f7}
header{background:#1d1d1f;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:baseline}
header h1{font-size:18px;margin:0}header a{color:#9cf}header .on{color:#fff;font-weight:bold}
main{padding:16px 24px;display:grid;gap:16px}
section{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px #0002}
h2{font-size:15px;margin:0 0 8px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:12px;word-break:break-all}
pre{background:#f5f5f7;padding:6px 8px;margin:4px 0;font-size:12px;white-space:pre-wrap}
.muted{color:#86868b}h3{font-size:14px;margin:8px 0 4px}header form{margin-left:auto}
"""

# Every few seconds the page fetches itself and swaps in the new <main>: flows, runs, faults and
# rows stay current without a reload (and without losing the scroll position).
_SCRIPT = """
setInterval(async () => {
  try {
    const answer = await fetch(location.href, {cache: "no-store"});
    if (!answer.ok) return;
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
    document.querySelector("main").replaceWith(fresh.querySelector("main"));
  } catch (e) { /* the emulator restarting: try again next time */ }
}, REFRESH_MS);
""".replace("REFRESH_MS", str(REFRESH_MS))


def _when(ms: int | None) -> str:
    if not ms:
        return "-"
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _link(sandbox: str, dataset: str | None = None) -> str:
    query = {"sandbox": sandbox, **({"dataset": dataset} if dataset else {})}
    return escape("/_emulator/ui?" + urlencode(query))


def _rows(rows: RowsView | None) -> str:
    if rows is None:
        return '<h2>Rows</h2><p class="muted">No dataset chosen: a flow\'s dataset shows here.</p>'
    body = "".join(f"<pre>{escape(json.dumps(r, indent=1, ensure_ascii=False))}</pre>" for r in rows.latest)
    return (
        f"<h2>Rows of dataset {escape(rows.dataset_name)} <code>{escape(rows.dataset_id)}</code></h2>"
        f'<p><span id="row-count">{rows.total}</span> row(s) stored; the latest {len(rows.latest)}, newest first, '
        f"the page refreshes every {REFRESH_MS // 1000} s.</p>{body or '<p class=muted>None yet.</p>'}"
    )


def _lookup_form(view: SandboxView) -> str:
    """The profile lookup: outside <main>, so that the page's refresh never swaps out what is typed."""
    shown = view.profile
    ns, entity_id = (escape(shown.namespace), escape(shown.entity_id)) if shown else ("", "")
    return (
        '<form id="profile-lookup" method="get" action="/_emulator/ui">'
        f'<input type="hidden" name="sandbox" value="{escape(view.sandbox)}">'
        f'Profile: <input name="ns" placeholder="namespace (Email)" value="{ns}" size="14"> '
        f'<input name="id" placeholder="identity (ada@example.com)" value="{entity_id}" size="28"> '
        '<button type="submit">Look up</button></form>'
    )


def _profile(shown: ProfileView | None) -> str:
    if shown is None:
        return (
            '<h2>Profiles</h2><p class="muted">Look a profile up by one of its identities (above): records of '
            "Profile-enabled datasets become profiles.</p>"
        )
    title = f"<h2>Profile of {escape(shown.entity_id)} ({escape(shown.namespace)})</h2>"
    if shown.found is None:
        return f'{title}<p class="muted">{escape(shown.problem or "")}</p>'
    entity = dict(shown.found["entity"])
    graph = entity.pop("identityMap", {})
    identities = _table(
        ["namespace", "identity"],
        [[escape(ns), _code(str(i.get("id")))] for ns, ids in graph.items() for i in ids],
        "No identities.",
    )
    sources = ", ".join(_code(s) for s in shown.found["sources"])
    return (
        f"{title}<p>{len(shown.found['tags'])} record(s) from {sources}; last modified "
        f"{escape(str(shown.found.get('lastModifiedAt')))}.</p><h3>Identity graph</h3>{identities}"
        f"<h3>Merged attributes</h3><pre>{escape(json.dumps(entity, indent=1, ensure_ascii=False))}</pre>"
    )


def _table(headers: list[str], rows: list[list[str | int]], empty: str) -> str:
    """A table of cells already escaped (numbers right-aligned), or the ``empty`` note."""
    if not rows:
        return f'<p class="muted">{empty}</p>'
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{c}</td>' if isinstance(c, int) else f"<td>{c}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _effect(fault: dict[str, Any]) -> str:
    if fault.get("kind") == "latency":
        return f"+{fault.get('latency_ms')} ms"
    if fault.get("kind") == "drop":
        return "carried out, answer dropped"
    after = f", Retry-After {fault['retry_after']:g} s" if fault.get("retry_after") is not None else ""
    return f"answers {fault.get('status')}{after}"


def _code(text: str | None) -> str:
    return f"<code>{escape(text)}</code>" if text else "-"


def page(view: SandboxView) -> str:
    tabs = " ".join(
        f'<a href="{_link(s)}" class="{"on" if s == view.sandbox else ""}">{escape(s)}</a>' for s in view.sandboxes
    )
    flows = _table(
        ["flow", "state", "inlet URL", "dataset", "received", "ingested", "failed"],
        [
            [
                f"{escape(f.name)}<br>{_code(f.id)}",
                escape(f.state),
                _code(f.inlet_url),
                f'<a href="{_link(view.sandbox, f.dataset_id)}">{escape(f.dataset_id)}</a>' if f.dataset_id else "-",
                f.received,
                f.ingested,
                f.failed,
            ]
            for f in view.flows
        ],
        "No flows yet: run <code>pulumi up</code>.",
    )
    runs = _table(
        ["run", "flow", "state", "status", "started", "received", "ingested", "failed"],
        [
            [
                _code(r.id),
                escape(r.flow_name),
                escape(r.state),
                escape(r.status),
                _when(r.started_ms),
                r.received,
                r.ingested,
                r.failed,
            ]
            for r in view.runs
        ],
        "No runs yet.",
    )
    faults = _table(
        ["kind", "method", "path", "effect", "rate", "remaining"],
        [
            [
                escape(str(f.get("kind"))),
                escape(str(f.get("method"))),
                _code(str(f.get("path"))),
                escape(_effect(f)),
                escape(str(f.get("rate"))),
                escape(str(f.get("count") or "until cleared")),
            ]
            for f in view.faults
        ],
        "None: every request is answered normally.",
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AEP emulator: {escape(view.sandbox)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>{_STYLE}</style></head>
<body><header><h1>AEP emulator</h1><span>org {_code(view.org)}</span>
<span>tenant {_code(view.tenant)}</span><span>sandboxes: {tabs}</span>{_lookup_form(view)}</header>
<main>
<section id="flows"><h2>Flows in {escape(view.sandbox)} ({len(view.flows)}; {view.datasets} dataset(s))</h2>
{flows}</section>
<section id="runs"><h2>Recent runs</h2>{runs}</section>
<section id="faults"><h2>Fault rules in force</h2>{faults}</section>
<section id="rows">{_rows(view.rows)}</section>
<section id="profiles">{_profile(view.profile)}</section>
</main><script>{_SCRIPT}</script></body></html>
"""
