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
import json
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
PINNED = {"Model.v": "a868eeb911051e4578cc7cbf505c107bd182809aafa33a8b1a501a294aa1110f"}

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


# the claims a Coq theorem can support: a formal lemma names which, the kernel names the theorems
LEMMAS: dict[str, tuple[str, ...]] = {
    "lemma1": ("barrier_deterministic", "barrier_no_accurate_algorithm", "barrier_randomised", "barrier_unbounded"),
    "lemma2": ("sample_adversary", "sample_adversary_deterministic"),
}
CITATIONS = {
    "lemma1": "proofs/LEMMA.md, Lemma 1; proofs/coq/Barrier.v",
    "lemma2": "proofs/LEMMA.md, Lemma 2; proofs/coq/Sample.v",
}
HEX = re.compile(r"[0-9a-f]{64}\Z")
REQUIRE = re.compile(r"From\s+SciOracle\s+Require\s+(?:Import\s+|Export\s+)?([A-Za-z0-9_ ]+)\.")
COMMENT = re.compile(r"\(\*.*?\*\)", re.S)
TIMEOUT = 900.0


class FormalError(Exception):
    """A formal citation that does not hold (or cannot be checked here)."""


def project_files(src: Path) -> list[str]:
    """The .v files of ``_CoqProject``, in build order."""
    files = [ln.strip() for ln in (src / "_CoqProject").read_text(encoding="utf-8").splitlines()]
    return [f for f in files if f.endswith(".v")]


def _strip_comments(text: str) -> str:
    prev = None
    while prev != text:  # comments nest: strip innermost first
        prev, text = text, re.sub(r"\(\*(?:(?!\(\*).)*?\*\)", " ", text, flags=re.S)
    return text


def requires(text: str) -> list[str]:
    """The SciOracle modules a file imports."""
    return [m for group in REQUIRE.findall(_strip_comments(text)) for m in group.split()]


def closure(src: Path, theorems: list[str]) -> list[str]:
    """The files the cited theorems need (their own files and what those import), in build order."""
    order = project_files(src)
    need: set[str] = set()
    todo = [THEOREMS[t][0] if t in THEOREMS else t for t in theorems]
    while todo:
        f = todo.pop()
        if f in need:
            continue
        if f not in order:
            raise FormalError(f"{f} is not a file of proofs/coq/_CoqProject")
        need.add(f)
        todo += [m + ".v" for m in requires((src / f).read_text(encoding="utf-8"))]
    return [f for f in order if f in need]


def forbidden(text: str) -> str | None:
    """The first Admitted/admit/Axiom/Parameter/Conjecture outside comments, if any."""
    m = FORBIDDEN.search(_strip_comments(text))
    return m.group(1) if m else None


def build(src: Path, out: Path, files: list[str], jobs: int | None = None) -> None:
    """Copy ``files`` from ``src`` to ``out`` and compile them with coqc, each once its imports are
    compiled, up to ``jobs`` at a time. Raises FormalError with coqc's message on a failure."""
    jobs = jobs or max(1, min(4, os.cpu_count() or 1))
    deps = {}
    for f in files:
        text = (src / f).read_text(encoding="utf-8")
        (out / f).write_text(text, encoding="utf-8")
        deps[f] = {m + ".v" for m in requires(text)} & set(files)
    done: set[str] = set()
    running: dict[str, subprocess.Popen[str]] = {}
    try:
        while len(done) < len(files):
            for f in files:
                if f not in done and f not in running and deps[f] <= done and len(running) < jobs:
                    running[f] = subprocess.Popen(
                        ["coqc", "-q", "-Q", ".", "SciOracle", f],
                        cwd=out,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        text=True,
                    )
            if not running:
                raise FormalError(f"proofs/coq: an import cycle among {sorted(set(files) - done)}")
            f, proc = next(iter(running.items()))
            log, _ = proc.communicate(timeout=TIMEOUT)
            del running[f]
            if proc.returncode != 0:
                raise FormalError(f"coqc {f} failed: {log.strip()[-600:]}")
            done.add(f)
    finally:
        for proc in running.values():
            proc.kill()


def parse_assumptions(printed: str) -> list[str]:
    """Axiom names from the output of ``Print Assumptions`` (empty when closed)."""
    names, in_axioms = [], False
    for line in printed.splitlines():
        if line.startswith("Axioms:"):
            in_axioms = True
        elif line and not line[0].isspace() and in_axioms:
            names.append(line.split()[0])
    return names


