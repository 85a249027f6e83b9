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
STATUSES = (CERTIFIED, REFUTED, UNKNOWN)
# how strong a claim is (design: "claims state their scope")
ALL_PARAMETERS, INSTANCES, LEMMA, MEASURED = "all-parameters", "instances", "lemma", "measured"
FORMAL = "formal"  # a lemma whose conclusion is a compiled Coq theorem (sci_oracle/kernel/formal.py)
SCOPES = (FORMAL, ALL_PARAMETERS, INSTANCES, LEMMA, MEASURED)
CITED = "cited"  # the printed status of a certified lemma claim: a hand proof is cited, not machine-checked
# every --json artefact is a certificate the independent kernel (sci_oracle/kernel) re-checks
CERTIFICATE_FORMAT = "sci-oracle-certificate/1"


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
        """A claim of ``sci-oracle-certificate/1``: ``statement`` and ``evidence`` come from ``data``
        when the producer supplied them (what the kernel checks); otherwise the statement is the
        name only, which the kernel accepts only as a cited lemma."""
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
        """The status as printed: "cited" for a lemma claim (hand proof), never "certified"."""
        if self.scope == MEASURED:
            return "measured"
        return CITED if self.scope == LEMMA and self.status == CERTIFIED else self.status

    @property
    def verdict(self) -> str:
        """The status as a verdict: a measurement is never one, so a measured claim is ``unknown``."""
        return UNKNOWN if self.scope == MEASURED else self.status


@dataclass
class ProofReport:
    """The JSON contract of ``sci-oracle prove``: theorem, parameters, claims, ``all_certified``."""

    theorem: str
    parameters: dict[str, Any]
    claims: list[Claim] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def all_certified(self) -> bool:
        verdicts = [c.verdict for c in self.claims if c.scope != MEASURED]
        return bool(verdicts) and all(v == CERTIFIED for v in verdicts)

    def add(self, name: str, status: str, detail: str, **data: Any) -> Claim:
        claim = Claim(name, status, detail, data)
        self.claims.append(claim)
        return claim

    def to_dict(self) -> dict[str, Any]:
        """A ``sci-oracle-certificate/1`` document (the kernel recomputes ``all_certified``)."""
        return certificate_document(
            "prove",
            [c.to_dict() for c in self.claims],
            theorem=self.theorem,
            parameters=self.parameters,
            all_certified=self.all_certified,
            seconds=round(self.seconds, 3),
            environment=environment(),
        )

    def to_json(self, **kw: Any) -> str:
        return json.dumps(self.to_dict(), indent=2, default=str, **kw)

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
        n = sum(c.scope != MEASURED for c in self.claims)
        cited = sum(c.word == CITED for c in self.claims)
        verdict = "[bold green]ALL CERTIFIED[/]" if self.all_certified else "[bold red]NOT ALL CERTIFIED[/]"
        console.print(
            f"\n{verdict}: {ok}/{n} claims hold in {self.seconds:.2f} s"
            + (f", {cited} of them cited lemmas (hand proofs)" if cited else "")
            + " (each certified inequality is decided in exact or rigorous ball arithmetic)"
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
    colour = {CERTIFIED: "green", REFUTED: "red", UNKNOWN: "yellow", "measured": "cyan", CITED: "blue"}[status]
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


def certificate_document(producer: str, claims: list[dict[str, Any]], **display: Any) -> dict[str, Any]:
    """A ``sci-oracle-certificate/1`` document: ``claims`` (name, status, scope, statement, evidence)
    are what the kernel checks; ``display`` keys are for people and never trusted."""
    return {"format": CERTIFICATE_FORMAT, "producer": producer, **display, "claims": claims}


def write_json_atomic(path: str | os.PathLike[str], obj: Any) -> None:
    """Write ``obj`` as JSON to ``path`` atomically: a temp file in the same folder, then a rename,
    so a reader never sees half a certificate."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    text = obj if isinstance(obj, str) else json.dumps(obj, indent=1, default=str)
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
