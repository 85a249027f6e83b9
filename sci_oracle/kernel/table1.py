"""Claims of ``sci-oracle table1`` (Colbrook–Antun–Hansen, PNAS 119(12) 2022, Table 1), checked exactly.

Every statement names its table entries as ``{"family": spec, "K": K, "n": n}`` (the Theorem 1
family with ``allow_small_K`` for K = 1, rebuilt by :mod:`sci_oracle.kernel.family`); member 1 is
the true input, member 2 the one whose oracle gave (A_n, y_n). The kinds:

- ``table1-input``: the recorded exact (A_n, y_n) satisfy ‖A_n − A⁽ʲ⁾‖_F ≤ 2^-n and
  ‖y_n − y⁽ʲ⁾‖₂ ≤ 2^-n for j = 1 and 2 (the Frobenius norm bounds ‖·‖₂): a valid level-n input
  for both members (Theorem 1(a)'s indistinguishable pair).
- ``table1-outputs``: a property of the recorded network outputs, decided on exact distances to
  the members' minimisers (κ = 10^-K): ``misses-one`` (dist > κ to one member), ``below-K`` (dist
  to member 1 > κ: fewer than K digits on the true input), ``K-1-both`` (dist ≤ 10κ to both) or
  ``matches-printed`` (dist to member 1 rounds to the stored decimal string at its last digit).
- ``table1-steps``: τσ‖A‖² < 1 for the FIRENET steps on the run's matrix A, by the Gershgorin bound
  ‖A‖₂² ≤ max_i Σ_k |(AAᵀ)_ik| (``holds: true``), or τσ‖A‖² ≥ 1 by the Rayleigh quotient
  ‖Aᵀu‖²/‖u‖² ≤ ‖A‖₂² of a recorded u (``holds: false``). All rational.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel.family import MAX_N
from sci_oracle.kernel.numbers import KernelError

CERTIFIED, REFUTED = "certified", "refuted"
MAX_ENTRIES = 64
MAX_N_COLUMNS = 64  # Table 1 has N = 22; bounds the exact Gram and Frobenius work per entry
PROPERTIES = ("misses-one", "below-K", "K-1-both", "matches-printed")
NETWORKS = ("lista", "firenet", "firenet_paper")


def _keys(d: Any, keys: set[str], what: str, kind: str | None = None) -> dict[str, Any]:
    from sci_oracle.kernel.claims import _keys as keys_of  # claims imports this module

    return keys_of(d, keys, what, kind)


def _entries(
    st: dict[str, Any], ctx: Any, extra: frozenset[str] = frozenset()
) -> list[tuple[Any, int, dict[str, Any]]]:
    """(family, n, entry) per listed entry; the family must be the PNAS family with the entry's K."""
    es = st["entries"]
    if not isinstance(es, list) or not 1 <= len(es) <= MAX_ENTRIES:
        raise KernelError(f"statement entries: a list of 1..{MAX_ENTRIES} entries")
    out = []
    for i, e in enumerate(es):
        e = _keys(e, {"family", "K", "n"} | extra, f"entry {i}")
        spec = e["family"]
        if not isinstance(spec, dict) or spec.get("family") != "PNASFamily":
            raise KernelError(f"entry {i}: the family is a PNASFamily")
        fam = ctx.family(spec)
        if fam.N > MAX_N_COLUMNS:
            raise KernelError(f"entry {i}: N = {fam.N} columns exceeds the Table 1 cap {MAX_N_COLUMNS}")
        if q.integer(e["K"], f"entry {i} K", 1, 10**6) != fam.K:
            raise KernelError(f"entry {i}: K={e['K']} differs from the family's K={fam.K}")
        out.append((fam, q.integer(e["n"], f"entry {i} n", 1, MAX_N), e))
    return out


def _per_entry(ev: Any, ents: list[Any], what: str) -> list[tuple[Any, Any]]:
    """(entry, evidence item) pairs: the evidence lists one item per statement entry."""
    if not isinstance(ev, list) or len(ev) != len(ents):
        raise KernelError(f"{what}: one item per statement entry ({len(ents)})")
    return list(zip(ents, ev, strict=True))


