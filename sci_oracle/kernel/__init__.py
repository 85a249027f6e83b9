"""The independent certificate checker: ``verify(path_or_dict)`` for ``sci-oracle-certificate/2`` files.

It imports nothing else from sci_oracle (an import-linter contract and ``tests/kernel`` enforce it),
and ``sci-oracle verify`` runs it in a fresh ``python -I`` process that loads nothing else
(:mod:`sci_oracle.kernel.__main__`), so a verdict it accepts does not rest on the code that produced
it. Like an LRAT checker for SAT proofs, it never searches: the certificate carries the outputs,
transcripts, levels and exact numbers, and the kernel only rebuilds the named inputs and decides signs.

The kernel owns the statements. A claim carries a few parameters (kind, family spec, K or D, the
algorithm's printed identity, the probability space, instances) and evidence; the kernel expands
the parameters through its own templates (:mod:`sci_oracle.kernel.templates`,
:mod:`sci_oracle.kernel.lemmas`) into the statement it checks and prints. Names, messages and flags
are not part of a certificate at all: the file is read strictly (:mod:`sci_oracle.kernel.parse`),
and a key the kernel does not know makes it malformed.

What it trusts: the Python interpreter and its ``json``, ``fractions`` and ``math`` modules,
python-flint's ``arb`` balls (a ball that excludes 0 decides a sign; otherwise the exact
quadratic-tower rule of :mod:`sci_oracle.kernel.numbers` decides), sympy for the symbolic steps, and
the closed-form minimisers of the PNAS 2022 Theorem 1 family (Colbrook–Antun–Hansen, PNAS 119(12),
SI §2). Lemmas are cited (status ``cited``), their hypotheses discharged by the kernel's table.
What it checks is in the checkers and ``docs/trust.md``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sci_oracle.kernel import claims as C
from sci_oracle.kernel import classes, facts, lemmas, parse, templates
from sci_oracle.kernel.family import Training
from sci_oracle.kernel.numbers import KernelError
from sci_oracle.kernel.parse import MalformedCertificate

__all__ = [
    "FORMAT",
    "ClaimResult",
    "KernelError",
    "MalformedCertificate",
    "TooCostly",
    "Verification",
    "statements",
    "verify",
]

FORMAT = "sci-oracle-certificate/2"
RETIRED = {  # formats that are not (or no longer) certificates, with what to do instead
    "sci-oracle-certificate/1": "format sci-oracle-certificate/1 is no longer read: its claims carried names and "
    "display fields the kernel did not check; write the certificate again with this version of sci-oracle",
    "sci-oracle-run-report/1": "not a certificate: a run report (a command's --report, or the partial report of a "
    "command stopped by Ctrl-C or an undecided output), in which nothing is checkable",
}
MAX_CLAIMS = 10_000
STATUSES = (C.CERTIFIED, C.REFUTED, C.UNKNOWN, C.CITED)
#: the kinds each scope may state (the ``formal`` scope of compiled Coq theorems plugs in here)
SCOPES: dict[str, Callable[[str], bool]] = {
    "instances": lambda kind: kind not in ("lemma", "symbolic"),
    "all-parameters": lambda kind: kind in templates.ALL_PARAMETERS,
    "lemma": lambda kind: kind == "lemma",
    "formal": lambda kind: kind == "lemma",  # a lemma whose table row names Coq theorems (kernel/formal.py)
}
CITING = ("lemma", "formal")  # the scopes of a lemma's conclusion
SUMMARY = ("all_certified", "K", "verdict", "digits_reached", "passed")


class TooCostly(MalformedCertificate):
    """The document's checking-cost bound exceeds the caller's ``max_seconds`` (exit 2, nothing run)."""


@dataclass
class ClaimResult:
    index: int  # 1-based
    kind: str
    status: str
    scope: str
    accepted: bool
    reason: str  # the first failing check, or how it was accepted
    statement: str = ""  # the kernel's own text of what the claim states
    parts: list[str] = field(default_factory=list)  # an ``each`` claim: its parts' statements
    formal: str | None = None  # scope formal: the formal lemma (kernel/formal.py) whose Coq theorems it cites
    proved: bool = False  # scope formal, recompiled and checked by ``verify(..., formal=True)``
    smt: Any = field(default=None, repr=False)  # all-parameters: (steps, recorded answers or None, statements)

    @property
    def name(self) -> str:
        return f"claim {self.index}"

    @property
    def lemma(self) -> bool:
        return self.scope in CITING

    @property
    def word(self) -> str:
        """The status as printed: a lemma's conclusion is "cited" unless Coq checked it here."""
        return C.CERTIFIED if self.proved and self.accepted else self.status

    def to_json(self) -> dict[str, Any]:
        return {
            "claim": self.index,
            "kind": self.kind,
            "status": self.status,
            "word": self.word,
            "scope": self.scope,
            "accepted": self.accepted,
            "reason": self.reason,
            "statement": self.statement,
            "parts": self.parts,
            "formal": self.formal,
            "proved": self.proved,
        }