@dataclass
class Checked:
    """What coqc printed for the cited theorems, and their sha256."""

    printed: str
    sha256: str
    axioms: dict[str, list[str]]


SEPARATOR = "tt\n     : unit\n"


def query(out: Path, checks: list[tuple[str, str]], modules: list[str]) -> Checked:
    """In a compiled ``out``: each theorem must have its statement (``Check (t : stmt).``, written by
    the kernel, never read from the proofs) and only allowed axioms. Returns what coqc printed for
    each theorem (``Check t.`` and ``Print Assumptions t.``), split on a ``Check tt.`` marker."""
    lines = [f"From SciOracle Require Import {' '.join(modules)}."]
    lines += [f"Check ({name} : {statement})." for name, statement in checks]
    for name, _ in checks:
        lines += ["Check tt.", f"Check {name}.", f"Print Assumptions {name}."]
    (out / "KernelCheck.v").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run(
        ["coqc", "-q", "-Q", ".", "SciOracle", "KernelCheck.v"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    if proc.returncode != 0:
        raise FormalError("a cited theorem does not have the kernel's statement: " + (proc.stdout + proc.stderr)[-700:])
    parts = proc.stdout.split(SEPARATOR)[1:]
    if len(parts) != len(checks):
        raise FormalError("coqc printed an unexpected answer to the kernel's queries")
    axioms = {name: parse_assumptions(part) for (name, _), part in zip(checks, parts, strict=True)}
    printed = SEPARATOR.join(parts)
    return Checked(printed, hashlib.sha256(printed.encode()).hexdigest(), axioms)


def coq_version() -> str:
    proc = subprocess.run(["coqc", "--print-version"], capture_output=True, text=True, timeout=60)
    return proc.stdout.split()[0] if proc.returncode == 0 and proc.stdout.split() else "unknown"


def _checks(lemma: str) -> tuple[list[tuple[str, str]], list[str]]:
    names = list(LEMMAS[lemma])
    modules = ["Model", *dict.fromkeys(THEOREMS[n][0][:-2] for n in names)]
    return [(n, f"Model.{THEOREMS[n][1]}") for n in names], modules


def _compile_and_query(src: Path, lemma: str) -> tuple[dict[str, str], Checked]:
    """Pinned Model.v, no forbidden words, a fresh build in a temporary folder, the kernel's query."""
    checks, modules = _checks(lemma)
    files = closure(src, [n for n, _ in checks])
    shas = {f: sha256_file(src / f) for f in files}
    for f, pinned in PINNED.items():
        if shas.get(f, pinned) != pinned:
            raise FormalError(f"{f} is not the kernel's (sha256 {shas[f][:12]}…, pinned {pinned[:12]}…)")
    for f in files:
        word = forbidden((src / f).read_text(encoding="utf-8"))
        if word:
            raise FormalError(f"{f} contains {word!r}: a proof with a gap is not a proof")
    with tempfile.TemporaryDirectory(prefix="sci-oracle-coq-") as tmp:
        build(src, Path(tmp), files)
        got = query(Path(tmp), checks, modules)
    for name, axioms in got.axioms.items():
        extra = sorted(set(axioms) - REAL_AXIOMS)
        if extra:
            raise FormalError(f"{name} rests on {', '.join(extra)}: only the standard reals' axioms are allowed")
    return shas, got


def cite(lemma: str, *, cache: Path | None = None) -> dict[str, Any]:
    """The formal evidence of a lemma claim (producer side, used by ``sci-oracle prove``): compile
    the theorems' files, check them as :func:`check_formal` does, and record the files' sha256 and
    the hash of the printed statements and assumptions. Raises FormalError when Coq is missing or a
    check fails (the claim then stays at scope ``lemma``).

    The producer keeps the result in ``cache`` (default ~/.cache/sci-oracle/coq), keyed by the
    lemma, the coqc version and every cited file's sha256; :func:`check_formal` never reads it."""
    why = coqc_available()
    src = coq_dir()
    if why or src is None:
        raise FormalError(why or "proofs/coq is not part of this installation")
    checks, _ = _checks(lemma)
    shas = {f: sha256_file(src / f) for f in closure(src, [n for n, _ in checks])}
    version = coq_version()
    key = hashlib.sha256(json.dumps([lemma, version, shas, PINNED], sort_keys=True).encode()).hexdigest()
    folder = cache or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sci-oracle" / "coq"
    hit = folder / f"{key}.json"
    try:
        ev = json.loads(hit.read_text(encoding="utf-8"))
        validate(lemma, ev)
        if ev["files"] == shas and ev["coq"] == version:
            return dict(ev)
    except (OSError, ValueError, FormalError):
        pass
    shas, got = _compile_and_query(src, lemma)
    ev = {"theorems": list(LEMMAS[lemma]), "files": shas, "printed_sha256": got.sha256, "coq": version}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        hit.write_text(json.dumps(ev), encoding="utf-8")
    except OSError:
        pass  # no cache: the next prove compiles again
    return ev


EVIDENCE_KEYS = {"theorems", "files", "printed_sha256", "coq"}


def validate(lemma: Any, ev: Any) -> None:
    """The shape of a formal citation (checked by every ``verify``; recompiling needs ``--formal``):
    a lemma the kernel knows, exactly its theorems, the files they need with sha256 digests."""
    if lemma not in LEMMAS:
        raise FormalError(f"formal: {lemma!r} is not a lemma the kernel knows ({sorted(LEMMAS)})")
    if not isinstance(ev, dict) or set(ev) != EVIDENCE_KEYS:
        raise FormalError(f"formal evidence: keys must be {sorted(EVIDENCE_KEYS)}")
    if ev["theorems"] != list(LEMMAS[lemma]):
        raise FormalError(f"formal evidence: {lemma} is proved by the theorems {list(LEMMAS[lemma])}")
    files = ev["files"]
    if not isinstance(files, dict) or not files or not all(isinstance(f, str) for f in files):
        raise FormalError("formal evidence: files maps each .v file to its sha256")
    if not all(isinstance(h, str) and HEX.match(h) for h in [*files.values(), ev["printed_sha256"]]):
        raise FormalError("formal evidence: sha256 digests are 64 lowercase hex digits")
    if not isinstance(ev["coq"], str):
        raise FormalError("formal evidence: coq is the version string of the coqc that printed the statements")


@dataclass
class FormalResult:
    ok: bool | None  # None: not checked here (no coqc, or no proofs folder); the claim counts as a lemma
    reason: str


def check_formal(lemma: Any, ev: Any, src: Path | None = None) -> FormalResult:
    """``verify --formal``: the cited files are the ones of this installation (sha256), Model.v is
    the pinned one, no file contains a forbidden word, they compile from scratch, each theorem has
    the kernel's statement and only the standard reals' axioms, and the printed statements and
    assumptions hash to the certificate's."""
    try:
        validate(lemma, ev)
    except FormalError as exc:
        return FormalResult(False, str(exc))
    why = coqc_available()
    src = src or coq_dir()
    if why or src is None:
        return FormalResult(None, f"not recompiled: {why or 'proofs/coq is not part of this installation'}")
    try:
        for f, digest in ev["files"].items():
            path = src / f
            if "/" in f or not path.is_file():
                raise FormalError(f"{f} is not a file of {src}")
            if sha256_file(path) != digest:
                raise FormalError(f"{f} differs from the certificate's (edited since the claim was made)")
        shas, got = _compile_and_query(src, lemma)
        if shas != ev["files"]:
            raise FormalError(f"files: the theorems need exactly {sorted(shas)}")
        if got.sha256 != ev["printed_sha256"]:
            here = coq_version()
            extra = f" (printed by Coq {ev['coq']}, here {here})" if here != ev["coq"] else ""
            raise FormalError("the printed statements and assumptions differ from the certificate's" + extra)
    except FormalError as exc:
        return FormalResult(False, str(exc))
    except (OSError, subprocess.SubprocessError) as exc:
        return FormalResult(False, f"coqc could not be run ({type(exc).__name__}: {exc})")
    return FormalResult(
        True, f"Coq {coq_version()}: {', '.join(LEMMAS[lemma])} recompiled, statements and axioms checked"
    )


DESCRIPTIONS = {
    "lemma1": (
        "Lemma 1 (Coq, Barrier.v): under agreement up to h(n) → ∞ and separation > 2κ for every n, every "
        "algorithm that halts on the limit fails on a member; over finitely many weighted seeds "
        "P(fail on ι¹_n) + P(fail on ι²_n) ≥ 1 for one n, and ≥ 1 − η for every η > 0 over countably many"
    ),
    "lemma2": (
        "Lemma 2 (Coq, Sample.v): a (randomised) algorithm reading at most M of R samples has "
        "P(fail | q = +1) + P(fail | q = −1) ≥ 1 − M/R at some informative position p < R"
    ),
}


def describe(lemma: Any) -> str:
    """The kernel's text of a formal lemma claim."""
    return DESCRIPTIONS.get(lemma, f"unknown formal lemma {lemma!r}") if isinstance(lemma, str) else "formal claim"
