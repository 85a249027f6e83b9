"""The course is a test suite: every lesson runs and draws its figures, unsolved exercises are
reported as unsolved, and every solution in course/solutions/ passes its exercise's check when
swapped into the lesson. The lessons write their notation as maths and fit the docs' code column.

The lessons run without a Jupyter kernel (tests/course/lesson_runner.py: the code cells in order,
in one fresh process per run, from course/), within 120 s per run. The docs build executes them
with a real kernel.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
LESSONS = sorted(COURSE.glob("lesson[0-9][0-9]_*.md"))
LIMIT = 120.0

jupytext = pytest.importorskip("jupytext", reason="the course tests read the lessons with jupytext ([test] extra)")


def _solutions(lesson: Path) -> dict[str, tuple[str, int]]:
    """Each exercise's solution in course/solutions/: its source and the line where it starts."""
    text = (COURSE / "solutions" / f"{lesson.stem.split('_')[0]}.py").read_text()
    heads = list(re.finditer(r"^# %% (exercise-\d+\.\d+)[ \t]*\n", text, flags=re.M))
    out = {}
    for head, nxt in zip(heads, [*heads[1:], None], strict=True):
        body = text[head.end() : nxt.start() if nxt else len(text)]
        start = head.end() + len(body) - len(body.lstrip())
        out[head.group(1)] = (body.strip() + "\n", text.count("\n", 0, start) + 1)
    return out


def _exercise_tag(tags) -> str | None:
    return next((t for t in tags if t.startswith("exercise-")), None)


def test_every_lesson_has_goals_a_time_estimate_and_two_to_four_exercises():
    assert len(LESSONS) == 7
    for lesson in LESSONS:
        nb = jupytext.read(lesson)
        tags = [t for c in nb.cells if (t := _exercise_tag(c.metadata.get("tags", [])))]
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


def _ran(run) -> None:
    if (failure := run.failure()) is not None:
        pytest.fail(failure, pytrace=False)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_and_its_solutions_pass(lesson, runner, tmp_path):
    cells = runner.lesson_cells(lesson)
    tags = [t for c in cells if (t := _exercise_tag(c.tags))]

    # 1. as shipped: runs to the end and every exercise is reported unsolved (the checks can fail)
    run = runner.run_cells(
        cells, COURSE, label=lesson.name, timeout=LIMIT, figures=tmp_path, env={"SCI_ORACLE_COURSE_STRICT": "0"}
    )
    _ran(run)
    for tag in tags:
        assert f"✗ exercise {tag.split('-')[1]}: not solved yet" in run.output, (lesson.name, tag)
    figures = [(i, r["figure"]) for i, (c, r) in enumerate(zip(cells, run.ran, strict=True)) if "figure" in c.tags]
    assert figures, f"{lesson.name} has no figure"
    for i, fig in figures:  # each draws one, from the lesson's own computation
        where = run.where(i)
        assert fig["type"] == "Figure", f"{where} shows a {fig['type']}, not a matplotlib Figure"
        assert fig["artists"] > 0, f"{where}: the figure has no lines, points, bars or images"
        assert fig["png_signature"], f"{where}: {fig['png']} is not a PNG"
        assert not fig["blank"], f"{where}: the figure renders as a blank image ({fig['png']})"

    # 2. with the solutions swapped in and every check strict: each exercise passes (the figures,
    #    checked above, are left out: no exercise uses them)
    solutions = _solutions(lesson)
    solution_file = str(COURSE / "solutions" / f"{lesson.stem.split('_')[0]}.py")
    swapped = [c for c in cells if "figure" not in c.tags]
    for i, c in enumerate(swapped):
        if (tag := _exercise_tag(c.tags)) is not None:
            source, line = solutions[tag]
            swapped[i] = runner.Cell(source, c.tags, solution_file, line)
    run = runner.run_cells(
        swapped, COURSE, label=f"{lesson.name} (solved)", timeout=LIMIT, env={"SCI_ORACLE_COURSE_STRICT": "1"}
    )
    _ran(run)
    for tag in tags:
        assert f"✓ exercise {tag.split('-')[1]}" in run.output, (lesson.name, tag)
