"""What scripts/generate writes from the declarations is current, and adding a field to a resource
is one edit of its declaration and a regenerate."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def generate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "generate.py"), *args], capture_output=True, text=True, check=False
    )


def test_the_generated_files_are_current() -> None:
    result = generate(ROOT, "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_field_is_one_declaration_and_a_regenerate(tmp_path: Path) -> None:
    for part in ("scripts", "pulumi_aep_streaming", "docs"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path)
    declarations = tmp_path / "pulumi_aep_streaming" / "declarations.py"
    text = declarations.read_text()
    anchor = '        _adopt("dataset"),\n'
    assert anchor in text
    field = (
        '        Input("retention_days", "Days AEP keeps the data.", "pulumi.Input[int] | None", "int | None", None),\n'
    )
    declarations.write_text(text.replace(anchor, field + anchor))

    stale = generate(tmp_path, "--check")
    assert stale.returncode == 1
    assert "pulumi_aep_streaming/resources.py is stale" in stale.stdout
    assert "pulumi_aep_streaming/provider/fields.py is stale" in stale.stdout
    assert "docs/reference.md is stale" in stale.stdout

    assert generate(tmp_path).returncode == 0
    assert generate(tmp_path, "--check").returncode == 0
    resources = (tmp_path / "pulumi_aep_streaming" / "resources.py").read_text()
    assert 'retention_days: pulumi.Input[int] | None = None\n    """Days AEP keeps the data."""' in resources
    assert "retention_days: int | None = None" in (tmp_path / "pulumi_aep_streaming/provider/fields.py").read_text()
    assert "| `retention_days` |" in (tmp_path / "docs" / "reference.md").read_text()
    assert "`retention_days`" in (tmp_path / "docs" / "resources.md").read_text()
    assert "`retention_days`" in (tmp_path / "README.md").read_text()
