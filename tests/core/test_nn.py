"""sci_oracle.core.nn: exact networks, backends agree, bad calls are refused by name."""

from fractions import Fraction as F

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import ExactReal, precision, sqrt
from sci_oracle.core.nn import Affine, BallProjection, NeuralNetwork, ReLU, SoftThreshold, SquaredModulus


def obj(rows):
    return np.array(rows, dtype=object)


def small_mlp():
    W1 = obj([[F(1), F(-2)], [F(1, 3), F(1)], [F(-1, 2), F(1, 4)]])
    W2 = obj([[F(1), F(1), F(-1)]])
    return NeuralNetwork([Affine(W1, [F(0), F(1, 2), F(0)]), ReLU(), Affine(W2, [F(1, 7)])])


def test_exact_relu_mlp_by_hand():
    net = small_mlp()
    out = net.evaluate([F(1), F(1)], backend="exact")
    # hidden = relu(-1, 11/6, -1/4) = (0, 11/6, 0); out = 11/6 + 1/7
    assert list(out) == [F(11, 6) + F(1, 7)]
    assert isinstance(out[0], F)
    assert net.widths == (2, 3, 1)
    assert net.n_affine_layers == 2
    assert "ReLU" in repr(net)
    assert "T=2" in repr(net)


def test_exact_refuses_floats_and_float_networks():
    net = small_mlp()
    with pytest.raises(InvalidArgument, match=r"y\[0\]"):
        net.evaluate([0.5, F(1)], backend="exact")
    fnet = NeuralNetwork([Affine(np.eye(2))])
    with pytest.raises(InvalidArgument, match="backend='exact'"):
        fnet.evaluate([F(1), F(2)], backend="exact")


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: Affine(np.ones((2, 3)), np.ones(3)), "b has shape"),
        (lambda: Affine(np.ones(3)), "W has shape"),
        (lambda: Affine(np.ones((2, 3)), None, np.ones((3, 1))), "R has shape"),
        (lambda: Affine(np.array([[np.nan]])), "W contains NaN"),
        (lambda: NeuralNetwork([]), "layers"),
        (lambda: NeuralNetwork([ReLU(), Affine(np.eye(2))]), "layers"),
        (lambda: NeuralNetwork([Affine(np.ones((3, 2))), Affine(np.ones((1, 2)))]), r"layers\[1\]"),
        (
            lambda: NeuralNetwork([Affine(np.ones((3, 2))), Affine(np.ones((1, 3)), None, np.ones((1, 5)))]),
            r"layers\[1\]\.R",
        ),
        (lambda: SoftThreshold([-1.0]), "thresholds"),
        (lambda: small_mlp().evaluate([1.0, 2.0], backend="fast"), "backend"),
        (lambda: small_mlp().evaluate([1.0, 2.0, 3.0]), "y has shape"),
        (lambda: small_mlp().evaluate([np.nan, 2.0]), "y contains NaN"),
        (lambda: small_mlp().evaluate([1, 2], backend="mpmath", prec_bits=1), "prec_bits"),
        (lambda: BallProjection(size=0), "size"),
    ],
)
def test_bad_calls(build, match):
    with pytest.raises(InvalidArgument, match=match):
        build()


rationals = st.fractions(min_value=-5, max_value=5, max_denominator=20)


@settings(deadline=None, max_examples=30)
@given(st.lists(rationals, min_size=2, max_size=2))
def test_backends_agree_on_relu_mlp(y):
    net = small_mlp()
    exact = net.evaluate(y, backend="exact")
    f64 = net.evaluate([float(v) for v in y])
    mp = net.evaluate(y, backend="mpmath", prec_bits=200)
    assert abs(float(exact[0]) - f64[0]) <= 1e-13 * (1 + abs(f64[0]))
    with precision(200):
        assert abs(mp[0] - mpmath.mpf(exact[0].numerator) / exact[0].denominator) < mpmath.mpf(10) ** -50


def test_soft_threshold_real_exact_and_complex():
    st_ = SoftThreshold([F(1), F(1, 2), F(2)])
    out = st_.apply(obj([F(3), F(-1, 4), F(-5)]), "exact")
    assert list(out) == [F(2), F(0), F(-3)]
    z = np.array([3 + 4j, 0.1j, -2.0])
    outc = SoftThreshold(1.0).apply(z, "float64")
    assert np.allclose(outc, [(3 + 4j) * 4 / 5, 0, -1.0])
    # index set: identity elsewhere
    part = SoftThreshold(F(1), indices=[1]).apply(obj([F(3), F(3)]), "exact")
    assert list(part) == [F(3), F(2)]


def test_ball_projection_exact_rational_and_surd():
    bp = BallProjection(size=2)
    inside = bp.apply(obj([F(1, 4), F(1, 4), F(0), F(7)]), "exact")
    assert list(inside) == [0, F(1, 4), F(0), F(7)]
    square = bp.apply(obj([F(25), F(3), F(4), F(7)]), "exact")  # ‖X‖ = 5: rational
    assert list(square) == [0, F(3, 5), F(4, 5), F(7)]
    surd = bp.apply(obj([F(2), F(1), F(1), F(7)]), "exact")  # ‖X‖ = √2
    assert isinstance(surd[1], ExactReal)
    assert surd[1] == 1 / sqrt(2)
    assert surd[1] * surd[1] + surd[2] * surd[2] == 1


def test_projection_network_matches_formula_in_three_backends():
    # y ↦ (‖y‖², y) ↦ P_ball(y): Affine(copy) -> SquaredModulus -> Affine(sum) -> BallProjection -> Affine
    m = 3
    copy = np.vstack([np.eye(m), np.eye(m)]).astype(int)
    summ = np.zeros((m + 1, 2 * m), dtype=int)
    summ[0, m:] = 1
    summ[1:, :m] = np.eye(m, dtype=int)
    take = np.hstack([np.zeros((m, 1), dtype=int), np.eye(m, dtype=int)])
    net = NeuralNetwork(
        [Affine(copy), SquaredModulus(indices=slice(m, 2 * m)), Affine(summ), BallProjection(size=m), Affine(take)]
    )
    y = [F(2), F(-1), F(2)]  # ‖y‖ = 3
    assert list(net.evaluate(y, backend="exact")) == [F(2, 3), F(-1, 3), F(2, 3)]
    assert np.allclose(net.evaluate([2.0, -1.0, 2.0]), [2 / 3, -1 / 3, 2 / 3], atol=1e-15)
    zc = np.array([3j, 4.0, 0.0])
    assert np.allclose(net.evaluate(zc), zc / 5)
    assert net.lipschitz_upper_bound() is None


def test_vjp_matches_finite_differences():
    rng = np.random.default_rng(0)
    W1, W2 = rng.standard_normal((6, 4)), rng.standard_normal((3, 6))
    net = NeuralNetwork(
        [Affine(W1, rng.standard_normal(6)), SoftThreshold(0.3), Affine(W2, None, rng.standard_normal((3, 4)))]
    )
    y, v = rng.standard_normal(4), rng.standard_normal(3)
    _, g = net.vjp(y, v)
    h = 1e-6
    fd = np.array([(v @ net.evaluate(y + h * e) - v @ net.evaluate(y - h * e)) / (2 * h) for e in np.eye(4)])
    assert np.allclose(g, fd, atol=1e-6)
    # Lipschitz bound dominates an observed difference quotient
    y2 = y + 1e-3 * rng.standard_normal(4)
    ratio = np.linalg.norm(net.evaluate(y2) - net.evaluate(y)) / np.linalg.norm(y2 - y)
    assert ratio <= net.lipschitz_upper_bound()
