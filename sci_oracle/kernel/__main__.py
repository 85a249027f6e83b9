"""``python -I -m sci_oracle.kernel FILE [--max-seconds S]``: the kernel in a process of its own.

``sci-oracle verify`` runs this in a fresh interpreter (``-I``: no user site, no PYTHONPATH, no
current directory on the path), so the verdict comes from a process that has loaded the kernel and
its declared dependencies (the stdlib, python-flint, sympy) and nothing else of sci_oracle. It prints
one JSON object on stdout: the per-claim outcome, the document errors, the recorded runs of the
accepted claims (for a rerun in the calling process), and the sci_oracle modules it loaded.
Exit 0 on an outcome (accepted or not), 2 when the file is not a certificate or costs too much.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def main(argv: list[str]) -> int:
    from sci_oracle.kernel import MalformedCertificate, TooCostly, verify

    if not argv or len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "--max-seconds"):
        print("usage: python -I -m sci_oracle.kernel FILE [--max-seconds S]", file=sys.stderr)
        return 2
    limit = float(argv[2]) if len(argv) == 3 else None
    out: dict[str, Any]
    try:
        v = verify(argv[0], max_seconds=limit)
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
