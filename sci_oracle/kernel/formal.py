"""Scope ``formal``: lemma claims whose conclusion is a compiled Coq theorem (proofs/coq/).

Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1 and SI; Bastounis–Hansen–
Vlačić, Prop 10.5. Lemmas 1 and 2 of proofs/LEMMA.md are proved in Coq (``Barrier.v``,
``Sample.v``) and the all-parameters facts of :mod:`sci_oracle.kernel.facts` are proved there too
(``Facts.v``, generated from the kernel's own fact statements by ``proofs/coq/generate.py``).

What the kernel owns here, so that a proof file cannot change what is proved:

- ``Model.v`` (definitions of inputs, Δ1 oracles, adaptive query trees, failure, weights, and the
  statements of the lemmas) is pinned by its sha256 (:data:`PINNED`);
- each cited theorem must have exactly the type of its statement: the kernel writes a check file
  ``Check (theorem : statement).`` itself, from :data:`THEOREMS` (lemmas) or from the fact
  statements it prints with :func:`coq_statement` (family facts);
- ``Print Assumptions`` of each cited theorem may list only the axioms of Coq's standard reals
  (:data:`REAL_AXIOMS`; classical logic is allowed only for the theorems of ``Witnesses.v``);
- the sources may not contain ``Admitted``, ``admit``, ``Axiom``, ``Parameter``, ``Conjecture``.

A claim cites ``{"theorems": [...], "files": {name: sha256}, "statement_sha256": ...}``, the
last the sha256 of the printed statements and assumptions. Without ``coqc`` the claim counts as a
``lemma`` (cited) and :func:`check_formal` says why. This module imports nothing from sci_oracle
(only the standard library, and sympy for printing fact statements).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

__all__ = [
    "PINNED",
    "THEOREMS",
    "FormalResult",
    "check_formal",
    "coq_dir",
    "coq_statement",
    "coqc_available",
    "fact_name",
]

# ``Model.v`` holds the definitions and statements the lemmas are proved against
PINNED = {"Model.v": "0000000000000000000000000000000000000000000000000000000000000000"}

# cited theorem -> (its file, the statement in Model.v it must have)
THEOREMS: dict[str, tuple[str, str]] = {
    "barrier_deterministic": ("Barrier.v", "lemma1_deterministic_statement"),
    "barrier_no_accurate_algorithm": ("Barrier.v", "lemma1_no_accurate_algorithm_statement"),
    "barrier_randomised": ("Barrier.v", "lemma1_randomised_statement"),
    "barrier_unbounded": ("Barrier.v", "lemma1_unbounded_statement"),
    "sample_adversary": ("Sample.v", "lemma2_statement"),
    "sample_adversary_deterministic": ("Sample.v", "lemma2_deterministic_statement"),
}

# the axioms of Coq 8.16's standard reals (Rdefinitions built on ClassicalDedekindReals)
REAL_AXIOMS = frozenset(
    {
        "ClassicalDedekindReals.sig_forall_dec",
        "ClassicalDedekindReals.sig_not_dec",
        "FunctionalExtensionality.functional_extensionality_dep",
    }
)
FORBIDDEN = re.compile(r"\b(Admitted|admit|Axiom|Axioms|Parameter|Parameters|Conjecture|Hypotheses)\b")
IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")

# ---------------------------------------------------------------------------------------------
# fact statements, printed as Coq propositions over the reals


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
                den.append(coq_expr(sympy.Pow(f.base, -f.exp, evaluate=False)))
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


# ---------------------------------------------------------------------------------------------
# compiling and checking


def coq_dir() -> Path | None:
    """proofs/coq of this installation: shipped as sci_oracle/_proofs/coq, or a checkout's."""
    here = Path(__file__).resolve()
    for d in (here.parents[1] / "_proofs" / "coq", here.parents[2] / "proofs" / "coq"):
        if (d / "_CoqProject").is_file():
            return d
    return None


def coqc_available() -> str | None:
    """Why Coq cannot be run here (None when ``coqc`` is on the PATH)."""
    if shutil.which("coqc") is None:
        return "coqc is not installed (Debian/Ubuntu: apt-get install coq)"
    return None


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class FormalResult:
    ok: bool
    reason: str
    printed: str = ""  # the printed statements and assumptions of the cited theorems


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
