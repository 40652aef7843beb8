"""Which resource instance an entity belongs to, and where it lives.

The owner of an entity is the resource instance that made it: ``<project>/<stack>/<resource name>``,
which the program sends as the ``owner`` input and check keeps from the first time it saw the
resource (a rename by alias keeps the entity's owner). The provider writes it on the last line of
the entity's description (the one free-text field every kind has in AEP) and strips it again where
it reads the description back, so a program, a diff and a refresh never see it.

State records the owner and the org and sandbox the entity lives in (``org_id``, ``sandbox_name``),
which reads, updates and deletes then use, whatever the stack's configuration says now; check
refuses a configuration that names another place (the message says how to move a stack).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .interface import OWNER as OWNER

# State keys the provider keeps besides the resource's own inputs.
ORG = "org_id"
SANDBOX = "sandbox_name"
PLACE = (ORG, SANDBOX)
# A resource's own input naming its sandbox (default: the stack's aep:sandboxName).
SANDBOX_INPUT = "sandbox"
KEPT = (OWNER, *PLACE)

MARK = "pulumi-owner: "
_MARKED = re.compile(rf"(?:\n\n|\A){MARK}([^\n]+)\Z")


def marked(description: str | None, owner: str | None) -> str | None:
    """The description to store for an entity this owner makes (the program's text, then the mark)."""
    if owner is None:
        return description
    return f"{description}\n\n{MARK}{owner}" if description else f"{MARK}{owner}"


def split(description: str | None) -> tuple[str | None, str | None]:
    """(the program's part of a stored description, the owner it names or None).

    A description that is the mark alone had none from the program: its part is None, as for an
    entity that has no description.
    """
    if description is None:
        return None, None
    found = _MARKED.search(description)
    if found is None:
        return description, None
    return description[: found.start()] or None, found.group(1)


def kept(props: Mapping[str, Any]) -> dict[str, Any]:
    """The provider's own keys in a resource's state."""
    return {k: props[k] for k in KEPT if props.get(k) is not None}


def placement(
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    here: Mapping[str, str | None],
    place: tuple[str, ...] = PLACE,
) -> tuple[dict[str, Any], str | None]:
    """The provider's keys for a checked resource, and why the stack's settings cannot be used for it.

    ``olds`` are the stored inputs (empty for a new resource), ``news`` the program's, ``here`` the
    org and sandbox the stack's settings name now, ``place`` what says where the kind lives (an
    org-wide kind has no sandbox). A resource's own ``sandbox`` input wins (a change of it replaces
    the entity, see the provider's diff), and so does dropping it (back to ``here``); otherwise a
    stored place wins over ``here``, and a different ``here`` is refused, never acted on: the
    entity would otherwise be looked for, updated or made again in a place it is not.
    """
    explicit = news.get(SANDBOX_INPUT) if SANDBOX in place else None
    # A sandbox input the program dropped: back to the stack's sandbox, as the program now says.
    dropped = SANDBOX in place and explicit is None and olds.get(SANDBOX_INPUT) is not None
    keys = {OWNER: olds.get(OWNER) or news.get(OWNER)}
    for key in place:
        keys[key] = olds.get(key) or here.get(key)
    if explicit is not None or dropped:
        keys[SANDBOX] = explicit if explicit is not None else here.get(SANDBOX)
    keys = {k: v for k, v in keys.items() if v is not None}
    settled = {SANDBOX} if explicit is not None or dropped else set()
    moved = [k for k in place if k not in settled and olds.get(k) and here.get(k) and olds[k] != here[k]]
    if not moved:
        return keys, None
    where = f"sandbox {olds.get(SANDBOX)!r} of org {olds.get(ORG)!r}" if SANDBOX in place else f"org {olds.get(ORG)!r}"
    now = f"sandbox {here.get(SANDBOX)!r} of org {here.get(ORG)!r}" if SANDBOX in place else f"org {here.get(ORG)!r}"
    setting = "aep:orgId" if ORG in moved else "aep:sandboxName"
    return keys, (
        f"this resource's entity lives in {where}, but the stack's settings ({setting}) now name {now}. "
        "The provider never writes to one sandbox by ids from another, nor leaves the old entities behind. "
        f"To keep the stack where it is, set {setting} back. To move it: run `pulumi destroy` (it deletes "
        "the entities where they live), then `pulumi up` with the new settings; or keep one stack per "
        "sandbox (`pulumi stack init <sandbox>`); or give the resources a `sandbox` input, which replaces "
        "each entity into that sandbox and deletes the old one"
    )
