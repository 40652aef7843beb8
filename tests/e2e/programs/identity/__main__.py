"""One custom identity namespace, its code, type and name from config (namespace ``ns``)."""

import pulumi

from pulumi_aep_streaming import IdentityNamespace, IdentityNamespaceArgs

config = pulumi.Config("ns")
namespace = IdentityNamespace(
    "loyalty",
    IdentityNamespaceArgs(
        name=config.get("name") or "Loyalty Member ID",
        code=config.get("code") or "Loyalty",
        id_type=config.get("idType") or "CROSS_DEVICE",
    ),
)
pulumi.export("namespace_id", namespace.namespace_id)
