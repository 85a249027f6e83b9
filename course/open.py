"""Open a lesson of the sci_oracle course in Jupyter: ``python course/open.py 1``.

The lessons are MyST markdown text files; this writes the matching ``.ipynb`` with jupytext into
``course/build/`` (git-ignored) and starts ``jupyter notebook`` on it. Needs
``pip install '.[course]'``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def lessons() -> list[Path]:
    return sorted(HERE.glob("lesson[0-9][0-9]_*.md"))


def build(path: Path) -> Path:
    try:
        import jupytext
    except ModuleNotFoundError:
        sys.exit("the course needs its extra: pip install '.[course]'")
    out = HERE / "build" / (path.stem + ".ipynb")
    out.parent.mkdir(exist_ok=True)
    nb = jupytext.read(path)
    nb.metadata.pop("jupytext", None)
    jupytext.write(nb, out)
    # the lesson imports course/_checks.py: make the build folder find it
    (out.parent / "_checks.py").write_text((HERE / "_checks.py").read_text())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lesson", nargs="?", type=int, help="lesson number, 1 to 6")
    parser.add_argument("--build", action="store_true", help="only write all notebooks to course/build/")
    parser.add_argument("--no-browser", action="store_true", help="start Jupyter without opening a browser")
    args = parser.parse_args(argv)
    all_lessons = lessons()
    if args.build:
        for p in all_lessons:
            print(build(p))
        return 0
    if args.lesson is None or not 1 <= args.lesson <= len(all_lessons):
        parser.error(f"lesson must be a number from 1 to {len(all_lessons)}")
    nb = build(all_lessons[args.lesson - 1])
    cmd = [sys.executable, "-m", "notebook", str(nb)]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers often run as root; Jupyter refuses that
        cmd.append("--allow-root")
    print("opening", nb)
    return subprocess.call(cmd, cwd=nb.parent)


if __name__ == "__main__":
    sys.exit(main())
