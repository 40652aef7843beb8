"""A throwaway development sandbox per pull request, and a streaming source inside it.

The stack makes the sandbox, waits until AEP reports it active, then builds the streaming chain in
it (``sandbox=sandbox.id``); ``pulumi destroy`` deletes the chain, then the sandbox and everything
in it, and waits until it is gone.

Stack config (namespace ``preview``): sandbox (its name, for example ``pr-42``; default: the
stack's name) and title. AEP credentials come from ``aep:*`` config or AEP_* variables;
``aep:sandboxName`` names an existing sandbox, where the stack's settings are checked at preview
(the new sandbox does not exist yet at the first preview).
"""

import pulumi

from pulumi_aep_streaming import (
    FieldMapping,
    Sandbox,
    SandboxArgs,
    SchemaField,
    StreamingSource,
    StreamingSourceArgs,
)

config = pulumi.Config("preview")
name = config.get("sandbox") or pulumi.get_stack()

sandbox = Sandbox("sandbox", SandboxArgs(name=name, title=config.get("title") or f"Preview of {name}"))

source = StreamingSource(
    "webhooks",
    StreamingSourceArgs(
        sandbox=sandbox.id,
        display_name="Webhook people",
        fields=[SchemaField("person.name.firstName"), SchemaField("personalEmail.address")],
        mappings=[
            FieldMapping("firstName", "person.name.firstName"),
            FieldMapping("email", "personalEmail.address"),
        ],
    ),
)

pulumi.export("sandbox", sandbox.name)
pulumi.export("inlet_url", source.inlet_url)
pulumi.export("dataset_id", source.dataset_id)
pulumi.export("flow_id", source.flow_id)
