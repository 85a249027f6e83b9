"""Figures for the sci_oracle course (course/*.md), drawn from the lessons' own computations.

Each function takes what a lesson computed (oracles, certificates, reports) and returns a
matplotlib ``Figure``; a notebook shows it when it is the cell's last value. The figures are built
without pyplot, so they never change the notebook's plotting backend. Exact values are converted
to floats only here, for drawing: every verdict in the lessons is decided exactly before this.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from matplotlib.figure import Figure

from sci_oracle.core.exact import approx_fraction, correct_digits

RED, GREEN, BLUE, GREY = "#b3261e", "#17803d", "#1f5fa8", "#777777"


def _png(fig: Figure) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def _show_figures_in_ipython() -> None:
    """A Figure that is a cell's value is shown as a PNG (no pyplot, so no backend is switched)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is not None:
        ip.display_formatter.formatters["image/png"].for_type(Figure, _png)


_show_figures_in_ipython()


def _float(x: Any) -> float:
    return float(approx_fraction(x, 64))


def _figure(width: float, height: float, ncols: int = 1) -> tuple[Figure, Any]:
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots(1, ncols)


# -- lesson 1 ----------------------------------------------------------------------------------
def oracle_ladder(x: Any, levels: range = range(1, 31)) -> Figure:
    """The oracle ladder: every answer for every entry of ``x`` (an ExactArray), level by level.

    Left: the error of the answer in units of the tolerance, 2^m·(answer − entry); an answer is legal
    when it lies in [−1, 1], and the honest oracle's nearest rounding keeps it in [−1/2, 1/2].
    Right: |answer − entry| against the tolerance 2^-m on a log scale: the rungs of the ladder.
    """
    from sci_oracle import HonestOracle

    oracle = HonestOracle({"x": x})  # a fresh oracle: the lesson's transcript is left as it is
    fig, (ax, bx) = _figure(10, 3.6, 2)
    ax.axhspan(-1, 1, color=GREEN, alpha=0.08, label="legal: within $2^{-m}$")
    ax.axhspan(-0.5, 0.5, color=GREEN, alpha=0.15, label="nearest rounding")
    for i, marker in zip(range(x.size), "os^v", strict=False):
        exact = x.entry((i,))
        scaled, gaps = [], []
        for m in levels:
            err = oracle.read("x", m, i) - exact
            scaled.append(_float(err * 2**m))
            gaps.append((m, _float(abs(err))))
        ax.plot(list(levels), scaled, marker, ms=4, label=f"x[{i}]")
        nz = [(m, g) for m, g in gaps if g > 0]
        bx.semilogy([m for m, _ in nz], [g for _, g in nz], marker, ms=4, label=f"|answer − x[{i}]|")
    bx.semilogy(list(levels), [2.0**-m for m in levels], "k:", label="tolerance $2^{-m}$")
    ax.set(xlabel="level m", ylabel="$2^m$ (answer − entry)", ylim=(-1.15, 1.15), title="every answer is legal")
    bx.set(xlabel="level m", ylabel="error", title="the ladder: one rung per level")
    ax.legend(fontsize=7, loc="lower right")
    bx.legend(fontsize=7, loc="lower left")
    return fig


# -- lesson 2 ----------------------------------------------------------------------------------
def gap_between_members(step: Any) -> Figure:
    """Both halves of Theorem 1(a) for one step-through (:class:`sci_oracle.pnas.step.StepThrough`):
    the gap between the members' answers against 2^-m, and the minimisers digit by digit."""
    return step.figure()


