"""A provider named by where it lives, for the program side of a deployment.

A dynamic resource stores its provider pickled in ``__provider``. A ``ProviderReference`` pickles
as a call that imports the provider class in the provider process and makes an instance, so the
program itself never imports the providers, the client or httpx (it only declares resources).
The module paths and class names are a stable API: they are written into every stack's state.
"""

from __future__ import annotations

import importlib
from typing import Any


def load(module: str, name: str) -> Any:
    """The provider ``module.name``, made in the process that unpickles a reference to it."""
    return getattr(importlib.import_module(module), name)()


class ProviderReference:
    """Stands for ``module.name`` where pulumi.dynamic.Resource wants a provider instance."""

    # The pickle names a module and a class: nothing secret to hide.
    serialize_as_secret_always = False

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return load, (self.module, self.name)

    def __repr__(self) -> str:
        return f"ProviderReference({self.module}.{self.name})"
