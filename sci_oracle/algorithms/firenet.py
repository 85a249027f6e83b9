"""FIRENET: restarted, rescaled, ergodic primal–dual iterations for the weighted SR-LASSO.

Colbrook–Antun–Hansen (PNAS 2022), SI §1.2.1 and Theorem 3. The weighted SR-LASSO

    min_x  λ‖x‖_{ℓ¹_w} + ‖Ax − y‖₂

is written as the saddle problem min_x max_{‖ξ‖₂≤1} λ‖x‖_{ℓ¹_w} + Re⟨Ax − y, ξ⟩ and solved by
Chambolle–Pock (CP) steps with τσ‖A‖² < 1. Each of n restarts shrinks a target error bound
ε ← ν(δ + ε) (ν = e⁻¹ in the paper), rescales the problem by α = 2L_A/(εp) (SR-LASSO is
1-homogeneous in (x, y)), runs p CP steps from (αψ, 0) and returns the ergodic average divided
by α. Under the weighted robust null space property the error falls geometrically with n
(Theorem 3); see :func:`firenet_constants` for C₁, C₂.

:func:`firenet_network` unrolls the same computation into a :class:`sci_oracle.core.nn.NeuralNetwork`
with 3np+1 affine layers of widths (m, [2N+m, 2(N+m), 2N+m+1]×np, N) (SI Thm 3(1)). Per CP step:

1. affine: (x, ξ, S) ↦ (x − τA*ξ, ξ − σAx − σαy, S), then soft-threshold the first N entries;
2. affine: (x⁺, g, S) ↦ (X, x⁺, S + x⁺, X) with X = g + 2σAx⁺, then |·|² on the last m entries;
3. affine: sum those squares into the gate x₀ = ‖X‖², then the gated ball projection.

Restarts (x ← αψ, ξ ← 0, S ← 0) fold into the next step's first affine layer.

References
----------
.. [1] M. J. Colbrook, V. Antun, A. C. Hansen, PNAS 119(12) e2107151119 (2022), SI §1.2.1, Thm 3.
.. [2] A. Chambolle, T. Pock, "A first-order primal-dual algorithm for convex problems with
   applications to imaging", J. Math. Imaging Vis. 40 (2011).
"""

from __future__ import annotations

import math
import numbers
import weakref
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from sci_oracle.algorithms.fourier import SubsampledTransform
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import ExactReal, Number, dyadic_round, precision, sign, sqrt, to_exact
from sci_oracle.core.nn import Affine, BallProjection, NeuralNetwork, SoftThreshold, SquaredModulus, exact_inverse_sqrt
from sci_oracle.core.validation import check_choice, check_int

__all__ = [
    "FirenetParameters",
    "firenet",
    "firenet_constants",
    "firenet_network",
    "primal_dual",
    "rnspl_certificate_1sparse",
    "sr_lasso_objective",
]

BACKENDS = ("float64", "mpmath", "exact")
Operator = Any  # a dense matrix, or a pair (A, A_adjoint) of callables


# --------------------------------------------------------------------------- operator handling
class _Op:
    """A (forward, adjoint) pair. A dense float matrix is used as given: the adjoint is the view
    ``A.T`` (BLAS reads it transposed, nothing is copied), conjugated around the product for complex
    A, so neither a call nor an inner step copies the matrix."""

    def __init__(self, A: Operator, y: np.ndarray, backend: str):
        self.dense: np.ndarray | None = None
        self.transform: SubsampledTransform | None = None
        self.real = not np.iscomplexobj(y)
        if isinstance(A, SubsampledTransform):
            A = A.pair()
        if isinstance(A, tuple) and len(A) == 2:
            owner = getattr(A[0], "__self__", None)
            if (
                isinstance(owner, SubsampledTransform)
                and getattr(A[1], "__self__", None) is owner
                and getattr(A[0], "__func__", None) is SubsampledTransform.forward
                and getattr(A[1], "__func__", None) is SubsampledTransform.adjoint
            ):
                self.transform = owner
                self.fwd, self.adj = A
                self.m, self.N = owner.m, owner.N  # its shape and dtype are known: no probe transforms
                self.real = self.real and owner.dtype is float
                return
        if isinstance(A, tuple) and len(A) == 2 and callable(A[0]) and callable(A[1]):
            self.fwd, self.adj = A
            probe = np.asarray(self.adj(y))
            if probe.ndim != 1:
                raise InvalidArgument(f"A_adjoint(y) has shape {probe.shape}: expected a 1-D vector")
            self.m, self.N = len(y), probe.shape[0]
            self.real = self.real and not np.iscomplexobj(probe) and not np.iscomplexobj(self.fwd(probe))
            return
        if callable(A):
            raise InvalidArgument("A is a single callable: pass a dense matrix or a pair (A, A_adjoint)")
        M = np.asarray(A) if backend != "exact" else _exact_array("A", A, 2)
        if M.ndim != 2:
            raise InvalidArgument(f"A has shape {M.shape}: expected a 2-D matrix (m, N)")
        if backend == "float64":
            if M.dtype == object:
                M = np.array([[complex(v) if isinstance(v, complex) else float(v) for v in row] for row in M])
            elif M.dtype.kind in "iub":
                M = M.astype(float)
            elif M.dtype.kind not in "fc":
                raise InvalidArgument(f"A has dtype {M.dtype}: expected real or complex numbers")
            if not _cached(M, "finite", lambda M: bool(np.all(np.isfinite(M)))):
                raise InvalidArgument("A contains NaN or inf: every entry must be finite")
            self.fwd = M.dot
            if np.iscomplexobj(M):
                MT = M.T
                self.adj = lambda v, MT=MT: np.conj(MT.dot(np.conj(v)))  # A^H v without a conjugated copy of A
                self.real = False
            else:
                self.adj = M.T.dot
        elif backend == "mpmath":
            Mm = _mp_array(M)
            AH = np.array([[mpmath.conj(v) for v in col] for col in Mm.T], dtype=object)
            self.fwd = lambda v, Mm=Mm: np.array([mpmath.fdot(r, v) for r in Mm], dtype=object)
            self.adj = lambda v, AH=AH: np.array([mpmath.fdot(r, v) for r in AH], dtype=object)
        else:
            AT = np.ascontiguousarray(M.T)
            self.fwd, self.adj = M.dot, AT.dot
        self.dense = M
        self.m, self.N = M.shape

    def norm_lower(self) -> float:
        """A lower bound on ‖A‖₂, computed once per matrix (see :func:`_cached`)."""
        assert self.dense is not None
        if self.dense.dtype == object:
            return _norm_lower_estimate(np.asarray(self.dense, dtype=complex))
        return _cached(self.dense, "norm_lower", _norm_lower_estimate)

    def norm(self) -> float:
        """‖A‖₂ of a dense float matrix (an SVD), computed once per matrix."""
        assert self.dense is not None
        return _cached(self.dense, "norm", lambda M: float(np.linalg.norm(M, 2)))


