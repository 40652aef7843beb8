"""What every AEP resource provider shares: configuration, validation in check, field-wise diff,
all-or-nothing create with adoption, refresh-friendly read, and 404-tolerant delete.

Provider classes hold no state and take no constructor arguments: a resource stores a
``reference.ProviderReference`` (module and class, about 140 bytes) that makes the instance in the
provider process, and every resource of a type shares that one instance.

Every entity knows its owner, the resource instance that made it, and state knows where the entity
lives (``ownership``). How a create converges after a failure (docs/when-things-fail.md):
before creating, the provider looks for an entity with the resource's natural key and its owner
that an earlier command made and never recorded (an interrupted command, or ``pulumi state
delete``) and takes it over; after a create whose outcome is unknown, it looks for the entity this
very call made. Either way the stack ends with one entity per resource and no orphan. A replace
deletes the old entity before it makes the new one, so the old one is never mistaken for a leftover.
"""

from __future__ import annotations

import contextvars
import functools
import importlib
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.output import Unknown

from pulumi_aep_streaming.client import AepAuthError, AepError, AepNotFoundError, AepTransportError
from pulumi_aep_streaming.declarations import Declaration

from . import _config, _literals, _server, _settings_check, ownership, tenant
from ._deletes import DELETES
from ._listings import EARLIER, READING, READS, Listings, at_most, find, snapshot, start_once, where
from .interface import LITERALS

if TYPE_CHECKING:
    from pydantic import ValidationError

    from pulumi_aep_streaming.client import AepClient, AepSettings

    from .fields import ProviderInputs

# Entities made before this provider process started come from an earlier command: a create of
# this command never made them. (One provider process serves one engine operation.)
PROCESS_STARTED_MS = int(time.time() * 1000)
# How far AEP's clock may be off ours when matching an entity to the create that made it.
CLOCK_SLACK_MS = 5000
# A create whose outcome was unknown and that AEP shows was not carried out is sent again, this often.
CREATE_ATTEMPTS = 4
# A delete AEP refuses while other deletes of this process are in flight is sent again, this often.
DELETE_ATTEMPTS = 3


class AepResourceError(AepError):
    """A provider failure with a message that says what to do (shown to the Pulumi user)."""


@dataclass(frozen=True)
class Candidate:
    """An entity with a resource's natural key, when AEP says it was made (epoch ms), and its owner."""

    id: str
    created_ms: int
    owner: str | None = None

    @classmethod
    def of(cls, entity: Any, created_ms: int) -> Candidate:
        return cls(entity.id, created_ms, ownership.split(entity.description)[1])


def resource_error(error: AepError, doing: str) -> AepResourceError:
    """The short error a Pulumi user sees for ``error``: what failed, AEP's words, the fix.

    Callers raise it ``from None`` in the provider method itself: the engine prints the whole
    traceback, and a shallow one with no chained cause keeps that to a few lines under the message.
    """
    if isinstance(error, AepResourceError):
        return AepResourceError(str(error))
    text = f"{doing} failed: {error}"
    if error.setting:
        text += f". Check the {error.setting} setting: {_config.SOURCES[error.setting]}"
    elif isinstance(error, AepTransportError) or (error.status or 0) >= 500 or error.status == 429:
        text += ". This looks transient: run the command again; it picks up where this one stopped"
    elif isinstance(error, AepAuthError):
        text += (
            ". If aep:clientId, aep:clientSecret or aep:orgId changed since the last `pulumi up`: refresh and "
            "destroy still use the values recorded in the stack's state; run `pulumi up` first, or add "
            "--run-program to `pulumi refresh` / `pulumi destroy` so that they use the current config"
        )
    return AepResourceError(text)


def _is_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(_is_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_is_unknown(v) for v in value)
    return False


def _asks_for(given: dict[str, Any], checked: dict[str, Any]) -> bool:
    """Whether a program's inputs ask for what an earlier check answered: the same values, where the
    answer may also hold the empty {} or [] its model filled in for an input the program left out."""
    return all(k in checked and checked[k] == v for k, v in given.items()) and all(
        k in given or v in ({}, []) for k, v in checked.items()
    )


# A required input arrives without a value only when it is an output of a resource this command
# does not make: the program's Args cannot leave it out.
NO_VALUE = (
    "has no value. It is an output of a resource that this command does not create, which happens with "
    "`pulumi up --target`: add a --target for each resource it depends on, or run `pulumi up` without --target"
)


