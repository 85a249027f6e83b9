"""FIRENET's float64 fast path (issue 16): same iteration as the paper's pseudocode, real iterates for
real operators, the per-matrix cache, the authors' step sizes on request, and the Fourier operator."""

from __future__ import annotations

import math

import numpy as np
import pytest

import sci_oracle.algorithms.firenet as fn
from sci_oracle.algorithms.firenet import firenet
from sci_oracle.algorithms.fourier import SubsampledDCT, SubsampledFourier, fft_backend
from sci_oracle.core.errors import InvalidArgument


def reference_firenet(A, y, *, n, p, lam, tau, sigma, L_A, eps0, delta):
    """PNAS 2022 SI §1.2.1 written out plainly (fresh temporaries, np.linalg.norm): the oracle for the
    in-place loop."""
    AH = np.conj(A.T)
    psi = np.zeros(A.shape[1], dtype=np.result_type(A, y))
    eps = eps0
    for _ in range(n):
        eps = math.exp(-1) * (delta + eps)
        alpha = 2 * L_A / (eps * p)
        x, xi, S = alpha * psi, np.zeros(len(y), dtype=psi.dtype), np.zeros_like(psi)
        for _ in range(p):
            u = x - tau * AH @ xi
            x_new = np.where(np.abs(u) > tau * lam, u * (1 - tau * lam / np.maximum(np.abs(u), 1e-300)), 0)
            xi = xi + sigma * (A @ (2 * x_new - x) - alpha * y)
            nrm = np.linalg.norm(xi)
            xi = xi / max(1.0, nrm)
            x = x_new
            S = S + x_new
        psi = S / (alpha * p)
    return psi


@pytest.mark.parametrize("complex_data", [False, True])
def test_fast_loop_is_the_papers_iteration(complex_data):
    rng = np.random.default_rng(3)
    m, N = 20, 50
    A = rng.standard_normal((m, N)) / np.sqrt(m)
    if complex_data:
        A = A + 1j * rng.standard_normal((m, N)) / np.sqrt(m)
    x = np.where(rng.random(N) < 0.1, rng.standard_normal(N), 0.0)
    y = A @ x
    L = float(np.linalg.norm(A, 2))
    kw = {"n": 6, "p": 15, "lam": 0.05, "tau": 0.9 / L, "sigma": 0.9 / L, "L_A": L, "delta": 1e-9}
    got = firenet(A, y, **kw)
    want = reference_firenet(A, y, eps0=float(np.linalg.norm(y)), **kw)
    assert np.iscomplexobj(got) == complex_data
    assert np.linalg.norm(got - want) <= 1e-11 * max(1.0, np.linalg.norm(want))


def test_real_operator_given_as_callables_keeps_real_iterates():
    rng = np.random.default_rng(4)
    A = rng.standard_normal((15, 30)) / 4
    y = A @ np.where(rng.random(30) < 0.2, 1.0, 0.0)
    L = float(np.linalg.norm(A, 2))
    seen = []

    def adj(v):
        seen.append(v.dtype)
        return A.T @ v

    out = firenet((lambda v: A @ v, adj), y, n=3, p=10, lam=0.01, L_A=L)
    assert out.dtype == np.float64
    assert all(d == np.float64 for d in seen)
    np.testing.assert_allclose(out, firenet(A, y, n=3, p=10, lam=0.01, L_A=L), rtol=1e-12, atol=1e-14)


def test_norm_estimate_is_cached_per_matrix_and_invalidated_by_edits(monkeypatch):
    rng = np.random.default_rng(5)
    A = rng.standard_normal((128, 256)) / 11  # large enough to be cached (>= 64 KiB)
    y = A @ np.ones(256)
    L = float(np.linalg.norm(A, 2)) * 1.001
    calls = []
    real = fn._norm_lower_estimate
    monkeypatch.setattr(fn, "_norm_lower_estimate", lambda M, *a: calls.append(1) or real(M, *a))
    fn._CACHE.clear()
    firenet(A, y, n=1, p=2, lam=0.1, L_A=L)
    firenet(A, y, n=1, p=2, lam=0.1, L_A=L)
    assert len(calls) == 1  # the second call reuses the estimate
    A[0, 0] += 100.0  # an in-place edit changes ‖A‖: the stale estimate must not be used
    with pytest.raises(InvalidArgument, match="L_A"):
        firenet(A, y, n=1, p=2, lam=0.1, L_A=L)
    assert len(calls) == 2


