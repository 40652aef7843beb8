"""A package's exported names, each loaded from its module on first use (PEP 562).

Importing a package then costs nothing until a name is used: a Pulumi program that declares
resources never loads the client, and the CLI never loads the emulator's server libraries.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(package: str, modules: Mapping[str, str] | Callable[[], Mapping[str, str]]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: ``modules`` maps each name to its submodule (or
    makes that map, on the first name asked for); ``__all__`` is every name."""
    made: list[Mapping[str, str]] = []

    def names() -> Mapping[str, str]:
        if not made:
            # While the map is being made (importing what it is made from), a name asked of the
            # package is a submodule being imported, never an export.
            made.append({})
            try:
                made[0] = modules() if callable(modules) else modules
            except BaseException:
                made.clear()
                raise
        return made[0]

    def __getattr__(name: str) -> Any:
        if name == "__all__":
            return sorted(names())
        module = names().get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f".{module}", package), name)

    return __getattr__
