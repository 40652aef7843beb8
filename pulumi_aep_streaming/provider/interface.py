"""Each resource's interface as plain data: its inputs' names and defaults, its computed outputs' names.

The program declares resources from these (resources.py: Args defaults, output keys), and the
provider's input models (inputs.py) take their defaults from them: one source of defaults, and a
program that only declares resources loads neither pydantic nor the providers (pydantic alone
costs a program about 60 ms, paid again by every preview and up). The providers diff by the input
names (a test holds them to the models' fields), so an unchanged resource loads no model either.
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


# Every resource also sends its owner, the instance that makes its entity (provider/ownership.py).
OWNER = "owner"
# The program's list of a resource's id inputs written as literals (read at check; not stored).
LITERALS = "literal_ids"


def owner_key(project: str, stack: str, resource_name: str) -> str:
    """The owner a resource of this project and stack writes on the entities it makes."""
    return f"{project}/{stack}/{resource_name}"


class Interface:
    # The inputs the provider checks, stores and diffs (its input model's fields, in inputs.py).
    inputs: tuple[str, ...] = ()
    # The computed outputs a resource gets (set to None in the program's props).
    outputs: tuple[str, ...] = ()


class NamedInterface(Interface):
    description = ""


class BaseConnectionInterface(NamedInterface):
    inputs = (
        "adopt_id",
        "name",
        "description",
        "connection_spec_id",
        "data_type",
        "authentication_required",
        "source_id",
        "auth_params",
    )
    outputs = ("inlet_id", "inlet_url", "etag", "state")
    connection_spec_id = HTTP_API_SPEC
    data_type = "xdm"
    authentication_required = False


class SourceConnectionInterface(NamedInterface):
    inputs = (
        "adopt_id",
        "name",
        "description",
        "connection_spec_id",
        "base_connection_id",
        "provider_id",
        "data_format",
        "params",
    )
    outputs = ("etag", "state")
    connection_spec_id = STREAMING_SDK_SPEC
    provider_id = STREAMING_PROVIDER_ID
    data_format = "json"


class TargetConnectionInterface(NamedInterface):
    inputs = ("adopt_id", "name", "description", "dataset_id", "schema_id", "data_format", "schema_content_type")
    outputs = ("etag", "state")
    data_format = "json"
    schema_content_type = XED_FULL


class DataflowInterface(NamedInterface):
    inputs = (
        "adopt_id",
        "name",
        "description",
        "source_connection_id",
        "target_connection_id",
        "flow_spec_id",
        "mapping_set_id",
        "mapping_set_version",
        "enabled",
        "ready_timeout_seconds",
    )
    outputs = ("inlet_url", "state", "etag", "resolved_flow_spec_id")
    mapping_set_version = 0
    enabled = True
    ready_timeout_seconds = 300.0


class DatasetInterface(Interface):
    inputs = ("adopt_id", "name", "description", "schema_id", "tags")
    outputs = ("dataset_id",)
    description = ""


class MappingSetInterface(Interface):
    inputs = ("adopt_id", "schema_id", "mappings", "name", "description")
    outputs = ("version",)


class SchemaInterface(Interface):
    inputs = ("adopt_id", "title", "description", "class_id", "field_groups", "custom_fields", "adopt_by_name")
    outputs = ("schema_id", "alt_id", "version", "tenant_id", "field_group_id")
    description = ""
    class_id = xdm_catalog.PROFILE
    adopt_by_name = False
