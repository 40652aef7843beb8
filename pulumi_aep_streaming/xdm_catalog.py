"""What the package knows offline about Adobe's standard XDM: class and field group ids, and the
field paths they bring. Used to pick field groups and to check mapping destinations at preview
time, without a network call. (The emulator has its own, independent description.)"""

from __future__ import annotations

import re
from dataclasses import dataclass

NS = "https://ns.adobe.com/xdm/context"
PROFILE = f"{NS}/profile"
EXPERIENCE_EVENT = f"{NS}/experienceevent"

CLASS_ALIASES = {"profile": PROFILE, "experienceevent": EXPERIENCE_EVENT, "experience_event": EXPERIENCE_EVENT}
XDM_TYPES = ("string", "integer", "number", "boolean", "date", "date-time")

_NAME = ["courtesyTitle", "firstName", "middleName", "lastName", "fullName", "suffix"]
_ADDRESS = ["street1", "street2", "street3", "city", "stateProvince", "postalCode", "country", "countryCode", "region"]


def _paths(prefix: str, names: list[str], kind: str = "string") -> dict[str, str]:
    return {f"{prefix}.{n}": kind for n in names}


CLASS_FIELDS: dict[str, dict[str, str]] = {
    PROFILE: {
        "_id": "string",
        "personID": "string",
        "createdByBatchID": "string",
        "modifiedByBatchID": "string",
        "repositoryCreatedBy": "string",
        "repositoryLastModifiedBy": "string",
        "_repo.createDate": "date-time",
        "_repo.modifyDate": "date-time",
    },
    EXPERIENCE_EVENT: {
        "_id": "string",
        "timestamp": "date-time",
        "eventType": "string",
        "eventMergeId": "string",
        "producedBy": "string",
    },
}


@dataclass(frozen=True)
class FieldGroupInfo:
    id: str
    title: str
    classes: tuple[str, ...]
    fields: dict[str, str]


def _group(name: str, title: str, classes: tuple[str, ...], fields: dict[str, str]) -> FieldGroupInfo:
    return FieldGroupInfo(f"{NS}/{name}", title, classes, fields)


FIELD_GROUPS: dict[str, FieldGroupInfo] = {
    g.id: g
    for g in (
        _group(
            "identitymap",
            "Identity Map",
            (PROFILE, EXPERIENCE_EVENT),
            {
                "identityMap.*[*].id": "string",
                "identityMap.*[*].primary": "boolean",
                "identityMap.*[*].authenticatedState": "string",
            },
        ),
        _group(
            "profile-person-details",
            "Demographic Details",
            (PROFILE,),
            {
                **_paths("person.name", _NAME),
                "person.birthDate": "date",
                "person.birthDayAndMonth": "string",
                "person.birthYear": "integer",
                "person.gender": "string",
                "person.maritalStatus": "string",
                "person.nationality": "string",
            },
        ),
        _group(
            "profile-personal-details",
            "Personal Contact Details",
            (PROFILE,),
            {
                **_paths("homeAddress", _ADDRESS),
                **_paths("mailingAddress", _ADDRESS),
                "personalEmail.address": "string",
                "personalEmail.status": "string",
                "personalEmail.type": "string",
                **_paths("homePhone", ["number", "status", "validity"]),
                **_paths("mobilePhone", ["number", "status", "validity"]),
                **_paths("faxPhone", ["number", "status", "validity"]),
            },
        ),
        _group(
            "profile-work-details",
            "Professional Details",
            (PROFILE,),
            {
                "workEmail.address": "string",
                **_paths("workPhone", ["number", "status"]),
                **_paths("workAddress", _ADDRESS),
            },
        ),
        _group(
            "experienceevent-web",
            "Web Details",
            (EXPERIENCE_EVENT,),
            {
                "web.webPageDetails.name": "string",
                "web.webPageDetails.URL": "string",
                "web.webPageDetails.pageViews.value": "number",
                "web.webReferrer.URL": "string",
                "web.webReferrer.type": "string",
            },
        ),
    )
}
FIELD_GROUP_ALIASES = {g.id.rsplit("/", 1)[1]: g.id for g in FIELD_GROUPS.values()}

_SEGMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def class_id(value: str) -> str:
    """A class $id from an alias ("profile", "experienceevent") or a full $id."""
    return CLASS_ALIASES.get(value.lower(), value)


def field_group_id(value: str) -> str:
    """A field group $id from its short name ("profile-person-details") or a full $id."""
    return FIELD_GROUP_ALIASES.get(value, value)


def is_custom_path(path: str) -> bool:
    """Custom (tenant) fields live under the tenant namespace ``_<tenant>``; ``_id``/``_repo`` are standard."""
    head = path.split(".", 1)[0]
    return head.startswith("_") and head not in ("_id", "_repo")


def check_custom_path(path: str) -> str | None:
    """Why a custom field path is malformed, or None."""
    parts = path.split(".")
    if len(parts) < 2 or not is_custom_path(path):
        return (
            f"custom field {path!r} must sit under the tenant namespace, e.g. '_tenant.{path.lstrip('_')}' "
            "(_tenant stands for the org's tenant id)"
        )
    bad = [p for p in parts[1:] if not _SEGMENT.match(p)]
    if bad:
        return f"custom field {path!r} has an invalid segment {bad[0]!r} (letters, digits and _ only)"
    return None


def group_for(path: str, klass: str) -> str | None:
    """The standard field group of ``klass`` that defines ``path``, if any."""
    for group in FIELD_GROUPS.values():
        if klass in group.classes and path in group.fields:
            return group.id
    return None


def known_paths(klass: str, field_groups: list[str], custom_fields: dict[str, str]) -> dict[str, str]:
    """Every field path (with its type) of a schema built from these parts."""
    out = dict(CLASS_FIELDS.get(klass, {}))
    for gid in field_groups:
        if gid in FIELD_GROUPS:
            out.update(FIELD_GROUPS[gid].fields)
    out.update(custom_fields)
    return out


def _pattern(known_path: str) -> re.Pattern[str]:
    # "*" in a catalog path stands for any map key (identityMap.<namespace>).
    return re.compile(re.escape(known_path).replace(r"\*", r"[^.\[]+"))


def type_at(destination: str, known: dict[str, str]) -> str | None:
    """The XDM type of the known field a mapping destination names, or None."""
    shape = re.sub(r"\[(\d+|\*)\]", "[*]", destination)
    for path, kind in known.items():
        if _pattern(path.replace("[*]", "\0")).fullmatch(shape.replace("[*]", "\0")):
            return kind
    return None
