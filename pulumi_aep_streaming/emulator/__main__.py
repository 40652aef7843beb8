"""``python -m pulumi_aep_streaming.emulator``: the same as ``aep-streaming emulator serve``."""

import sys

from pulumi_aep_streaming.cli import app

if __name__ == "__main__":
    app(["emulator", "serve", *sys.argv[1:]])
