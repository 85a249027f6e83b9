"""course/open.py: writes a lesson's notebook once, then opens the student's saved notebook and
never rewrites it; only ``--reset`` replaces it, after a yes, keeping a backup.

Runs on a copy of course/ in a temporary folder, with Jupyter's launch replaced by a recorder.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "course").glob("lesson[0-9][0-9]_*.md"))
pytest.importorskip("jupytext", reason="the course needs its extra: pip install '.[course]'")
nbformat = pytest.importorskip("nbformat")

MARK = "# my own work, saved in Jupyter"


@pytest.fixture
def course(tmp_path, monkeypatch):
    """The copied open.py as a module; ``course.launched`` lists the Jupyter commands it ran."""
    folder = tmp_path / "course"
    folder.mkdir()
    for p in [*LESSONS, *(ROOT / "course").glob("_*.py"), ROOT / "course" / "open.py"]:
        shutil.copy(p, folder / p.name)
    spec = importlib.util.spec_from_file_location("course_open_copy", folder / "open.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.launched = []
    monkeypatch.setattr(mod.subprocess, "call", lambda cmd, cwd=None: mod.launched.append(cmd) or 0)
    return mod


def _edit(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(MARK))
    nbformat.write(nb, path)


def _has_edit(path: Path) -> bool:
    return any(c.source == MARK for c in nbformat.read(path, as_version=4).cells)


def test_build_writes_every_lesson_with_its_helpers(course, capsys):
    assert course.main(["--build"]) == 0
    written = sorted((Path(course.HERE) / "build").glob("lesson*.ipynb"))
    assert [p.stem for p in written] == [p.stem for p in LESSONS]
    for path in written:
        nb = nbformat.read(path, as_version=4)
        assert any("exercise-" in t for c in nb.cells for t in c.metadata.get("tags", []))
    assert (Path(course.HERE) / "build" / "_checks.py").exists()
    assert (Path(course.HERE) / "build" / "_figures.py").exists()
    with pytest.raises(SystemExit):
        course.main(["99"])


def test_a_students_saved_notebook_is_never_rewritten(course, capsys):
    assert course.main(["1"]) == 0
    nb = course.notebook_path(course.lessons()[0])
    assert str(nb) in course.launched[-1]
    _edit(nb)
    before = nb.read_bytes()

    assert course.main(["1"]) == 0  # opens it again: the edit survives, byte for byte
    assert nb.read_bytes() == before
    assert "saved work kept" in capsys.readouterr().out
    assert course.main(["--build"]) == 0  # --build writes only missing notebooks
    assert nb.read_bytes() == before
    assert len(course.launched) == 2


def test_reset_asks_and_keeps_a_backup(course, capsys):
    course.main(["1"])
    nb = course.notebook_path(course.lessons()[0])
    _edit(nb)
    questions = []

    def no(q):
        questions.append(q)
        return "n"

    assert course.main(["1", "--reset"], ask=no) == 1  # declined: nothing changes, Jupyter not started
    assert _has_edit(nb)
    assert len(questions) == 1
    assert "[y/N]" in questions[0]

    def eof(q):
        raise EOFError

    assert course.main(["1", "--reset"], ask=eof) == 1  # no terminal: no answer is a no
    assert _has_edit(nb)

    assert course.main(["1", "--reset"], ask=lambda q: "y") == 0
    assert not _has_edit(nb)  # a fresh copy of the lesson
    backups = list(nb.parent.glob(f"{nb.stem}.backup-*.ipynb"))
    assert len(backups) == 1
    assert _has_edit(backups[0])
