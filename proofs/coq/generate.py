"""Write proofs/coq/Facts*.v: every all-parameters fact of sci_oracle/kernel/facts.py as a Coq lemma.

    python proofs/coq/generate.py           # rewrite FactsQCBP.v, FactsULasso.v, FactsSRLasso.v, Link.v, Audit.v
    python proofs/coq/generate.py --check   # exit 1 if either differs from what would be written

The statements come from the kernel's own fact templates (``facts.expected`` and its intervals,
printed by ``sci_oracle.kernel.formal.coq_statement``), never from the producer's recorded steps.
The proofs follow the kernel's decision method (sci_oracle/kernel/symbolic.py): each variable
becomes lo + v or lo + (hi − lo)/(1 + v) with v ≥ 0, ``field`` puts the expression over one
denominator N/D, N and D are reduced modulo √2² = 2, and every monomial a + b√2 times a product of
v's is shown nonnegative (lra from 1.4142 < √2 < 1.4143); their sum is then signed by lra.
"""

from __future__ import annotations

import argparse
import re
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import sympy

from sci_oracle.kernel import facts
from sci_oracle.kernel.formal import AUDIT_HEADER, FACTS_BUNDLE, LINKS, THEOREMS, WITNESSES
from sci_oracle.kernel.numbers import KernelError

# ---------------------------------------------------------------------------------------------
# the kernel's fact statements, printed as Coq propositions over the reals

IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def fact_name(problem: str, params: str, tag: str, index: int) -> str:
    """The Coq name of step ``index`` of fact ``tag`` (e.g. ``srlasso_paper_separation_0``)."""
    name = f"{problem}_{params}_{tag.replace('-', '_')}_{index}"
    if not IDENT.match(name):
        raise ValueError(f"fact name {name!r} is invalid: letters, digits and underscores only")
    return name


def _number(q: Fraction) -> str:
    text = str(abs(q.numerator)) if q.denominator == 1 else f"({abs(q.numerator)} / {q.denominator})"
    return text if q >= 0 else f"(- {text})"


def coq_expr(e: Any) -> str:
    """A sympy expression (symbols, rationals, +, ·, integer powers, square roots) as a Coq term
    of type R. Sums and products are printed in the order of their printed terms, so the text
    does not depend on sympy's internal ordering."""
    import sympy

    if e.is_Rational:
        return _number(Fraction(int(e.p), int(e.q)))
    if e.is_Symbol:
        if not IDENT.match(e.name):
            raise ValueError(f"symbol {e.name!r} is invalid in a Coq statement")
        return str(e.name)
    if e.is_Add:
        return "(" + " + ".join(sorted(coq_expr(a) for a in e.args)) + ")"
    if e.is_Mul:
        num, den = [], []
        for f in e.args:
            if f.is_Pow and f.exp.is_Rational and f.exp < 0:
                den.append(coq_expr(f.base if f.exp == -1 else sympy.Pow(f.base, -f.exp, evaluate=False)))
            elif f.is_Rational and f.q != 1:
                if f.p != 1:
                    num.append(_number(Fraction(int(f.p), 1)))
                den.append(str(int(f.q)))
            else:
                num.append(coq_expr(f))
        top = " * ".join(sorted(num)) if num else "1"
        return f"({top})" if not den else f"(({top}) / ({' * '.join(sorted(den))}))"
    if e.is_Pow:
        base, ex = e.base, e.exp
        if ex.is_Integer and ex > 0:
            return f"({coq_expr(base)} ^ {int(ex)})"
        if ex == -1:
            return f"(/ {coq_expr(base)})"
        if ex.is_Integer and ex < 0:
            return f"(/ ({coq_expr(base)} ^ {int(-ex)}))"
        if ex == sympy.S.Half:
            return f"(sqrt {coq_expr(base)})"
        if ex == -sympy.S.Half:
            return f"(/ (sqrt {coq_expr(base)}))"
    raise ValueError(f"expression {e} cannot be printed as a Coq statement")


_RELATION = {"positive": "0 < {}", "nonnegative": "0 <= {}", "zero": "{} = 0", "negative": "{} < 0"}


def _bound(name: str, spec: dict[str, Any]) -> str:
    lo = _number(Fraction(spec["lo"]))
    rel = "<" if spec.get("lo_open") else "<="
    if spec.get("hi") is None:
        return f"{lo} {rel} {name}"
    return f"{lo} {rel} {name} <= {_number(Fraction(spec['hi']))}"


