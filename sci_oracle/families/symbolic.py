"""Symbolic proofs, with sympy, of the facts of the PNAS 2022 Theorem 1(a) solver family.

Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1 and SI; the closed forms are
those of :mod:`sci_oracle.families.pnas` (docs/theory.md §2). Every fact is proved for all
parameters of a stated domain rather than on instances:

- K enters only through X = 10^K ≥ 10^3 (K ≥ 3) and n only through δ = 2^-(n+1) ∈ (0, 1/4]
  (n ≥ 1); both maps are recorded as ``bindings`` that the kernel re-checks (monotone, image
  inside the interval);
- λ enters as ρ = λw₁/10^K ∈ (0, ρ_max], ε as ε ∈ (0, 1/4], the weight as w₁ > 0;
- each fact is one or more *steps*: an identity (a rational expression whose numerator expands
  to 0), or a sign claim proved by substituting every variable with a fresh v ≥ 0 and reading the
  sign off the coefficients (docs/theory.md §4).

The steps are decided here with sympy's own sign logic and recorded as dicts for
``sci_oracle.kernel.symbolic.check_symbolic_steps``, which re-decides them independently.
Over these real intervals the proofs are stronger than needed (K, n need only be integers).
"""

from __future__ import annotations

import copy
import functools
from fractions import Fraction
from typing import Any

import sympy

from sci_oracle.core.errors import InvalidArgument

__all__ = ["DOMAINS", "decide_step", "in_domain", "solver_family_steps", "training_steps"]

X, d, rho, eps, w1, r = sympy.symbols("X delta rho epsilon w1 r", positive=True)
K_, n_ = sympy.symbols("K n", integer=True, positive=True)

# proven parameter domains (rho = λw₁/10^K); the family's actual parameters are checked against them
RHO_MAX = {"srlasso": Fraction(2, 5), "ulasso": Fraction(1, 4)}
EPS_MAX = Fraction(1, 4)

_X = {"lo": "1000", "lo_open": False, "hi": None}
_D = {"lo": "0", "lo_open": True, "hi": "1/4"}
_POS = {"lo": "0", "lo_open": True, "hi": None}
_BIND = {
    "X": {"expr": sympy.srepr(10**K_), "param": "K", "from": 3},
    "delta": {"expr": sympy.srepr(2 ** (-n_ - 1)), "param": "n", "from": 1},
}
DOMAINS = {
    "qcbp": "K ≥ 3, n ≥ 1, 0 < ε ≤ 1/4, w₁ > 0",
    "ulasso": "K ≥ 3, n ≥ 1, 0 < λw₁ ≤ 10^K/4",
    "srlasso": "K ≥ 3, n ≥ 1, 0 < λw₁ ≤ 2·10^K/5",
}


def _c(params: str) -> sympy.Expr:
    return sympy.sqrt(2) * X / 3 if params == "paper" else X / 2


def _t(problem: str, a: sympy.Expr) -> sympy.Expr:
    """The closed-form one-dimensional minimiser t(a) (families/pnas.py)."""
    if problem == "srlasso":
        return 1 / a
    if problem == "ulasso":
        return 1 / a - rho * X / (2 * a**2)
    return (1 - eps) / a


def _assumptions(expr: sympy.Expr) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for s in expr.free_symbols:
        if s == X:
            out["X"] = dict(_X)
        elif s == d:
            out["delta"] = dict(_D)
        elif s == rho:
            out["rho"] = {"lo": "0", "lo_open": True, "hi": None}  # set per problem below
        elif s == eps:
            out["epsilon"] = {"lo": "0", "lo_open": True, "hi": str(EPS_MAX)}
        elif s == r:
            out["r"] = {"lo": "1", "lo_open": False, "hi": None}
        elif s.name == "w":
            out["w"] = {"lo": "0", "lo_open": True, "hi": "1"}
        else:
            out[s.name] = dict(_POS)
    return out


def _step(claim: str, text: str, expr: sympy.Expr, want: str, problem: str) -> dict[str, Any]:
    method = "identity" if want == "zero" else "positive-coefficients"
    assumptions = _assumptions(expr) if method != "identity" else {}
    if "rho" in assumptions:
        assumptions["rho"]["hi"] = str(RHO_MAX[problem])
    bindings = {k: v for k, v in _BIND.items() if k in assumptions}
    step = {"claim": claim, "step": text, "expr": sympy.srepr(expr), "assert": want, "method": method}
    if method != "identity":
        step["assumptions"] = assumptions
        step["bindings"] = bindings
    return step


def solver_family_steps(problem: str, params: str = "paper") -> dict[str, list[dict[str, Any]]]:
    """The recorded steps for the separation, monotonicity, agreement and KKT claims of
    ``PNASFamily(problem, params=params)``, keyed by claim (fresh copies of cached steps)."""
    return copy.deepcopy(_steps(problem, params))


