"""False structures: networks learn a simpler, unstable feature that correlates with the true one.

Thesing–Antun–Hansen, "What do AI algorithms actually learn? On false structures in deep
learning" [1]_, Conjecture 1.1 (success, instability, simplicity) and the experiments of §3,
scaled to seconds on 2 cores (the paper-sized settings are documented on each function):

* **B1** :func:`planted_feature_experiment` — f_a(x) = ⌈a/x₁⌉ mod 2 with the planted feature
  x₂ = δ·f(x) (the "second_comp" experiment). Scores, on test data where the false rule
  g(x) = 1[x₂ ≥ δ/2] and f disagree, how often the trained network follows each; decisions are
  computed exactly on the network's rational weights (test points lie on the lines x₂ ∈ {0, δ},
  so each line's exact pieces give every decision).
* **B2** :func:`stripe_image_experiment` — 32×32 stripe images: horizontal (label 1) on a −a
  background vs vertical (label 0) on +a. ``generator='paper'`` reproduces the public code, whose
  training generator draws *both* classes as rows (so the offset ±a is the only training cue; this
  is certified exactly); ``generator='corrected'`` draws real vertical stripes.
* **B3** :func:`steps_to_learn` — optimiser steps to 99 % training accuracy from the false
  feature alone (x₁ shuffled) vs the true feature alone (x₂ = 0), read from the float64 loop;
  :func:`exact_training_accuracy` decides the accuracy after a given step count exactly.

Only robust statements are asserted (see the tests): B1's instability and preference for the
false rule; B2's exact data facts; B3 as a rate over seeds.

References
----------
.. [1] S. Thesing, V. Antun, A. C. Hansen, "What do AI algorithms actually learn? On false
   structures in deep learning", arXiv:1906.01478 (2019), Conjecture 1.1 and §3; code:
   github.com/vegarant/false_structures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.classification.mlp import train_mlp
from sci_oracle.classification.pieces import HALF, decide, line_pieces
from sci_oracle.core.exact import check_positive_rational
from sci_oracle.core.validation import check_choice, check_int
from sci_oracle.families.stripes import InverseStripeFamily

__all__ = [
    "GENERATORS",
    "PlantedResult",
    "StripeImageResult",
    "exact_training_accuracy",
    "planted_feature_experiment",
    "steps_to_learn",
    "stripe_image_experiment",
    "stripe_images",
]

GENERATORS = ("paper", "corrected")


@dataclass
class PlantedResult:
    """B1 scores (exact decision counts on the trained net's rational weights)."""

    delta: Fraction | None
    train_accuracy: Fraction
    shifted_accuracy: Fraction  # on the training points moved to x₂ = 0 (‖η‖∞ ≤ δ)
    follows_false: Fraction | None  # on test points where g ≠ f: fraction with d = g
    follows_true: Fraction | None  # ... with d = f (the two sum to 1)
    n_disagree: int
    seconds: float = 0.0


def _decisions_on_lines(layers, points: Sequence[tuple[Fraction, Fraction]]) -> list[int]:
    """Exact decisions d = 1[φ ≥ 1/2], one exact line_pieces per distinct x₂ (fast for stripe data)."""
    cache = {}
    out = []
    for x1, x2 in points:
        if x2 not in cache:
            cache[x2] = line_pieces(layers, (0, x2), (1, 0))
        out.append(decide(cache[x2].value(x1), HALF))
    return out


def planted_feature_experiment(
    *,
    seed: int = 0,
    delta: Any = Fraction(1, 200),
    r: int = 700,
    widths: Sequence[int] = (32, 32),
    steps: int = 2000,
    lr: float = 3e-3,
    family: InverseStripeFamily | None = None,
    n_test: int = 700,
) -> PlantedResult:
    """B1: train on x = (x₁, δ·f(x₁)) and score what the net learned, exactly.

    ``delta=None`` runs the control (x₂ = 0). The decoupled test set draws x₂ = δ·coin independent
    of the label, so g = 1[x₂ ≥ δ/2] and f disagree on about half of it. Paper-sized option:
    ``delta=Fraction(1, 10**4), r=5000, widths=(104,), steps=30000 epochs`` (hours, not seconds).
    """
    import time

    t0 = time.perf_counter()
    fam = family or InverseStripeFamily(a=20, K=26, margin=Fraction(1, 100))
    d = None if delta is None else check_positive_rational("delta", delta)
    rng = np.random.default_rng(seed)
    s = fam.sample(check_int("r", r, min_value=2), rng=rng, law="interval", delta=d)
    X, y = s.as_arrays()
    layers = train_mlp(X, y, list(widths), steps=check_int("steps", steps, min_value=1), lr=lr, rng=rng).exact()
    return PlantedResult(d, *score_planted(layers, s, fam, d, rng, n_test), time.perf_counter() - t0)


def score_planted(
    layers: Any, s: Any, fam: InverseStripeFamily, d: Fraction | None, rng: np.random.Generator, n_test: int
) -> tuple[Fraction, Fraction, Fraction | None, Fraction | None, int]:
    """B1's exact scores of a trained net (exact layers, decision 1[φ ≥ 1/2]) on its training sample
    ``s``: training accuracy, accuracy after the shift x₂ → 0, and on ``n_test`` decoupled points
    (x₂ = δ·coin, independent of the label) where g = 1[x₂ ≥ δ/2] ≠ f, the fractions following g and f."""
    dec = _decisions_on_lines(layers, s.points)
    train_acc = Fraction(sum(a == b for a, b in zip(dec, s.labels, strict=True)), len(s))
    shifted, _ = s.shifted()
    dec0 = _decisions_on_lines(layers, shifted)
    shifted_acc = Fraction(sum(a == b for a, b in zip(dec0, s.labels, strict=True)), len(s))
    ff = ft = None
    nd = 0
    if d is not None:
        test = fam.sample(check_int("n_test", n_test, min_value=2), rng=rng, law="uniform")
        coins = rng.integers(0, 2, size=len(test))
        pts = [(x1, d * int(c)) for (x1, _), c in zip(test.points, coins, strict=True)]
        g = [int(c) for c in coins]
        dis = [i for i in range(len(pts)) if g[i] != test.labels[i]]
        dt = _decisions_on_lines(layers, [pts[i] for i in dis])
        nd = len(dis)
        if nd:
            ff = Fraction(sum(dt[j] == g[i] for j, i in enumerate(dis)), nd)
            ft = 1 - ff
    return train_acc, shifted_acc, ff, ft, nd


def steps_to_learn(
    rule: str,
    *,
    seed: int = 0,
    delta: Any = Fraction(1, 200),
    r: int = 500,
    widths: Sequence[int] = (32, 32),
    max_steps: int = 3000,
    lr: float = 3e-3,
    target: float = 0.99,
    every: int = 10,
) -> int | None:
    """B3: Adam steps until training accuracy ≥ ``target`` when only the ``rule`` is available.

    ``rule='false'``: x₂ = δ·f(x) with x₁ shuffled (so x₁ carries no label information);
    ``rule='true'``: x₂ = 0. Returns None if ``max_steps`` are not enough (read: ∞).
    """
    _, X, y, rng = _rule_data(rule, seed, delta, r)
    m = train_mlp(
        X,
        y,
        list(widths),
        steps=check_int("max_steps", max_steps, min_value=1),
        lr=lr,
        rng=rng,
        record=check_int("every", every, min_value=1),
        stop_at=target,
    )
    return m.steps if m.history and m.history[-1] >= target else None


def exact_training_accuracy(
    rule: str,
    steps: int,
    *,
    seed: int = 0,
    delta: Any = Fraction(1, 200),
    r: int = 500,
    widths: Sequence[int] = (32, 32),
    lr: float = 3e-3,
) -> Fraction:
    """B3, decided exactly: training accuracy of the network :func:`steps_to_learn` (same arguments) holds
    after ``steps`` Adam steps, from its exact rational weights at the exact sample points."""
    points, X, y, rng = _rule_data(rule, seed, delta, r)
    layers = train_mlp(X, y, list(widths), steps=check_int("steps", steps, min_value=0), lr=lr, rng=rng).exact()
    labels = [int(v) for v in y]
    return Fraction(
        sum(d == lab for d, lab in zip(_decisions_on_lines(layers, points), labels, strict=True)), len(labels)
    )


def _rule_data(rule: str, seed: int, delta: Any, r: int):
    """The B3 training set: exact points (x₁ shuffled for 'false'), their float64 copy, labels, the rng."""
    check_choice("rule", rule, ("false", "true"))
    fam = InverseStripeFamily(a=20, K=26, margin=Fraction(1, 100))
    rng = np.random.default_rng(seed)
    s = fam.sample(
        check_int("r", r, min_value=2),
        rng=rng,
        law="interval",
        delta=check_positive_rational("delta", delta) if rule == "false" else None,
    )
    X, y = s.as_arrays()
    points = list(s.points)
    if rule == "false":
        perm = rng.permutation(len(points))  # the same draw as rng.permutation(X[:, 0])
        X[:, 0] = X[perm, 0]
        points = [(s.points[j][0], x2) for j, (_, x2) in zip(perm, s.points, strict=True)]
    return points, X, y, rng


# --------------------------------------------------------------------------- B2 stripe images
def stripe_images(
    n: int = 32, w: int = 3, a: Any = Fraction(1, 100), *, generator: str = "corrected", flipped: bool = False
) -> tuple[list[list[list[Fraction]]], list[int]]:
    """All 2(n − w + 1) training images, exact: label 1 = horizontal stripe on −a, label 0 =
    vertical stripe on +a. ``generator='paper'`` draws the label-0 stripe along rows, as the
    public code's training generator does; ``flipped`` swaps the two backgrounds."""
    n = check_int("n", n, min_value=2, max_value=512)
    w = check_int("w", w, min_value=1, max_value=n)
    a = check_positive_rational("a", a)
    check_choice("generator", generator, GENERATORS)
    imgs, labels = [], []
    for label in (1, 0):
        off = (-a if label == 1 else a) * (-1 if flipped else 1)
        for i in range(n - w + 1):
            img = [[off] * n for _ in range(n)]
            rows_ = label == 1 or generator == "paper"
            for j in range(i, i + w):
                for k in range(n):
                    if rows_:
                        img[j][k] += 1
                    else:
                        img[k][j] += 1
            imgs.append(img)
            labels.append(label)
    return imgs, labels


def _random_images(rng, count, n, w, lo, hi, flipped):
    X = np.empty((count, n * n))
    y = rng.integers(0, 2, size=count)
    for t in range(count):
        a = rng.uniform(lo, hi)
        off = (-a if y[t] == 1 else a) * (-1 if flipped else 1)
        img = np.full((n, n), off)
        i = rng.integers(0, n - w + 1)
        if y[t] == 1:
            img[i : i + w, :] += 1
        else:
            img[:, i : i + w] += 1
        X[t] = img.ravel()
    return X, y.astype(float)


@dataclass
class StripeImageResult:
    generator: str
    train_accuracy: float
    test_accuracy: float
    flipped_accuracy: float
    offset_is_only_cue: bool  # exact: label-0 training images = label-1 images + 2a
    offset_flip_radius: Fraction  # ‖η‖∞ that flips the offset rule on every image: 2a


def stripe_image_experiment(
    generator: str = "corrected",
    *,
    seed: int = 0,
    n: int = 32,
    w: int = 3,
    a: Any = Fraction(1, 100),
    hidden: int = 64,
    steps: int = 300,
    lr: float = 1e-3,
    n_test: int = 500,
) -> StripeImageResult:
    """B2: train an MLP [n², hidden, 1] on the 60 training images; test on fresh images with
    a ~ U[0.001, 0.01] (true orientation) and on the colour-flipped set. The paper's network is a
    small CNN trained for 10 Adam steps; this MLP is the seconds-sized stand-in (float64 scores).
    """
    imgs, labels = stripe_images(n, w, a, generator=generator)
    a = Fraction(a)
    ones = {tuple(tuple(r) for r in im) for im, lab in zip(imgs, labels, strict=True) if lab == 1}
    zeros = [im for im, lab in zip(imgs, labels, strict=True) if lab == 0]
    only_offset = all(tuple(tuple(v - 2 * a for v in r) for r in im) in ones for im in zeros)
    X = np.array([[float(v) for r in im for v in r] for im in imgs])
    y = np.array(labels, dtype=float)
    rng = np.random.default_rng(seed)
    m = train_mlp(
        X, y, [check_int("hidden", hidden, min_value=1)], steps=check_int("steps", steps, min_value=1), lr=lr, rng=rng
    )
    acc = lambda X_, y_: float(np.mean((m.logits(X_) >= 0) == (y_ == 1)))  # noqa: E731
    Xt, yt = _random_images(rng, check_int("n_test", n_test, min_value=1), n, w, 0.001, 0.01, False)
    Xf, yf = _random_images(rng, n_test, n, w, 0.001, 0.01, True)
    return StripeImageResult(generator, acc(X, y), acc(Xt, yt), acc(Xf, yf), only_offset, 2 * a)
