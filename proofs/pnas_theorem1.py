"""Executable proof of Theorem 1(a) of Colbrook–Antun–Hansen, PNAS 2022.

Statement (PNAS 119(12) e2107151119, Theorem 1(a)). For (P1) QCBP, (P2) U-LASSO and (P3)
SR-LASSO and every K > 2 there is a class of inputs such that no algorithm, even randomised,
that reads the input through Δ1 oracles (exact dyadic approximations of any accuracy 2^-n)
outputs a minimiser correct to K digits (dist ≤ 10^-K) with probability > 1/2 on all of it.

Proof, each step checked by this script (``sci-oracle prove``). Every claim states its scope
(docs/theory.md §8): steps 1–3 for the solver family are proved with sympy for every parameter
of a stated domain (``all-parameters``; recorded steps re-checked by
``sci_oracle.kernel.symbolic``), and also exactly on the actual matrices; runs of algorithms
are ``instances``; the conclusion of step 4 is ``lemma`` (Lemma 1 of proofs/LEMMA.md), with the
claims that discharge its hypotheses named in the report.

1. *Family.* ``PNASFamily`` (SI construction): members ι¹_n, ι²_n and the tie limit ι⁰. Each
   member's minimiser is certified unique by the exact KKT check plus a strict dual
   (Lemma U below); the limit's vertices are certified minimisers.
2. *Agreement.* Every entry of ι^j_n is within 2^-(n+1) of ι⁰, so the limit's nearest-rounded
   answers at every level ≤ n are legal answers for both members (checked exactly).
3. *Separation.* ‖x¹_n − x²_n‖ = √2·t(c + 2^-(n+1)) > 2·10^-K for every n: t is decreasing, so
   the separation increases with n and n = 1 is the worst case (proved symbolically over
   X = 10^K ≥ 1000, δ = 2^-(n+1) ∈ (0, 1/4]; docs/theory.md §3).
4. *Lemma* (SI; BHV Prop 10.5). An algorithm halts on ι⁰ after reading levels ≤ m*; for n with
   agreement ≥ m* it sees identical answers on ι¹_n and ι²_n, so gives one output, which by
   step 3 is more than 10^-K from one of the two minimisers. For a randomised algorithm with the
   same seed on all three inputs, each seed fails on at least one member, so the worst member
   fails with probability ≥ 1/2. The script *runs* this adversary on built-in algorithms
   (including one that reads 200 levels deep, and a float64 primal–dual solver) and re-verifies
   every certificate from its data alone.
5. *Sharpness and the positive side.* A fair coin between the tied columns fails with
   probability exactly 1/2 on each member; the midpoint of the candidates is within 10^-(K−1)
   of both (K−1 digits are computable).

Lemma U (uniqueness). If z satisfies the KKT conditions with a dual certificate that is strict
off the support, the support columns of A are independent and, for SR-LASSO with Az = y, the
dual has norm < 1, then z is the unique minimiser. (Any other minimiser must make every
inequality in the weak-duality chain tight, which forces it onto the support and to the same
Az, hence to z.)

Theorem 1 in the training setting (the project's construction, ``TrainingFamily``). The input
is a training set of R samples (y_k, x_k), x_k the minimiser for y_k, read through Δ1 oracles;
A = [[aᵀ, 0], [0, q·s·I]] with the tie a of part (a), s = ‖a‖, a hidden sign q = ±1; R − 1
samples are y_k = (ω_n, 0) with ω_n = θ + 2^-(n+1) (θ the problem's threshold: the largest y₀
with zero solution at the tie, so the limit's labels are 0), and one sample at position p is
y_p = (0, 1, 0, …). The network is scored on the test input y* = (5, 10, 0, …). Write t_j(y₀),
u_q for the test solution's block-1 coordinate (on column j) and block-2 coordinate.

(0) For each member the solution map of these inputs is computed exactly by a small NN
    (exact_network): SR-LASSO y ↦ (y₀/a_j)e_j ⊕ y₂/(q s) (its dual-norm condition holds on
    every input of the family), U-LASSO y ↦ D·soft_{λw/2}(G y) with G = diag(a_j, q s),
    D = diag(a_j⁻², s⁻²); for QCBP the one-layer map x* y*ᵀ/‖y*‖² is exact at the test input.
    Checked exactly by evaluating the networks on every input.
(a) Every label of member (j, n) is within 2^-(n+1)·max(1, 1/a) of the limit's label and every
    sample input within 2^-(n+1) of the limit's (the exact agreement level is computed), while
    the test solutions of j = 1, 2 are more than 2·10^-K apart (checked exactly). The lemma of
    step 4 applies verbatim with the training set as the input.
(b) Attainability: SignSearchTrainer reads samples until y_k has a second-block entry ≥ 1/2
    (only y_p does), reads x_p at a level where its sign cannot flip (|x_p,2| ≥ (1−ε)/s, and the
    level is chosen from the public s₀ ≤ s·(1 + 2^-n)), and returns the midpoint of the tie's test
    solutions with that q: its error is half the j-separation plus the O(2^-n) gap between the
    tie and the member, below 10^-(K−1) (checked exactly per instance).
    Necessity of many samples (the sample adversary): let Γ read at most M samples. Run it on the
    instance with R = M + 1 uninformative samples (q undetermined; outside Ω). Some position p
    is unread; the members with the informative sample at p and q = +1, −1 agree with that
    instance on every sample Γ read, so Γ gives them one output, while their test solutions are
    more than 2·10^-(K−1) apart: Γ fails K−1 digits on one. For a randomised Γ over a seed set,
    choose the p read by fewest seeds: P(fail | q=+1) + P(fail | q=−1) ≥ 1 − (#seeds reading p)/S,
    which is ≥ 1 − M/R. Hence no K−1 algorithm reads a bounded number of samples on all of Ω.
(c) CoarseTrainer reads nothing and returns the tie's midpoint with 0 on block 2: error below
    10^-(K−2) on every member (checked exactly), i.e. 0 ≤ L samples for every L; the zero
    network errs by more than 10^-(K−1), so K−1 is not free.

References
----------
.. [1] M. J. Colbrook, V. Antun, A. C. Hansen, PNAS 119(12) e2107151119 (2022), Thm 1, SI.
.. [2] A. Bastounis, A. C. Hansen, V. Vlačić, "The mathematics of adversarial attacks in AI", Prop 10.5.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.algorithms.builtin import Midpoint, OneSparseSolver, PrimalDualFloat64, Zero, coin_flip
from sci_oracle.algorithms.training import (
    BudgetTrainer,
    CoarseTrainer,
    SignSearchTrainer,
    budget_mixture,
    exact_network,
    tie_guess,
)
from sci_oracle.barrier import accuracy, find_barrier, find_barrier_randomised, sample_barrier
from sci_oracle.barrier.certificate import (
    accuracy_claim,
    agreement_claim,
    as_data,
    each,
    minimisers_claim,
    network_claim,
    separation_claim,
    training_claim,
)
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import approx, sign, sqrt
from sci_oracle.core.problems import PROBLEMS
from sci_oracle.core.report import (
    ALL_PARAMETERS,
    CERTIFIED,
    CITED,
    FORMAL,
    INSTANCES,
    LEMMA,
    REFUTED,
    UNKNOWN,
    Claim,
    ProofReport,
)
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.families.symbolic import DOMAINS, decide_step, in_domain, solver_family_steps, training_steps
from sci_oracle.families.training import TrainingFamily, samples_read
from sci_oracle.kernel import facts, formal, smt
from sci_oracle.kernel.lemmas import LEMMAS
from sci_oracle.kernel.symbolic import check_symbolic_steps, parse_srepr

THEOREM = (
    "Colbrook–Antun–Hansen (PNAS 2022) Theorem 1: (a) no algorithm computes K digits w.p. ≥ p on every input, "
    "whatever p > 1/2; (b) K−1 digits computable but need arbitrarily many samples; (c) K−2 digits from ≤ L samples; (0) the NNs exist"
)
NAMES = {"qcbp": "P1 QCBP", "ulasso": "P2 U-LASSO", "srlasso": "P3 SR-LASSO"}


def _status(ok: bool) -> str:
    """Certified when the checks hold; otherwise unknown (a check that fails here is not a
    refutation the kernel could read: the claim is then undecided, never ``refuted``)."""
    return CERTIFIED if ok else UNKNOWN


def _claim(report: ProofReport, name: str, status: str, detail: str, scope: str, **data: Any) -> Claim:
    claim = Claim(name, status, detail, data, scope)
    report.claims.append(claim)
    return claim


def _ns(ns: Sequence[int]) -> str:
    return "{" + ", ".join(map(str, ns)) + "}"


def _symbolic(
    report: ProofReport,
    fam: Any,
    key: str,
    name: str,
    proved: str,
    fallback: tuple[bool, str],
    prefix: str = "",
    inst_name: str | None = None,
    **data: Any,
) -> Claim:
    """A claim proved over the parameter domain by recorded sympy steps, re-checked by the kernel.

    If the family's parameters lie outside the proven domain or a step does not close, the claim
    falls back to the exact instance check ``fallback`` (scope ``instances``) and says why.
    """
    P = prefix + NAMES[fam.problem.name]
    all_steps = {**solver_family_steps(fam.problem.name, fam.params), **training_steps(fam.problem.name, fam.params)}
    steps = all_steps.get(key, [])
    ok_dom, why = in_domain(fam.problem.name, fam.K, _lam_w1(fam), getattr(fam.problem, "eps", None))
    if not steps:
        ok_dom, why = False, "no symbolic proof of this fact is implemented for this problem yet"
    failures = check_symbolic_steps(steps) if ok_dom else []
    producer = ok_dom and all(decide_step(st) for st in steps)
    inst_ok, inst_detail = fallback
    if ok_dom and not failures and producer:
        lines = "; ".join(f"[{st['method']}] {st['step']}" for st in steps)
        # the kernel re-checks the sympy steps, and the instance evidence (if any) as well
        proof = {
            "statement": data.pop("statement", {"kind": "symbolic", "family": fam.spec(), "fact": key}),
            "evidence": {**data.pop("evidence", {}), "symbolic_steps": steps},
        }
        claim = _claim(
            report,
            f"{P}: {name}",
            _status(inst_ok),
            f"for all {DOMAINS[fam.problem.name]}: {proved}. sympy steps (re-checked by the kernel): {lines}. "
            f"Also exact on instances: {inst_detail}",
            ALL_PARAMETERS,
            domain=DOMAINS[fam.problem.name],
            **proof,
            **data,
        )
        problem = fam.problem.name
        _SMT_PENDING.append((claim, smt.step_scripts(steps, parse_srepr, lambda x: facts._interval(x, problem))))
        return claim
    reason = why or (failures[0] if failures else "the producer's sympy decision did not close a step")
    return _claim(
        report,
        f"{P}: {inst_name or name} (instances)",
        _status(inst_ok),
        f"{inst_detail}; the symbolic proof does not cover these parameters: {reason}",
        INSTANCES,
        **data,
    )


# all-parameters claims and the SMT-LIB scripts of their steps, decided together at the end of prove()
_SMT_PENDING: list[tuple[Claim, list[str]]] = []


def _attach_smt() -> None:
    """z3 and cvc5 decide every recorded step (extra [formal]); each claim's evidence records each
    engine's answer per step, and its detail names any step that only sympy proves."""
    pending = list(_SMT_PENDING)
    _SMT_PENDING.clear()
    missing = [e for e in smt.ENGINES if smt.missing(e)]
    if len(missing) == len(smt.ENGINES):
        for claim, _ in pending:
            claim.detail += " (z3 and cvc5 not installed, extra [formal]: sympy is the only engine)"
        return
    scripts = [x for _, xs in pending for x in xs]
    answers = {e: smt.decide_cached(scripts, e) for e in smt.ENGINES}
    k = 0
    for claim, xs in pending:
        rec = [{e: answers[e][k + i] for e in smt.ENGINES} for i in range(len(xs))]
        k += len(xs)
        claim.data["evidence"]["smt"] = rec
        only = [i for i, r in enumerate(rec) if any(a != "unsat" for a in r.values())]
        claim.detail += (
            f" z3 and cvc5 also prove each of the {len(rec)} steps (negation unsat)."
            if not only
            else " sympy only for step(s) "
            + ", ".join(f"{i} ({', '.join(f'{e}: {a}' for e, a in rec[i].items())})" for i in only)
            + "; z3 and cvc5 prove the others."
        )


