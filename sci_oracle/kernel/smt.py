"""Second and third decision engines for the all-parameters steps: z3 and cvc5 (extra ``[formal]``).

Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1 and SI; the facts are those of
:mod:`sci_oracle.kernel.facts`. Each recorded sympy step (an identity or a sign of a rational
expression over a box of parameters, docs/theory.md §4) is also written in SMT-LIB 2 (QF_NRA) with
its claim negated: the engine proves the step when it answers ``unsat``. √2 is a variable s with
s·s = 2 and s > 0; integer powers are products; an identity is claimed wherever its denominators
are nonzero (the kernel's identities are identities of rational functions); a variable bound to an
integer parameter (X = 10^K) ranges over its whole real interval, which is stronger.

This module imports nothing from sci_oracle (the caller parses the step's expression) and neither
engine is required: without one, :func:`decide` answers ``not installed`` and says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import selectors
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

__all__ = [
    "ANSWERS",
    "ENGINES",
    "decide",
    "decide_cached",
    "decide_many",
    "missing",
    "recheck",
    "smtlib",
    "step_scripts",
]

ENGINES = ("z3", "cvc5")
# unsat: the negated claim has no solution, so the step holds; sat: a counterexample, so the step is
# false; anything else proves nothing. ANSWERS are what a certificate may record for a step of a claim
# it asserts (never sat: a recorded counterexample contradicts the claim, so every verify rejects it)
ANSWERS = ("unsat", "unknown", "error", "not installed")
OUTCOMES = ("sat", *ANSWERS)
TIMEOUT_MS = 20_000
_RELATION = {"positive": ">", "nonnegative": ">=", "zero": "=", "negative": "<"}


def _real(q: Fraction) -> str:
    text = f"{abs(q.numerator)}.0" if q.denominator == 1 else f"(/ {abs(q.numerator)}.0 {q.denominator}.0)"
    return text if q >= 0 else f"(- {text})"


class _Printer:
    """sympy → SMT-LIB terms; square roots of positive rationals become declared constants."""

    def __init__(self) -> None:
        self.roots: dict[Fraction, str] = {}
        self.denominators: list[str] = []

    def term(self, e: Any) -> str:
        if e.is_Rational:
            return _real(Fraction(int(e.p), int(e.q)))
        if e.is_Symbol:
            return f"v_{e.name}"
        if e.is_Add:
            return "(+ " + " ".join(self.term(a) for a in e.args) + ")"
        if e.is_Mul:
            return "(* " + " ".join(self.term(a) for a in e.args) + ")"
        if e.is_Pow:
            base, ex = e.base, e.exp
            if ex.is_Integer and ex != 0:
                b = self.term(base)
                prod = b if abs(ex) == 1 else "(* " + " ".join([b] * abs(int(ex))) + ")"
                if ex > 0:
                    return prod
                self.denominators.append(prod)
                return f"(/ 1.0 {prod})"
            if ex.is_Rational and ex.q == 2 and base.is_Rational and base > 0:
                root = self.roots.setdefault(Fraction(int(base.p), int(base.q)), f"root{len(self.roots)}")
                k = int(ex.p)
                return self.term_pow(root, k)
        raise ValueError(f"expression {e} is outside the SMT translation (rationals, +, ·, integer powers, √)")

    def term_pow(self, name: str, k: int) -> str:
        # √r^k with k odd: r^((k−1)/2)·√r, k may be negative
        prod = "(* " + " ".join([name] * abs(k)) + ")" if abs(k) > 1 else name
        if k > 0:
            return prod
        self.denominators.append(prod)
        return f"(/ 1.0 {prod})"


def smtlib(assertion: str, expr: Any, assumptions: dict[str, Any] | None) -> str:
    """The step in SMT-LIB 2 with its claim negated (``unsat`` proves it): the variables in their
    intervals, ``expr`` (a sympy expression) compared with 0 as ``assertion`` says."""
    if assertion not in _RELATION:
        raise ValueError(f"assert={assertion!r} is invalid: choose one of {sorted(_RELATION)}")
    pr = _Printer()
    body = pr.term(expr)
    names = sorted(x.name for x in expr.free_symbols)
    lines = ["(set-logic QF_NRA)"]
    lines += [f"(declare-const v_{x} Real)" for x in names]
    for q, root in pr.roots.items():
        lines += [
            f"(declare-const {root} Real)",
            f"(assert (= (* {root} {root}) {_real(q)}))",
            f"(assert (> {root} 0.0))",
        ]
    for x in names:
        spec = (assumptions or {}).get(x)
        if spec is None:
            continue
        lo = _real(Fraction(str(spec["lo"])))
        lines.append(f"(assert ({'>' if spec.get('lo_open') else '>='} v_{x} {lo}))")
        if spec.get("hi") is not None:
            lines.append(f"(assert ({'<' if spec.get('hi_open') else '<='} v_{x} {_real(Fraction(str(spec['hi'])))}))")
    for d in dict.fromkeys(pr.denominators):  # the claim is made where the expression is defined
        lines.append(f"(assert (not (= {d} 0.0)))")
    lines += [f"(assert (not ({_RELATION[assertion]} {body} 0.0)))", "(check-sat)"]
    return "\n".join(lines) + "\n"


def missing(engine: str) -> str | None:
    """Why ``engine`` cannot run here (None when its Python package imports)."""
    package = {"z3": "z3", "cvc5": "cvc5"}[engine]
    try:
        __import__(package)
    except ImportError:
        return f"{engine} is not installed (pip install 'sci_oracle[formal]')"
    return None


def _z3(script: str) -> str:
    import z3

    s = z3.Solver()
    s.set("timeout", TIMEOUT_MS)
    s.from_string(script)
    return str(s.check())


def _cvc5(script: str) -> str:
    import cvc5

    slv = cvc5.Solver()
    slv.setOption("tlimit-per", str(TIMEOUT_MS))
    sm = cvc5.SymbolManager(slv.getTermManager() if hasattr(slv, "getTermManager") else slv)
    parser = cvc5.InputParser(slv, sm)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, script, "step")
    out = []
    while True:
        cmd = parser.nextCommand()
        if cmd.isNull():
            break
        said = cmd.invoke(slv, sm)
        if said:
            out.append(said.strip())
    return out[-1] if out else "error"


def _child(engine: str) -> None:
    """Child process: one JSON-encoded script per input line, one answer per output line."""
    run = _z3 if engine == "z3" else _cvc5
    for line in sys.stdin:
        try:
            got = run(json.loads(line))
        except Exception:  # a parse or solver failure proves nothing
            got = "error"
        print(got if got in OUTCOMES else "unknown", flush=True)


# run this file in a fresh interpreter without putting sci_oracle/kernel on sys.path (its numbers.py
# would shadow the standard library's)
_RUN_CHILD = "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"


def decide_many(scripts: list[str], engine: str) -> list[str]:
    """The engine's answer to each script (one of :data:`OUTCOMES`), in a child process: a solver
    that overruns its own time limit (cvc5 can, on unbounded nonlinear problems) is killed after
    the limit plus a margin and that script is answered ``unknown``."""
    if engine not in ENGINES:
        raise ValueError(f"engine={engine!r} is invalid: choose one of {ENGINES}")
    if missing(engine):
        return ["not installed"] * len(scripts)
    out: list[str] = []
    while len(out) < len(scripts):
        rest = scripts[len(out) :]
        proc = subprocess.Popen(
            [sys.executable, "-I", "-c", _RUN_CHILD, str(Path(__file__).resolve()), "--child", engine],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdin is not None
        assert proc.stdout is not None
        proc.stdin.write("".join(json.dumps(x) + "\n" for x in rest))
        proc.stdin.close()
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            for _ in rest:
                # the first answer also waits for the engine to import
                if not sel.select(timeout=TIMEOUT_MS / 1000 + (30 if not out else 5)):
                    out.append("unknown")
                    break
                line = proc.stdout.readline().strip()
                if not line:
                    out.append("error")
                    break
                out.append(line if line in OUTCOMES else "unknown")
        proc.kill()
        proc.wait()
    return out


def decide(script: str, engine: str) -> str:
    """The engine's answer to one script (see :func:`decide_many`)."""
    return decide_many([script], engine)[0]


