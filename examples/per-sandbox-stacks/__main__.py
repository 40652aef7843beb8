"""One program, one stack per AEP sandbox: Pulumi.dev.yaml and Pulumi.prod.yaml point at two sandboxes.

Each stack's entities live in its own sandbox only; promoting a change is `pulumi up -s dev`, then
`pulumi up -s prod`.
"""

import pulumi

from pulumi_aep_streaming import FieldMapping, SchemaField, StreamingSource, StreamingSourceArgs

sandbox = pulumi.Config("aep").require("sandboxName")
source = StreamingSource(
    "signups",
    StreamingSourceArgs(
        display_name=f"Signups ({sandbox})",
        schema_title="Signups",
        fields=[SchemaField("person.name.firstName"), SchemaField("personalEmail.address")],
        mappings=[FieldMapping("name", "person.name.firstName"), FieldMapping("email", "personalEmail.address")],
    ),
)

pulumi.export("sandbox", sandbox)
pulumi.export("inlet_url", source.inlet_url)
pulumi.export("flow_id", source.flow_id)
pulumi.export("dataset_id", source.dataset_id)
