"""Custom field paths relative to the org's tenant: ``_tenant.loyalty.tier`` stands for
``_<tenant id>.loyalty.tier``.

The tenant namespace belongs to the org, so a program that writes it out cannot serve stacks in
two orgs. Checks resolve ``_tenant.`` with the tenant id AEP answered for the stack's settings
(``_settings_check``), so state, diffs and AEP all hold the real path; a path written with a
literal namespace is checked against the real one at preview instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_aep_streaming.xdm_catalog import is_custom_path

RELATIVE = "_tenant"


def _paths(given: Mapping[str, Any], fields: Mapping[str, str]) -> Iterator[tuple[str, int, dict[str, Any], str]]:
    """(input, index, item, path) for each known path under ``fields`` (input name: item key)."""
    for name, key in fields.items():
        items = given.get(name)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict) and isinstance(item.get(key), str):
                    yield name, i, item, item[key]


def relative(given: Mapping[str, Any], fields: Mapping[str, str]) -> bool:
    """Whether any path is written relative to the tenant."""
    return any(path.startswith(f"{RELATIVE}.") for *_, path in _paths(given, fields))


def resolved(given: Mapping[str, Any], fields: Mapping[str, str], tenant: str) -> dict[str, Any]:
    """``given`` with every ``_tenant.`` path under the org's tenant namespace ``_<tenant>``."""
    out = {
        k: [dict(i) if isinstance(i, dict) else i for i in v] if k in fields and isinstance(v, list) else v
        for k, v in given.items()
    }
    for name, i, _item, path in list(_paths(out, fields)):
        if path.startswith(f"{RELATIVE}."):
            out[name][i][fields[name]] = f"_{tenant}.{path.split('.', 1)[1]}"
    return out


def foreign(given: Mapping[str, Any], fields: Mapping[str, str], tenant: str) -> list[tuple[str, str]]:
    """(input, message) for each custom path under another namespace than the org's tenant."""
    out = []
    for name, i, _item, path in _paths(given, fields):
        if is_custom_path(path) and not path.startswith(f"_{tenant}."):
            rest = path.split(".", 1)[1] if "." in path else path.lstrip("_")
            out.append(
                (
                    name,
                    f"{name}[{i}].{fields[name]}: {path!r} is not under this org's tenant namespace '_{tenant}'; "
                    f"write '{RELATIVE}.{rest}' (the tenant of whichever org the stack uses) or '_{tenant}.{rest}'",
                )
            )
    return out


def relativized(path: str, tenant: str) -> str:
    """``path`` with the org's tenant namespace written as ``_tenant`` (what resolves back to it)."""
    prefix = f"_{tenant}."
    return f"{RELATIVE}.{path.removeprefix(prefix)}" if path.startswith(prefix) else path