# -- lesson 3 ----------------------------------------------------------------------------------
def coupling_plane(results: dict[str, Any]) -> Figure:
    """Each randomised algorithm as a point (P(fail member 1), P(fail member 2)), exact fractions.

    The coupled-seed argument puts every point on or above the line p1 + p2 = 1, so the worst
    member fails with probability at least 1/2; the fair coin sits at (1/2, 1/2).
    """
    fig, ax = _figure(5.2, 4.6)
    ax.fill_between([0, 1], [1, 0], [0, 0], color=RED, alpha=0.12, label="impossible: $p_1 + p_2 < 1$")
    ax.plot([0, 1], [1, 0], color=RED, lw=1)
    ax.plot([0.5], [0.5], "*", color="gold", ms=16, mec="k", label="the bound 1/2 is attained")
    for label, rb in results.items():
        p1, p2 = rb.failure_probabilities
        ax.plot([float(p1)], [float(p2)], "o", ms=7, color=BLUE)
        ax.annotate(
            f"{label}\n({p1}, {p2})", (float(p1), float(p2)), textcoords="offset points", xytext=(6, 4), fontsize=7
        )
    ax.set(xlim=(-0.05, 1.12), ylim=(-0.05, 1.12), xlabel="P(fail member 1)", ylabel="P(fail member 2)")
    ax.set_title("coupled seeds: $p_1 + p_2 \\geq 1$, so max $\\geq 1/2$", fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    return fig


# -- lesson 4 ----------------------------------------------------------------------------------
def digits_by_instance(algorithms: dict[str, Any], instances: list[Any], K: int, cap: int = 20) -> Figure:
    """Correct digits of each algorithm on each instance (honest oracles, exact distances).

    Bars are capped at ``cap`` digits (an exact answer has infinitely many); the dashed lines are
    K and K−1. A pair the algorithm resolves gets many digits on both members; a pair beyond the
    levels it read gets one output for two different answers.
    """
    from sci_oracle import HonestOracle, run

    fig, ax = _figure(10, 3.6)
    width = 0.8 / len(algorithms)
    for k, (label, alg) in enumerate(algorithms.items()):
        digits = []
        for inst in instances:
            rec = run(alg, HonestOracle(inst.inputs, problem=inst.info))
            digits.append(min(correct_digits(inst.dist2(rec.output)), cap))
        xs = [i + (k - (len(algorithms) - 1) / 2) * width for i in range(len(instances))]
        bars = ax.bar(xs, digits, width * 0.95, label=label)
        ax.bar_label(bars, [str(d) if d < cap else f"≥{cap}" for d in digits], fontsize=7)
    ax.axhline(K, color=RED, ls="--", lw=1, label=f"K = {K} digits")
    ax.axhline(K - 1, color=GREEN, ls="--", lw=1, label=f"K−1 = {K - 1} digits")
    ax.set_xticks(range(len(instances)), [inst.label for inst in instances], fontsize=8)
    ax.set(ylabel="correct digits", ylim=(0, cap + 3))
    ax.set_title("one output per transcript: past the levels read, a tied pair costs the K-th digit", fontsize=10)
    ax.legend(fontsize=7, loc="upper right", ncols=2)
    return fig


# -- lesson 5 ----------------------------------------------------------------------------------
def firenet_figure(conv: dict[str, Any], stab: dict[str, Any]) -> Figure:
    """FIRENET convergence per restart (with the theory's 1/e per restart) and the worst output
    change found against the perturbation size, for FIRENET, a trained LISTA and the bound C₂‖e‖."""
    fig, (ax, bx) = _figure(10, 3.8, 2)
    errs = conv["firenet"]["errors_per_restart"]
    ks = list(range(len(errs)))
    ax.semilogy(ks, errs, "o-", ms=4, color=BLUE, label="FIRENET, measured")
    ax.semilogy(ks, [errs[0] * math.exp(-k) for k in ks], "k:", label="$e^{-k}$ (theory's rate)")
    decay = conv["firenet"]["decay_per_restart"]
    ax.set(xlabel="restart k", ylabel="relative error", title=f"exponential convergence: ×{decay:.2f} per restart")
    ax.set_ylim(max(min(errs), 1e-17) / 3, 3)
    ax.legend(fontsize=7)
    rows = stab["rows"]
    r = [row["radius"] for row in rows]
    bx.loglog(r, [row["firenet_change"] for row in rows], "o-", color=BLUE, label="FIRENET")
    bx.loglog(r, [row["lista_change"] for row in rows], "s-", color=RED, label="trained LISTA")
    if rows and rows[0]["firenet_bound"] is not None:
        bx.loglog(r, [row["firenet_bound"] for row in rows], "k--", label="bound $C_2 \\|e\\|$ + 2·error")
    bx.set(xlabel="perturbation size $\\|e\\|$", ylabel="worst output change found", title="stability")
    bx.legend(fontsize=7)
    return fig


# -- lesson 6 ----------------------------------------------------------------------------------
def stripes_figure(sample: Any, trained: Any, stable: Any, points: int = 1500) -> Figure:
    """The classification stripes, decided exactly: the labels along x₁; the trained fixed-width
    network's decision at every data point, and again after the shift of size δ onto x₂ = 0 (flips
    crossed out); and the variable-width stable network's decision along the whole line x₂ = 0."""
    from sci_oracle.classification.pieces import decide, evaluate, line_pieces

    x1 = [float(p[0]) for p in sample.points]
    lo, hi = min(x1) - 0.3, max(x1) + 0.3
    fig, ax = _figure(10, 3.6)

    def colours(decisions: list[int]) -> list[str]:
        return [RED if d else BLUE for d in decisions]

    before = [decide(evaluate(trained, p)[0]) for p in sample.points]
    shifted, _ = sample.shifted()
    after = [decide(evaluate(trained, p)[0]) for p in shifted]
    rows = [
        (3, "labels", sample.labels),
        (2, "trained net, at the data", before),
        (1, "trained net, shifted by δ", after),
    ]
    for y0, label, ds in rows:
        ax.scatter(x1, [y0] * len(x1), c=colours(ds), s=10)
        ax.text(lo, y0 + 0.22, label, fontsize=8)
    flips = [x for x, a, b in zip(x1, before, after, strict=True) if a != b]
    ax.scatter(flips, [1] * len(flips), marker="x", c="k", s=30, lw=0.8, label=f"{len(flips)} flips")
    lp = line_pieces(getattr(stable, "layers", stable), (0, 0), (1, 0))
    ts = [lo + (hi - lo) * k / (points - 1) for k in range(points)]
    d = [decide(lp.value(Fraction(t).limit_denominator(10**6))) for t in ts]
    ax.fill_between(ts, -0.1, [-0.1 + 0.35 * v for v in d], step="mid", color=RED, alpha=0.35)
    ax.text(lo, 0.35, "stable variable-width net, along $x_2 = 0$ (shaded: class 1)", fontsize=8)
    ax.set(xlabel="$x_1$", xlim=(lo, hi), ylim=(-0.2, 3.5), yticks=[])
    ax.set_title(f"{sample.alternations} label alternations; red: class 1, blue: class 0", fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    return fig


# -- lesson 7 ----------------------------------------------------------------------------------
def engineer_figure(levels: list[int], certificates: list[Any], training_report: Any, K: int) -> Figure:
    """Left: a solver reading deeper levels against the adversary: the pair moves with the level and
    the forced output keeps K−1 digits. Right: a trainer's correct digits on each instance of the
    training family, against the member's n (the sample read at level 52 resolves n < 52 only)."""
    fig, (ax, bx) = _figure(10, 3.8, 2)
    worst = [min(correct_digits(d) for d in c.dist2) for c in certificates]
    bars = ax.bar([str(m) for m in levels], worst, color=BLUE)
    ax.bar_label(bars, [f"n = {c.n}" for c in certificates], fontsize=7)
    ax.axhline(K, color=RED, ls="--", lw=1, label=f"K = {K}")
    ax.axhline(K - 1, color=GREEN, ls="--", lw=1, label=f"K−1 = {K - 1}")
    ax.set(xlabel="oracle level the solver reads", ylabel="digits on the worse member", ylim=(0, K + 1.5))
    ax.set_title("more precision does not buy digit K", fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    members = [m for m in training_report.members if m.n is not None]
    ns = sorted({m.n for m in members})
    digits = [min(correct_digits(d) for m in members if m.n == n for d in m.dist2 if d is not None) for n in ns]
    bx.plot(ns, digits, "o-", color=BLUE, label="trainer, worse member of pair n")
    bx.axhline(K - 1, color=GREEN, ls="--", lw=1, label=f"K−1 = {K - 1}")
    bx.axvline(52, color=GREY, ls=":", lw=1, label="samples read at level 52")
    bx.set(xlabel="member pair n", ylabel="correct digits", ylim=(0, max(digits) + 2))
    bx.set_title("the trainer is right only where its data resolve n", fontsize=10)
    bx.legend(fontsize=7)
    return fig
