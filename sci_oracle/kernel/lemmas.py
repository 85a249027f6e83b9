"""The lemmas a certificate may cite, by the kernel's own table (proofs/LEMMA.md, proofs/bhv.py).

A cited lemma is a hand proof, not machine-checked: its claim prints with the status word
``cited``, never ``certified``. What the kernel does check is everything around it. A lemma claim
names a row of :data:`LEMMAS` and its parameters (family, n, level); the conclusion it prints is
generated here from that row, so a lemma claim renamed to a false statement cannot be expressed.
Each hypothesis names the one claim template that discharges it, on the same family (hence the
same problem and K), and the claim the certificate points to must be an accepted claim of exactly
that template; anything else is rejected.

Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), SI; Bastounis–Hansen–Vlačić, Prop 10.5
(Lemma 1, the barrier); proofs/LEMMA.md Lemma 2 (the sample adversary) and Lemma U (uniqueness);
proofs/bhv.py Lemmas 1–3 (pieces of a ReLU net along a line).

A row may name the formal lemma whose compiled Coq theorems prove it (``coq``: ``lemma1`` or
``lemma2`` of :data:`sci_oracle.kernel.formal.LEMMAS`); a claim of that row may then have scope
``formal``, its evidence citing those theorems, which ``verify --formal`` recompiles
(:mod:`sci_oracle.kernel.formal`). The conclusion printed is this table's either way; the Coq
citation is evidence. This module only records the name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel import text
from sci_oracle.kernel.family import MAX_N, Training
from sci_oracle.kernel.numbers import KernelError

CITED, CERTIFIED = "cited", "certified"


@dataclass(frozen=True)
class Found:
    """The claim (or part of an ``each`` claim) a hypothesis points to, after checking."""

    accepted: bool  # its top-level claim was accepted by the kernel
    status: str
    scope: str  # the top-level claim's scope (a part inherits it)
    statement: dict[str, Any]
    parts: list[dict[str, Any]] | None  # an ``each`` claim's parts (statements), else None


@dataclass(frozen=True)
class Hypothesis:
    says: str  # what the hypothesis states
    template: str  # the claim template that discharges it (for messages and docs/trust.md)
    match: Callable[[Found, dict[str, Any]], bool]


@dataclass(frozen=True)
class Lemma:
    citation: str
    params: tuple[str, ...]  # statement keys besides kind and lemma
    hypotheses: dict[str, Hypothesis]
    conclusion: Callable[[dict[str, Any]], str]
    family: str | None = None  # the family kind the lemma is about ("PNASFamily", "TrainingFamily", "either")
    by_construction: Callable[[dict[str, Any], Any], None] | None = None  # kernel checks of the rebuilt family
    coq: str | None = None  # the formal lemma (kernel/formal.py LEMMAS) whose Coq theorems prove it: scope formal
    notes: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------- matching
def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _certified(f: Found, kind: str, p: dict[str, Any]) -> bool:
    return (
        f.accepted
        and f.status == CERTIFIED
        and f.statement.get("kind") == kind
        and _same(f.statement.get("family"), p["family"])
    )


def _all_parameters(kind: str) -> Callable[[Found, dict[str, Any]], bool]:
    """An all-parameters ``each`` claim whose parts are all ``kind`` on the lemma's family."""

    def match(f: Found, p: dict[str, Any]) -> bool:
        return (
            f.accepted
            and f.status == CERTIFIED
            and f.scope == "all-parameters"
            and f.parts is not None
            and all(x.get("kind") == kind and _same(x.get("family"), p["family"]) for x in f.parts)
        )

    return match


def _lemma_claim(name: str) -> Callable[[Found, dict[str, Any]], bool]:
    def match(f: Found, p: dict[str, Any]) -> bool:
        st = f.statement
        return f.accepted and f.status == CITED and st.get("lemma") == name and _same(st.get("family"), p["family"])

    return match


def _kkt_everywhere(f: Found, p: dict[str, Any]) -> bool:
    return _certified(f, "minimisers", p) and f.scope == "all-parameters"


def _covers_pair(f: Found, p: dict[str, Any]) -> bool:
    """Solutions certified on the limit and both members of pair n: a ``minimisers`` (PNAS) or
    ``training`` claim listing them, or the uniqueness lemma on the family."""
    if _lemma_claim("uniqueness")(f, p):
        return True
    kind = "training" if p["family"].get("family") == "TrainingFamily" else "minimisers"
    rows = f.statement.get("instances")
    need = [None, {"j": 1, "n": p["n"]}, {"j": 2, "n": p["n"]}]
    return _certified(f, kind, p) and isinstance(rows, list) and all(any(_same(r, w) for r in rows) for w in need)


