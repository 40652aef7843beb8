"""A second project of the same infra repo: it reads the streaming source's outputs through a
StackReference (config ``consumer:sourceStack``, e.g. ``organization/streaming-source/dev``) and
uses the inlet URL in a resource of its own."""

import pulumi
from smoke_test import InletSmokeTest

config = pulumi.Config("consumer")
source = pulumi.StackReference(config.require("sourceStack"))
inlet_url = source.require_output("inlet_url")

check = InletSmokeTest("deploy-check", inlet_url, {"firstName": "Deploy", "lastName": "Check"})

pulumi.export("inlet_url", inlet_url)
pulumi.export("deploy_check_xaction", check.xaction_id)
