"""Write what the resource declarations (pulumi_aep_streaming/declarations.py) define:

- pulumi_aep_streaming/resources.py: the Args and Resource classes a program imports;
- pulumi_aep_streaming/provider/fields.py: the fields of the provider's input models;
- docs/reference.md: every input and output of every resource, with its docs;
- the resources table in docs/resources.md and README.md (between their ``generated`` markers).

``scripts/generate`` writes them; ``scripts/generate --check`` names the stale ones and exits 1
(a test runs it). Python files are formatted with ruff, as the rest of the code.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pulumi_aep_streaming.declarations import (  # noqa: E402 - the checkout's package, not an installed one
    RESOURCES,
    VALUE_TYPES,
    Declaration,
    Input,
)

GENERATED = "Generated from declarations.py by scripts/generate: edit the declarations, not this file."
TABLE_BEGIN = "<!-- generated from declarations.py by scripts/generate: begin -->"
TABLE_END = "<!-- generated: end -->"
# Names in stored annotations that are not provider/types.py's.
NOT_TYPES = {"None", "Any", "StrictBool"} | {d.model for d in VALUE_TYPES}


def _doc(text: str) -> str:
    """A docstring under a class or field, wrapped as the hand-written ones are."""
    lines = textwrap.wrap(f'"""{text}"""', width=100, initial_indent="    ", subsequent_indent="    ")
    return "\n".join(lines) + "\n"


def _default(i: Input) -> str:
    return "" if i.required else f" = {i.default!r}"


def _stored_default(i: Input) -> str:
    if i.required:
        return ""
    if "None" not in i.stored and i.default in ((), None):
        return f" = Field(default_factory={'list' if i.default == () else 'dict'})"
    return f" = {i.default!r}"


def _constant(d: Declaration) -> str:
    """SourceConnection -> SOURCE_CONNECTION: the declaration's name in declarations.py."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", d.name).upper()


def _args_fields(d: Declaration) -> str:
    return "".join(f"    {i.name}: {i.args_type}{_default(i)}\n{_doc(i.doc)}" for i in d.inputs)


def _value_type(d: Declaration) -> str:
    return f"@dataclasses.dataclass(frozen=True)\nclass {d.name}:\n{_doc(d.doc)}\n{_args_fields(d)}"


def _resource(d: Declaration) -> str:
    outputs = "".join(f"    {o.name}: pulumi.Output[{o.type}]\n" + (_doc(o.doc) if o.doc else "") for o in d.outputs)
    return (
        f"@dataclasses.dataclass(frozen=True, kw_only=True)\nclass {d.name}Args:\n"
        f"{_doc(f'The inputs of `{d.name}`.')}\n{_args_fields(d)}\n\n"
        f'class {d.name}(Resource, module="aep", name="{d.name}"):\n{_doc(d.doc)}\n{outputs}\n'
        f"    def __init__(self, resource_name: str, args: {d.name}Args, "
        "opts: pulumi.ResourceOptions | None = None) -> None:\n"
        f"        register(self, {_constant(d)}, resource_name, args, opts)\n"
    )


def resources_py() -> str:
    exported = sorted(
        ["AepInputError"] + [d.name for d in VALUE_TYPES] + [n for d in RESOURCES for n in (d.name, f"{d.name}Args")]
    )
    constants = ", ".join(sorted(_constant(d) for d in RESOURCES))
    head = f'''"""Pulumi resources, one per AEP entity, each with typed Args.

Every resource is a ``pulumi.dynamic.Resource`` with the type token
``pulumi-python:dynamic/aep:<Name>`` (``aep:index:<Name>`` where the ``aep`` plugin hosts a program
of another language). Pass other resources by their ``.id`` (it stays known in
previews, unlike other outputs of dynamic resources). Credentials come from the stack config
(``aep:*``) or AEP_* variables, never from Args.

{GENERATED}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from ._registration import AepInputError, register
from .declarations import {constants}

__all__ = {exported!r}

'''
    body = [_value_type(d) for d in VALUE_TYPES] + [_resource(d) for d in RESOURCES]
    return head + "\n\n".join(body)


def _model(name: str, base: str, doc: str, inputs: tuple[Input, ...]) -> str:
    fields = "".join(f"    {i.name}: {i.stored}{_stored_default(i)}\n" for i in inputs)
    return f"class {name}({base}):\n{_doc(doc)}\n{fields}"


def _common() -> str:
    """The fields every resource has, in the base model, typed to take any resource's value; and
    ``description``, where the provider writes the owner's mark (None for kinds that have none)."""
    common = [i.name for i in RESOURCES[0].inputs if all(i.name in d.input_names for d in RESOURCES)]
    common += [] if "description" in common else ["description"]
    out = "    # Every resource has these; each resource's model narrows them.\n"
    for name in common:
        stored = {i.stored for d in RESOURCES for i in d.inputs if i.name == name}
        union = " | ".join(sorted({part.strip() for s in stored for part in s.split("|")} - {"None"}))
        out += f"    {name}: {union} | None = None\n"
    return out