@dataclass
class Verification:
    claims: list[ClaimResult]
    errors: list[str] = field(default_factory=list)  # document-level checks (verdict, digits_reached, ...)
    runs: list[dict[str, Any]] = field(default_factory=list)  # recorded runs of accepted claims, for a rerun
    cost_seconds: float = 0.0  # the bound the document was checked under

    @property
    def accepted(self) -> bool:
        return not self.errors and all(c.accepted for c in self.claims)

    @property
    def lemmas(self) -> list[str]:
        """Cited lemmas that nothing machine-checked here (a formal claim recompiled by Coq is not one)."""
        return [c.name for c in self.claims if c.lemma and not c.proved]


# --------------------------------------------------------------------------- reading
def load(source: Any) -> dict[str, Any]:
    """The document, read strictly: a path, bytes/str of JSON, or a parsed dict (re-read as text, so
    a dict gets exactly the file's treatment)."""
    if isinstance(source, dict):
        try:
            text = json.dumps(source)
        except (TypeError, ValueError) as exc:
            raise MalformedCertificate(f"not JSON data ({type(exc).__name__}: {exc})") from None
        doc = parse.loads(text)
    elif isinstance(source, (str, Path)):
        doc = parse.read(source)
    elif isinstance(source, bytes):
        doc = parse.loads(source)
    else:
        raise MalformedCertificate(f"expected a path or a parsed certificate, not {type(source).__name__}")
    if not isinstance(doc, dict):
        raise MalformedCertificate("not a certificate: expected a JSON object")
    fmt = doc.get("format")
    if fmt in RETIRED:
        raise MalformedCertificate(RETIRED[fmt])
    if fmt != FORMAT:
        raise MalformedCertificate(f"not a certificate: expected an object with format {FORMAT!r}")
    return doc


_ANSWER = parse.obj(
    {
        "seq": parse.integer,
        "name": parse.string,
        "index": parse.nullable(parse.lst(parse.integer, 8)),
        "level": parse.integer,
        "value": parse.either(
            parse.string,
            parse.obj(
                {"level": parse.integer, "shape": parse.lst(parse.integer, 8), "numerators": parse.lst(parse.string)}
            ),
        ),
    }
)


