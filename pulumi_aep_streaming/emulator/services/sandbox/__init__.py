"""Sandbox Management: list, create, retitle, reset and delete the org's sandboxes (sandbox.yaml)."""
