"""Independent re-check of recorded symbolic proof steps (``data["symbolic_steps"]`` of a claim).

The proof script ``proofs/pnas_theorem1.py`` proves the PNAS 2022 Theorem 1 family facts
(separation, monotonicity of t, agreement, KKT identities; docs/theory.md §3) over symbolic
parameters and records each step as a dict; this module re-decides every step from the dict alone.
It imports only the standard library and sympy (never the rest of sci_oracle), and it never
calls ``eval``: expressions arrive as sympy ``srepr`` strings and are rebuilt by a small
allow-listed AST walker, so a forged file cannot run code.

Step format (docs/theory.md §4)::

    {"claim": str, "step": str,                 # which claim, and the step in words
     "expr": str,                               # sympy srepr of the expression E
     "assert": "zero" | "positive" | "nonnegative" | "negative",
     "assumptions": {name: {"lo": "1000", "lo_open": False, "hi": "1/4" | None, "hi_open": False}},
     "bindings": {name: {"expr": srepr, "param": "K", "from": 3}},   # optional
     "method": "identity" | "positive-coefficients"}

- ``identity``: E is rebuilt, put over one denominator, and its expanded numerator must be 0
  (``assert`` must be ``zero``).
- ``positive-coefficients``: every free symbol of E must have an interval in ``assumptions``:
  ``[lo, ∞)``/``(lo, ∞)`` is substituted by lo + v, ``(lo, hi]`` by lo + (hi − lo)/(1 + v), with a
  fresh v ≥ 0 (an open lower end is proved over its closure, which is stronger). E is put over
  one denominator; numerator and denominator are expanded as polynomials in the v's, and each
  polynomial's sign follows from the signs of its coefficients (all ≥ 0 with a positive constant
  term: positive on v ≥ 0). Each coefficient must be a rational number or a + b·√d with a, b, d
  rational; its sign is decided exactly (compare a² with b²d), never by floating point.
- ``bindings`` ties a variable to an integer parameter, e.g. X = 10^K for K ≥ 3: the kernel checks
  that the map is strictly monotone in the parameter and that its image lies in the variable's
  interval (increasing: the value at ``from`` is ≥ lo and hi is ∞; decreasing: the value at
  ``from`` is ≤ hi and the map stays above lo).
"""

from __future__ import annotations

import ast
from fractions import Fraction
from typing import Any

import sympy

__all__ = ["check_symbolic_steps", "parse_srepr"]

ASSERTS = ("zero", "positive", "nonnegative", "negative")
METHODS = ("identity", "positive-coefficients")

# constructors that srepr emits for the expressions the proofs use; nothing else is callable
_CALLABLES: dict[str, Any] = {
    "Symbol": sympy.Symbol,
    "Dummy": sympy.Symbol,
    "Integer": sympy.Integer,
    "Rational": sympy.Rational,
    "Add": sympy.Add,
    "Mul": sympy.Mul,
    "Pow": sympy.Pow,
    "Abs": sympy.Abs,
    "log": sympy.log,
    "exp": sympy.exp,
    "sqrt": sympy.sqrt,
}
_CONSTANTS: dict[str, Any] = {
    "Half": sympy.S.Half,
    "One": sympy.S.One,
    "Zero": sympy.S.Zero,
    "NegativeOne": sympy.S.NegativeOne,
    "pi": sympy.pi,
    "E": sympy.E,
}
_MAX_LEN = 200_000
_MAX_EXP = 4096


def parse_srepr(text: Any) -> sympy.Expr:
    """Rebuild a sympy expression from its ``srepr`` without ``eval``: only allow-listed
    constructors with literal arguments (ints, strings, booleans) are accepted."""
    if not isinstance(text, str) or len(text) > _MAX_LEN:
        raise ValueError(f"expr is invalid: expected a srepr string of at most {_MAX_LEN} characters")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"expr is invalid: not a srepr string ({exc.msg})") from None
    return _build(tree.body)


