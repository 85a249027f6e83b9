"""Neural networks as exact, inspectable objects.

The class follows the NN class 𝒩_{D,T,q} of Colbrook–Antun–Hansen (PNAS 2022), SI §1.2.1:

    φ(y) = V_T(ρ_{T−1}(… ρ_1(V_1(y)))),   V_j(x) = W_j x + b_j + R_j y,

affine maps whose ``R_j y`` term is a skip connection from the network input y, separated by
non-linearities of two kinds:

* entrywise on an index set, identity elsewhere (:class:`ReLU`, :class:`SoftThreshold`,
  :class:`SquaredModulus`);
* gated (:class:`BallProjection`): (x₀, X, Y) ↦ (0, f(x₀)X, Y) with f(t) = min(1, t^{-1/2}),
  which realises the projection onto the unit ℓ²-ball when x₀ = ‖X‖².

Number types
------------
Weights are numpy arrays. An ``object`` array of :class:`fractions.Fraction` / int /
:class:`sci_oracle.core.exact.ExactReal` is *exact*; a float or complex array is not. Three backends:

``"exact"``
    Exact real arithmetic. Inputs and weights must be exact (floats are refused, convert them
    on purpose with ``Fraction(x)``). Affine layers on all-rational data run through
    python-flint's ``fmpq_mat``; once an irrational value appears they use sparse row sums of
    exact numbers. The ball projection is exact: when ‖X‖² ≤ 1 it is the identity, and when
    ‖X‖² > 1 it multiplies by 1/√(‖X‖²), an exact :func:`sci_oracle.core.exact.sqrt` (a rational
    when ‖X‖² is a rational square, otherwise an :class:`ExactReal` surd, so later layers work
    in a quadratic tower over Q; each active projection adds one level and doubles the cost, so
    this is for a handful of projections). ``BallProjection(..., sqrt_bits=b)`` instead uses the
    rational r(t) = ⌊2^b/√t⌋/2^b ≤ t^{-1/2} (within 2^-b, computed exactly with integer square
    roots): the network then stays in Q at every layer, as the computable FIRENETs of SI Thm 3,
    whose square roots are approximate, do; the result still lies in the unit ball.
    Complex data is not supported exactly (it would need |z| = √(re²+im²) in every threshold);
    use the ``mpmath`` or ``float64`` backend for complex data.
``"mpmath"``
    mpmath ``mpf``/``mpc`` at ``prec_bits`` (set through :func:`sci_oracle.core.exact.precision`).
``"float64"``
    numpy float64 / complex128. Also offers :meth:`NeuralNetwork.vjp` (a reverse-mode
    vector–Jacobian product, real data) for the perturbation search of :mod:`sci_oracle.pnas.stability`.

References
----------
.. [1] M. J. Colbrook, V. Antun, A. C. Hansen, "The difficulty of computing stable and accurate
   neural networks", PNAS 119(12) e2107151119 (2022), SI §1.2.1 (NN class) and Thm 3 (FIRENETs).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, cast

import mpmath
import numpy as np
from flint import fmpq, fmpq_mat

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import ExactReal, approx_fraction, inverse, precision, sign, sqrt, to_exact

__all__ = [
    "BACKENDS",
    "Affine",
    "BallProjection",
    "NeuralNetwork",
    "ReLU",
    "SoftThreshold",
    "SquaredModulus",
    "exact_inverse_sqrt",
]

BACKENDS = ("exact", "mpmath", "float64")


# --------------------------------------------------------------------------- helpers
def _is_exact_scalar(v: Any) -> bool:
    return isinstance(v, (Fraction, ExactReal)) or (isinstance(v, numbers.Integral) and not isinstance(v, bool))


def _as_array(name: str, value: Any, ndim: int) -> np.ndarray:
    """An object array if every entry is exact, otherwise float64/complex128; NaN/inf refused."""
    arr = np.asarray(value, dtype=object) if not isinstance(value, np.ndarray) else value
    if arr.ndim != ndim:
        raise InvalidArgument(f"{name} has shape {arr.shape}: expected a {ndim}-D array")
    if arr.dtype == object:
        flat = arr.ravel()
        if all(_is_exact_scalar(v) for v in flat):
            out = np.empty(arr.shape, dtype=object)
            out.ravel()[:] = [v if isinstance(v, (Fraction, ExactReal)) else Fraction(int(v)) for v in flat]
            return out
        if any(isinstance(v, (mpmath.mpf, mpmath.mpc)) for v in flat):
            raise InvalidArgument(f"{name} holds mpmath numbers: pass exact (Fraction) or float weights")
        try:
            arr = arr.astype(complex if any(isinstance(v, complex) for v in flat) else float)
        except (TypeError, ValueError):
            raise InvalidArgument(f"{name} has entries that are not numbers") from None
    elif arr.dtype.kind in "iub":
        if arr.dtype.kind == "b":
            raise InvalidArgument(f"{name} is a boolean array: expected numbers")
        out = np.empty(arr.shape, dtype=object)
        out.ravel()[:] = [Fraction(int(v)) for v in arr.ravel()]
        return out
    elif arr.dtype.kind not in "fc":
        raise InvalidArgument(f"{name} has dtype {arr.dtype}: expected numbers")
    if not np.all(np.isfinite(arr)):
        raise InvalidArgument(f"{name} contains NaN or inf: every entry must be finite")
    return arr


def _to_mp(v: Any) -> Any:
    """An mpmath number at the current precision (exact inputs are rounded once, here)."""
    if isinstance(v, Fraction):
        return mpmath.mpf(v.numerator) / v.denominator
    if isinstance(v, ExactReal):
        q = approx_fraction(v, mpmath.mp.prec + 20)
        return mpmath.mpf(q.numerator) / q.denominator
    if isinstance(v, (complex, np.complexfloating)):
        return mpmath.mpc(complex(v))
    if isinstance(v, (mpmath.mpf, mpmath.mpc)):
        return v
    return mpmath.mpf(float(v)) if isinstance(v, (float, np.floating)) else mpmath.mpf(int(v))


def _to_float(v: Any) -> Any:
    return complex(v) if isinstance(v, (complex, np.complexfloating, mpmath.mpc)) else float(v)


def _convert(arr: np.ndarray, backend: str) -> np.ndarray:
    """Cast an array (exact or float) to the representation a backend computes with."""
    if backend == "float64":
        if arr.dtype == object:
            vals = [_to_float(v) for v in arr.ravel()]
            dt = complex if any(isinstance(v, complex) for v in vals) else float
            return np.array(vals, dtype=dt).reshape(arr.shape)
        return arr
    if backend == "mpmath":
        out = np.empty(arr.shape, dtype=object)
        out.ravel()[:] = [_to_mp(v) for v in arr.ravel()]
        return out
    raise AssertionError(backend)  # pragma: no cover


def _require_exact(name: str, arr: np.ndarray) -> None:
    if arr.dtype != object:
        raise InvalidArgument(
            f"{name} has dtype {arr.dtype}: the exact backend needs exact entries "
            f"(Fraction, int or ExactReal); convert floats on purpose with Fraction(x)"
        )


def _all_rational(vec: Iterable[Any]) -> bool:
    return all(isinstance(v, Fraction) for v in vec)


def _fmpq_col(vec: Sequence[Fraction]) -> fmpq_mat:
    return fmpq_mat(len(vec), 1, [fmpq(v.numerator, v.denominator) for v in vec])


def _from_fmpq_col(mat: fmpq_mat) -> list[Fraction]:
    return [Fraction(int(q.p), int(q.q)) for q in mat.entries()]


def _mp_matvec(W: np.ndarray, x: np.ndarray) -> np.ndarray:
    # mpmath.fdot sums each row in one pass (faster than numpy's object dot)
    return (
        np.array([mpmath.fdot(row, x) for row in W], dtype=object)
        if W.shape[1]
        else np.array([mpmath.mpf(0)] * W.shape[0], dtype=object)
    )


# --------------------------------------------------------------------------- affine layers
class Affine:
    """x ↦ W x + b + R y, where y is the network input (skip connection, SI §1.2.1).

    ``W`` has shape (out, in), ``b`` shape (out,) (zeros if None), ``R`` shape (out, m) or None.
    Entries are exact (Fraction/int/ExactReal object arrays) or float/complex arrays.
    """

    def __init__(self, W: Any, b: Any = None, R: Any = None):
        self.W = _as_array("W", W, 2)
        out = self.W.shape[0]
        if b is None:
            b = np.array([Fraction(0)] * out, dtype=object) if self.W.dtype == object else np.zeros(out)
        self.b = _as_array("b", b, 1)
        if self.b.shape != (out,):
            raise InvalidArgument(f"b has shape {self.b.shape}: expected ({out},) to match W of shape {self.W.shape}")
        self.R = None if R is None else _as_array("R", R, 2)
        if self.R is not None and self.R.shape[0] != out:
            raise InvalidArgument(f"R has shape {self.R.shape}: expected {out} rows to match W of shape {self.W.shape}")
        self._cache: dict[Any, Any] = {}

    @property
    def in_dim(self) -> int:
        return int(self.W.shape[1])

    @property
    def out_dim(self) -> int:
        return int(self.W.shape[0])

    @property
    def skip_dim(self) -> int | None:
        return None if self.R is None else self.R.shape[1]

    @property
    def is_exact(self) -> bool:
        return all(a.dtype == object for a in (self.W, self.b) + (() if self.R is None else (self.R,)))

    def _arrays(self, backend: str, prec_bits: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        key = (backend, prec_bits)
        if key not in self._cache:
            conv = [_convert(a, backend) if a is not None else None for a in (self.W, self.b, self.R)]
            self._cache[key] = tuple(conv)
        return cast(tuple[np.ndarray, np.ndarray, "np.ndarray | None"], self._cache[key])

    def _flint(self) -> tuple[fmpq_mat, fmpq_mat, fmpq_mat | None] | None:
        """The layer as python-flint rational matrices, or None if some entry is irrational."""
        if "flint" not in self._cache:
            mats = None
            if all(_all_rational(a.ravel()) for a in (self.W, self.b) + (() if self.R is None else (self.R,))):

                def mat(a: np.ndarray) -> fmpq_mat:
                    return fmpq_mat(a.shape[0], a.shape[1], [fmpq(v.numerator, v.denominator) for v in a.ravel()])

                mats = (mat(self.W), mat(self.b.reshape(-1, 1)), None if self.R is None else mat(self.R))
            self._cache["flint"] = mats
        return cast("tuple[fmpq_mat, fmpq_mat, fmpq_mat | None] | None", self._cache["flint"])

    def _sparse_rows(self) -> list[tuple[Any, list[tuple[int, Any]], list[tuple[int, Any]]]]:
        if "rows" not in self._cache:
            rows = []
            for i in range(self.out_dim):
                wr = [(j, w) for j, w in enumerate(self.W[i]) if sign(w) != 0]
                rr = [] if self.R is None else [(j, r) for j, r in enumerate(self.R[i]) if sign(r) != 0]
                rows.append((self.b[i], wr, rr))
            self._cache["rows"] = rows
        return cast(list[tuple[Any, list[tuple[int, Any]], list[tuple[int, Any]]]], self._cache["rows"])

    def apply(self, x: np.ndarray, y: np.ndarray, backend: str, prec_bits: int | None = None) -> np.ndarray:
        if backend == "exact":
            _require_exact("Affine weights", self.W)
            flint_mats = self._flint()
            if flint_mats is not None and _all_rational(x) and _all_rational(y):
                Wq, bq, Rq = flint_mats
                acc = Wq * _fmpq_col(list(x)) + bq
                if Rq is not None:
                    acc = acc + Rq * _fmpq_col(list(y))
                exact_out = np.empty(self.out_dim, dtype=object)
                exact_out[:] = _from_fmpq_col(acc)
                return exact_out
            out = np.empty(self.out_dim, dtype=object)
            for i, (bi, wr, rr) in enumerate(self._sparse_rows()):
                acc = bi
                for j, w in wr:
                    acc = acc + w * x[j]
                for j, r in rr:
                    acc = acc + r * y[j]
                out[i] = acc
            return out
        W, b, R = self._arrays(backend, prec_bits)
        if backend == "float64":
            out = W @ x + b
            return np.asarray(out + R @ y if R is not None else out)
        out = _mp_matvec(W, x) + b
        return np.asarray(out + _mp_matvec(R, y) if R is not None else out)

    def __repr__(self) -> str:
        kind = "exact" if self.is_exact else str(self.W.dtype)
        skip = "" if self.R is None else f", skip from input ({self.skip_dim})"
        return f"Affine({self.in_dim} -> {self.out_dim}{skip}, {kind})"


# --------------------------------------------------------------------------- non-linearities
def _index_array(indices: Any, width: int, name: str = "indices") -> np.ndarray:
    if indices is None:
        return np.arange(width)
    idx = np.asarray(indices)
    if isinstance(indices, slice):
        return np.arange(width)[indices]
    if idx.ndim != 1 or (idx.size and idx.dtype.kind not in "iu"):
        raise InvalidArgument(f"{name}={indices!r} is invalid: expected None, a slice or a 1-D int array")
    if idx.size and (idx.min() < 0 or idx.max() >= width):
        raise InvalidArgument(f"{name} has entries outside [0, {width - 1}] for a layer of width {width}")
    return idx


class _Entrywise:
    """A map applied entrywise on an index set, the identity elsewhere (SI §1.2.1, form (i))."""

    lipschitz = 1.0

    def __init__(self, indices: Any = None):
        self.indices = indices

    def idx(self, width: int) -> np.ndarray:
        return _index_array(self.indices, width)

    def _idx_repr(self) -> str:
        if self.indices is None:
            return ""
        if isinstance(self.indices, slice):
            return f"indices={self.indices.start}:{self.indices.stop}"
        return f"indices=<{len(np.asarray(self.indices))} entries>"


class ReLU(_Entrywise):
    """max(0, x) entrywise on ``indices`` (all entries if None). Real data only."""

    def apply(self, x: np.ndarray, backend: str) -> np.ndarray:
        out: np.ndarray = x.copy()
        idx = self.idx(len(x))
        if backend == "float64":
            if np.iscomplexobj(x):
                raise InvalidArgument("ReLU input is complex: ReLU is defined for real data only")
            out[idx] = np.maximum(x[idx], 0.0)
            return out
        zero = Fraction(0) if backend == "exact" else mpmath.mpf(0)
        for i in idx:
            v = x[i]
            if isinstance(v, mpmath.mpc):
                raise InvalidArgument("ReLU input is complex: ReLU is defined for real data only")
            if (sign(v) < 0) if backend == "exact" else (v < 0):
                out[i] = zero
        return out

    def __repr__(self) -> str:
        return f"ReLU({self._idx_repr()})"


class SoftThreshold(_Entrywise):
    """Soft-thresholding u ↦ max(0, |u| − s)·u/|u| on ``indices`` (identity elsewhere).

    ``thresholds`` is a scalar or one value ≥ 0 per index. Complex-safe (u/|u| is the complex
    sign, not numpy's real sign). It is the prox of the weighted ℓ¹ norm (PNAS 2022 SI §1.2.1).
    """

    def __init__(self, thresholds: Any, indices: Any = None):
        super().__init__(indices)
        th = np.asarray(thresholds, dtype=object) if not isinstance(thresholds, np.ndarray) else thresholds
        th = _as_array("thresholds", th.reshape(-1) if th.ndim == 0 else th, 1)
        if th.dtype == object:
            if any(sign(t) < 0 for t in th):
                raise InvalidArgument("thresholds has a negative entry: every threshold must be >= 0")
        elif np.iscomplexobj(th) or np.any(th < 0):
            raise InvalidArgument("thresholds has a negative or complex entry: every threshold must be a real >= 0")
        self.thresholds = th
        self._cache: dict[Any, np.ndarray] = {}

    def _th(self, n: int, backend: str) -> np.ndarray:
        key = (backend, mpmath.mp.prec if backend == "mpmath" else None, n)
        if key not in self._cache:
            th = self.thresholds
            if th.size not in (1, n):
                raise InvalidArgument(
                    f"thresholds has {th.size} entries: expected 1 or {n} (one per thresholded index)"
                )
            if backend == "exact":
                _require_exact("thresholds", th)
                conv = th
            else:
                conv = _convert(th, backend)
                if backend == "float64":
                    conv = conv.astype(float)
            self._cache[key] = np.broadcast_to(conv, (n,)) if th.size == 1 else conv
        return self._cache[key]

    def apply(self, x: np.ndarray, backend: str) -> np.ndarray:
        idx = self.idx(len(x))
        th = self._th(len(idx), backend)
        out: np.ndarray = x.copy()
        if backend == "float64":
            u = x[idx]
            mag = np.abs(u)
            shrink = np.maximum(mag - th, 0.0)
            if np.iscomplexobj(u):
                # complex sign u/|u|; where u == 0 the output is 0 anyway
                scale = np.divide(shrink, mag, out=np.zeros_like(mag), where=mag > 0)
                out[idx] = scale * u
            else:
                out[idx] = np.sign(u) * shrink
            return out
        for k, i in enumerate(idx):
            out[i] = _soft_scalar(x[i], th[k], backend)
        return out

    def __repr__(self) -> str:
        n = self.thresholds.size
        th = f"thresholds={self.thresholds[0]!s}" if n == 1 else f"thresholds=<{n} values>"
        extra = self._idx_repr()
        return f"SoftThreshold({th}{', ' + extra if extra else ''})"


def _soft_scalar(u: Any, t: Any, backend: str) -> Any:
    if backend == "exact":
        if isinstance(u, complex):  # pragma: no cover - complex never reaches exact arrays
            raise InvalidArgument("exact backend is real-only")
        s = sign(u)
        if s > 0:
            return u - t if sign(u - t) > 0 else Fraction(0)
        if s < 0:
            return u + t if sign(u + t) < 0 else Fraction(0)
        return Fraction(0)
    mag = abs(u)
    if mag <= t:
        return mpmath.mpf(0)
    return u * ((mag - t) / mag)


class SquaredModulus(_Entrywise):
    """u ↦ |u|² entrywise on ``indices`` (real output). With a following affine sum it yields the
    x₀ = ‖X‖² gate input of :class:`BallProjection`."""

    lipschitz = math.inf  # not globally Lipschitz

    def apply(self, x: np.ndarray, backend: str) -> np.ndarray:
        idx = self.idx(len(x))
        out: np.ndarray = x.copy()
        if backend == "float64":
            u = x[idx]
            out[idx] = (u.real**2 + u.imag**2) if np.iscomplexobj(u) else u * u
            return out
        for i in idx:
            v = x[i]
            out[i] = (v.real**2 + v.imag**2) if isinstance(v, mpmath.mpc) else v * v
        return out

    def __repr__(self) -> str:
        return f"SquaredModulus({self._idx_repr()})"


class BallProjection:
    """Gated map (x₀, X, Y) ↦ (0, f(x₀)X, Y), f(t) = min(1, t^{-1/2}) (SI §1.2.1, form (ii)).

    x₀ is entry ``gate`` of the layer, X the ``size`` entries after it, Y the rest. When
    x₀ = ‖X‖² this is the projection of X onto the closed unit ℓ²-ball. The exact backend keeps
    it exact: identity if x₀ ≤ 1, else multiplication by the exact 1/√x₀.
    """

    lipschitz = math.inf  # in x₀; it is 1-Lipschitz in X once x₀ = ‖X‖²

    def __init__(self, size: int, gate: int = 0, sqrt_bits: int | None = None):
        from sci_oracle.core.validation import check_int

        self.size = check_int("size", size, min_value=1)
        self.gate = check_int("gate", gate, min_value=0)
        self.sqrt_bits = (
            None if sqrt_bits is None else check_int("sqrt_bits", sqrt_bits, min_value=1, max_value=1 << 16)
        )

    def span(self) -> slice:
        return slice(self.gate + 1, self.gate + 1 + self.size)

    def apply(self, x: np.ndarray, backend: str) -> np.ndarray:
        if self.gate + self.size >= len(x):
            raise InvalidArgument(
                f"BallProjection(size={self.size}, gate={self.gate}) needs a layer of width >= "
                f"{self.gate + self.size + 1}, got {len(x)}"
            )
        out: np.ndarray = x.copy()
        t = x[self.gate]
        sl = self.span()
        if backend == "float64":
            t = float(np.real(t))
            if t > 1.0:
                out[sl] = x[sl] / math.sqrt(t)
            out[self.gate] = 0.0
            return out
        if backend == "exact":
            if sign(t - 1) > 0:
                inv = exact_inverse_sqrt(t, self.sqrt_bits)
                out[sl] = [inv * v for v in x[sl]]
            out[self.gate] = Fraction(0)
            return out
        t = mpmath.re(t)
        if t > 1:
            inv = 1 / mpmath.sqrt(t)
            out[sl] = [inv * v for v in x[sl]]
        out[self.gate] = mpmath.mpf(0)
        return out

    def __repr__(self) -> str:
        bits = "" if self.sqrt_bits is None else f", sqrt_bits={self.sqrt_bits}"
        return f"BallProjection(size={self.size}, gate={self.gate}{bits})"


def exact_inverse_sqrt(t: Any, sqrt_bits: int | None = None) -> Any:
    """t^{-1/2} for an exact t > 0: the exact surd if ``sqrt_bits`` is None, else the dyadic
    ⌊2^b/√t⌋/2^b (a rational within 2^-b below t^{-1/2}; exact integer arithmetic for rational t)."""
    if sqrt_bits is None:
        return inverse(sqrt(t))
    if isinstance(t, Fraction):
        # ⌊√x⌋ = isqrt(⌊x⌋) for x = 4^b/t ≥ 0
        return Fraction(math.isqrt((t.denominator << (2 * sqrt_bits)) // t.numerator), 1 << sqrt_bits)
    from sci_oracle.core.exact import dyadic_round

    return dyadic_round(inverse(sqrt(t)), sqrt_bits, rounding="floor")


_NONLINEAR = (_Entrywise, BallProjection)


# --------------------------------------------------------------------------- the network
class NeuralNetwork:
    """A feed-forward network: affine layers (with input skips) and non-linearities in between.

    The layer list starts and ends with :class:`Affine`; non-linearities may follow one another
    (each counts toward q of 𝒩_{D,T,q}, not toward T). ``widths`` is D = (m, out dims of the affine
    layers), ``n_affine_layers`` is T.
    """

    def __init__(self, layers: Sequence[Any]):
        layers = list(layers)
        if not layers or not isinstance(layers[0], Affine) or not isinstance(layers[-1], Affine):
            raise InvalidArgument("layers is invalid: it must be a non-empty list that starts and ends with an Affine")
        m = layers[0].in_dim
        width = m
        for k, layer in enumerate(layers):
            if isinstance(layer, Affine):
                if layer.in_dim != width:
                    raise InvalidArgument(
                        f"layers[{k}] takes width {layer.in_dim} but the previous layer outputs {width}"
                    )
                if layer.skip_dim is not None and layer.skip_dim != m:
                    raise InvalidArgument(
                        f"layers[{k}].R has {layer.skip_dim} columns: the skip connection needs the input width {m}"
                    )
                width = layer.out_dim
            elif not isinstance(layer, _NONLINEAR):
                raise InvalidArgument(
                    f"layers[{k}]={layer!r} is invalid: expected Affine or a non-linearity from sci_oracle.core.nn"
                )
        self.layers = layers

    @property
    def input_dim(self) -> int:
        return int(self.layers[0].in_dim)

    @property
    def output_dim(self) -> int:
        return int(self.layers[-1].out_dim)

    @property
    def widths(self) -> tuple[int, ...]:
        return (self.input_dim, *tuple(layer.out_dim for layer in self.layers if isinstance(layer, Affine)))

    @property
    def n_affine_layers(self) -> int:
        return sum(isinstance(layer, Affine) for layer in self.layers)

    @property
    def is_exact(self) -> bool:
        return all(layer.is_exact for layer in self.layers if isinstance(layer, Affine))

    # ---------------------------------------------------------------- evaluation
    def _input(self, y: Any, backend: str) -> np.ndarray:
        m = self.input_dim
        if backend == "exact":
            arr = np.asarray(y, dtype=object) if not isinstance(y, np.ndarray) else y
            if arr.shape != (m,):
                raise InvalidArgument(f"y has shape {arr.shape}: expected ({m},)")
            out = np.empty(m, dtype=object)
            out[:] = [to_exact(v, name=f"y[{i}]") for i, v in enumerate(arr)]
            return out
        arr = _as_array("y", y, 1)
        if arr.shape != (m,):
            raise InvalidArgument(f"y has shape {arr.shape}: expected ({m},)")
        return _convert(arr, backend)

    def evaluate(self, y: Any, backend: str = "float64", prec_bits: int = 53) -> np.ndarray:
        """φ(y) with the chosen backend ("exact", "mpmath" at ``prec_bits``, "float64")."""
        from sci_oracle.core.validation import check_choice, check_int

        check_choice("backend", backend, BACKENDS)
        if backend == "exact" and not self.is_exact:
            raise InvalidArgument(
                "backend='exact' is invalid for this network: some weights are floats; build it with "
                "Fraction weights or use backend='mpmath'/'float64'"
            )
        if backend == "mpmath":
            check_int("prec_bits", prec_bits, min_value=2, max_value=1 << 24)
            with precision(prec_bits):
                return self._forward(self._input(y, backend), backend, prec_bits)[0]
        return self._forward(self._input(y, backend), backend, None)[0]

    __call__ = evaluate

    def _forward(
        self, y: np.ndarray, backend: str, prec_bits: int | None, tape: bool = False
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        x = y
        saved: list[np.ndarray] = []
        for layer in self.layers:
            if tape:
                saved.append(x)
            x = layer.apply(x, y, backend, prec_bits) if isinstance(layer, Affine) else layer.apply(x, backend)
        return x, saved

    def vjp(self, y: Any, cotangent: Any) -> tuple[np.ndarray, np.ndarray | None]:
        """(φ(y), Jᵀv): reverse-mode vector–Jacobian product in float64, real data only
        (``cotangent=None`` returns (φ(y), None)).

        Derivatives of the non-smooth maps use the a.e. derivative (soft-threshold: 1 where
        |u| > s; ReLU: 1 where u > 0).
        """
        y = self._input(y, "float64")
        if np.iscomplexobj(y):
            raise InvalidArgument("y is complex: vjp supports real data only")
        if cotangent is None:  # forward only: lets callers ask for φ(y) through the same protocol
            return self._forward(y, "float64", None)[0], None
        out, saved = self._forward(y, "float64", None, tape=True)
        g = np.asarray(cotangent, dtype=float)
        if g.shape != out.shape:
            raise InvalidArgument(f"cotangent has shape {g.shape}: expected {out.shape}")
        gy = np.zeros_like(y, dtype=float)
        for layer, x in zip(reversed(self.layers), reversed(saved), strict=True):
            if isinstance(layer, Affine):
                W, _, R = layer._arrays("float64")
                if R is not None:
                    gy += R.T @ g
                g = W.T @ g
            elif isinstance(layer, ReLU):
                idx = layer.idx(len(x))
                g = g.copy()
                g[idx] *= x[idx] > 0
            elif isinstance(layer, SoftThreshold):
                idx = layer.idx(len(x))
                g = g.copy()
                g[idx] *= np.abs(x[idx]) > layer._th(len(idx), "float64")
            elif isinstance(layer, SquaredModulus):
                idx = layer.idx(len(x))
                g = g.copy()
                g[idx] *= 2 * x[idx]
            elif isinstance(layer, BallProjection):
                t = float(x[layer.gate])
                sl = layer.span()
                g = g.copy()
                g[layer.gate] = 0.0
                if t > 1.0:
                    # d/dX f(t)X = f(t); d/dt f(t)X = -t^{-3/2}/2 · X
                    g[layer.gate] = -0.5 * t**-1.5 * float(g[sl] @ x[sl])
                    g[sl] = g[sl] / math.sqrt(t)
            else:  # pragma: no cover
                raise AssertionError(layer)
        return out, g + gy

    def lipschitz_upper_bound(self) -> float | None:
        """An upper bound on the ℓ²-Lipschitz constant of y ↦ φ(y), via L_k ≤ ‖W_k‖₂ L_{k−1} + ‖R_k‖₂.

        Spectral norms are computed in float64 (an estimate, not a certified bound). Returns None
        when the network contains a map that is not globally Lipschitz (SquaredModulus,
        BallProjection), e.g. FIRENETs, whose stability is shown by :mod:`sci_oracle.pnas.stability`.
        """
        if any(getattr(layer, "lipschitz", 1.0) == math.inf for layer in self.layers if not isinstance(layer, Affine)):
            return None
        L = 1.0
        for layer in self.layers:
            if isinstance(layer, Affine):
                W, _, R = layer._arrays("float64")
                L = np.linalg.norm(W, 2) * L + (np.linalg.norm(R, 2) if R is not None else 0.0)
        return float(L)

    def __repr__(self) -> str:
        arch = (
            f"{len(self.layers)} layers" if len(self.layers) > 12 else " -> ".join(repr(layer) for layer in self.layers)
        )
        w = self.widths
        wtxt = str(w) if len(w) <= 10 else f"({w[0]}, {w[1]}, {w[2]}, {w[3]}, ..., {w[-1]})"
        return f"NeuralNetwork(T={self.n_affine_layers}, widths={wtxt}, {arch})"
