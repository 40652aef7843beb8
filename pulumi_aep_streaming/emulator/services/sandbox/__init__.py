"""Sandbox Management: the sandboxes a caller can use (sandbox.yaml, "List available sandboxes")."""