def coq_statement(assertion: str, expr: Any, domain: dict[str, dict[str, Any]]) -> str:
    """``forall x y : R, lo <= x -> lo < y <= hi -> 0 < E``: one fact over its whole domain (the
    intervals of :mod:`sci_oracle.kernel.facts`, every variable of E quantified)."""
    names = sorted(x.name for x in expr.free_symbols)
    if set(names) - set(domain):
        raise ValueError(f"statement: no interval for {sorted(set(names) - set(domain))}")
    body = _RELATION[assertion].format(coq_expr(expr))
    if not names:
        return body
    hyps = "".join(f"{_bound(x, domain[x])} -> " for x in names)
    return f"forall {' '.join(names)} : R, {hyps}{body}"


FACT_PROBLEMS = ("qcbp", "ulasso", "srlasso")
FACT_PARAMS = ("paper", "rational")
FACT_TAGS = ("separation", "monotonicity", "agreement", "kkt", "training-separation")


def fact_statements(expected: Any, interval: Any, unknown: type[Exception]) -> list[tuple[str, str, Any, str]]:
    """(name, assertion, expression, Coq statement) of every step of every all-parameters fact,
    from the kernel's templates: ``expected(problem, params, tag)`` and ``interval(name, problem)``
    of :mod:`sci_oracle.kernel.facts` (passed in: this module imports nothing from sci_oracle);
    ``unknown`` is the error ``expected`` raises for a fact a problem does not have."""
    out = []
    for problem in FACT_PROBLEMS:
        for params in FACT_PARAMS:
            for tag in FACT_TAGS:
                try:
                    steps = expected(problem, params, tag)
                except unknown:
                    continue
                for i, (assertion, expr) in enumerate(steps):
                    domain = {x.name: interval(x.name, problem) for x in expr.free_symbols}
                    name = fact_name(problem, params, tag, i)
                    out.append((name, assertion, expr, coq_statement(assertion, expr, domain)))
    return out


HERE = Path(__file__).resolve().parent
TARGETS = {"qcbp": HERE / "FactsQCBP.v", "ulasso": HERE / "FactsULasso.v", "srlasso": HERE / "FactsSRLasso.v"}
AUDIT = HERE / "Audit.v"
LINK = HERE / "Link.v"
EXTRA = {"qcbp": ("epsilon", "(1 / 4)"), "ulasso": ("rho", "(1 / 4)"), "srlasso": ("rho", "(2 / 5)")}
S = sympy.Symbol("s", positive=True)  # √2 inside the proofs
SQRT2_LO, SQRT2_HI = Fraction(14142, 10000), Fraction(14143, 10000)

HEADER = """(** * The all-parameters facts of sci_oracle/kernel/facts.py for {problem}, proved (GENERATED: do not edit)

    Written by proofs/coq/generate.py from the kernel's fact templates (facts.expected and its
    parameter intervals); tests/proofs/test_coq_generated.py regenerates it and compares.  One
    lemma per step of each fact, named problem_params_fact_step; steps with the same statement
    share one proof.  One file per problem, so that they compile in parallel.  PNAS 2022 Theorem 1, SI (the family's separation, monotonicity, agreement,
    KKT and training-separation facts), with X = 10^K ≥ 1000 and δ = 2^-(n+1) ∈ (0, 1/4]. *)

From Coq Require Import Reals Lra.
From SciOracle Require Import FactsLib.
Open Scope R_scope.
"""


def _coef_sign_ok(c: sympy.Expr, strict: bool) -> bool:
    """a + b√2 ≥ 0 (> 0 if strict), provable by lra from the bounds SQRT2_LO < √2 < SQRT2_HI."""
    p = sympy.Poly(c, S)
    b = Fraction(str(p.coeff_monomial(S)))
    a = Fraction(str(p.coeff_monomial(1)))
    worst = a + b * (SQRT2_LO if b > 0 else SQRT2_HI)
    return worst > 0 or (not strict and worst == 0 and b == 0)


