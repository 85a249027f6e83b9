"""The class-level claim of ``sci-oracle check-class``: every listed algorithm fails K digits.

PNAS 2022 Theorem 1(a) (Colbrook–Antun–Hansen, PNAS 119(12) e2107151119; key lemma as in
Bastounis–Hansen–Vlačić Prop 10.5) says no algorithm gets K digits with probability > 1/2 on the
family. ``check-class`` draws algorithms from a class and writes, per algorithm, one claim that
refutes K digits for it (``barrier``, refuted) or shows that its worst member fails with
probability ≥ 1/2 (``randomised``, certified), or says ``unknown`` (no output, or a violation).

The ``class`` claim is about the algorithms of the claims before it, by their printed
descriptions, and nothing else: the class they were drawn from, and whether other draws were left
out, are the producer's business, never part of the statement. Its status is recomputed from their
checked results: certified only when each was accepted as such a failure at its own family's K and
no violation is recorded; otherwise unknown. A document ending in a class claim may carry
``passed``, which must say whether a violation is recorded (:func:`summary`).
"""

from __future__ import annotations

from typing import Any

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel.claims import CERTIFIED, REFUTED, UNKNOWN, Context, _keys
from sci_oracle.kernel.numbers import KernelError

#: the status of a per-algorithm claim that shows the algorithm fails K digits (w.p. ≥ 1/2)
FAILS = {"barrier": REFUTED, "randomised": CERTIFIED}


def _shape(st: Any, before: list[tuple[Any, Any]]) -> tuple[int, int | None]:
    """The statement's count of parts (every claim before it) and violation index."""
    st = _keys(st, {"kind", "algorithms", "violation"}, "statement", "class")
    n = q.integer(st["algorithms"], "statement algorithms", 1, 10_000)
    if n != len(before):
        raise KernelError(f"statement algorithms: {n}, but {len(before)} claims precede the class claim")
    v = st["violation"]
    if v is not None:
        v = q.integer(v, "statement violation", 0, n - 1)
    for i, (_, c) in enumerate(before):
        pst = c.get("statement") if isinstance(c, dict) else None
        if not isinstance(pst, dict) or pst.get("kind") not in FAILS or c.get("scope") != "instances":
            raise KernelError(f"claim {i + 1}: a per-algorithm claim of kind {sorted(FAILS)} on instances")
        fam = pst.get("family")
        if not isinstance(fam, dict) or pst.get("digits") != fam.get("K") or pst.get("K") != fam.get("K"):
            raise KernelError(f"claim {i + 1}: its digits must be its family's K")
    return n, v


def check(st: Any, ev: Any, ctx: Context) -> str:
    """Certified iff every preceding claim was accepted as a K-digit failure and there is no violation."""
    _, v = _shape(st, ctx.done)
    _keys(ev, set(), "evidence")
    for i, (r, c) in enumerate(ctx.done):
        if not r.accepted:
            raise KernelError(f"claim {i + 1} was rejected")
        if r.status != FAILS[c["statement"]["kind"]]:
            return UNKNOWN
    return UNKNOWN if v is not None else CERTIFIED


def summary(claims: list[Any], results: list[Any], passed: Any, errors: list[str]) -> None:
    """``passed``: no violation is recorded (a recorded violation's claim must be unknown)."""
    v = claims[-1]["statement"]["violation"]
    if isinstance(v, int) and 0 <= v < len(results) - 1 and results[v].status != UNKNOWN:
        errors.append(f"violation: claim {v + 1} is {results[v].status}, yet its algorithm violated the property")
    if passed is not (v is None):
        errors.append(f"passed: the class claim gives {v is None}, the document says {passed!r}")