# Per-matrix facts (finiteness, norm estimates) that repeated calls on the same operator should not
# pay again. Keyed by the array object; a CRC of its buffer detects in-place edits, so a stale entry
# is never used.
_CACHE: dict[int, tuple[Any, int, dict[str, Any]]] = {}
_CACHE_LIMIT = 16


def _cached(M: np.ndarray, key: str, compute: Callable[[np.ndarray], Any]) -> Any:
    if M.dtype == object or M.size * M.itemsize < 1 << 16:
        return compute(M)  # small or exact matrices: recomputing is cheaper than fingerprinting
    buf = M if M.flags.c_contiguous else np.ascontiguousarray(M)
    crc = zlib.crc32(memoryview(buf).cast("B"))
    entry = _CACHE.get(id(M))
    if entry is None or entry[0]() is not M or entry[1] != crc:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.pop(next(iter(_CACHE)))
        entry = (weakref.ref(M), crc, {})
        _CACHE[id(M)] = entry
    facts = entry[2]
    if key not in facts:
        facts[key] = compute(M)
    return facts[key]


def _exact_array(name: str, value: Any, ndim: int) -> np.ndarray:
    arr = np.asarray(value, dtype=object)
    if arr.ndim != ndim:
        raise InvalidArgument(f"{name} has shape {arr.shape}: expected a {ndim}-D array")
    out = np.empty(arr.shape, dtype=object)
    flat = arr.ravel()
    if any(isinstance(v, (complex, np.complexfloating)) for v in flat):
        raise InvalidArgument(f"{name} is complex: the exact backend is real-only; use backend='mpmath'")
    out.ravel()[:] = [to_exact(v, name=f"{name}[{i}]") for i, v in enumerate(flat)]
    return out


def _mp_scalar(v: Any) -> Any:
    if isinstance(v, Fraction):
        return mpmath.mpf(v.numerator) / v.denominator
    if isinstance(v, ExactReal):
        return _mp_of_exact(v)
    if isinstance(v, (complex, np.complexfloating)):
        return mpmath.mpc(complex(v))
    if isinstance(v, (mpmath.mpf, mpmath.mpc)):
        return v
    if isinstance(v, numbers.Integral):
        return mpmath.mpf(int(v))
    return mpmath.mpf(float(v))


def _mp_of_exact(v: ExactReal) -> Any:
    from sci_oracle.core.exact import approx_fraction

    q = approx_fraction(v, mpmath.mp.prec + 20)
    return mpmath.mpf(q.numerator) / q.denominator


