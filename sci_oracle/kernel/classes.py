"""The class-level claim of ``sci-oracle check-class``: every drawn algorithm fails K digits.

PNAS 2022 Theorem 1(a) (Colbrook–Antun–Hansen, PNAS 119(12) e2107151119; key lemma as in
Bastounis–Hansen–Vlačić Prop 10.5) says no algorithm gets K digits with probability > 1/2 on the
family. ``check-class`` draws algorithms from a class and writes, per algorithm, one claim that
refutes K digits for it (``barrier``, refuted) or shows that its worst member fails with
probability ≥ 1/2 (``randomised``, certified), or says ``unknown`` (no output, or a violation).

The ``class`` claim names the ``algorithms`` claims just before it. Its status is recomputed from
their checked results: certified only when each was accepted as such a failure at its own family's
K and no violation is recorded; otherwise unknown. The document's ``passed`` must say whether a
violation is recorded (:func:`summary`); the kernel cannot check a violation (an absence of a
refutation), only that its algorithm is not counted as a failure.
"""

from __future__ import annotations

from typing import Any

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel.claims import CERTIFIED, REFUTED, UNKNOWN, Context, _keys, same
from sci_oracle.kernel.numbers import KernelError

#: the status of a per-algorithm claim that shows the algorithm fails K digits (w.p. ≥ 1/2)
FAILS = {"barrier": REFUTED, "randomised": CERTIFIED}
KEYS = {"kind", "spec", "K", "algorithms", "violation"}


def _shape(st: Any, before: list[tuple[Any, Any]]) -> tuple[int, int | None]:
    """The statement's exact keys, its count of parts (all claims before it) and violation index."""
    st = _keys(st, KEYS, "statement", "class")
    if not isinstance(st["spec"], str) or len(st["spec"]) > 1000:
        raise KernelError("statement spec: the class's name, a string of at most 1,000 characters")
    K = st["K"]
    if K is not None:
        q.integer(K, "statement K", 1, 10**6)
    n = q.integer(st["algorithms"], "statement algorithms", 1, 10_000)
    if n != len(before):
        raise KernelError(f"statement algorithms: {n}, but {len(before)} claims precede the class claim")
    v = st["violation"]
    if v is not None:
        v = q.integer(v, "statement violation", 0, n - 1)
    for i, (_, c) in enumerate(before):
        pst = c.get("statement") if isinstance(c, dict) else None
        if not isinstance(pst, dict) or pst.get("kind") not in FAILS:
            raise KernelError(f"part {i}: a per-algorithm claim of kind {sorted(FAILS)}")
        if not same(pst.get("digits"), pst.get("K")) or (K is not None and not same(pst.get("K"), K)):
            raise KernelError(f"part {i}: its digits and K must be the class's K")
        if not isinstance(pst.get("algorithm"), str) or not pst["algorithm"]:
            raise KernelError(f"part {i}: the algorithm's printed description is missing")
    return n, v


def check(st: Any, ev: Any, ctx: Context) -> str:
    """Certified iff every preceding claim was accepted as a K-digit failure and there is no violation."""
    n, v = _shape(st, ctx.done)
    if not same(ev, {"parts": n}):
        raise KernelError("evidence: {'parts': number of algorithms}")
    for i, (r, c) in enumerate(ctx.done):
        if not r.accepted:
            raise KernelError(f"part {i} ({q._short(r.name)}) was rejected")
        if r.status != FAILS[c["statement"]["kind"]]:
            return UNKNOWN
    return UNKNOWN if v is not None else CERTIFIED


def _kind(c: Any) -> Any:
    st = c.get("statement") if isinstance(c, dict) else None
    return st.get("kind") if isinstance(st, dict) else None


def applies(doc: dict[str, Any]) -> bool:
    """A check-class document: by its producer, or by a class claim (a changed producer changes nothing)."""
    return doc.get("producer") == "check-class" or any(_kind(c) == "class" for c in doc["claims"])


def summary(doc: dict[str, Any], results: list[Any], errors: list[str]) -> None:
    """A check-class document: the last claim is its one class claim, ``K`` is the class's K, and
    ``passed`` says no violation is recorded (a recorded violation's claim is unknown)."""
    cl = doc["claims"]
    kinds = [_kind(c) for c in cl]
    if kinds.count("class") != 1 or kinds[-1] != "class":
        errors.append("claims: a check-class document ends with its one class claim")
        return
    try:
        _, v = _shape(cl[-1]["statement"], list(zip(results[:-1], cl[:-1], strict=True)))
    except KernelError as exc:
        errors.append(f"class claim: {exc}")
        return
    if not same(doc.get("K"), cl[-1]["statement"]["K"]):
        errors.append("K: the document's K differs from the class claim's")
    if v is not None and results[v].status != UNKNOWN:
        errors.append(f"violation: claim {v} is {results[v].status}, yet its algorithm violated the property")
    if not same(doc.get("passed"), v is None):
        errors.append(f"passed: the class claim gives {v is None}, the document says {doc.get('passed')!r}")
