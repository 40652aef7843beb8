"""Each resource's interface as plain data: its inputs' defaults and its computed outputs' names.

The program declares resources from these (resources.py: Args defaults, output keys), and the
provider's input models (inputs.py) take their defaults from them: one source of defaults, and a
program that only declares resources loads neither pydantic nor the providers (pydantic alone
costs a program about 60 ms, paid again by every preview and up).
"""

from __future__ import annotations

from pulumi_aep_streaming import xdm_catalog

STREAMING_PROVIDER_ID = "521eee4d-8cbe-4906-bb48-fb6bd4450033"
STREAMING_SDK_SPEC = "e77fd9d2-22a8-11ed-861d-0242ac120002"
HTTP_API_SPEC = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"
DATA_LAKE_SPEC = "c604ff05-7f1a-43c0-8e18-33bf874cb11c"
XED_FULL = "application/vnd.adobe.xed-full+json;version=1"

STREAMING_SDK_FLOW_SPEC = "e77fde5a-22a8-11ed-861d-0242ac120002"
HTTP_API_FLOW_SPEC = "d8a6f005-7eaf-4153-983e-e8574508b877"
HTTP_API_MAPPING_FLOW_SPEC = "c1a19761-d2c7-4702-b9fa-fe91f0613e81"


class Interface:
    # The computed outputs a resource gets (set to None in the program's props).
    outputs: tuple[str, ...] = ()


class NamedInterface(Interface):
    description = ""


class BaseConnectionInterface(NamedInterface):
    outputs = ("inlet_id", "inlet_url", "etag", "state")
    connection_spec_id = HTTP_API_SPEC
    data_type = "xdm"
    authentication_required = False


class SourceConnectionInterface(NamedInterface):
    outputs = ("etag", "state")
    connection_spec_id = STREAMING_SDK_SPEC
    provider_id = STREAMING_PROVIDER_ID
    data_format = "json"


class TargetConnectionInterface(NamedInterface):
    outputs = ("etag", "state")
    data_format = "json"
    schema_content_type = XED_FULL


class DataflowInterface(NamedInterface):
    outputs = ("inlet_url", "state", "etag", "resolved_flow_spec_id")
    mapping_set_version = 0
    enabled = True
    ready_timeout_seconds = 300.0


class DatasetInterface(Interface):
    outputs = ("dataset_id",)
    description = ""


class MappingSetInterface(Interface):
    outputs = ("version",)


class SchemaInterface(Interface):
    outputs = ("schema_id", "alt_id", "version", "tenant_id", "field_group_id")
    description = ""
    class_id = xdm_catalog.PROFILE
    adopt_by_name = False