def _reduce(poly: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """poly = reduced + (s·s − 2)·quotient, reduced of degree ≤ 1 in s."""
    q, r = sympy.div(sympy.expand(poly), S**2 - 2, S)
    return sympy.expand(r), sympy.expand(q)


def _monomial(monom: tuple[int, ...], vs: list[sympy.Symbol]) -> str:
    parts = [v.name if k == 1 else f"{v.name} ^ {k}" for v, k in zip(vs, monom, strict=True) if k]
    return " * ".join(parts) if parts else ""


def _signed_sum(name: str, poly: sympy.Expr, vs: list[sympy.Symbol], strict: bool) -> tuple[str, list[str]]:
    """poly as a right-nested sum of (a + b√2)·monomial terms, the constant last, plus
    (√2·√2 − 2)·quotient; and the tactic lines proving that form > 0 (or ≥ 0) term by term."""
    red, quo = _reduce(poly)
    terms = sympy.Poly(red, *vs).terms() if vs else [((), red)]
    const = next((c for m, c in terms if not any(m)), sympy.S.Zero)
    parts = []
    for monom, coef in sorted(terms, key=lambda t: _monomial(t[0], vs)):
        if not any(monom):
            continue
        if not _coef_sign_ok(coef, strict=False):
            raise ValueError(f"{name}: coefficient {coef} of {monom} is not provably nonnegative")
        parts.append((f"({_print(coef)}) * ({_monomial(monom, vs)})", "term"))
    if const != 0:
        if not _coef_sign_ok(const, strict=strict):
            raise ValueError(f"{name}: constant term {const} does not have the asserted sign")
        parts.append((_print(const), "lra"))
    elif strict or not parts:
        raise ValueError(f"{name}: no positive constant term, so the sign is not strict")
    nested = parts[-1][0]
    for text, _ in reversed(parts[:-1]):
        nested = f"{text} + ({nested})"
    tail = f" + (s * s - 2) * ({_print(quo)})" if quo != 0 else ""
    lines = ["rewrite Hs2', Rmult_0_l, Rplus_0_r."] if quo != 0 else []
    for k, (_, how) in enumerate(parts):
        if k == len(parts) - 1:
            lines.append(how + ".")
        else:
            lines.append(f"apply {'Rplus_le_lt_0_compat' if strict else 'Rplus_le_le_0_compat'}; [term |].")
    return f"({nested}){tail}", lines


def _print(e: sympy.Expr) -> str:
    return coq_expr(e)


def _proof(name: str, assertion: str, expr: sympy.Expr, domain: dict[str, dict[str, Any]]) -> list[str]:
    names = sorted(x.name for x in expr.free_symbols)
    hyps = [f"H{x}" for x in names]
    lines = [f"intros {' '.join(names + hyps)}." if names else "idtac."]
    lines.append("destruct sqrt2_facts as [Hs2 Hsb].")
    if assertion == "zero":
        return [*lines, "field; nonzero."] if names else ["reflexivity."]
    lines += [
        "assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.",
        "set (s := sqrt 2) in *. clearbody s.",
    ]
    subs, vs = {}, []
    for x in names:
        spec = domain[x]
        sym = next(s for s in expr.free_symbols if s.name == x)
        v = sympy.Symbol(f"v_{x}", nonnegative=True)
        vs.append(v)
        lo = sympy.Rational(str(spec["lo"]))
        if spec.get("hi") is None:
            lemma = "shift_lo_open" if spec.get("lo_open") else "shift_lo"
            lines.append(f"destruct ({lemma} {coq_expr(lo)} {x} H{x}) as [v_{x} [Hv_{x} ->]].")
            subs[sym] = lo + v
        else:
            hi = sympy.Rational(str(spec["hi"]))
            lines.append(f"destruct (shift_interval {coq_expr(lo)} {coq_expr(hi)} {x} H{x}) as [v_{x} [Hv_{x} ->]].")
            subs[sym] = lo + (hi - lo) / (1 + v)
    e = sympy.together(expr.subs(sympy.sqrt(2), S).subs(subs))
    num, den = sympy.fraction(e)  # the denominator stays a product of factors, each positive
    num = sympy.expand(num)
    if any(f.could_extract_minus_sign() for f in sympy.Mul.make_args(den)):
        num, den = -num, -den
    rel = {"positive": "0 < ?E", "nonnegative": "0 <= ?E"}[assertion]
    num_form, num_proof = _signed_sum(name, num, vs, assertion == "positive")
    lines.append(f"assert (HD : 0 < {_print(den)}) by pos.")
    lines.append(
        f"match goal with |- {rel} => replace E with (({num_form}) / ({_print(den)})) by (field; nonzero) end."
    )
    lines.append(
        "apply Rdiv_lt_0_compat; [| exact HD]." if assertion == "positive" else "apply div_nonneg; [| exact HD]."
    )
    lines += num_proof
    return lines


def render(problem: str) -> str:
    """The text of the facts file of one problem (qcbp, ulasso or srlasso)."""
    out = [HEADER.format(problem=problem)]
    first: dict[str, str] = {}
    for name, assertion, expr, statement in fact_statements(facts.expected, facts._interval, KernelError):
        if name.split("_")[0] != problem:
            continue
        out.append(f"Lemma {name} : {statement}.")
        if statement in first:
            out.append(f"Proof. exact {first[statement]}. Qed.\n")
            continue
        first[statement] = name
        domain = {x.name: facts._interval(x.name, name.split("_")[0]) for x in expr.free_symbols}
        body = _proof(name, assertion, expr, domain)
        out.append("Proof.\n  " + "\n  ".join(body) + "\nQed.\n")
    return "\n".join(out)


LINK_HEADER = """(** * The family facts discharge Lemma 1's hypotheses, per problem (GENERATED: do not edit)

    Written by proofs/coq/generate.py.  For each problem and parameter choice, t is the kernel's
    closed-form minimiser coordinate (sci_oracle/kernel/facts.py) and c the tie value; the
    hypotheses of [Family.family_hypotheses] are derived from the generated fact lemmas (their
    statements are the kernel's; each conversion is an identity of rational functions in √2, up
    to √2·√2 = 2), so [family_<problem>_<params>] states [lemma1_hypotheses] with κ = 10^-K for
    every K ≥ 3, N1 ≥ 2 and every parameter of the proven domain. *)

From Coq Require Import Reals Lra.
From SciOracle Require Import Model FactsLib Family FactsQCBP FactsULasso FactsSRLasso.
Open Scope R_scope.
"""


def _conversion(fact: tuple[str, str, Any], model: sympy.Expr, goal: str, args: list[str]) -> list[str]:
    """Tactic lines deriving a model-form goal from a fact lemma: E : fact = model + (s·s − 2)·Q by
    field, then √2·√2 = 2 and lra. ``goal`` is "lt" (0 < M), "sep" (2 / X < M) or "le" (A <= B)."""
    name, _, expr = fact
    printed = expr.subs(sympy.sqrt(2), S)
    q = sympy.cancel((printed - model) / (S**2 - 2))
    if not sympy.fraction(sympy.together(q))[0].free_symbols <= {S, *model.free_symbols, *expr.free_symbols}:
        raise ValueError(f"{name}: the model is not the fact")
    rest = f" + (s * s - 2) * ({_print(q)})" if q != 0 else ""
    model_term = {"lt": "M", "sep": "M - 2 / X", "le": "B - A"}[goal]
    pattern = {"lt": "0 < ?M", "sep": "2 / _ < ?M", "le": "?A <= ?B"}[goal]
    return [
        f"pose proof ({name} {' '.join(args)}) as H.",
        "set (s := sqrt 2) in *.",
        f"match goal with |- {pattern} => "
        f"match type of H with 0 < ?P => assert (E : P = {model_term}{rest}) by (field; nonzero) "
        f"| 0 <= ?P => assert (E : P = {model_term}{rest}) by (field; nonzero) end end.",
        "replace (s * s - 2) with 0 in E by lra.",
        "lra.",
    ]


def render_link() -> str:
    """Link.v: [family_hypotheses] instantiated with each problem's facts."""
    X, dl, r = sympy.Symbol("X", positive=True), sympy.Symbol("delta", positive=True), sympy.Symbol("r", positive=True)
    steps = {n: (n, a, e) for n, a, e, _ in fact_statements(facts.expected, facts._interval, KernelError)}
    out = [LINK_HEADER]
    for problem in ("qcbp", "ulasso", "srlasso"):
        extra, hi = EXTRA[problem]
        for params in ("paper", "rational"):
            key = f"{problem}_{params}"
            c = sympy.sqrt(2) * X / 3 if params == "paper" else X / 2
            t = facts._t(problem, c + dl)
            # the same with √2 as the symbol s, as Coq sees it after `set (s := sqrt 2)` (no s·s = 2)
            cs = S * X / 3 if params == "paper" else X / 2
            ts = facts._t(problem, cs + dl)
            kkt = [i for i, (a, e) in enumerate(facts.expected(problem, params, "kkt")) if sympy.simplify(e - t) == 0]
            env = {"X": ("X", "HX"), "delta": ("delta", "Hd"), extra: (extra, "Hp"), "r": ("r", "Hr")}

            def args(name: str, env: dict[str, tuple[str, str]] = env) -> list[str]:
                names = sorted(x.name for x in steps[name][2].free_symbols)
                return [env[x][0] for x in names] + [env[x][1] for x in names]

            out.append(f"Definition c_{key} (X : R) : R := {_print(c)}.")
            out.append(f"Definition t_{key} (X {extra} delta : R) : R := {_print(t)}.\n")
            out.append(
                f"Theorem family_{key} : forall (K N1 : nat) ({extra} : R), (3 <= K)%nat -> (2 <= N1)%nat -> "
                f"0 < {extra} <= {hi} ->\n  let X := 10 ^ K in\n  lemma1_hypotheses dist2 (/ X) (fun n => S n) "
                f"(tied (c_{key} X) N1 0 0)\n    (fun n => tied (c_{key} X) N1 0 (member_delta n)) "
                f"(fun n => tied (c_{key} X) N1 1 (member_delta n))\n    (fun n z => z = (t_{key} X {extra} "
                f"(member_delta n), 0)) (fun n z => z = (0, t_{key} X {extra} (member_delta n))).\nProof."
            )
            body = [
                f"intros K N1 {extra} HK HN Hp X.",
                "assert (HX := pow10_range K HK). fold X in HX. clearbody X.",
                "destruct sqrt2_facts as [Hs2 Hsb].",
                f"refine (family_hypotheses X (c_{key} X) (fun delta => t_{key} X {extra} delta) _ _ _ _ _ N1 HN); "
                f"unfold c_{key}, t_{key}; cbv beta.",
                "- pos.",
                "- intros delta Hd.",
                *[
                    "  " + x
                    for x in _conversion(
                        steps[f"{key}_separation_0"], S * ts - 2 / X, "sep", args(f"{key}_separation_0")
                    )
                ],
                "- intros delta Hd.",
                *["  " + x for x in _conversion(steps[f"{key}_kkt_{kkt[0]}"], ts, "lt", args(f"{key}_kkt_{kkt[0]}"))],
                "- intros delta Hd.",
                *[
                    "  " + x
                    for x in _conversion(
                        steps[f"{key}_agreement_1"], 2 * cs * dl + dl**2, "lt", args(f"{key}_agreement_1")
                    )
                ],
                "- intros delta r Hd Hr.",
                *[
                    "  " + x
                    for x in _conversion(
                        steps[f"{key}_agreement_2"],
                        (r * cs + dl) ** 2 - (r**2 * cs**2 + 2 * cs * dl + dl**2),
                        "le",
                        args(f"{key}_agreement_2"),
                    )
                ],
                "Qed.\n",
            ]
            out.append("  " + "\n  ".join(body[:-1]) + "\n" + body[-1])
    return "\n".join(out)


def render_audit() -> str:
    """Audit.v: Print Assumptions of every cited theorem and every witness, and of one bundle of all
    fact lemmas (one traversal instead of 74), each after a ``Check tt.`` marker
    (sci_oracle.kernel.formal.audit reads it)."""
    facts_names = [name for name, *_ in fact_statements(facts.expected, facts._interval, KernelError)]
    modules = ["Model", "Barrier", "Sample", "Witnesses", *(t.stem for t in TARGETS.values()), "Link"]
    lines = [AUDIT_HEADER, f"From SciOracle Require Import {' '.join(modules)}.", ""]
    lines.append(f"Definition {FACTS_BUNDLE} := ({', '.join(facts_names)}).")
    lines += [f"Check tt. Check {n}. Print Assumptions {n}." for n in [*THEOREMS, *WITNESSES, *LINKS, FACTS_BUNDLE]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    args = ap.parse_args(argv)
    stale = []
    texts = {target: render(problem) for problem, target in TARGETS.items()}
    texts[AUDIT] = render_audit()
    texts[LINK] = render_link()
    for target, text in texts.items():
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
    if args.check:
        print("up to date" if not stale else f"{', '.join(stale)} differ from the kernel's fact statements: regenerate")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
