"""The provider judges a stack's settings in every check without building AepSettings (which would
load pydantic): its verdict must be AepSettings' own, for any values."""

from __future__ import annotations

import os
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pulumi_aep_streaming.client import AepConfigError, AepSettings
from pulumi_aep_streaming.provider import _config

VALUES = st.one_of(
    st.none(),
    st.just(""),
    st.sampled_from(["http://127.0.0.1:9", "https://platform.adobe.io/", "platform.adobe.io", "ftp://x", "prod"]),
    st.text(max_size=6),
)


@given(st.fixed_dictionaries(dict.fromkeys(_config.CONFIG_KEYS, VALUES)))
def test_settings_problem_agrees_with_aep_settings(values: dict[str, str | None]) -> None:
    _config.configure({_config.CONFIG_KEYS[name]: v for name, v in values.items() if v is not None})
    without_aep = {k: v for k, v in os.environ.items() if not k.startswith("AEP_")}
    try:
        with mock.patch.dict(os.environ, without_aep, clear=True):
            problem = _config.settings_problem()
    finally:
        _config.configure({})
    try:
        AepSettings.from_values(values, _config.SOURCES)
    except AepConfigError as error:
        assert problem == str(error)
    except ValidationError as error:
        assert problem is not None and problem.startswith("AEP settings are invalid: ")
        assert all(_config.CONFIG_KEYS[str(e["loc"][0])] in problem for e in error.errors())
    else:
        assert problem is None