def _lemma(lemma: str, params: dict[str, Any], discharged_by: dict[str, Any]) -> dict[str, Any]:
    """``data`` of a claim that follows from a lemma of proofs/LEMMA.md, named by the kernel's table
    (``sci_oracle/kernel/lemmas.py``), which also states its conclusion; each hypothesis names the
    checked claim (number) or part ([claim, part], 1-based) discharging it. When the table's row
    names Coq theorems (``coq``) and coqc compiles them here, the claim has scope ``formal`` and its
    evidence cites the theorems, the sha256 of their files and of their printed statements and
    assumptions; otherwise it is a cited hand proof (scope ``lemma``) and ``formal_missing`` says why."""
    data: dict[str, Any] = {
        "statement": {"kind": "lemma", "lemma": lemma, **params},
        "evidence": {"discharged_by": discharged_by},
    }
    coq = LEMMAS[lemma].coq
    if coq is None:
        return data
    try:
        data["evidence"]["formal"] = _formal_evidence(coq)
    except formal.FormalError as exc:
        data["formal_missing"] = str(exc)
    return data


_FORMAL: dict[str, dict[str, Any] | formal.FormalError] = {}


def _formal_evidence(lemma: str) -> dict[str, Any]:
    """formal.cite, once per process (a failure is remembered too)."""
    if lemma not in _FORMAL:
        try:
            _FORMAL[lemma] = formal.cite(lemma)
        except formal.FormalError as exc:
            _FORMAL[lemma] = exc
    got = _FORMAL[lemma]
    if isinstance(got, formal.FormalError):
        raise got
    return dict(got)


