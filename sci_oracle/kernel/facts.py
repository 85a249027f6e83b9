"""What an all-parameters claim about the PNAS 2022 Theorem 1 family must prove: the kernel's own
statement of each fact, so that recorded sympy steps cannot be swapped for weaker true ones.

Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1 and SI §2; the closed forms are
those of :mod:`sci_oracle.kernel.family`. With X = 10^K, δ = 2^-(n+1), ρ = λw₁/10^K, c = √2·X/3
(``params="paper"``) or X/2, a = c + δ and t the one-dimensional minimiser:

- ``separation``: √2·t(a) − 2/X > 0 (the members' minimisers are more than 2·10^-K apart);
- ``monotonicity``: −t'(a) > 0 (t decreases, so n = 1 is the worst case);
- ``agreement``: the tied block moves by δ and ‖a‖ by at most δ; 2^-m − 2^-(m+1) − 2^-(n+1) ≥ 0;
- ``kkt``: the closed-form minimiser with its dual certificate satisfies the KKT conditions;
- ``training-separation``: the same for the test solutions t* of the training form;
- ``stripe-bound`` (Bastounis–Hansen–Vlačić, the project's stripe family): p − M·X ≥ 0 for
  X = (1 − 1/M)^n over every sample size n ≥ r + s, so the miss probability is at most p.

A step matches when its tag, assertion, method and expression (equal as rational functions) are
the kernel's, and its domain is exactly the kernel's: K ≥ 3 and n ≥ 1 through the bindings, and the
parameter intervals below, which the family's own parameters must lie in.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import sympy

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel.numbers import KernelError
from sci_oracle.kernel.symbolic import parse_srepr

X, dl, rho, eps, w1, r, u, w = sympy.symbols("X delta rho epsilon w1 r u w", positive=True)
Kp, np_ = sympy.symbols("K n", integer=True, positive=True)
a_ = sympy.Symbol("a", positive=True)
RHO_MAX = {"srlasso": Fraction(2, 5), "ulasso": Fraction(1, 4)}
_INTERVALS = {
    "X": {"lo": "1000", "lo_open": False, "hi": None},
    "delta": {"lo": "0", "lo_open": True, "hi": "1/4"},
    "epsilon": {"lo": "0", "lo_open": True, "hi": "1/4"},
    "r": {"lo": "1", "lo_open": False, "hi": None},
    "w": {"lo": "0", "lo_open": True, "hi": "1"},
}
_BINDINGS = {"X": (10**Kp, "K", 3), "delta": (2 ** (-np_ - 1), "n", 1)}
STEP_KEYS = {"claim", "expr", "assert", "method"}  # no words: the statement is the kernel's


def _t(problem: str, a: Any, test: bool = False) -> Any:
    if problem == "srlasso":
        return (5 if test else 1) / a
    if problem == "ulasso":
        return (5 * a - rho * X / 2) / a**2 if test else 1 / a - rho * X / (2 * a**2)
    return (1 - eps) / a


def _identity(build: Any) -> Any:
    """An identity E = 0 as the template writes E, unevaluated: sympy would cancel (a·t − 1)² − ε²
    to 0 while building it, and Coq and the SMT engines would then be handed ``0 = 0``."""
    with sympy.evaluate(False):
        return build()


def expected(problem: str, params: str, tag: str) -> list[tuple[str, Any]]:
    """The kernel's (assert, expression) list for one fact of one problem; each identity (assert
    ``zero``) is built unevaluated, as the template states it."""
    c = sympy.sqrt(2) * X / 3 if params == "paper" else X / 2
    a, ell = c + dl, rho * X
    t = _t(problem, a)
    if tag == "separation":
        return [("positive", sympy.sqrt(2) * t - 2 / X)]
    if tag == "monotonicity":
        return [("positive", -sympy.diff(_t(problem, a_), a_).subs(a_, a))]
    if tag == "training-separation" and problem != "qcbp":
        ts = _t(problem, a, test=True)
        return [("positive", sympy.sqrt(2) * ts - 2 / X), ("positive", ts)]
    if tag == "agreement":
        grown = r**2 * c**2 + 2 * c * dl + dl**2  # ‖c·1 + δe_j‖², N1 = r²
        return [
            ("zero", _identity(lambda: (c + dl) - c - dl)),  # the tied block moves by exactly δ
            ("positive", grown - r**2 * c**2),
            ("nonnegative", (r * c + dl) ** 2 - grown),
            ("nonnegative", u - u * w),
        ]
    if tag == "kkt" and problem == "srlasso":
        v = -ell / a
        return [
            ("zero", _identity(lambda: a * t - 1)),
            ("zero", _identity(lambda: -a * v - ell)),
            ("positive", ell + c * v),
            ("positive", 1 - v**2),
            ("positive", t),
            ("zero", _identity(lambda: ell - c * ell / c)),  # the tie δ = 0: vertices t(c)·e_i are minimisers
        ]
    if tag == "kkt" and problem == "ulasso":
        return [
            ("zero", _identity(lambda: 2 * a * (a * t - 1) + ell)),
            ("positive", ell - c * ell / a),
            ("zero", _identity(lambda: a * t - 1 + ell / (2 * a))),
            ("positive", t),
        ]
    if tag == "kkt" and problem == "qcbp":
        mu = w1 / (eps * a)
        return [
            ("zero", _identity(lambda: (a * t - 1) ** 2 - eps**2)),
            ("zero", _identity(lambda: -mu * a * (a * t - 1) - w1)),
            ("positive", (w1 - mu * c * eps) / w1),
            ("positive", mu / w1),
            ("positive", t),
        ]
    raise KernelError(f"symbolic steps: the kernel knows no fact {tag!r} for {problem}")


_FACTS = {
    "kkt": "for every n ≥ 1 and j = 1, 2, the closed-form minimiser t(a_j)·e_j of member j of pair n of {F} passes "
    "KKT with a dual certificate strict off the support (the hypotheses of Lemma U)",
    "agreement": "for every n ≥ 1, the members of pair n of {F} agree with the limit up to level n",
    "separation": "for every n ≥ 1, the minimisers of members 1 and 2 of pair n of {F} are more than 2·10^-K apart",
    "monotonicity": "t(a) decreases for a > c on {F}, so the separation of pair n grows with n (n = 1 is the "
    "worst case)",
    "training-separation": "for every n ≥ 1, the test solutions of members 1 and 2 of pair n of {F} are more than "
    "2·10^-K apart",
}


def statement(tag: Any, spec: Any) -> str:
    """What the fact ``tag`` states for the family ``spec``, over the kernel's proven domain."""
    from sci_oracle.kernel import text

    if tag not in _FACTS:
        return f"(no fact {str(tag)[:40]!r} is known to the kernel)"
    problem = spec.get("problem") if isinstance(spec, dict) else None
    dom = "K ≥ 3, n ≥ 1"
    if problem in RHO_MAX:
        dom += f", 0 < λw₁ ≤ {RHO_MAX[problem]}·10^K"
    elif problem == "qcbp":
        dom += ", 0 < ε ≤ 1/4"
    return _FACTS[tag].format(F=text.family(spec)) + f" (sympy steps over {dom}, re-checked by the kernel)"