def _pair_claim(kind: str, level: bool) -> Callable[[Found, dict[str, Any]], bool]:
    def match(f: Found, p: dict[str, Any]) -> bool:
        st = f.statement
        return _certified(f, kind, p) and st.get("n") == p["n"] and (not level or st.get("level") == p["level"])

    return match


def _q_separation(f: Found, p: dict[str, Any]) -> bool:
    pair = f.statement.get("q_pair")
    return (
        _certified(f, "training", p)
        and isinstance(pair, list)
        and all(isinstance(w, dict) and w.get("j") == 1 and w.get("n") == p["n"] for w in pair)
    )


def _samples_differ_only_at_p(params: dict[str, Any], ctx: Any) -> None:
    """(S1) on the kernel's rebuild: with R = 2 samples and the informative one at p = 0 or 1,
    the members q = +1 and q = −1 have equal arrays except sample p (its input and label)."""
    fam = ctx.family(params["family"])
    n = params["n"]
    for p in (0, 1):
        a, b = (fam.instance({"j": 1, "n": n, "q": s, "R": 2, "p": p}, "S1") for s in (1, -1))
        for name in a.shapes:
            if name[1:] != str(p) and any(not q.eq(x, y) for x, y in zip(a.flat(name), b.flat(name), strict=True)):
                raise KernelError(f"S1: the members q = ±1 differ in {name}, which is not sample p = {p}")


# --------------------------------------------------------------------------- the table
def _everywhere(p: dict[str, Any]) -> str:
    return (
        f"for every p > 1/2, no algorithm, even randomised, is correct to {p['family']['K']} digits w.p. ≥ p on "
        f"every input of {text.family(p['family'])} (the limit and both members of every pair n ≥ 1): the infimum "
        "over these inputs of its probability of success is at most 1/2"
    )


def _at_pair(p: dict[str, Any]) -> str:
    return (
        f"every algorithm, even randomised, whose runs on the limit of {text.family(p['family'])} all halt "
        f"reading only levels ≤ {p['level']} fails {p['family']['K']} digits w.p. ≥ 1/2 on member 1 or member 2 "
        f"of pair n={p['n']}"
    )


def _samples(p: dict[str, Any]) -> str:
    K = p["family"]["K"]
    return (
        f"for every R > M ≥ 0, every training algorithm, even randomised, that reads at most M samples has "
        f"P(fail {K - 1} digits | q=+1) + P(fail | q=−1) ≥ 1 − M/R on the members (j=1, n={p['n']}, q=±1, "
        f"R samples, informative sample at some p) of {text.family(p['family'])}; so no algorithm that reads a "
        f"bounded number of samples is, for any p > 1/2, correct to {K - 1} digits w.p. ≥ p on every such member"
    )


def _unique(p: dict[str, Any]) -> str:
    return (
        f"for every n ≥ 1 and j = 1, 2, member j of pair n of {text.family(p['family'])} has exactly one "
        "minimiser, t(a_j)·e_j (the closed form)"
    )


def _pieces(p: dict[str, Any]) -> str:
    return (
        "every ReLU network ℝ² → ℝ with hidden widths N_1, …, N_L is, along any line, piecewise linear with at "
        "most P = ∏(N_i + 1) pieces; its decision 1[φ ≥ 1/2] changes at most P times along it; so on points of "
        "that line whose labels alternate A times it errs on at least ⌈(A − P)/2⌉ of them"
    )


