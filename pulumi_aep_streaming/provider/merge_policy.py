"""MergePolicyProvider: a Real-Time Customer Profile merge policy.

A class has one default policy: making one default takes the flag from the policy that had it. A
refresh does not report that loss as drift of the policy that had it (it keeps ``default`` as
declared and says so), or two stacks that each declare a default would take the flag from each
other on every ``pulumi up``.

A merge policy has no free-text field for the owner's mark: a leftover of an interrupted run is
never taken over (``adopt_id`` takes one over on purpose), and after a lost answer to a create the
policy taken as made is the one with this resource's name and settings that appeared meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pulumi

from pulumi_aep_streaming.declarations import MERGE_POLICY

from . import ownership
from ._base import AepProvider, Candidate, delete_if_present

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient, MergePolicy, MergePolicyInput

    from .inputs import MergePolicyInputs


def _body(inputs: MergePolicyInputs) -> MergePolicyInput:
    from pulumi_aep_streaming.client import MergePolicyInput

    merge: dict[str, Any] = {"type": inputs.attribute_merge}
    if inputs.dataset_order:
        merge["order"] = list(inputs.dataset_order)
    return MergePolicyInput(
        name=inputs.name,
        class_name=inputs.class_name,
        identity_graph=inputs.identity_graph,
        attribute_merge=merge,
        default=inputs.default,
    )


def _held(policy: MergePolicy) -> dict[str, Any]:
    return {
        "name": policy.name,
        "identity_graph": policy.identity_graph.get("type"),
        "attribute_merge": policy.attribute_merge.get("type"),
        "dataset_order": list(policy.attribute_merge.get("order") or []),
        "default": policy.default,
        "class_name": policy.schema_.get("name"),
    }


class MergePolicyProvider(AepProvider["MergePolicyInputs"]):
    kind = "merge policy"
    declaration = MERGE_POLICY
    look_before_create = False

    def _create(self, aep: AepClient, inputs: MergePolicyInputs) -> tuple[str, dict[str, Any]]:
        made = aep.profile.create_merge_policy(_body(inputs))
        return made.id, {"merge_policy_id": made.id}

    def _state(self, aep: AepClient, policy: Any, props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        held = _held(policy)
        if props.get("default") and not policy.default:
            held["default"] = True
            pulumi.log.warn(
                f"merge policy {policy.name!r} is no longer the default of {held['class_name']}: another policy "
                "took the flag. This is not reported as drift, so that two declared defaults do not take it from "
                "each other on every `pulumi up`; to take it back, declare default=False, then True again"
            )
        return held, {"merge_policy_id": policy.id}

    def _update(self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: MergePolicyInputs) -> dict[str, Any]:
        aep.profile.replace_merge_policy(entity_id, _body(news))
        return {"merge_policy_id": entity_id}

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        delete_if_present(aep.profile.delete_merge_policy, entity_id)

    def _get(self, aep: AepClient, entity_id: str) -> Any:
        return aep.profile.find_merge_policy(entity_id)

    def _listing(self, aep: AepClient, inputs: MergePolicyInputs | None) -> Iterable[Any]:
        return aep.profile.merge_policies()

    def _matches(self, entity: Any, inputs: MergePolicyInputs) -> bool:
        held = _held(entity)
        return all(held[k] == v for k, v in inputs.model_dump(include=set(held)).items())

    def _candidate(self, entity: Any) -> Candidate:
        # No owner mark: only a lost create's answer (``_candidates``) names an owner.
        return Candidate(entity.id, int((entity.model_extra or {}).get("updateEpoch", 0)) * 1000, None)

    def _candidates(self, aep: AepClient, inputs: MergePolicyInputs) -> list[Candidate]:
        owner = ownership.split(inputs.description)[1]
        return [Candidate(c.id, c.created_ms, owner) for c in super()._candidates(aep, inputs)]
