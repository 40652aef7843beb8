"""The ``aep`` provider plugin: StreamingSource for Pulumi programs in any language.

``python -m pulumi_aep_streaming.plugin`` is what the engine runs, through the
``pulumi-resource-aep`` launcher that ``aep-streaming plugin install`` puts in its plugin cache.
It serves the package schema (read off the Python API: ``aep:index:StreamingSource`` and its
nested types), constructs the component for YAML, TypeScript and other programs, and serves the
create, read, update and delete of every entity the component declares. A Python program needs
none of this: it imports the package and its dynamic resources directly.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pulumi
from pulumi.provider import ConstructResult, Provider

from pulumi_aep_streaming import __version__
from pulumi_aep_streaming.hosting import host_as

from ._install import PluginInstallError, install
from ._schema import COMPONENT, PACKAGE, package_schema

__all__ = ["PACKAGE", "AepPlugin", "PluginInstallError", "install", "main"]


class AepPlugin(Provider):
    """Hosts StreamingSource under the plugin's package, with the schema read off the Python API."""

    def __init__(self) -> None:
        super().__init__(__version__, json.dumps(package_schema(__version__)))

    def construct(
        self, name: str, resource_type: str, inputs: Any, options: pulumi.ResourceOptions | None = None
    ) -> ConstructResult:
        from ._component import construct  # the component and its resources, once the engine asks

        if resource_type != COMPONENT:
            raise ValueError(f"{resource_type} is not a component of the {PACKAGE} package; it has {COMPONENT}")
        return construct(name, dict(inputs), options)


def main() -> None:
    from ._server import serve

    host_as(PACKAGE)
    serve(AepPlugin(), sys.argv[1:])