LEMMAS: dict[str, Lemma] = {
    "barrier": Lemma(
        "proofs/LEMMA.md, Lemma 1 (PNAS 2022 SI; Bastounis–Hansen–Vlačić Prop 10.5), for every pair n",
        ("family",),
        {
            "H1": Hypothesis(
                "each member of every pair has a known unique minimiser",
                "a cited uniqueness lemma (Lemma U) on the same family",
                _lemma_claim("uniqueness"),
            ),
            "H2": Hypothesis(
                "pair n agrees with the limit up to level n, for every n ≥ 1",
                "an all-parameters claim whose parts are agreement claims on the same family",
                _all_parameters("agreement"),
            ),
            "H3": Hypothesis(
                "the members' minimisers are more than 2·10^-K apart, for every n ≥ 1",
                "an all-parameters claim whose parts are separation claims on the same family",
                _all_parameters("separation"),
            ),
        },
        _everywhere,
        family="PNASFamily",
        coq="lemma1",
    ),
    "barrier-pair": Lemma(
        "proofs/LEMMA.md, Lemma 1 (PNAS 2022 SI; Bastounis–Hansen–Vlačić Prop 10.5), at one pair n",
        ("family", "n", "level"),
        {
            "H1": Hypothesis(
                "the limit and both members of pair n have their solution sets certified",
                "a minimisers (PNAS) or training (Training) claim listing them, or Lemma U, on the same family",
                _covers_pair,
            ),
            "H2": Hypothesis(
                "pair n agrees with the limit up to the lemma's level",
                "an agreement claim (or part) on the same family, n and level",
                _pair_claim("agreement", level=True),
            ),
            "H3": Hypothesis(
                "the members' solutions are more than 2·10^-K apart",
                "a separation claim (or part) on the same family and n",
                _pair_claim("separation", level=False),
            ),
        },
        _at_pair,
        family="either",
        coq="lemma1",
    ),
    "sample-adversary": Lemma(
        "proofs/LEMMA.md, Lemma 2 (the sample adversary, Theorem 1(b) in the training form)",
        ("family", "n"),
        {
            "S2": Hypothesis(
                "the test solutions of the members q = +1 and q = −1 (j = 1, n) are more than 2·10^-(K−1) apart",
                "a training claim (or part) on the same family whose q_pair is at j = 1 and the lemma's n",
                _q_separation,
            ),
        },
        _samples,
        family="TrainingFamily",
        coq="lemma2",
        by_construction=_samples_differ_only_at_p,
        notes=(
            "S1 (the members q = ±1 differ only in sample p) holds by the family's definition; the kernel "
            "checks it on its own rebuild at R = 2",
            "the test solutions depend on (j, n, q) only, so S2 at one (R, p) holds at every (R, p)",
        ),
    ),
    "uniqueness": Lemma(
        "proofs/LEMMA.md, Lemma U (KKT with a dual strict off the support, one support column)",
        ("family",),
        {
            "KKT": Hypothesis(
                "for every n ≥ 1 the closed-form minimisers pass KKT with strict inequalities",
                "an all-parameters minimisers claim on the same family",
                _kkt_everywhere,
            ),
        },
        _unique,
        family="PNASFamily",
    ),
    "bhv-pieces": Lemma(
        "proofs/bhv.py, Lemmas 1-3 (the project's reconstruction of Bastounis–Hansen–Vlačić, arXiv:2109.06098, "
        "Theorem 2.2)",
        (),
        {},
        _pieces,
    ),
}


def params(st: dict[str, Any], ctx: Any) -> Lemma:
    """The lemma a statement names, its parameters validated (family rebuilt, n and level in range)."""
    lemma = LEMMAS[st["lemma"]]
    if "family" in lemma.params:
        fam = ctx.family(st["family"])
        want = lemma.family
        is_training = isinstance(fam, Training)
        if (want == "PNASFamily" and is_training) or (want == "TrainingFamily" and not is_training):
            raise KernelError(f"statement family: lemma {st['lemma']!r} is about a {want}")
    if "n" in lemma.params:
        q.integer(st["n"], "statement n", 1, MAX_N)
    if "level" in lemma.params:
        q.integer(st["level"], "statement level", 0, 1 << 16)
    return lemma


def conclusion(st: dict[str, Any]) -> str:
    lemma = LEMMAS[st["lemma"]]
    return f"{lemma.conclusion(st)} [{lemma.citation}]"


def discharge(st: dict[str, Any], by: dict[str, Any], find: Callable[[Any, str], Found], ctx: Any) -> None:
    """Each hypothesis of the lemma is discharged by a claim of its template (KernelError otherwise)."""
    lemma = LEMMAS[st["lemma"]]
    if sorted(by) != sorted(lemma.hypotheses):
        raise KernelError(f"evidence discharged_by: one reference per hypothesis {sorted(lemma.hypotheses)}")
    for h, ref in by.items():
        hyp = lemma.hypotheses[h]
        found = find(ref, h)
        if not hyp.match(found, st):
            raise KernelError(f"discharged_by {h} ({hyp.says}): the claim it names is not {hyp.template}")
    if lemma.by_construction is not None:
        lemma.by_construction(st, ctx)
