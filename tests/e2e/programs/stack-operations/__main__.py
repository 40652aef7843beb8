"""A StreamingSource and two standalone resources that nothing refers to (a dataset and an HTTP API
base connection), for the e2e tier that does to a stack what Pulumi users do.

Config (namespace ``ops``): ``renamed`` renames the component and the dataset, with aliases;
``sandbox`` gives every resource that sandbox input (moving them there on purpose).
"""

import pulumi

from pulumi_aep_streaming import (
    BaseConnection,
    BaseConnectionArgs,
    Dataset,
    DatasetArgs,
    FieldMapping,
    SchemaField,
    StreamingSource,
    StreamingSourceArgs,
)

renamed = pulumi.Config("ops").get_bool("renamed") or False
sandbox = pulumi.Config("ops").get("sandbox")


def named(name: str) -> tuple[str, pulumi.ResourceOptions]:
    """The resource's name, and (once renamed) the alias that keeps it the same resource."""
    if not renamed:
        return name, pulumi.ResourceOptions()
    return f"{name}-renamed", pulumi.ResourceOptions(aliases=[pulumi.Alias(name=name)])


name, opts = named("people")
source = StreamingSource(
    name,
    StreamingSourceArgs(
        sandbox=sandbox,
        display_name="People",
        schema_title="Stack operations people",
        fields=[SchemaField("person.name.firstName"), SchemaField("_emulator.loyalty.tier", "string")],
        mappings=[FieldMapping("firstName", "person.name.firstName"), FieldMapping("tier", "_emulator.loyalty.tier")],
    ),
    opts,
)
name, opts = named("archive")
archive = Dataset(name, DatasetArgs(name="Archive", schema_id=source.schema_id, sandbox=sandbox), opts)
hooks = BaseConnection("hooks", BaseConnectionArgs(name="Hooks", sandbox=sandbox))

pulumi.export("inlet_url", source.inlet_url)
pulumi.export("dataset_id", source.dataset_id)
