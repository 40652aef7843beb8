"""AepSettings: explicit or from AEP_* variables; one error listing every missing value."""

from __future__ import annotations

import pytest

from pulumi_aep_streaming.client import DEFAULT_SCOPES, AepConfigError, AepSettings

ENV = {
    "AEP_ENDPOINT": "http://127.0.0.1:9/",
    "AEP_IMS_ENDPOINT": "http://127.0.0.1:9",
    "AEP_CLIENT_ID": "cid",
    "AEP_CLIENT_SECRET": "s3cr3t-value",
    "AEP_ORG_ID": "ORG@AdobeOrg",
    "AEP_SANDBOX_NAME": "dev",
    "AEP_SCOPES": "openid, AdobeID",
}


def test_from_env_reads_every_variable() -> None:
    s = AepSettings.from_env(ENV)
    assert s.endpoint == "http://127.0.0.1:9" and s.ims_endpoint == "http://127.0.0.1:9"
    assert (s.client_id, s.org_id, s.sandbox_name) == ("cid", "ORG@AdobeOrg", "dev")
    assert s.client_secret.get_secret_value() == "s3cr3t-value"
    assert s.scopes == ("openid", "AdobeID")


def test_defaults_and_overrides() -> None:
    env = {k: v for k, v in ENV.items() if k not in ("AEP_ENDPOINT", "AEP_IMS_ENDPOINT", "AEP_SCOPES")}
    s = AepSettings.from_env(env, sandbox_name="prod")
    assert s.endpoint == "https://platform.adobe.io" and s.ims_endpoint == "https://ims-na1.adobelogin.com"
    assert s.scopes == DEFAULT_SCOPES and s.sandbox_name == "prod"


def test_missing_values_are_listed_together_with_where_to_set_them() -> None:
    with pytest.raises(AepConfigError) as err:
        AepSettings.from_env({"AEP_CLIENT_ID": "cid"})
    message = str(err.value)
    for name, var in (
        ("client_secret", "AEP_CLIENT_SECRET"),
        ("org_id", "AEP_ORG_ID"),
        ("sandbox_name", "AEP_SANDBOX_NAME"),
    ):
        assert name in message and var in message
    assert "client_id" not in message.split("missing:")[1]


def test_secret_never_in_repr_or_str() -> None:
    s = AepSettings.from_env(ENV)
    for text in (repr(s), str(s), f"{s}", repr(s.model_dump())):
        assert "s3cr3t-value" not in text


def test_bad_endpoint_is_refused_with_the_field_named() -> None:
    with pytest.raises(ValueError, match="endpoint"):
        AepSettings.from_env({**ENV, "AEP_ENDPOINT": "platform.adobe.io"})