def _mp_array(a: Any) -> np.ndarray:
    arr = np.asarray(a, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    out.ravel()[:] = [_mp_scalar(v) for v in arr.ravel()]
    return out


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class FirenetParameters:
    """Validated FIRENET parameters (numbers in the backend's own type)."""

    n: int
    p: int
    tau: Any
    sigma: Any
    L_A: Any
    eps0: Any
    delta: Any
    lam: Any
    weights: np.ndarray
    decay: Any
    backend: str

    def alphas(self) -> list[Any]:
        """Rescaling α_k = 2L_A/(ε_k p) for k = 1..n, with ε_k = ν(δ + ε_{k−1})."""
        out, eps = [], self.eps0
        for _ in range(self.n):
            eps = self.decay * (self.delta + eps)
            out.append(2 * self.L_A / (eps * self.p))
        return out


def _num(name: str, value: Any, backend: str) -> Any:
    """A real scalar in the backend's arithmetic; refuses NaN, inf, bools and (for exact) floats."""
    if isinstance(value, (bool, complex, np.complexfloating)):
        raise InvalidArgument(f"{name}={value!r} is invalid: expected a real number")
    if backend == "exact":
        return to_exact(value, name=name)
    if isinstance(value, (Fraction, ExactReal, mpmath.mpf, numbers.Real, np.floating, np.integer)):
        v = value
    else:
        raise InvalidArgument(f"{name}={value!r} is invalid: expected a real number (got {type(value).__name__})")
    if backend == "float64":
        v = float(v)
        if not math.isfinite(v):
            raise InvalidArgument(f"{name}={value!r} is invalid: it must be finite")
        return v
    v = _mp_scalar(v)
    if not mpmath.isfinite(v):
        raise InvalidArgument(f"{name}={value!r} is invalid: it must be finite")
    return v


def _positive(name: str, v: Any, backend: str, *, allow_zero: bool = False) -> None:
    s = sign(v) if backend == "exact" else int(v > 0) - int(v < 0)
    if s < 0 or (s == 0 and not allow_zero):
        rng = ">= 0" if allow_zero else "> 0"
        raise InvalidArgument(f"{name}={v!r} is invalid: {name} must be {rng}")


def _norm2_upper(op: _Op, backend: str) -> Any:
    """‖A‖₂ for a dense float matrix; a rational upper bound (Frobenius, rounded up) in exact mode."""
    if op.dense is None:
        raise InvalidArgument("L_A=None is invalid for an operator given as callables: pass an upper bound L_A >= ‖A‖₂")
    if backend == "exact":
        fro2 = sum((v * v for v in op.dense.ravel()), Fraction(0))
        return dyadic_round(sqrt(fro2), 20, rounding="ceiling")
    if backend == "mpmath":
        return mpmath.mpf(float(np.linalg.norm(np.array(op.dense, dtype=complex), 2))) * (1 + mpmath.mpf(2) ** -40)
    return op.norm()


def _norm_lower_estimate(M: np.ndarray, iterations: int = 12) -> float:
    """A lower bound on ‖M‖₂: the largest column norm, and a few power iterations from a fixed
    pseudo-random start (cheap, deterministic; a constant start misses e.g. A = [[1, −1]])."""
    M = np.asarray(M, dtype=complex) if M.dtype == object else M
    est = float(np.max(np.linalg.norm(M, axis=0))) if M.size else 0.0  # ‖M e_j‖ ≤ ‖M‖
    v = np.random.default_rng(0).standard_normal(M.shape[1])
    v /= max(np.linalg.norm(v), 1e-300)
    for _ in range(iterations):
        w = M @ v
        est = max(est, float(np.linalg.norm(w)))  # ‖Mv‖ with ‖v‖ = 1 never exceeds ‖M‖
        v = M.conj().T @ w
        nv = np.linalg.norm(v)
        if nv == 0:
            break
        v = v / nv
    return est


def _validate(
    op: _Op,
    y: np.ndarray,
    *,
    n,
    p,
    tau,
    sigma,
    L_A,
    eps0,
    delta,
    lam,
    weights,
    decay,
    backend,
    allow_unguaranteed_steps: bool = False,
) -> FirenetParameters:
    n = check_int("n", n, min_value=1, max_value=1 << 20)
    p = check_int("p", p, min_value=1, max_value=1 << 24)
    L_A = _norm2_upper(op, backend) if L_A is None else _num("L_A", L_A, backend)
    _positive("L_A", L_A, backend)
    if op.dense is not None:
        est = op.norm_lower()
        if float(L_A) < est * (1 - 1e-12):
            raise InvalidArgument(f"L_A={L_A!r} is invalid: it must bound ‖A‖₂ >= {est:.6g} from above")
    if tau is None and sigma is None:
        # a symmetric default strictly inside τσL_A² < 1
        c = {"exact": Fraction(99, 100), "mpmath": mpmath.mpf(99) / 100, "float64": 0.99}[backend]
        tau = sigma = c / L_A
    elif tau is None or sigma is None:
        raise InvalidArgument("tau and sigma must be given together (or both left None for 0.99/L_A)")
    tau, sigma = _num("tau", tau, backend), _num("sigma", sigma, backend)
    _positive("tau", tau, backend)
    _positive("sigma", sigma, backend)
    if not isinstance(allow_unguaranteed_steps, bool):
        raise InvalidArgument(
            f"allow_unguaranteed_steps={allow_unguaranteed_steps!r} is invalid: expected True or False"
        )
    prod = tau * sigma * L_A * L_A
    if not allow_unguaranteed_steps and (sign(prod - 1) if backend == "exact" else ((prod >= 1 and 1) or -1)) >= 0:
        raise InvalidArgument(
            f"tau={tau!r}, sigma={sigma!r} are invalid: need tau*sigma*L_A**2 < 1 (got {float(prod):.6g} with "
            f"L_A={float(L_A):.6g}); pass allow_unguaranteed_steps=True to run them without the convergence guarantee"
        )
    lam = _num("lam", lam, backend)
    _positive("lam", lam, backend)
    delta = _num("delta", delta, backend)
    _positive("delta", delta, backend, allow_zero=True)
    if eps0 is None:
        eps0 = _vec_norm(y, backend)
        if backend == "exact" and isinstance(eps0, ExactReal):
            eps0 = dyadic_round(eps0, 20, rounding="ceiling")  # keep ε rational: any bound ≥ ‖y‖ is valid
    eps0 = _num("eps0", eps0, backend)
    _positive("eps0", eps0, backend)
    if decay is None:
        if backend == "exact":
            decay = dyadic_round(_inv_e_fraction(), 32)
        elif backend == "mpmath":
            decay = mpmath.exp(-1)
        else:
            decay = math.exp(-1)
    decay = _num("decay", decay, backend)
    if not (0 < decay < 1):
        raise InvalidArgument(f"decay={decay!r} is invalid: the restart factor must lie in (0, 1) (paper: 1/e)")
    N = op.N
    if weights is None:
        w = np.array([1] * N, dtype=object) if backend == "exact" else np.ones(N)
        w = w if backend != "mpmath" else _mp_array(w)
    else:
        w = np.asarray(weights, dtype=object if backend != "float64" else None)
        if w.shape != (N,):
            raise InvalidArgument(f"weights has shape {w.shape}: expected ({N},), one weight per column of A")
        if backend == "float64" and w.dtype.kind in "iuf":
            w = _float_weights(w)  # one vectorised check: a Python loop over 65 536 weights cost 10–40 % of a call
        else:
            w = np.array(
                [_num(f"weights[{i}]", v, backend) for i, v in enumerate(w)],
                dtype=object if backend != "float64" else float,
            )
            for i, v in enumerate(w):
                _positive(f"weights[{i}]", v, backend)
    if backend == "exact":
        w = np.array([to_exact(v, name="weights") for v in w], dtype=object)
    return FirenetParameters(n, p, tau, sigma, L_A, eps0, delta, lam, w, decay, backend)


def _float_weights(w: np.ndarray) -> np.ndarray:
    """Real numeric weights as float64, each finite and > 0; the first bad one is named."""
    wf = w.astype(float)
    bad = ~(np.isfinite(wf) & (wf > 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidArgument(f"weights[{i}]={w[i]!r} is invalid: weights[{i}] must be finite and > 0")
    return wf


def _inv_e_fraction() -> Fraction:
    """e⁻¹ to about 2^-100 as a Fraction (then rounded to a 32-bit dyadic by the caller)."""
    with precision(100):
        man, exp = mpmath.exp(-1).man_exp
    return Fraction(int(man)) * Fraction(2) ** int(exp)


def _vec_norm(v: np.ndarray, backend: str) -> Any:
    if backend == "float64":
        return float(np.linalg.norm(v))
    if backend == "mpmath":
        return mpmath.sqrt(mpmath.fsum(abs(t) ** 2 for t in v))
    return sqrt(sum((t * t for t in v), Fraction(0)))


def _data_vector(name: str, y: Any, backend: str) -> np.ndarray:
    if backend == "exact":
        return _exact_array(name, y, 1)
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise InvalidArgument(f"{name} has shape {arr.shape}: expected a 1-D vector")
    if backend == "mpmath":
        return _mp_array(arr)
    if arr.dtype == object:
        arr = np.array([complex(v) if isinstance(v, complex) else float(v) for v in arr])
    if arr.dtype.kind not in "fciu":
        raise InvalidArgument(f"{name} has dtype {arr.dtype}: expected numbers")
    if not np.all(np.isfinite(arr)):
        raise InvalidArgument(f"{name} contains NaN or inf: every entry must be finite")
    return arr.astype(complex if np.iscomplexobj(arr) else float)


def _prepare(A, y, x_init, backend, **kw):
    check_choice("backend", backend, BACKENDS)
    y = _data_vector("y", y, backend)
    op = _Op(A, y, backend)
    if op.m != len(y):
        raise InvalidArgument(f"y has length {len(y)}: expected {op.m} = number of rows of A")
    par = _validate(op, y, backend=backend, **kw)
    if x_init is None:
        x0 = None
    else:
        x0 = _data_vector("x_init", x_init, backend)
        if x0.shape != (op.N,):
            raise InvalidArgument(f"x_init has shape {x0.shape}: expected ({op.N},)")
    return op, y, par, x0


# --------------------------------------------------------------------------- proximal maps
def _soft_f64(u: np.ndarray, thr: np.ndarray) -> np.ndarray:
    mag = np.abs(u)
    # u·max(0, 1 − t/|u|): complex-safe and equal to sign(u)(|u| − t)_+ for real u
    scale = np.maximum(1.0 - thr / np.maximum(mag, 1e-300), 0.0)
    return scale * u


def _soft_obj(u: np.ndarray, thr: np.ndarray, backend: str) -> np.ndarray:
    out = np.empty(len(u), dtype=object)
    if backend == "exact":
        zero = Fraction(0)
        for i, (v, t) in enumerate(zip(u, thr, strict=True)):
            s = sign(v)
            out[i] = (
                (v - t if sign(v - t) > 0 else zero)
                if s > 0
                else ((v + t if sign(v + t) < 0 else zero) if s < 0 else zero)
            )
        return out
    zero = mpmath.mpf(0)
    for i, (v, t) in enumerate(zip(u, thr, strict=True)):
        mag = abs(v)
        out[i] = zero if mag <= t else v * ((mag - t) / mag)
    return out


def _project_obj(xi: np.ndarray, backend: str, sqrt_bits: int | None) -> np.ndarray:
    if backend == "exact":
        t = sum((v * v for v in xi), Fraction(0))
        if sign(t - 1) > 0:
            inv = exact_inverse_sqrt(t, sqrt_bits)
            return np.array([inv * v for v in xi], dtype=object)
        return xi
    t = mpmath.fsum(abs(v) ** 2 for v in xi)
    if t > 1:
        inv = 1 / mpmath.sqrt(t)
        return np.array([inv * v for v in xi], dtype=object)
    return xi


# --------------------------------------------------------------------------- FIRENET
def firenet(
    A: Operator,
    y: Any,
    *,
    n: int,
    p: int,
    lam: Any,
    tau: Any = None,
    sigma: Any = None,
    L_A: Any = None,
    eps0: Any = None,
    delta: Any = 0,
    weights: Any = None,
    decay: Any = None,
    x_init: Any = None,
    backend: str = "float64",
    prec_bits: int = 53,
    sqrt_bits: int | None = None,
    callback: Callable[[int, np.ndarray], None] | None = None,
    allow_unguaranteed_steps: bool = False,
) -> np.ndarray:
    """Run FIRENET (PNAS 2022, SI §1.2.1) for min λ‖x‖_{ℓ¹_w} + ‖Ax − y‖₂ and return ψ_n.

    Parameters
    ----------
    A : dense (m, N) array (real or complex; exact entries for ``backend="exact"``) or a pair
        ``(A, A_adjoint)`` of callables, e.g. a subsampled orthonormal FFT; then ``L_A`` is required.
    y : measurements, length m.
    n, p : restarts and CP steps per restart (n·p steps in all).
    lam : λ > 0.  tau, sigma : step sizes with τσL_A² < 1 (default both 0.99/L_A).
    L_A : upper bound on ‖A‖₂ (default: computed for dense A; a rational Frobenius bound in exact mode).
    eps0 : initial error bound ε₀ (default ‖y‖, rounded up to a dyadic in exact mode).
    delta : δ ≥ 0, the target noise floor; ε_k → νδ/(1−ν).
    weights : w_i > 0 (default 1).  decay : restart factor ν ∈ (0,1), default e⁻¹ (in exact mode
        its 32-bit dyadic rounding, so every step stays in Q or its quadratic tower).
    backend : "float64" (numpy), "mpmath" (at ``prec_bits``) or "exact" (real data, Fractions).
    sqrt_bits : exact backend only. None: the ℓ²-ball projection is exact (quadratic surds, cost
        doubles with every active projection, so only a few steps are practical). An int b: the
        projection uses the rational ⌊2^b/√t⌋/2^b ≤ t^{-1/2} and every iterate stays in Q
        (see :class:`sci_oracle.core.nn.BallProjection`).
    callback : called as ``callback(k, psi_k)`` after each restart k = 1..n.
    allow_unguaranteed_steps : run steps with τσL_A² ≥ 1 instead of refusing them (the authors' Table 1
        demo uses τ = σ = √(1/L_A) − 10⁻⁴, see :func:`sci_oracle.pnas.table1.paper_steps`); Chambolle–Pock's
        convergence, and with it SI Thm 3, is then not guaranteed.
    """
    args = (A, y, n, p, lam, tau, sigma, L_A, eps0, delta, weights, decay, x_init, backend, callback, sqrt_bits)
    if backend == "mpmath":
        check_int("prec_bits", prec_bits, min_value=2, max_value=1 << 24)
        with precision(prec_bits):
            return _firenet(*args, allow_unguaranteed_steps)
    return _firenet(*args, allow_unguaranteed_steps)


def _firenet(
    A,
    y,
    n,
    p,
    lam,
    tau,
    sigma,
    L_A,
    eps0,
    delta,
    weights,
    decay,
    x_init,
    backend,
    callback,
    sqrt_bits,
    allow_unguaranteed,
):
    op, y, par, x0 = _prepare(
        A,
        y,
        x_init,
        backend,
        n=n,
        p=p,
        tau=tau,
        sigma=sigma,
        L_A=L_A,
        eps0=eps0,
        delta=delta,
        lam=lam,
        weights=weights,
        decay=decay,
        allow_unguaranteed_steps=allow_unguaranteed,
    )
    if backend == "float64":
        T = op.transform
        if T is not None and (T.dtype is complex or not (np.iscomplexobj(y) or np.iscomplexobj(x0))):
            return _firenet_transform(T, y, par, x0, callback)
        return _firenet_f64(op, y, par, x0, callback)
    return _firenet_obj(op, y, par, x0, callback, sqrt_bits)


def _firenet_f64(op: _Op, y: np.ndarray, par: FirenetParameters, x0, callback) -> np.ndarray:
    """The float64 loop: every vector update is an in-place ufunc on a preallocated buffer, so a step
    costs the two operator applications plus about ten passes over length-N and length-m vectors."""
    fwd, adj = op.fwd, op.adj
    real = op.real and (op.dense is None or not np.iscomplexobj(op.dense)) and (x0 is None or not np.iscomplexobj(x0))
    dtype = float if real else complex  # real data keep real iterates: half the memory traffic
    N, m, p = op.N, op.m, par.p
    tau, sigma = par.tau, par.sigma
    thr = _thresholds(par)
    psi = np.zeros(N, dtype=dtype) if x0 is None else x0.astype(dtype)
    y = y.astype(dtype)
    x, u = np.empty(N, dtype=dtype), np.empty(N, dtype=dtype)
    S, work = np.empty(N, dtype=dtype), _SoftWork(N, not real)
    xi, sy, hm = np.empty(m, dtype=dtype), np.empty(m, dtype=dtype), np.empty(m, dtype=dtype)
    # The dual is stored as ζ = τξ, so x − τA*ξ = x − A*ζ is one pass and the ball ‖ξ‖ ≤ 1 becomes
    # ‖ζ‖ ≤ τ: the same iteration up to rounding.
    zr = xi.view(np.float64)  # (re, im) pairs of ζ, contiguous
    ts, tau2 = tau * sigma, tau * tau
    for k, alpha in enumerate(par.alphas(), start=1):
        np.multiply(psi, alpha, out=x)
        xi.fill(0)
        S.fill(0)
        np.multiply(y, ts * alpha, out=sy)
        for j in range(p):
            if j:
                np.subtract(x, adj(xi), out=u)  # u = x − τA*ξ
            else:
                np.copyto(u, x)  # ξ = 0 after a restart: A*0 = 0 needs no operator call
            nz = _soft_inplace(u, work, thr)  # u = x⁺
            np.subtract(u, x, out=x)
            x += u  # x = 2x⁺ − x
            np.multiply(fwd(x), ts, out=hm)  # the operator's own output is never written to
            xi += hm
            xi -= sy
            # ‖ζ‖² on the real view with einsum's own loop: linalg.norm / BLAS ddot on a long vector is
            # multithreaded and, on a loaded machine, can cost more than the rest of the step
            sq = float(np.einsum("i,i->", zr, zr))
            if sq > tau2:
                xi *= tau / math.sqrt(sq)
            _add_sparse(S, u, nz)
            x, u = u, x
        psi = S / (alpha * p)
        if callback is not None:
            callback(k, psi)
    return psi


class _SoftWork:
    """Work buffers of :func:`_soft_inplace` for iterates of length N (allocated once per call), and
    the block views of the iterates it has seen (a loop passes the same one or two buffers every step,
    so slicing them again on every call is Python overhead worth ≈ 2 % of a 256² FFT step)."""

    def __init__(self, N: int, complex_: bool):
        k = 2 * N if complex_ else N
        self.f, self.b, self.b1 = np.empty(k), np.empty(k, dtype=bool), np.empty(N, dtype=bool)
        self.block = min(k, _BLOCK)  # the (re, im) filter runs block by block in a cache-sized slice of f
        self._views: dict[int, tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]] = {}

    def blocks(self, u: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(block of u's float view, its |·| buffer, its slice of the candidate flags), for each block."""
        hit = self._views.get(id(u))
        if hit is not None and hit[0] is u:
            return hit[1]
        uv, B = u.view(np.float64), self.block
        out = [(uv[i : i + B], self.f[: min(B, uv.size - i)], self.b[i : i + B]) for i in range(0, uv.size, B)]
        if len(self._views) >= 4:
            self._views.clear()
        self._views[id(u)] = (u, out)  # u is held, so its id cannot be reused by another array
        return out


_BLOCK = 1 << 15  # 32768 float64 = 256 KiB: the filter's |·| stays in L2 instead of a 1 MB round trip


def _soft_inplace(u: np.ndarray, work: _SoftWork, thr: Any) -> np.ndarray | None:
    """u ← u·(1 − t/|u|) where |u| > t and 0 elsewhere, in place; returns the indices of the nonzeros
    when they are few (then only they are computed and the rest is zero-filled), else None.

    FIRENET's iterates are sparse once it has found the support (≈ the signal's support after a few
    restarts), so only the surviving entries should cost more than a pass. For complex u the survivors
    are first narrowed down on the (re, im) pairs: |u_i| > t_i needs a component above 0.7071·min t
    (< t/√2), a SIMD pass over 2N floats instead of N hypot calls; |u| is then taken on the candidates
    only. Both branches apply the same float64 operations to each surviving entry (tested)."""
    N = u.size
    scalar = not isinstance(thr, np.ndarray) or thr.ndim == 0
    cplx = u.dtype.kind == "c"
    tmin = thr if scalar else float(np.min(thr))
    c = 0.7071 * tmin if cplx else tmin
    for ub, fb, bb in work.blocks(u):  # block by block: |·| stays in cache, nothing of length N is written
        np.abs(ub, out=fb)
        np.greater(fb, c, out=bb)
    if cplx:
        np.not_equal(work.b.view(np.uint16), 0, out=work.b1)  # either component of entry i is large
    cand = np.flatnonzero(work.b1 if cplx else work.b)
    if cand.size <= N >> 3:
        vals = u[cand]
        mc = np.abs(vals)
        nz = cand
        if cplx or not scalar:
            keep = mc > (thr if scalar else thr[cand])
            if not keep.all():
                nz, vals, mc = cand[keep], vals[keep], mc[keep]
        vals *= 1.0 - (thr if scalar else thr[nz]) / mc
        u.fill(0)
        u[nz] = vals
        return nz
    mag = work.f[:N]
    np.abs(u, out=mag)
    np.maximum(mag, thr, out=mag)  # u·(1 − t/max(|u|, t)) is 0 where |u| ≤ t
    np.divide(thr, mag, out=mag)
    np.subtract(1.0, mag, out=mag)
    u *= mag
    return None


def _add_sparse(S: np.ndarray, u: np.ndarray, nz: np.ndarray | None) -> None:
    """S += u, touching only ``nz`` when u is known to vanish elsewhere."""
    if nz is None:
        S += u
    else:
        S[nz] += u[nz]


def _divide_real(a: np.ndarray, d: float, out: np.ndarray) -> None:
    """out = a / d for a real scalar d, bit for bit as ``np.divide`` does it. For complex a numpy divides
    by d + 0i, which it computes as a·(1/d) per component in a scalar loop (measured: 0.4 ms on 65 536
    entries, ≈ 1 % of a 256² FFT run); the same products on the float view take one SIMD pass."""
    if a.dtype.kind == "c":
        np.multiply(a.view(np.float64), 1.0 / d, out=out.view(np.float64))
    else:
        np.divide(a, d, out=out)


def _thresholds(par: FirenetParameters) -> Any:
    w = np.asarray(par.weights, dtype=float)
    thr: Any = par.tau * par.lam * (float(w[0]) if np.all(w == w[0]) else w)
    if np.any(np.asarray(thr) <= 0):
        raise InvalidArgument("tau*lam*weights underflows to 0 in float64: rescale lam or the weights")
    return thr


def _dot_chunks(v: np.ndarray) -> list[np.ndarray]:
    """Views of v in pieces of at most 8192 entries: ``sum(c.dot(c))`` is ‖v‖² through BLAS ddot on
    pieces too short for OpenBLAS to thread (measured here: threaded at 32 626 entries, not at 12 000;
    a threaded ddot on a loaded machine costs more than the product, ``einsum`` is threadless but
    ≈ 4× slower)."""
    return [v[i : i + 8192] for i in range(0, v.size, 8192)]


def _firenet_transform(F: SubsampledTransform, y: np.ndarray, par: FirenetParameters, x0, callback) -> np.ndarray:
    """The float64 loop for A = P_Ω F (F an orthonormal 2-D transform: the unitary DFT, complex, or the
    DCT-II, real), run partly in the transform domain.

    The same iteration as :func:`_firenet_f64`, rearranged by linearity (equal up to rounding):

    - u = x⁺ − A*ζ = F*(F x⁺ − P_Ωᵀζ): the forward transform of x⁺ is taken in place, ζ is subtracted
      on the m sampled frequencies, and the inverse transform in place gives the next u; no zero-fill,
      no subtraction over N, no temporaries;
    - A(2x⁺ − x) = 2·P_Ω F x⁺ − P_Ω F x, with P_Ω F x kept from the previous step; at a restart
      x = αψ is transformed once (a copy), which replaces the last step's forward transform: the last
      x⁺ of a restart only enters the average;
    - ζ = 0 after a restart, so its first u is x itself.

    Per step: one forward and one inverse transform (p − 1 of each per restart, plus the restart's
    one), the soft threshold, the ergodic sum, and about ten passes over the m samples (the gather,
    the dual update and its norm, the subtraction, the scatter), on four m-vectors.
    """
    N, m, p, idx = F.N, F.m, par.p, F.index
    tau, ts, tau2 = par.tau, par.tau * par.sigma, par.tau * par.tau
    thr = _thresholds(par)
    dt = F.dtype
    psi = np.zeros(N, dtype=dt) if x0 is None else x0.astype(dt)
    y = y.astype(dt)
    u, S, xt, work = np.empty(N, dtype=dt), np.empty(N, dtype=dt), np.empty(N, dtype=dt), _SoftWork(N, dt is complex)
    z, cur, prev, sy = (np.empty(m, dtype=dt) for _ in range(4))
    zparts = _dot_chunks(z.view(np.float64))
    alphas = par.alphas()
    for k, alpha in enumerate(alphas, start=1):
        np.multiply(psi, alpha, out=u)  # x = αψ; with ζ = 0, u = x
        if k == 1 and x0 is None:
            prev.fill(0)
        else:
            np.copyto(xt, u)
            F.transform(xt)
            np.take(xt, idx, out=prev, mode="clip")  # P_Ω F x
        z.fill(0)
        S.fill(0)
        np.multiply(y, ts * alpha, out=sy)
        for j in range(p):
            _add_sparse(S, u, _soft_inplace(u, work, thr))  # u = x⁺, S += x⁺
            if j == p - 1:
                break  # the last x⁺ only enters the average; ζ restarts at 0
            F.transform(u)  # u = F x⁺
            np.take(u, idx, out=cur, mode="clip")  # P_Ω F x⁺ (indices are valid; "raise" buffers out)
            # τσ(2·cur − prev) in prev's buffer, rounded as written: halving and doubling are exact
            # (short of subnormals)
            prev *= 0.5
            np.subtract(cur, prev, out=prev)
            prev *= 2.0 * ts
            z += prev
            z -= sy  # ζ + τσ(A(2x⁺ − x) − αy)
            sq = sum(float(c.dot(c)) for c in zparts)
            if sq > tau2:
                z *= tau / math.sqrt(sq)  # the ball ‖ξ‖ ≤ 1 is ‖ζ‖ ≤ τ
            np.subtract(cur, z, out=prev)
            u[idx] = prev  # F x⁺ − P_Ωᵀζ
            F.transform(u, inverse=True)  # u = x⁺ − A*ζ
            cur, prev = prev, cur
        psi = xt  # the restart's ergodic average, in a buffer reused by the next restart
        _divide_real(S, alpha * p, psi)
        if callback is not None:
            callback(k, psi.copy())
    return psi


def _firenet_obj(op: _Op, y: np.ndarray, par: FirenetParameters, x0, callback, sqrt_bits) -> np.ndarray:
    backend = par.backend
    zero = Fraction(0) if backend == "exact" else mpmath.mpf(0)
    N, m, p = op.N, op.m, par.p
    tau, sigma = par.tau, par.sigma
    thr = np.array([tau * par.lam * w for w in par.weights], dtype=object)
    psi = np.array([zero] * N, dtype=object) if x0 is None else x0
    for k, alpha in enumerate(par.alphas(), start=1):
        x = np.array([alpha * v for v in psi], dtype=object)
        xi = np.array([zero] * m, dtype=object)
        S = np.array([zero] * N, dtype=object)
        sy = np.array([sigma * alpha * v for v in y], dtype=object)
        for _ in range(p):
            x_new = _soft_obj(x - _scale(tau, op.adj(xi)), thr, backend)
            xi = _project_obj(xi + _scale(sigma, op.fwd(2 * x_new - x)) - sy, backend, sqrt_bits)
            x = x_new
            S = S + x_new
        scale = 1 / (alpha * p)
        psi = np.array([scale * v for v in S], dtype=object)
        if callback is not None:
            callback(k, psi)
    return psi


def _scale(c: Any, v: np.ndarray) -> np.ndarray:
    return np.array([c * t for t in v], dtype=object)


# --------------------------------------------------------------------------- the unrolled network
def firenet_network(
    A: Any,
    *,
    n: int,
    p: int,
    lam: Any,
    tau: Any = None,
    sigma: Any = None,
    L_A: Any = None,
    eps0: Any,
    delta: Any = 0,
    weights: Any = None,
    decay: Any = None,
    x_init: Any = None,
    exact: bool = False,
    sqrt_bits: int | None = None,
) -> NeuralNetwork:
    """FIRENET unrolled into a :class:`NeuralNetwork` φ_{n,p} (PNAS 2022 SI Thm 3(1)).

    3np+1 affine layers with widths (m, [2N+m, 2(N+m), 2N+m+1]×np, N); its evaluation equals
    :func:`firenet` with the same parameters (exactly with ``exact=True`` and rational data).
    ``A`` must be a dense matrix. ``eps0`` is required because the network must not depend on y.
    ``sqrt_bits`` selects the rational ball projection, as in :func:`firenet`.
    """
    backend = "exact" if exact else "float64"
    A_arr = _exact_array("A", A, 2) if exact else np.asarray(A)
    if A_arr.ndim != 2:
        raise InvalidArgument(f"A has shape {A_arr.shape}: expected a 2-D matrix (m, N)")
    m, N = A_arr.shape
    dummy_y = np.array([0] * m, dtype=object) if exact else np.zeros(m, dtype=A_arr.dtype)
    op, _, par, x0 = _prepare(
        A_arr,
        dummy_y,
        x_init,
        backend,
        n=n,
        p=p,
        tau=tau,
        sigma=sigma,
        L_A=L_A,
        eps0=eps0,
        delta=delta,
        lam=lam,
        weights=weights,
        decay=decay,
    )
    tau, sigma = par.tau, par.sigma
    if exact:
        A_, AH = op.dense, op.dense.T

        def zeros(r: int, c: int) -> np.ndarray:
            return np.full((r, c), Fraction(0), dtype=object)

        def eye(k: int, c: Any = 1) -> np.ndarray:
            Z = zeros(k, k)
            for i in range(k):
                Z[i, i] = Fraction(c) if not isinstance(c, ExactReal) else c
            return Z
    else:
        A_ = np.asarray(op.dense)
        AH = A_.conj().T
        dt = complex if np.iscomplexobj(A_) else float

        def zeros(r: int, c: int) -> np.ndarray:
            return np.zeros((r, c), dtype=dt)

        def eye(k: int, c: Any = 1.0) -> np.ndarray:
            return float(c) * np.eye(k, dtype=dt)

    thr = np.array([tau * par.lam * w for w in par.weights], dtype=object if exact else float)
    # index blocks of the state after a step: (gate, ξ, x, S)
    G, XI, X, S = 0, slice(1, 1 + m), slice(1 + m, 1 + m + N), slice(1 + m + N, 1 + m + 2 * N)
    state_w = 1 + m + 2 * N
    layers: list[Any] = []
    alphas = par.alphas()
    prev_alpha = None
    for _k, alpha in enumerate(alphas):
        for j in range(p):
            # layer 1: (u, g, S) = (x − τA*ξ, ξ − σAx − σαy, S), input is the previous state (or y)
            Rm = zeros(2 * N + m, m)
            Rm[N : N + m, :] = -sigma * alpha * eye(m)
            b = zeros(2 * N + m, 1)[:, 0]
            if j == 0:
                if prev_alpha is None:
                    # x = α₁ x_init, ξ = 0, S = 0, from the input y alone
                    W1 = zeros(2 * N + m, m)
                    if x0 is not None:
                        xs = np.array([alpha * v for v in x0], dtype=b.dtype)
                        b[:N] = xs
                        b[N : N + m] = -sigma * A_.dot(xs)
                else:
                    # restart: x = α_k ψ = c·S_prev with c = α_k/(α_{k−1}p); ξ = 0, S = 0
                    c = alpha / (prev_alpha * p)
                    W1 = zeros(2 * N + m, state_w)
                    W1[:N, S] = eye(N, c)
                    W1[N : N + m, S] = -sigma * c * A_
            else:
                W1 = zeros(2 * N + m, state_w)
                W1[:N, X] = eye(N)
                W1[:N, XI] = -tau * AH
                W1[N : N + m, XI] = eye(m)
                W1[N : N + m, X] = -sigma * A_
                W1[N + m :, S] = eye(N)
            layers += [Affine(W1, b, Rm), SoftThreshold(thr, indices=slice(0, N))]
            # layer 2: (X, x⁺, S + x⁺, X) with X = g + 2σAx⁺
            W2 = zeros(2 * (N + m), 2 * N + m)
            for rows in (slice(0, m), slice(m + 2 * N, 2 * m + 2 * N)):
                W2[rows, :N] = 2 * sigma * A_
                W2[rows, N : N + m] = eye(m)
            W2[m : m + N, :N] = eye(N)
            W2[m + N : m + 2 * N, :N] = eye(N)
            W2[m + N : m + 2 * N, N + m :] = eye(N)
            layers += [Affine(W2), SquaredModulus(indices=slice(m + 2 * N, 2 * m + 2 * N))]
            # layer 3: gate x₀ = Σ|X_i|², then (X, x⁺, S) unchanged
            W3 = zeros(state_w, 2 * (N + m))
            W3[G, m + 2 * N :] = 1
            W3[1:, : m + 2 * N] = eye(m + 2 * N)
            layers += [Affine(W3), BallProjection(size=m, gate=G, sqrt_bits=sqrt_bits)]
        prev_alpha = alpha
    Wout = zeros(N, state_w)
    Wout[:, S] = eye(N, 1 / (prev_alpha * p))
    layers.append(Affine(Wout))
    return NeuralNetwork(layers)


# --------------------------------------------------------------------------- companions
def firenet_constants(rho: Any, gamma: Any, kappa: Any = 1) -> tuple[Number, Number]:
    """(C₁, C₂) of PNAS 2022 SI Thm 3 from the weighted rNSPL constants ρ ∈ (0,1), γ > 0 and κ = ξ/ζ ≥ 1:

        C₁ = ((1+ρ)/2 + (3+ρ)κ^{1/4}/4)·(3+ρ)/(1−ρ)
        C₂ = 2((3+ρ)/(1−ρ) + (7+ρ)κ^{1/4}/(2(1−ρ)))·γ

    Exact: rational inputs give a Fraction, or an ExactReal when κ^{1/4} is irrational.

    >>> firenet_constants(Fraction(1, 2), 1, 1)
    (Fraction(91, 8), Fraction(29, 1))
    """
    rho, gamma, kappa = to_exact(rho, name="rho"), to_exact(gamma, name="gamma"), to_exact(kappa, name="kappa")
    if not (sign(rho) > 0 and sign(rho - 1) < 0):
        raise InvalidArgument(f"rho={rho!r} is invalid: rho must lie in (0, 1)")
    if sign(gamma) <= 0:
        raise InvalidArgument(f"gamma={gamma!r} is invalid: gamma must be > 0")
    if sign(kappa - 1) < 0:
        raise InvalidArgument(f"kappa={kappa!r} is invalid: kappa = xi/zeta is >= 1")
    k4 = sqrt(sqrt(kappa))
    C1 = ((1 + rho) / 2 + (3 + rho) * k4 / 4) * (3 + rho) / (1 - rho)
    C2 = 2 * ((3 + rho) / (1 - rho) + (7 + rho) * k4 / (2 * (1 - rho))) * gamma
    return C1, C2


def sr_lasso_objective(
    A: np.ndarray, y: np.ndarray, x: np.ndarray, lam: float, weights: np.ndarray | None = None
) -> float:
    """λ‖x‖_{ℓ¹_w} + ‖Ax − y‖₂ in float64 (for plots and diagnostics, not for verdicts)."""
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=float)
    return float(lam * np.sum(w * np.abs(x)) + np.linalg.norm(np.asarray(A) @ x - y))


def primal_dual(
    A: Operator,
    y: Any,
    *,
    iterations: int,
    lam: float,
    tau: float | None = None,
    sigma: float | None = None,
    L_A: float | None = None,
    weights: Any = None,
    ergodic: bool = False,
    callback: Callable[[int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """Plain (unrestarted, unscaled) Chambolle–Pock for the weighted SR-LASSO, float64.

    The baseline FIRENET is compared against. Returns the last iterate, or the ergodic average
    with ``ergodic=True``; ``callback(j, x_j)`` is called after every step.
    """
    iterations = check_int("iterations", iterations, min_value=1)
    yv = _data_vector("y", y, "float64")
    op = _Op(A, yv, "float64")
    par = _validate(
        op,
        yv,
        n=1,
        p=1,
        tau=tau,
        sigma=sigma,
        L_A=L_A,
        eps0=1.0,
        delta=0.0,
        lam=lam,
        weights=weights,
        decay=0.5,
        backend="float64",
    )
    dtype = complex if (np.iscomplexobj(yv) or (op.dense is not None and np.iscomplexobj(op.dense))) else float
    thr = par.tau * par.lam * np.asarray(par.weights, dtype=float)
    x = np.zeros(op.N, dtype=dtype)
    xi = np.zeros(op.m, dtype=dtype)
    S = np.zeros(op.N, dtype=dtype)
    for j in range(1, iterations + 1):
        x_new = _soft_f64(x - par.tau * op.adj(xi), thr)
        xi = xi + par.sigma * (op.fwd(2 * x_new - x) - yv)
        nrm = np.linalg.norm(xi)
        if nrm > 1.0:
            xi /= nrm
        x = x_new
        S += x_new
        if callback is not None:
            callback(j, S / j if ergodic else x)
    return S / iterations if ergodic else x


def rnspl_certificate_1sparse(A: np.ndarray) -> tuple[Fraction, Fraction]:
    """Certified constants (ρ, γ) of the robust null space property of order s = 1, unit weights:

        |x_i| ≤ ρ‖x_{−i}‖₁ + γ‖Ax‖₂   for every i and every x ∈ R^N,

    proved by one dual vector v_i per column (⟨v_i, a_i⟩ = 1 ⇒ x_i = ⟨v_i, Ax⟩ − Σ_{j≠i} x_j⟨v_i, a_j⟩),
    so ρ = max_{i, j≠i} |⟨v_i, a_j⟩| and γ = max_i ‖v_i‖. The v_i are found in float64
    (v_i ∝ (AAᵀ)⁻¹a_i) but the constants are computed exactly in Q from the binary64 entries of A
    (γ rounded up to a 2^-30 dyadic). ρ ≥ 1 means no certificate was found. Then κ = 1 in
    :func:`firenet_constants`.
    """
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or not np.all(np.isfinite(A)):
        raise InvalidArgument("A is invalid: expected a finite real 2-D matrix")
    _m, N = A.shape
    G = np.linalg.pinv(A @ A.T)
    Aq = [[Fraction(float(v)) for v in A[:, j]] for j in range(N)]
    rho, gamma2 = Fraction(0), Fraction(0)
    for i in range(N):
        vq = [Fraction(float(t)) for t in G @ A[:, i]]
        d = sum((a * b for a, b in zip(vq, Aq[i], strict=True)), Fraction(0))
        if d == 0:
            return Fraction(1), Fraction(0)
        vq = [t / d for t in vq]
        for j in range(N):
            if j != i:
                rho = max(rho, abs(sum((a * b for a, b in zip(vq, Aq[j], strict=True)), Fraction(0))))
        gamma2 = max(gamma2, sum((t * t for t in vq), Fraction(0)))
    return rho, dyadic_round(sqrt(gamma2), 30, rounding="ceiling")
