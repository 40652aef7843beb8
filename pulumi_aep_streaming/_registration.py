"""What a resource of this package sends the engine when a program declares it: the provider, the
properties (every input, secrets wrapped, outputs to come, the owner) and the options every one
needs. The generated resource classes (resources.py) call ``register``; their declarations
(declarations.py) say what to send.
"""

from __future__ import annotations

import dataclasses
import weakref
from typing import Any

import pulumi
from pulumi.dynamic import Resource
from pulumi.runtime import settings as runtime_settings

from ._process import program_started
from .client import AepError
from .declarations import Declaration
from .hosting import hosted_type, hosting_package
from .provider import reference_to
from .provider.interface import LITERALS, NESTED_LITERALS, OWNER, owner_key


class AepInputError(AepError, pulumi.RunError, ValueError):
    """A program input that cannot work, found while the program runs, before anything is created.

    A ``pulumi.RunError``: the engine shows its message alone, without a Python traceback.
    """


# What each running program has claimed, per kind: AEP names that must be unique in a sandbox.
_claims: weakref.WeakKeyDictionary[object, dict[tuple[str, str, str | None], str]] = weakref.WeakKeyDictionary()


def claim(kind: str, value: Any, owner: str, sandbox: Any = None) -> None:
    """Record that ``owner`` uses ``value`` as its ``kind`` in ``sandbox`` (None: the stack's; an
    output stands for the sandbox it will name); raise if another resource of this program already
    does. Values not known while the program runs (outputs) are not checked."""
    if not isinstance(value, str):
        return
    claimed = _claims.setdefault(runtime_settings.SETTINGS, {})
    where = sandbox if sandbox is None or isinstance(sandbox, str) else f"<output {id(sandbox)}>"
    other = claimed.setdefault((kind, value, where), owner)
    if other != owner:
        raise AepInputError(
            f"{owner}: {kind} {value!r} is already used by {other} in this stack; AEP needs it unique, "
            f"so give one of them another {kind}"
        )


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def props(declaration: Declaration, resource_name: str, args: Any) -> dict[str, Any]:
    """The dict a dynamic Resource needs: every input, secrets wrapped, output-only keys as None, and
    the owner the provider writes on the entity it makes (provider/ownership.py)."""
    program_started()  # the first resource: what the program imported is loaded
    out: dict[str, Any] = {}
    for f in dataclasses.fields(args):
        value = _plain(getattr(args, f.name))
        out[f.name] = pulumi.Output.secret(value) if f.name in declaration.secrets and value is not None else value
    out.update(dict.fromkeys(declaration.computed))
    out[OWNER] = owner_key(pulumi.get_project(), pulumi.get_stack(), resource_name)
    # Ids written out (not another resource's output): the provider reads them at preview.
    literal = [k for k, v in out.items() if k.endswith("_id") and isinstance(v, str) and v]
    literal += [
        f"{k}[{i}].{name}"
        for k, v in out.items()
        if isinstance(v, list)
        for i, item in enumerate(v)
        if isinstance(item, dict)
        for name in NESTED_LITERALS
        if isinstance(item.get(name), str)
    ]
    out[LITERALS] = sorted(literal)
    return out


def register(
    resource: Resource, declaration: Declaration, resource_name: str, args: Any, opts: pulumi.ResourceOptions | None
) -> None:
    """Register ``resource`` with the engine as ``declaration`` says: a dynamic resource in a Python
    program, a custom resource of the plugin's package where the plugin hosts it. A replace
    deletes the old entity first, so that the new one (same owner, often the same unique name)
    never meets it."""
    for kind, name in declaration.claims:
        claim(kind, getattr(args, name), f"{declaration.name} {resource_name!r}", getattr(args, "sandbox", None))
    more = pulumi.ResourceOptions(delete_before_replace=True, additional_secret_outputs=list(declaration.secrets))
    properties, options = props(declaration, resource_name, args), pulumi.ResourceOptions.merge(opts, more)
    package = hosting_package()
    if package is None:
        Resource.__init__(resource, reference_to(declaration.provider), resource_name, properties, options)
    else:
        # A custom resource of the plugin's package: the plugin serves it with the same provider.
        pulumi.CustomResource.__init__(
            resource, hosted_type(declaration.name, package), resource_name, properties, options
        )
