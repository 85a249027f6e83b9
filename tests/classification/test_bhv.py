"""Bastounis–Hansen–Vlačić: stripe families, the piece-count lemma, the dichotomy, stable nets, A4."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.classification import architecture_class as AC
from sci_oracle.classification.dichotomy import (
    certify_dichotomy,
    certify_stable,
    dichotomy_demo,
    mlp_trainer,
    planted_feature_network,
    trapezoid_network,
    width_bounds,
    width_growth,
)
from sci_oracle.classification.fixed_architecture import (
    embedded_planted_network,
    fixed_architecture_theorem,
    miss_probability_bound,
    samples_needed,
)
from sci_oracle.classification.minimisers import (
    KAPPA,
    ReluPair,
    coin_flip_fitter,
    exact_solver,
    minimiser_barrier,
    subgradient_fitter,
)
from sci_oracle.classification.pieces import (
    check_piece_bound,
    decide,
    decision_errors,
    errors_lower_bound,
    evaluate,
    exact_layers,
    first_deviation,
    first_violation,
    hidden_widths,
    line_pieces,
    piece_bound,
)
from sci_oracle.core.errors import AlgorithmError, InvalidArgument
from sci_oracle.families.stripes import InverseStripeFamily, StripeFamily, alternations

F = Fraction


# --------------------------------------------------------------------------- families
@pytest.mark.parametrize(
    "fam",
    [
        StripeFamily(alternations=8, margin=F(1, 64)),
        StripeFamily(alternations=None, margin=F(1, 4), width=F(3, 2), offset=F(-7, 3)),
        InverseStripeFamily(a=20, K=26, margin=F(1, 100)),
    ],
)
@pytest.mark.parametrize("seed", [0, 1])
def test_samples_respect_the_margin_and_the_planted_feature(fam, seed):
    law = "geometric" if fam.n_stripes is None else "uniform"
    s = fam.sample(200, rng=np.random.default_rng(seed), law=law, delta=fam.margin / 2)
    assert s.data_margin > fam.margin
    for (x1, x2), y in zip(s.points, s.labels, strict=True):
        assert isinstance(x1, Fraction)
        assert x2 == s.delta * y
        assert fam.label((x1, x2)) == y
        # ε-stability of the label, checked at the ends of the closed margin ball
        assert fam.label(x1 - fam.margin) == y == fam.label(x1 + fam.margin)
    shifted, etas = s.shifted()
    assert all(
        p[1] == 0 and max(abs(e) for e in eta) <= s.delta < fam.margin for p, eta in zip(shifted, etas, strict=True)
    )
    assert [p[0] for p in s.points] == sorted(p[0] for p in s.points)


def test_interval_law_hits_every_stripe_and_reprs_are_calls():
    fam = StripeFamily(alternations=8, margin=F(1, 64))
    s = fam.sample(9 * 3, rng=np.random.default_rng(0))
    assert s.alternations == 8
    assert sorted(set(s.stripes)) == list(range(9))
    assert repr(fam) == "StripeFamily(alternations=8, margin=1/64)"
    assert StripeFamily(alternations=8, margin="1/64").margin == fam.margin
    assert alternations([0, 0, 1, 1, 0]) == 2


def test_unbounded_family_has_unboundedly_many_alternations():
    fam = StripeFamily(alternations=None, margin=F(1, 8))
    As = [fam.sample(r, rng=np.random.default_rng(r), law="geometric").alternations for r in (10, 100, 2000)]
    assert As[0] < As[2]
    assert As[2] > 30


# --------------------------------------------------------------------------- piece-count lemma
def random_net(rng, widths, d=2, scale=1.0):
    dims = [d, *widths, 1]
    Ws = [rng.standard_normal((o, i)) * scale for i, o in itertools.pairwise(dims)]
    bs = [rng.standard_normal(o) * scale for o in dims[1:]]
    return exact_layers(Ws, bs)


@settings(deadline=None, max_examples=60)
@given(widths=st.lists(st.integers(1, 6), min_size=1, max_size=3), seed=st.integers(0, 2**32 - 1))
def test_piece_bound_and_forced_errors_hold_for_any_weights(widths, seed):
    rng = np.random.default_rng(seed)
    net = random_net(rng, widths)
    fam = StripeFamily(alternations=12, margin=F(1, 8))
    s = fam.sample(40, rng=rng, law="interval", delta=F(1, 16))
    shifted, _ = s.shifted()
    c = check_piece_bound(net, shifted, s.labels, x0=[0, 0], v=[1, 0])
    assert c.bound == piece_bound(widths)
    assert c.pieces <= c.segments <= c.bound
    assert c.decision_changes <= c.pieces
    assert c.errors >= errors_lower_bound(c.alternations, c.decision_changes) >= c.guaranteed_errors
    assert c.holds
    lp = line_pieces(net, [0, 0], [1, 0])
    for t in (F(-5), F(1, 3), F(9, 2), F(40)):  # pieces agree with direct exact evaluation
        assert lp.value(t) == evaluate(net, [t, 0])[0]


@pytest.mark.parametrize(("A", "P", "expected"), [(20, 4, 8), (20, 3, 9), (5, 5, 0), (3, 10, 0), (7, 0, 4)])
def test_errors_lower_bound_formula(A, P, expected):
    assert errors_lower_bound(A, P) == expected


def test_error_bound_is_attained_by_a_sawtooth():
    """The bound ⌈(A−P)/2⌉ is sharp, checked on the simplest case: an affine φ (P = 1) on A = 4
    alternations errs on exactly ⌈(4 − 1)/2⌉ = 2 points (d = 1 from x1 = 1 on: wrong at 2.5, 4.5)."""
    net = [([[F(1), F(0)]], [F(-1, 2)])]  # φ = x1 − 1/2 (no hidden layer): P = 1
    pts = [(F(k) + F(1, 2), F(0)) for k in range(5)]
    c = check_piece_bound(net, pts, [k % 2 for k in range(5)], x0=[0, 0], v=[1, 0])
    assert c.bound == 1
    assert c.alternations == 4
    assert c.errors == 2 == c.guaranteed_errors


def test_first_violation_is_exact_at_the_boundary():
    # φ = x1: d = 1 on [1/2, ∞). Closed segment [0, 1/2] with label 0 is violated only at t = 1/2.
    net = [([[F(1), F(0)]], [F(0)])]
    assert first_violation(net, [0, 0], [1, 0], 0, F(1, 2), 0, closed=True) == F(1, 2)
    assert first_violation(net, [0, 0], [1, 0], 0, F(1, 2), 0, closed=False) is None
    assert first_violation(net, [0, 0], [1, 0], 0, F(1, 2), 1) == F(1, 4)


# --------------------------------------------------------------------------- A1
def test_planted_network_is_accurate_and_unstable_on_every_class1_point():
    fam = StripeFamily(alternations=20, margin=F(1, 8))
    s = fam.sample(300, rng=np.random.default_rng(3), delta=F(1, 1024))
    net = planted_feature_network(F(1, 1024))
    v = certify_dichotomy(net, s)
    assert v.outcome == "unstable"
    assert v.train_errors == 0
    assert v.shift.errors == sum(s.labels)  # every class-1 point flips to 0
    assert v.shift.errors >= v.shift.guaranteed_errors == errors_lower_bound(20, 3)


@pytest.mark.parametrize("seed", range(3))
def test_accurate_fixed_net_with_few_pieces_is_forced_to_err_after_the_shift(seed):
    """Theorem-level (any weights): an accurate net with P < A errs on >= ⌈(A−P)/2⌉ shifted points."""
    fam = StripeFamily(alternations=20, margin=F(1, 8))
    s = fam.sample(200, rng=np.random.default_rng(seed), delta=F(1, 64))
    X, y = s.as_arrays()
    net = mlp_trainer([3], steps=1500)(X, y, np.random.default_rng(seed))
    v = certify_dichotomy(net, s, search=False)
    assert v.certified
    if v.outcome == "unstable":
        assert v.shift.errors >= v.shift.guaranteed_errors >= 8
        x, eta = s.points[v.index], v.eta
        xe = [a + e for a, e in zip(x, eta, strict=True)]
        assert max(abs(e) for e in eta) < fam.margin
        assert fam.label(xe) == s.labels[v.index]
        assert decide(evaluate(net, xe)[0]) != s.labels[v.index]


def test_dichotomy_demo_certifies_every_trained_network():
    rows = dichotomy_demo(architectures=[(3,)], seeds=(0, 1), r=200, steps=1500)
    assert len(rows) == 4
    assert all(r["verdict"].certified for r in rows)
    # training-dependent: with the planted feature the fixed net fits and becomes unstable; without, it cannot fit
    assert sum(r["outcome"] == "unstable" for r in rows if r["planted"]) >= 1
    assert all(r["outcome"] == "inaccurate" for r in rows if not r["planted"])


def test_dichotomy_accepts_a_user_training_procedure():
    def train(X, y, rng):  # a procedure that ignores the data: the affine map x2 ↦ 64·x2
        return [(np.array([[0.0, 64.0]]), np.array([0.0]))]

    rows = dichotomy_demo(train=train, seeds=(0,), r=100, planted=(True,))
    assert rows[0]["outcome"] == "unstable"
    assert rows[0]["P"] == 1


def test_search_finds_instability_when_the_shift_does_not():
    # ψ accurate and stable along x1 but with a cliff in x2 at 1/16 < ε: found by the exact x2 search
    fam = StripeFamily(alternations=2, margin=F(1, 8))
    s = fam.sample(30, rng=np.random.default_rng(0))
    psi = trapezoid_network(s).layers
    W, b = psi[0]
    cliff = [[F(0), F(64)]]  # φ = ψ − ρ(64·x2 − 4): drops below 1/2 for x2 > 1/16 + ...
    net = [(W + cliff, [*b, F(-4)]), ([psi[1][0][0] + [F(-1)]], psi[1][1])]
    v = certify_dichotomy(net, s)
    assert v.outcome == "unstable"
    assert 0 < abs(v.eta[1]) < fam.margin
    assert v.eta[0] == 0


# --------------------------------------------------------------------------- A2 / A3
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    "fam",
    [
        StripeFamily(alternations=15, margin=F(1, 8)),
        StripeFamily(alternations=None, margin=F(1, 16), offset=F(1, 3)),
        InverseStripeFamily(a=20, K=26, margin=F(1, 100)),
    ],
)
def test_trapezoid_network_is_exactly_correct_on_the_closed_margin_balls(fam, seed):
    law = "geometric" if fam.n_stripes is None else "uniform"
    s = fam.sample(150, rng=np.random.default_rng(seed), law=law, delta=fam.margin / 2)
    psi = trapezoid_network(s)
    assert certify_stable(psi, s) == []
    assert psi.width == 4 * len({k for k, y in zip(s.stripes, s.labels, strict=True) if y == 1})
    # the certificate can fail: a ball reaching past the plateau of a class-1 ramp is caught
    ones = [
        (x1, m)
        for (x1, _), y, k in zip(s.points, s.labels, s.stripes, strict=True)
        if y == 1
        for m in [min(x1 - fam.interval(k)[0], fam.interval(k)[1] - x1)]
    ]
    if ones:
        x1, m1 = min(ones, key=lambda t: t[1])
        r2 = m1 - psi.h / 4  # in (m1 − h/2, m1): keeps the label, leaves the plateau [l + h/2, u − h/2]
        assert first_deviation(psi.layers, (0, 0), (1, 0), x1 - r2, x1 + r2, 1) is not None


def test_width_grows_with_the_data_and_outgrows_any_fixed_architecture():
    rows = width_growth(sizes=(10, 100, 1000), seeds=range(20))
    assert [r["mean_width"] for r in rows] == sorted(r["mean_width"] for r in rows)
    assert rows[-1]["mean_width"] > rows[0]["mean_width"]
    assert rows[0]["frac_A_gt_P"] <= rows[-1]["frac_A_gt_P"] == 1


def test_width_bounds_grow_and_hold_on_random_draws():
    """The certified M_r, K_r grow with r; on draws from the geometric law the events they bound
    (every stripe below M hit, none at or above K) fail no more often than the bounds allow."""
    bounds = width_bounds((100, 1000, 10_000))
    assert [b.hit for b in bounds] == sorted({b.hit for b in bounds})
    assert all(b.hit <= b.within and b.miss <= Fraction(1, 40) and b.beyond <= Fraction(1, 40) for b in bounds)
    assert bounds[-1].pieces_needed > 3 * bounds[0].pieces_needed
    fam = StripeFamily(alternations=None, margin=Fraction(1, 8))
    b = bounds[0]
    misses = 0
    for seed in range(200):
        s = fam.sample(b.r, rng=np.random.default_rng([7, seed]), law="geometric")
        misses += not (set(range(b.hit)) <= set(s.stripes)) or max(s.stripes) >= b.within
        assert s.alternations >= b.pieces_needed or not set(range(b.hit)) <= set(s.stripes)
    assert misses <= 200 * float(b.miss + b.beyond) + 10  # a loose binomial check, not a verdict


def test_width_bounds_bad_input():
    with pytest.raises(InvalidArgument, match="beta"):
        width_bounds(beta=Fraction(1, 2))
    with pytest.raises(InvalidArgument, match="sizes"):
        width_bounds((5,))


def test_architecture_class_draws_distinct_architectures_in_the_class_and_certifies_each():
    res = AC.architecture_class_theorem(depth=(1, 2), widths=(2, 3), drawn=3, steps=300)
    assert res.status == "certified"
    arch = [tuple(a) for a in res.drawn]
    assert len(arch) == len(set(arch)) == 3
    assert all(1 <= len(a) <= 2 and all(2 <= w <= 3 for w in a) for a in arch)
    assert set(res.outcomes) <= {"inaccurate", "unstable"}
    claim = res.claim(Fraction(1, 8), Fraction(0), Fraction(1, 64))
    assert claim["statement"]["drawn"] == 3
    assert [r["architecture"] for r in claim["evidence"]["architectures"]] == res.drawn


def test_architecture_class_failure_is_shrunk_by_hypothesis(monkeypatch):
    """A certified part that fails is a bug: it raises inside the Hypothesis run, which shrinks it to a
    smallest failing architecture."""
    real = AC.fixed_architecture_theorem

    def broken(train, arch, **kw):
        res = real(train, arch, **kw)
        if max(arch) >= 3:  # pretend the bound failed for every architecture with a width >= 3
            res.claims[0].status = "refuted"
        return res

    monkeypatch.setattr(AC, "fixed_architecture_theorem", broken)
    with pytest.raises(AC.ArchitectureFailure, match=r"architecture \[3\]"):
        AC.architecture_class_theorem(depth=(1, 2), widths=(2, 4), drawn=6, steps=50)


def test_architecture_class_bad_input():
    with pytest.raises(InvalidArgument, match="widths"):
        AC.architecture_class_theorem(widths=(1, 3))
    with pytest.raises(InvalidArgument, match="depth"):
        AC.architecture_class_theorem(depth=(2, 1))
    with pytest.raises(InvalidArgument, match="400"):
        AC.architecture_class_theorem(depth=(1, 4), widths=(2, 8))
    with pytest.raises(InvalidArgument, match="p="):
        AC.architecture_class_theorem(p=1)


# --------------------------------------------------------------------------- bad input
BAD = [
    (lambda: StripeFamily(alternations=0), "alternations"),
    (lambda: StripeFamily(alternations=3, margin=F(1, 2)), "margin"),
    (lambda: StripeFamily(alternations=3, margin=0.1), "margin"),
    (lambda: StripeFamily(alternations=3, width=-1), "width"),
    (lambda: InverseStripeFamily(a=20, K=60, margin=F(1, 100)), "margin"),
    (lambda: InverseStripeFamily(a=20, K=10), "K"),
    (lambda: StripeFamily(alternations=3).sample(0, rng=np.random.default_rng(0)), "r"),
    (lambda: StripeFamily(alternations=3).sample(5, rng=0), "rng"),
    (lambda: StripeFamily(alternations=3).sample(5, rng=np.random.default_rng(0), law="gauss"), "law"),
    (lambda: StripeFamily(alternations=None).sample(5, rng=np.random.default_rng(0)), "law"),
    (
        lambda: StripeFamily(alternations=3, margin=F(1, 8)).sample(5, rng=np.random.default_rng(0), delta=F(1, 4)),
        "delta",
    ),
    (lambda: StripeFamily(alternations=3).sample(5, rng=np.random.default_rng(0), law="geometric", p=2), "p"),
    (lambda: piece_bound_net_check([[1, 2]]), "net"),
    (lambda: line_pieces([([[F(1), F(0)]], [F(0)])], [0], [1, 0]), "x0"),
    (lambda: line_pieces([([[1.5, F(0)]], [F(0)])], [0, 0], [1, 0]), "W1"),
    (lambda: line_pieces([([[F(1), F(0)]], [F(0)]), ([[F(1), F(1)]], [F(0)])], [0, 0], [1, 0]), "columns"),
    (lambda: exact_layers([np.eye(2)], []), "weights"),
    (lambda: check_piece_bound([([[F(1), F(0)]], [F(0)])], [(0, 0), (1, 0)], [1], x0=[0, 0], v=[1, 0]), "labels"),
    (lambda: check_piece_bound([([[F(1), F(0)]], [F(0)])], [(0, 0)], [2], x0=[0, 0], v=[1, 0]), "labels"),
    (lambda: first_violation([([[F(1), F(0)]], [F(0)])], [0, 0], [1, 0], 1, 0, 0), "lo"),
    (lambda: planted_feature_network(0), "delta"),
    (lambda: trapezoid_network([(0, 0)]), "sample"),
    (
        lambda: trapezoid_network(StripeFamily(alternations=3).sample(5, rng=np.random.default_rng(0)), radius=1),
        "radius",
    ),
    (
        lambda: certify_dichotomy(
            planted_feature_network(F(1, 64)),
            StripeFamily(alternations=3).sample(5, rng=np.random.default_rng(0)),
            epsilon=F(1, 2),
        ),
        "epsilon",
    ),
    (
        lambda: certify_stable(
            planted_feature_network(F(1, 64)), StripeFamily(alternations=3).sample(5, rng=np.random.default_rng(0))
        ),
        "x2",
    ),
    (lambda: mlp_trainer([0]), "widths"),
    # a ball crossing two stripe boundaries has equal labels at both ends: φ ≡ 0 must not be certified
    (
        lambda: certify_stable(
            [([[F(0), F(0)]], [F(0)]), ([[F(0)]], [F(0)])],
            StripeFamily(alternations=3).sample(1, rng=np.random.default_rng(0)),
            radius=2,
        ),
        "radius",
    ),
]


def piece_bound_net_check(net):
    return line_pieces(net, [0, 0], [1, 0])


@pytest.mark.parametrize(("call", "word"), BAD)
def test_bad_input_gets_a_clear_error(call, word):
    with pytest.raises(InvalidArgument, match=word):
        call()


# --------------------------------------------------------------------------- A4


theta = st.tuples(*[st.fractions(-(2**14), 2**14, max_denominator=2**12)] * 4)


@settings(deadline=None, max_examples=200)
@given(k=st.integers(1, 14), t=theta)
def test_approximate_minimiser_sets_are_disjoint(k, t):
    """No net c·ρ(wx + b) + d has squared loss <= κ on both members (monotone nets, κ < 1/4)."""
    pair = ReluPair(k)
    assert not (pair.is_approximate_minimiser(t, 1) and pair.is_approximate_minimiser(t, -1))


def test_disjointness_bound_one_half_is_sharp_and_needs_the_monotone_architecture():
    """max(R+, R-) >= 1/2 for every net of (1, 1, 1), with equality at the constant 1/2 (so κ < 1/2 is
    exactly the disjointness range); a V-shaped net (two ReLUs, outside the architecture) fits both."""
    pair = ReluPair(5)
    half = (0, 0, 0, Fraction(1, 2))
    assert pair.cost(half, 1) == pair.cost(half, -1) == Fraction(1, 2)
    assert Fraction(1, 2) > KAPPA
    v = lambda x: max(32 * x, 0) + max(-32 * x, 0)  # noqa: E731
    assert all(v(x) == y for sg in (1, -1) for x, y in zip(pair.point(sg), (0, 1), strict=True))


@settings(deadline=None, max_examples=200)
@given(k=st.integers(1, 14), t=theta)
def test_every_net_of_the_architecture_has_loss_at_least_one_half_on_a_member(k, t):
    pair = ReluPair(k)
    assert max(pair.cost(t, 1), pair.cost(t, -1)) >= Fraction(1, 2)


@pytest.mark.parametrize("k", [1, 5, 30])
def test_relu_pair_minimisers_exist_in_the_architecture(k):
    pair = ReluPair(k)
    for sg in (1, -1):
        assert pair.cost(pair.minimiser(sg), sg) == 0  # inf = 0 is attained: the barrier is not vacuous
        assert pair.is_approximate_minimiser(pair.minimiser(sg), sg)
        assert not pair.is_approximate_minimiser(pair.minimiser(sg), -sg)
    # the minimiser of iota+ is steep: it rises by 1 over the distance 2^-k
    w, b, c, d = pair.minimiser(1)
    assert c * max(w * Fraction(1, 2**k) + b, 0) + d - (c * max(b, 0) + d) == 1


def test_coin_flip_attains_the_bound_so_it_is_not_vacuous():
    b = minimiser_barrier(coin_flip_fitter(12))
    assert b.verdict == "certified"
    assert b.probabilities == (Fraction(1, 2), Fraction(1, 2))
    assert b.k == 12
    e = minimiser_barrier(exact_solver())
    assert e.verdict == "certified"
    assert e.probabilities == (Fraction(1), Fraction(0))
    g = minimiser_barrier(subgradient_fitter(steps=100))
    assert g.verdict == "certified"
    assert sum(g.probabilities) <= 1


@settings(deadline=None, max_examples=15)
@given(level=st.integers(1, 40), bias=st.integers(0, 16), n=st.integers(1, 8))
def test_p_plus_plus_p_minus_is_at_most_one_for_any_seeded_algorithm(level, bias, n):
    """Any general algorithm (reads, then outputs a function of the answers and its seed)."""

    def make(seed):
        def fit(oracle):
            lv = level + seed % 3
            x0, x1 = oracle.read("x", lv, 0), oracle.read("x", lv, 1)
            right = (seed * 7 + bias) % 16 < bias if x0 == x1 else x1 > x0
            w = (1 if right else -1) * 2**lv if x0 == x1 else 1 / (x1 - x0)
            return (w, -w * x0, 1, 0)

        return fit

    b = minimiser_barrier(RandomisedAlgorithm(make, seeds=tuple(range(n))))
    assert b.verdict == "certified"
    assert sum(b.probabilities) <= 1
    assert min(b.probabilities) <= Fraction(1, 2)


def test_sampled_seeds_give_clopper_pearson_intervals():
    alg = RandomisedAlgorithm(coin_flip_fitter(8).make)  # no finite seed set: sample seeds
    b = minimiser_barrier(alg, n_samples=100, seed=1)
    (lo1, hi1), (lo2, hi2) = b.intervals
    assert lo1 <= float(b.probabilities[0]) <= hi1
    assert lo2 <= float(b.probabilities[1]) <= hi2
    assert b.escape[0] == 0
    assert b.escape[2][1] < 0.05


def test_a4_bad_input():
    with pytest.raises(InvalidArgument, match="algorithm"):
        minimiser_barrier(42)
    with pytest.raises(InvalidArgument, match="n_samples"):
        minimiser_barrier(RandomisedAlgorithm(coin_flip_fitter(8).make))
    with pytest.raises(InvalidArgument, match="k"):
        ReluPair(-1)
    with pytest.raises(InvalidArgument, match="level"):
        coin_flip_fitter(0)
    with pytest.raises(InvalidArgument, match="theta="):
        ReluPair(3).cost((1, 2, 3), 1)


def test_a4_no_output_on_the_limit_is_not_counted_as_a_failure():
    """A run that crashes on the tie x = (0, 0) but interpolates any untied answer succeeds on both ι₊
    and ι₋: counting it as a failure on both would certify p+ + p- = 0 although p+ = p- = 1."""
    from sci_oracle.algorithms.base import run
    from sci_oracle.core.oracle import HonestOracle

    def untie(oracle):
        x0, x1 = oracle.read("x", 16, 0), oracle.read("x", 16, 1)
        w = 1 / (x1 - x0)  # ZeroDivisionError on the tie
        return (w, -w * x0, 1, 0)

    b = minimiser_barrier(untie)
    assert b.verdict == "unknown"
    assert b.nh == 1
    assert "no output on the limit" in b.message
    pair = ReluPair(b.k)
    assert all(
        pair.is_approximate_minimiser(run(untie, HonestOracle(pair.inputs(sg)), N=4).output, sg) for sg in (1, -1)
    )


def test_a4_rejects_an_algorithm_that_is_not_general():
    calls = []

    def cheat(oracle):  # output depends on a hidden counter, not only on the answers
        oracle.read("x", 3, 1)
        calls.append(1)
        return (len(calls), 0, 1, 0)

    with pytest.raises(InvalidArgument, match="general algorithm"):
        minimiser_barrier(cheat)


# --------------------------------------------------------------------------- A0: the fixed-architecture theorem


def test_union_bound_and_sample_size_are_exact():
    assert miss_probability_bound(6, 0) == 6
    assert miss_probability_bound(6, 27) == 6 * Fraction(5, 6) ** 27
    n = samples_needed(6, Fraction(1, 20))
    assert miss_probability_bound(6, n) <= Fraction(1, 20) < miss_probability_bound(6, n - 1)
    assert samples_needed(1, Fraction(1, 2)) == 0


@pytest.mark.parametrize("widths", [[2], [3], [2, 1], [4, 2, 3]])
def test_embedded_planted_network_is_exact_in_the_architecture(widths):
    fam = StripeFamily(alternations=9, margin=Fraction(1, 8))
    s = fam.sample(60, rng=np.random.default_rng(0), delta=Fraction(1, 32))
    net = embedded_planted_network(widths, Fraction(1, 32))
    assert hidden_widths(net) == widths
    assert decision_errors(net, s.points, s.labels) == []
    # and it is the unstable one: on x2 = 0 every class-1 point is wrong
    assert len(decision_errors(net, s.shifted()[0], s.labels)) == sum(s.labels)


@pytest.fixture(scope="module")
def theorem_run():
    return fixed_architecture_theorem(mlp_trainer([3], steps=800), [3], p=Fraction(1, 10), draws=3, seed=2)


def test_fixed_architecture_theorem_certifies_every_draw(theorem_run):
    res = theorem_run
    assert res.P == 4
    assert res.stripes == 6
    assert res.bound <= Fraction(1, 10)
    assert miss_probability_bound(6, res.r + res.s) == res.bound
    assert res.all_certified, [c.to_dict() for c in res.claims if c.status != "certified"]
    scopes = {c.scope for c in res.claims}
    assert {"all-parameters", "instances", "measured"} <= scopes
    for d in res.draws:
        assert d.outcome in ("inaccurate", "unstable")
        assert d.planted_exact
        assert d.stable_exact
        assert d.witness is not None
        if d.accurate and d.event:
            assert d.outcome == "unstable"
            assert d.errors_after_shift >= d.forced >= 1
    data = res.to_json()
    assert data["source"].startswith("project's reconstruction")
    assert data["miss_probability_bound"] == str(res.bound)


def test_fixed_architecture_witnesses_are_exact(theorem_run):
    fam = StripeFamily(alternations=theorem_run.stripes - 1, margin=Fraction(1, 8))
    for d in theorem_run.draws:
        if d.outcome == "unstable":
            x = [Fraction(c) for c in d.witness["point"]]
            eta = [Fraction(c) for c in d.witness["eta"]]
            assert max(abs(e) for e in eta) < fam.margin
            assert fam.label(x) == fam.label([a + b for a, b in zip(x, eta, strict=True)]) == d.witness["label"]


def test_fixed_architecture_with_a_user_procedure_that_is_always_inaccurate():
    def constant(X, y, rng):  # a legal, useless procedure of architecture [2]
        return [(np.zeros((2, 2)), np.zeros(2)), (np.zeros((1, 2)), np.zeros(1))]

    res = fixed_architecture_theorem(constant, [2], draws=1)
    assert res.draws[0].outcome == "inaccurate"
    assert res.draws[0].train_errors > 0
    assert res.all_certified
    rate = next(c for c in res.claims if c.scope == "measured" and "perfect" in c.name)
    assert "0/1" in rate.name


def test_fixed_architecture_bad_input():
    tr = mlp_trainer([3], steps=10)
    with pytest.raises(InvalidArgument, match="p="):
        fixed_architecture_theorem(tr, [3], p=0)
    with pytest.raises(InvalidArgument, match="architecture"):
        fixed_architecture_theorem(tr, "3")
    with pytest.raises(InvalidArgument, match="architecture"):
        fixed_architecture_theorem(tr, [0])
    with pytest.raises(InvalidArgument, match="train="):
        fixed_architecture_theorem(42, [3])
    with pytest.raises(InvalidArgument, match="r and s"):
        fixed_architecture_theorem(tr, [3], r=10)
    with pytest.raises(InvalidArgument, match="first hidden width"):
        embedded_planted_network([1, 4], Fraction(1, 8))
    with pytest.raises(AlgorithmError, match="fixed architecture"):
        fixed_architecture_theorem(mlp_trainer([5], steps=5), [3], draws=1)

    def boom(X, y, rng):
        raise RuntimeError("no")

    with pytest.raises(AlgorithmError, match="raised"):
        fixed_architecture_theorem(boom, [3], draws=1)


def test_prove_bhv_all_certified():
    from sci_oracle.cli.prove import load_proof

    mod = load_proof("bhv")
    rep = mod.prove(seed=3, fast=True)
    assert rep.all_certified, [c.to_dict() for c in rep.claims if c.status != "certified"]
    assert '"all_certified": true' in rep.to_json()


def test_cli_bhv_demo_json_and_bad_train(tmp_path, capsys):
    import json

    from sci_oracle.cli.main import main

    out = tmp_path / "demo.json"
    assert main(["bhv-demo", "--seed", "1", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["A2"]["certified_exact_on_closed_eps_balls"]
    assert {x["outcome"] for x in data["A1"]} <= {
        "inaccurate",
        "unstable",
    }
    assert main(["bhv-demo", "--train", "no_colon"]) == 2
    assert "MODULE:FUNCTION" in capsys.readouterr().err


def test_pieces_accept_sci_oracle_nn_networks():
    from sci_oracle.core.nn import Affine, NeuralNetwork, ReLU

    net = NeuralNetwork([Affine([[F(1), F(0)], [F(0), F(1)]], [F(0), F(-1)]), ReLU(), Affine([[F(1), F(-1)]], [F(0)])])
    lp = line_pieces(net, [0, 0], [1, 1])
    assert lp.pieces <= lp.bound == 3
    assert lp.value(F(3)) == evaluate(net, [F(3), F(3)])[0] == 1
    partial = NeuralNetwork([Affine([[F(1), F(0)]], [F(0)]), ReLU(indices=[0]), Affine([[F(1)]], [F(0)])])
    with pytest.raises(InvalidArgument, match="full ReLU"):
        line_pieces(partial, [0, 0], [1, 0])


def test_cli_prove_bhv_with_a_user_training_function(tmp_path, monkeypatch, capsys):
    import json
    import textwrap

    from sci_oracle.cli.main import main

    (tmp_path / "my_bhv_trainer.py").write_text(
        textwrap.dedent(
            """
            from sci_oracle.classification.mlp import train_mlp

            def fit(X, y, rng):
                net = train_mlp(X, y, [4], steps=600, lr=1e-2, rng=rng)
                return net.exact()
            """
        )
    )
    monkeypatch.chdir(tmp_path)  # as a user would: MODULE from the current directory, run in the sandbox
    code = main(["prove", "bhv", "--fast", "--train", "my_bhv_trainer:fit", "--architecture", "4", "--json", "-"])
    out = json.loads(capsys.readouterr().out)  # the certificate: measured claims are not in it
    (bound,) = [c for c in out["claims"] if c["statement"]["kind"] == "stripe-bound"]
    assert bound["statement"]["architecture"] == [4]
    assert bound["scope"] == "all-parameters"
    assert bound["status"] == "certified"
    assert all(c["scope"] != "measured" for c in out["claims"])
    assert code == (0 if out["all_certified"] else 1)
