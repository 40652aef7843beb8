"""Adobe's Streaming SDK tutorial as code: schema, dataset, source and target connections, mapping
set and dataflow, and the inlet URL a webhook posts to.

Stack config (namespace ``webhooks``): displayName, schemaTitle, mapLoyalty, targetFormat,
enabled. AEP credentials come from ``aep:*`` config or AEP_* variables.
"""

import pulumi

from pulumi_aep_streaming import FieldMapping, SchemaField, StreamingSource, StreamingSourceArgs

config = pulumi.Config("webhooks")
# `_tenant.` stands for the tenant namespace of whichever org the stack uses (resolved at preview).
loyalty = "_tenant.loyalty.tier"

mappings = [
    FieldMapping("firstName", "person.name.firstName"),
    FieldMapping("lastName", "person.name.lastName"),
    FieldMapping("email", "personalEmail.address"),
]
if config.get_bool("mapLoyalty"):
    mappings.append(FieldMapping("upper(tier)", loyalty, source_type="EXPRESSION"))

source = StreamingSource(
    "webhooks",
    StreamingSourceArgs(
        display_name=config.get("displayName") or "Webhook people",
        schema_title=config.get("schemaTitle") or "Webhook people",
        description="People posted by our webhook",
        fields=[
            SchemaField("person.name.firstName"),
            SchemaField("person.name.lastName"),
            SchemaField("personalEmail.address"),
            SchemaField(loyalty, "string", "Loyalty tier"),
        ],
        mappings=mappings,
        target_format=config.get("targetFormat") or "json",
        enabled=config.get_bool("enabled") is not False,
    ),
)

pulumi.export("inlet_url", source.inlet_url)
pulumi.export("flow_id", source.flow_id)
pulumi.export("dataset_id", source.dataset_id)
pulumi.export("schema_id", source.schema_id)
pulumi.export("mapping_set_version", source.mapping_set_version)