def _build(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, str, bool)):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        val = _build(node.operand)
        if isinstance(val, int) and not isinstance(val, bool):
            return -val
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CALLABLES:
        args = [_build(a) for a in node.args]
        kwargs = {}
        for kw in node.keywords:
            val = _build(kw.value)
            if kw.arg is None or not isinstance(val, bool):
                raise ValueError("expr is invalid: only boolean keyword arguments (assumptions) are allowed")
            kwargs[kw.arg] = val
        fn = node.func.id
        if fn in ("Symbol", "Dummy"):
            if len(args) != 1 or not isinstance(args[0], str):
                raise ValueError("expr is invalid: Symbol takes one name")
        elif kwargs:
            raise ValueError(f"expr is invalid: {fn} takes no keyword arguments")
        if fn == "Pow" and len(args) == 2 and getattr(args[1], "is_Integer", False) and abs(args[1]) > _MAX_EXP:
            # a forged file must not make the kernel expand 10^(10^9)
            raise ValueError(f"expr is invalid: integer exponent {args[1]} exceeds {_MAX_EXP}")
        return _CALLABLES[fn](*args, **kwargs)
    raise ValueError(f"expr is invalid: {ast.dump(node)[:80]} is not an allowed srepr node")


def _rational(text: Any, what: str) -> sympy.Rational:
    try:
        return sympy.Rational(Fraction(str(text)))
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{what}={text!r} is invalid: expected an exact rational such as '1/4'") from None


def _surd_sign(c: sympy.Expr) -> int | None:
    """Exact sign of a rational or of a + b·√d (a, b, d rational, d > 0); None otherwise."""
    c = sympy.expand(c)
    if c.is_Rational:
        return int(sympy.sign(c))
    surds = {p for p in c.atoms(sympy.Pow) if p.exp == sympy.S.Half and p.base.is_Rational and p.base > 0}
    if len(surds) != 1:
        return None
    s = surds.pop()
    b = sympy.expand(c).coeff(s)
    a = sympy.expand(c - b * s)
    if not (a.is_Rational and b.is_Rational):
        return None
    d = s.base
    sa, sb = int(sympy.sign(a)), int(sympy.sign(b))
    if sa == sb or sb == 0:
        return sa
    if sa == 0:
        return sb
    # a and b·√d have opposite signs: the larger square wins
    diff = a * a - b * b * d
    return sa if diff > 0 else sb if diff < 0 else 0


def _poly_sign(p: sympy.Expr, vs: list[sympy.Symbol]) -> str | None:
    """'positive', 'nonnegative', 'negative', 'nonpositive' or 'zero' for all v ≥ 0, from the signs of
    the coefficients; None when the coefficients have mixed signs or are not decidable."""
    p = sympy.expand(p)
    if p == 0:
        return "zero"
    poly = sympy.Poly(p, *vs) if vs else None
    terms = poly.terms() if poly is not None else [((), p)]
    signs, const = [], 0
    for monom, coeff in terms:
        s = _surd_sign(coeff)
        if s is None:
            return None
        signs.append(s)
        if not any(monom):
            const = s
    if all(s >= 0 for s in signs):
        return "positive" if const > 0 else "nonnegative"
    if all(s <= 0 for s in signs):
        return "negative" if const < 0 else "nonpositive"
    return None


def _interval(name: str, spec: Any) -> tuple[sympy.Rational, bool, sympy.Rational | None, bool]:
    if not isinstance(spec, dict) or "lo" not in spec:
        raise ValueError(f"assumptions[{name!r}] is invalid: expected {{'lo': ..., 'hi': ... or None}}")
    lo = _rational(spec["lo"], f"assumptions[{name!r}].lo")
    hi = None if spec.get("hi") is None else _rational(spec["hi"], f"assumptions[{name!r}].hi")
    lo_open, hi_open = bool(spec.get("lo_open", False)), bool(spec.get("hi_open", False))
    if hi is not None and (hi <= lo or hi_open or not lo_open):
        raise ValueError(f"assumptions[{name!r}] is invalid: a bounded interval must be (lo, hi] with lo < hi")
    return lo, lo_open, hi, hi_open