def _lemma_claim(
    report: ProofReport, name: str, hyps: list[Claim], detail: str, data: dict[str, Any], **extra: Any
) -> Claim:
    """A lemma claim: cited when every claim discharging a hypothesis is certified (or cited); at
    scope ``formal`` when its Coq theorems compiled, else ``lemma``."""
    missing = data.pop("formal_missing", None)
    scope = FORMAL if "formal" in data["evidence"] else LEMMA
    if scope == FORMAL:
        theorems = ", ".join(data["evidence"]["formal"]["theorems"])
        detail += f"; conclusion proved in Coq ({theorems}; proofs/coq, checked by verify --formal)"
    elif missing:
        detail += f"; the Coq proof was not checked here ({missing}), so this is a cited hand proof"
    return _claim(report, name, _cited(hyps), detail, scope, **data, **extra)


def _cited(hyps: list[Claim]) -> str:
    """A lemma's status: cited when every claim discharging a hypothesis is certified (or cited)."""
    return CITED if all(c.verdict in (CERTIFIED, CITED) for c in hyps) else UNKNOWN


def _number(report: ProofReport, claim: Claim) -> int:
    return next(i for i, c in enumerate(report.claims, 1) if c is claim)


def _lam_w1(fam: Any) -> Fraction | None:
    lam = getattr(fam.problem, "lam", None)
    return None if lam is None else lam * fam.problem.w(fam.N)[0]