def test_nan_in_a_cached_matrix_is_still_refused():
    A = np.ones((128, 256))
    y = np.ones(128)
    L = float(np.linalg.norm(A, 2)) * 1.01
    firenet(A, y, n=1, p=1, lam=0.1, L_A=L)
    A[3, 3] = np.nan
    with pytest.raises(InvalidArgument, match="NaN"):
        firenet(A, y, n=1, p=1, lam=0.1, L_A=L)


def test_unguaranteed_steps_are_refused_unless_asked_for():
    A = np.array([[3.0, 0.0], [0.0, 1.0]])
    y = np.array([1.0, 1.0])
    tau = math.sqrt(1 / 3) - 1e-4  # the authors' rule: tau*sigma*L^2 ≈ 3 > 1
    with pytest.raises(InvalidArgument, match="allow_unguaranteed_steps"):
        firenet(A, y, n=2, p=5, lam=0.1, tau=tau, sigma=tau, L_A=3.0)
    out = firenet(A, y, n=2, p=5, lam=0.1, tau=tau, sigma=tau, L_A=3.0, allow_unguaranteed_steps=True)
    assert np.all(np.isfinite(out))
    with pytest.raises(InvalidArgument, match="allow_unguaranteed_steps"):
        firenet(A, y, n=2, p=5, lam=0.1, allow_unguaranteed_steps="yes")


@pytest.mark.parametrize("backend", sorted({"numpy.fft", fft_backend()}))
def test_subsampled_fourier_is_a_partial_isometry_with_its_adjoint(backend):
    rng = np.random.default_rng(6)
    mask = rng.random((16, 12)) < 0.4
    F = SubsampledFourier(mask, backend=backend)
    fwd, adj = F.pair()
    x = rng.standard_normal(F.N) + 1j * rng.standard_normal(F.N)
    v = rng.standard_normal(F.m) + 1j * rng.standard_normal(F.m)
    assert np.vdot(fwd(x), v) == pytest.approx(np.vdot(x, adj(v)), rel=1e-12)
    np.testing.assert_allclose(fwd(adj(v)), v, atol=1e-12)  # A A* = I on the samples
    a1 = adj(v)
    a2 = adj(2 * v)  # the reused buffer must not alias an earlier result
    np.testing.assert_allclose(a2, 2 * a1, atol=1e-12)
    np.testing.assert_allclose(fwd(x), np.fft.fft2(x.reshape(16, 12), norm="ortho")[mask], atol=1e-12)


def test_subsampled_fourier_bad_input():
    with pytest.raises(InvalidArgument, match="mask"):
        SubsampledFourier(np.ones((4, 4)))
    with pytest.raises(InvalidArgument, match="mask"):
        SubsampledFourier(np.zeros((4, 4), dtype=bool))
    with pytest.raises(InvalidArgument, match="backend"):
        SubsampledFourier(np.ones((4, 4), dtype=bool), backend="fftw")
    with pytest.raises(InvalidArgument, match="workers"):
        SubsampledFourier(np.ones((4, 4), dtype=bool), workers=0)


def test_firenet_on_the_fourier_operator_recovers_a_sparse_image():
    rng = np.random.default_rng(7)
    mask = rng.random((32, 32)) < 0.5
    F = SubsampledFourier(mask)
    x = np.zeros(F.N)
    x[rng.choice(F.N, 10, replace=False)] = 1.0
    y = F.forward(x)
    out = firenet(F.pair(), y, n=12, p=30, lam=1e-2, L_A=F.norm_bound, delta=1e-12)
    assert np.linalg.norm(out - x) / np.linalg.norm(x) < 1e-3


# --------------------------------------------------------------------------- the Fourier-domain loop
def _small_fourier(seed=8, shape=(8, 8), density=0.5, nnz=4):
    rng = np.random.default_rng(seed)
    mask = rng.random(shape) < density
    mask[0, 0] = True
    F = SubsampledFourier(mask)
    x = np.zeros(F.N)
    x[rng.choice(F.N, nnz, replace=False)] = 1.0
    return F, x, F.forward(x)


def _dense_of(F):
    """The (m, N) matrix of P_Ω F, built column by column from the operator (complex)."""
    return np.stack([F.forward(e) for e in np.eye(F.N)], axis=1)


