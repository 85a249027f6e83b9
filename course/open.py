"""Open a lesson of the sci_oracle course in Jupyter: ``python course/open.py 1``.

The lessons are MyST markdown text files. The first time, this writes the matching notebook
``course/build/lessonNN_*.ipynb`` (git-ignored) with jupytext; after that it opens *your* notebook
as you saved it and never rewrites it. ``--reset`` starts a lesson over: it asks first, and keeps
your old notebook as a dated backup next to it. Needs ``pip install '.[course]'``.

    python course/open.py 1               # open lesson 1 (written once, then kept)
    python course/open.py 1 --no-browser  # print Jupyter's URL instead of opening a browser
    python course/open.py 1 --reset       # ask, back up your notebook, write a fresh copy
    python course/open.py --build         # write the notebooks that do not exist yet
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELPERS = ("_checks.py", "_figures.py")  # what the lessons import from their own folder


def lessons() -> list[Path]:
    return sorted(HERE.glob("lesson[0-9][0-9]_*.md"))


def notebook_path(lesson: Path) -> Path:
    return HERE / "build" / (lesson.stem + ".ipynb")


def write_notebook(lesson: Path, out: Path) -> Path:
    """Convert one lesson to a notebook at ``out`` (overwriting it: callers decide whether they may)."""
    try:
        import jupytext
    except ModuleNotFoundError:
        sys.exit("the course needs its extra: pip install '.[course]'")
    out.parent.mkdir(parents=True, exist_ok=True)
    nb = jupytext.read(lesson)
    nb.metadata.pop("jupytext", None)
    jupytext.write(nb, out)
    return out


def copy_helpers(folder: Path) -> None:
    """The lessons import course/_checks.py and course/_figures.py: put them next to the notebooks."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in HELPERS:
        src = HERE / name
        if src.exists() and (not (folder / name).exists() or (folder / name).read_text() != src.read_text()):
            (folder / name).write_text(src.read_text())


def reset(lesson: Path, ask: Callable[[str], str] = input) -> Path | None:
    """Rewrite the lesson's notebook after a yes; the old one is kept as a dated backup."""
    out = notebook_path(lesson)
    if out.exists():
        question = (
            f"Start {lesson.stem} over? Your notebook {out} is moved to a backup and a fresh copy is written. [y/N] "
        )
        try:
            answer = ask(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print(f"kept {out} (not reset)")
            return None
        backup = out.with_name(f"{out.stem}.backup-{time.strftime('%Y%m%d-%H%M%S')}.ipynb")
        k = 1
        while backup.exists():
            k += 1
            backup = out.with_name(f"{out.stem}.backup-{time.strftime('%Y%m%d-%H%M%S')}-{k}.ipynb")
        out.rename(backup)
        print(f"your old notebook is now {backup}")
    return write_notebook(lesson, out)


def main(argv: list[str] | None = None, ask: Callable[[str], str] = input) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lesson", nargs="?", type=int, help="lesson number")
    parser.add_argument("--build", action="store_true", help="only write the notebooks that do not exist yet")
    parser.add_argument("--reset", action="store_true", help="ask, then replace your notebook by a fresh copy")
    parser.add_argument("--no-browser", action="store_true", help="start Jupyter without opening a browser")
    args = parser.parse_args(argv)
    all_lessons = lessons()
    copy_helpers(HERE / "build")
    if args.build:
        for p in all_lessons:
            out = notebook_path(p)
            if out.exists():
                print(f"kept {out} (yours; --reset to start over)")
            else:
                print(f"wrote {write_notebook(p, out)}")
        return 0
    if args.lesson is None or not 1 <= args.lesson <= len(all_lessons):
        parser.error(f"lesson must be a number from 1 to {len(all_lessons)}")
    lesson = all_lessons[args.lesson - 1]
    nb = notebook_path(lesson)
    if args.reset:
        if reset(lesson, ask) is None:
            return 1
    elif nb.exists():
        print(f"opening your notebook {nb} (saved work kept; --reset starts the lesson over)")
    else:
        write_notebook(lesson, nb)
        print(f"wrote {nb}")
    cmd = [sys.executable, "-m", "notebook", str(nb)]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers often run as root; Jupyter refuses that
        cmd.append("--allow-root")
    return subprocess.call(cmd, cwd=nb.parent)


if __name__ == "__main__":
    sys.exit(main())
