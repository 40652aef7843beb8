"""Ids a program writes as literals, read at check time: a missing one, or one of another kind or
sandbox, fails the preview with its field named, before anything is created.

The program lists which of a resource's id inputs it wrote as plain strings (``LITERALS``);
ids that come from other resources of the stack are not read (they are unknown in a preview, and
their resources are this stack's). Each is read once, when it is new or changed, all at once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckFailure

from pulumi_aep_streaming.client import AepError

from . import _config

if TYPE_CHECKING:
    from pulumi_aep_streaming.client import AepClient

    from ._base import AepProvider


def failures(
    provider: AepProvider[Any],
    literal: Iterable[str],
    inputs: dict[str, Any],
    olds: dict[str, Any],
    given: dict[str, Any],
    sandbox: str | None,
) -> list[CheckFailure]:
    """A failure for each literal id input of ``provider`` that names no usable entity, and for each
    namespace code a list item (``given``, in the program's order) writes out that the sandbox lacks;
    looked up in ``sandbox``, where the resource's entity lives."""
    literal = set(literal)
    return _id_failures(provider, sandbox, literal, inputs, olds) + _namespace_failures(sandbox, literal, olds, given)


def _namespace_failures(
    sandbox: str | None, literal: set[str], olds: dict[str, Any], given: dict[str, Any]
) -> list[CheckFailure]:
    named = []
    for name in sorted(n for n in literal if "[" in n and n.endswith(".namespace")):
        field, index = name.split("[", 1)[0], int(name.split("[", 1)[1].split("]", 1)[0])
        items = given.get(field) or []
        code = items[index].get("namespace") if index < len(items) and isinstance(items[index], dict) else None
        before = {str(i.get("namespace", "")).lower() for i in olds.get(field) or [] if isinstance(i, dict)}
        if isinstance(code, str) and code and code.lower() not in before:
            named.append((name, code))
    if not named:
        return []
    aep = _config.client(sandbox)
    try:
        known = {n.code.lower() for n in aep.identity.namespaces()}
    except AepError as error:
        return [CheckFailure(named[0][0], f"reading the sandbox's identity namespaces failed ({error})")]
    return [
        CheckFailure(
            name,
            f"{name}: {code!r} is neither a standard identity namespace nor one of sandbox "
            f"{aep.settings.sandbox_name!r}; fix the code, or declare an IdentityNamespace and pass its .code",
        )
        for name, code in named
        if code.lower() not in known
    ]


def _id_failures(
    provider: AepProvider[Any], sandbox: str | None, literal: set[str], inputs: dict[str, Any], olds: dict[str, Any]
) -> list[CheckFailure]:
    from ._base import concurrently

    asks = [
        name
        for name in sorted(literal)
        if (name == "adopt_id" or name in provider.references)
        and isinstance(inputs.get(name), str)
        and inputs[name] != olds.get(name)
    ]
    if not asks:
        return []
    aep = _config.client(sandbox)
    problems = concurrently(*(functools.partial(_problem, provider, aep, name, inputs) for name in asks))
    return [CheckFailure(name, problem) for name, problem in zip(asks, problems, strict=True) if problem]


def _problem(provider: AepProvider[Any], aep: AepClient, name: str, inputs: dict[str, Any]) -> str | None:
    value = inputs[name]
    from ._base import provider_named

    named = provider if name == "adopt_id" else provider_named(provider.references[name])
    where = f"sandbox {aep.settings.sandbox_name!r}"
    try:
        if name == "adopt_id":
            return provider._adoptable(aep, value, inputs)
        entity = named._get(aep, value)
    except AepError as error:
        return f"{name}: reading {named.kind} {value!r} failed ({error}); fix the id"
    if entity is None:
        return (
            f"{name}: there is no {named.kind} {value!r} in {where}; fix the id (an id of another kind, or of "
            "another sandbox, is not found here)"
        )
    try:
        return provider._reference_problem(aep, name, entity, inputs)
    except AepError as error:
        return f"{name}: reading what {named.kind} {value!r} holds failed ({error})"