def stripe_statement(st: dict[str, Any]) -> str:
    return f"M(1 − 1/M)^n ≤ p = {st['p']} for every sample size n ≥ r + s = {st['r']} + {st['s']} (sympy step)"


def _interval(name: str, problem: str) -> dict[str, Any]:
    if name == "rho":
        return {"lo": "0", "lo_open": True, "hi": str(RHO_MAX[problem])}
    return _INTERVALS.get(name, {"lo": "0", "lo_open": True, "hi": None})


def _same_expr(e: Any, f: Any) -> bool:
    diff = sympy.together(e - f)
    return bool(sympy.expand(sympy.fraction(diff)[0]) == 0 or sympy.simplify(diff) == 0)


def statements(family: Any, tag: str) -> list[tuple[str, Any, dict[str, Any]]]:
    """(assert, expression, domain) of each step of fact ``tag`` on ``family``, as the kernel states
    them: what ``verify --smt`` hands z3 and cvc5, never the certificate's own expressions."""
    out = []
    for assertion, expr in expected(family.problem, family.params, tag):
        out.append((assertion, expr, {x.name: _interval(x.name, family.problem) for x in expr.free_symbols}))
    return out


def stripe_statements(st: dict[str, Any]) -> list[tuple[str, Any, dict[str, Any]]]:
    """The same for a ``stripe-bound`` claim (its one step)."""
    want = _stripe_want(st)
    return [(want["assert"], want["expr"], want["assumptions"])]


