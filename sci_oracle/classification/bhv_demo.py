"""One-command demo of Bastounis–Hansen–Vlačić Theorem 2.2 (A1–A4) and its figures.

:func:`bhv_demo` runs, in a few seconds: the dichotomy on trained fixed architectures (or your
training procedure), the exactly certified trapezoid network, the width-growth table and the
approximate-minimiser adversary; :func:`plot_bhv_demo` draws the four figures (``[plot]`` extra).
Every verdict comes from :mod:`sci_oracle.classification.dichotomy` / :mod:`sci_oracle.classification.minimisers`,
decided in exact arithmetic; the figures evaluate the exact pieces in float64 for drawing only.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.classification.dichotomy import (
    certify_stable,
    dichotomy_demo,
    mlp_trainer,
    trapezoid_network,
    width_bounds,
    width_growth,
)
from sci_oracle.classification.minimisers import coin_flip_fitter, exact_solver, minimiser_barrier, subgradient_fitter
from sci_oracle.classification.pieces import line_pieces
from sci_oracle.families.stripes import StripeFamily

__all__ = ["bhv_demo", "plot_bhv_demo"]


def bhv_demo(*, seed: int = 0, train: Callable | None = None, r: int = 200, steps: int = 1500) -> dict[str, Any]:
    """Run A1–A4 and return a JSON-ready dict (exact numbers as strings) plus private objects for plots."""
    fam = StripeFamily(alternations=20, margin=Fraction(1, 8))
    delta = Fraction(1, 64)
    rows = dichotomy_demo(
        train=train, architectures=[(3,), (8, 8)], seeds=(seed,), r=r, steps=steps, family=fam, delta=delta
    )
    sample = fam.sample(r, rng=np.random.default_rng(seed), delta=delta)
    psi = trapezoid_network(sample)
    stable_bad = certify_stable(psi, sample)
    growth = width_growth(sizes=(10, 30, 100, 300, 1000), seeds=range(20), architecture=(3,))
    bounds = width_bounds()
    algorithms = (coin_flip_fitter(12), exact_solver(), subgradient_fitter())
    barriers = [minimiser_barrier(a) for a in algorithms]
    fixed = mlp_trainer([3], steps=steps)(*sample.as_arrays(), np.random.default_rng(seed))
    return {
        "family": repr(fam),
        "delta": str(delta),
        "seed": seed,
        "A1": [{k: (str(v) if isinstance(v, Fraction) else v) for k, v in x.items() if k != "verdict"} for x in rows],
        "A2": {
            "width": psi.width,
            "h": str(psi.h),
            "certified_exact_on_closed_eps_balls": not stable_bad,
            "points": len(sample),
        },
        "A3": [{k: str(v) if isinstance(v, Fraction) else v for k, v in x.items()} for x in growth],
        "A3_certified": [
            {"r": b.r, "pieces_needed": b.pieces_needed, "psi_width_at_most": b.psi_width_at_most, "miss": str(b.miss)}
            for b in bounds
        ],
        "A4": [{"algorithm": a.name, **b.to_json()} for a, b in zip(algorithms, barriers, strict=True)],
        "_objects": {"sample": sample, "psi": psi, "fixed": fixed, "growth": growth, "bounds": bounds},
    }


def plot_bhv_demo(result: dict[str, Any], prefix: str) -> list[str]:
    """Write PREFIX-stripes.png, PREFIX-shift.png, PREFIX-trapezoid.png, PREFIX-width.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    o = result["_objects"]
    s, psi, fixed, growth = o["sample"], o["psi"], o["fixed"], o["growth"]
    x1 = np.array([float(p[0]) for p in s.points])
    x2 = np.array([float(p[1]) for p in s.points])
    y = np.array(s.labels)
    files = []

    fig, ax = plt.subplots(figsize=(8, 2.6))
    ax.scatter(x1, x2, c=y, cmap="coolwarm", s=8)
    ax.set(xlabel="x1", ylabel="x2 = delta * f(x)", title=f"{s.family!r}: data with the planted feature")
    files.append(_save(fig, f"{prefix}-stripes.png"))

    t = np.linspace(x1.min() - 0.5, x1.max() + 0.5, 2000)
    fig, ax = plt.subplots(figsize=(8, 3))
    for level, style, lab in (
        (s.delta, "-", "on x2 = delta (class-1 data, before the shift)"),
        (Fraction(0), "--", "on x2 = 0 (after the shift)"),
    ):
        lp = line_pieces(fixed, (0, level), (1, 0))
        ax.plot(t, [float(lp.value(Fraction(float(u)))) for u in t], style, label=lab)
    ax.axhline(0.5, color="grey", lw=0.8)
    ax.scatter(x1, y, c=y, cmap="coolwarm", s=8, zorder=3)
    ax.set(xlabel="x1", ylabel="phi", title="fixed architecture [2,3,1]: decision before / after the shift")
    ax.legend(fontsize=7)
    files.append(_save(fig, f"{prefix}-shift.png"))

    lp = line_pieces(psi.layers, (0, 0), (1, 0))
    fig, ax = plt.subplots(figsize=(8, 2.6))
    ax.plot(t, [float(lp.value(Fraction(float(u)))) for u in t], label=f"psi (width {psi.width})")
    ax.scatter(x1, y, c=y, cmap="coolwarm", s=8, zorder=3)
    ax.set(xlabel="x1", ylabel="psi", title="stable trapezoid network, exact on every closed eps-ball")
    ax.legend(fontsize=7)
    files.append(_save(fig, f"{prefix}-trapezoid.png"))

    fig, ax = plt.subplots(figsize=(5, 3.2))
    rs = [g["r"] for g in growth]
    ax.plot(rs, [g["mean_width"] for g in growth], "o-", label="mean width of psi")
    ax.plot(rs, [g["mean_A"] for g in growth], "s-", label="mean alternations A")
    bounds = o["bounds"]
    rb = [b.r for b in bounds]
    ax.plot(
        rb,
        [b.hit - 2 for b in bounds],
        "v--",
        label="certified (w.p. >= 1 - 2 beta): any stable net's width >= (one hidden layer)",
    )
    ax.plot(rb, [b.psi_width_at_most for b in bounds], "^--", label="certified (w.p. >= 1 - 2 beta): width of psi <=")
    ax.axhline(growth[0]["P"], color="grey", ls=":", label=f"P of [2,3,1] = {growth[0]['P']}")
    ax.set(xscale="log", xlabel="training-set size r", title="width must grow with the data")
    ax.legend(fontsize=7)
    files.append(_save(fig, f"{prefix}-width.png"))
    return files


def _save(fig, path: str) -> str:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path
