"""StreamingSource.inlet_url into a widely used cloud provider's resource: an AWS SSM parameter
(pulumi-aws's Python SDK, under Pulumi mocks), the way an infra repo hands the URL to a webhook
sender. The source itself runs the real provider code against the emulator."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from pulumi_aep_streaming import FieldMapping, SchemaField, StreamingSource, StreamingSourceArgs
from tests.program.mocks import DynamicAwareMocks, unwrap


@pulumi.runtime.test
def test_the_inlet_url_flows_into_an_ssm_parameter(mocks: DynamicAwareMocks):  # type: ignore[no-untyped-def]
    source = StreamingSource(
        "webhooks",
        StreamingSourceArgs(
            fields=[SchemaField("person.name.firstName")], mappings=[FieldMapping("firstName", "person.name.firstName")]
        ),
    )
    parameter = aws.ssm.Parameter("inlet-url", type="String", value=source.inlet_url)

    def check(values: list) -> None:
        inlet_url, stored = values
        assert inlet_url.startswith("http://127.0.0.1:") and "/collection/" in inlet_url
        assert stored == inlet_url
        typ, inputs = mocks.others["inlet-url"]
        # pulumi-aws marks an SSM parameter's value secret: it reaches the provider wrapped as one.
        assert typ == "aws:ssm/parameter:Parameter" and unwrap(inputs["value"]) == inlet_url

    return pulumi.Output.all(source.inlet_url, parameter.value).apply(check)
