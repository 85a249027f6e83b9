"""The independent certificate checker: ``verify(path_or_dict)`` for ``sci-oracle-certificate/1`` files.

It imports nothing else from sci_oracle (an import-linter contract and ``tests/kernel`` enforce it),
so a verdict it accepts does not rest on the code that produced it. Like an LRAT checker for SAT
proofs, it never searches: the certificate carries the outputs, transcripts, levels and exact
numbers, and the kernel only rebuilds the named inputs and decides signs.

What it trusts: the Python interpreter and its ``json`` and ``fractions`` modules, python-flint's
``arb`` balls (a ball that excludes 0 decides a sign; otherwise the exact quadratic-tower rule of
:mod:`sci_oracle.kernel.numbers` decides), and the closed-form minimisers of the PNAS 2022 Theorem 1
family (Colbrook–Antun–Hansen, PNAS 119(12), SI §2), which ``sci-oracle prove`` checks by exact KKT.
Claims whose scope is ``lemma`` are listed as cited, not machine-checked; ``measured`` claims are
never verdicts. What it checks is in :mod:`sci_oracle.kernel.claims` and ``docs/trust.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sci_oracle.kernel import claims as C
from sci_oracle.kernel import classes
from sci_oracle.kernel.family import Training
from sci_oracle.kernel.numbers import KernelError

__all__ = ["FORMAT", "ClaimResult", "KernelError", "MalformedCertificate", "Verification", "verify"]

FORMAT = "sci-oracle-certificate/1"
MAX_BYTES = 64 << 20  # a `prove --K 10000` certificate (K = MAX_K) is about 37 MB
MAX_CLAIMS = 10_000
STATUSES = (C.CERTIFIED, C.REFUTED, C.UNKNOWN)
SCOPES = ("all-parameters", "instances", "lemma", "measured", "formal")


class MalformedCertificate(KernelError):
    """The file is not a certificate at all (unreadable, not JSON, wrong format, too large)."""


@dataclass
class ClaimResult:
    name: str
    status: str
    accepted: bool
    reason: str  # the first failing check, or how it was accepted
    statement: str = ""  # generated from the statement, never the file's prose
    lemma: bool = False
    measured: bool = False  # a measurement: never a verdict, so not counted by all_certified
    formal: str | None = None  # scope formal: the lemma whose Coq theorems the claim cites
    smt: Any = None  # scope all-parameters: (steps, recorded z3/cvc5 answers or None, statement)
    proved: bool = False  # scope formal, recompiled and checked by ``verify(..., formal=True)``

    @property
    def word(self) -> str:
        """The status as printed: a cited lemma is "cited", never "certified", unless Coq checked it."""
        return "cited" if self.lemma and self.status == C.CERTIFIED and not self.proved else self.status


@dataclass
class Verification:
    claims: list[ClaimResult]
    errors: list[str] = field(default_factory=list)  # document-level checks (verdict, digits_reached)
    runs: list[dict[str, Any]] = field(default_factory=list)  # recorded runs, for an --algorithm rerun

    @property
    def accepted(self) -> bool:
        return not self.errors and all(c.accepted for c in self.claims)

    @property
    def lemmas(self) -> list[str]:
        """Cited lemmas that nothing machine-checked here (a formal claim recompiled by Coq is not one)."""
        return [c.name for c in self.claims if c.lemma and not c.proved]


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are distinct (a repeated key would make the file mean two things)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        keys = [k for k, _ in pairs]
        raise ValueError(f"the key {next(k for k in keys if keys.count(k) > 1)!r} is repeated in one object")
    return out


def load(path_or_dict: Any) -> dict[str, Any]:
    if isinstance(path_or_dict, dict):
        doc = path_or_dict
    elif not isinstance(path_or_dict, (str, Path)):
        raise MalformedCertificate(f"expected a path or a parsed certificate, not {type(path_or_dict).__name__}")
    else:
        try:
            p = Path(path_or_dict)
            if p.stat().st_size > MAX_BYTES:
                raise MalformedCertificate(f"{p}: larger than {MAX_BYTES} bytes (cap)")
            doc = json.loads(p.read_bytes(), object_pairs_hook=_unique_keys)
        except (OSError, ValueError, RecursionError) as exc:
            raise MalformedCertificate(
                f"{path_or_dict}: unreadable or not JSON ({type(exc).__name__}: {exc})"
            ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise MalformedCertificate(f"not a certificate: expected an object with format {FORMAT!r}")
    cl = doc.get("claims")
    if not isinstance(cl, list) or not cl or len(cl) > MAX_CLAIMS:
        raise MalformedCertificate(f"claims: expected a list of 1..{MAX_CLAIMS} claims")
    return doc


def verify(path_or_dict: Any, *, formal: bool = False, smt: bool = False, coq_dir: Any = None) -> Verification:
    """Check every claim of a certificate (a path or a parsed dict). Raises MalformedCertificate for
    a file that is not a certificate; otherwise each claim is ACCEPTED or REJECTED with a reason.
    ``formal=True`` also recompiles the Coq theorems that ``formal`` claims cite (kernel/formal.py),
    from ``coq_dir`` (default: this installation's proofs/coq);
    ``smt=True`` re-runs z3 and cvc5 on every all-parameters step (kernel/smt.py)."""
    doc = load(path_or_dict)
    ctx = C.Context()
    results: list[ClaimResult] = []
    for i, c in enumerate(doc["claims"]):
        results.append(_claim(c, i, ctx, doc.get("producer")))
        ctx.done.append((results[-1], c))
    for c, r in zip(doc["claims"], results, strict=True):
        if r.lemma and r.accepted:
            try:
                _discharged(_without_formal(c) if r.formal else c, results)
            except KernelError as exc:
                r.accepted, r.reason = False, str(exc)
    if formal:
        _recompile(doc["claims"], results, None if coq_dir is None else Path(coq_dir))
    if smt:
        _rerun_smt(results, ctx)
    out = Verification(results, runs=ctx.runs)
    try:
        _summary(doc, results, out.errors)
    except Exception as exc:  # a hostile document is rejected, never a traceback
        out.errors.append(f"document: malformed verdict fields ({type(exc).__name__})")
    return out


def _claim(c: Any, i: int, ctx: C.Context, producer: Any) -> ClaimResult:
    name: str = c["name"] if isinstance(c, dict) and isinstance(c.get("name"), str) else f"claim {i}"
    try:
        if not isinstance(c, dict) or not {"name", "status", "scope", "statement", "evidence"} <= set(c):
            raise KernelError("a claim has name, status, scope, statement and evidence")
        status, scope, st, ev = c["status"], c["scope"], c["statement"], c["evidence"]
        if status not in STATUSES or scope not in SCOPES:
            raise KernelError(f"status must be one of {STATUSES} and scope one of {SCOPES}")
        if not isinstance(st, dict) or not isinstance(ev, dict) or not st or not ev:
            raise KernelError("statement and evidence must be non-empty objects")
        text = C.describe(st)
        kind = st.get("kind")
        if kind in C.KINDS and scope not in ("instances", "all-parameters"):
            raise KernelError(f"scope: a {kind} claim is checked on instances, not {scope}")
        if scope in ("lemma", "measured", "formal") and producer in ("check", "check-class", "barrier", "step", "run"):
            raise KernelError(f"scope: a {producer} certificate carries only machine-checked claims, not {scope}")
        if scope == "lemma":
            if kind != "lemma" or not isinstance(st.get("citation"), str) or not st["citation"]:
                raise KernelError("a lemma claim states kind 'lemma' and a non-empty citation")
            return ClaimResult(name, status, True, "lemma (cited, not machine-checked)", text, lemma=True)
        if scope == "formal":
            return _formal_claim(name, status, st, ev)
        if scope == "measured":
            if status != C.UNKNOWN:
                raise KernelError("a measured claim is never a verdict: its status must be unknown")
            return ClaimResult(name, status, True, "measured (not a verdict)", text, measured=True)
        if scope == "all-parameters":  # proved by sympy steps; any instance evidence is checked too
            if "symbolic_steps" not in ev:
                raise KernelError("scope: an all-parameters claim carries the symbolic steps that prove it")
            steps, smt_rec = ev["symbolic_steps"], ev.get("smt")
            ev = {k: v for k, v in ev.items() if k not in ("symbolic_steps", "smt")}
            if not ev:
                if kind != "symbolic":
                    raise KernelError(f"statement kind {kind!r} needs its instance evidence")
                _symbolic(steps, st, ctx)
                smt_info = (steps, _smt_record(smt_rec, steps), st)
                return ClaimResult(name, status, True, "symbolic steps re-checked", text, smt=smt_info)
        elif "symbolic_steps" in ev:
            raise KernelError(f"scope: symbolic steps prove all-parameters claims, not {scope}")
        if kind not in C.KINDS:
            raise KernelError(f"statement kind {kind!r} is not one the kernel checks ({sorted(C.KINDS)})")
        if status == C.UNKNOWN:  # asserts nothing; the statement must still be well-formed
            return ClaimResult(name, status, True, "unknown (asserts nothing)", text)
        supported = C.KINDS[kind](st, ev, ctx)
        if supported != status:
            raise KernelError(f"status: the evidence supports {supported}, the claim says {status}")
        if scope == "all-parameters":  # the instance evidence holds; now the proof over the domain
            _symbolic(steps, st, ctx)
            smt_info = (steps, _smt_record(smt_rec, steps), st)
            return ClaimResult(name, status, True, f"{status}: every check holds", text, smt=smt_info)
        return ClaimResult(name, status, True, f"{status}: every check holds", text)
    except KernelError as exc:
        return ClaimResult(name, str(c.get("status")) if isinstance(c, dict) else "?", False, str(exc))
    except Exception as exc:  # malformed data of any shape is a rejection, never a traceback
        return ClaimResult(name, "?", False, f"malformed claim ({type(exc).__name__}: {exc})")


# -- scope formal (kernel/formal.py): a cited lemma whose conclusion is a compiled Coq theorem ------------


def _formal_claim(name: str, status: str, st: dict[str, Any], ev: dict[str, Any]) -> ClaimResult:
    from sci_oracle.kernel import formal

    if st.get("kind") != "lemma" or not isinstance(st.get("citation"), str) or "formal" not in st:
        raise KernelError("a formal claim is a lemma claim that names its formal lemma")
    try:
        formal.validate(st["formal"], ev.get("formal"), citation=st["citation"])
    except formal.FormalError as exc:
        raise KernelError(str(exc)) from None
    why = "cited: its Coq theorems are recompiled by verify --formal"
    return ClaimResult(name, status, True, why, formal.describe(st["formal"]), lemma=True, formal=st["formal"])


def _without_formal(c: dict[str, Any]) -> dict[str, Any]:
    st = {k: v for k, v in c["statement"].items() if k != "formal"}
    ev = {k: v for k, v in c["evidence"].items() if k != "formal"}
    return {**c, "statement": st, "evidence": ev}


def _recompile(claims: list[Any], results: list[ClaimResult], src: Path | None) -> None:
    """--formal: recompile each cited lemma once; a failure rejects its claims, a missing coqc
    leaves them cited lemmas and says why."""
    from sci_oracle.kernel import formal

    done: dict[str, formal.FormalResult] = {}
    for c, r in zip(claims, results, strict=True):
        if not (r.formal and r.accepted):
            continue
        key = json.dumps([r.formal, c["evidence"]["formal"]], sort_keys=True)
        if key not in done:
            done[key] = formal.check_formal(r.formal, c["evidence"]["formal"], src)
        got = done[key]
        if got.ok is False:
            r.accepted, r.reason = False, f"formal: {got.reason}"
        elif got.ok is None:
            r.reason = f"counts as a lemma (cited), {got.reason}"
        else:
            r.proved, r.reason = True, f"formal: {got.reason}"


# -- z3 and cvc5 on the all-parameters steps (kernel/smt.py) -------------------------------------------


def _smt_record(rec: Any, steps: Any) -> list[dict[str, str]] | None:
    """The certificate's engine answers: one {engine: answer} per step, or none recorded."""
    from sci_oracle.kernel import smt

    if rec is None:
        return None
    ok = isinstance(rec, list) and isinstance(steps, list) and len(rec) == len(steps)
    ok = ok and all(isinstance(r, dict) and set(r) == set(smt.ENGINES) for r in rec)
    if not ok or not all(a in smt.ANSWERS for r in rec for a in r.values()):
        raise KernelError(
            f"evidence smt: one {{engine: answer}} per step, engines {smt.ENGINES}, answers {smt.ANSWERS}"
        )
    return [{str(e): str(a) for e, a in r.items()} for r in rec]


def _rerun_smt(results: list[ClaimResult], ctx: C.Context) -> None:
    """--smt: z3 and cvc5 decide every step of every accepted all-parameters claim again (smt.recheck)."""
    from sci_oracle.kernel import facts, smt
    from sci_oracle.kernel.symbolic import parse_srepr

    todo = [r for r in results if r.accepted and r.smt]
    items = []
    for r in todo:  # the engines decide the kernel's statements (facts.py), never the file's expressions
        steps, rec, st = r.smt
        kernel = facts.stripe_statements(st) if st.get("kind") == "stripe-bound" else facts.statements(*_fact(st, ctx))
        items.append((kernel, steps, rec))
    for r, (ok, why) in zip(todo, smt.recheck(items, parse_srepr), strict=True):
        r.accepted, r.reason = (True, f"{r.reason}; {why}") if ok else (False, f"smt: {why}")


def _discharged(c: dict[str, Any], results: list[ClaimResult]) -> None:
    """A cited lemma asserts its conclusion (status certified); each hypothesis it names is
    discharged by a machine-checked, certified claim of the same document (claims numbered from 1)."""
    st, ev = c["statement"], c["evidence"]
    if c["status"] != C.CERTIFIED:
        raise KernelError("status: a cited lemma asserts its conclusion, so its status is certified")
    if "hypotheses" not in st:  # a bare citation: nothing in the document to discharge
        C._keys(st, {"kind", "citation"}, "statement")
        return
    hyps = st["hypotheses"]
    C._keys(st, {"kind", "citation", "hypotheses"}, "statement")
    C._keys(ev, {"discharged_by"}, "evidence")
    by = ev["discharged_by"]
    if not isinstance(hyps, list) or not isinstance(by, dict) or sorted(by) != sorted(hyps):
        raise KernelError("evidence discharged_by: one claim number per hypothesis of the statement")
    for h, k in by.items():
        r = results[k - 1] if type(k) is int and 1 <= k <= len(results) else None
        if r is None or not r.accepted or r.lemma or r.measured or r.status != C.CERTIFIED:
            raise KernelError(f"discharged_by: hypothesis {h!r} needs an accepted, certified, machine-checked claim")


def _symbolic(steps: Any, st: dict[str, Any], ctx: C.Context) -> None:
    """The steps are exactly the kernel's for the fact the statement names (facts.py), and each holds."""
    try:
        from sci_oracle.kernel import facts
        from sci_oracle.kernel.symbolic import check_symbolic_steps
    except ImportError:
        raise KernelError("symbolic steps: no symbolic re-checker is installed") from None
    if not isinstance(steps, list):
        raise KernelError("symbolic steps: expected a list")
    if st.get("kind") == "stripe-bound":
        facts.check_stripe_bound(steps, st)
    else:
        family, tag = _fact(st, ctx)
        facts.check_facts(steps, tag, family)
    failures = check_symbolic_steps(steps)
    if failures:
        raise KernelError(f"symbolic steps: {failures[0]}")


def _fact(st: dict[str, Any], ctx: C.Context) -> tuple[Any, str]:
    """The family and the fact an all-parameters PNAS claim proves, read from its statement."""
    kind = st.get("kind")
    if kind == "symbolic":
        C._keys(st, {"kind", "name", "family", "fact"}, "statement")
        spec, tag = st["family"], st["fact"]
    elif kind == "minimisers":
        spec, tag = st["family"], "kkt"
    elif kind == "each" and isinstance(st.get("claims"), list) and st["claims"]:
        parts = [(c["statement"]["kind"], json.dumps(c["statement"]["family"], sort_keys=True)) for c in st["claims"]]
        if len(set(parts)) != 1 or parts[0][0] not in ("agreement", "separation"):
            raise KernelError("symbolic steps: the parts must be agreement or separation claims on one family")
        spec, tag = st["claims"][0]["statement"]["family"], parts[0][0]
    else:
        raise KernelError(f"symbolic steps: a {kind!r} claim names no fact the kernel knows")
    if not isinstance(tag, str):
        raise KernelError("statement fact: a name")
    family = ctx.family(spec)
    if tag == "separation" and isinstance(family, Training):
        tag = "training-separation"
    return family, tag


def _summary(doc: dict[str, Any], results: list[ClaimResult], errors: list[str]) -> None:
    """Recompute the document's verdict fields from the claims (they are never taken on trust)."""
    cl = doc["claims"]
    verdicts = [r.status for r in results if not r.measured]
    if "all_certified" in doc and doc["all_certified"] is not (
        bool(verdicts) and all(v == C.CERTIFIED for v in verdicts)
    ):
        errors.append("all_certified: it does not follow from the claims' statuses")
    if classes.applies(doc):
        return classes.summary(doc, results, errors)
    if doc.get("producer") != "check":
        if "verdict" in doc and results[0].lemma:
            errors.append("verdict: it rests on a cited lemma, not on a machine-checked claim")
        if "verdict" in doc and not C.same(doc["verdict"], results[0].status):
            errors.append(f"verdict: the first claim is {results[0].status}, the document says {doc['verdict']!r}")
        return
    acc: dict[Any, str] = {}
    for c, r in zip(cl, results, strict=True):
        st = c.get("statement") if isinstance(c, dict) else None
        if isinstance(st, dict) and st.get("kind") == "accuracy":
            if not C.same(st.get("K"), doc.get("K")):
                errors.append("K: an accuracy claim's K differs from the document's K")
            if type(st.get("digits")) is not int:
                errors.append("digits: an accuracy claim's digits is not an integer")
                return
            acc[st["digits"]] = r.status
    K = doc.get("K")
    if type(K) is not int or K not in acc:
        errors.append("verdict: no accuracy claim at the document's K")
        return
    if not C.same(doc.get("verdict"), acc[K]):
        errors.append(f"verdict: the K-digit claim is {acc[K]}, the document says {doc.get('verdict')!r}")
    reached = next((D for D in (K, K - 1, K - 2) if acc.get(D) == C.CERTIFIED), None)
    if not C.same(doc.get("digits_reached"), reached):
        errors.append(f"digits_reached: the claims give {reached}, the document says {doc.get('digits_reached')!r}")
