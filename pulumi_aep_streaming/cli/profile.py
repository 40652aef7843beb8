"""``aep-streaming profile get``: one merged Real-Time Customer Profile, read by identity."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.syntax import Syntax
from rich.table import Table

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import ProfileEntity


def identities(entity: dict[str, Any]) -> list[str]:
    """``namespace: id`` for each identity of the profile's identity map."""
    found = entity.get("identityMap") or {}
    return [f"{ns}: {i.get('id')}" for ns, ids in found.items() for i in ids if isinstance(i, dict)]


def profile_view(profile: ProfileEntity) -> Group:
    """The profile's ids, identities and sources, then its merged attributes as JSON."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    grid.add_row("profile", profile.entity_id)
    grid.add_row("identities", "\n".join(identities(profile.entity)) or "-")
    grid.add_row("sources", "\n".join(profile.sources) or "-")
    grid.add_row("records", f"{len(profile.tags):,}")
    grid.add_row("last modified", profile.last_modified_at or "-")
    if profile.merge_policy and profile.merge_policy.get("id"):
        grid.add_row("merge policy", str(profile.merge_policy["id"]))
    attributes = {k: v for k, v in profile.entity.items() if k != "identityMap"}
    return Group(grid, Syntax(json.dumps(attributes, indent=2, ensure_ascii=False), "json", word_wrap=True))
