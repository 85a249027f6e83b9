"""The layout is the architecture, kept true by machines: import contracts (import-linter), lint and
format (ruff), and strict types on the exact core, the barrier and the kernel (mypy). Each check runs the
same tool CI runs, on the same configuration in pyproject.toml, and fails with the tool's own report."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sci_oracle"


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def _tool(name: str) -> str:
    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} is not installed (it comes with pip install '.[test]')")
    return exe


def test_import_contracts_hold():
    proc = _run(_tool("lint-imports"), "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_lint_and_format_are_clean():
    lint = _run(_tool("ruff"), "check", ".")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run(_tool("ruff"), "format", "--check", ".")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_mypy_strict_on_core_barrier_kernel():
    proc = _run(sys.executable, "-m", "mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # a relative import inside the package
                found.add("." * node.level + (node.module or ""))
            elif node.module:
                found.add(node.module)
    return found


def test_every_layer_says_what_it_holds_and_what_it_imports():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc, f"{init.relative_to(ROOT)} has no docstring"
        assert "import" in doc.lower(), f"{init.relative_to(ROOT)}: the docstring must say which layers it imports"


def test_no_docstring_cites_a_document_the_project_does_not_ship():
    outside = (
        "sci-oracle-model.md",
        "pnas-theorem1-and-firenet.md",
        "adversarial-attacks-and-false-structures.md",
        "research brief",
        "../shared",
    )
    for path in sorted([*PACKAGE.rglob("*.py"), *(ROOT / "proofs").glob("*.py")]):
        text = path.read_text()
        hits = [o for o in outside if o in text]
        assert not hits, f"{path.relative_to(ROOT)} cites {hits}, which the project does not ship"


def test_the_kernel_imports_nothing_from_the_rest_of_the_package():
    for path in sorted((PACKAGE / "kernel").rglob("*.py")):
        bad = {m for m in _imports(path) if m.startswith("sci_oracle") and not m.startswith("sci_oracle.kernel")}
        bad |= {m for m in _imports(path) if m.startswith("..")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
