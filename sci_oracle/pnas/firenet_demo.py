"""The FIRENET demonstration: exponential convergence and stability, measured (PNAS 2022, Thm 3).

:func:`run_demo` measures, on seeded Gaussian compressed-sensing problems,

1. FIRENET's relative error after each restart against total inner iterations, the decay rate
   per restart (least-squares slope of log error), and the inner iterations plain unrestarted
   Chambolle–Pock needs to reach the same relative error 1e-6 (ergodic average and last iterate);
2. the constants C₁, C₂ of SI Thm 3, from certified rNSPL constants (ρ, γ) of the stability
   instance (order s = 1, κ = 1);
3. worst-case output change against perturbation size, for FIRENET and for a LISTA trained on
   the same operator, and the bound C₂‖e‖ + 2·(accuracy at y), in two settings:

   a. :func:`stability`: LISTA trained on 1-sparse signals. Measured outcome: this LISTA is *more*
      stable than FIRENET (ratio LISTA/FIRENET < 1); nothing forces it to be unstable.
   b. :func:`hidden_detail_stability`: the accuracy–stability trade-off of PNAS 2022 (the message
      of Theorem 1 and of the paper's ellipse experiment). Signals are x = t·e_i + s·β·z with a
      1-sparse part and a detail ±βz whose measurements ±βAz are only 2βη apart (‖Az‖ = η).
      A network that is accurate on both signs must have Lipschitz constant ≥ ~1/η, which is
      certified exactly on the trained LISTA and exceeds FIRENET's certified C₂; FIRENET keeps
      its C₂‖e‖ bound and pays for it with error ≈ β on the detail.

Every figure is measured in the run; nothing is remembered. Float64 throughout (these are
measurements, not certified verdicts), except C₁, C₂, ρ, γ, which are exact.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.algorithms.firenet import (
    firenet,
    firenet_constants,
    firenet_network,
    primal_dual,
    rnspl_certificate_1sparse,
)
from sci_oracle.algorithms.lista import train_lista
from sci_oracle.core.exact import dyadic_round
from sci_oracle.pnas.stability import lipschitz_lower_bound, stability_curve

__all__ = [
    "convergence",
    "format_report",
    "hidden_detail",
    "hidden_detail_stability",
    "run_demo",
    "save_plots",
    "stability",
]


def _sparse_problem(rng: np.random.Generator, m: int, N: int, s: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    A = rng.standard_normal((m, N)) / np.sqrt(m)
    x = np.zeros(N)
    x[rng.choice(N, s, replace=False)] = rng.standard_normal(s)
    return A, x, A @ x


def _first_below(errs: list[float], target: float) -> int | None:
    for j, e in enumerate(errs, start=1):
        if e < target:
            return j
    return None


def convergence(
    seed: int = 0,
    m: int = 100,
    N: int = 256,
    s: int = 10,
    n: int = 30,
    p: int = 40,
    lam: float = 0.01,
    target: float = 1e-6,
    budget: int = 20_000,
) -> dict[str, Any]:
    """FIRENET vs plain primal–dual on a noiseless s-sparse Gaussian problem (x is the minimiser)."""
    rng = np.random.default_rng(seed)
    A, x, y = _sparse_problem(rng, m, N, s)
    nx = np.linalg.norm(x)
    errs: list[float] = []
    t0 = time.perf_counter()
    firenet(
        A, y, n=n, p=p, lam=lam, delta=0.0, callback=lambda k, psi: errs.append(float(np.linalg.norm(psi - x) / nx))
    )
    t_fire = time.perf_counter() - t0
    k_hit = _first_below(errs, target)
    fire_iters = None if k_hit is None else k_hit * p
    # fit the decay over restarts well above machine precision, after the first two
    ks = [k for k in range(2, len(errs)) if errs[k] > 1e-13]
    slope = float(np.polyfit(ks, np.log([errs[k] for k in ks]), 1)[0]) if len(ks) >= 3 else float("nan")
    plain: dict[str, Any] = {}
    for label, erg in (("ergodic", True), ("last_iterate", False)):
        trace: list[float] = []
        primal_dual(
            A,
            y,
            iterations=budget,
            lam=lam,
            ergodic=erg,
            callback=lambda j, xj, trace=trace: trace.append(float(np.linalg.norm(xj - x) / nx)),
        )
        hit = _first_below(trace, target)
        plain[label] = {
            "iterations_to_target": hit,
            "ratio_vs_firenet": (
                None if fire_iters is None else (hit / fire_iters if hit else f"> {budget / fire_iters:.1f}")
            ),
            "trace": trace[:: max(1, budget // 400)],
            "trace_step": max(1, budget // 400),
            "final_error": trace[-1],
        }
    return {
        "problem": {"m": m, "N": N, "s": s, "lam": lam, "seed": seed, "noise": 0.0},
        "firenet": {
            "n": n,
            "p": p,
            "errors_per_restart": errs,
            "iterations_to_target": fire_iters,
            "decay_per_restart": float(np.exp(slope)),
            "log_decay_per_restart": slope,
            "seconds": t_fire,
        },
        "target": target,
        "budget": budget,
        "plain": plain,
    }


def _constants(rho: Any, gamma: Any, C1: Any, C2: Any) -> dict[str, Any]:
    """The (ρ, γ)-rNSP-ℓ² constants and FIRENET's C₁, C₂, as reported by both demos."""
    return {
        "rnspl": {
            "rho": str(rho),
            "gamma": str(gamma),
            "rho_float": float(rho),
            "gamma_float": float(gamma),
            "kappa": 1,
        },
        "C1": None if C1 is None else float(C1),
        "C2": None if C2 is None else float(C2),
    }


