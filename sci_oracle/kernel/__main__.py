"""``python -I -m sci_oracle.kernel FILE [--max-seconds S] [--formal [--coq-dir DIR]] [--smt]``: the
kernel in a process of its own.

``sci-oracle verify`` runs this in a fresh interpreter (``-I``: no user site, no PYTHONPATH, no
current directory on the path), so the verdict comes from a process that has loaded the kernel and
its declared dependencies (the stdlib, python-flint, sympy) and nothing else of sci_oracle. It prints
one JSON object on stdout: the per-claim outcome, the document errors, the recorded runs of the
accepted claims (for a rerun in the calling process), and the sci_oracle modules it loaded.
Exit 0 on an outcome (accepted or not), 2 when the file is not a certificate or costs too much.
``--formal`` and ``--smt`` run the kernel's own re-checks with Coq (kernel/formal.py) and with z3 and
cvc5 (kernel/smt.py), each engine in a child process under its own time limit.
"""

from __future__ import annotations

import json
import sys
from typing import Any

USAGE = "usage: python -I -m sci_oracle.kernel FILE [--max-seconds S] [--formal [--coq-dir DIR]] [--smt]"


def _args(argv: list[str]) -> dict[str, Any] | None:
    """FILE and its options (no argparse: this process imports as little as it can)."""
    if not argv or argv[0].startswith("--"):
        return None
    out: dict[str, Any] = {"file": argv[0], "max_seconds": None, "formal": False, "smt": False, "coq_dir": None}
    rest = argv[1:]
    while rest:
        flag = rest.pop(0)
        if flag in ("--formal", "--smt"):
            out[flag[2:]] = True
        elif flag in ("--max-seconds", "--coq-dir") and rest:
            out[flag[2:].replace("-", "_")] = float(rest.pop(0)) if flag == "--max-seconds" else rest.pop(0)
        else:
            return None
    return out


def main(argv: list[str]) -> int:
    from sci_oracle.kernel import MalformedCertificate, TooCostly, verify

    try:
        args = _args(argv)
    except ValueError:
        args = None
    if args is None:
        print(USAGE, file=sys.stderr)
        return 2
    out: dict[str, Any]
    try:
        v = verify(
            args["file"],
            max_seconds=args["max_seconds"],
            formal=args["formal"],
            smt=args["smt"],
            coq_dir=args["coq_dir"],
        )
        out = {
            "claims": [c.to_json() for c in v.claims],
            "errors": v.errors,
            "runs": v.runs,
            "cost_seconds": v.cost_seconds,
        }
        code = 0
    except TooCostly as exc:
        out, code = {"malformed": str(exc), "too_costly": True}, 2
    except MalformedCertificate as exc:
        out, code = {"malformed": str(exc)}, 2
    except Exception as exc:  # a hostile file must never produce a traceback
        out, code = {"malformed": f"the kernel could not read the file ({type(exc).__name__})"}, 2
    out["modules"] = sorted(m for m in sys.modules if m == "sci_oracle" or m.startswith("sci_oracle."))
    sys.stdout.write(json.dumps(out))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
