"""Verdicts, proof reports and their rendering (rich tables for people, JSON for machines).

Every claim sci_oracle makes is tri-state, like a verifier's verdict: ``certified`` (with its
certificate), ``refuted`` (with a replayable witness) or ``unknown`` (with the reason). A proof
report is a list of such claims; it is all-certified only if every claim is certified.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

CERTIFIED, REFUTED, UNKNOWN = "certified", "refuted", "unknown"
CITED = "cited"  # a lemma's conclusion: a hand proof whose hypotheses are discharged, never "certified"
STATUSES = (CERTIFIED, REFUTED, UNKNOWN, CITED)
# how strong a claim is (design: "claims state their scope")
ALL_PARAMETERS, INSTANCES, LEMMA, MEASURED = "all-parameters", "instances", "lemma", "measured"
FORMAL = "formal"  # a lemma whose conclusion is a compiled Coq theorem (sci_oracle/kernel/formal.py)
SCOPES = (FORMAL, ALL_PARAMETERS, INSTANCES, LEMMA, MEASURED)
CITING = (LEMMA, FORMAL)  # the scopes of a lemma's conclusion: its status is at most "cited"
# every --json artefact is a certificate the independent kernel (sci_oracle/kernel) re-checks
CERTIFICATE_FORMAT = "sci-oracle-certificate/2"
RUN_REPORT_FORMAT = "sci-oracle-run-report/1"  # what a run printed, for people: never a certificate
#: the document fields a certificate may carry besides its claims (the kernel recomputes each)
SUMMARY_FIELDS = ("all_certified", "K", "verdict", "digits_reached", "passed")


@dataclass
class Claim:
    """One step of a proof: a named statement, its status and a human-readable detail.

    ``data`` holds machine-readable figures (exact values as strings, e.g. '3/1024'). ``scope`` says
    how strong the claim is: proved for all parameters, checked on named instances, from a cited
    lemma, or measured (never a verdict).
    """

    name: str
    status: str
    detail: str
    data: dict[str, Any] = field(default_factory=dict)
    scope: str = INSTANCES

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status={self.status!r} is invalid: choose one of {STATUSES}")
        if self.scope not in SCOPES:
            raise ValueError(f"scope={self.scope!r} is invalid: choose one of {SCOPES}")

    def to_dict(self) -> dict[str, Any]:
        """The claim for people (name, detail, data) together with what a certificate takes from it:
        ``statement`` and ``evidence`` from ``data`` when the producer supplied them. A claim without
        a checkable statement (kind ``text``) is left out of certificates (:func:`certificate_document`)."""
        plain = {k: v for k, v in self.data.items() if k not in ("statement", "evidence")}
        statement = self.data.get("statement") or {"kind": "text", "name": self.name}
        evidence = self.data.get("evidence") or ({"data": plain} if plain else {"detail": self.detail})
        out = {
            "name": self.name,
            "status": self.verdict,
            "scope": self.scope,
            "detail": self.detail,
            "data": plain,
            "statement": statement,
            "evidence": evidence,
        }
        if self.scope == MEASURED:  # what was observed is kept for people; it is not a verdict
            out["observed"] = self.status
        return out

    @property
    def word(self) -> str:
        """The status as printed: "measured" for a measurement, "cited" for a lemma claim (a hand
        proof, or a Coq theorem that ``verify --formal`` recompiles), never "certified"."""
        return "measured" if self.scope == MEASURED else self.verdict

    @property
    def verdict(self) -> str:
        """The status as a verdict: a measurement is never one, so a measured claim is ``unknown``;
        a lemma's conclusion is at most ``cited``."""
        if self.scope == MEASURED:
            return UNKNOWN
        return CITED if self.scope in CITING and self.status in (CERTIFIED, CITED) else self.status


