"""``python -m pulumi_aep_streaming.emulator``: the same as ``aep-streaming emulator serve``."""

from pulumi_aep_streaming.emulator.server import main

if __name__ == "__main__":
    main()
