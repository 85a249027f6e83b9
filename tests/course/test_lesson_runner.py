"""tests/course/lesson_runner.py reports what the lesson tests rely on: the cell that failed, with
its file, line and traceback; the cell a timeout stopped; what a figure cell drew."""

from __future__ import annotations


def test_a_failing_cell_is_named_with_its_line_and_traceback_and_later_cells_do_not_run(runner, tmp_path):
    lesson = tmp_path / "lesson.md"
    lesson.write_text("# a lesson\n\nx = 1\nprint('before', x)\ny = x / 0\n\nprint('after')\n")
    cells = [
        runner.Cell("x = 1\nprint('before', x)", (), str(lesson), 3),
        runner.Cell("y = x / 0", ("exercise-9.1",), str(lesson), 5),
        runner.Cell("print('after')", (), str(lesson), 7),
    ]
    run = runner.run_cells(cells, tmp_path, label="lesson.md", timeout=60)
    failure = run.failure()
    assert failure.startswith(f"lesson.md: code cell 2 of 3 ({lesson} line 5, tags ['exercise-9.1']) raised:")
    assert f'File "{lesson}", line 5, in <module>\n    y = x / 0' in failure  # the lesson's own line, quoted
    assert "ZeroDivisionError" in failure
    assert "lesson_runner.py" not in failure  # the runner's frames are left out
    assert run.output == "before 1\n"
    assert len(run.ran) == 2


def test_a_timeout_names_the_cell_that_was_running(runner, tmp_path):
    cells = runner.cells_of(["import time", "time.sleep(60)", "print('never')"])
    run = runner.run_cells(cells, tmp_path, label="slow", timeout=3)
    assert run.failure().startswith("slow: code cell 2 of 3 (<cell 2> line 1) was stopped at the 3 s limit")
    assert run.seconds < 30


def test_a_figure_cell_reports_what_it_drew(runner, tmp_path):
    make = "from matplotlib.figure import Figure\nfig = Figure()\n"
    cells = [
        runner.Cell(make + "fig.subplots().plot([0, 1], [1, 0])\nfig", ("figure",), "<drawn>"),
        runner.Cell(make + "fig.subplots()\nfig", ("figure",), "<axes only>"),
        runner.Cell(make + "fig", ("figure",), "<empty>"),
        runner.Cell("x = 3", ("figure",), "<nothing shown>"),
        runner.Cell("x", ("figure",), "<a number>"),
    ]
    run = runner.run_cells(cells, tmp_path, label="figures", timeout=60, figures=tmp_path)
    assert run.failure() is None
    drawn, axes_only, empty, nothing, number = (r["figure"] for r in run.ran)
    facts = {
        k: (f["artists"], f["blank"], f["png_signature"])
        for k, f in [("drawn", drawn), ("axes", axes_only), ("empty", empty)]
    }
    assert facts == {"drawn": (1, False, True), "axes": (0, False, True), "empty": (0, True, True)}
    assert drawn["type"] == axes_only["type"] == empty["type"] == "Figure"
    assert (tmp_path / "figures-cell01.png").read_bytes().startswith(runner.PNG_SIGNATURE)
    assert nothing == {"type": "NoneType"}
    assert number == {"type": "int"}
    assert [r["result"] for r in run.ran[3:]] == ["", "3\n"]  # a last expression's value is shown, as in a notebook
