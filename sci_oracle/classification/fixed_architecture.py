"""Bastounis–Hansen–Vlačić Theorem 2.2 in its own quantifiers, for one fixed architecture.

Bastounis–Hansen–Vlačić [1]_, Theorem 2.2 (Main Results I): for every ReLU architecture fixed in
advance, every training procedure, every cost and every p ∈ (0, 1) there are distributions 𝒟 (an
uncountable family) such that, with probability ≥ 1 − p over i.i.d. training and validation sets
𝒯, 𝒱 ~ 𝒟, a network of that architecture with perfect training and validation accuracy exists
(zero cost), yet every such network is unstable on 𝒯 ∪ 𝒱, while stable and accurate networks of
another, data-dependent width exist. The paper's own distributions were not available to the
project; this module runs the **project's reconstruction** (the stripe family of
:mod:`sci_oracle.families.stripes` with the planted feature x₂ = δ·f(x)) and certifies, exactly:

1. *The probability bound* (proved for every training procedure and every member of the family,
   offset ∈ ℚ and 0 < δ < ε: an uncountable family once the offset ranges over ℝ). With the
   architecture's piece bound P = ∏(N_i + 1), the law puts 𝒯 and 𝒱 i.i.d. uniformly on M = P + 2q
   stripes. If 𝒯 ∪ 𝒱 hits all of them, the labels alternate A = M − 1 times along x₁, and Lemma 3
   of ``proofs/bhv.py`` (the piece-count lemma) forces every network of the architecture that is
   accurate on 𝒯 ∪ 𝒱 to err on ≥ ⌈(A − P)/2⌉ = q points after the shift η = (0, −x₂), ‖η‖∞ ≤ δ < ε,
   which keeps every label. The union bound gives P(some stripe missed) ≤ M(1 − 1/M)^{r+s},
   computed exactly and compared with p.
2. *Success is attainable*: the planted-feature network ρ(x₂/δ) − ρ(x₂/δ − 1), embedded exactly in
   the architecture (needs N₁ ≥ 2), has zero error on 𝒯 ∪ 𝒱 (so zero cost for any cost with
   R(v, v) = 0): checked exactly on every draw.
3. *The trained network*, from the user's procedure ``train(X, y, rng)`` on 𝒯, is certified on
   every draw: its exact training and validation errors, and either an inaccuracy witness or an
   instability witness (x ∈ 𝒯 ∪ 𝒱, η with ‖η‖∞ < ε, f(x + η) = f(x), d(φ(x + η)) ≠ f(x + η)).
4. *The variable-width stable network* ψ (:func:`~sci_oracle.classification.dichotomy.trapezoid_network`)
   equals f exactly on the closed ε-ball of every point of 𝒯 ∪ 𝒱, with width 4·(class-1 stripes
   hit) = 2M, which exceeds any fixed architecture once M > P.

Over ``draws`` independent draws, the number of draws on which the event of 1. failed is reported
with its Clopper–Pearson interval (:func:`sci_oracle.barrier.clopper_pearson`); the rate at which the
procedure reached perfect accuracy is ``measured``, never certified.

References
----------
.. [1] A. Bastounis, A. C. Hansen, V. Vlačić, "The mathematics of adversarial attacks in AI --
   Why deep learning is unstable despite the existence of stable neural networks",
   arXiv:2109.06098 (2021; v2 2025), Theorem 2.2.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.barrier import clopper_pearson
from sci_oracle.classification import stripe_claims as SC
from sci_oracle.classification.dichotomy import certify_dichotomy, certify_stable, trained_network, trapezoid_network
from sci_oracle.classification.pieces import Layers, decision_errors, errors_lower_bound, hidden_widths, piece_bound
from sci_oracle.core.errors import AlgorithmError, InvalidArgument
from sci_oracle.core.exact import check_positive_rational, to_fraction
from sci_oracle.core.report import ALL_PARAMETERS, CERTIFIED, MEASURED, UNKNOWN, Claim
from sci_oracle.core.validation import check_int
from sci_oracle.families.stripes import StripeFamily, StripeSample

__all__ = [
    "FixedArchitectureDraw",
    "FixedArchitectureResult",
    "embedded_planted_network",
    "fixed_architecture_theorem",
    "miss_probability_bound",
    "samples_needed",
]

SOURCE = "project's reconstruction of BHV Theorem 2.2 (the paper's distributions were not available)"
Trainer = Callable[[np.ndarray, np.ndarray, np.random.Generator], Any]


# --------------------------------------------------------------------------- exact probability bound
def miss_probability_bound(stripes: int, n: int) -> Fraction:
    """M(1 − 1/M)^n: the union bound on P(n i.i.d. uniform draws over M stripes miss one), exact."""
    stripes = check_int("stripes", stripes, min_value=1, max_value=10**6)
    n = check_int("n", n, min_value=0, max_value=10**7)
    return stripes * (1 - Fraction(1, stripes)) ** n


def samples_needed(stripes: int, p: Fraction) -> int:
    """The least n with M(1 − 1/M)^n ≤ p (found by a float estimate, then fixed exactly)."""
    if stripes == 1:
        return 0
    n = max(0, int(np.log(float(stripes) / float(p)) / -np.log1p(-1.0 / stripes)) - 2)
    while miss_probability_bound(stripes, n) > p:
        n += 1
    while n > 0 and miss_probability_bound(stripes, n - 1) <= p:
        n -= 1
    return n


# --------------------------------------------------------------------------- the zero-cost network
def embedded_planted_network(widths: Sequence[int], delta: Any) -> Layers:
    """ρ(x₂/δ) − ρ(x₂/δ − 1) written exactly in the architecture (2, N₁, …, N_{L−1}, 1), N₁ ≥ 2.

    The first layer computes the two ramps, the second (if any) their difference, which lies in
    [0, 1] so later ReLUs pass it unchanged; unused units have zero weights.
    """
    widths = [check_int(f"architecture[{i}]", w, min_value=1, max_value=1 << 16) for i, w in enumerate(widths)]
    if not widths or widths[0] < 2:
        raise InvalidArgument(
            f"architecture={widths} is invalid for the planted network: it needs a first hidden width >= 2"
        )
    d = check_positive_rational("delta", delta)
    zero = Fraction(0)

    def mat(rows: int, cols: int) -> list[list[Fraction]]:
        return [[zero] * cols for _ in range(rows)]

    W1, b1 = mat(widths[0], 2), [zero] * widths[0]
    W1[0][1] = W1[1][1] = 1 / d
    b1[1] = Fraction(-1)
    layers: Layers = [(W1, b1)]
    prev = widths[0]
    for i, w in enumerate(widths[1:]):
        W = mat(w, prev)
        if i == 0:
            W[0][0], W[0][1] = Fraction(1), Fraction(-1)
        else:
            W[0][0] = Fraction(1)
        layers.append((W, [zero] * w))
        prev = w
    out = mat(1, prev)
    out[0][0] = Fraction(1)
    if len(widths) == 1:
        out[0][1] = Fraction(-1)
    layers.append((out, [zero]))
    return layers


# --------------------------------------------------------------------------- one draw
@dataclass
class FixedArchitectureDraw:
    """One i.i.d. draw of (𝒯, 𝒱) and what was certified on it (exact)."""

    index: int
    alternations: int
    event: bool  # 𝒯 ∪ 𝒱 hit all M stripes, so A = M − 1 and Lemma 3 forces q errors
    planted_exact: bool  # the embedded planted network has zero error on 𝒯 ∪ 𝒱
    train_errors: int
    validation_errors: int
    outcome: str  # 'inaccurate' | 'unstable' | 'unknown'
    message: str
    witness: dict[str, Any] | None
    errors_after_shift: int | None
    forced: int
    stable_width: int
    stable_exact: bool
    # the machine-readable claims of this draw (kernel kinds stripe-accuracy/-dichotomy/-stable), not serialised
    checked: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def accurate(self) -> bool:
        return self.train_errors == 0 and self.validation_errors == 0

    @property
    def theorem_holds(self) -> bool:
        """The theorem's conclusion on this draw, for the trained network."""
        return self.event and self.planted_exact and self.outcome in ("inaccurate", "unstable") and self.stable_exact

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "alternations": self.alternations,
            "event_all_stripes_hit": self.event,
            "planted_network_exact": self.planted_exact,
            "train_errors": self.train_errors,
            "validation_errors": self.validation_errors,
            "outcome": self.outcome,
            "message": self.message,
            "witness": self.witness,
            "errors_after_shift": self.errors_after_shift,
            "forced_errors": self.forced,
            "stable_width": self.stable_width,
            "stable_exact": self.stable_exact,
        }


