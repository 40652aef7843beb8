"""IMS OAuth server-to-server: ``POST /ims/token/v3`` (client_credentials, form-encoded)."""

from __future__ import annotations

import secrets
import time
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse

from pulumi_aep_streaming.emulator.core.state import state_of


def _oauth_error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


async def token(request: Request) -> JSONResponse:
    st = state_of(request)
    settings = st.settings
    raw = (await request.body()).decode("utf-8", "replace")
    form = {k: v[0] for k, v in parse_qs(raw).items()}
    # IMS also takes the parameters in the query string (discouraged, but accepted).
    form.update({k: v for k, v in request.query_params.items() if k not in form})
    missing = [p for p in ("grant_type", "client_id", "client_secret") if not form.get(p)]
    if missing:
        return _oauth_error(400, "invalid_request", f"missing required parameter(s): {', '.join(missing)}")
    if form["grant_type"] != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "only client_credentials is supported")
    if form["client_id"] != settings.client_id:
        return _oauth_error(400, "invalid_client", "invalid client_id parameter")
    if not secrets.compare_digest(form["client_secret"], settings.client_secret):
        return _oauth_error(401, "invalid_client", "invalid client_secret parameter")
    access_token = "emu-" + secrets.token_urlsafe(32)
    st.store.add_token(access_token, settings.client_id, settings.org_id, time.time() + settings.token_ttl_seconds)
    st.stats.token_issued()
    return JSONResponse(
        {"access_token": access_token, "token_type": "bearer", "expires_in": settings.token_ttl_seconds}
    )