@functools.cache
def _steps(problem: str, params: str) -> dict[str, list[dict[str, Any]]]:
    if problem not in ("qcbp", "ulasso", "srlasso"):
        raise InvalidArgument(f"problem={problem!r} is invalid: choose one of qcbp, ulasso, srlasso")
    if params not in ("paper", "rational"):
        raise InvalidArgument(f"params={params!r} is invalid: choose one of paper, rational")
    c = _c(params)
    a = c + d  # a_j of member (j, n); the other tied entries equal c
    t = _t(problem, a)
    aa = sympy.Symbol("a", positive=True)
    sep = [
        _step(
            "separation",
            "√2·t(c + δ) − 2·10^-K > 0: the members' minimisers are more than 2·10^-K apart",
            sympy.sqrt(2) * t - 2 / X,
            "positive",
            problem,
        )
    ]
    mono = [
        _step(
            "monotonicity",
            "−t'(a) > 0 at a = c + δ: t is decreasing on [c, c + 1/4], so n = 1 is the worst case",
            -sympy.diff(_t(problem, aa), aa).subs(aa, a),
            "positive",
            problem,
        )
    ]
    # agreement: every entry of ι^j_n is within δ of ι⁰; s = ‖a‖ changes by at most δ (r = √N1 ≥ 1)
    s2_member = r**2 * c**2 + 2 * c * d + d**2  # ‖c·1 + δe_j‖² with N1 = r²
    u = sympy.Symbol("u", positive=True)  # 2^-(m+1) for a level m ≤ n: δ = u·w, w ∈ (0, 1]
    wgt = sympy.Symbol("w", positive=True)
    agree = [
        _step(
            "agreement",
            "a_j: (c + δ) − c − δ = 0 (the tied block moves by exactly δ)",
            (c + d) - c - d,
            "zero",
            problem,
        ),
        _step("agreement", "‖a‖ grows: ‖c·1 + δe_j‖² − ‖c·1‖² > 0", s2_member - r**2 * c**2, "positive", problem),
        _step(
            "agreement",
            "‖a‖ grows by at most δ: (‖c·1‖ + δ)² − ‖c·1 + δe_j‖² ≥ 0 (N1 = r², r ≥ 1)",
            (r * c + d) ** 2 - s2_member,
            "nonnegative",
            problem,
        ),
        _step(
            "agreement",
            "levels m ≤ n: 2^-m − 2^-(m+1) − 2^-(n+1) ≥ 0 (rounding error + member gap fit the oracle's 2^-m)",
            2 * u - u - u * wgt,
            "nonnegative",
            problem,
        ),
    ]
    kkt = _kkt_steps(problem, c, a, t)
    return {"separation": sep, "monotonicity": mono, "agreement": agree, "kkt": kkt}


def _kkt_steps(problem: str, c: sympy.Expr, a: sympy.Expr, t: sympy.Expr) -> list[dict[str, Any]]:
    """KKT of z = t(a_j)·e_j with its dual certificate, in the conventions of core/problems.py."""
    steps = []
    if problem == "srlasso":
        ell = rho * X  # λw₁
        v1 = -ell / a  # dual v = −(λw₁/a_j)·e₁ (r = 0 branch)
        steps += [
            _step("kkt", "residual a_j·t − 1 = 0 (Az = y)", a * t - 1, "zero", problem),
            _step("kkt", "stationarity on the support: −a_j·v₁ − λw₁ = 0", -a * v1 - ell, "zero", problem),
            _step("kkt", "off the support, strict: λw₁ − c·|v₁| > 0", ell + c * v1, "positive", problem),
            _step("kkt", "dual norm < 1: 1 − v₁² > 0", 1 - v1**2, "positive", problem),
            _step("kkt", "sign: t > 0", t, "positive", problem),
            _step(
                "kkt",
                "tie (δ = 0): λw₁ − c·λw₁/c = 0, vertices t(c)·e_i are minimisers",
                ell - c * ell / c,
                "zero",
                problem,
            ),
        ]
    elif problem == "ulasso":
        ell = rho * X
        g = 2 * a * (a * t - 1)  # 2a_j·(a_j t − 1): the gradient on the support column
        steps += [
            _step("kkt", "stationarity on the support: 2a_j(a_j t − 1) + λw₁ = 0", g + ell, "zero", problem),
            _step("kkt", "off the support, strict: λw₁ − |2c(a_j t − 1)| > 0", ell - c * ell / a, "positive", problem),
            _step("kkt", "the residual is a_j t − 1 = −λw₁/(2a_j)", a * t - 1 + ell / (2 * a), "zero", problem),
            _step("kkt", "sign: t > 0", t, "positive", problem),
        ]
    else:
        mu = w1 / (eps * a)  # the multiplier of the constraint
        steps += [
            _step("kkt", "active constraint: (a_j t − 1)² − ε² = 0", (a * t - 1) ** 2 - eps**2, "zero", problem),
            _step(
                "kkt",
                "stationarity on the support: −μ·a_j·(a_j t − 1) − w₁ = 0",
                -mu * a * (a * t - 1) - w1,
                "zero",
                problem,
            ),
            _step(
                "kkt",
                "off the support, strict: (w₁ − μ·c·ε)/w₁ > 0",
                sympy.cancel((w1 - mu * c * eps) / w1),
                "positive",
                problem,
            ),
            _step("kkt", "multiplier μ = w₁/(ε a_j) > 0: μ/w₁ > 0", sympy.cancel(mu / w1), "positive", problem),
            _step("kkt", "sign: t > 0", t, "positive", problem),
        ]
    return steps