def prove_problem(report: ProofReport, fam: PNASFamily, levels: Sequence[int]) -> None:
    P, K = NAMES[fam.problem.name], fam.K
    ns = sorted({1, *levels})  # n = 1 is the worst case of the separation
    first = len(report.claims) + 1

    # 1. the closed-form minimisers: KKT with dual certificate, for all parameters; exact on instances
    checks = [fam.limit().certify_solution()] + [m.certify_solution() for n in ns for m in fam.pair(n)]
    bad = [v for v in checks if not v]
    inst = (
        f"{fam!r}: exact KKT on the actual matrices (with mixing and block 2) for the limit and both members, "
        f"n ∈ {_ns(ns)}" + (f"; FAILED: {bad[0].detail}" if bad else "")
    )
    kkt = _symbolic(
        report,
        fam,
        "kkt",
        "closed-form minimisers are KKT points with their dual certificates",
        f"z = t(a_j)·e_j with its dual certificate satisfies the KKT conditions of {P} identically, strictly off "
        "the support (unique by Lemma U of proofs/LEMMA.md); at the tie (δ = 0) every t(c)·e_i is a minimiser",
        (not bad, inst),
        **as_data(minimisers_claim(fam, ns, CERTIFIED if not bad else UNKNOWN)),
    )
    unique = _claim(
        report,
        f"{P}: each member's minimiser is unique (Lemma U)",
        _cited([kkt]) if kkt.scope == ALL_PARAMETERS else UNKNOWN,
        f"Lemma U of proofs/LEMMA.md: the KKT conditions with a dual strict off the support and one support column "
        f"make the minimiser unique; its hypotheses ← claim {_number(report, kkt)} ({kkt.scope}, {kkt.status})",
        LEMMA,
        **_lemma("uniqueness", {"family": fam.spec()}, {"KKT": _number(report, kkt)}),
    )

    # 2. agreement with the limit
    h = {n: fam.agreement_level(n) for n in ns}
    H_ok = fam.H is None or all(
        sum((fam.H[k][i] * fam.H[k][j] for k in range(fam.m)), Fraction(0)) == (1 if i == j else 0)
        for i in range(fam.m)
        for j in range(fam.m)
    )
    agree_inst = "h(n) = " + ", ".join(f"{v} (n={n})" for n, v in h.items()) + " (exact)"
    if fam.mode == "entrywise" and H_ok:
        agree = _symbolic(
            report,
            fam,
            "agreement",
            "indistinguishable up to level n: h(n) ≥ n",
            "every entry of ι^j_n is within 2^-(n+1) of ι⁰ (a_j moves by δ, ‖a‖ by at most δ"
            + ("; mixed entries by |H_rk|·δ ≤ δ, H orthogonal, checked exactly for this m" if fam.H else "")
            + "), so the limit's nearest-rounded answers (error ≤ 2^-(m+1)) at every level m ≤ n are legal for "
            "both members",
            (all(h[n] >= n for n in ns), agree_inst),
            levels={str(n): v for n, v in h.items()},
            **each([agreement_claim(fam, n, n) for n in ns]),
        )
    else:
        agree = _claim(
            report,
            f"{P}: indistinguishable up to level n, on n ∈ {_ns(ns)}",
            _status(all(h[n] >= n for n in ns)),
            agree_inst + "; the symbolic argument covers entrywise oracles only",
            INSTANCES,
            levels={str(n): v for n, v in h.items()},
            **each([agreement_claim(fam, n, n) for n in ns]),
        )

    # 3. separation, and the monotonicity of t
    shown = ", ".join(f"{approx(sqrt(fam.separation2(n)), 6)} (n={n})" for n in ns)
    sep = _symbolic(
        report,
        fam,
        "separation",
        f"separation > 2·10^-{K} for every n ≥ 1",
        "‖x¹_n − x²_n‖ = √2·t(c + 2^-(n+1)) > 2·10^-K",
        (all(fam.separation_exceeds(n) for n in ns), f"‖x¹−x²‖ = {shown}"),
        inst_name=f"separation > 2·10^-{K} on n ∈ {_ns(ns)}",
        **each([separation_claim(fam, n) for n in ns]),
    )
    _symbolic(
        report,
        fam,
        "monotonicity",
        "t is decreasing, so n = 1 is the worst case",
        "t'(a) < 0 on the members' range a ∈ (c, c + 1/4]: the separation grows with n",
        (_t_decreasing(fam), "t'(a) < 0 at a = c" if fam.problem.name == "ulasso" else "t(a) = const/a"),
        inst_name="t is decreasing at the family's parameters",
    )

    # 4. the lemma, run on algorithms that read shallow, deep, and in float64
    algs = [OneSparseSolver(30, "first"), OneSparseSolver(200, "last"), Midpoint(30), Zero(), PrimalDualFloat64()]
    caught, verdicts, own, parts = [], [], [], []
    for alg in algs:
        cert = find_barrier(alg, fam)
        if cert.verdict != REFUTED and "AlgorithmError" in cert.message:
            # e.g. float64 at K ≥ 308: the algorithm reports its own contract error; no fact about the theorem
            own.append(f"{alg!r}: its own contract error, not counted ({cert.message.split('AlgorithmError: ')[-1]})")
            continue
        ok = cert.verdict == REFUTED and cert.verify() and cert.replay(alg)
        caught.append(ok)
        parts.append(cert.claim())
        read = f"read ≤ level {cert.levels_read}" if cert.levels_read >= 0 else "read nothing"
        verdicts.append(
            f"{alg!r}: {read}, n = {cert.n}, fails member {cert.failing_member} (digits {cert.digits})"
            if ok
            else f"{alg!r}: {cert.message}"
        )
    _claim(
        report,
        f"{P}: the adversary catches the {len(caught)} algorithms run",
        _status(bool(caught) and all(caught)),
        "adversary run, witness re-verified from its data and replayed — " + "; ".join(verdicts + own),
        INSTANCES,
        **each(parts),
    )

    rb = find_barrier_randomised(coin_flip(30, seeds=(0, 1)), fam)  # a fair coin between the first two tied columns
    p1, p2 = rb.failure_probabilities
    _claim(
        report,
        f"{P}: a coin flip fails w.p. exactly 1/2 (the bound is sharp)",
        _status(rb.worst >= Fraction(1, 2) and p1 == p2 == Fraction(1, 2)),
        f"coin flip over seeds {list(rb.seeds)}, coupled: P(fail member 1) = {p1}, P(fail member 2) = {p2} "
        f"(exact, finite seed set); 1/2 is attained, so the lemma's bound cannot be improved",
        INSTANCES,
        **as_data(rb.claim()),
    )

    # 5. the lemma's conclusion, with the facts that discharge its hypotheses: for every pair n when
    # agreement and separation are proved for all parameters, else at the deepest pair checked
    if agree.scope == ALL_PARAMETERS and sep.scope == ALL_PARAMETERS and unique.verdict == CITED:
        hyps = {"H1": unique, "H2": agree, "H3": sep}
        data = _lemma("barrier", {"family": fam.spec()}, {h: _number(report, c) for h, c in hyps.items()})
        name = f"{P}: no algorithm gets K = {K} digits w.p. ≥ p on every input, whatever p > 1/2 (Lemma 1)"
    else:
        n = max(ns)
        hyps = {"H1": kkt, "H2": agree, "H3": sep}
        refs = {"H1": _number(report, kkt), "H2": [_number(report, agree), ns.index(n) + 1]}
        refs["H3"] = [_number(report, sep), ns.index(n) + 1]
        data = _lemma("barrier-pair", {"family": fam.spec(), "n": n, "level": n}, refs)
        name = (
            f"{P}: every algorithm reading levels ≤ {n} on the limit fails K = {K} digits w.p. ≥ 1/2 on member 1 "
            f"or 2 of pair n = {n} (Lemma 1)"
        )
    _lemma_claim(
        report,
        name,
        list(hyps.values()),
        "Lemma 1 of proofs/LEMMA.md (PNAS SI; BHV Prop 10.5), hypotheses discharged by "
        + "; ".join(f"{h} ← claim {_number(report, c)} ({c.scope}, {c.verdict})" for h, c in hyps.items()),
        data,
        first_claim=first,
    )

    # 6. K−1 digits are computable (on instances)
    members = [fam.limit()] + [m for n in ns for m in fam.pair(n)]
    acc = accuracy(Midpoint(30), members, K - 1)
    _claim(
        report,
        f"{P}: K−1 = {K - 1} digits attained on {len(members)} instances",
        acc.status,
        f"Midpoint(level=30) on the limit and both members for n ∈ {_ns(ns)}: {acc.message}",
        INSTANCES,
        **as_data(accuracy_claim(fam, "Midpoint(level=30)", members, acc)),
    )


