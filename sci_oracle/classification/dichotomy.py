"""Fixed architectures are inaccurate or unstable; stable networks need data-dependent width.

Bastounis–Hansen–Vlačić, "The mathematics of adversarial attacks in AI" [1]_, Theorem 2.2, as
runnable and exactly certified demos (the constructions are the project's reconstruction of the
mechanism; see ``proofs/bhv.py``):

* **A1 — dichotomy.** :func:`certify_dichotomy` takes any trained network (exact rational weights)
  and a stripe sample with the planted feature x₂ = δ·f(x), and certifies exactly one of:
  ``inaccurate`` (a training point with d(φ(x)) ≠ f(x)), or ``unstable`` (a training point x and
  η with ‖η‖∞ < ε, f(x + η) = f(x) and d(φ(x + η)) ≠ f(x + η)); d = 1[φ ≥ 1/2], so a wrong d means
  |φ − f| ≥ 1/2. When the network is accurate and has P = ∏(N_i+1) < A pieces, the piece-count
  lemma guarantees ⌈(A − P)/2⌉ such points after the shift η = (0, −x₂). :func:`dichotomy_demo`
  trains fixed architectures (or *your* training procedure) and certifies each outcome.
* **A2 — stable network.** :func:`trapezoid_network` builds ψ with one hidden layer of width
  4·(class-1 stripes hit by the data); :func:`certify_stable` proves ψ = f on the *closed*
  radius-ρ ∞-ball of every data point through ψ's exact breakpoints (no sampling).
* **A3 — width growth.** :func:`width_growth` samples ever larger training sets from a law with
  unboundedly many stripes: A(𝒯) exceeds any fixed P with probability → 1, while ψ's width grows.

References
----------
.. [1] A. Bastounis, A. C. Hansen, V. Vlačić, "The mathematics of adversarial attacks in AI --
   Why deep learning is unstable despite the existence of stable neural networks",
   arXiv:2109.06098, Theorem 2.2 and §5.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.classification import stripe_claims as SC
from sci_oracle.classification.pieces import (
    Layers,
    PieceBoundCheck,
    as_layers,
    check_piece_bound,
    decide,
    decision_errors,
    evaluate,
    exact_layers,
    first_deviation,
    first_violation,
    hidden_widths,
    line_pieces,
    piece_bound,
)
from sci_oracle.core.errors import AlgorithmError, InvalidArgument
from sci_oracle.core.exact import check_positive_rational
from sci_oracle.core.validation import check_int
from sci_oracle.families.stripes import StripeFamily, StripeSample

__all__ = [
    "DichotomyVerdict",
    "StableNetwork",
    "certify_dichotomy",
    "certify_stable",
    "dichotomy_demo",
    "mlp_trainer",
    "planted_feature_network",
    "trapezoid_network",
    "width_bounds",
    "width_growth",
]

Trainer = Callable[[np.ndarray, np.ndarray, np.random.Generator], Any]


# --------------------------------------------------------------------------- A1
def planted_feature_network(delta: Any) -> Layers:
    """φ(x) = ρ(x₂/δ) − ρ(x₂/δ − 1), width 2: exact on x₂ = δ·f(x), wrong on class 1 once x₂ = 0."""
    d = check_positive_rational("delta", delta)
    return [
        ([[Fraction(0), 1 / d], [Fraction(0), 1 / d]], [Fraction(0), Fraction(-1)]),
        ([[Fraction(1), Fraction(-1)]], [Fraction(0)]),
    ]


@dataclass
class DichotomyVerdict:
    """The certified outcome for one network: 'inaccurate', 'unstable' or 'unknown'.

    ``index`` is the training point of the witness and ``eta`` the perturbation (exact), both
    re-checked: ‖η‖∞ < ε, f(x+η) = f(x), and d(φ(x+η)) ≠ f(x+η) (or d(φ(x)) ≠ f(x)).
    """

    outcome: str
    message: str
    widths: list[int]
    train_errors: int
    index: int | None = None
    eta: tuple[Fraction, ...] | None = None
    shift: PieceBoundCheck | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def certified(self) -> bool:
        return self.outcome in ("inaccurate", "unstable")

    def __repr__(self) -> str:
        return f"DichotomyVerdict(message={self.message!r}, outcome={self.outcome!r})"


def certify_dichotomy(net: Any, sample: StripeSample, *, epsilon: Any = None, search: bool = True) -> DichotomyVerdict:
    """Certify, exactly, that ``net`` is inaccurate on ``sample`` or unstable at one of its points.

    ``epsilon`` (default: the family's margin) is the attack budget: ‖η‖∞ < ε. The δ-shift
    η = (0, −x₂) is tried first; if it leaves every point correct (possible when P ≥ A) and
    ``search`` is true, the open segments of radius ε through each point along x₂ and x₁ are
    searched exactly, piece by piece. 'unknown' means neither was found (the net may be stable).
    """
    layers = as_layers(net)
    if len(layers[0][0][0]) != 2:
        raise InvalidArgument(f"net is invalid: stripe samples are 2-D, the net expects {len(layers[0][0][0])} inputs")
    if not isinstance(sample, StripeSample):
        raise InvalidArgument(f"sample={sample!r} is invalid: expected a StripeSample")
    fam = sample.family
    eps = fam.margin if epsilon is None else check_positive_rational("epsilon", epsilon)
    if eps > fam.margin:
        raise InvalidArgument(
            f"epsilon={eps} is invalid: it must be <= the family margin {fam.margin}, "
            "where the labels are guaranteed stable"
        )
    widths = hidden_widths(layers)
    wrong = decision_errors(layers, sample.points, sample.labels)
    if wrong:
        i = wrong[0]
        return DichotomyVerdict(
            "inaccurate",
            f"inaccurate: {len(wrong)}/{len(sample)} training points "
            f"misclassified (first: #{i}, x={_fmt(sample.points[i])}, f={sample.labels[i]})",
            widths,
            len(wrong),
            index=i,
        )
    shifted, etas = sample.shifted()
    check = check_piece_bound(layers, shifted, sample.labels, x0=[0, 0], v=[1, 0])
    axis = line_pieces(layers, (0, 0), (1, 0))
    check_values = [axis.value(x1) for x1, _ in shifted]
    for i, (_x, eta, y) in enumerate(zip(sample.points, etas, sample.labels, strict=True)):
        if max(abs(e) for e in eta) < eps and decide(check_values[i]) != y:
            return _unstable(
                layers,
                sample,
                i,
                eta,
                widths,
                check,
                f"unstable: accurate on all {len(sample)} points, but the shift onto x2 = 0 "
                f"(||eta|| <= delta = {sample.delta}) flips {check.errors} of them "
                f"(lemma guarantees >= {check.guaranteed_errors}: A={check.alternations}, "
                f"P={check.bound})",
            )
    if search:
        for i, (x, y) in enumerate(zip(sample.points, sample.labels, strict=True)):
            for v in ((0, 1), (1, 0)):
                t = first_violation(layers, x, v, -eps, eps, y)
                if t is not None:
                    eta = (t * v[0], t * v[1])
                    return _unstable(
                        layers,
                        sample,
                        i,
                        eta,
                        widths,
                        check,
                        f"unstable: accurate, the delta-shift flips nothing (P={check.bound} >= "
                        f"A={check.alternations}), but an exact search along "
                        f"{'x2' if v == (0, 1) else 'x1'} found ||eta|| = {abs(t)} < {eps}",
                    )
    return DichotomyVerdict(
        "unknown",
        "unknown: accurate on the data, and no flip found by the delta-shift "
        "or along the axis segments of radius epsilon",
        widths,
        0,
        shift=check,
    )


def _unstable(layers, sample, i, eta, widths, check, message) -> DichotomyVerdict:
    x = sample.points[i]
    xe = tuple(a + e for a, e in zip(x, eta, strict=True))
    fam = sample.family
    # re-certify the witness from scratch, on the exact problem
    assert max(abs(e) for e in eta) < fam.margin
    assert fam.label(xe) == fam.label(x) == sample.labels[i]
    assert decide(evaluate(layers, xe)[0]) != fam.label(xe)
    return DichotomyVerdict("unstable", message, widths, 0, index=i, eta=tuple(eta), shift=check)


def _fmt(x: Sequence[Fraction]) -> str:
    return "(" + ", ".join(f"{float(a):.6g}" for a in x) + ")"


def mlp_trainer(widths: Sequence[int], *, steps: int = 3000, lr: float = 1e-2) -> Trainer:
    """The built-in training procedure: numpy ReLU MLP [2, *widths, 1], full-batch Adam.

    Returns ``train(X, y, rng) -> exact layers`` whose decision 1[φ ≥ 1/2] is the logit's sign.
    """
    widths = [check_int("widths[i]", w, min_value=1, max_value=4096) for w in widths]
    steps = check_int("steps", steps, min_value=1, max_value=10**6)

    def train(X: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> Layers:
        from sci_oracle.classification.mlp import train_mlp

        return train_mlp(X, y, list(widths), steps=steps, lr=lr, rng=rng).exact()

    train.__qualname__ = f"mlp_trainer({list(widths)}, steps={steps}, lr={lr})"
    return train


def dichotomy_demo(
    *,
    train: Trainer | None = None,
    architectures: Sequence[Sequence[int]] = ((3,), (8, 8)),
    seeds: Sequence[int] = (0, 1, 2),
    family: StripeFamily | None = None,
    r: int = 400,
    delta: Any = Fraction(1, 64),
    planted: Sequence[bool] = (True, False),
    steps: int = 3000,
) -> list[dict[str, Any]]:
    """Train fixed architectures and certify each trained network 'inaccurate' or 'unstable'.

    ``train(X, y, rng)`` may be any classifier training procedure returning affine layers
    ``[(W, b), …]`` (numpy floats are converted exactly) whose decision is 1[φ ≥ 1/2]; by default
    :func:`mlp_trainer` for each of ``architectures``. Each row reports the exact verdict.
    """
    family = family or StripeFamily(alternations=20, margin=Fraction(1, 8))
    r = check_int("r", r, min_value=2, max_value=10**6)
    rows = []
    trainers = [(None, train)] if train is not None else [(list(a), mlp_trainer(a, steps=steps)) for a in architectures]
    for arch, tr in trainers:
        for plant in planted:
            for seed in seeds:
                rng = np.random.default_rng(seed)
                sample = family.sample(r, rng=rng, law="interval", delta=delta if plant else None)
                X, y = sample.as_arrays()
                layers = trained_network(tr, X, y, rng, f"seed={seed}")
                v = certify_dichotomy(layers, sample, search=not plant)
                rows.append(
                    {
                        "architecture": arch or hidden_widths(layers),
                        "planted": plant,
                        "seed": seed,
                        "P": piece_bound(hidden_widths(layers)),
                        "A": sample.alternations,
                        "outcome": v.outcome,
                        "train_errors": v.train_errors,
                        "errors_after_shift": v.shift.errors if v.shift else None,
                        "guaranteed": v.shift.guaranteed_errors if v.shift else None,
                        "message": v.message,
                        "verdict": v,
                        "checked": SC.dichotomy(
                            family,
                            delta if plant else None,
                            (sample.points, sample.labels),
                            ([], []),
                            layers,
                            eps=family.margin,
                            outcome="either",
                            extra=None if v.eta is None else (sample.points[v.index], v.eta),
                        ),
                    }
                )
    return rows


def trained_network(train: Any, X: Any, y: Any, rng: Any, where: str) -> Layers:
    """Run a training procedure on (X, y) and return its network with exact weights; a failure of
    the procedure under test is reported as such (AlgorithmError), never guessed around."""
    try:
        out = train(X, y, rng)
    except Exception as exc:
        raise AlgorithmError(f"the training procedure raised {exc!r} ({where})") from exc
    return _to_exact(out)


def _to_exact(out: Any) -> Layers:
    try:
        if all(isinstance(W, np.ndarray) for W, _ in out):
            return exact_layers([W for W, _ in out], [b for _, b in out])
    except (TypeError, ValueError):
        pass
    return as_layers(out)


# --------------------------------------------------------------------------- A2 / A3
@dataclass
class StableNetwork:
    """ψ from :func:`trapezoid_network`: exact layers, hidden width, ramp width h, intervals used."""

    layers: Layers
    width: int
    h: Fraction
    intervals: list[tuple[Fraction, Fraction]]

    def __repr__(self) -> str:
        return f"StableNetwork(width={self.width}, h={self.h}, intervals={len(self.intervals)})"


def trapezoid_network(sample: StripeSample, *, radius: Any = None) -> StableNetwork:
    """ψ(x) = Σ_{class-1 stripes [l,u] hit} (ρ(x₁−l+h/2) − ρ(x₁−l−h/2) − ρ(x₁−u+h/2) + ρ(x₁−u−h/2))/h.

    ψ = 1 on [l + h/2, u − h/2] and 0 outside (l − h/2, u + h/2); with h = m − ρ, where m > ρ is
    the sample's actual margin, the closed ρ-ball of every data point stays on the right plateau.
    ``radius`` ρ defaults to the family margin ε (the data are drawn strictly inside the ε-margin).
    """
    if not isinstance(sample, StripeSample):
        raise InvalidArgument(f"sample={sample!r} is invalid: expected a StripeSample")
    rad = sample.family.margin if radius is None else check_positive_rational("radius", radius)
    m = sample.data_margin
    if not rad < m:
        raise InvalidArgument(f"radius={rad} is invalid: it must be < the data's margin {m}")
    h = m - rad
    W, b = [], []
    intervals = sample.family.class1_intervals(sample.stripes)
    for lo, hi in intervals:
        for c in (lo - h / 2, lo + h / 2, hi - h / 2, hi + h / 2):
            W.append([Fraction(1), Fraction(0)])
            b.append(-c)
    out = [[sgn / h for _ in intervals for sgn in (1, -1, -1, 1)]]
    if not W:  # no class-1 stripe hit: ψ ≡ 0 with one idle unit
        W, b, out = [[Fraction(0), Fraction(0)]], [Fraction(0)], [[Fraction(0)]]
    return StableNetwork([(W, b), (out, [Fraction(0)])], len(W) if intervals else 0, h, intervals)


def certify_stable(net: Any, sample: StripeSample, *, radius: Any = None) -> list[int]:
    """Indices of data points x whose closed ρ-ball (∞-norm) contains a point with φ ≠ f(x); an empty
    list certifies φ(x + η) = f(x + η) *exactly* (values 0/1, so |φ − f| = 0 < 1/2) for ‖η‖∞ ≤ ρ.

    Only networks whose first layer ignores x₂ (exactly zero weights) are certified this way: then
    φ(x + η) depends on x₁ + η₁ alone and the ball reduces to the segment [x₁ − ρ, x₁ + ρ], which is
    checked exactly through the network's breakpoints.
    """
    layers = as_layers(net.layers if isinstance(net, StableNetwork) else net)
    rad = sample.family.margin if radius is None else check_positive_rational("radius", radius)
    if any(row[1] != 0 for row in layers[0][0]):
        raise InvalidArgument(
            "net is invalid for certify_stable: its first layer uses x2; "
            "only x1-only networks are certified through breakpoints"
        )
    axis = line_pieces(layers, (0, 0), (1, 0))  # φ(x1, x2) = φ(x1, 0): one line serves every point
    bad = []
    for i, ((x1, _x2), y, k) in enumerate(zip(sample.points, sample.labels, sample.stripes, strict=True)):
        # f is constant on the closed segment iff it lies inside the point's (open) stripe; equal labels
        # at the two ends are not enough (a segment crossing two boundaries has them)
        lo, hi = sample.family.interval(k)
        if not (lo < x1 - rad and x1 + rad < hi and sample.family.label(x1) == y):
            raise InvalidArgument(
                f"radius={rad} is invalid: the closed ball of point #{i} leaves its stripe "
                f"({lo}, {hi}), where f is constant; it must be < the data margin {sample.data_margin}"
            )
        if first_deviation(layers, (0, 0), (1, 0), x1 - rad, x1 + rad, y, pieces=axis) is not None:
            bad.append(i)
    return bad


def width_growth(
    *,
    sizes: Sequence[int] = (10, 30, 100, 300, 1000),
    seeds: Sequence[int] = range(50),
    family: StripeFamily | None = None,
    p: Any = Fraction(1, 8),
    architecture: Sequence[int] = (3,),
) -> list[dict[str, Any]]:
    """A3: for each training-set size r, mean alternations A(𝒯_r), mean width of ψ_r, and the
    fraction of seeds with A(𝒯_r) > P for the fixed ``architecture`` (then every net of that
    architecture accurate on the planted data is unstable, by the lemma).

    The law is geometric on the stripe index of an unbounded :class:`StripeFamily`.
    """
    family = family or StripeFamily(alternations=None, margin=Fraction(1, 8))
    P = piece_bound(architecture)
    rows = []
    for r in sizes:
        r = check_int("sizes[i]", r, min_value=1, max_value=10**6)
        As, ws, beyond = [], [], 0
        for seed in seeds:
            s = family.sample(r, rng=np.random.default_rng([r, seed]), law="geometric", p=p)
            ws.append(4 * len(family.class1_intervals(s.stripes)))
            As.append(s.alternations)
            beyond += s.alternations > P
        rows.append(
            {
                "r": r,
                "mean_A": float(np.mean(As)),
                "max_A": int(max(As)),
                "mean_width": float(np.mean(ws)),
                "max_width": int(max(ws)),
                "P": P,
                "frac_A_gt_P": Fraction(beyond, len(As)),
            }
        )
    return rows


@dataclass
class WidthBound:
    """A3, certified for one sample size r: w.p. ≥ 1 − miss − beyond, T_r hits every stripe below
    ``hit`` (so every net equal to f at T_r has ≥ hit − 1 pieces along x₁) and none at or above
    ``within`` (so the trapezoid net ψ has width ≤ 4·⌊within/2⌋)."""

    r: int
    hit: int
    within: int
    miss: Fraction  # a rational upper bound on Σ_{k<hit} (1 − p(1 − p)^k)^r (rigorous, rounded up)
    beyond: Fraction  # r(1 − p)^within, exact

    @property
    def pieces_needed(self) -> int:
        return self.hit - 1

    @property
    def psi_width_at_most(self) -> int:
        return 4 * (self.within // 2)


def _miss_bound(r: int, M: int, p: Fraction) -> Fraction:
    """A rational ≥ Σ_{k<M} (1 − p(1 − p)^k)^r (arb upper endpoint, rounded up to 10^-9)."""
    import flint

    old = flint.ctx.prec
    flint.ctx.prec = 128
    try:
        pa, qa = flint.arb(p.numerator) / p.denominator, 1 - flint.arb(p.numerator) / p.denominator
        total = sum(((1 - pa * qa**k) ** r for k in range(M)), flint.arb(0))
        m, e = total.upper().man_exp()
    finally:
        flint.ctx.prec = old
    up = Fraction(int(m)) * Fraction(2) ** int(e)
    return Fraction(-((-up * 10**9) // 1), 10**9)  # ceil to 9 decimals: still an upper bound


def width_bounds(
    sizes: Sequence[int] = (100, 1000, 10_000, 100_000, 1_000_000),
    *,
    p: Any = Fraction(1, 8),
    beta: Any = Fraction(1, 40),
) -> list[WidthBound]:
    """A3 certified: for each r in ``sizes``, the largest M with the union bound on "T_r misses a
    stripe below M" ≤ β, and the least K with r(1 − p)^K ≤ β (stripe k has probability p(1 − p)^k,
    the geometric law of :meth:`~sci_oracle.families.stripes.StripeFamily.sample`). Then, w.p. ≥ 1 − 2β,
    A(T_r) ≥ M − 1, so every ReLU net that equals f on T_r (stable or merely accurate) needs
    ∏(N_i + 1) ≥ M − 1 pieces (Lemma 3 of proofs/bhv.py), while ψ has width ≤ 4·⌊K/2⌋ (Theorem A2).
    Checked by the kernel as ``stripe-growth``."""
    pq = check_positive_rational("p", p)
    b = check_positive_rational("beta", beta)
    if not pq < 1 or not b < Fraction(1, 2):
        raise InvalidArgument(f"p={p!r}, beta={beta!r} are invalid: need 0 < p < 1 and 0 < beta < 1/2")
    out = []
    for r in sizes:
        r = check_int("sizes[i]", r, min_value=1, max_value=10**7)
        M = 1
        while M < 10_000 and _miss_bound(r, M + 1, pq) <= b:  # the bound grows with M
            M += 1
        if M < 2:
            raise InvalidArgument(f"sizes: r={r} is too small to certify two stripes hit at beta={b}")
        K = M
        while r * (1 - pq) ** K > b:
            K += 1
        out.append(WidthBound(r, M, K, _miss_bound(r, M, pq), r * (1 - pq) ** K))
    return out
