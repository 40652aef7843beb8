"""Real-Time Customer Profile: /data/core/ups."""

from __future__ import annotations

from pulumi_aep_streaming.emulator.core.routing import ServiceRoute, platform
from pulumi_aep_streaming.emulator.services.profile import handlers as h

POLICIES = h.POLICIES
ENTITIES = "/data/core/ups/access/entities"


def routes() -> list[ServiceRoute]:
    return platform(
        "profile",
        [
            ("GET", POLICIES, h.list_policies),
            ("POST", POLICIES, h.create_policy),
            ("GET", f"{POLICIES}/{{id}}", h.get_policy),
            ("PUT", f"{POLICIES}/{{id}}", h.replace_policy),
            ("PATCH", f"{POLICIES}/{{id}}", h.patch_policy),
            ("DELETE", f"{POLICIES}/{{id}}", h.delete_policy),
            ("GET", ENTITIES, h.get_entity),
            ("POST", ENTITIES, h.get_entities),
            ("DELETE", ENTITIES, h.delete_entity),
        ],
    )
