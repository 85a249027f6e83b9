"""False structures at the paper's size, in PyTorch (the ``[torch]`` extra).

Thesing–Antun–Hansen [1]_, §3, run two experiments whose paper-sized versions are too slow for
numpy and CI; this module runs them in PyTorch, float64 as in the authors' code:

* **B2, the stripe experiment, with the CNN** (:func:`conv3_net`, :func:`stripe_bin_table`):
  conv 5×5×24 + ReLU → max-pool 2 → conv 5×5×48 + ReLU → max-pool 2 → dense 10 (linear) →
  dense 1, sigmoid cross-entropy, Adam, 10 epochs of one batch of all 60 training images
  (n = 32, stripe width 3, a = 0.01), i.e. 10 optimiser steps; then 1000 fresh test images per bin
  a ∈ [k·10^-j, (k+1)·10^-j), j ∈ {2, 3}, k = 9…1, scored on the true orientation and on the
  colour-flipped set. The paper describes the layers; padding ('valid', the Keras default) and the
  initialisation (PyTorch's default) are the project's choices. ``generator='paper'`` draws the
  label-0 training stripes along rows as the public code does (see
  :func:`sci_oracle.classification.false_structures.stripe_images`), ``'corrected'`` draws real
  vertical stripes.
* **B1, the planted feature at the paper's size** (:func:`planted_feature_torch`): f = ⌈20/x₁⌉ mod 2
  on 7 stripes (K = 26, ε = 10⁻²), x₂ = δ·f(x) with δ = 10⁻⁴, one hidden layer of width 104,
  sigmoid cross-entropy, Adam, batch 50, 5000 training points; the paper trains 30 000 epochs
  (about 3·10⁶ steps), which the caller may shorten with ``epochs``.

Every figure here is a float64 training measurement: scope ``measured``, never a certified claim.
The paper's per-bin numbers were not available to the project, so the tables are reported as run,
with the expected pattern (≈ 100 % true, low flipped accuracy when the offset is the learnt cue).

References
----------
.. [1] S. Thesing, V. Antun, A. C. Hansen, "What do AI algorithms actually learn? On false
   structures in deep learning", arXiv:1906.01478 (2019), §3; code: github.com/vegarant/false_structures.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.classification.false_structures import GENERATORS, _random_images, stripe_images
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.validation import check_choice, check_int

__all__ = ["BinTable", "PlantedTorchResult", "conv3_net", "planted_feature_torch", "stripe_bin_table"]

BINS = tuple((k * 10.0**-j, (k + 1) * 10.0**-j) for j in (2, 3) for k in range(9, 0, -1))


def _torch() -> Any:
    try:
        import torch
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidArgument(
            "torch is not installed: the paper-sized false-structure runs need the [torch] extra "
            "(pip install 'sci_oracle[torch]')"
        ) from None
    return torch


def conv3_net(n: int = 32, *, seed: int = 0) -> Any:
    """The stripe experiment's CNN for n×n one-channel images, float64, seeded initialisation."""
    n = check_int("n", n, min_value=16, max_value=1024)
    torch = _torch()
    nn = torch.nn
    torch.manual_seed(check_int("seed", seed, min_value=0))
    side = ((n - 4) // 2 - 4) // 2  # two 'valid' 5×5 convolutions, each followed by a 2×2 pool
    return nn.Sequential(
        nn.Conv2d(1, 24, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(24, 48, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(48 * side * side, 10),
        nn.Linear(10, 1),
    ).double()


@dataclass
class BinTable:
    """Per-bin accuracy of one trained CNN (measured, float64)."""

    generator: str
    seed: int
    train_accuracy: float
    rows: list[dict[str, Any]] = field(default_factory=list)  # {"a_lo", "a_hi", "true", "flipped"}
    steps: int = 0
    seconds: float = 0.0
    scope: str = "measured"

    def render(self) -> str:
        lines = [
            f"stripe experiment, CNN, generator={self.generator!r}, seed {self.seed}, {self.steps} Adam steps, "
            f"train accuracy {self.train_accuracy:.3f} (measured, float64)",
            "  a in            true acc   flipped acc",
        ]
        for r in self.rows:
            lines.append(f"  [{r['a_lo']:.3f}, {r['a_hi']:.3f})  {r['true']:8.3f}   {r['flipped']:11.3f}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "generator": self.generator,
            "seed": self.seed,
            "train_accuracy": self.train_accuracy,
            "steps": self.steps,
            "rows": self.rows,
            "scope": self.scope,
            "seconds": round(self.seconds, 2),
        }


def stripe_bin_table(
    generator: str = "paper",
    *,
    seed: int = 0,
    n: int = 32,
    w: int = 3,
    a: Any = Fraction(1, 100),
    epochs: int = 10,
    lr: float = 1e-3,
    per_bin: int = 1000,
    bins: tuple[tuple[float, float], ...] = BINS,
) -> BinTable:
    """Train :func:`conv3_net` on the 2(n − w + 1) training images (one full batch per epoch) and
    score 1000 fresh images per a-bin, true and colour-flipped (paper: 10 epochs, 1000 per bin)."""
    check_choice("generator", generator, GENERATORS)
    epochs = check_int("epochs", epochs, min_value=1, max_value=10**6)
    per_bin = check_int("per_bin", per_bin, min_value=1, max_value=10**6)
    if not (isinstance(lr, float) and lr > 0):
        raise InvalidArgument(f"lr={lr!r} is invalid: expected a float > 0")
    torch = _torch()
    t0 = time.perf_counter()
    imgs, labels = stripe_images(n, w, a, generator=generator)
    X = torch.tensor([[[float(v) for v in row] for row in im] for im in imgs], dtype=torch.float64)[:, None]
    y = torch.tensor(labels, dtype=torch.float64)[:, None]
    net = conv3_net(n, seed=seed)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        opt.zero_grad()
        loss_fn(net(X), y).backward()
        opt.step()

    def accuracy(Xn: np.ndarray, yn: np.ndarray) -> float:
        with torch.no_grad():
            logits = net(torch.tensor(Xn.reshape(-1, 1, n, n), dtype=torch.float64))[:, 0].numpy()
        return float(np.mean((logits >= 0) == (yn == 1)))

    rng = np.random.default_rng([seed, 16])
    table = BinTable(generator, seed, accuracy(X.numpy(), y.numpy()[:, 0]), steps=epochs)
    for lo, hi in bins:
        Xt, yt = _random_images(rng, per_bin, n, w, lo, hi, False)
        Xf, yf = _random_images(rng, per_bin, n, w, lo, hi, True)
        table.rows.append({"a_lo": lo, "a_hi": hi, "true": accuracy(Xt, yt), "flipped": accuracy(Xf, yf)})
    table.seconds = time.perf_counter() - t0
    return table


@dataclass
class PlantedTorchResult:
    """B1 at the paper's size (measured, float64): accuracies with and without the feature x₂."""

    delta: float
    width: int
    epochs: int
    steps: int
    train_accuracy: float
    shifted_accuracy: float  # the same points with x₂ = 0: a shift of size ≤ δ < ε that keeps every label
    class0_share: float  # what a constant-0 output scores after the shift
    seconds: float
    scope: str = "measured"


def planted_feature_torch(
    *,
    seed: int = 0,
    r: int = 5000,
    delta: float = 1e-4,
    width: int = 104,
    epochs: int = 30000,
    batch: int = 50,
    lr: float = 1e-3,
    a: int = 20,
    K: int = 26,
    margin: Fraction = Fraction(1, 100),
    standardise: bool = False,
) -> PlantedTorchResult:
    """The "second_comp" run 030: r points, 'interval' sampling on ⌈a/x₁⌉ mod 2, x₂ = δ·f(x), a
    [2, width, 1] ReLU net, sigmoid cross-entropy, Adam (batch ``batch``, shuffled), ``epochs`` epochs.

    Without ``standardise`` (the paper's raw inputs) a feature of size δ = 10⁻⁴ needs first-layer
    weights ~10⁴, which Adam at lr 10⁻³ reaches only after ~10⁵–10⁶ steps: a run shortened to a few
    thousand steps still predicts the majority class. ``standardise=True`` rescales both inputs by the
    training mean and standard deviation (the shifted points with the same affine map), which makes
    the planted feature learnable in a few epochs; the shift x₂ → 0 is still of size ≤ δ < ε in the
    original coordinates."""
    from sci_oracle.families.stripes import InverseStripeFamily

    torch = _torch()
    r = check_int("r", r, min_value=2, max_value=10**7)
    epochs = check_int("epochs", epochs, min_value=1, max_value=10**6)
    batch = check_int("batch", batch, min_value=1, max_value=r)
    width = check_int("width", width, min_value=1, max_value=1 << 16)
    if not 0 < delta < float(margin):
        raise InvalidArgument(f"delta={delta!r} is invalid: the planted feature needs 0 < delta < margin = {margin}")
    t0 = time.perf_counter()
    fam = InverseStripeFamily(a=a, K=K, margin=margin)
    s = fam.sample(r, rng=np.random.default_rng(seed), law="interval")
    x1 = np.array([float(p[0]) for p in s.points])
    lab = np.array(s.labels, dtype=float)
    raw = np.stack([x1, delta * lab], axis=1)
    shifted_raw = np.stack([x1, np.zeros_like(x1)], axis=1)
    mu, sd = (raw.mean(axis=0), raw.std(axis=0)) if standardise else (np.zeros(2), np.ones(2))
    X = torch.tensor((raw - mu) / sd, dtype=torch.float64)
    Xs = torch.tensor((shifted_raw - mu) / sd, dtype=torch.float64)
    y = torch.tensor(lab[:, None], dtype=torch.float64)
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(2, width), torch.nn.ReLU(), torch.nn.Linear(width, 1)).double()
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(seed)
    steps = 0
    for _ in range(epochs):
        perm = torch.randperm(r, generator=gen)
        for i in range(0, r, batch):
            idx = perm[i : i + batch]
            opt.zero_grad()
            loss_fn(net(X[idx]), y[idx]).backward()
            opt.step()
            steps += 1
    with torch.no_grad():
        train = float(((net(X)[:, 0] >= 0).double() == y[:, 0]).double().mean())
        shifted = float(((net(Xs)[:, 0] >= 0).double() == y[:, 0]).double().mean())
    return PlantedTorchResult(
        delta, width, epochs, steps, train, shifted, float(1 - lab.mean()), time.perf_counter() - t0
    )