def _claim_schema(ref: parse.Schema) -> parse.Schema:
    statements = parse.keyed("kind", {name: k.statement(ref) for name, k in templates.KINDS.items()})
    shape = parse.obj(
        {
            "status": parse.const(*STATUSES),
            "scope": parse.const(*SCOPES),
            "statement": parse.anything,
            "evidence": parse.anything,
        }
    )

    def claim(v: Any, path: str) -> Any:
        v = shape(v, path)
        st = statements(v["statement"], f"{path}.statement")
        raw = v["evidence"]
        if v["status"] == C.UNKNOWN:  # asserts nothing, so carries nothing
            return {**v, "statement": st, "evidence": parse.obj({})(raw, f"{path}.evidence")}
        if not isinstance(raw, dict):
            raise MalformedCertificate(f"{path}.evidence: expected an object")
        inner = {k: x for k, x in raw.items() if k not in templates.PROOF_KEYS}
        ev = templates.KINDS[st["kind"]].evidence(ref)(inner, f"{path}.evidence")
        for key, schema in templates.PROOF_KEYS.items():  # the sympy steps, and each engine's answer per step
            if key in raw:
                if v["scope"] != "all-parameters":
                    raise MalformedCertificate(f"{path}.evidence: {key} prove all-parameters claims only")
                ev[key] = schema(raw[key], f"{path}.evidence.{key}")
        return {**v, "statement": st, "evidence": ev}

    return claim


def structure(doc: dict[str, Any]) -> tuple[list[list[Any]], list[dict[str, Any]]]:
    """The transcript table and the claims, every object checked against its closed schema (transcript
    references replaced by the shared transcripts they name). Raises MalformedCertificate."""
    for k in doc:
        if k not in ("format", "claims", "transcripts", *SUMMARY):
            raise MalformedCertificate(f"document: unknown key {k!r} (allowed: format, claims, transcripts, {SUMMARY})")
    parse.lst(parse.lst(_ANSWER, 100_000), 1 << 20)(doc.get("transcripts", []), "transcripts")
    raw = doc.get("claims")
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_CLAIMS:
        raise MalformedCertificate(f"claims: expected a list of 1..{MAX_CLAIMS} claims")
    # the schema returns new containers; the table's lists stay the shared objects the claims point to
    table = doc.get("transcripts", [])
    ref = templates.transcript_ref(table)
    schema = _claim_schema(ref)
    claims = [schema(c, f"claims[{i}]") for i, c in enumerate(raw)]
    _summary_keys(doc, claims)
    return table, claims