def training_steps(problem: str, params: str = "paper") -> dict[str, list[dict[str, Any]]]:
    """Steps for the training form (families/training.py): the j = 1, 2 test solutions at
    y* = (5, 10, 0, …) are √2·t*(c + δ) apart, t* the block-1 coordinate of the test solution,
    more than 2·10^-K for every n ≥ 1. SR-LASSO t*(a) = 5/a, U-LASSO t*(a) = (5a − λw₁/2)/a²;
    QCBP's water-filling form is not covered (empty dict)."""
    if problem not in ("ulasso", "srlasso"):
        return {}
    c = _c(params)
    a = c + d
    t_test = 5 / a if problem == "srlasso" else (5 * a - rho * X / 2) / a**2
    return {
        "training-separation": [
            _step(
                "training-separation",
                "√2·t*(c + δ) − 2·10^-K > 0: the j = 1, 2 test solutions are more than 2·10^-K apart",
                sympy.sqrt(2) * t_test - 2 / X,
                "positive",
                problem,
            ),
            _step("training-separation", "t*(c + δ) > 0 (the test solution is nonzero)", t_test, "positive", problem),
        ]
    }


def decide_step(step: dict[str, Any]) -> bool:
    """The producer's own decision of a step, with sympy's assumption system (the kernel re-decides
    independently by coefficient signs): identities by ``simplify``, signs by substituting each
    variable's interval with nonnegative symbols and asking sympy for the sign."""
    expr = sympy.parse_expr(step["expr"], local_dict=_LOCALS)
    if step["method"] == "identity":
        return bool(sympy.simplify(expr) == 0)
    subs = {}
    for sym in expr.free_symbols:
        spec = step["assumptions"][sym.name]
        v = sympy.Symbol(f"v_{sym.name}", nonnegative=True)
        lo = sympy.Rational(spec["lo"])
        subs[sym] = lo + v if spec["hi"] is None else lo + (sympy.Rational(spec["hi"]) - lo) / (1 + v)
    num, den = sympy.fraction(sympy.together(expr.subs(subs)))
    vs = sorted({v for e in subs.values() for v in e.free_symbols}, key=str)
    sn, sd = _sign(num, vs), _sign(den, vs)
    if sd not in ("positive", "negative") or sn is None:
        return False
    if sd == "negative":
        sn = {"positive": "negative", "negative": "positive", "nonnegative": "nonpositive"}.get(sn, sn)
    return step["assert"] == sn or (step["assert"] == "nonnegative" and sn in ("positive", "zero"))


def _num_sign(cf: sympy.Expr) -> int | None:
    for simplify in (False, True):
        e = sympy.simplify(cf) if simplify else cf
        if e.is_zero:
            return 0
        if e.is_positive:
            return 1
        if e.is_negative:
            return -1
    return None


def _sign(p: sympy.Expr, vs: list[sympy.Symbol]) -> str | None:
    """Sign on v ≥ 0 from the coefficients, each decided by sympy's ``is_positive``/``is_zero``."""
    terms = sympy.Poly(sympy.expand(p), *vs).terms() if vs else [((), p)]
    signs = [_num_sign(cf) for _, cf in terms]
    pos = [sg == 1 for sg in signs]
    zero = [sg == 0 for sg in signs]
    neg = [sg == -1 for sg in signs]
    const = next((i for i, (m, _) in enumerate(terms) if not any(m)), None)
    if all(pz or zz for pz, zz in zip(pos, zero, strict=True)):
        return "positive" if const is not None and pos[const] else "nonnegative"
    if all(nz or zz for nz, zz in zip(neg, zero, strict=True)):
        return "negative" if const is not None and neg[const] else "nonpositive"
    return None


_LOCALS = {
    **{name: getattr(sympy, name) for name in ("Symbol", "Integer", "Rational", "Add", "Mul", "Pow")},
    **{name: getattr(sympy.S, name) for name in ("Half", "One", "Zero", "NegativeOne")},
}


def in_domain(problem: str, K: int, lam_w1: Fraction | None, eps_value: Fraction | None) -> tuple[bool, str]:
    """Exact check that a family's parameters lie in the proven domain; returns (ok, reason)."""
    if K < 3:
        return False, f"K = {K} < 3 is outside the proven domain"
    if problem in RHO_MAX:
        assert lam_w1 is not None
        bound = RHO_MAX[problem] * 10**K
        if not 0 < lam_w1 <= bound:
            return False, f"λw₁ = {lam_w1} is outside the proven domain 0 < λw₁ ≤ {RHO_MAX[problem]}·10^K"
    elif eps_value is None or not 0 < eps_value <= EPS_MAX:
        return False, f"ε = {eps_value} is outside the proven domain 0 < ε ≤ 1/4"
    return True, ""