def stability(
    seed: int = 0,
    m: int = 30,
    N: int = 60,
    radii: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3),
    n: int = 8,
    p: int = 30,
    lam: float = 0.05,
    lista_layers: int = 10,
    lista_epochs: int = 150,
    steps: int = 40,
) -> dict[str, Any]:
    """Worst-case perturbations of FIRENET and of a trained LISTA on a certified 1-sparse instance."""
    rng = np.random.default_rng(seed + 1)
    A, x, y = _sparse_problem(rng, m, N, 1)
    rho, gamma = rnspl_certificate_1sparse(A)
    C1, C2 = firenet_constants(rho, gamma, 1) if rho < 1 else (None, None)
    net = firenet_network(A, n=n, p=p, lam=lam, eps0=float(np.linalg.norm(y)), delta=1e-8)
    fire_err = float(np.linalg.norm(net.evaluate(y) - x))
    # training data: 1-sparse signals for the same A
    Xtr = np.zeros((4000, N))
    Xtr[np.arange(4000), rng.integers(0, N, 4000)] = rng.standard_normal(4000)
    lista = train_lista(A, Xtr @ A.T, Xtr, layers=lista_layers, epochs=lista_epochs, batch_size=200, lr=1e-3, seed=seed)
    lnet = lista.to_network()
    lista_err = float(np.linalg.norm(lnet.evaluate(y) - x))
    fc = stability_curve(net, y, radii, steps=steps, seed=seed)
    lc = stability_curve(lnet, y, radii, steps=steps, seed=seed)
    rows = []
    for r, f, li in zip(radii, fc, lc, strict=True):
        bound = float(C2) * f.perturbation_norm + 2 * fire_err if C2 is not None else None
        rows.append(
            {
                "radius": r,
                "firenet_change": f.output_change,
                "lista_change": li.output_change,
                "firenet_ratio": f.ratio,
                "lista_ratio": li.ratio,
                "firenet_bound": bound,
                "within_bound": None if bound is None else f.output_change <= bound,
            }
        )
    return {
        "problem": {"m": m, "N": N, "s": 1, "lam": lam, "n": n, "p": p, "seed": seed},
        **_constants(rho, gamma, C1, C2),
        "firenet_error_at_y": fire_err,
        "lista_error_at_y": lista_err,
        "lista_final_training_loss": lista.losses[-1],
        "rows": rows,
    }


