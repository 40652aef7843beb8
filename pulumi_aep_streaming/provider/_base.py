"""What every AEP resource provider shares: configuration, validation in check, field-wise diff,
all-or-nothing create with adoption, refresh-friendly read, and 404-tolerant delete.

Provider classes hold no state and take no constructor arguments, so each pickles by reference
to ``module.Class`` (about 60 bytes) and every resource of a type shares one provider instance.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

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
from pydantic import BaseModel, ConfigDict, ValidationError

from pulumi_aep_streaming.client import AepClient, AepNotFoundError, AepTransportError

from . import _config


class ProviderInputs(BaseModel):
    """Validated, normalized inputs of one resource (snake_case, as stored in state)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    adopt_id: str | None = None


class AepResourceError(Exception):
    """A provider failure with a message that says what to do (shown to the Pulumi user)."""


def _is_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(_is_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_is_unknown(v) for v in value)
    return False


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
        out.append(CheckFailure(loc[0], f"{where}: {message}"))
    return out


class AepProvider(ResourceProvider):
    """Base of the AEP providers. Subclasses declare their fields and implement the hooks."""

    kind: ClassVar[str]
    inputs_model: ClassVar[type[ProviderInputs]]
    output_keys: ClassVar[tuple[str, ...]]
    replace_on: ClassVar[frozenset[str]] = frozenset()
    delete_before_replace: ClassVar[bool] = False
    # Inputs that only steer how a change is made, never what AEP holds.
    not_diffed: ClassVar[frozenset[str]] = frozenset({"adopt_id"})

    # The __provider blob names only this class; there is nothing secret to hide in it.
    serialize_as_secret_always = False

    # -- hooks ----------------------------------------------------------------------------------

    def _create(self, aep: AepClient, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Create the entity; answer (id, computed outputs). Must leave nothing behind on failure."""
        raise NotImplementedError

    def _read(
        self, aep: AepClient, entity_id: str, props: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """(inputs as AEP now holds them, computed outputs), or None when the entity is gone."""
        raise NotImplementedError

    def _update(self, aep: AepClient, entity_id: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """Apply the changed updatable fields; answer the computed outputs."""
        raise NotImplementedError

    def _delete(self, aep: AepClient, entity_id: str, props: dict[str, Any]) -> None:
        raise NotImplementedError

    def _find_created(self, aep: AepClient, inputs: dict[str, Any], since_ms: int) -> str | None:
        """After a create whose answer was lost: the id of the entity it made, if it made one."""
        return None

    # -- the ResourceProvider interface ----------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        _config.configure(
            {key: str(value) for key in _config.CONFIG_KEYS.values() if (value := req.config.get(key)) is not None}
        )

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        fields = self.inputs_model.model_fields
        given = {k: v for k, v in news.items() if k != "__provider"}
        unknown = {k for k, v in given.items() if _is_unknown(v)}
        try:
            model = self.inputs_model.model_validate({k: v for k, v in given.items() if k not in unknown})
        except ValidationError as error:
            # With no failures left, only unknown (preview) values were missing: judge them at up.
            return CheckResult(given, _failures(error, unknown))
        inputs = model.model_dump(mode="json")
        inputs.update({k: given[k] for k in unknown if k in fields})
        return CheckResult(inputs, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        keys = set(self.inputs_model.model_fields) - self.not_diffed
        changed = sorted(k for k in keys if _is_unknown(news.get(k)) or news.get(k) != olds.get(k))
        replaces = [k for k in changed if k in self.replace_on]
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            delete_before_replace=self.delete_before_replace if replaces else None,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = self._inputs(props)
        aep = _config.client()
        if inputs.get("adopt_id"):
            entity_id = str(inputs["adopt_id"])
            computed = self._adopt(aep, entity_id, inputs)
            return CreateResult(entity_id, {**inputs, **computed})
        started_ms = int(time.time() * 1000)
        try:
            entity_id, computed = self._create(aep, inputs)
        except AepTransportError as error:
            if not error.outcome_unknown:
                raise
            # The create may have happened; find it instead of leaving a duplicate behind.
            found = self._find_created(aep, inputs, started_ms - 5000)
            if found is None:
                raise AepResourceError(
                    f"creating the {self.kind} failed and AEP shows no new {self.kind}; "
                    f"run `pulumi up` again. ({error})"
                ) from error
            computed = self._adopt(aep, found, inputs)
            entity_id = found
        return CreateResult(entity_id, {**inputs, **computed})

    def _adopt(self, aep: AepClient, entity_id: str, inputs: dict[str, Any]) -> dict[str, Any]:
        """Take over an existing entity: make it match the inputs, answer its computed outputs."""
        current = self._read(aep, entity_id, inputs)
        if current is None:
            raise AepResourceError(
                f"adopt_id {entity_id!r}: no such {self.kind} in sandbox {_config.settings().sandbox_name}; "
                "fix the id or remove adopt_id to create a new one"
            )
        held, computed = current
        clashes = [k for k in self.replace_on if k in inputs and held.get(k) != inputs.get(k)]
        if clashes:
            raise AepResourceError(
                f"cannot adopt {self.kind} {entity_id}: its {', '.join(sorted(clashes))} differ from the program's "
                f"({', '.join(f'{k}={held.get(k)!r}' for k in sorted(clashes))}) and cannot be changed in place"
            )
        if any(held.get(k) != inputs.get(k) for k in inputs if k not in self.not_diffed):
            computed = self._update(aep, entity_id, {**held, **computed}, inputs)
        return computed

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        aep = _config.client()
        current = self._read(aep, id_, props)
        if current is None:
            return ReadResult(None, {})
        held, computed = current
        # Carry forward inputs AEP does not hold (adopt_id, timeouts ...) from the state.
        inputs = {k: props.get(k) for k in self.inputs_model.model_fields}
        inputs.update({k: v for k, v in held.items() if k in self.inputs_model.model_fields})
        inputs = {k: v for k, v in inputs.items() if v is not None}
        return ReadResult(id_, {**inputs, **computed}, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = self._inputs(news)
        computed = self._update(_config.client(), id_, olds, inputs)
        return UpdateResult({**inputs, **computed})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self._delete(_config.client(), id_, props)
        except AepNotFoundError:
            pass  # already gone: that is what delete wants

    # -- helpers --------------------------------------------------------------------------------

    def _inputs(self, props: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in props.items() if k in self.inputs_model.model_fields and v is not None}
