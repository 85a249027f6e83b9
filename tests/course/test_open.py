"""The one documented command's build step: course/open.py writes every lesson as a notebook."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("jupytext", reason="the course needs its extra: pip install '.[course]'")


def test_build_writes_six_notebooks(capsys):
    spec = importlib.util.spec_from_file_location("course_open", ROOT / "course" / "open.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--build"]) == 0
    written = [Path(line) for line in capsys.readouterr().out.split()]
    assert len(written) == 6
    import nbformat

    for path in written:
        nb = nbformat.read(path, as_version=4)
        assert any("exercise-" in t for c in nb.cells for t in c.metadata.get("tags", []))
    with pytest.raises(SystemExit):
        mod.main(["9"])