def prove_training(report: ProofReport, fam: TrainingFamily, L: int, levels: Sequence[int]) -> None:
    """Parts (0), (a), (b), (c) in the training setting, on the project's TrainingFamily."""
    P, K = NAMES[fam.problem.name], fam.K
    tag = f"[T] {P}"
    # SignSearchTrainer reads x_p at level ≈ log2 s₀ ≈ 3.3K: the level budget grows with K
    lvl = {"max_level": 4096 + 4 * K, "timeout": 600.0}
    budget = {**lvl, "max_queries": 100_000}
    variants = [fam.variant(q=-1), fam.variant(q=-1, R=2 * fam.R + 1, p=fam.R), fam.variant(q=1, R=fam.R + 3, p=0)]
    insts = [fam.limit(), *[m for n in levels for m in fam.pair(n)], *variants]

    # the family: every training label and test solution certified, separations exact
    bad = [v for v in (i.certify_solution() for i in insts) if not v]
    kap = fam.kappa
    sep_j = all(fam.separation_exceeds(n) for n in levels)
    q_plus = fam.variant(q=1)
    d_q = variants[0].dist2(q_plus.solution.vertices[0])
    sep_q = sign(d_q - 4 * (10 * kap) ** 2) > 0
    zero = [Fraction(0)] * fam.N
    zero_fails = all(sign(i.dist2(zero) - (10 * kap) ** 2) > 0 for i in insts)
    h = {n: fam.agreement_level(n) for n in levels}
    fam_claim = _claim(
        report,
        f"{tag}: exact family, labels, agreement and separations on {len(insts)} instances",
        _status(not bad and sep_j and sep_q and zero_fails),
        f"{fam!r} (the project's construction): every label x_k is the unique minimiser for y_k and every test "
        f"solution is certified (exact KKT) on {len(insts)} instances; j = 1, 2 test solutions are "
        f"{approx(sqrt(fam.separation2(levels[0])), 4)} > 2·10^-{K} apart; q = ±1 are {approx(sqrt(d_q), 4)} "
        f"> 2·10^-{K - 1} apart; the zero network errs by > 10^-{K - 1} everywhere"
        + (f"; FAILED: {bad[0].detail}" if bad else "")
        + f"; members n ∈ {_ns(levels)} agree with the limit up to level h(n) = "
        + ", ".join(str(v) for v in h.values()),
        INSTANCES,
        **each(
            [
                training_claim(fam, insts, [q_plus, variants[0]], d_q, _status(not bad and sep_q and zero_fails)),
                *[separation_claim(fam, n) for n in levels],
                *[agreement_claim(fam, n, h[n]) for n in levels],
            ]
        ),
    )

    # the j-separation of the test solutions, for every n (closed forms of families/training.py)
    dts = []
    for n in levels if fam.problem.name != "qcbp" else ():
        a, w1 = fam.c + Fraction(1, 2 ** (n + 1)), fam.problem.w(fam.N)[0]
        ts = 5 / a if fam.problem.name == "srlasso" else (5 * a - fam.problem.lam * w1 / 2) / (a * a)  # type: ignore[attr-defined]
        dts.append(sign(fam.separation2(n) - 2 * ts * ts) == 0)
    _symbolic(
        report,
        fam,
        "training-separation",
        f"j = 1, 2 test solutions more than 2·10^-{K} apart for every n ≥ 1",
        "the closed-form test coordinate t* (SR-LASSO 5/a, U-LASSO (5a − λw₁/2)/a²) gives ‖x*¹ − x*²‖ = "
        "√2·t*(c + 2^-(n+1)) > 2·10^-K; on the instances the closed form equals the exactly certified test solutions",
        (
            sep_j and (fam.problem.name == "qcbp" or all(dts)),
            f"j-separation > 2·10^-{K} exactly for n ∈ {_ns(levels)}",
        ),
        prefix="[T] ",
        inst_name=f"j = 1, 2 test solutions more than 2·10^-{K} apart on n ∈ {_ns(levels)}",
        **each([separation_claim(fam, n) for n in levels]),
    )

    # (0) the networks exist
    ok0 = all(_exact_on_inputs(i) for i in insts)
    _claim(
        report,
        f"{tag}: (0) a NN solves each of {len(insts)} instances exactly",
        _status(ok0),
        "exact_network(member) evaluated in exact arithmetic: "
        + (
            "one linear layer, exact on every training and test input"
            if fam.problem.name == "srlasso"
            else "affine–soft-threshold–affine, exact on every training and test input"
            if fam.problem.name == "ulasso"
            else "one linear layer, exact on the test input (QCBP's solution map shares ε across blocks)"
        ),
        INSTANCES,
        **as_data(
            network_claim(
                fam,
                insts,
                [exact_network(i) for i in insts],
                "test" if fam.problem.name == "qcbp" else "all",
                _status(ok0),
            )
        ),
    )

    # (a) no training algorithm gets K digits with probability > 1/2
    trainers = [SignSearchTrainer(), CoarseTrainer(), BudgetTrainer(1)]
    results, parts = [], []
    for tr in trainers:
        cert = find_barrier(tr, fam, **lvl)
        parts.append(cert.claim())
        results.append((cert.verdict == REFUTED and cert.verify() and cert.replay(tr), tr, cert))
    rb = find_barrier_randomised(tie_guess((0, 1)), fam, **lvl)
    ok_a = all(r[0] for r in results) and rb.worst >= Fraction(1, 2)
    sharp = rb.failure_probabilities == (Fraction(1, 2), Fraction(1, 2))
    run_a = _claim(
        report,
        f"{tag}: (a) the {len(trainers) + 1} trainers run fail K = {K} digits",
        _status(ok_a),
        "; ".join(
            f"{tr!r}: fails member {c.failing_member} at n = {c.n}" if ok else f"{tr!r}: {c.message}"
            for ok, tr, c in results
        )
        + f"; randomised TieGuessTrainer over seeds (0, 1): P(fail) = {', '.join(map(str, rb.failure_probabilities))}"
        + (" (exact, sharp)" if sharp else " (exact)"),
        INSTANCES,
        **each([*parts, rb.claim()]),
    )
    n0 = levels[0]
    fam_no = _number(report, fam_claim)
    _lemma_claim(
        report,
        f"{tag}: (a) every training algorithm reading levels ≤ {h[n0]} on the limit fails K = {K} digits "
        f"w.p. ≥ 1/2 on member 1 or 2 of pair n = {n0} (Lemma 1)",
        [fam_claim],
        f"Lemma 1 of proofs/LEMMA.md with the training set as the input, at pair n = {n0}: H1 (solutions), H2 "
        f"(agreement up to level {h[n0]}), H3 (j-separation) ← parts of claim {fam_no}; the lemma's adversary is run "
        f"in claim {_number(report, run_a)}",
        _lemma(
            "barrier-pair",
            {"family": fam.spec(), "n": n0, "level": h[n0]},
            {"H1": [fam_no, 1], "H2": [fam_no, 2 + len(levels)], "H3": [fam_no, 2]},
        ),
    )

    # (b) K−1 digits are computable, but need arbitrarily many samples
    acc = accuracy(SignSearchTrainer(), insts, K - 1, budget=budget)
    reads = sorted({samples_read(r.transcript) for r in acc.records})
    _claim(
        report,
        f"{tag}: (b) K−1 = {K - 1} digits attained on {len(insts)} instances",
        acc.status,
        f"SignSearchTrainer on {len(insts)} instances (R up to {2 * fam.R + 1}): {acc.message}; samples read "
        f"{reads} = informative position + 1 (grows with p; unbounded over Ω by Lemma 2 of proofs/LEMMA.md)",
        INSTANCES,
        **as_data(accuracy_claim(fam, "SignSearchTrainer()", insts, acc)),
    )
    Ms = sorted({L, 4 * L + 3})
    lines, ok_b, sb_parts = [], True, []
    for M in Ms:
        need = sample_barrier(SignSearchTrainer(), fam, M, **lvl)
        cheap = sample_barrier(BudgetTrainer(M), fam, M, **lvl)
        sb_parts += [need.claim(), cheap.claim()]
        ok_b &= need.needs_more and cheap.verdict == REFUTED and not cheap.needs_more
        lines.append(
            f"M = {M}: SignSearch read all {need.R}; BudgetTrainer({M}) fails K−1 with the informative sample at p = {cheap.p}"
        )
    rs = sample_barrier(
        budget_mixture(Ms[0]),
        fam,
        Ms[0],
        R=2 * Ms[0] + 2,
        **lvl,
    )
    ok_b &= rs.verdict == REFUTED
    run_b = _claim(
        report,
        f"{tag}: (b) the sample adversary catches the trainers run, M ∈ {_ns(Ms)}",
        _status(ok_b),
        "; ".join(lines)
        + f"; randomised budgets over {len(rs.seeds or ())} seeds: P(fail | q=±1) = "
        + ", ".join(map(str, rs.failure_probabilities or ()))
        + " (exact, finite seed set); the general statement is Lemma 2 of proofs/LEMMA.md",
        INSTANCES,
        **each([*sb_parts, rs.claim()]),
    )
    _lemma_claim(
        report,
        f"{tag}: (b) no algorithm reading a bounded number of samples gets K−1 = {K - 1} digits (Lemma 2)",
        [fam_claim],
        f"Lemma 2 of proofs/LEMMA.md: S1 by the family's definition (the kernel rebuilds it), S2 (the q = ±1 "
        f"test solutions at j = 1, n = {variants[0].n} are more than 2·10^-{K - 1} apart) ← part 1 of claim {fam_no}; "
        f"the sample adversary is run in claim {_number(report, run_b)}",
        _lemma("sample-adversary", {"family": fam.spec(), "n": variants[0].n}, {"S2": [fam_no, 1]}),
    )

    # (c) K−2 digits from at most L samples
    acc_c = accuracy(CoarseTrainer(), insts, K - 2, budget=budget)
    read_c = max(samples_read(r.transcript) for r in acc_c.records)
    acc_c1 = accuracy(CoarseTrainer(), insts, K - 1, budget=budget)
    ok_c = acc_c.status == CERTIFIED and read_c <= L and acc_c1.status == REFUTED
    _claim(
        report,
        f"{tag}: (c) K−2 = {K - 2} digits from ≤ L = {L} samples on {len(insts)} instances",
        _status(ok_c),
        f"CoarseTrainer reads {read_c} ≤ {L} samples: {acc_c.message}; it does not reach K−1 digits",
        INSTANCES,
        **each([accuracy_claim(fam, "CoarseTrainer()", insts, a) for a in (acc_c, acc_c1)]),
    )


