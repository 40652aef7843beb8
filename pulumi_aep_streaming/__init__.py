"""Pulumi resources for Adobe Experience Platform streaming sources, and a local AEP emulator."""

__version__ = "0.1.0"
