"""The org's sandboxes: which exist and in which state, made, reset and deleted at run time.

A new sandbox is ``creating`` for the emulator's sandbox delay, then ``active``; a deleted one is
``deleting`` for as long, then gone (its name free again); a reset one is ``resetting``. Only an
active sandbox takes API calls (the gateway asks on every request, so the records are held in
memory as well as stored). The sandboxes the settings name exist from the start; the first is
the org's default production sandbox. A sandbox's data goes when its delete or reset is accepted.
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from pulumi_aep_streaming.emulator.core.store import Store
from pulumi_aep_streaming.emulator.settings import EmulatorSettings

# Stored as an org-wide entity: no sandbox holds a sandbox.
KIND = "sandbox"
ORG_WIDE = ""
# Lower-case letters, digits and hyphens (Adobe: "no spaces or special characters").
NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,254}[a-z0-9])?")
TYPES = ("development", "production")
REGION = "VA7"
# When a transition started (epoch seconds): kept in the stored record, never answered.
_SINCE = "_since"
_TRANSITION = "_transition"


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Sandboxes:
    """The sandboxes of the emulator's org, stored and held in memory."""

    def __init__(self, store: Store, settings: EmulatorSettings) -> None:
        self._store = store
        self._settings = settings
        self.delay_seconds = settings.sandbox_delay_seconds
        self._held: dict[str, dict[str, Any]] = {}
        self.load()

    def load(self) -> None:
        """Read the stored sandboxes; add the ones the settings name that are not stored (after a reset
        too, which also sets the delay back to the settings')."""
        self.delay_seconds = self._settings.sandbox_delay_seconds
        org = self._settings.org_id
        self._held = {s["name"]: s for s in self._store.list(KIND, org, ORG_WIDE)}
        for i, name in enumerate(self._settings.sandboxes):
            if name not in self._held:
                kind = "production" if i == 0 or name == "prod" else "development"
                self._put(self._record(name, name.capitalize(), kind, is_default=i == 0, since=0.0))

    def _record(self, name: str, title: str, kind: str, is_default: bool, since: float) -> dict[str, Any]:
        now = _iso(time.time())
        return {
            "id": str(uuid.uuid4()),
            "name": name,
            "title": title,
            "type": kind,
            "region": REGION,
            "isDefault": is_default,
            "etag": 1,
            "createdDate": now,
            "lastModifiedDate": now,
            "createdBy": self._settings.client_id,
            "modifiedBy": self._settings.client_id,
            _TRANSITION: "creating",
            _SINCE: since,
        }

    def _put(self, record: dict[str, Any]) -> None:
        self._store.put(KIND, self._settings.org_id, ORG_WIDE, record["name"], record)
        self._held[record["name"]] = record

    def _state(self, record: dict[str, Any]) -> str | None:
        """The sandbox's state now; None once a delete has run its course."""
        transition = record[_TRANSITION]
        if time.time() < record[_SINCE] + self.delay_seconds:
            return str(transition)
        return None if transition == "deleting" else "active"

    def get(self, org: str, name: str) -> dict[str, Any] | None:
        """The sandbox as the API answers it, or None when there is none by that name."""
        record = self._held.get(name) if org == self._settings.org_id else None
        if record is None:
            return None
        state = self._state(record)
        if state is None:
            self._store.delete(KIND, org, ORG_WIDE, name)
            del self._held[name]
            return None
        return {**{k: v for k, v in record.items() if not k.startswith("_")}, "state": state}

    def state(self, org: str, name: str) -> str | None:
        found = self.get(org, name)
        return None if found is None else str(found["state"])

    def all(self, org: str) -> list[dict[str, Any]]:
        return [s for name in list(self._held) if (s := self.get(org, name)) is not None]

    def active_names(self) -> list[str]:
        return [s["name"] for s in self.all(self._settings.org_id) if s["state"] == "active"]

    def create(self, name: str, title: str, kind: str) -> dict[str, Any]:
        """A new sandbox, ``creating`` for the delay. The caller has checked the name is free."""
        self._put(self._record(name, title, kind, is_default=False, since=time.time()))
        found = self.get(self._settings.org_id, name)
        assert found is not None
        return found

    def retitle(self, name: str, title: str) -> dict[str, Any]:
        record = self._held[name]
        record.update(
            title=title,
            etag=int(record["etag"]) + 1,
            lastModifiedDate=_iso(time.time()),
            modifiedBy=self._settings.client_id,
        )
        self._put(record)
        found = self.get(self._settings.org_id, name)
        assert found is not None
        return found

    def _begin(self, name: str, transition: str) -> None:
        """Start a delete or a reset: the sandbox's data goes now, its state says so for the delay."""
        record = self._held[name]
        self._store.delete_sandbox(self._settings.org_id, name)
        record.update({_TRANSITION: transition, _SINCE: time.time(), "lastModifiedDate": _iso(time.time())})
        self._put(record)

    def delete(self, name: str) -> None:
        self._begin(name, "deleting")

    def reset(self, name: str) -> dict[str, Any]:
        self._begin(name, "resetting")
        found = self.get(self._settings.org_id, name)
        assert found is not None
        return found