def decide_cached(scripts: list[str], engine: str, cache: Path | None = None) -> list[str]:
    """:func:`decide_many`, remembered on disk by the producer (``sci-oracle prove``) under
    ~/.cache/sci-oracle/smt, keyed by the script, the engine and its version. The kernel's
    re-check (``verify --smt``) calls :func:`decide_many` and never reads this cache."""
    if missing(engine):
        return ["not installed"] * len(scripts)
    version = _version(engine)
    folder = cache or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sci-oracle" / "smt"
    keys = [hashlib.sha256(json.dumps([x, engine, version]).encode()).hexdigest() for x in scripts]
    got: dict[int, str] = {}
    for i, key in enumerate(keys):
        try:
            answer = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
            if answer in ("unsat", "sat"):
                got[i] = answer
        except (OSError, ValueError):
            pass
    todo = [i for i in range(len(scripts)) if i not in got]
    for i, answer in zip(todo, decide_many([scripts[i] for i in todo], engine), strict=True):
        got[i] = answer
        if answer in ("unsat", "sat"):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{keys[i]}.json").write_text(json.dumps(answer), encoding="utf-8")
            except OSError:
                pass
    return [got[i] for i in range(len(scripts))]


def _version(engine: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version({"z3": "z3-solver", "cvc5": "cvc5"}[engine])
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def step_scripts(steps: list[dict[str, Any]], parse: Any, interval: Any) -> list[str]:
    """The SMT-LIB script of each recorded step: ``parse`` rebuilds its expression (the kernel's
    srepr parser); a sign step brings its own intervals, an identity step (which has none) takes
    ``interval(name)`` for each variable, the domain of its fact."""
    out = []
    for st in steps:
        expr = parse(st["expr"])
        domain = st.get("assumptions") or {x.name: interval(x.name) for x in expr.free_symbols}
        out.append(smtlib(st["assert"], expr, domain))
    return out


def recheck(items: list[tuple[list[tuple[str, Any, Any]], list[Any], Any]], parse: Any) -> list[tuple[bool, str]]:
    """``verify --smt``: each engine decides again, in one child per engine, every step of each
    claim as the kernel states it, never the certificate's own expressions. ``items`` are
    (statements: (assert, expression, domain) per step, identities unevaluated; the certificate's
    steps; its recorded answers or None). A claim fails when an engine finds a counterexample or
    answers other than the certificate recorded; otherwise the reason counts each engine's proofs
    and names the steps only sympy proves: those no engine proved, and those whose recorded
    expression the engines cannot read (the kernel matched it to its statement by sympy alone)."""
    spans: list[tuple[int, int]] = []
    scripts: list[str] = []
    unread: list[dict[int, str]] = []
    for statements, steps, _ in items:
        spans.append((len(scripts), len(statements)))
        scripts += [smtlib(a, e, d) for a, e, d in statements]
        unread.append({i: why for i, st in enumerate(steps) if (why := _unreadable(st, parse))})
    answers = {e: decide_many(scripts, e) for e in ENGINES}
    out = []
    for (_, _, rec), (k, n), bad_expr in zip(items, spans, unread, strict=True):
        got = [{e: answers[e][k + i] for e in ENGINES} for i in range(n)]
        bad = [f"step {i}: {e} finds a counterexample" for i in range(n) for e, a in got[i].items() if a == "sat"]
        bad += [
            f"step {i}: {e} answers {a}, the certificate says {rec[i][e]}"
            for i in range(n)
            for e, a in got[i].items()
            if rec is not None and "not installed" not in (a, rec[i][e]) and a != rec[i][e]
        ]
        if bad:
            out.append((False, bad[0]))
            continue
        why = ", ".join(f"{e} {sum(got[i][e] == 'unsat' for i in range(n))}/{n} steps unsat" for e in ENGINES)
        only = [
            f"{i}{f' ({bad_expr[i]})' if i in bad_expr else ''}"
            for i in range(n)
            if i in bad_expr or "unsat" not in got[i].values()
        ]
        out.append((True, why + (f" (sympy only: step {', '.join(only)})" if only else "")))
    return out


def _unreadable(step: Any, parse: Any) -> str | None:
    """Why the engines cannot read a certificate's step expression (None when they can)."""
    try:
        _Printer().term(parse(step["expr"]))
    except Exception as exc:  # a parse error or a function outside the translation
        return f"its recorded expression is outside the SMT translation: {str(exc)[:80]}"
    return None


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    _child(sys.argv[2])