def fields_py() -> str:
    stored = " ".join(i.stored for d in (*VALUE_TYPES, *RESOURCES) for i in d.inputs)
    types = sorted(set(re.findall(r"\b[A-Z]\w*", stored)) - NOT_TYPES, key=str.lower)
    head = f'''"""The fields of the provider's input models: each resource's inputs as checked and stored.

{GENERATED}
A field's own rule is its type (types.py); rules across fields are in inputs.py, whose models
extend these.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from .types import {", ".join(types)}


class Stored(BaseModel):
    """Validated, normalized values (snake_case, as stored in state).

    Switches are StrictBool: a string such as ``"false"`` (a config value read with ``get`` rather
    than ``get_bool``) is refused at preview, never read as a switch.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ProviderInputs(Stored):
    """One resource's inputs."""

{_common()}
'''
    body = [_model(d.model, "Stored", d.doc, d.inputs) for d in VALUE_TYPES]
    body += [_model(f"{d.name}Fields", "ProviderInputs", f"The inputs of {d.name}.", d.inputs) for d in RESOURCES]
    return head + "\n\n" + "\n\n".join(body)


def _names(names: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def table(docs: str) -> str:
    """The resources at a glance; ``docs`` is the path from the page to docs/."""
    rows = ["| resource | Args (replace on change in **bold**) | outputs |", "|---|---|---|"]
    for d in RESOURCES:
        args = ", ".join(f"**`{i.name}`**" if i.replaces else f"`{i.name}`" for i in d.inputs)
        note = f" {d.table_note}" if d.table_note else ""
        link = f"[`{d.name}`]({docs}reference.md#{d.name.lower()})"
        rows.append(f"| {link}{note} | {args} | {_names(list(d.computed))} |")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("``", "`")


def reference_md() -> str:
    out = [
        "# Reference",
        "",
        "Every resource's inputs (its Args, all keyword arguments) and outputs, and the value types they",
        f"hold. {GENERATED.replace('declarations.py', '`pulumi_aep_streaming/declarations.py`')}",
        "",
    ]
    for d in (*RESOURCES, *VALUE_TYPES):
        out += [f"## {d.name}", "", _cell(d.doc), ""]
        out += ["| input | type | default | |", "|---|---|---|---|"]
        for i in d.inputs:
            default = "required" if i.required else f"`{i.default!r}`"
            flags = [w for w, on in (("replaces", i.replaces), ("secret", i.secret)) if on]
            doc = _cell(i.doc) + (f" *({', '.join(flags)})*" if flags else "")
            out.append(f"| `{i.name}` | `{_cell(i.args_type)}` | {default} | {doc} |")
        if d.outputs:
            out += ["", "| output | type | |", "|---|---|---|"]
            out += [
                f"| `{o.name}` | `{_cell(o.type)}` | {'the input, as given' if not o.computed else _cell(o.doc)} |"
                for o in d.outputs
            ]
        out.append("")
    return "\n".join(out)


def with_table(current: str, docs: str) -> str:
    """A page with the resources table between its markers."""
    begin, end = current.index(TABLE_BEGIN) + len(TABLE_BEGIN), current.index(TABLE_END)
    return f"{current[:begin]}\n{table(docs)}{current[end:]}"


def _ruff(path: Path, text: str) -> str:
    ruff = Path(sys.executable).parent / "ruff"
    args = [str(ruff), "format", "--stdin-filename", str(path), "-"]
    return subprocess.run(args, input=text, capture_output=True, text=True, check=True, cwd=ROOT).stdout  # noqa: S603


def generated() -> dict[Path, str]:
    """Each generated file's path and the text it should hold."""
    resources, fields = ROOT / "pulumi_aep_streaming" / "resources.py", ROOT / "pulumi_aep_streaming/provider/fields.py"
    page, readme = ROOT / "docs" / "resources.md", ROOT / "README.md"
    return {
        resources: _ruff(resources, resources_py()),
        fields: _ruff(fields, fields_py()),
        ROOT / "docs" / "reference.md": reference_md(),
        page: with_table(page.read_text(), ""),
        readme: with_table(readme.read_text(), "docs/"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="name the stale files and exit 1; write nothing")
    check = parser.parse_args().check
    files = generated()
    stale = [path for path, text in files.items() if not path.exists() or path.read_text() != text]
    for path in stale:
        if check:
            print(f"{path.relative_to(ROOT)} is stale: run scripts/generate")
        else:
            path.write_text(files[path])
            print(f"wrote {path.relative_to(ROOT)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
