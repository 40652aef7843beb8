"""The ``aep-streaming`` command's entry point: the CLI when its extra is installed, else how to get it."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from pulumi_aep_streaming.cli import app
    except ImportError as missing:
        if missing.name not in ("typer", "rich", "click"):
            raise
        sys.exit(
            f"aep-streaming needs its command-line extra ({missing.name} is not installed): "
            "pip install 'pulumi-aep-streaming[cli]'"
        )
    app()
