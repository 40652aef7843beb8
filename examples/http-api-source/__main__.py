"""Adobe's HTTP API streaming source as code: a base connection owns the inlet; raw JSON records
are mapped by a mapping set into an ExperienceEvent schema."""

import pulumi

from pulumi_aep_streaming import FieldMapping, SchemaField, StreamingSource, StreamingSourceArgs

source = StreamingSource(
    "events",
    StreamingSourceArgs(
        variant="http_api",
        schema_class="experienceevent",
        schema_title="Web events",
        fields=[SchemaField("web.webPageDetails.name"), SchemaField("web.webPageDetails.URL")],
        mappings=[
            FieldMapping("id", "_id"),
            FieldMapping("at", "timestamp"),
            FieldMapping("page", "web.webPageDetails.name"),
            FieldMapping("concat('https://example.com/', path)", "web.webPageDetails.URL", source_type="EXPRESSION"),
            FieldMapping("web.webpagedetails.pageViews", "eventType", source_type="STATIC"),
        ],
    ),
)

pulumi.export("inlet_url", source.inlet_url)
pulumi.export("flow_id", source.flow_id)
pulumi.export("dataset_id", source.dataset_id)
