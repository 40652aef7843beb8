"""SandboxProvider: a development sandbox of the org (Sandbox Management, org-wide).

Create asks for the sandbox, then waits, within the resource's ``ready_timeout_seconds``, until AEP
reports it active, saying how long it has waited; one that fails, or is not active in time, is
deleted again (create is all or nothing). Delete deletes the sandbox and everything in it, then
waits until it is gone. Production sandboxes are refused at preview (by type, by name, by
``adopt_id``) and never deleted.

A sandbox has no free-text field for the owner's mark: a leftover of an interrupted run is never
taken over (its name is taken, which the preview reports with the ``adopt_id`` that takes it over),
and after a lost answer to a create the sandbox taken as made is the one with this name that AEP
made meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pulumi
from pulumi.dynamic import CheckFailure

from pulumi_aep_streaming.client import AepError
from pulumi_aep_streaming.declarations import SANDBOX

from . import _config, ownership
from ._base import AepProvider, AepResourceError, Candidate, delete_if_present, leftover_error

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient, Sandbox

    from .inputs import SandboxInputs

# How often a wait says how long it has waited.
PROGRESS_EVERY_SECONDS = 10.0
# What AEP calls a sandbox that is no more (a GET may still answer for it).
GONE = ("deleting", "deleted")


def _production(sandbox: Sandbox) -> str | None:
    """Why a stack must never own this sandbox, or None."""
    if sandbox.is_default:
        return f"sandbox {sandbox.name!r} is the org's default production sandbox"
    if sandbox.type != "development":
        return f"sandbox {sandbox.name!r} is a {sandbox.type} sandbox"
    return None


REFUSED = "a stack makes, adopts and deletes only development sandboxes (deleting a production one deletes live data)"


def _created_ms(sandbox: Sandbox) -> int:
    if not sandbox.created_date:
        return 0
    return int(datetime.fromisoformat(sandbox.created_date.replace("Z", "+00:00")).timestamp() * 1000)


def _wait(what: str, timeout: float, poll: Callable[[], str | None], done: Callable[[str | None], bool]) -> str | None:
    """Poll until ``done(state)``; say every so often how long it has taken; None when out of time."""
    started = time.monotonic()
    said = started
    delay = 0.2
    while True:
        state = poll()
        if done(state):
            return state
        now = time.monotonic()
        if now - started + delay > timeout:
            raise TimeoutError(state)
        if now - said >= PROGRESS_EVERY_SECONDS:
            pulumi.log.info(f"{what}: {state or 'gone'} after {now - started:.0f} s")
            said = now
        time.sleep(delay)
        delay = min(delay * 2, 5.0)


class SandboxProvider(AepProvider["SandboxInputs"]):
    kind = "sandbox"
    declaration = SANDBOX
    place = (ownership.ORG,)
    look_before_create = False

    def _new_entity_problems(self, inputs: dict[str, Any]) -> list[CheckFailure]:
        """A name the org already uses: AEP would answer 409 at up."""
        name = inputs.get("name")
        if not isinstance(name, str):
            return []
        aep = _config.client()
        try:
            taken = self._get(aep, name)
        except AepError as error:
            return [CheckFailure("name", f"reading sandbox {name!r} failed ({error})")]
        if taken is None:
            return []
        why = _production(taken)
        if why:
            return [CheckFailure("name", f"{why}: {REFUSED}; name a new development sandbox")]
        return [
            CheckFailure(
                "name",
                f"sandbox {name!r} already exists in org {aep.settings.org_id!r} (state {taken.state}); choose "
                f"another name, or set adopt_id={name!r} to take it over (destroy would then delete it)",
            )
        ]

    def _adoptable(self, aep: AepClient, entity_id: str, inputs: dict[str, Any]) -> str | None:
        found = self._get(aep, entity_id)
        why = _production(found) if found is not None else None
        if why:
            return f"adopt_id: {why}: {REFUSED}"
        return super()._adoptable(aep, entity_id, inputs)

    def _converge(self, aep: AepClient, inputs: SandboxInputs) -> tuple[str, dict[str, Any]]:
        """Make (or adopt) the sandbox, then wait until it is active; a failed wait deletes it again."""
        name, computed = super()._converge(aep, inputs)
        if computed.get("state") == "active":
            return name, computed
        what = f"sandbox {name} is being made"
        try:
            state = _wait(what, inputs.ready_timeout_seconds, lambda: self._state_of(aep, name), _settled)
            if state == "active":
                found = self._get(aep, name)
                if found is not None:
                    return name, self._computed(found)
            cause: Exception = AepResourceError(f"AEP reports sandbox {name} {state or 'gone'}, not active")
        except TimeoutError as late:
            cause = AepResourceError(
                f"sandbox {name} was not active within {inputs.ready_timeout_seconds:g} s (state {late.args[0]}); "
                "raise ready_timeout_seconds, or check the sandbox in AEP"
            )
        if inputs.adopt_id:
            raise cause
        try:  # all or nothing
            delete_if_present(aep.sandboxes.delete, name)
        except AepError as cleanup:
            raise AepResourceError(
                leftover_error(self.kind, [name], "Sandbox", AepError(str(cause)), cleanup)
            ) from None
        raise AepResourceError(f"{cause}; it was deleted again")

    def _create(self, aep: AepClient, inputs: SandboxInputs) -> tuple[str, dict[str, Any]]:
        from pulumi_aep_streaming.client import SandboxInput

        made = aep.sandboxes.create(SandboxInput(name=inputs.name, title=inputs.title, type=inputs.type))
        return made.name, self._computed(made)

    @staticmethod
    def _computed(sandbox: Sandbox) -> dict[str, Any]:
        return {"state": sandbox.state, "region": sandbox.region}

    def _state_of(self, aep: AepClient, name: str) -> str | None:
        found = aep.sandboxes.find(name)
        return None if found is None else found.state

    def _state(self, aep: AepClient, sandbox: Any, props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        held = {"name": sandbox.name, "title": sandbox.title, "type": sandbox.type}
        return held, self._computed(sandbox)

    def _update(self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: SandboxInputs) -> dict[str, Any]:
        return self._computed(aep.sandboxes.retitle(entity_id, news.title))

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        found = aep.sandboxes.find(entity_id)
        if found is None:
            return
        if found.state not in GONE:
            why = _production(found)
            if why:  # a state edited by hand, or a sandbox made production since: never
                raise AepResourceError(
                    f"not deleting {why}: {REFUSED}. Remove it from the stack with `pulumi state delete`"
                )
            delete_if_present(aep.sandboxes.delete, entity_id)
        timeout = float(props.get("ready_timeout_seconds") or SANDBOX.default("ready_timeout_seconds"))  # type: ignore[arg-type]
        try:
            _wait(f"sandbox {entity_id} is being deleted", timeout, lambda: self._state_of(aep, entity_id), _gone)
        except TimeoutError as late:
            raise AepResourceError(
                f"sandbox {entity_id} was still {late.args[0]} after {timeout:g} s; run `pulumi destroy` again to "
                "wait for it"
            ) from None

    def _get(self, aep: AepClient, entity_id: str) -> Any:
        found = aep.sandboxes.find(entity_id)
        return None if found is None or found.state in GONE else found

    def _listing(self, aep: AepClient, inputs: SandboxInputs | None) -> Iterable[Any]:
        return [s for s in aep.sandboxes.list() if s.state not in GONE]

    def _matches(self, entity: Any, inputs: SandboxInputs) -> bool:
        return bool(entity.name == inputs.name)

    def _candidate(self, entity: Any) -> Candidate:
        return Candidate(entity.name, _created_ms(entity), None)

    def _candidates(self, aep: AepClient, inputs: SandboxInputs) -> list[Candidate]:
        # Only a lost create's answer asks: the sandbox with this name made since is this create's.
        owner = ownership.split(inputs.description)[1]
        return [Candidate(c.id, c.created_ms, owner) for c in super()._candidates(aep, inputs)]


def _settled(state: str | None) -> bool:
    return state in ("active", "failed", None, *GONE)


def _gone(state: str | None) -> bool:
    return state is None or state == "deleted"
