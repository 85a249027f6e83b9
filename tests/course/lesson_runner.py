"""Runs a lesson's code cells in order, in a fresh Python process, without a Jupyter kernel.

The tests of course/ need what a student's kernel does with a cell, not the kernel itself: each
cell runs in one shared ``__main__`` namespace (a module without ``__file__``, as in IPython, so
``check(isolated=True)`` must send a cell's function by value), from the lesson's folder, and the
value of a cell's last expression is what the notebook would show. So the Jupyter stack
(ipykernel, jupyter_client, pyzmq, IPython) stays in the ``[course]`` and ``[docs]`` extras and
out of ``[test]``; the docs build still executes the lessons with a real kernel.

Parent side: :func:`run_cells` starts ``python lesson_runner.py`` with the cells as JSON on stdin.
Child side (``__main__`` below): runs them, writes one JSON line per finished cell to a results
file, and stops at the first cell that raises. A cell tagged ``figure`` must end with a matplotlib
``Figure``: the child saves it as a PNG and reads the pixels back, so an empty or blank figure is
seen as such.
"""

from __future__ import annotations

import ast
import io
import json
import linecache
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from contextlib import redirect_stdout
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Cell:
    """One code cell: its source, tags, and where the source lives (file and first line, for tracebacks)."""

    source: str
    tags: tuple[str, ...]
    filename: str
    line: int = 1


def cells_of(sources: list[str]) -> list[Cell]:
    """Cells made in a test from their sources, without tags."""
    return [Cell(src, (), f"<cell {i}>") for i, src in enumerate(sources, 1)]


@dataclass
class Run:
    """What the child reported, cell by cell, for the ``ran`` cells that finished."""

    label: str
    cells: list[Cell]
    timeout: float
    ran: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    stderr: str = ""

    @property
    def output(self) -> str:
        """Everything printed, and every shown last-expression value, in cell order."""
        return "".join(r["stdout"] + r["result"] for r in self.ran)

    def where(self, i: int) -> str:
        c = self.cells[i]
        tags = f", tags {list(c.tags)}" if c.tags else ""
        return f"{self.label}: code cell {i + 1} of {len(self.cells)} ({c.filename} line {c.line}{tags})"

    def failure(self) -> str | None:
        """None when every cell finished without raising; otherwise where and why it stopped."""
        if self.ran and self.ran[-1]["error"]:
            i = len(self.ran) - 1
            return f"{self.where(i)} raised:\n{self.ran[i]['error']}"
        if len(self.ran) < len(self.cells):
            i = len(self.ran)
            why = f"was stopped at the {self.timeout:.0f} s limit" if self.seconds >= self.timeout else "did not finish"
            return f"{self.where(i)} {why}; the process's stderr:\n{self.stderr[-3000:]}"
        return None


def lesson_cells(path: Path) -> list[Cell]:
    """The code cells of a MyST lesson, read with jupytext as Jupyter reads them, with their line in the file."""
    import jupytext

    text = path.read_text(encoding="utf-8")
    cells, pos = [], 0
    for cell in jupytext.read(path).cells:
        if cell.cell_type != "code":
            continue
        at = text.find(cell.source, pos)
        if at >= 0:
            pos = at + len(cell.source)
        line = text.count("\n", 0, at) + 1 if at >= 0 else 0
        cells.append(Cell(cell.source, tuple(cell.metadata.get("tags", [])), str(path.resolve()), line))
    return cells


def run_cells(
    cells: list[Cell],
    cwd: Path,
    *,
    label: str,
    timeout: float,
    figures: Path | None = None,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``cells`` in a fresh interpreter in ``cwd``, within ``timeout`` seconds for all of them.

    Figures of cells tagged ``figure`` are saved as PNGs in ``figures`` (a temporary folder if None).
    A timeout kills the child's whole process group; the report then names the cell that was running.
    """
    run = Run(label, cells, timeout)
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "cells.jsonl"
        job = {
            "cells": [asdict(c) for c in cells],
            "results": str(results),
            "figures": str(figures or tmp),
            "label": label,
        }
        child_env = os.environ | {"MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"} | (env or {})
        t0 = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, __file__],
            cwd=cwd,
            env=child_env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,  # a cell's prints are captured in the child, per cell
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            start_new_session=True,
        )
        try:
            _, run.stderr = proc.communicate(json.dumps(job), timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, run.stderr = proc.communicate()
        run.seconds = time.monotonic() - t0
        if results.exists():
            run.ran = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    return run


# --------------------------------------------------------------------------- the child
def _figure_facts(value: Any, path: Path) -> dict[str, Any]:
    """What a figure cell showed: the value's type, and for a Figure its data artists and a PNG of it."""
    from matplotlib.figure import Figure

    facts: dict[str, Any] = {"type": type(value).__name__}
    if isinstance(value, Figure):
        import matplotlib.image

        value.savefig(path, format="png", dpi=60)
        pixels = matplotlib.image.imread(path)
        facts |= {
            "png": str(path),
            "png_signature": path.read_bytes()[:8] == PNG_SIGNATURE,
            "artists": sum(len(ax.lines) + len(ax.collections) + len(ax.images) + len(ax.patches) for ax in value.axes),
            "blank": bool((pixels == pixels[0, 0]).all()),
        }
    return facts


def _run_cell(cell: dict[str, Any], namespace: dict[str, Any]) -> Any:
    """Exec a cell in ``namespace``; evaluate a final expression statement and return its value (else None)."""
    if not os.path.exists(cell["filename"]):  # a cell made in a test: its traceback shows its source too
        lines = cell["source"].splitlines(keepends=True)
        linecache.cache[cell["filename"]] = (len(cell["source"]), None, lines, cell["filename"])
    # blank lines in front, so that line numbers (tracebacks, syntax errors) are the lesson's own
    tree = ast.parse("\n" * (cell["line"] - 1) + cell["source"], cell["filename"])
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, cell["filename"], "exec"), namespace)
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), cell["filename"], "eval"), namespace)


def _traceback(exc: BaseException) -> str:
    """The exception's traceback from the cell's own frames on (the runner's are left out)."""
    if isinstance(exc, SyntaxError):  # the cell did not compile: its file and line say it all
        return "".join(traceback.format_exception_only(type(exc), exc))
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _child() -> int:
    job = json.load(sys.stdin)
    main = type(sys)("__main__")  # a fresh __main__ without __file__, as in a Jupyter kernel
    sys.modules["__main__"] = main
    sys.path[0] = os.getcwd()  # the lesson's helpers (_checks, _figures) import from its folder
    with open(job["results"], "w", encoding="utf-8") as results:
        for i, cell in enumerate(job["cells"], 1):
            out, error, value = io.StringIO(), None, None
            try:
                with redirect_stdout(out):
                    value = _run_cell(cell, vars(main))
            except BaseException as exc:
                error = _traceback(exc)
            record = {
                "stdout": out.getvalue(),
                "result": "" if value is None else repr(value) + "\n",
                "error": error,
                "figure": None,
            }
            if error is None and "figure" in cell["tags"]:
                try:
                    png = Path(job["figures"]) / f"{job['label'].replace('/', '_')}-cell{i:02d}.png"
                    record["figure"] = _figure_facts(value, png)
                except Exception as exc:
                    record["error"] = "drawing the figure failed:\n" + _traceback(exc)
            results.write(json.dumps(record) + "\n")
            results.flush()
            if record["error"]:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(_child())