@dataclass
class FixedArchitectureResult:
    """Everything :func:`fixed_architecture_theorem` certified, with the claims and their scopes."""

    architecture: list[int]
    P: int
    q: int
    stripes: int
    family: str
    delta: Fraction
    p: Fraction
    r: int
    s: int
    bound: Fraction
    draws: list[FixedArchitectureDraw]
    failures: int
    failure_interval: tuple[float, float]
    claims: list[Claim] = field(default_factory=list)
    trainer: str = ""
    seconds: float = 0.0

    @property
    def all_certified(self) -> bool:
        return all(c.status == CERTIFIED for c in self.claims if c.scope != MEASURED)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": SOURCE,
            "architecture": self.architecture,
            "P": self.P,
            "q": self.q,
            "stripes": self.stripes,
            "family": self.family,
            "delta": str(self.delta),
            "p": str(self.p),
            "r": self.r,
            "s": self.s,
            "miss_probability_bound": str(self.bound),
            "trainer": self.trainer,
            "draws": [d.to_json() for d in self.draws],
            "failures": self.failures,
            "failure_interval": list(self.failure_interval),
            "claims": [c.to_dict() for c in self.claims],
            "all_certified": self.all_certified,
            "seconds": round(self.seconds, 3),
        }


def _merge(fam: StripeFamily, T: StripeSample, V: StripeSample, delta: Fraction) -> tuple[StripeSample, list[str]]:
    tagged = sorted(
        [(x, y, k, "training", i) for i, (x, y, k) in enumerate(zip(T.points, T.labels, T.stripes, strict=True))]
        + [(x, y, k, "validation", i) for i, (x, y, k) in enumerate(zip(V.points, V.labels, V.stripes, strict=True))],
        key=lambda t: t[0][0],
    )
    U = StripeSample(fam, [t[0] for t in tagged], [t[1] for t in tagged], delta, [t[2] for t in tagged])
    return U, [f"{t[3]} #{t[4]}" for t in tagged]