@dataclass
class ProofReport:
    """The JSON contract of ``sci-oracle prove``: theorem, parameters, claims, ``all_certified``."""

    theorem: str
    parameters: dict[str, Any]
    claims: list[Claim] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def all_certified(self) -> bool:
        """Every machine-checked claim certified and every lemma cited (its hypotheses discharged)."""
        verdicts = [c.verdict for c in self.claims if c.scope != MEASURED]
        return bool(verdicts) and all(v in (CERTIFIED, CITED) for v in verdicts)

    def add(self, name: str, status: str, detail: str, **data: Any) -> Claim:
        claim = Claim(name, status, detail, data)
        self.claims.append(claim)
        return claim

    def to_dict(self) -> dict[str, Any]:
        """The report for people and programs (theorem, parameters, claims with names and details,
        environment): not a certificate; :meth:`certificate` is."""
        return {
            "format": RUN_REPORT_FORMAT,
            "theorem": self.theorem,
            "parameters": self.parameters,
            "all_certified": self.all_certified,
            "seconds": round(self.seconds, 3),
            "environment": environment(),
            "claims": [c.to_dict() for c in self.claims],
        }

    def certificate(self) -> dict[str, Any]:
        """The ``sci-oracle-certificate/2`` document of the report's checkable claims (measured
        claims are left out: they are never verdicts); the kernel recomputes ``all_certified``."""
        claims = [c.to_dict() for c in self.claims]
        return certificate_document("prove", claims, all_certified=_all_verdicts(claims))

    def to_json(self, **kw: Any) -> str:
        """The certificate as JSON text (what ``sci-oracle prove --json`` writes)."""
        return json.dumps(self.certificate(), indent=1, **kw) if kw else json_text(self.certificate())

    def render(self, console: Any = None) -> None:
        """Print each claim as a status line with its detail indented below (readable at 80 columns)."""
        from rich.console import Console
        from rich.markup import escape
        from rich.padding import Padding

        console = console or Console()
        console.print(f"[bold]{escape(self.theorem)}[/]")
        console.print(f"parameters: {escape(fmt_params(self.parameters))}\n")
        for i, c in enumerate(self.claims, 1):
            status = c.word
            console.print(f"{i:>3}. {style_status(status)}  [bold]{escape(c.name)}[/]  [dim]\\[{c.scope}][/]")
            console.print(
                Padding(escape(c.detail), (0, 0, 0, 15)),
                style="dim" if status in (CERTIFIED, CITED, "measured") else None,
            )
        ok = sum(c.verdict == CERTIFIED for c in self.claims)
        n = sum(c.scope not in (MEASURED, *CITING) for c in self.claims)
        cited = sum(c.verdict == CITED for c in self.claims)
        lemmas = sum(c.scope in CITING for c in self.claims)
        verdict = "[bold green]ALL CERTIFIED[/]" if self.all_certified else "[bold red]NOT ALL CERTIFIED[/]"
        console.print(
            f"\n{verdict}: {ok}/{n} machine-checked claims certified"
            + (f", {cited}/{lemmas} lemmas cited with their hypotheses discharged" if lemmas else "")
            + f" in {self.seconds:.2f} s (each certified inequality is decided in exact or rigorous ball arithmetic)"
        )
        console.print(escape(scope_summary(self.claims)))


SCOPE_WORDS = {
    FORMAL: "from a lemma proved in Coq (proofs/coq)",
    ALL_PARAMETERS: "proved for all parameters of a stated domain (symbolic)",
    INSTANCES: "checked exactly on named instances",
    LEMMA: "from a lemma in proofs/",
    MEASURED: "measured (float context, no verdict)",
}


def scope_summary(claims: Iterable[Claim]) -> str:
    """One line counting the claims by scope, e.g. '12 claims: 5 proved for all parameters …'."""
    claims = list(claims)
    counts = {s: sum(c.scope == s for c in claims) for s in SCOPES}
    parts = [f"{n} {SCOPE_WORDS[s]}" for s, n in counts.items() if n]
    return f"{len(claims)} claims: " + "; ".join(parts)


def style_status(status: str) -> str:
    colour = {CERTIFIED: "green", REFUTED: "red", UNKNOWN: "yellow", CITED: "blue", "measured": "cyan"}[status]
    return f"[{colour}]{status:<9}[/]"


