"""``many:count`` StreamingSources, each with its own schema (custom field included) and flow."""

import pulumi

from pulumi_aep_streaming import FieldMapping, SchemaField, StreamingSource, StreamingSourceArgs

count = pulumi.Config("many").get_int("count") or 5
for i in range(count):
    source = StreamingSource(
        f"source{i}",
        StreamingSourceArgs(
            fields=[SchemaField("person.name.firstName"), SchemaField(f"_emulator.source{i}.tier")],
            mappings=[
                FieldMapping("firstName", "person.name.firstName"),
                FieldMapping("upper(tier)", f"_emulator.source{i}.tier", source_type="EXPRESSION"),
            ],
        ),
    )
    pulumi.export(f"flow_id_{i}", source.flow_id)
