"""Who serves the entities a process declares, and the type tokens they get in a stack.

In a Python program, Python's dynamic provider server: each entity is a dynamic resource,
``pulumi-python:dynamic/aep:<Name>``. Where the package's provider plugin hosts the components for
a program of another language (``pulumi_aep_streaming.plugin`` sets it, once, for its process), the
plugin itself: each entity is a custom resource of the plugin's package, ``aep:index:<Name>``.
"""

from __future__ import annotations

PLUGIN_PACKAGE = "aep"
_package: str | None = None


def host_as(package: str) -> None:
    """Make every resource declared in this process a custom resource of ``package``'s provider."""
    global _package
    _package = package


def hosting_package() -> str | None:
    """The package whose provider serves this process's entities; None: dynamic providers."""
    return _package


def hosted_type(name: str, package: str = PLUGIN_PACKAGE) -> str:
    """The type token of a ``name`` entity the plugin serves."""
    return f"{package}:index:{name}"


def type_tokens(*names: str) -> frozenset[str]:
    """Every type token entities of these names have in a stack, whichever language declared them."""
    return frozenset(t for name in names for t in (f"pulumi-python:dynamic/aep:{name}", hosted_type(name)))