def fmt_params(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


def environment() -> dict[str, str]:
    """Versions that a verdict depends on, recorded with every report."""
    import flint
    import mpmath
    import numpy

    from sci_oracle import __version__

    return {
        "sci_oracle": __version__,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "mpmath": mpmath.__version__,
        "python-flint": flint.__version__,
        "platform": sys.platform,
    }


def certificate_document(producer: str, claims: list[dict[str, Any]], **summary: Any) -> dict[str, Any]:
    """A ``sci-oracle-certificate/2`` document from producer claims.

    A certificate holds only what the kernel checks: per claim ``status``, ``scope``, ``statement``
    and ``evidence`` (names, details, data and the ``producer`` label are the terminal's business and
    are not written), with every transcript stored once in the document's ``transcripts`` table and
    referenced by index. Measured claims and claims without a checkable statement are left out
    (references of lemma claims are renumbered); an unknown claim keeps no evidence; a lemma's
    conclusion is ``cited``. ``summary`` keeps the fields of :data:`SUMMARY_FIELDS` (the kernel
    recomputes each); other keyword arguments are display fields and are not written.
    """
    keep = [i for i, c in enumerate(claims) if in_certificate(c)]
    number = {i + 1: k + 1 for k, i in enumerate(keep)}  # old 1-based claim number -> new
    table: list[Any] = []
    index: dict[str, int] = {}

    def hoist(x: Any) -> Any:
        if isinstance(x, dict):
            return {
                k: _ref(v, table, index) if k == "transcript" and isinstance(v, list) else hoist(v)
                for k, v in x.items()
            }
        if isinstance(x, list):
            return [hoist(v) for v in x]
        return x

    out = [hoist(_clean(claims[i], number)) for i in keep]
    doc: dict[str, Any] = {"format": CERTIFICATE_FORMAT, "claims": out}
    if table:
        doc["transcripts"] = table
    doc.update({k: v for k, v in summary.items() if k in SUMMARY_FIELDS})
    return doc


def in_certificate(c: dict[str, Any]) -> bool:
    """Whether a producer claim (``Claim.to_dict()``) goes into a certificate: it has a checkable
    statement and is not a measurement."""
    st = c.get("statement")
    return c.get("scope") != MEASURED and isinstance(st, dict) and st.get("kind") not in (None, "text")


def _all_verdicts(claims: list[dict[str, Any]]) -> bool:
    kept = [c for c in claims if in_certificate(c)]
    return bool(kept) and all(_status(c) in (CERTIFIED, CITED) for c in kept)


def _status(c: dict[str, Any]) -> str:
    status = str(c.get("status"))
    return CITED if c.get("scope") in CITING and status in (CERTIFIED, CITED) else status


def _clean(c: dict[str, Any], number: dict[int, int]) -> dict[str, Any]:
    """One claim as the certificate holds it (parts of an ``each`` claim likewise, without scope)."""
    status = _status(c)
    st = dict(c["statement"])
    ev = dict(c.get("evidence") or {})
    if st.get("kind") == "each":
        ev = {k: v for k, v in ev.items() if k in ("symbolic_steps", "smt")}  # a conjunction's evidence: its parts
        st["claims"] = [
            {k: v for k, v in _clean({**p, "scope": INSTANCES}, number).items() if k != "scope"} for p in st["claims"]
        ]
    if status == UNKNOWN:
        ev = {}  # an unknown claim asserts nothing, so it carries nothing
    if "symbolic_steps" in ev:  # the kernel states each fact; a step's words are not part of it
        ev["symbolic_steps"] = [{k: v for k, v in step.items() if k != "step"} for step in ev["symbolic_steps"]]
    if "discharged_by" in ev:
        ev["discharged_by"] = {
            h: ([number[r[0]], *r[1:]] if isinstance(r, list) else number[r]) for h, r in ev["discharged_by"].items()
        }
    return {"status": status, "scope": c.get("scope", INSTANCES), "statement": st, "evidence": ev}


def _ref(transcript: list[Any], table: list[Any], index: dict[str, int]) -> int:
    """The table index of a transcript (equal transcripts are stored once)."""
    key = json.dumps(transcript, sort_keys=True)
    if key not in index:
        index[key] = len(table)
        table.append(transcript)
    return index[key]


COMPACT_ABOVE = 4 << 20  # bytes: a larger document is written without indentation (the kernel caps files at 64 MiB)


def json_text(obj: Any) -> str:
    """JSON text of a document: indented for people, compact when indentation would make it large
    (a 5,000-seed certificate is about 10 MB compact, 16 MB indented)."""
    text = json.dumps(obj, indent=1, default=str)
    return text if len(text) <= COMPACT_ABOVE else json.dumps(obj, separators=(",", ":"), default=str)


def write_json_atomic(path: str | os.PathLike[str], obj: Any) -> None:
    """Write ``obj`` as JSON to ``path`` atomically: a temp file in the same folder, then a rename,
    so a reader never sees half a certificate."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    text = obj if isinstance(obj, str) else json_text(obj)
    fd, tmp = tempfile.mkstemp(prefix=".sci-oracle-", suffix=".json.tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a certificate is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def merge(reports: Iterable[ProofReport], theorem: str, parameters: dict[str, Any]) -> ProofReport:
    out = ProofReport(theorem, parameters)
    for r in reports:
        out.claims.extend(r.claims)
        out.seconds += r.seconds
    return out
