"""The emulator's dashboard at /_emulator/ui: what a sandbox holds, as a web page."""
