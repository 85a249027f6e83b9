"""Every command's JSON report goes through here: written once, and written even when the command
stops early.

- :func:`write_json` writes a command's report (``--json PATH`` atomically, ``--json -`` on stdout)
  and remembers that it did, so a Ctrl-C during the rendering that follows never replaces a
  complete report with a partial one.
- :func:`interrupted` (Ctrl-C, exit 130) and :func:`undecided` (the exact decision on an
  algorithm's output ran out of its ``--timeout``: status ``unknown``, exit 1) are called by
  :func:`sci_oracle.cli.main.main` for *every* command: when ``--json`` was given and no report was
  written yet, they write a partial report, marked ``"interrupted": true`` or ``"undecided"``: a run
  report (``sci-oracle-run-report/1``), not a certificate, since nothing in it was judged.
  A command that had built a partial report of its own hands it over on the exception
  (``exc.report``: ``check``'s :class:`~sci_oracle.harness.check.CheckInterrupted`).

A partial report says what was judged (nothing), how long the command ran, and the isolation
record of the sandboxed child that ran the user's code, as far as one reported its layers
(:func:`~sci_oracle.harness.isolation.recorded_isolation`); no child is started to write it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["interrupted", "partial_report", "undecided", "write_json"]

EXIT_UNKNOWN = 1
EXIT_INTERRUPTED = 130
_WRITTEN = "_sci_oracle_report_written"
_USER_CODE = ("algorithm", "train", "spec", "replay")  # the options that name the user's code


def write_json(args: argparse.Namespace, doc: Any, path: str | None = None) -> None:
    """Write ``doc`` (a dict, or JSON text) to ``path`` (default ``args.json``): ``-`` prints it on
    stdout, a file is written atomically. Records that this command's report is written."""
    from sci_oracle.core.report import json_text, write_json_atomic

    path = getattr(args, "json", None) if path is None else path
    if not path:
        return
    text = doc if isinstance(doc, str) else json_text(doc)  # compact when indenting would make it large
    if path == "-":
        print(text, flush=True)
    else:
        write_json_atomic(path, text)
    setattr(args, _WRITTEN, True)


def written(args: argparse.Namespace) -> bool:
    return bool(getattr(args, _WRITTEN, False))


def partial_report(args: argparse.Namespace, status: str, reason: str, seconds: float) -> dict[str, Any]:
    """The report of a command that stopped before judging anything: a run report (format
    ``sci-oracle-run-report/1``, which ``verify`` names as no certificate), verdict ``unknown``."""
    from sci_oracle.core.report import RUN_REPORT_FORMAT, environment

    message = f"{status} after {seconds:.1f} s, so no claim is judged" + (f": {reason}" if reason else "")
    return {
        "format": RUN_REPORT_FORMAT,
        "kind": "partial report",
        "command": getattr(args, "command", None),
        "verdict": "unknown",
        "message": message,
        "interrupted": status.startswith("interrupted"),
        "undecided": reason if status == "undecided" else None,
        "seconds": round(seconds, 3),
        "isolation": _isolation(args),
        "environment": environment(),
    }


def _isolation(args: argparse.Namespace) -> dict[str, Any]:
    """What ran the user's code, as far as this process knows without starting anything (nor
    importing the sandbox when no user code was named: Ctrl-C must end within 2 s)."""
    if not any(isinstance(getattr(args, k, None), str) and ":" in getattr(args, k) for k in _USER_CODE):
        return {"mode": "no user code: this command ran sci_oracle's own algorithms only"}
    from sci_oracle.harness.isolation import TrustedAlgorithm, recorded_isolation

    return TrustedAlgorithm(None).isolation if getattr(args, "in_process", False) else recorded_isolation()


def interrupted(args: argparse.Namespace, exc: BaseException, seconds: float) -> int:
    """Ctrl-C: the partial report (the command's own, else :func:`partial_report`) unless the
    complete one is written already; one line on stderr; exit 130."""
    where = ""
    if getattr(args, "json", None) and not written(args):
        doc = _handed_over(exc) or partial_report(args, "interrupted (Ctrl-C)", "", seconds)
        write_json(args, doc)
        where = "" if args.json == "-" else f"; partial report (marked interrupted) written to {args.json}"
    print(
        f"sci-oracle {getattr(args, 'command', '')}: interrupted (Ctrl-C) after {seconds:.1f} s{where}", file=sys.stderr
    )
    return EXIT_INTERRUPTED


def undecided(args: argparse.Namespace, exc: BaseException, seconds: float) -> int:
    """The exact decision on the algorithm's output did not finish within ``--timeout``: the
    verdict is ``unknown`` with the reason (a report says so when ``--json`` was given); exit 1."""
    from sci_oracle.core.text import sanitise

    reason = sanitise(str(exc))
    where = ""
    if getattr(args, "json", None) and not written(args):
        write_json(args, _handed_over(exc) or partial_report(args, "undecided", reason, seconds))
        where = "" if args.json == "-" else f"; report (verdict unknown) written to {args.json}"
    print(f"sci-oracle {getattr(args, 'command', '')}: unknown: undecided: {reason}{where}", file=sys.stderr)
    return EXIT_UNKNOWN


def _handed_over(exc: BaseException) -> Any:
    """The run report handed over on ``exc`` (marked interrupted; never a certificate)."""
    report = getattr(exc, "report", None)
    return report.to_json() if hasattr(report, "to_json") else report
