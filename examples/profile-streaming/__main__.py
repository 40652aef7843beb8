"""Adobe's "Stream record data" tutorial as code: a custom identity namespace, a Profile schema with
a primary identity, a dataset that feeds Real-Time Customer Profile and the identity graph, a merge
policy that stitches by the graph, and the streaming source whose records become profiles.

Stack config (namespace ``profile``): loyaltyCode, profileEnabled. AEP credentials come from
``aep:*`` config or AEP_* variables.
"""

import pulumi

from pulumi_aep_streaming import (
    FieldMapping,
    Identity,
    IdentityNamespace,
    IdentityNamespaceArgs,
    MergePolicy,
    MergePolicyArgs,
    SchemaField,
    StreamingSource,
    StreamingSourceArgs,
)

config = pulumi.Config("profile")

# A custom namespace for the loyalty program's member ids (AEP keeps it when the stack is destroyed).
loyalty = IdentityNamespace(
    "loyalty",
    IdentityNamespaceArgs(
        name="Loyalty Member ID",
        code=config.get("loyaltyCode") or "Loyalty",
        id_type="CROSS_DEVICE",
        description="Member ids of the loyalty program",
    ),
)

# Lookups stitch every identity a person's records linked (the identity graph); the latest record wins.
policy = MergePolicy(
    "stitched",
    MergePolicyArgs(name="Stitched by identity graph", identity_graph="pdg", default=True),
)

# `_tenant.` stands for the tenant namespace of whichever org the stack uses (resolved at preview).
member_id = "_tenant.loyaltyId"

source = StreamingSource(
    "customers",
    StreamingSourceArgs(
        display_name="Loyalty customers",
        schema_title="Loyalty customers",
        description="Customers posted by the loyalty app",
        fields=[
            SchemaField("person.name.firstName"),
            SchemaField("person.name.lastName"),
            SchemaField("personalEmail.address"),
            SchemaField(member_id, "string", "Loyalty member id"),
        ],
        mappings=[
            FieldMapping("email", "personalEmail.address"),
            FieldMapping("firstName", "person.name.firstName"),
            FieldMapping("lastName", "person.name.lastName"),
            FieldMapping("memberId", member_id),
        ],
        identities=[
            Identity("personalEmail.address", "Email", primary=True),
            Identity(member_id, loyalty.code),
        ],
        profile=config.get_bool("profileEnabled") is not False,
    ),
)

pulumi.export("inlet_url", source.inlet_url)
pulumi.export("dataset_id", source.dataset_id)
pulumi.export("schema_id", source.schema_id)
pulumi.export("flow_id", source.flow_id)
pulumi.export("merge_policy_id", policy.merge_policy_id)
pulumi.export("loyalty_namespace", loyalty.code)
pulumi.export("profile_lookup", source.profile_lookup)