@pytest.mark.parametrize("use_x_init", [False, True])
def test_fourier_domain_loop_is_the_papers_iteration(use_x_init):
    F, _x, y = _small_fourier()
    A = _dense_of(F)
    kw = {"n": 6, "p": 12, "lam": 0.02, "tau": 0.95, "sigma": 0.95, "L_A": 1.0, "delta": 1e-9}
    plain = (lambda v: F.forward(v), lambda v: F.adjoint(v))  # lambdas: not recognised, the generic loop
    if use_x_init:
        x0 = np.linspace(-1, 1, F.N)
        got = firenet(F, y, x_init=x0, **kw)
        generic = firenet(plain, y, x_init=x0, **kw)
        np.testing.assert_allclose(got, generic, rtol=0, atol=1e-12 * np.linalg.norm(generic))
        return
    got = firenet(F, y, **kw)
    assert np.array_equal(got, firenet(F.pair(), y, **kw))  # the object and its pair take the same path
    want = reference_firenet(A, y, eps0=float(np.linalg.norm(y)), **kw)
    assert np.linalg.norm(got - want) <= 1e-12 * np.linalg.norm(want)
    generic = firenet(plain, y, **kw)
    assert np.linalg.norm(got - generic) <= 1e-12 * np.linalg.norm(generic)


@pytest.mark.parametrize("backend", sorted({"numpy.fft", fft_backend()}))
def test_fourier_domain_loop_with_weights_and_either_fft_backend(backend):
    rng = np.random.default_rng(13)
    mask = rng.random((8, 6)) < 0.6
    F = SubsampledFourier(mask, backend=backend)
    y = F.forward(np.where(rng.random(F.N) < 0.15, 1.0, 0.0))
    w = 0.5 + rng.random(F.N)
    kw = {"n": 5, "p": 9, "lam": 0.03, "L_A": 1.0, "weights": w}
    got = firenet(F, y, **kw)
    want = firenet((lambda v: F.forward(v), lambda v: F.adjoint(v)), y, **kw)  # the generic loop
    assert np.linalg.norm(got - want) <= 1e-12 * np.linalg.norm(want)


def test_fourier_domain_loop_calls_back_once_per_restart_with_the_same_iterates():
    F, _x, y = _small_fourier(seed=9, shape=(6, 10))
    kw = {"n": 4, "p": 7, "lam": 0.05, "L_A": 1.0}
    seen, seen_generic = [], []
    firenet(F, y, callback=lambda k, psi: seen.append((k, psi.copy())), **kw)
    firenet(
        (lambda v: F.forward(v), lambda v: F.adjoint(v)),
        y,
        callback=lambda k, psi: seen_generic.append((k, psi.copy())),
        **kw,
    )
    assert [k for k, _ in seen] == [1, 2, 3, 4] == [k for k, _ in seen_generic]
    for (_, a), (_, b) in zip(seen, seen_generic, strict=True):
        assert np.linalg.norm(a - b) <= 1e-12 * max(1.0, np.linalg.norm(b))


def test_generic_loop_skips_the_adjoint_of_zero_after_each_restart():
    rng = np.random.default_rng(10)
    A = rng.standard_normal((6, 9))
    y = A @ np.eye(9)[2]
    calls = []

    def adj(v):
        calls.append(1)
        return A.T @ v

    L = float(np.linalg.norm(A, 2))
    firenet((lambda v: A @ v, adj), y, n=3, p=5, lam=0.1, L_A=L)
    assert len(calls) == 1 + 3 * (5 - 1)  # one probe in validation, then p − 1 per restart