def _matrix(rows: Any, m: int, N: int, ctx: Any, what: str) -> list[list[Any]]:
    if not isinstance(rows, list) or len(rows) != m:
        raise KernelError(f"{what}: expected {m} rows")
    return [ctx.parser.vector(r, f"{what}[{i}]", N) for i, r in enumerate(rows)]


def _within(got: list[Any], exact: list[Any], cap: Fraction) -> bool:
    return q.sign(q.sub(q.sqnorm([q.sub(a, b) for a, b in zip(got, exact, strict=True)]), cap)) <= 0


def inputs(st: Any, ev: Any, ctx: Any) -> str:
    st = _keys(st, {"kind", "entries"}, "statement", "table1-input")
    ev = _keys(ev, {"inputs"}, "evidence")
    ents = _entries(st, ctx)
    ok = True
    for i, ((fam, n, _), inp) in enumerate(_per_entry(ev["inputs"], ents, "evidence inputs")):
        inp = _keys(inp, {"A", "y"}, f"input {i}")
        A = [x for row in _matrix(inp["A"], fam.m, fam.N, ctx, f"input {i} A") for x in row]
        y = ctx.parser.vector(inp["y"], f"input {i} y", fam.m)
        cap = Fraction(1, 4**n)
        for j in (1, 2):
            member = fam.member(j, n)
            ok &= _within(A, member.flat("A"), cap) & _within(y, member.flat("y"), cap)
    return CERTIFIED if ok else REFUTED


def _rounds_to(d2: Any, printed: Any, what: str) -> bool:
    """Exact: √d2 lies within half a unit of the last printed decimal of ``printed``."""
    if not isinstance(printed, str) or not 3 <= len(printed) <= 40 or not printed.startswith("0."):
        raise KernelError(f"{what}: printed must be a decimal string 0.ddd…")
    digits = printed[2:]
    if not digits.isdigit() or not digits.isascii() or int(digits) == 0:
        raise KernelError(f"{what}: printed must be a positive decimal string 0.ddd…")
    v = Fraction(int(digits), 10 ** len(digits))
    half = Fraction(1, 2 * 10 ** len(digits))
    lo, hi = v - half, v + half
    return (lo <= 0 or q.sign(q.sub(d2, lo * lo)) >= 0) and q.sign(q.sub(d2, hi * hi)) <= 0


def outputs(st: Any, ev: Any, ctx: Any) -> str:
    prop = st.get("property") if isinstance(st, dict) else None
    if prop not in PROPERTIES:
        raise KernelError(f"statement property: one of {PROPERTIES}")
    keys = {"kind", "property", "networks", "entries"}
    if prop == "matches-printed":
        keys |= {"source", "verified_against_publication"}
    st = _keys(st, keys, "statement", "table1-outputs")
    ev = _keys(ev, {"outputs"}, "evidence")
    extra = frozenset({"printed"}) if prop == "matches-printed" else frozenset()
    ents = _entries(st, ctx, extra)
    nets = st["networks"]
    if not isinstance(nets, list) or not nets or len(set(nets)) != len(nets) or not set(nets) <= set(NETWORKS):
        raise KernelError(f"statement networks: distinct names from {NETWORKS}")
    if prop == "matches-printed" and (
        not isinstance(st["source"], str) or type(st["verified_against_publication"]) is not bool
    ):
        raise KernelError("statement source (text) and verified_against_publication (true/false)")
    outs = _keys(ev["outputs"], set(nets), "evidence outputs")
    ok = True
    for net in nets:
        for i, ((fam, n, e), v) in enumerate(_per_entry(outs[net], ents, f"evidence outputs {net}")):
            z = ctx.parser.vector(v, f"{net} output {i}", fam.N)
            kappa2 = fam.kappa * fam.kappa
            d1 = fam.member(1, n).dist2(z)
            if prop == "matches-printed":
                ok &= _rounds_to(d1, e["printed"], f"entry {i}")
                continue
            d2 = fam.member(2, n).dist2(z)
            far = [q.sign(q.sub(d, kappa2)) > 0 for d in (d1, d2)]
            if prop == "misses-one":
                ok &= any(far)
            elif prop == "below-K":
                ok &= far[0]
            else:
                ok &= all(q.sign(q.sub(d, 100 * kappa2)) <= 0 for d in (d1, d2))
    return CERTIFIED if ok else REFUTED


