"""The built-in (global) XDM classes and field groups, with their real field paths and types.

A subset of Adobe's standard XDM: enough for the documented tutorial schemas to resolve and for
mapping destinations to be checked. Shapes follow the Schema Registry's ``xed`` format.
"""

from __future__ import annotations

from typing import Any

NS = "https://ns.adobe.com/xdm"
PROFILE = f"{NS}/context/profile"
EXPERIENCE_EVENT = f"{NS}/context/experienceevent"


def _s(title: str, fmt: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"title": title, "type": "string", **extra}
    if fmt:
        out["format"] = fmt
    return out


def _int(title: str, xdm_type: str = "int") -> dict[str, Any]:
    bounds = {"byte": 2**7, "short": 2**15, "int": 2**31, "long": 2**53}[xdm_type]
    return {"title": title, "type": "integer", "meta:xdmType": xdm_type, "minimum": -bounds, "maximum": bounds - 1}


def _obj(title: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {"title": title, "type": "object", "properties": properties}


def _bool(title: str) -> dict[str, Any]:
    return {"title": title, "type": "boolean"}


_REPO = _obj("Repository", {"createDate": _s("Create date", "date-time"), "modifyDate": _s("Modify date", "date-time")})

_PHONE = {
    "number": _s("Number"),
    "status": _s("Status"),
    "primary": _bool("Primary"),
    "validity": _s("Validity"),
}
_ADDRESS = {
    "street1": _s("Street 1"),
    "street2": _s("Street 2"),
    "street3": _s("Street 3"),
    "city": _s("City"),
    "stateProvince": _s("State or province"),
    "postalCode": _s("Postal code"),
    "country": _s("Country"),
    "countryCode": _s("Country code", pattern="^[A-Z]{2}$"),
    "region": _s("Region"),
    "primary": _bool("Primary"),
    "status": _s("Status"),
}
_EMAIL = {"address": _s("Address", "email"), "primary": _bool("Primary"), "status": _s("Status"), "type": _s("Type")}


def _klass(class_id: str, title: str, behavior: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    name = class_id.rsplit("/", 1)[1]
    definition: dict[str, Any] = {"properties": properties}
    if required:
        definition["required"] = required
    return {
        "$id": class_id,
        "meta:altId": f"_xdm.context.{name}",
        "meta:resourceType": "classes",
        "version": "1",
        "title": title,
        "type": "object",
        "meta:extensible": True,
        "meta:abstract": False,
        "meta:behaviors": [behavior],
        "meta:containerId": "global",
        "definitions": {name: definition},
        "allOf": [{"$ref": f"#/definitions/{name}"}],
    }


def _fieldgroup(fg_id: str, title: str, extends: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    name = fg_id.rsplit("/", 1)[1]
    return {
        "$id": fg_id,
        "meta:altId": f"_xdm.context.{name}",  # as documented: hyphens kept
        "meta:resourceType": "mixins",
        "version": "1",
        "title": title,
        "type": "object",
        "meta:intendedToExtend": extends,
        "meta:containerId": "global",
        "definitions": {name: {"properties": properties}},
        "allOf": [{"$ref": f"#/definitions/{name}"}],
    }


_IDENTITY_MAP = {
    "title": "Identity map",
    "type": "object",
    "meta:xdmType": "map",
    "additionalProperties": {
        "type": "array",
        "items": _obj(
            "Identity",
            {
                "id": _s("Identifier"),
                "authenticatedState": _s("Authenticated state", enum=["ambiguous", "authenticated", "loggedOut"]),
                "primary": _bool("Primary"),
            },
        ),
    },
}

CLASSES: dict[str, dict[str, Any]] = {
    PROFILE: _klass(
        PROFILE,
        "XDM Individual Profile",
        "https://ns.adobe.com/xdm/data/record",
        {
            "_id": _s("Identifier", "uri-reference"),
            "_repo": _REPO,
            "createdByBatchID": _s("Created by batch identifier", "uri-reference"),
            "modifiedByBatchID": _s("Modified by batch identifier", "uri-reference"),
            "personID": _s("Person ID"),
            "repositoryCreatedBy": _s("Created by user identifier"),
            "repositoryLastModifiedBy": _s("Modified by user identifier"),
        },
        [],
    ),
    EXPERIENCE_EVENT: _klass(
        EXPERIENCE_EVENT,
        "XDM ExperienceEvent",
        "https://ns.adobe.com/xdm/data/time-series",
        {
            "_id": _s("Identifier"),
            "timestamp": _s("Timestamp", "date-time"),
            "eventType": _s("Event type"),
            "eventMergeId": _s("Event merge ID"),
            "producedBy": _s("Produced by"),
        },
        ["_id", "timestamp"],
    ),
}

FIELD_GROUPS: dict[str, dict[str, Any]] = {
    f"{NS}/context/identitymap": _fieldgroup(
        f"{NS}/context/identitymap", "Identity Map", [PROFILE, EXPERIENCE_EVENT], {"identityMap": _IDENTITY_MAP}
    ),
    f"{NS}/context/profile-person-details": _fieldgroup(
        f"{NS}/context/profile-person-details",
        "Demographic Details",
        [PROFILE],
        {
            "person": _obj(
                "Person",
                {
                    "name": _obj(
                        "Full name",
                        {
                            "courtesyTitle": _s("Courtesy title"),
                            "firstName": _s("First name"),
                            "middleName": _s("Middle name"),
                            "lastName": _s("Last name"),
                            "fullName": _s("Full name"),
                            "suffix": _s("Suffix"),
                        },
                    ),
                    "birthDate": _s("Birth date", "date"),
                    "birthDayAndMonth": _s("Birth day and month", pattern="[0-1][0-9]-[0-9][0-9]"),
                    "birthYear": _int("Birth year", "short"),
                    "gender": _s("Gender", enum=["male", "female", "not_specified", "non_specific"]),
                    "maritalStatus": _s("Marital status"),
                    "nationality": _s("Nationality"),
                },
            )
        },
    ),
    f"{NS}/context/profile-personal-details": _fieldgroup(
        f"{NS}/context/profile-personal-details",
        "Personal Contact Details",
        [PROFILE],
        {
            "homeAddress": _obj("Home address", _ADDRESS),
            "mailingAddress": _obj("Mailing address", _ADDRESS),
            "personalEmail": _obj("Personal email", _EMAIL),
            "homePhone": _obj("Home phone", _PHONE),
            "mobilePhone": _obj("Mobile phone", _PHONE),
            "faxPhone": _obj("Fax phone", _PHONE),
        },
    ),
    f"{NS}/context/profile-work-details": _fieldgroup(
        f"{NS}/context/profile-work-details",
        "Professional Details",
        [PROFILE],
        {
            "workEmail": _obj("Work email", _EMAIL),
            "workPhone": _obj("Work phone", _PHONE),
            "workAddress": _obj("Work address", _ADDRESS),
        },
    ),
    f"{NS}/context/experienceevent-web": _fieldgroup(
        f"{NS}/context/experienceevent-web",
        "Web Details",
        [EXPERIENCE_EVENT],
        {
            "web": _obj(
                "Web",
                {
                    "webPageDetails": _obj(
                        "Web page details",
                        {
                            "name": _s("Name"),
                            "URL": _s("URL", "uri-reference"),
                            "pageViews": _obj("Page views", {"value": {"type": "number", "title": "Value"}}),
                        },
                    ),
                    "webReferrer": _obj("Web referrer", {"URL": _s("URL", "uri-reference"), "type": _s("Type")}),
                },
            )
        },
    ),
}
