"""Machine-readable statements and evidence for the stripe claims of ``sci-oracle prove bhv``.

Bastounis–Hansen–Vlačić, arXiv:2109.06098, Theorem 2.2 (the project's reconstruction): each
function returns ``{"statement": ..., "evidence": ...}`` for :class:`~sci_oracle.core.report.Claim`
data, in the claim kinds that the independent kernel (``sci_oracle/kernel/stripes.py``) re-checks:
the family spec, the data T and V as exact points, networks as exact rational weights (binary64
weights are written as their exact dyadic values), and the witnesses.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from sci_oracle.barrier.certificate import machine_claim
from sci_oracle.classification.pieces import decide, evaluate, hidden_widths

__all__ = [
    "accuracy",
    "bound",
    "bound_steps",
    "dichotomy",
    "family_spec",
    "network",
    "part",
    "shift_witnesses",
    "stable",
]

Data = tuple[Sequence[Sequence[Fraction]], Sequence[int]]  # (points, labels)


def family_spec(fam: Any, delta: Any) -> dict[str, Any]:
    """The kernel's ``stripes`` spec of a :class:`~sci_oracle.families.stripes.StripeFamily` member."""
    return {
        "family": "stripes",
        "alternations": fam.alternations,
        "margin": str(fam.margin),
        "width": str(fam.width),
        "offset": str(fam.offset),
        "delta": str(Fraction(delta or 0)),
    }


def _data(d: Data) -> dict[str, Any]:
    return {"points": [[str(Fraction(c)) for c in p] for p in d[0]], "labels": [int(y) for y in d[1]]}


def network(layers: Any) -> list[dict[str, Any]]:
    """Exact rational layers as the kernel reads them: [{"W": rows, "b": biases}, …]."""
    return [
        {"W": [[str(Fraction(c)) for c in row] for row in W], "b": [str(Fraction(c)) for c in b]} for W, b in layers
    ]


def _base(kind: str, fam: Any, delta: Any, T: Data, V: Data, layers: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "family": family_spec(fam, delta),
        "T": _data(T),
        "V": _data(V),
        "network": network(layers),
    }


def accuracy(fam: Any, delta: Any, T: Data, V: Data, layers: Any) -> dict[str, Any]:
    """``stripe-accuracy``: the net classifies every point of T ∪ V correctly."""
    pts, labs = [*T[0], *V[0]], [*T[1], *V[1]]
    errors = sum(decide(evaluate(layers, p)[0]) != y for p, y in zip(pts, labs, strict=True))
    st = {**_base("stripe-accuracy", fam, delta, T, V, layers), "architecture": hidden_widths(layers)}
    return {"statement": st, "evidence": {"errors": errors}}


def shift_witnesses(layers: Any, points: Sequence[Sequence[Fraction]], labels: Sequence[int], eps: Fraction) -> list:
    """(index, η) for every point that the shift η = (0, −x₂) (‖η‖∞ = |x₂| < ε) misclassifies."""
    out = []
    for i, (p, y) in enumerate(zip(points, labels, strict=True)):
        if abs(p[1]) < eps and decide(evaluate(layers, [p[0], Fraction(0)])[0]) != y:
            out.append((i, (Fraction(0), -Fraction(p[1]))))
    return out


def dichotomy(
    fam: Any,
    delta: Any,
    T: Data,
    V: Data,
    layers: Any,
    *,
    eps: Fraction,
    outcome: str,
    at_least: int = 1,
    lemma3: bool = False,
    extra: tuple[Sequence[Fraction], Sequence[Fraction]] | None = None,
) -> dict[str, Any]:
    """``stripe-dichotomy``: an inaccuracy witness (the first misclassified point of T ∪ V), or the
    unstable points of the δ-shift, else ``extra`` = (x, η) from the exact search."""
    pts, labs = [list(p) for p in [*T[0], *V[0]]], [*T[1], *V[1]]
    wrong = [i for i, (p, y) in enumerate(zip(pts, labs, strict=True)) if decide(evaluate(layers, p)[0]) != y]
    unstable = [] if wrong else shift_witnesses(layers, pts, labs, eps)
    if not wrong and not unstable and extra is not None:
        unstable = [(pts.index(list(extra[0])), tuple(extra[1]))]
    st = {
        **_base("stripe-dichotomy", fam, delta, T, V, layers),
        "eps": str(eps),
        "outcome": outcome,
        "at_least": at_least,
        "lemma3": lemma3,
    }
    ev = {
        "inaccurate": wrong[0] if wrong else None,
        "unstable": [{"point": i, "eta": [str(c) for c in e]} for i, e in unstable],
    }
    return {"statement": st, "evidence": ev, "witnesses": len(unstable), "inaccurate": bool(wrong)}


def stable(fam: Any, delta: Any, T: Data, V: Data, layers: Any, *, eps: Fraction) -> dict[str, Any]:
    """``stripe-stable``: the one-hidden-layer, x₁-only net ψ equals f on every closed ε-ball."""
    W, b = layers[0]
    kinks = {-Fraction(bi) / Fraction(r[0]) for r, bi in zip(W, b, strict=True) if r[0] != 0}
    st = {**_base("stripe-stable", fam, delta, T, V, layers), "eps": str(eps), "width": len(W)}
    return {"statement": st, "evidence": {"breakpoints": len(kinks)}}


def bound(
    architecture: Sequence[int], q: int, r: int, s: int, p: Fraction, stripes: int, b: Fraction
) -> dict[str, Any]:
    """``stripe-bound``: M = P + 2q stripes and M(1 − 1/M)^(r+s) ≤ p, exact."""
    st = {"kind": "stripe-bound", "architecture": list(architecture), "q": q, "r": r, "s": s, "p": str(p)}
    return {"statement": {**st, "stripes": stripes}, "evidence": {"bound": str(b)}}


def part(name: str, status: str, data: dict[str, Any]) -> dict[str, Any]:
    """One part of an ``each`` claim (a checked claim on instances)."""
    return machine_claim(name, status, data["statement"], data["evidence"])


def bound_steps(stripes: int, n0: int, p: Fraction) -> list[dict[str, Any]]:
    """Symbolic steps (re-checked by ``sci_oracle/kernel/symbolic.py``): for every sample size
    n ≥ n0, M·X ≤ p with X = (1 − 1/M)^n ∈ (0, (1 − 1/M)^n0] (X decreasing in n)."""
    import sympy

    X, n = sympy.Symbol("X"), sympy.Symbol("n")
    hi = Fraction(stripes - 1, stripes) ** n0
    return [
        {
            "claim": "A0 probability bound",
            "step": f"p - M X >= 0 for X = (1 - 1/M)^n, M = {stripes}, every n >= r + s = {n0}",
            "expr": sympy.srepr(sympy.Rational(p.numerator, p.denominator) - stripes * X),
            "assert": "nonnegative",
            "assumptions": {"X": {"lo": "0", "lo_open": True, "hi": str(hi), "hi_open": False}},
            "bindings": {
                "X": {"expr": sympy.srepr(sympy.Rational(stripes - 1, stripes) ** n), "param": "n", "from": n0}
            },
            "method": "positive-coefficients",
        }
    ]
