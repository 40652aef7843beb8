"""Who serves the entities a process declares: Python's dynamic provider server (a Python program,
the default), or the provider plugin of a package, where the plugin hosts the components for
programs in other languages (``pulumi_aep_streaming.plugin`` sets it, once, for its process)."""

from __future__ import annotations

_package: str | None = None


def host_as(package: str) -> None:
    """Make every resource declared in this process a custom resource of ``package``'s provider."""
    global _package
    _package = package


def hosting_package() -> str | None:
    """The package whose provider serves this process's entities; None: dynamic providers."""
    return _package
