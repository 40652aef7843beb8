"""What imports what: the client never imports pulumi; the emulator imports neither client nor provider."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path


def imported_after(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_client_does_not_import_pulumi() -> None:
    modules = imported_after("pulumi_aep_streaming.client._client")
    assert "httpx" in modules and "pydantic" in modules
    assert not {m for m in modules if m == "pulumi" or m.startswith("pulumi.")}


def test_emulator_imports_neither_client_nor_provider() -> None:
    modules = imported_after("pulumi_aep_streaming.emulator.app")
    assert "starlette" in modules
    assert not {
        m for m in modules if m.startswith(("pulumi_aep_streaming.client", "pulumi_aep_streaming.provider", "pulumi."))
    }


def test_the_shared_expression_grammar_imports_nothing_else_of_the_package() -> None:
    modules = imported_after("pulumi_aep_streaming.expressions")
    ours = {m for m in modules if m.startswith("pulumi_aep_streaming.")}
    assert ours - {"pulumi_aep_streaming._lazy"} == {
        "pulumi_aep_streaming.expressions"
    }  # _lazy: the package's own init
    assert not {m for m in modules if m in ("pulumi", "httpx", "starlette", "pydantic")}


def test_emulator_services_keep_to_their_own_handlers() -> None:
    """One package per service (as moto lays them out): a service may read another's models, never
    import its handlers, and models never see a Request."""
    services = Path(__file__).resolve().parents[2] / "pulumi_aep_streaming" / "emulator" / "services"
    for module in services.glob("*/*.py"):
        service = module.parent.name
        imported = {
            node.module
            for node in ast.walk(ast.parse(module.read_text()))
            if isinstance(node, ast.ImportFrom) and node.module
        }
        foreign = {m for m in imported if ".services." in m and m.endswith(".handlers") and f".{service}." not in m}
        assert not foreign, (module, foreign)
        if module.name == "models.py":
            assert not any(m.startswith("starlette") for m in imported), module
        # Handlers call what a service's models make public; nothing private crosses a file.
        package = f"pulumi_aep_streaming.emulator.services.{service}"
        private = [n for n in _imports(module, package) if n.rsplit(".", 1)[-1].startswith("_") and ".services." in n]
        assert not private, (module, private)


def test_providers_load_httpx_only_with_their_first_api_call() -> None:
    """Check and diff (every preview) make no API call: the provider process need not load httpx."""
    for module in ("schema", "dataset", "connections", "mapping_set", "dataflow"):
        modules = imported_after(f"pulumi_aep_streaming.provider.{module}")
        assert "httpx" not in modules and "pulumi_aep_streaming.client._client" not in modules, module


def test_the_cli_and_the_resources_need_no_emulator_extra() -> None:
    """starlette, uvicorn, orjson and jsonpatch are the ``emulator`` extra: nothing else loads them."""
    for module in (
        "pulumi_aep_streaming.cli.commands",
        "pulumi_aep_streaming.components",
        "pulumi_aep_streaming.provider.dataflow",
    ):
        assert not imported_after(module) & {"starlette", "uvicorn", "orjson", "jsonpatch"}, module


def _imports(path: Path, package: str) -> Iterator[str]:
    """Every ``pulumi_aep_streaming`` name a module imports, as a dotted path (relative ones resolved)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


# The package's own shared internals, which every layer may use.
SHARED_INTERNALS = ("pulumi_aep_streaming._lazy", "pulumi_aep_streaming._process")


def test_layers_meet_through_public_names_only() -> None:
    """client, provider, emulator, send and the top-level modules import no underscore module or name
    of another layer (httpx's rule: a public surface, private modules behind it)."""
    root = Path(__file__).resolve().parents[2] / "pulumi_aep_streaming"

    def layer(module: str) -> str:
        parts = module.split(".")  # the top-level modules (and the package itself) are one layer
        return parts[1] if len(parts) > 2 or (len(parts) == 2 and (root / parts[1]).is_dir()) else ""

    crossings = []
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for name in _imports(path, package):
            if not name.startswith("pulumi_aep_streaming.") or name.startswith(SHARED_INTERNALS):
                continue
            pieces = name.split(".")
            private = next((i for i, p in enumerate(pieces) if p.startswith("_") and not p.startswith("__")), None)
            if private is not None and layer(".".join(pieces[:private] or pieces[:2])) != layer(module):
                crossings.append(f"{module} imports {name}")
    assert crossings == []