def hidden_detail(A: np.ndarray, eta: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(S, u, z) for the hidden-detail task: S = the first m−1 columns (support of the sparse part),
    u a unit vector orthogonal to every a_i, i ∈ S, and z a unit vector with Az = η·u.

    So y = A(t·e_i + s·β·z) = t·a_i + s·β·η·u: the sign s of the detail is readable from y only
    through a component of size βη, orthogonal to the sparse part.
    """
    m, N = A.shape
    if not eta > 0:
        raise ValueError(f"eta={eta!r} is invalid: eta must be > 0")
    S = np.arange(m - 1)
    Q = np.linalg.qr(A[:, S], mode="complete")[0]
    u = Q[:, -1]
    ker = np.linalg.svd(A)[2][m:]
    k = ker.T @ rng.standard_normal(N - m)
    k /= np.linalg.norm(k)
    zr = np.linalg.pinv(A) @ u
    if eta * np.linalg.norm(zr) >= 1:
        raise ValueError(f"eta={eta!r} is too large for this A: need eta·‖A⁺u‖ < 1")
    z = eta * zr + np.sqrt(1 - eta**2 * (zr @ zr)) * k
    return S, u, z


def hidden_detail_stability(
    seed: int = 0,
    m: int = 30,
    N: int = 60,
    eta: float = 0.005,
    beta: float = 1.0,
    radii: tuple[float, ...] = (0.001, 0.003, 0.01, 0.03),
    n: int = 8,
    p: int = 30,
    lam: float = 0.05,
    samples: int = 4000,
    epochs: int = 100,
    lr: float = 1e-3,
    steps: int = 40,
) -> dict[str, Any]:
    """Accurate ⇒ unstable: a LISTA trained to recover a nearly invisible detail, against FIRENET.

    Same certified instance as :func:`stability` (Gaussian A, seed + 1). Training signals
    x = t·e_i + s·β·z (i ∈ S, |t| ∈ [0.5, 1.5] with random sign, s = ±1), y = Ax. The attack is
    run at the detail-free point y₀ = a_{i₀} (x₀ = e_{i₀}), halfway between the two classes.
    Reported: worst output change per radius for both networks, FIRENET's bound C₂‖e‖ + 2·err(y₀),
    errors on the detail, and the certified (exact) Lipschitz lower bound of the trained network from
    the pair y₀ ± βηu.
    """
    rng = np.random.default_rng(seed + 1)
    A, _, _ = _sparse_problem(rng, m, N, 1)  # the same A as stability()
    rho, gamma = rnspl_certificate_1sparse(A)
    C1, C2 = firenet_constants(rho, gamma, 1) if rho < 1 else (None, None)
    drng = np.random.default_rng(seed + 2)
    S, _u, z = hidden_detail(A, eta, drng)
    idx = drng.choice(S, samples)
    t = drng.choice([-1.0, 1.0], samples) * drng.uniform(0.5, 1.5, samples)
    sgn = drng.choice([-1.0, 1.0], samples)
    X = np.zeros((samples, N))
    X[np.arange(samples), idx] = t
    X += (sgn * beta)[:, None] * z[None, :]
    Y = X @ A.T
    lista = train_lista(A, Y, X, layers=10, epochs=epochs, batch_size=200, lr=lr, seed=seed)
    lnet = lista.to_network()
    i0 = int(S[3])
    x0 = np.zeros(N)
    x0[i0] = 1.0
    y0 = A @ x0
    xp, xm = x0 + beta * z, x0 - beta * z
    yp, ym = A @ xp, A @ xm
    net = firenet_network(A, n=n, p=p, lam=lam, eps0=float(np.linalg.norm(y0)), delta=1e-8)
    fire_err = float(np.linalg.norm(net.evaluate(y0) - x0))
    errors = {
        "firenet_at_y0": fire_err,
        "lista_at_y0": float(np.linalg.norm(lnet.evaluate(y0) - x0)),
        "firenet_on_detail": max(
            float(np.linalg.norm(net.evaluate(yp) - xp)), float(np.linalg.norm(net.evaluate(ym) - xm))
        ),
        "lista_on_detail": max(
            float(np.linalg.norm(lnet.evaluate(yp) - xp)), float(np.linalg.norm(lnet.evaluate(ym) - xm))
        ),
        "lista_training_rms": float(np.sqrt(np.mean(np.sum((lista(Y) - X) ** 2, axis=1)))),
    }
    # certified: the trained LISTA's exact real map moves by ≥ this much per unit of input change
    q2 = lipschitz_lower_bound(lnet, yp, ym)
    certified_exceeds_C2 = None if C2 is None else bool(q2 > C2 * C2)
    fc = stability_curve(net, y0, radii, steps=steps, seed=seed)
    lc = stability_curve(lnet, y0, radii, steps=steps, seed=seed)
    rows = []
    for r, f, li in zip(radii, fc, lc, strict=True):
        bound = float(C2) * f.perturbation_norm + 2 * fire_err if C2 is not None else None
        lbound = float(C2) * li.perturbation_norm + 2 * fire_err if C2 is not None else None
        rows.append(
            {
                "radius": r,
                "firenet_change": f.output_change,
                "lista_change": li.output_change,
                "firenet_ratio": f.ratio,
                "lista_ratio": li.ratio,
                "lista_over_firenet": li.ratio / f.ratio if f.ratio > 0 else float("inf"),
                "firenet_bound": bound,
                "within_bound": None if bound is None else f.output_change <= bound,
                "lista_exceeds_firenet_bound": None if lbound is None else li.output_change > lbound,
            }
        )
    return {
        "problem": {
            "m": m,
            "N": N,
            "eta": eta,
            "beta": beta,
            "lam": lam,
            "n": n,
            "p": p,
            "seed": seed,
            "samples": samples,
            "epochs": epochs,
            "lr": lr,
            "support": f"first {len(S)} columns",
        },
        **_constants(rho, gamma, C1, C2),
        "errors": errors,
        "lista_lipschitz_lower_bound": float(q2) ** 0.5,
        "lista_lipschitz_lower_bound_squared_floor": str(dyadic_round(q2, 20, "floor")),
        "lista_lipschitz_exceeds_C2_certified": certified_exceeds_C2,
        "pair_input_distance": float(np.linalg.norm(yp - ym)),
        "lista_final_training_loss": lista.losses[-1],
        "rows": rows,
    }


def run_demo(seed: int = 0, fast: bool = False) -> dict[str, Any]:
    """Both parts of the demonstration; ``fast`` shrinks the problems for CI."""
    t0 = time.perf_counter()
    conv = convergence(seed, m=60, N=150, s=6, n=24, budget=8000) if fast else convergence(seed)
    stab = stability(seed, lista_epochs=40 if fast else 150, steps=25 if fast else 40)
    hidden = (
        hidden_detail_stability(seed, samples=1000, epochs=20, lr=3e-3, steps=25)
        if fast
        else hidden_detail_stability(seed)
    )
    C1h, C2h = firenet_constants(Fraction(1, 2), 1, 1)
    return {
        "convergence": conv,
        "stability": stab,
        "hidden_detail": hidden,
        "constants_example": {"rho": "1/2", "gamma": 1, "kappa": 1, "C1": str(C1h), "C2": str(C2h)},
        "seed": seed,
        "fast": fast,
        "seconds": time.perf_counter() - t0,
    }


def format_report(res: dict[str, Any]) -> str:
    c, s = res["convergence"], res["stability"]
    f = c["firenet"]
    lines = [
        f"FIRENET convergence (Gaussian m={c['problem']['m']}, N={c['problem']['N']}, s={c['problem']['s']}, "
        f"lam={c['problem']['lam']}, p={f['p']}, seed={c['problem']['seed']}, float64)",
        "  restart  inner its  rel. error",
    ]
    for k, e in enumerate(f["errors_per_restart"], start=1):
        if k <= 3 or k % 3 == 0 or k == len(f["errors_per_restart"]):
            lines.append(f"  {k:7d}  {k * f['p']:9d}  {e:.3e}")
    lines.append(f"  decay per restart (fit): {f['decay_per_restart']:.4f}   (1/e = {np.exp(-1):.4f})")
    lines.append(f"  inner iterations to rel. error {c['target']:g}: FIRENET {f['iterations_to_target']}")
    for label, d in c["plain"].items():
        hit = d["iterations_to_target"]
        txt = f"{hit}" if hit else f"not reached in {c['budget']}"
        lines.append(f"    plain primal-dual ({label}): {txt}; ratio plain/FIRENET = {d['ratio_vs_firenet']}")
    ce = res["constants_example"]
    lines.append(f"Constants (SI Thm 3): rho=1/2, gamma=1, kappa=1 -> C1={ce['C1']}, C2={ce['C2']}")
    lines.append(
        f"Stability (m={s['problem']['m']}, N={s['problem']['N']}, 1-sparse, FIRENET n={s['problem']['n']} p={s['problem']['p']}): "
        f"certified rho={s['rnspl']['rho_float']:.4f}, gamma={s['rnspl']['gamma_float']:.4f} -> C1={s['C1']:.3f}, C2={s['C2']:.3f}"
    )
    lines.append(f"  error at y: FIRENET {s['firenet_error_at_y']:.2e}, LISTA {s['lista_error_at_y']:.2e}")
    lines.append("  ‖e‖      FIRENET ‖Δφ‖  ratio   bound C2‖e‖+2err  within  LISTA ‖Δφ‖  ratio   LISTA/FIRENET")
    for r in s["rows"]:
        lines.append(
            f"  {r['radius']:<7g}  {r['firenet_change']:.4e}  {r['firenet_ratio']:6.3f}  {r['firenet_bound']:.4e}       "
            f"{r['within_bound']!s:6s}  {r['lista_change']:.4e}  {r['lista_ratio']:6.3f}  {r['lista_ratio'] / r['firenet_ratio']:.3f}"
        )
    lines.append(
        "  -> measured: this LISTA is not less stable than FIRENET (ratio LISTA/FIRENET < 1 means more stable);"
        " 1-sparse recovery does not force a trained network to be unstable."
    )
    h = res["hidden_detail"]
    hp, he = h["problem"], h["errors"]
    lines.append(
        f"Stability, accuracy–stability trade-off (same A; x = t·e_i ± β·z with ‖Az‖ = η = {hp['eta']:g}, β = {hp['beta']:g}; "
        f"LISTA {hp['samples']} samples, {hp['epochs']} epochs; attack at y0 = a_i, halfway between ±detail)"
    )
    lines.append(
        f"  error on the detail signals x0 ± βz: LISTA {he['lista_on_detail']:.3e}, FIRENET {he['firenet_on_detail']:.3e}"
        f"   (error at y0: LISTA {he['lista_at_y0']:.2e}, FIRENET {he['firenet_at_y0']:.2e})"
    )
    lines.append(
        f"  certified: Lipschitz(LISTA) >= {_sqrt_floor_2dp(h['lista_lipschitz_lower_bound_squared_floor'])} "
        f"(exact, on y0 ± βηu, "
        f"‖Δy‖ = {h['pair_input_distance']:.3g}) {'>' if h['lista_lipschitz_exceeds_C2_certified'] else 'not >'} "
        f"C2 = {h['C2']:.3f}"
    )
    lines.append(
        "  ‖e‖      FIRENET ‖Δφ‖  ratio   bound C2‖e‖+2err  within  LISTA ‖Δφ‖  ratio    LISTA/FIRENET  LISTA>bound"
    )
    for r in h["rows"]:
        lines.append(
            f"  {r['radius']:<7g}  {r['firenet_change']:.4e}  {r['firenet_ratio']:6.3f}  {r['firenet_bound']:.4e}       "
            f"{r['within_bound']!s:6s}  {r['lista_change']:.4e}  {r['lista_ratio']:7.2f}  {r['lista_over_firenet']:8.1f}       "
            f"{r['lista_exceeds_firenet_bound']}"
        )
    lines.append(
        "  -> the trained network is accurate on the detail and therefore unstable: its worst-case output change "
        "exceeds FIRENET's bound; FIRENET stays within C2‖e‖ + 2err and misses the detail (error ≈ β)."
    )
    lines.append(f"({res['seconds']:.1f} s)")
    return "\n".join(lines)


def _sqrt_floor_2dp(q2: Any) -> str:
    """√q2 rounded *down* to 2 decimals, exactly (a printed lower bound must not round up)."""
    n = math.isqrt(math.floor(Fraction(q2) * 10**4))  # ⌊100·√q2⌋
    return f"{n // 100}.{n % 100:02d}"


def save_plots(res: dict[str, Any], prefix: str) -> list[str]:
    """PNG figures (needs the [plot] extra): error vs inner iterations, output change vs ‖e‖."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    c, s = res["convergence"], res["stability"]
    paths = []
    fig, ax = plt.subplots(figsize=(6, 4))
    p = c["firenet"]["p"]
    errs = c["firenet"]["errors_per_restart"]
    ax.semilogy([p * k for k in range(1, len(errs) + 1)], errs, "o-", label="FIRENET (per restart)")
    for label, d in c["plain"].items():
        xs = [1 + i * d["trace_step"] for i in range(len(d["trace"]))]
        ax.semilogy(xs, d["trace"], label=f"plain primal-dual ({label.replace('_', ' ')})")
    ax.axhline(c["target"], color="gray", ls=":", lw=1)
    ax.set_xlim(0, max(3 * p * len(errs), 1))
    ax.set_xlabel("total inner iterations (layers / 3)")
    ax.set_ylabel("relative error ‖x_k − x‖/‖x‖")
    ax.legend()
    ax.set_title("Exponential convergence of FIRENET")
    fig.tight_layout()
    paths.append(f"{prefix}_convergence.png")
    fig.savefig(paths[-1], dpi=120)
    plt.close(fig)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    panels = (
        (axes[0], s, "trained LISTA (1-sparse data)", "LISTA trained on 1-sparse signals"),
        (
            axes[1],
            res["hidden_detail"],
            "trained LISTA (accurate on the hidden detail)",
            f"LISTA trained on x = t·e_i ± β·z, ‖Az‖ = {res['hidden_detail']['problem']['eta']:g}",
        ),
    )
    for ax, d, label, title in panels:
        r = [row["radius"] for row in d["rows"]]
        ax.loglog(r, [row["firenet_change"] for row in d["rows"]], "o-", label="FIRENET")
        ax.loglog(r, [row["lista_change"] for row in d["rows"]], "s-", label=label)
        if d["C2"] is not None:
            ax.loglog(r, [row["firenet_bound"] for row in d["rows"]], "k--", label="C₂‖e‖ + 2·err (certified C₂)")
        ax.set_xlabel("perturbation size ‖e‖")
        ax.set_ylabel("worst output change found ‖φ(y+e) − φ(y)‖")
        ax.legend(fontsize=8)
        ax.set_title(title, fontsize=10)
    fig.suptitle("Worst-case perturbations")
    fig.tight_layout()
    paths.append(f"{prefix}_stability.png")
    fig.savefig(paths[-1], dpi=120)
    plt.close(fig)
    return paths
