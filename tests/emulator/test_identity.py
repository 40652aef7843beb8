"""Identity Service namespaces (identity-service.yaml; Experience League's create-custom-namespace guide)."""

from __future__ import annotations

import dataclasses

from tests.emulator.tutorial import ok
from tests.support import Aep

NS = "/data/core/idnamespace/identities"
LOYALTY = {"name": "Loyalty Member ID", "code": "Loyalty", "idType": "Cross_device", "description": "members"}


def test_every_sandbox_sees_the_standard_namespaces_with_their_documented_ids(aep: Aep) -> None:
    listed = {n["code"]: n for n in ok(aep.get(NS), 200)}
    assert {code: listed[code]["id"] for code in ("CORE", "ECID", "Email", "Phone", "TNTID", "AdCloud")} == {
        "CORE": 0,
        "ECID": 4,
        "Email": 6,
        "Phone": 7,
        "TNTID": 9,
        "AdCloud": 411,
    }
    assert listed["Email"]["idType"] == "Email" and listed["Email"]["custom"] is False
    assert ok(aep.get(f"{NS}/4"), 200)["code"] == "ECID"


def test_a_custom_namespace_is_created_read_and_renamed_but_its_code_and_type_never_change(aep: Aep) -> None:
    made = ok(aep.post(NS, LOYALTY), 200)
    assert made["code"] == "Loyalty" and made["idType"] == "CROSS_DEVICE" and made["custom"] is True
    assert made["id"] >= 10_000_000 and made["status"] == "ACTIVE"
    assert ok(aep.get(f"{NS}/{made['id']}"), 200) == made
    assert made in ok(aep.get(NS), 200)

    renamed = ok(aep.put(f"{NS}/{made['id']}", {**LOYALTY, "name": "Loyalty ID", "idType": "CROSS_DEVICE"}), 200)
    assert renamed["name"] == "Loyalty ID" and renamed["code"] == "Loyalty"
    assert ok(aep.put(f"{NS}/{made['id']}", {**LOYALTY, "idType": "cross_DEVICE"}), 200)["idType"] == "CROSS_DEVICE"
    for change in ({"code": "Loyal"}, {"idType": "EMAIL"}):
        refused = aep.put(f"{NS}/{made['id']}", {**LOYALTY, **change})
        assert refused.status_code == 400
        assert refused.json()["report"]["code"] == "INVALID_REQUEST_PARAMS"
    assert aep.put(f"{NS}/6", {"name": "Mail", "code": "Email", "idType": "EMAIL"}).status_code == 400
    assert aep.delete(f"{NS}/{made['id']}").status_code == 405  # AEP cannot delete a namespace


def test_a_taken_code_is_a_conflict_whatever_its_case(aep: Aep) -> None:
    ok(aep.post(NS, LOYALTY), 200)
    for code in ("Loyalty", "LOYALTY", "email"):
        taken = aep.post(NS, {**LOYALTY, "code": code})
        assert taken.status_code == 409, code
        body = taken.json()
        assert body["title"] == "NAMESPACE_CODE_CONFLICT" and body["report"]["code"] == "INTEGRATION_CODE_EXISTS"


def test_bad_namespaces_are_refused_naming_the_field(aep: Aep) -> None:
    for body, says in (
        ({**LOYALTY, "idType": "Shoe size"}, "idType"),
        ({**LOYALTY, "idType": None}, "idType"),
        ({**LOYALTY, "code": "loyalty-id"}, "letters and numbers"),
        ({k: v for k, v in LOYALTY.items() if k != "name"}, "name"),
    ):
        refused = aep.post(NS, body)
        assert refused.status_code == 400 and says in refused.json()["description"], body
    assert aep.get(f"{NS}/123456789").status_code == 404


def test_custom_namespaces_belong_to_their_sandbox(aep: Aep) -> None:
    made = ok(aep.post(NS, LOYALTY), 200)
    dev = dataclasses.replace(aep, sandbox="dev", token=aep.token)
    assert "Loyalty" not in {n["code"] for n in ok(dev.get(NS), 200)}
    assert dev.get(f"{NS}/{made['id']}").status_code == 404
    ok(dev.post(NS, LOYALTY), 200)  # the same code in another sandbox is another namespace
