"""Worst-case perturbation search: how much can a small change of the measurements move the output?

The attack of Antun et al. (PNAS 2020), used in Colbrook–Antun–Hansen (PNAS 2022, §"FIRENETs",
Fig. 3) on AUTOMAP and on FIRENET: gradient ascent with momentum on

    Q(e) = ½‖φ(y+e) − φ(y)‖² − (λ/2)‖e‖²,

optionally projected onto the ball ‖e‖ ≤ radius, so that output change can be plotted against
perturbation size. Gradients come from :meth:`sci_oracle.core.nn.NeuralNetwork.vjp` (numpy, explicit
reverse mode) or from any ``vjp(y, v) -> (φ(y), Jᵀv)`` callable, e.g. a PyTorch wrapper. Real
data only; ``vjp(y, None)`` must return (φ(y), None). Every random start takes a seed or Generator.

FIRENETs satisfy ‖φ(y+e) − φ(y)‖ ≤ C₂‖e‖ + 2·(accuracy term) (PNAS 2022 SI Thm 3), so the
ratio ‖Δφ‖/‖e‖ reported here is the quantity to compare with C₂; a trained network has no such bound.

References
----------
.. [1] V. Antun, F. Renna, C. Poon, B. Adcock, A. C. Hansen, "On instabilities of deep learning in
   image reconstruction and the potential costs of AI", PNAS 117(48) (2020).
.. [2] M. J. Colbrook, V. Antun, A. C. Hansen, PNAS 119(12) e2107151119 (2022), SI Thm 3.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.validation import check_int

__all__ = [
    "Perturbation",
    "exact_copy",
    "lipschitz_lower_bound",
    "stability_curve",
    "torch_vjp",
    "worst_case_perturbation",
]

VJP = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass
class Perturbation:
    """The worst perturbation found: ``e``, ‖e‖, ‖φ(y+e) − φ(y)‖ and their ratio."""

    e: np.ndarray
    perturbation_norm: float
    output_change: float
    steps: int
    history: list[float] = field(default_factory=list, repr=False)

    @property
    def ratio(self) -> float:
        return self.output_change / self.perturbation_norm if self.perturbation_norm > 0 else 0.0

    def __repr__(self) -> str:
        return (
            f"Perturbation(‖e‖={self.perturbation_norm:.4g}, ‖Δφ‖={self.output_change:.4g}, "
            f"ratio={self.ratio:.4g}, steps={self.steps})"
        )


def _as_vjp(phi: Any) -> VJP:
    if hasattr(phi, "vjp"):
        return phi.vjp
    if callable(phi):
        return phi
    raise InvalidArgument(f"phi={phi!r} is invalid: pass a NeuralNetwork or a vjp(y, v) -> (phi(y), J^T v) callable")


def worst_case_perturbation(
    phi: Any,
    y: Any,
    *,
    lam: float = 0.0,
    radius: float | None = None,
    steps: int = 200,
    lr: float = 0.1,
    momentum: float = 0.9,
    restarts: int = 1,
    seed: int | np.random.Generator = 0,
) -> Perturbation:
    """Gradient ascent on ½‖φ(y+e) − φ(y)‖² − (λ/2)‖e‖², projected onto ‖e‖ ≤ radius if given.

    ``phi`` is a :class:`NeuralNetwork` (its float64 :meth:`vjp` is used) or a vjp callable.
    ``lr`` is relative: each step moves e by lr·radius (or lr·‖y‖) along the normalised
    gradient. Returns the best perturbation over ``restarts`` random starts.
    """
    vjp = _as_vjp(phi)
    steps = check_int("steps", steps, min_value=1)
    restarts = check_int("restarts", restarts, min_value=1)
    y = np.asarray(y, dtype=float)
    if y.ndim != 1 or not np.all(np.isfinite(y)):
        raise InvalidArgument("y is invalid: expected a finite real 1-D vector")
    if radius is None and lam <= 0:
        raise InvalidArgument("lam=0 and radius=None is invalid: give a penalty lam > 0 or a radius > 0")
    if radius is not None and not radius > 0:
        raise InvalidArgument(f"radius={radius!r} is invalid: radius must be > 0")
    if not 0 <= momentum < 1:
        raise InvalidArgument(f"momentum={momentum!r} is invalid: momentum must lie in [0, 1)")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    scale = radius if radius is not None else max(np.linalg.norm(y), 1.0)
    base = vjp(y, None)[0]
    best: Perturbation | None = None
    for _ in range(restarts):
        e = rng.standard_normal(len(y))
        e *= 0.1 * scale / np.linalg.norm(e)
        v = np.zeros_like(e)
        hist = []
        for _ in range(steps):
            d = vjp(y + e, None)[0] - base
            _, g = vjp(y + e, d)  # ∇ of ½‖φ(y+e) − φ(y)‖²
            g = g - lam * e
            gn = np.linalg.norm(g)
            if gn == 0:
                break
            v = momentum * v + g / gn
            e = e + lr * scale * v / max(np.linalg.norm(v), 1e-300)
            if radius is not None and np.linalg.norm(e) > radius:
                e *= radius / np.linalg.norm(e)
            hist.append(float(np.linalg.norm(d)))
        change = float(np.linalg.norm(vjp(y + e, None)[0] - base))
        cand = Perturbation(e, float(np.linalg.norm(e)), change, steps, hist)
        if (
            best is None
            or cand.output_change - lam * cand.perturbation_norm > best.output_change - lam * best.perturbation_norm
        ):
            best = cand
    assert best is not None
    return best


def stability_curve(
    phi: Any,
    y: Any,
    radii: Sequence[float],
    *,
    steps: int = 100,
    lr: float = 0.1,
    seed: int | np.random.Generator = 0,
) -> list[Perturbation]:
    """Worst perturbation found inside each ball ‖e‖ ≤ r, for r in ``radii``: output change vs size."""
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return [worst_case_perturbation(phi, y, radius=r, steps=steps, lr=lr, seed=rng) for r in radii]


def exact_copy(network: Any) -> Any:
    """The same :class:`NeuralNetwork` with every binary64 weight, bias and threshold taken as the exact
    rational it is (real networks only), so that ``evaluate(..., backend="exact")`` computes the real
    map of the trained float network without rounding."""
    from fractions import Fraction

    from sci_oracle.core.nn import Affine, NeuralNetwork, ReLU, SoftThreshold

    def q(a: Any) -> Any:
        if a is None:
            return None
        arr = np.asarray(a)
        if arr.dtype == object:
            return arr
        if np.iscomplexobj(arr) or not np.all(np.isfinite(arr)):
            raise InvalidArgument("network is invalid for exact_copy: weights must be finite and real")
        return np.vectorize(lambda v: Fraction(float(v)), otypes=[object])(arr)

    layers = []
    for layer in network.layers:
        if isinstance(layer, Affine):
            layers.append(Affine(q(layer.W), q(layer.b), q(layer.R)))
        elif isinstance(layer, SoftThreshold):
            layers.append(SoftThreshold(q(layer.thresholds), indices=layer.indices))
        elif isinstance(layer, ReLU):
            layers.append(layer)
        else:
            raise InvalidArgument(f"layer {layer!r} is invalid for exact_copy: only Affine, SoftThreshold and ReLU")
    return NeuralNetwork(layers)


def lipschitz_lower_bound(network: Any, y1: Any, y2: Any) -> Any:
    """Exact ‖φ(y₁) − φ(y₂)‖² / ‖y₁ − y₂‖² for the network's exact real map (see :func:`exact_copy`):
    its square root is a certified lower bound on the Lipschitz constant of φ. ``y1``, ``y2`` are
    taken as the exact rationals their binary64 entries are."""
    from fractions import Fraction

    from sci_oracle.core.exact import sqnorm

    net = network if network.is_exact else exact_copy(network)
    a = [Fraction(float(v)) for v in np.asarray(y1, dtype=float)]
    b = [Fraction(float(v)) for v in np.asarray(y2, dtype=float)]
    dy2 = sqnorm([s - t for s, t in zip(a, b, strict=True)])
    if dy2 == 0:
        raise InvalidArgument("y1 and y2 are equal: they must differ for a Lipschitz quotient")
    fa, fb = net.evaluate(a, backend="exact"), net.evaluate(b, backend="exact")
    return sqnorm([s - t for s, t in zip(fa, fb, strict=True)]) / dy2


def torch_vjp(module: Any) -> VJP:  # pragma: no cover - needs the [torch] extra
    """Wrap a ``torch.nn.Module`` (float64, real) as a vjp callable for the search above."""
    import torch

    def vjp(y: np.ndarray, v: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        yt = torch.tensor(y, dtype=torch.float64, requires_grad=True)
        out = module(yt)
        if v is None:
            return out.detach().numpy(), np.zeros_like(y)
        (g,) = torch.autograd.grad(out, yt, torch.tensor(v, dtype=torch.float64))
        return out.detach().numpy(), g.numpy()

    return vjp