@pytest.mark.parametrize("is_complex", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("survivors", [3, 40])
def test_sparse_soft_threshold_equals_the_full_pass_bit_for_bit(is_complex, weighted, survivors):
    rng = np.random.default_rng(11)
    N = 64
    u = rng.standard_normal(N) * 1e-3
    if is_complex:
        u = u + 1j * rng.standard_normal(N) * 1e-3
        u[:4] = 0.6 + 0.1j  # a component above 0.7071·t but |u| below t: candidates that must not survive
    u[rng.choice(np.arange(4, N), survivors, replace=False)] += 2.0
    thr = 0.5 * rng.random(N) + 0.76 if weighted else 0.75
    got = u.copy()
    nz = fn._soft_inplace(got, fn._SoftWork(N, is_complex), thr)
    assert (nz is not None) == (survivors <= N // 8)
    mag = np.abs(u)
    want = u * (1.0 - thr / np.maximum(mag, thr))
    assert np.array_equal(got, want)
    assert np.count_nonzero(got) == survivors


def test_fourier_operator_writes_into_out_without_aliasing():
    F, _x, _y = _small_fourier(seed=12)
    rng = np.random.default_rng(12)
    x = rng.standard_normal(F.N) + 1j * rng.standard_normal(F.N)
    v = rng.standard_normal(F.m) + 1j * rng.standard_normal(F.m)
    xs = x.copy()
    fo, ao = np.empty(F.m, dtype=complex), np.empty(F.N, dtype=complex)
    assert F.forward(x, out=fo) is fo
    assert F.adjoint(v, out=ao) is ao
    np.testing.assert_array_equal(x, xs)  # the input is not transformed in place
    np.testing.assert_allclose(fo, F.forward(x), atol=1e-13)
    np.testing.assert_allclose(ao, F.adjoint(v), atol=1e-13)
    with pytest.raises(InvalidArgument, match="out"):
        F.adjoint(v, out=np.empty(F.N))  # real: the adjoint's output is complex
    with pytest.raises(InvalidArgument, match="out"):
        F.forward(x, out=np.empty(F.m + 1, dtype=complex))


# --------------------------------------------------------------------------- the subsampled DCT
def test_subsampled_dct_is_a_real_partial_isometry_and_the_transform_loop_is_the_papers_iteration():
    pytest.importorskip("scipy")
    import scipy.fft as sfft

    rng = np.random.default_rng(14)
    mask = rng.random((8, 10)) < 0.5
    C = SubsampledDCT(mask)
    x, v = rng.standard_normal(C.N), rng.standard_normal(C.m)
    assert C.forward(x).dtype == np.float64
    assert float(np.dot(C.forward(x), v)) == pytest.approx(float(np.dot(x, C.adjoint(v))), rel=1e-12)
    np.testing.assert_allclose(C.forward(C.adjoint(v)), v, atol=1e-12)  # A A* = I on the samples
    np.testing.assert_allclose(C.forward(x), sfft.dctn(x.reshape(8, 10), type=2, norm="ortho")[mask], atol=1e-12)
    with pytest.raises(InvalidArgument, match="real operator"):
        C.forward(x + 1j)
    with pytest.raises(InvalidArgument, match="backend"):
        SubsampledDCT(mask, backend="numpy.fft")
    # FIRENET: real iterates, the paper's iteration on the dense matrix of P_Ω C, and the generic loop
    y = C.forward(np.where(rng.random(C.N) < 0.1, 1.0, 0.0))
    A = np.stack([C.forward(e) for e in np.eye(C.N)], axis=1)
    kw = {"n": 6, "p": 12, "lam": 0.02, "tau": 0.95, "sigma": 0.95, "L_A": 1.0, "delta": 1e-9}
    got = firenet(C, y, **kw)
    assert got.dtype == np.float64
    assert np.array_equal(got, firenet(C.pair(), y, **kw))
    want = reference_firenet(A, y, eps0=float(np.linalg.norm(y)), **kw)
    assert np.linalg.norm(got - want) <= 1e-12 * np.linalg.norm(want)
    generic = firenet((lambda u: C.forward(u), lambda u: C.adjoint(u)), y, weights=np.ones(C.N), **kw)
    assert np.linalg.norm(got - generic) <= 1e-12 * np.linalg.norm(generic)
    with pytest.raises(InvalidArgument, match="real operator"):
        firenet(C, y + 1j, **kw)  # complex data on a real operator is refused, not silently cast
    with pytest.raises(InvalidArgument, match="y has length"):
        firenet(C, y[:-1], **kw)


@pytest.mark.parametrize("kind", ["FFT", "DCT"])
def test_transform_loop_hands_each_restart_its_own_array(kind):
    # the loop reuses one buffer for the restart averages: a callback that keeps them without copying
    # must still see every restart's own ψ_k, and the result must be the last of them
    rng = np.random.default_rng(14)
    mask = rng.random((6, 8)) < 0.5
    mask[0, 0] = True
    F = SubsampledFourier(mask) if kind == "FFT" else SubsampledDCT(mask)
    y = F.forward(np.where(rng.random(F.N) < 0.2, 1.0, 0.0))
    kw = {"n": 4, "p": 6, "lam": 0.05, "L_A": 1.0}
    kept, copied = [], []
    out = firenet(F, y, callback=lambda k, psi: (kept.append(psi), copied.append(psi.copy())), **kw)
    assert len({id(a) for a in kept}) == 4
    for a, b in zip(kept, copied, strict=True):
        assert np.array_equal(a, b)
    assert np.array_equal(out, copied[-1])
    assert not any(np.shares_memory(out, a) for a in kept)


@pytest.mark.parametrize("dtype", [float, complex])
def test_restart_average_divides_bit_for_bit_as_numpy_does(dtype):
    rng = np.random.default_rng(15)
    a = rng.standard_normal(1000).astype(dtype)
    if dtype is complex:
        a += 1j * rng.standard_normal(1000)
    a[:3] = 0.0  # zeros stay zeros of the same sign as numpy's
    out = np.empty_like(a)
    for d in (3.7, 0.1, 1e-300, 2.0**40):
        fn._divide_real(a, d, out)
        assert np.array_equal(out.view(np.uint64), (a / d).view(np.uint64))