def _check_binding(name: str, spec: Any, interval: tuple[Any, bool, Any, bool]) -> str | None:
    if not isinstance(spec, dict) or not {"expr", "param", "from"} <= set(spec):
        return f"bindings[{name!r}] is invalid: expected expr, param and from"
    f = parse_srepr(spec["expr"])
    start = spec["from"]
    if isinstance(start, bool) or not isinstance(start, int):
        return f"bindings[{name!r}].from={start!r} is invalid: expected an int"
    params = [s for s in f.free_symbols if s.name == spec["param"]]
    if len(f.free_symbols) != 1 or len(params) != 1:
        return f"bindings[{name!r}]: the map must depend on the parameter {spec['param']!r} only"
    p = params[0]
    u = sympy.Symbol("u", nonnegative=True)
    g = f.subs(p, start + u)  # the parameter ranges over integers ≥ from; prove over reals ≥ from
    df = sympy.diff(f, p).subs(p, start + u)
    lo, lo_open, hi, _ = interval
    at = sympy.nsimplify(f.subs(p, start))
    if df.is_positive:
        if hi is not None:
            return f"bindings[{name!r}]: an increasing map needs an unbounded interval"
        ok = at > lo if lo_open else at >= lo
        return None if ok else f"bindings[{name!r}]: value {at} at {p} = {start} lies below {lo}"
    if df.is_negative:
        if hi is None or at > hi:
            return f"bindings[{name!r}]: value {at} at {p} = {start} exceeds the upper end {hi}"
        above = (g - lo).is_positive if lo_open else (g - lo).is_nonnegative
        return None if above else f"bindings[{name!r}]: cannot show the map stays above {lo}"
    return f"bindings[{name!r}]: cannot show the map is strictly monotone in {p}"


def _check_one(step: dict[str, Any]) -> str | None:
    expr = parse_srepr(step.get("expr"))
    want, method = step.get("assert"), step.get("method")
    if want not in ASSERTS:
        return f"assert={want!r} is invalid: choose one of {ASSERTS}"
    if method not in METHODS:
        return f"method={method!r} is invalid: choose one of {METHODS}"
    if method == "identity":
        if want != "zero":
            return "method 'identity' proves only assert 'zero'"
        num, _ = sympy.fraction(sympy.together(expr))
        if sympy.expand(num) == 0 or sympy.simplify(expr) == 0:
            return None
        return "the expression does not simplify to 0"
    assumptions = step.get("assumptions") or {}
    if not isinstance(assumptions, dict):
        return "assumptions is invalid: expected a dict of intervals"
    subs, vs = {}, []
    intervals = {}
    for sym in sorted(expr.free_symbols, key=lambda s: s.name):
        if sym.name not in assumptions:
            return f"symbol {sym.name!r} has no interval in assumptions"
        lo, _, hi, _ = intervals[sym.name] = _interval(sym.name, assumptions[sym.name])
        v = sympy.Symbol(f"v_{sym.name}", nonnegative=True)
        vs.append(v)
        subs[sym] = lo + v if hi is None else lo + (hi - lo) / (1 + v)
    for name, spec in (step.get("bindings") or {}).items():
        if name not in intervals:
            if name not in assumptions:
                return f"bindings[{name!r}] names no variable of the expression"
            intervals[name] = _interval(name, assumptions[name])
        why = _check_binding(name, spec, intervals[name])
        if why:
            return why
    num, den = sympy.fraction(sympy.together(expr.subs(subs)))
    sn, sd = _poly_sign(num, vs), _poly_sign(den, vs)
    if sn is None or sd not in ("positive", "negative"):
        return "coefficient signs do not decide the expression on the domain"
    flip = sd == "negative"
    got = {"positive": "negative", "negative": "positive", "nonnegative": "nonpositive"}.get(sn, sn) if flip else sn
    implied = {
        "positive": {"positive", "nonnegative"},
        "negative": {"negative"},
        "nonnegative": {"nonnegative"},
        "zero": {"zero", "nonnegative"},
        "nonpositive": set(),
    }[got]
    return None if want in implied else f"proved only {got!r}, but the step asserts {want!r}"


def check_symbolic_steps(steps: list[dict[str, Any]]) -> list[str]:
    """Re-decide every recorded step; return one message per step that does not hold (empty: all hold)."""
    if not isinstance(steps, list):
        return [f"steps={type(steps).__name__} is invalid: expected a list of step dicts"]
    problems = []
    for i, step in enumerate(steps):
        label = f"step {i}" + (f" ({step.get('claim')}: {step.get('step')})" if isinstance(step, dict) else "")
        if not isinstance(step, dict):
            problems.append(f"{label}: expected a dict")
            continue
        try:
            why = _check_one(step)
        except (ValueError, TypeError, sympy.SympifyError, sympy.PolynomialError) as exc:
            why = str(exc)
        if why:
            problems.append(f"{label}: {why}")
    return problems
