"""The stored types of inputs that carry their own rule: a value AEP would refuse fails the check
with the field named and the fix. The declarations name them (``stored``); provider/fields.py uses them.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

from pulumi_aep_streaming import xdm_catalog

SOURCE_TYPES = ("ATTRIBUTE", "EXPRESSION", "STATIC")

_PATH = re.compile(r"^[A-Za-z_@][\w\-@]*(\[(\d+|\*)\])*(\.[A-Za-z_@][\w\-@]*(\[(\d+|\*)\])*)*$")


def is_path(value: str) -> bool:
    """Whether ``value`` is a dotted attribute or XDM field path (``items[0].sku``)."""
    return bool(_PATH.match(value))


def _not_empty(hint: str) -> AfterValidator:
    def check(value: str) -> str:
        if not value.strip():
            raise ValueError(f"must not be empty{hint}")
        return value

    return AfterValidator(check)


def _one_of(allowed: tuple[str, ...], fix: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not supported; {fix}")
        return value

    return AfterValidator(check)


def _data_type(value: str) -> str:
    if value not in ("xdm", "raw"):
        raise ValueError("must be 'xdm' (XDM envelopes) or 'raw' (any JSON, mapped by a mapping set)")
    return value


def _mapping_version(value: int) -> int:
    if value < 0:
        raise ValueError("must be 0 or more (mapping set versions count from 0)")
    return value


def _ready_timeout(value: float) -> float:
    if not 0 < value <= 3600:
        raise ValueError("must be more than 0 and at most 3600 seconds")
    return value


def _dataset_tags(value: dict[str, list[str]]) -> dict[str, list[str]]:
    reserved = [k for k in value if k.lower().startswith("adobe")]
    if reserved:
        raise ValueError(f"tag {reserved[0]!r}: names starting with 'adobe' are reserved by AEP; rename it")
    return value


def _class_id(value: str) -> str:
    resolved = xdm_catalog.class_id(value)
    if resolved not in xdm_catalog.CLASS_FIELDS:
        known = ", ".join(sorted(xdm_catalog.CLASS_ALIASES))
        raise ValueError(f"unknown class {value!r}; use one of {known} or a standard class $id")
    return resolved


def _field_groups(value: list[str]) -> list[str]:
    resolved = [xdm_catalog.field_group_id(v) for v in value]
    unknown = [v for v, r in zip(value, resolved, strict=True) if not r.startswith("https://ns.adobe.com/")]
    if unknown:
        names = ", ".join(sorted(xdm_catalog.FIELD_GROUP_ALIASES))
        raise ValueError(f"unknown field group {unknown[0]!r}; use a $id or one of {names}")
    if len(set(resolved)) != len(resolved):
        raise ValueError("lists a field group twice")
    return resolved


def _custom_path(value: str) -> str:
    problem = xdm_catalog.check_custom_path(value)
    if problem:
        raise ValueError(problem)
    return value


def _xdm_type(value: str) -> str:
    if value not in xdm_catalog.XDM_TYPES:
        raise ValueError(f"type {value!r} is not supported; use one of {', '.join(xdm_catalog.XDM_TYPES)}")
    return value


def _source_type(value: str) -> str:
    upper = value.upper()
    if upper not in SOURCE_TYPES:
        raise ValueError(f"source_type {value!r} is not supported; use ATTRIBUTE, EXPRESSION or STATIC")
    return upper


def _field_path(value: str) -> str:
    if not is_path(value):
        raise ValueError(f"destination {value!r} is not an XDM field path such as 'person.name.firstName'")
    return value


ID_TYPES = ("COOKIE", "CROSS_DEVICE", "DEVICE", "EMAIL", "MOBILE", "NON_PEOPLE", "PHONE")
_CODE = re.compile(r"^[A-Za-z0-9]+$")


def _id_type(value: str) -> str:
    upper = value.upper()
    if upper not in ID_TYPES:
        raise ValueError(f"{value!r} is not an identity type; use one of {', '.join(ID_TYPES)}")
    return upper


def _namespace_code(value: str) -> str:
    if not _CODE.match(value):
        raise ValueError(f"{value!r} may contain only letters and digits (AEP's rule for namespace codes)")
    return value


_SANDBOX_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,254}[a-z0-9])?")


def _sandbox_name(value: str) -> str:
    if not _SANDBOX_NAME.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a sandbox name: use lower-case letters, digits and hyphens, starting and ending "
            "with a letter or digit (for example 'pr-42')"
        )
    return value


def _sandbox_type(value: str) -> str:
    if value != "development":
        raise ValueError(
            f"{value!r} is refused: a stack makes and deletes only development sandboxes (deleting a production "
            "sandbox deletes a business's live data); create production sandboxes in the AEP UI"
        )
    return value


PROFILE_CLASSES = ("_xdm.context.profile", "_xdm.context.experienceevent")


Name = Annotated[str, _not_empty("; give the entity a name")]
IdentityGraph = Annotated[str, _one_of(("pdg", "none"), "use 'pdg' (stitch identities) or 'none'")]
AttributeMerge = Annotated[
    str, _one_of(("timestampOrdered", "dataSetPrecedence"), "use 'timestampOrdered' or 'dataSetPrecedence'")
]
ProfileClass = Annotated[str, _one_of(PROFILE_CLASSES, f"use {' or '.join(PROFILE_CLASSES)}")]
IdType = Annotated[str, AfterValidator(_id_type)]
NamespaceCode = Annotated[str, AfterValidator(_namespace_code)]
SandboxName = Annotated[str, AfterValidator(_sandbox_name)]
SandboxType = Annotated[str, AfterValidator(_sandbox_type)]
DatasetName = Annotated[str, _not_empty("")]
SchemaTitle = Annotated[str, _not_empty("; schema titles are unique per sandbox")]
DataType = Annotated[str, AfterValidator(_data_type)]
SourceFormat = Annotated[str, _one_of(("json",), "streaming sources take 'json'")]
TargetFormat = Annotated[str, _one_of(("json", "parquet_xdm", "delta"), "use json, parquet_xdm or delta")]
MappingVersion = Annotated[int, AfterValidator(_mapping_version)]
ReadyTimeout = Annotated[float, AfterValidator(_ready_timeout)]
DatasetTags = Annotated[dict[str, list[str]], AfterValidator(_dataset_tags)]
ClassId = Annotated[str, AfterValidator(_class_id)]
FieldGroups = Annotated[list[str], AfterValidator(_field_groups)]
CustomPath = Annotated[str, AfterValidator(_custom_path)]
XdmType = Annotated[str, AfterValidator(_xdm_type)]
SourceType = Annotated[str, AfterValidator(_source_type)]
FieldPath = Annotated[str, AfterValidator(_field_path)]
