"""IMS OAuth server-to-server tokens: one per client, shared by all threads, refreshed before expiry,
sent with every platform request as an ``httpx.Auth``."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Generator

import httpx

from ._errors import AepAuthError, AepTransportError, describe
from ._settings import AepSettings

log = logging.getLogger("pulumi_aep_streaming.client")

TOKEN_PATH = "/ims/token/v3"  # noqa: S105 - a URL path, not a password


class TokenProvider(httpx.Auth):
    """Fetches lazily, refreshes before expiry, refetches once when the platform says 401.

    As an ``httpx.Auth`` it adds the platform's headers (the bearer token, API key, org and
    sandbox) to each request it is given, and repeats a request AEP answered 401 once with a new
    token (the old one may have been revoked or expired early). Holding the lock while fetching
    makes concurrent first callers wait for one IMS request. The token is never part of repr,
    str or a log line.
    """

    requires_request_body = True  # a request answered 401 is sent again, body and all

    def __init__(
        self,
        settings: AepSettings,
        post: Callable[[str, dict[str, str]], httpx.Response],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._post = post
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._refresh_at = 0.0
        self.fetch_count = 0

    def __repr__(self) -> str:
        state = "fresh" if self._token and self._clock() < self._refresh_at else "empty"
        return f"TokenProvider(client_id={self._settings.client_id!r}, token={state})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.token()
        request.headers.update(self.headers(token))
        response = yield request
        if response.status_code == 401:
            self.invalidate(token)
            request.headers.update(self.headers(self.token()))
            yield request

    def headers(self, token: str) -> dict[str, str]:
        """What AEP's gateway wants on every call: the token, the API key, the org and the sandbox."""
        s = self._settings
        return {
            "Authorization": f"Bearer {token}",
            "x-api-key": s.client_id,
            "x-gw-ims-org-id": s.org_id,
            "x-sandbox-name": s.sandbox_name,
        }

    def token(self) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._refresh_at:
                self._fetch()
            assert self._token is not None
            return self._token

    def invalidate(self, token: str) -> None:
        """Forget ``token`` if it is still the current one (another thread may have refreshed)."""
        with self._lock:
            if self._token == token:
                self._token = None

    def _fetch(self) -> None:
        s = self._settings
        form = {
            "grant_type": "client_credentials",
            "client_id": s.client_id,
            "client_secret": s.client_secret.get_secret_value(),
            "scope": ",".join(s.scopes),
        }
        url = f"{s.ims_endpoint}{TOKEN_PATH}"
        started = self._clock()
        response = self._post(url, form)
        self.fetch_count += 1
        if response.status_code != 200:
            try:
                body = response.json()
            except ValueError:
                body = response.text
            code, title, detail = describe(body)
            raise AepAuthError(
                status=response.status_code,
                code=code,
                title=title or "IMS token request refused",
                detail=detail,
                request_id=response.headers.get("x-request-id"),
                method="POST",
                path=TOKEN_PATH,
            )
        try:
            payload = response.json()
            token, lifetime = str(payload["access_token"]), float(payload["expires_in"])
        except (ValueError, KeyError, TypeError):
            raise AepTransportError(f"IMS answered {url} without access_token/expires_in") from None
        # Refresh when 10% of the lifetime (at most five minutes) is left, so no call carries a
        # token that expires in flight.
        self._token = token
        self._refresh_at = started + lifetime - min(300.0, lifetime * 0.1)
        log.debug("IMS token obtained for client %s, valid %ss", s.client_id, int(lifetime))