def _triple(claims: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """A check's three accuracy claims (D = K, K−1, K−2 of one algorithm, family and space), if the
    document's accuracy claims are exactly that."""
    acc = [c["statement"] for c in claims if c["statement"]["kind"] == "accuracy"]
    if len(acc) != 3:
        return None
    K = acc[0]["family"].get("K")
    same = all(
        C.same([a["family"], a["algorithm"], a["seeds"]], [acc[0]["family"], acc[0]["algorithm"], acc[0]["seeds"]])
        for a in acc
    )
    if not same or not isinstance(K, int) or [a["digits"] for a in acc] != [K, K - 1, K - 2]:
        return None
    return acc


def _summary_keys(doc: dict[str, Any], claims: list[dict[str, Any]]) -> None:
    """What a document may carry besides its claims follows from its claims' kinds."""
    if any(k in doc for k in ("K", "verdict", "digits_reached")) and _triple(claims) is None:
        raise MalformedCertificate(
            "K, verdict and digits_reached summarise a check's accuracy claims for D = K, K−1, K−2; this "
            "document has no such three claims"
        )
    if "passed" in doc and claims[-1]["statement"]["kind"] != "class":
        raise MalformedCertificate("passed summarises a class claim, and this document does not end with one")


def statements(source: Any) -> list[tuple[str, list[str]]]:
    """The kernel's text of each claim of a certificate (and of its parts), as ``verify`` prints it,
    without checking anything (for renderers such as ``prove --latex``). Raises MalformedCertificate."""
    _, claims = structure(load(source))
    return [_text(c) for c in claims]


def json_schema() -> Any:
    """The JSON Schema of the format, generated from the closed schemas (shipped as schema.json)."""
    return templates.json_schema(_ANSWER, STATUSES, tuple(SCOPES))


# --------------------------------------------------------------------------- checking
def verify(
    source: Any, *, max_seconds: float | None = None, formal: bool = False, smt: bool = False, coq_dir: Any = None
) -> Verification:
    """Check every claim of a certificate (a path, JSON text or a parsed dict). Raises
    MalformedCertificate for a document that is not a certificate (exit 2), TooCostly when its
    cost bound exceeds ``max_seconds``; otherwise each claim is ACCEPTED or REJECTED with a reason.
    ``formal=True`` also recompiles the Coq theorems that ``formal`` claims cite (kernel/formal.py),
    from ``coq_dir`` (default: this installation's proofs/coq); ``smt=True`` has z3 and cvc5 decide
    every all-parameters step again (kernel/smt.py). Neither is part of the cost bound: each engine
    runs in a child process under its own time limit."""
    doc = load(source)
    table, claims = structure(doc)
    bound = cost_seconds(claims)
    if max_seconds is not None and bound > max_seconds:
        raise TooCostly(
            f"checking this certificate is bounded by {bound:,.0f} s ({_dearest(claims)}), above --max-seconds "
            f"{max_seconds:g}: nothing was checked; raise --max-seconds to check it"
        )
    ctx = C.Context({id(t): i for i, t in enumerate(table)})
    results: list[ClaimResult | None] = [None] * len(claims)
    late = [i for i, c in enumerate(claims) if c["statement"]["kind"] in ("lemma", "class")]
    for i, c in enumerate(claims):
        if i not in late:
            ctx.runs.claim = i
            results[i] = _checked(c, i, ctx, claims, results)
    canon: dict[int, tuple[str, ...]] = {}

    def canonical(k: int) -> tuple[str, ...]:
        if k not in canon:
            canon[k] = tuple(json.dumps([a["name"], a["index"], a["level"], a["value"]]) for a in table[k])
        return canon[k]

    for i, why in ctx.runs.conflicts(canonical, ctx.same_output).items():
        r = results[i]
        if r is not None and r.accepted:
            r.accepted, r.reason = False, why
    for i in late:  # lemmas and class claims judge the (final) results of the claims before them
        ctx.done = [(results[k], claims[k]) for k in range(i)]
        results[i] = _checked(claims[i], i, ctx, claims, results)
    done = [r for r in results if r is not None]
    if formal:
        _recompile(claims, done, None if coq_dir is None else Path(coq_dir))
    if smt:
        _rerun_smt(done)
    out = Verification(done, cost_seconds=bound)
    _summary(doc, claims, done, out.errors)
    out.runs = [r.to_json() for r in ctx.runs.items if done[r.claim].accepted]
    return out


def cost_seconds(claims: list[dict[str, Any]]) -> float:
    c = templates.Cost()
    for claim in claims:
        templates.cost(claim, c)
    return c.total


def _dearest(claims: list[dict[str, Any]]) -> str:
    costs = [cost_seconds([c]) for c in claims]
    i = max(range(len(costs)), key=costs.__getitem__)
    return f"claim {i + 1}, a {claims[i]['statement']['kind']} claim, alone {costs[i]:,.0f} s"


def _text(c: dict[str, Any]) -> tuple[str, list[str]]:
    """The kernel's statement of a claim (and of its parts)."""
    st = c["statement"]
    kind = st["kind"]
    parts = [f"{p['status']}: {templates.statement(p['statement'])}" for p in st["claims"]] if kind == "each" else []
    base = templates.statement(st)
    if c["scope"] != "all-parameters" or kind == "symbolic":
        return base, parts
    if kind == "stripe-bound":
        return f"{facts.stripe_statement(st)}; and {base}", parts
    tag = _fact_tag(st)
    family = st["family"] if kind != "each" else (st["claims"][0]["statement"].get("family") if st["claims"] else None)
    head = facts.statement(tag, family) if tag else "(no fact the kernel knows)"
    return (f"{head}; checked exactly on the parts below" if kind == "each" else f"{head}; and {base}"), parts


def _fact_tag(st: dict[str, Any]) -> str | None:
    kind = st["kind"]
    if kind == "symbolic":
        return str(st["fact"])
    if kind == "minimisers":
        return "kkt"
    if kind == "each" and st["claims"]:
        first = st["claims"][0]["statement"]
        tag = first["kind"]
        if (
            tag == "separation"
            and isinstance(first.get("family"), dict)
            and first["family"].get("family") == "TrainingFamily"
        ):
            return "training-separation"
        return tag if tag in ("agreement", "separation") else None
    return None


def _checked(
    c: dict[str, Any], i: int, ctx: C.Context, claims: list[dict[str, Any]], results: list[Any]
) -> ClaimResult:
    st = c["statement"]
    kind, status, scope = st["kind"], c["status"], c["scope"]
    res = results[i] = ClaimResult(i + 1, kind, status, scope, False, "")
    try:
        res.statement, res.parts = _text(c)
        res.reason = _check(c, i, ctx, claims, results)
        res.accepted = True
    except C.UnknownKey as exc:  # a closed key set the schema let through: still malformed
        raise MalformedCertificate(f"claims[{i}]: {exc}") from None
    except KernelError as exc:
        res.reason = str(exc)
    except Exception as exc:  # malformed data of any shape is a rejection, never a traceback
        res.reason = f"malformed claim ({type(exc).__name__}: {exc})"
    return res


def _check(c: dict[str, Any], i: int, ctx: C.Context, claims: list[dict[str, Any]], results: list[Any]) -> str:
    """The claim's status follows from its evidence; returns how it was accepted."""
    st, ev = c["statement"], c["evidence"]
    kind, status, scope = st["kind"], c["status"], c["scope"]
    spec = templates.KINDS[kind]
    if not SCOPES[scope](kind):
        raise KernelError(f"scope: a {kind} claim cannot have scope {scope}")
    if status == C.UNKNOWN:
        return "unknown: asserts nothing"
    if status not in spec.statuses:
        raise KernelError(f"status: a {kind} claim is {' or '.join(spec.statuses)} (or unknown), not {status}")
    if kind == "lemma":
        lemma = lemmas.params(st, ctx)
        how = _formal_citation(lemma, scope, ev, results, i)
        lemmas.discharge(st, ev["discharged_by"], lambda ref, h: _find(ref, h, i, claims, results), ctx)
        hyps = ", ".join(
            f"{h} ← {'.'.join(map(str, r)) if isinstance(r, list) else r}" for h, r in ev["discharged_by"].items()
        )
        return how + (f"; hypotheses discharged: {hyps}" if hyps else "")
    steps, answers = ev.get("symbolic_steps"), ev.get("smt")
    ev = {k: v for k, v in ev.items() if k not in templates.PROOF_KEYS}
    if kind == "each":
        _parts(st["claims"], ctx)
    elif kind != "symbolic":
        supported = spec.check(st, ev, ctx)
        if supported != status:
            raise KernelError(f"status: the evidence supports {supported}, the claim says {status}")
    if scope == "all-parameters":
        if steps is None:
            raise KernelError("scope: an all-parameters claim carries the symbolic steps that prove it")
        _symbolic(steps, st, ctx)
        res = results[i]
        if res is not None:
            res.smt = (steps, _smt_record(answers, steps), _smt_statements(st, ctx))
        return f"{status}: symbolic steps re-checked" + ("" if kind == "symbolic" else "; every instance check holds")
    return f"{status}: every check holds"


def _formal_citation(lemma: lemmas.Lemma, scope: str, ev: dict[str, Any], results: list[Any], i: int) -> str:
    """Scope ``formal``: the lemma's table row names Coq theorems (``coq``), and the evidence cites
    exactly those, with the sha256 of their files and of their printed statements and assumptions
    (:func:`formal.validate`; ``verify --formal`` recompiles them). Scope ``lemma`` cites none."""
    if scope != "formal":
        if "formal" in ev:
            raise KernelError("evidence formal: a Coq citation makes the claim's scope formal, not lemma")
        return "cited (a hand proof, not machine-checked)"
    from sci_oracle.kernel import formal

    if lemma.coq is None:
        raise KernelError("scope: this lemma has no Coq proof in the kernel's table, so its scope is lemma")
    if "formal" not in ev:
        raise KernelError("evidence formal: a formal claim cites the Coq theorems of its lemma")
    try:
        formal.validate(lemma.coq, ev["formal"])
    except formal.FormalError as exc:
        raise KernelError(str(exc)) from None
    for name in formal.FILES[lemma.coq]:  # the statements the theorems are about: checked without --formal too
        pinned = formal.PINNED.get(name)
        if pinned is not None and ev["formal"]["files"][name] != pinned:
            raise KernelError(f"evidence formal: {name} is not the kernel's (its sha256 is pinned, {pinned[:12]}…)")
    results[i].formal = lemma.coq
    return f"cited: its Coq theorems ({', '.join(formal.LEMMAS[lemma.coq])}) are recompiled by verify --formal"


def _recompile(claims: list[dict[str, Any]], results: list[ClaimResult], src: Path | None) -> None:
    """--formal: recompile each cited formal lemma once; a failure rejects its claims, a missing
    coqc leaves them cited lemmas and says why."""
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
            r.proved, r.reason = True, f"formal: {got.reason}; {r.reason.partition('; ')[2]}".rstrip("; ")


def _smt_record(rec: Any, steps: Any) -> list[dict[str, str]] | None:
    """The certificate's engine answers: one {engine: answer} per step, or none recorded."""
    if rec is None:
        return None
    from sci_oracle.kernel import smt

    if len(rec) != len(steps) or any(a not in smt.OUTCOMES for r in rec for a in r.values()):
        raise KernelError(f"evidence smt: one {{engine: answer}} per symbolic step, answers {smt.ANSWERS}")
    sat = [(k, e) for k, r in enumerate(rec) for e, a in r.items() if a == "sat"]
    if sat:  # a recorded counterexample contradicts the claim, with or without --smt
        raise KernelError(f"evidence smt: step {sat[0][0]} records a counterexample ({sat[0][1]}: sat)")
    return [dict(r) for r in rec]


def _smt_statements(st: dict[str, Any], ctx: C.Context) -> Callable[[], list[tuple[str, Any, Any]]]:
    """What ``--smt`` hands z3 and cvc5 for this claim: the kernel's own statement of each step
    (facts.py, identities unevaluated), built only when the engines run."""
    if st["kind"] == "stripe-bound":
        return lambda: facts.stripe_statements(st)
    spec = st["family"] if st["kind"] != "each" else st["claims"][0]["statement"]["family"]
    family, tag = ctx.family(spec), str(_fact_tag(st))
    return lambda: facts.statements(family, tag)


def _rerun_smt(results: list[ClaimResult]) -> None:
    """--smt: z3 and cvc5 decide every step of every accepted all-parameters claim again (smt.recheck)."""
    from sci_oracle.kernel import smt
    from sci_oracle.kernel.symbolic import parse_srepr

    todo = [r for r in results if r.accepted and r.smt]
    # the engines decide the kernel's statements (facts.py), never the file's expressions
    items = [(kernel(), steps, rec) for steps, rec, kernel in (r.smt for r in todo)]
    for r, (ok, why) in zip(todo, smt.recheck(items, parse_srepr), strict=True):
        r.accepted, r.reason = (True, f"{r.reason}; {why}") if ok else (False, f"smt: {why}")


def _parts(parts: list[dict[str, Any]], ctx: C.Context) -> None:
    for k, p in enumerate(parts, 1):
        pst = p["statement"]
        if p["status"] == C.UNKNOWN:
            raise KernelError(f"part {k} is unknown: a conjunction holds only when every part is decided")
        try:
            got = templates.KINDS[pst["kind"]].check(pst, p["evidence"], ctx)
        except C.UnknownKey:
            raise
        except KernelError as exc:
            raise KernelError(f"part {k}: {exc}") from None
        if got != p["status"]:
            raise KernelError(f"part {k}: the evidence supports {got}, the part says {p['status']}")


def _find(ref: Any, h: str, i: int, claims: list[dict[str, Any]], results: list[Any]) -> lemmas.Found:
    """The claim (or [claim, part]) a lemma's hypothesis names: an earlier claim of the document."""
    path = ref if isinstance(ref, list) else [ref]
    if not 1 <= len(path) <= 2 or any(type(x) is not int for x in path) or not 1 <= path[0] <= i:
        raise KernelError(f"discharged_by {h}: a claim number before this one, or [claim, part]")
    c, r = claims[path[0] - 1], results[path[0] - 1]
    st = c["statement"]
    if len(path) == 1:
        parts = [p["statement"] for p in st["claims"]] if st["kind"] == "each" else None
        return lemmas.Found(r.accepted, c["status"], c["scope"], st, parts)
    if st["kind"] != "each" or not 1 <= path[1] <= len(st["claims"]):
        raise KernelError(f"discharged_by {h}: claim {path[0]} has no part {path[1]}")
    part = st["claims"][path[1] - 1]
    return lemmas.Found(r.accepted, part["status"], c["scope"], part["statement"], None)


def _symbolic(steps: Any, st: dict[str, Any], ctx: C.Context) -> None:
    """The steps are exactly the kernel's for the fact the statement names (facts.py), and each holds."""
    try:
        from sci_oracle.kernel.symbolic import check_symbolic_steps
    except ImportError:
        raise KernelError("symbolic steps: no symbolic re-checker is installed") from None
    if st["kind"] == "stripe-bound":
        facts.check_stripe_bound(steps, st)
    else:
        tag = _fact_tag(st)
        if tag is None:
            raise KernelError(f"symbolic steps: a {st['kind']!r} claim names no fact the kernel knows")
        spec = st["family"] if st["kind"] != "each" else st["claims"][0]["statement"]["family"]
        if st["kind"] == "each" and any(not C.same(p["statement"].get("family"), spec) for p in st["claims"]):
            raise KernelError("symbolic steps: the parts must be on one family")
        family = ctx.family(spec)
        if tag == "training-separation" and not isinstance(family, Training):
            raise KernelError("symbolic steps: training-separation is a fact of a TrainingFamily")
        facts.check_facts(steps, tag, family)
    failures = check_symbolic_steps(steps)
    if failures:
        raise KernelError(f"symbolic steps: {failures[0]}")


def _summary(doc: dict[str, Any], claims: list[dict[str, Any]], results: list[ClaimResult], errors: list[str]) -> None:
    """Recompute the document's summary fields from the claims (they are never taken on trust)."""
    if "all_certified" in doc:
        want = all(r.status in (C.CERTIFIED, C.CITED) for r in results)
        if doc["all_certified"] is not want:
            errors.append(
                f"all_certified: the claims' statuses give {want}, the document says {doc['all_certified']!r}"
            )
    acc = _triple(claims)
    if acc is not None and any(k in doc for k in ("K", "verdict", "digits_reached")):
        K = acc[0]["family"]["K"]
        status = {c["statement"]["digits"]: c["status"] for c in claims if c["statement"]["kind"] == "accuracy"}
        reached = next((D for D in (K, K - 1, K - 2) if status[D] == C.CERTIFIED), None)
        wanted: tuple[tuple[str, Any], ...] = (("K", K), ("verdict", status[K]), ("digits_reached", reached))
        for key, want in wanted:
            if key in doc and not C.same(doc[key], want):
                errors.append(f"{key}: the claims give {want!r}, the document says {doc[key]!r}")
    if "passed" in doc:
        classes.summary(claims, results, doc["passed"], errors)