def _trainer_name(train: Any) -> str:
    return getattr(train, "__qualname__", None) or getattr(train, "__name__", None) or repr(train)


# --------------------------------------------------------------------------- the theorem
def fixed_architecture_theorem(
    train: Trainer,
    architecture: Sequence[int],
    *,
    p: Any = Fraction(1, 20),
    q: int = 1,
    r: int | None = None,
    s: int | None = None,
    draws: int = 3,
    seed: int = 0,
    margin: Any = Fraction(1, 8),
    delta: Any = Fraction(1, 64),
    offset: Any = 0,
    confidence: float = 0.95,
) -> FixedArchitectureResult:
    """Certify BHV Theorem 2.2 (reconstruction) for ``architecture`` and the procedure ``train``.

    ``architecture``: hidden widths (N₁, …, N_{L−1}) of a ReLU network ℝ² → ℝ, fixed before any data.
    ``train(X, y, rng) -> [(W1, b1), …, (WL, bL)]``: any training procedure (numpy floats are taken
    exactly); its network must have exactly these hidden widths, and its decision is φ(x) ≥ 1/2.
    ``p``: the failure probability to certify (rational in (0, 1)); ``q``: instabilities forced per
    accurate network; ``r``, ``s``: training / validation sizes (default: the least r + s that the
    exact bound allows, one fifth of it for validation); ``draws``: independent (𝒯, 𝒱) draws run.
    ``margin`` ε, ``delta`` δ < ε and ``offset`` pick the family member.
    """
    if not callable(train):
        raise InvalidArgument(f"train={train!r} is invalid: expected a callable train(X, y, rng) -> layers")
    if isinstance(architecture, (str, bytes)) or not isinstance(architecture, Sequence) or not architecture:
        raise InvalidArgument(f"architecture={architecture!r} is invalid: expected hidden widths, e.g. (8, 8)")
    widths = [check_int(f"architecture[{i}]", w, min_value=1, max_value=1 << 16) for i, w in enumerate(architecture)]
    pq = to_fraction(p, name="p")
    if not 0 < pq < 1:
        raise InvalidArgument(f"p={p!r} is invalid: the failure probability must lie in (0, 1)")
    q = check_int("q", q, min_value=1, max_value=10**4)
    draws = check_int("draws", draws, min_value=1, max_value=10**4)
    seed = check_int("seed", seed, min_value=0)
    P = piece_bound(widths)
    M = P + 2 * q
    if M > 10**5:
        raise InvalidArgument(
            f"architecture={widths} is invalid here: its piece bound P = {P} needs {M} stripes; "
            "choose an architecture with P + 2q <= 100000"
        )
    fam = StripeFamily(alternations=M - 1, margin=margin, offset=offset)
    d = check_positive_rational("delta", delta)
    need = samples_needed(M, pq)
    if r is None and s is None:
        s = max(1, need // 5)
        r = max(1, need - s)
    elif r is None or s is None:
        raise InvalidArgument("r and s must be given together (or both left None for the least sizes the bound allows)")
    r = check_int("r", r, min_value=1, max_value=10**7)
    s = check_int("s", s, min_value=1, max_value=10**7)
    bound = miss_probability_bound(M, r + s)
    t0 = time.perf_counter()
    planted = embedded_planted_network(widths, d) if widths[0] >= 2 else None
    rows: list[FixedArchitectureDraw] = []
    for i in range(draws):
        rng = np.random.default_rng([seed, i])
        T = fam.sample(r, rng=rng, law="uniform", delta=d)
        V = fam.sample(s, rng=rng, law="uniform", delta=d)
        U, where = _merge(fam, T, V, d)
        X, y = T.as_arrays()
        layers = trained_network(train, X, y, rng, f"draw {i}")
        got = hidden_widths(layers)
        if got != widths or len(layers[0][0][0]) != 2 or len(layers[-1][0]) != 1:
            raise AlgorithmError(
                f"the training procedure returned a network with hidden widths {got}, "
                f"{len(layers[0][0][0])} inputs and {len(layers[-1][0])} outputs: the theorem is about the "
                f"fixed architecture {widths} with 2 inputs and 1 output"
            )
        v = certify_dichotomy(layers, U, search=True)
        witness = None
        if v.index is not None:
            x = U.points[v.index]
            witness = {"point": [str(c) for c in x], "which": where[v.index], "label": U.labels[v.index]}
            if v.eta is not None:
                witness["eta"] = [str(c) for c in v.eta]
        psi = trapezoid_network(U)
        TD, VD = (T.points, T.labels), (V.points, V.labels)
        extra = None if v.eta is None or v.index is None else (U.points[v.index], v.eta)
        checked = {
            "planted": None if planted is None else SC.accuracy(fam, d, TD, VD, planted),
            "trained": SC.dichotomy(fam, d, TD, VD, layers, eps=fam.margin, outcome="either", extra=extra),
            "forced": SC.dichotomy(fam, d, TD, VD, layers, eps=fam.margin, outcome="either", at_least=q, extra=extra),
            "stable": SC.stable(fam, d, TD, VD, psi.layers, eps=fam.margin),
        }
        rows.append(
            FixedArchitectureDraw(
                index=i,
                alternations=U.alternations,
                event=U.alternations >= M - 1,
                planted_exact=planted is not None and not decision_errors(planted, U.points, U.labels),
                train_errors=len(decision_errors(layers, T.points, T.labels)),
                validation_errors=len(decision_errors(layers, V.points, V.labels)),
                outcome=v.outcome,
                message=v.message,
                witness=witness,
                errors_after_shift=v.shift.errors if v.shift else None,
                forced=errors_lower_bound(U.alternations, P),
                stable_width=psi.width,
                stable_exact=not certify_stable(psi, U),
                checked=checked,
            )
        )
    failures = sum(not d_.event for d_ in rows)
    res = FixedArchitectureResult(
        widths,
        P,
        q,
        M,
        repr(fam),
        d,
        pq,
        r,
        s,
        bound,
        rows,
        failures,
        clopper_pearson(failures, draws, confidence),
        trainer=_trainer_name(train),
    )
    res.claims = _claims(res, planted is not None)
    res.seconds = time.perf_counter() - t0
    return res


def _claims(res: FixedArchitectureResult, can_plant: bool) -> list[Claim]:
    def status(ok: bool) -> str:  # a failed exact check is no refutation the kernel could read
        return CERTIFIED if ok else UNKNOWN

    rows, D = res.draws, len(res.draws)
    src = {"source": "reconstruction"}
    proof = SC.bound(res.architecture, res.q, res.r, res.s, res.p, res.stripes, res.bound)
    proof["evidence"]["symbolic_steps"] = SC.bound_steps(res.stripes, res.r + res.s, res.p)
    claims = [
        Claim(
            f"for every training procedure: with probability >= 1 - p = {1 - res.p} over iid T (r = {res.r}), "
            f"V (s = {res.s}), every net of architecture {res.architecture} accurate on T u V is unstable at "
            f">= {res.q} of its points",
            status(res.bound <= res.p),
            f"Lemma 3 with P = {res.P} and A = M - 1 = {res.stripes - 1} alternations when all M = {res.stripes} "
            f"stripes are hit; P(a stripe is missed) <= M(1 - 1/M)^(r+s) = {float(res.bound):.4g} "
            f"{'<=' if res.bound <= res.p else '>'} p = {res.p} (exact, and for every larger r + s by the "
            "symbolic step); holds for every offset and 0 < delta < eps (Lemma 3, cited)",
            {**src, **proof},
            scope=ALL_PARAMETERS,
        )
    ]

    def each(key: str, name: str, ok: Any, **over: Any) -> dict[str, Any]:
        parts = []
        for d in rows:
            c = d.checked.get(key)
            if c is not None and ok(d, c):
                c = {"statement": {**c["statement"], **over}, "evidence": c["evidence"]}
                parts.append(SC.part(f"{name} (draw {d.index})", CERTIFIED, c))
        return {"statement": {"kind": "each", "claims": parts}, "evidence": {}}

    ok = can_plant and all(d.planted_exact for d in rows)
    claims.append(
        Claim(
            "a net of the architecture has perfect training and validation accuracy (zero cost)",
            CERTIFIED if ok else UNKNOWN,
            "rho(x2/delta) - rho(x2/delta - 1) embedded exactly; zero errors on T u V in "
            f"{sum(d.planted_exact for d in rows)}/{D} draws"
            + ("" if can_plant else "; the architecture's first hidden width is < 2, so it cannot be embedded"),
            {**src, **each("planted", "planted net accurate", lambda d, c: d.planted_exact)},
        )
    )

    def witnessed(c: dict[str, Any], need: int) -> bool:
        return bool(c["inaccurate"]) or c["witnesses"] >= need

    bad = [d.index for d in rows if not witnessed(d.checked["trained"], 1)]
    acc = [d for d in rows if d.accurate]
    claims.append(
        Claim(
            f"the trained net ({res.trainer}) is inaccurate on T u V or unstable, with an exact witness",
            CERTIFIED if not bad else UNKNOWN,
            f"{D} draws: "
            + "; ".join(
                f"#{d.index}: {d.outcome} (train errors {d.train_errors}, validation errors {d.validation_errors}"
                + (f", {d.errors_after_shift} flips after the shift, lemma forces >= {d.forced}" if d.accurate else "")
                + ")"
                for d in rows
            )
            + (f"; undecided draws: {bad}" if bad else ""),
            {
                **src,
                "outcomes": [d.outcome for d in rows],
                **each("trained", "trained net", lambda d, c: witnessed(c, 1)),
            },
        )
    )
    checked = [d for d in acc if d.event]
    forced_ok = all(witnessed(d.checked["forced"], res.q) for d in rows)
    claims.append(
        Claim(
            "every accurate trained net is unstable at >= q points, as the lemma forces",
            CERTIFIED if forced_ok else UNKNOWN,
            f"{len(acc)} of {D} trained nets had perfect training and validation accuracy; "
            + (
                f"{len(checked)} of them on draws where all stripes were hit, each with >= {res.q} flips"
                if checked
                else "none on a draw where all stripes were hit, so nothing to check here (vacuous on these draws)"
            )
            + "; checked per draw as 'inaccurate, or unstable at >= q points'",
            {**src, **each("forced", "trained net", lambda d, c: witnessed(c, res.q))},
        )
    )
    claims.append(
        Claim(
            "the variable-width net psi equals f on the closed eps-ball of every point of T u V",
            status(all(d.stable_exact for d in rows)),
            f"widths {sorted({d.stable_width for d in rows})} = 4 x class-1 stripes hit (fixed architecture: "
            f"{res.architecture}, P = {res.P}); checked through exact breakpoints",
            {**src, **each("stable", "psi stable", lambda d, c: d.stable_exact)},
        )
    )
    claims.append(
        Claim(
            f"measured: the training procedure reached perfect training and validation accuracy on {len(acc)}/{D} draws",
            CERTIFIED,
            "a rate of this procedure, counted exactly on these draws; a measurement, not a verdict on the theorem",
            {"rate": f"{len(acc)}/{D}"},
            scope=MEASURED,
        )
    )
    lo, hi = res.failure_interval
    claims.append(
        Claim(
            f"measured: T u V missed a stripe (the event the bound controls) on {res.failures}/{D} draws",
            CERTIFIED,
            f"Clopper-Pearson {100 * 0.95:.0f}% interval [{lo:.3g}, {hi:.3g}] for the miss probability, whose "
            f"exact upper bound is {float(res.bound):.4g}; counted exactly, a measurement, not a verdict",
            {"failures": res.failures, "draws": D},
            scope=MEASURED,
        )
    )
    return claims
