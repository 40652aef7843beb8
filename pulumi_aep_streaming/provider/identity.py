"""IdentityNamespaceProvider: a custom identity namespace (Identity Service).

AEP never changes a namespace's code or type (the declaration marks them fixed: a change fails the
preview) and cannot delete a namespace, so destroy leaves it in AEP and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pulumi
from pulumi.dynamic import CheckFailure

from pulumi_aep_streaming import client
from pulumi_aep_streaming.client import AepError
from pulumi_aep_streaming.declarations import IDENTITY_NAMESPACE

from . import _config, ownership
from ._base import AepProvider, Candidate

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient, IdentityNamespace

    from .inputs import IdentityNamespaceInputs


def _body(inputs: IdentityNamespaceInputs) -> client.IdentityNamespaceInput:
    return client.IdentityNamespaceInput(
        name=inputs.name, code=inputs.code, id_type=inputs.id_type, description=inputs.description
    )


def _held(namespace: IdentityNamespace) -> dict[str, Any]:
    return {
        "name": namespace.name,
        "code": namespace.code,
        "id_type": namespace.id_type.upper(),
        "description": namespace.description or "",
    }


class IdentityNamespaceProvider(AepProvider["IdentityNamespaceInputs"]):
    kind = "identity namespace"
    declaration = IDENTITY_NAMESPACE

    def _new_entity_problems(self, inputs: dict[str, Any]) -> list[CheckFailure]:
        """A code a standard namespace or another of the sandbox has: AEP would answer 409 at up. One
        this resource made in an interrupted run (its owner's mark) is taken over, not refused."""
        code, owner = inputs.get("code"), inputs.get(ownership.OWNER)
        if not isinstance(code, str):
            return []
        aep = _config.client(inputs.get(ownership.SANDBOX))
        try:
            taken = next((n for n in aep.identity.namespaces() if n.code.lower() == code.lower()), None)
        except AepError as error:
            return [CheckFailure("code", f"reading the sandbox's identity namespaces failed ({error})")]
        if taken is None or (taken.custom and owner is not None and ownership.split(taken.description)[1] == owner):
            return []
        what = "a standard namespace" if not taken.custom else f"namespace {taken.name!r} (id {taken.id})"
        fix = (
            "name the standard one by its code in identities instead of declaring it"
            if not taken.custom
            else (f"choose another code, or set adopt_id={str(taken.id)!r} to take that namespace over")
        )
        return [
            CheckFailure("code", f"code {code!r} is taken in sandbox {aep.settings.sandbox_name!r} by {what}; {fix}")
        ]

    def _create(self, aep: AepClient, inputs: IdentityNamespaceInputs) -> tuple[str, dict[str, Any]]:
        made = aep.identity.create_namespace(_body(inputs))
        return str(made.id), {"namespace_id": made.id}

    def _state(self, aep: AepClient, namespace: Any, props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        return _held(namespace), {"namespace_id": namespace.id}

    def _update(
        self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: IdentityNamespaceInputs
    ) -> dict[str, Any]:
        current = aep.identity.namespace(int(entity_id))
        if (current.name, current.description or "") != (news.name, news.description or ""):
            aep.identity.update_namespace(int(entity_id), _body(news))
        return {"namespace_id": current.id}

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        # AEP cannot delete a namespace: destroy only forgets this one, and says so once.
        pulumi.log.info(f"identity namespace {props.get('code') or entity_id} stays in AEP, which cannot delete one")

    def _get(self, aep: AepClient, entity_id: str) -> Any:
        return aep.identity.find_namespace(int(entity_id)) if entity_id.isdigit() else None

    def _listing(self, aep: AepClient, inputs: IdentityNamespaceInputs | None) -> Iterable[Any]:
        return [n for n in aep.identity.namespaces() if n.custom]

    def _matches(self, entity: Any, inputs: IdentityNamespaceInputs) -> bool:
        return bool(entity.code.lower() == inputs.code.lower())

    def _candidate(self, entity: Any) -> Candidate:
        created = int((entity.model_extra or {}).get("createTime", 0))
        return Candidate(str(entity.id), created, ownership.split(entity.description)[1])
