from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_settings_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests judge one decision with AEP mocked: checks do not ask AEP whether the settings
    work (``provider/_settings_check.py``) unless a test turns that back on."""
    monkeypatch.setenv("AEP_SKIP_CREDENTIALS_VALIDATION", "true")