def _failures(error: ValidationError, unknown: set[str]) -> list[CheckFailure]:
    out = []
    for item in error.errors():
        loc = [str(p) for p in item["loc"]]
        if not loc:
            out.append(CheckFailure("", item["msg"]))
            continue
        if loc[0] in unknown:
            continue  # an unknown (preview) value cannot be judged yet
        where = ".".join(loc)
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = f"unknown property {where!r}; check the spelling against the Args class"
        elif item["type"] == "missing":
            message = NO_VALUE
        elif item["type"] == "bool_type":
            message = f"{message}, not {item['input']!r}: write True or False (read config with get_bool)"
        out.append(CheckFailure(loc[0], f"{where}: {message}"))
    return out


M = TypeVar("M", bound="ProviderInputs")


class AepProvider(ResourceProvider, Generic[M]):
    """Base of the AEP providers. Subclasses declare their fields and implement the hooks.

    The hooks get the validated inputs model ``M`` (the one ``check`` applied: one source of
    defaults); state and AEP's answers stay plain dicts.
    """

    kind: ClassVar[str]
    # The resource's declaration (its inputs, outputs and what replaces). The class in inputs.py that
    # validates the inputs is found by its name (``declaration.model``), not imported, so that a check
    # and diff of an unchanged resource load no pydantic.
    declaration: ClassVar[Declaration]
    # The old entity goes first: its replacement has the same owner, and must not take it over.
    delete_before_replace: ClassVar[bool] = True
    # Id inputs naming another kind's entity (input: provider class), read at check when the program
    # wrote them as literals (``_literals``).
    references: ClassVar[Mapping[str, str]] = {}
    # Inputs holding XDM paths that may be written relative to the tenant (input: item key; ``tenant``).
    tenant_paths: ClassVar[Mapping[str, str]] = {}
    # What state records of where an entity lives: org and sandbox, or the org alone (a sandbox).
    place: ClassVar[tuple[str, ...]] = ownership.PLACE

    # The __provider blob names only this class; there is nothing secret to hide in it.
    serialize_as_secret_always = False

    # -- hooks ----------------------------------------------------------------------------------

    def _create(self, aep: AepClient, inputs: M) -> tuple[str, dict[str, Any]]:
        """Create the entity; answer (id, computed outputs). Must leave nothing behind on failure."""
        raise NotImplementedError

    def _read(
        self, aep: AepClient, entity_id: str, props: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """(inputs as AEP now holds them, computed outputs), or None when the entity is gone."""
        entity = self._find(aep, entity_id)
        return None if entity is None else self._state(aep, entity, props)

    def _state(self, aep: AepClient, entity: Any, props: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """What an entity AEP answered holds: (inputs, computed outputs)."""
        raise NotImplementedError

    def _update(self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: M) -> dict[str, Any]:
        """Apply the changed updatable fields; answer the computed outputs."""
        raise NotImplementedError

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        raise NotImplementedError

    def _listing(self, aep: AepClient, inputs: M | None) -> Iterable[Any]:
        """Entities of this kind: those that may have this resource's natural key (one filtered list
        call), or, with ``inputs`` None, every one in the sandbox (paged)."""
        return ()

    def _matches(self, entity: Any, inputs: M) -> bool:
        """Whether an entity has this resource's natural key (name and the entities it links)."""
        return False

    def _candidate(self, entity: Any) -> Candidate:
        raise NotImplementedError

    def _reference_problem(self, aep: AepClient, name: str, entity: Any, inputs: dict[str, Any]) -> str | None:
        """Why an entity a literal id input names cannot serve this resource, or None."""
        return None

    def _adoptable(self, aep: AepClient, entity_id: str, inputs: dict[str, Any]) -> str | None:
        """Why ``adopt_id`` cannot be adopted (missing, or fields that cannot change differ), or None."""
        current = self._held(aep, entity_id, inputs)
        if current is None:
            return (
                f"adopt_id: there is no {self.kind} {entity_id!r} in sandbox {aep.settings.sandbox_name!r}; fix "
                "the id (an id of another kind, or of another sandbox, is not found here) or remove adopt_id"
            )
        held = current[0]
        clashes = sorted(k for k in self.replace_on if k in inputs and held.get(k) != inputs[k])
        if not clashes:
            return None
        return (
            f"adopt_id: {self.kind} {entity_id!r} has {', '.join(f'{k}={held.get(k)!r}' for k in clashes)}, which "
            "cannot be changed in place; declare the same value, or remove adopt_id to create a new one"
        )

    def _candidates(self, aep: AepClient, inputs: M) -> list[Candidate]:
        """Entities with this resource's natural key, as AEP holds them now."""
        return [self._candidate(e) for e in self._listing(aep, inputs) if self._matches(e, inputs)]

    def _leftover_candidates(self, aep: AepClient, inputs: M) -> list[Candidate]:
        """Entities with this resource's natural key that an earlier command made: from one listing of
        the kind per process (all this process's creates of the kind share it), or asked per resource
        when the sandbox holds too many of the kind to list."""
        earlier = EARLIER.of(where(self.kind, aep), functools.partial(self._earlier, aep))
        if earlier is None:
            return self._candidates(aep, inputs)
        return [self._candidate(e) for e in earlier if self._matches(e, inputs)]

    def _every(self, aep: AepClient) -> list[Any] | None:
        """Every entity of the kind in the sandbox, or None when there are too many to hold."""
        return at_most(self._listing(aep, None))

    def _earlier(self, aep: AepClient) -> list[Any] | None:
        entities = self._every(aep)
        return None if entities is None else [e for e in entities if self._candidate(e).created_ms < PROCESS_STARTED_MS]

    # Kinds whose list answers carry the same entity as a GET by id: a refresh may read from a listing.
    snapshot_reads: ClassVar[bool] = False

    def _get(self, aep: AepClient, entity_id: str) -> Any:
        """The entity as AEP holds it now (a GET), or None when it is gone."""
        raise NotImplementedError

    def _find(self, aep: AepClient, entity_id: str) -> Any:
        """The entity, or None when it is gone (see ``find``)."""
        if not self.snapshot_reads:
            return self._get(aep, entity_id)
        every = self._snapshots(aep)[self.kind]
        return find(where(self.kind, aep), entity_id, every, lambda: self._get(aep, entity_id))

    def _snapshots(self, aep: AepClient) -> Listings:
        """Per kind, the listing a refresh answers this provider's reads from (see ``find``)."""
        return {self.kind: lambda: self._every(aep)} if self.snapshot_reads else {}

    def _read_needs(self, aep: AepClient) -> list[Callable[[], Any]]:
        """Calls besides listings that this provider's reads make once per process."""
        return []

    # Look for an earlier command's leftover before every create; off where AEP itself refuses a
    # duplicate (unique titles) and the provider takes the leftover over on that refusal instead.
    look_before_create: ClassVar[bool] = True

    # -- the ResourceProvider interface ----------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        _server.started()  # the provider process's start-up: the first provider configured in it
        keys = [*_config.CONFIG_KEYS.values(), _config.SKIP_VALIDATION]
        _config.configure({key: str(value) for key in keys if (value := req.config.get(key)) is not None})

    @property
    def replace_on(self) -> frozenset[str]:
        """The inputs whose change replaces the entity."""
        return self.declaration.replace_on

    @property
    def not_diffed(self) -> frozenset[str]:
        """Inputs that only steer how a change is made, never what AEP holds."""
        return self.declaration.not_diffed

    @property
    def inputs_model(self) -> type[M]:
        model: type[M] = getattr(importlib.import_module(f"{__package__}.inputs"), self.declaration.model)
        return model

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        own = ("__provider", LITERALS, *ownership.KEPT)
        given = {k: v for k, v in news.items() if k not in own}
        # Settings first: a stack without credentials fails at preview, every gap named at once.
        settings_problem = _config.settings_problem()
        settings_failures = [CheckFailure("", settings_problem)] if settings_problem else []
        kept, moved = ownership.placement(olds, news, _config.here(), self.place)
        if moved:
            settings_failures.append(CheckFailure(ownership.SANDBOX, moved))
        # Then whether AEP takes them (once per command), which also tells the org's tenant.
        usable = not settings_problem and not moved
        asking = usable and not _config.validation_skipped()
        if usable and (asking or tenant.relative(given, self.tenant_paths)):
            verdict = _settings_check.verdict()
            asking = asking and verdict.problem is None
            if verdict.problem:
                settings_failures.append(CheckFailure("", verdict.problem))
            elif verdict.tenant and self.tenant_paths:
                given = tenant.resolved(given, self.tenant_paths, verdict.tenant)
                foreign = tenant.foreign(given, self.tenant_paths, verdict.tenant)
                settings_failures += [CheckFailure(name, message) for name, message in foreign]
        # A resource's own sandbox is asked about once too; one this command makes first (its name
        # not known yet) holds nothing to ask about.
        sandbox = kept.get(ownership.SANDBOX)
        if asking and ownership.SANDBOX in self.place and sandbox != _config.here()[ownership.SANDBOX]:
            problem = None if _is_unknown(sandbox) else _settings_check.verdict(sandbox).problem
            if problem:
                settings_failures.append(CheckFailure(ownership.SANDBOX_INPUT, problem))
            asking = problem is None and not _is_unknown(sandbox)
        checked = {k: v for k, v in olds.items() if k not in own}
        if _asks_for(given, checked):
            return CheckResult({**checked, **kept}, settings_failures)
        from pydantic import ValidationError

        fields = self.declaration.input_names
        unknown = {k for k, v in given.items() if _is_unknown(v)}
        try:
            model = self.inputs_model.model_validate({k: v for k, v in given.items() if k not in unknown})
        except ValidationError as error:
            # With no failures left, only unknown (preview) values were missing: judge them at up.
            return CheckResult({**given, **kept}, settings_failures + _failures(error, unknown))
        inputs = model.model_dump(mode="json")
        inputs.update({k: given[k] for k in unknown if k in fields})
        settings_failures += self._fixed_changes(olds, inputs) + self._one_way_changes(olds, inputs)
        if asking:  # ids the program wrote out must name entities that can serve
            settings_failures += _literals.failures(self, news.get(LITERALS) or (), inputs, olds, given, sandbox)
            if not olds and not inputs.get("adopt_id"):
                settings_failures += self._new_entity_problems({**inputs, **kept})
        return CheckResult({**inputs, **kept}, settings_failures)

    def _new_entity_problems(self, inputs: dict[str, Any]) -> list[CheckFailure]:
        """Why AEP would refuse to make this new resource's entity, where one read can tell (a unique
        name another entity has, that no leftover of this resource explains). ``inputs`` carry the owner."""
        return []

    def _fixed_changes(self, olds: dict[str, Any], inputs: dict[str, Any]) -> list[CheckFailure]:
        """A change of an input AEP never changes, on an entity AEP cannot delete: neither an update
        nor a replace can make it, so the preview fails."""
        return [
            CheckFailure(
                name,
                f"{name} is {olds[name]!r} in AEP, which never changes a {self.kind}'s {name} and cannot delete a "
                f"{self.kind}, so it is neither updated nor replaced; set {name} back to {olds[name]!r}, or declare "
                f"another resource for {inputs[name]!r}",
            )
            for name in sorted(self.declaration.fixed)
            if olds.get(name) is not None and not _is_unknown(inputs.get(name)) and inputs.get(name) != olds[name]
        ]

    def _one_way_changes(self, olds: dict[str, Any], inputs: dict[str, Any]) -> list[CheckFailure]:
        """Turning off a switch AEP never turns off: an update cannot, and a replace would delete the data
        the entity's datasets hold, so the preview fails."""
        return [
            CheckFailure(
                name,
                f"{name} cannot be turned off: AEP never turns it off for a {self.kind} once on, and replacing the "
                f"{self.kind} would delete the data its datasets hold; set {name}=True again (to stop feeding a "
                "dataset's records to Profile, set profile_enabled=False on the dataset)",
            )
            for name in sorted(self.declaration.one_way)
            if olds.get(name) is True and inputs.get(name) is False
        ]

    def _changed(self, olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
        """The inputs whose new value differs from the one in state (or is not known yet)."""
        keys = set(self.declaration.input_names) - self.not_diffed
        return sorted(k for k in keys if _is_unknown(news.get(k)) or news.get(k) != olds.get(k))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = self._changed(olds, news)
        replaces = [k for k in changed if k in self.replace_on]
        # A new sandbox input (or a Sandbox replaced): the entity is made there and deleted here.
        if ownership.SANDBOX in self.place and olds.get(ownership.SANDBOX):
            sandbox = news.get(ownership.SANDBOX)
            if _is_unknown(sandbox) or (sandbox and sandbox != olds[ownership.SANDBOX]):
                changed.append(ownership.SANDBOX_INPUT)
                replaces.append(ownership.SANDBOX_INPUT)
        # State written by an earlier release does not say where its entity lives: a one-time update
        # records it (``update`` makes no call to AEP for it), so that a refresh or destroy never goes
        # by the settings alone.
        unplaced = any(k not in olds for k in self.place)
        return DiffResult(
            changes=bool(changed) or unplaced,
            replaces=replaces,
            delete_before_replace=self.delete_before_replace if replaces else None,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        READS.clear()
        inputs = self._inputs(props)
        model = self._validated(inputs, "creating")
        try:
            aep = self._client(props)
            start_once("leftovers", lambda: _leftover_plan(aep))
            entity_id, computed = self._converge(aep, self._owned(model, props.get(ownership.OWNER)))
        except AepError as error:
            raise resource_error(error, f"creating the {self.kind}") from None
        return CreateResult(entity_id, {**inputs, **computed})

    def _owned(self, inputs: M, owner: str | None) -> M:
        """The inputs as AEP stores them for an entity this owner makes: the owner marks the description."""
        return inputs.model_copy(update={"description": ownership.marked(inputs.description, owner)})

    def _validated(self, inputs: dict[str, Any], doing: str) -> M:
        """The input model; an input that has no value names the resource it comes from (``--target``)."""
        from pydantic import ValidationError

        try:
            return self.inputs_model.model_validate(
                {k: v for k, v in inputs.items() if k in self.declaration.input_names}
            )
        except ValidationError as error:
            missing = sorted({str(e["loc"][0]) for e in error.errors() if e["type"] == "missing" and e["loc"]})
            if not missing:
                raise
            raise AepResourceError(f"{doing} the {self.kind}: {', '.join(missing)} {NO_VALUE}") from None

    def _client(self, props: dict[str, Any]) -> AepClient:
        """The client for where a resource's state says its entity lives (a new one: the settings)."""
        org, here = props.get(ownership.ORG), _config.here()[ownership.ORG]
        if org and here and org != here:
            raise AepResourceError(
                f"this {self.kind} lives in org {org!r}, but aep:orgId is now {here!r}: set aep:orgId (and the "
                "credentials) back to that org's to refresh or destroy this stack"
            )
        return _config.client(props.get(ownership.SANDBOX))

    def _converge(self, aep: AepClient, inputs: M) -> tuple[str, dict[str, Any]]:
        """Adopt, take over a leftover, or create; after an unknown outcome, find what was made.

        ``inputs`` carry the owner's mark in their description (``_owned``).
        """
        if inputs.adopt_id:
            return inputs.adopt_id, self._adopt(aep, inputs.adopt_id, inputs)
        if self.look_before_create:
            leftover = self._leftover(aep, inputs)
            if leftover is not None:
                pulumi.log.info(
                    f"taking over {self.kind} {leftover}: this resource made it in an earlier command that did not "
                    "record it in the stack (an interrupted `pulumi up`, or `pulumi state delete`)"
                )
                return leftover, self._adopt(aep, leftover, inputs)
        for attempt in range(1, CREATE_ATTEMPTS + 1):
            started_ms = int(time.time() * 1000)
            try:
                return self._create(aep, inputs)
            except AepError as error:
                if not error.outcome_unknown or attempt == CREATE_ATTEMPTS:
                    raise
                failure = error
            # The create may have happened: look before trying again, never duplicate.
            owner = ownership.split(inputs.description)[1]
            try:
                made = [
                    c.id
                    for c in self._candidates(aep, inputs)
                    if c.created_ms >= started_ms - CLOCK_SLACK_MS and c.owner == owner
                ]
            except AepError as error:
                raise AepResourceError(
                    f"creating the {self.kind} failed ({failure}) and AEP could not be asked whether it was made "
                    f"({error}); run `pulumi up` again: it takes over a {self.kind} an interrupted run left behind"
                ) from None
            if len(made) > 1:
                raise AepResourceError(
                    f"creating the {self.kind} failed ({failure}) and AEP shows several new ones: {', '.join(made)}; "
                    f"set adopt_id to the one to keep and delete the others"
                )
            if made:
                pulumi.log.info(f"the answer to creating {self.kind} {made[0]} was lost; AEP shows it was made")
                return made[0], self._adopt(aep, made[0], inputs)
            time.sleep(min(2.0, 0.25 * 2**attempt))
        raise AssertionError("unreachable")

    def _leftover(self, aep: AepClient, inputs: M) -> str | None:
        """An entity an earlier command made for this resource and never recorded, if there is one:
        one with this resource's owner (entities without one are never taken over)."""
        owner = ownership.split(inputs.description)[1]
        if owner is None:
            return None
        for candidate in self._leftover_candidates(aep, inputs):
            if candidate.owner == owner and candidate.created_ms < PROCESS_STARTED_MS and EARLIER.take(candidate.id):
                return candidate.id
        return None

    def _adopt(self, aep: AepClient, entity_id: str, inputs: M, known: dict[str, Any] | None = None) -> dict[str, Any]:
        """Take over an existing entity: make it match the inputs, answer its computed outputs.

        ``known`` adds what the provider already knows of the entity's outputs (a schema's field group).
        """
        wanted = inputs.model_dump(mode="json", exclude_none=True)
        current = self._held(aep, entity_id, {**wanted, **(known or {})})
        if current is None:
            raise AepResourceError(
                f"adopt_id {entity_id!r}: no such {self.kind} in sandbox {aep.settings.sandbox_name}; "
                "fix the id or remove adopt_id to create a new one"
            )
        held, computed = current
        if "description" in self.declaration.input_names:
            wanted["description"] = self._program_description(inputs.description)
        else:  # a kind without one (a merge policy): the owner's mark has nowhere to go
            wanted.pop("description", None)
        clashes = [k for k in self.replace_on if k in wanted and held.get(k) != wanted[k]]
        if clashes:
            raise AepResourceError(
                f"cannot adopt {self.kind} {entity_id}: its {', '.join(sorted(clashes))} differ from the program's "
                f"({', '.join(f'{k}={held.get(k)!r}' for k in sorted(clashes))}) and cannot be changed in place"
            )
        if any(held.get(k) != v for k, v in wanted.items() if k not in self.not_diffed):
            computed = self._update(aep, entity_id, {**held, **computed}, inputs)
        return computed

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        reading = READING.set(True)
        try:
            aep = self._client(props)
            start_once("reads", lambda: _read_plan(aep))
            current = self._held(aep, id_, props)
        except AepError as error:
            raise resource_error(error, f"reading {self.kind} {id_}") from None
        finally:
            READING.reset(reading)
        if current is None:
            return ReadResult(None, {})
        inputs, outputs = self.recorded(aep.settings, *current, props)
        return ReadResult(id_, outputs, inputs)

    def recorded(
        self, where: AepSettings, held: dict[str, Any], computed: dict[str, Any], props: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """What state records of an entity AEP holds as (``held``, ``computed``) in ``where``'s org and
        sandbox: (inputs, outputs). ``props`` is what state held before (a refresh), or nothing (an import)."""
        # Carry forward inputs AEP does not hold (adopt_id, timeouts ...) from the state.
        inputs = {k: props.get(k) for k in self.declaration.input_names}
        inputs.update({k: v for k, v in held.items() if k in self.declaration.input_names})
        inputs = {k: v for k, v in inputs.items() if v is not None}
        # Where it lives: as recorded, or (state of an earlier release) where it was just found.
        found = {ownership.ORG: where.org_id, ownership.SANDBOX: where.sandbox_name}
        inputs.update({k: v for k, v in found.items() if k in self.place})
        inputs.update(ownership.kept(props))
        return inputs, {**inputs, **computed}

    def _held(
        self, aep: AepClient, entity_id: str, props: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """``_read``, with the program's part of the description (the owner's mark is the provider's)."""
        current = self._read(aep, entity_id, props)
        if current is not None and "description" in current[0]:
            current[0]["description"] = self._program_description(current[0]["description"])
        return current

    def _program_description(self, stored: str | None) -> str | None:
        """The program's part of a description (without the owner's mark); none is what the
        resource's Args default to ("" or None)."""
        default = self.declaration.default("description")
        return ownership.split(stored)[0] or (default if isinstance(default, str) else None)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        READS.clear()
        inputs = self._inputs({**news, **ownership.kept(olds)})
        if not self._changed(olds, news):  # only where the entity lives was not recorded (see diff)
            return UpdateResult({**{k: v for k, v in olds.items() if k != "__provider"}, **inputs})
        model = self._owned(self._validated(inputs, "updating"), inputs.get(ownership.OWNER))
        try:
            computed = self._update(self._client(olds), id_, olds, model)
        except AepError as error:
            raise resource_error(error, f"updating {self.kind} {id_}") from None
        return UpdateResult({**inputs, **computed})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        EARLIER.take(id_)  # gone or going: never anybody's leftover
        READS.clear()
        with DELETES.running() as ticket:
            for attempt in range(1, DELETE_ATTEMPTS + 1):
                try:
                    self._delete(self._client(props), id_, props)
                    return
                except AepError as error:
                    # Refused, maybe for an entity whose delete is in flight beside this one: once the
                    # others have ended, again.
                    if error.status in (400, 409) and attempt < DELETE_ATTEMPTS and DELETES.wait_for_others(ticket):
                        continue
                    raise resource_error(error, f"deleting {self.kind} {id_}") from None

    # -- reading without the engine (aep-streaming export) ---------------------------------------

    def current(
        self, aep: AepClient, entity_id: str, props: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The entity as a refresh reads it: (its inputs as AEP holds them, its computed outputs), or
        None when it is gone. ``props`` are what a stack would know of it (a schema's field group)."""
        return self._held(aep, entity_id, props or {})

    def entity(self, aep: AepClient, entity_id: str) -> Any:
        """The entity as AEP holds it (the client's model), or None when it is gone."""
        return self._find(aep, entity_id)

    # -- helpers --------------------------------------------------------------------------------

    def _inputs(self, props: dict[str, Any]) -> dict[str, Any]:
        """The resource's inputs and the provider's own keys (owner, org, sandbox) from ``props``."""
        keys = {*self.declaration.input_names, *ownership.KEPT}
        return {k: v for k, v in props.items() if k in keys and v is not None}


def provider_named(name: str) -> AepProvider[Any]:
    """An instance of the provider class ``name`` (one of ``provider.PROVIDER_NAMES``)."""
    from . import _CLASSES

    provider: AepProvider[Any] = getattr(importlib.import_module(f"{__package__}.{_CLASSES[name]}"), name)()
    return provider


def _every_provider() -> list[AepProvider[Any]]:
    """One instance of each provider class (importing them all: a command meets every kind)."""
    from . import _CLASSES

    return [provider_named(name) for name in _CLASSES]


def _read_plan(aep: AepClient) -> list[Callable[[], Any]]:
    """What the reads of every kind ask once per process: each kind's listing, and the tenant."""
    providers = _every_provider()
    listings = [snapshot(where(kind, aep), every) for p in providers for kind, every in p._snapshots(aep).items()]
    return [*listings, *(call for p in providers for call in p._read_needs(aep))]


def _leftover_plan(aep: AepClient) -> list[Callable[[], Any]]:
    """What the creates of every kind ask once per process: each kind's earlier entities."""
    return [
        functools.partial(EARLIER.of, where(p.kind, aep), functools.partial(p._earlier, aep))
        for p in _every_provider()
        if p.look_before_create
    ]


# Threads for the independent calls of one provider call (the engine's own pool is 4 wide).
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="aep-call")


def concurrently(*calls: Callable[[], Any]) -> list[Any]:
    """The results of independent calls made at the same time, in order (the shared client is
    thread-safe); the first failure is raised once all have finished."""
    futures = [_POOL.submit(contextvars.copy_context().run, call) for call in calls]  # a Read stays a Read
    wait(futures)
    return [f.result() for f in futures]


def delete_if_present(delete: Callable[[str], None], entity_id: str) -> None:
    """Call ``delete(entity_id)``; a 404 for this entity means it is already gone, which is the goal."""
    try:
        delete(entity_id)
    except AepNotFoundError:
        pass


def leftover_error(kind: str, leftovers: list[str], resource_type: str, cause: AepError, cleanup: AepError) -> str:
    """The message after a failed multi-step create whose cleanup failed too: name each leftover."""
    ids = ", ".join(leftovers)
    return (
        f"creating the {kind} failed ({cause}), and deleting what it had made failed too ({cleanup}). "
        f"Left in AEP: {ids}. Run `pulumi up` again: the provider takes over what an interrupted run left "
        f'behind; or take it over explicitly with {resource_type}Args(..., adopt_id="{leftovers[0]}").'
    )
