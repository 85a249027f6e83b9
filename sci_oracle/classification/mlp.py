"""A small numpy ReLU MLP trainer (full-batch Adam, sigmoid cross-entropy) for the demos.

Private: the classification demos train fixed architectures with it; the trained float weights are
then turned into exact rationals (binary64 → QQ is exact) and every verdict is decided on those.
Inputs are standardised for training and the standardisation is folded back into the first layer
exactly, so the exact network acts on the original coordinates.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from sci_oracle.classification.pieces import Layers


@dataclass
class TrainedMLP:
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    mean: np.ndarray
    std: np.ndarray
    steps: int
    history: list[float] = field(default_factory=list)  # training accuracy every `record` steps

    def logits(self, X: np.ndarray) -> np.ndarray:
        a = (X - self.mean) / self.std
        for i, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            a = a @ W.T + b
            if i < len(self.weights) - 1:
                a = np.maximum(a, 0.0)
        return a[:, 0]

    def exact(self) -> Layers:
        """Exact layers on the original inputs whose decision 1[φ ≥ 1/2] equals 1[logit ≥ 0]."""
        mean = [Fraction(float(m)) for m in self.mean]
        std = [Fraction(float(s)) for s in self.std]
        layers: Layers = []
        for i, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            Wq = [[Fraction(float(w)) for w in row] for row in W]
            bq = [Fraction(float(v)) for v in b]
            if i == 0:  # fold (x − mean)/std into the first layer, exactly
                bq = [
                    bi - sum(w * m / s for w, m, s in zip(row, mean, std, strict=True))
                    for row, bi in zip(Wq, bq, strict=True)
                ]
                Wq = [[w / s for w, s in zip(row, std, strict=True)] for row in Wq]
            layers.append((Wq, bq))
        W, b = layers[-1]
        layers[-1] = (W, [b[0] + Fraction(1, 2)])  # logit ≥ 0  ⇔  logit + 1/2 ≥ 1/2
        return layers


def train_mlp(
    X: np.ndarray,
    y: np.ndarray,
    widths: list[int],
    *,
    steps: int,
    lr: float,
    rng: np.random.Generator,
    record: int = 0,
    stop_at: float | None = None,
) -> TrainedMLP:
    """Train a ReLU MLP [d, *widths, 1] by full-batch Adam on sigmoid cross-entropy.

    ``record > 0`` stores the training accuracy every ``record`` steps; ``stop_at`` stops as soon
    as the recorded training accuracy reaches it (used to count steps to learn a rule).
    """
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    Z = (X - mean) / std
    dims = [X.shape[1], *widths, 1]
    Ws = [rng.standard_normal((o, i)) * np.sqrt(2.0 / i) for i, o in itertools.pairwise(dims)]
    bs = [np.zeros(o) for o in dims[1:]]
    params = Ws + bs
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    b1, b2, eps = 0.9, 0.999, 1e-8
    n = len(y)
    out = TrainedMLP(Ws, bs, mean, std, 0)
    for step in range(1, steps + 1):
        acts = [Z]
        for i, (W, b) in enumerate(zip(Ws, bs, strict=True)):
            a = acts[-1] @ W.T + b
            acts.append(np.maximum(a, 0.0) if i < len(Ws) - 1 else a)
        z = acts[-1][:, 0]
        if record and (step - 1) % record == 0:
            acc = float(np.mean((z >= 0) == (y == 1)))
            out.history.append(acc)
            if stop_at is not None and acc >= stop_at:
                out.steps = step - 1
                return out
        g = (1.0 / (1.0 + np.exp(-z)) - y)[:, None] / n  # d(mean BCE)/d logit
        gW, gb = [None] * len(Ws), [None] * len(Ws)
        for i in range(len(Ws) - 1, -1, -1):
            gW[i] = g.T @ acts[i]
            gb[i] = g.sum(axis=0)
            if i:
                g = (g @ Ws[i]) * (acts[i] > 0)
        for k, (p, gp) in enumerate(zip(params, gW + gb, strict=True)):
            m[k] = b1 * m[k] + (1 - b1) * gp
            v[k] = b2 * v[k] + (1 - b2) * gp * gp
            p -= lr * (m[k] / (1 - b1**step)) / (np.sqrt(v[k] / (1 - b2**step)) + eps)
    out.steps = steps
    if record:
        out.history.append(float(np.mean((out.logits(X) >= 0) == (y == 1))))
    return out
