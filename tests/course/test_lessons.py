"""The course is a test suite: every lesson runs and draws its figures, unsolved exercises are
reported as unsolved, and every solution in course/solutions/ passes its exercise's check when
swapped into the lesson. The lessons write their notation as maths and fit the docs' code column.

Each lesson gets a 120 s limit per execution (nbclient's per-cell timeout, plus a wall-clock
check on the whole notebook).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
LESSONS = sorted(COURSE.glob("lesson[0-9][0-9]_*.md"))
LIMIT = 120.0

jupytext = pytest.importorskip("jupytext", reason="the course needs its extra: pip install '.[course]'")
nbclient = pytest.importorskip("nbclient", reason="the course needs its extra: pip install '.[course]'")
nbformat = pytest.importorskip("nbformat")


def _solutions(lesson: Path) -> dict[str, str]:
    path = COURSE / "solutions" / f"{lesson.stem.split('_')[0]}.py"
    parts = re.split(r"^# %% (exercise-\d+\.\d+)\s*$", path.read_text(), flags=re.M)
    return {parts[i]: parts[i + 1].strip() + "\n" for i in range(1, len(parts), 2)}


def _exercise_tag(cell) -> str | None:
    return next((t for t in cell.get("metadata", {}).get("tags", []) if t.startswith("exercise-")), None)


def _execute(nb) -> tuple[object, float]:
    t0 = time.monotonic()
    client = nbclient.NotebookClient(
        nb, timeout=int(LIMIT), kernel_name="python3", resources={"metadata": {"path": str(COURSE)}}
    )
    client.execute()
    return nb, time.monotonic() - t0


def _outputs(nb) -> str:
    text = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text.append(out.get("text", "") or str(out.get("data", {}).get("text/plain", "")))
    return "".join(text)


def test_every_lesson_has_goals_a_time_estimate_and_two_to_four_exercises():
    assert len(LESSONS) == 7
    for lesson in LESSONS:
        nb = jupytext.read(lesson)
        tags = [t for c in nb.cells if (t := _exercise_tag(c))]
        assert 2 <= len(tags) <= 4, lesson.name
        text = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "Learning goals" in text, lesson.name
        assert re.search(r"\*\*Time:\*\* about \d+ minutes", text), lesson.name
        assert set(tags) == set(_solutions(lesson)), f"{lesson.name}: every exercise needs exactly one solution"


def _prose(markdown: str) -> str:
    """A markdown cell without its code blocks, inline code, link targets and $...$ maths."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are file names
    return re.sub(r"\$[^$]+\$", "", text)


def test_notation_is_written_as_maths_and_code_lines_fit_the_page():
    for lesson in [*LESSONS, COURSE / "glossary.md"]:
        nb = jupytext.read(lesson)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                prose = _prose(cell.source)
                # 2^-m or a_j outside $...$ would show as plain text, not as maths
                assert "^" not in prose, (lesson.name, prose[max(0, prose.find("^") - 40) :][:80])
                assert not re.search(r"(?<![A-Za-z])[A-Za-z)]_[A-Za-z0-9(]", prose), (lesson.name, prose)
            else:
                for line in cell.source.splitlines():
                    assert len(line) <= 88, (lesson.name, line)  # the docs' code column holds 88


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_and_its_solutions_pass(lesson):
    # 1. as shipped: runs to the end and every exercise is reported unsolved (the checks can fail)
    nb, seconds = _execute(jupytext.read(lesson))
    assert seconds < LIMIT, f"{lesson.name} took {seconds:.0f} s (limit {LIMIT:.0f} s)"
    out = _outputs(nb)
    tags = [t for c in nb.cells if (t := _exercise_tag(c))]
    for tag in tags:
        assert f"✗ exercise {tag.split('-')[1]}: not solved yet" in out, (lesson.name, tag)
    figure_cells = [c for c in nb.cells if "figure" in c.get("metadata", {}).get("tags", [])]
    assert figure_cells, f"{lesson.name} has no figure"
    for cell in figure_cells:  # each draws one, from the lesson's own computation
        assert [o for o in cell.outputs if "image/png" in o.get("data", {})], (lesson.name, cell.source)

    # 2. with the solutions swapped in and every check strict: each exercise passes (the figures,
    #    checked above, are left out: no exercise uses them)
    nb = jupytext.read(lesson)
    nb.cells = [c for c in nb.cells if "figure" not in c.get("metadata", {}).get("tags", [])]
    solutions = _solutions(lesson)
    for cell in nb.cells:
        tag = _exercise_tag(cell)
        if tag:
            cell.source = solutions[tag]
    nb.cells.insert(0, nbformat.v4.new_code_cell('import os\nos.environ["SCI_ORACLE_COURSE_STRICT"] = "1"'))
    nb, seconds = _execute(nb)
    assert seconds < LIMIT
    out = _outputs(nb)
    for tag in tags:
        assert f"✓ exercise {tag.split('-')[1]}" in out, (lesson.name, tag)