def _stripe_want(st: dict[str, Any]) -> dict[str, Any]:
    M = q.integer(st["stripes"], "statement stripes", 2, 100_000)
    n0 = q.integer(st["r"], "statement r", 1, 50_000) + q.integer(st["s"], "statement s", 1, 50_000)
    p = q.rational(st["p"], "statement p")
    x, n = sympy.Symbol("X"), sympy.Symbol("n")
    hi = Fraction(M - 1, M) ** n0
    return {
        "expr": sympy.Rational(p.numerator, p.denominator) - M * x,
        "assert": "nonnegative",
        "assumptions": {"X": {"lo": "0", "lo_open": True, "hi": str(hi), "hi_open": False}},
        "bindings": {"X": (sympy.Rational(M - 1, M) ** n, "n", n0)},
    }


def check_stripe_bound(steps: Any, st: dict[str, Any]) -> None:
    """The one step of a ``stripe-bound`` claim: p − M·X ≥ 0 on X ∈ (0, (1 − 1/M)^(r+s)], with
    X = ((M − 1)/M)^n bound to every n ≥ r + s (the statement's own M, r, s, p)."""
    want = _stripe_want(st)
    if not isinstance(steps, list) or len(steps) != 1 or not isinstance(steps[0], dict):
        raise KernelError("symbolic steps: a stripe-bound claim carries exactly one step")
    _match(steps[0], want, "symbolic step 0 (stripe-bound)")


def _match(s: dict[str, Any], want: dict[str, Any], where: str) -> None:
    """One recorded step against the kernel's: keys, method, expression, domain and bindings."""
    method = "identity" if want["assert"] == "zero" else "positive-coefficients"
    keys = STEP_KEYS | (set() if method == "identity" else {"assumptions", "bindings"})
    if set(s) != keys or s["method"] != method or s["assert"] != want["assert"]:
        raise KernelError(f"{where}: keys must be {sorted(keys)}, method {method!r}, assert {want['assert']!r}")
    if not _same_expr(parse_srepr(s["expr"]), want["expr"]):
        raise KernelError(f"{where}: the expression is not the kernel's for this fact")
    if method == "identity":
        return
    if json.dumps(s["assumptions"], sort_keys=True) != json.dumps(want["assumptions"], sort_keys=True):
        raise KernelError(f"{where}: the domain is not the kernel's ({want['assumptions']})")
    b = s["bindings"]
    if not isinstance(b, dict) or set(b) != set(want["bindings"]):
        raise KernelError(f"{where}: bindings must tie exactly {sorted(want['bindings'])}")
    for x, spec in b.items():
        f, param, start = want["bindings"][x]
        if not isinstance(spec, dict) or set(spec) != {"expr", "param", "from"}:
            raise KernelError(f"{where}: binding {x} has keys expr, param, from")
        if spec["param"] != param or spec["from"] != start or type(spec["from"]) is not int:
            raise KernelError(f"{where}: binding {x} must run over {param} ≥ {start}")
        if parse_srepr(spec["expr"]) != f:
            raise KernelError(f"{where}: binding {x} is not the kernel's map")


def check_facts(steps: list[Any], tag: str, family: Any) -> None:
    """The steps are the kernel's steps of fact ``tag`` on ``family`` (a rebuilt PNAS or training
    family), in order, over exactly the kernel's domain; the family lies in that domain."""
    problem, params = family.problem, family.params
    if family.K < 3:
        raise KernelError("symbolic steps: the proofs cover K ≥ 3 only")
    if problem in RHO_MAX and not family.par * getattr(family, "w1", 1) <= RHO_MAX[problem] * 10**family.K:
        raise KernelError(f"symbolic steps: λw₁ is outside the proven domain 0 < λw₁ ≤ {RHO_MAX[problem]}·10^K")
    want = expected(problem, params, tag)
    if len(steps) != len(want):
        raise KernelError(f"symbolic steps: fact {tag!r} takes {len(want)} steps, the file has {len(steps)}")
    for i, (s, (assertion, expr)) in enumerate(zip(steps, want, strict=True)):
        where = f"symbolic step {i} ({tag})"
        if not isinstance(s, dict) or s.get("claim") != tag:
            raise KernelError(f"{where}: expected a {assertion!r} step of fact {tag!r}")
        names = sorted(x.name for x in parse_srepr(s.get("expr")).free_symbols)  # as recorded (after cancelling)
        domain = {x: _interval(x, problem) for x in names}
        binds = {x: _BINDINGS[x] for x in _BINDINGS if x in domain}
        _match(s, {"expr": expr, "assert": assertion, "assumptions": domain, "bindings": binds}, where)