def _exact_on_inputs(inst: Any) -> bool:
    nn = exact_network(inst)
    if inst.problem.name != "qcbp":
        for y, x in inst.samples:
            out = nn.evaluate(np.array(y, dtype=object), backend="exact")
            if any(sign(a - b) != 0 for a, b in zip(out, x, strict=True)):
                return False
    out = list(nn.evaluate(np.array(inst.y_test, dtype=object), backend="exact"))
    return sign(inst.dist2(out)) == 0


def _t_decreasing(fam: PNASFamily) -> bool:
    """t'(a) < 0 for a ≥ c: 1/a and (1−ε)/a trivially; U-LASSO t'(a) = (λw − a)/a³ < 0 iff a > λw."""
    if fam.problem.name != "ulasso":
        return True
    lam_w = fam.problem.lam * fam.problem.w(fam.N)[0]  # type: ignore[attr-defined]
    return sign(fam.c - lam_w) > 0


def prove(
    K: int = 3,
    problems: Sequence[str] = PROBLEMS,
    *,
    L: int = 2,
    N1: int = 2,
    N2: int = 2,
    params: str = "paper",
    mixing: str = "householder",
    levels: Sequence[int] = (10, 20, 40),
    training: bool = True,
    lam: Any = 1,
    eps: Any = Fraction(1, 10),
) -> ProofReport:
    if isinstance(L, bool) or not isinstance(L, int) or L < 0:
        raise InvalidArgument(f"L={L!r} is invalid: L must be an int >= 0 (a number of samples)")
    t0 = time.perf_counter()
    _SMT_PENDING.clear()
    report = ProofReport(
        THEOREM,
        {
            "K": K,
            "L": L,
            "problems": list(problems),
            "N1": N1,
            "N2": N2,
            "params": params,
            "mixing": mixing,
            "levels": list(levels),
            "lam": str(lam),
            "eps": str(eps),
        },
    )
    for p in problems:
        fam = PNASFamily(p, K, N1=N1, N2=N2, params=params, mixing=mixing, lam=lam, eps=eps)
        prove_problem(report, fam, levels)
    if training:
        for p in problems:
            tf = TrainingFamily(p, K, R=max(4, L + 2), params=params, lam=lam, eps=eps)
            prove_training(report, tf, L, levels[:1])
    _attach_smt()
    report.seconds = time.perf_counter() - t0
    return report


def prove_from_cli(args: Any) -> ProofReport:
    problems = PROBLEMS if getattr(args, "problem", None) in (None, "all") else (args.problem,)
    kw = {k: getattr(args, k, None) for k in ("L", "lam", "eps", "N1", "N2", "mixing", "levels")}
    levels = tuple(kw.pop("levels") or (10, 20, 40))
    n = getattr(args, "n", None)
    if n is not None:
        levels = tuple(sorted({*levels, n}))
    return prove(
        K=getattr(args, "K", None) or 3,
        problems=problems,
        levels=levels,
        **{k: v for k, v in kw.items() if v is not None},
    )


if __name__ == "__main__":
    prove().render()