def _dot(u: list[Fraction], v: list[Fraction]) -> Fraction:
    return sum((a * b for a, b in zip(u, v, strict=True)), Fraction(0))


def steps(st: Any, ev: Any, ctx: Any) -> str:
    st = _keys(st, {"kind", "entries", "holds"}, "statement", "table1-steps")
    ev = _keys(ev, {"runs"}, "evidence")
    holds = st["holds"]
    if type(holds) is not bool:
        raise KernelError("statement holds: true (τσ‖A‖² < 1) or false (τσ‖A‖² ≥ 1)")
    ents = _entries(st, ctx)
    for i, ((fam, _, _), r) in enumerate(_per_entry(ev["runs"], ents, "evidence runs")):
        r = _keys(r, {"A", "tau", "sigma"} | ({"u"} if not holds else set()), f"run {i}")
        A = [[q.rational(x, f"run {i} A") for x in row] for row in _str_matrix(r["A"], fam.m, fam.N, i)]
        ts = q.rational(r["tau"], f"run {i} tau") * q.rational(r["sigma"], f"run {i} sigma")
        if ts <= 0:
            raise KernelError(f"run {i}: τσ must be > 0")
        if holds:
            gersh = max(sum((abs(_dot(a, b)) for b in A), Fraction(0)) for a in A)
            if ts * gersh >= 1:
                raise KernelError(f"run {i}: τσ times the Gershgorin bound on ‖A‖₂² is not below 1")
        else:
            u = [q.rational(x, f"run {i} u") for x in _str_list(r["u"], fam.m, f"run {i} u")]
            uu = _dot(u, u)
            Atu = [_dot([row[c] for row in A], u) for c in range(fam.N)]
            if uu == 0 or ts * _dot(Atu, Atu) < uu:
                raise KernelError(f"run {i}: τσ‖Aᵀu‖²/‖u‖² is below 1, so τσ‖A‖² ≥ 1 is not shown")
    return CERTIFIED


def _str_list(v: Any, n: int, what: str) -> list[Any]:
    if not isinstance(v, list) or len(v) != n:
        raise KernelError(f"{what}: expected a list of {n} exact rationals")
    return v


def _str_matrix(rows: Any, m: int, N: int, i: int) -> list[list[Any]]:
    return [_str_list(r, N, f"run {i} A[{k}]") for k, r in enumerate(_str_list(rows, m, f"run {i} A"))]


KINDS = {"table1-input": inputs, "table1-outputs": outputs, "table1-steps": steps}


def describe(st: dict[str, Any]) -> str:
    """The human text of a Table 1 statement, generated from it."""
    es = st.get("entries")
    where = f"{len(es)} Table 1 entries" if isinstance(es, list) else "Table 1 entries"
    k = st.get("kind")
    if k == "table1-input":
        return f"on {where}: (A_n, y_n) is within 2^-n of both members (Frobenius, exact)"
    if k == "table1-steps":
        rel = "< 1 (Gershgorin)" if st.get("holds") is True else "≥ 1 (Rayleigh quotient)"
        return f"on {where}: τσ‖A_n‖² {rel}"
    nets = ", ".join(map(str, st.get("networks") or []))
    text = {
        "misses-one": "misses one member's minimiser by more than 10^-K",
        "below-K": "is more than 10^-K from the true (member 1) minimiser",
        "K-1-both": "is within 10^-(K-1) of both members' minimisers",
        "matches-printed": "is at the stored decimal's distance from the true minimiser, to its last digit"
        + ("" if st.get("verified_against_publication") is True else " (stored values not checked against the paper)"),
    }.get(str(st.get("property")), "?")
    return f"on {where}, each output of {nets} {text}"
