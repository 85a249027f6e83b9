"""FIRENET speed against a bare loop and against the authors' code, all measured in one run.

    python benchmarks/bench_firenet.py [--repeats 3] [--quick] [--authors-code DIR]

Colbrook–Antun–Hansen (PNAS 2022), SI §1.2.1 describe FIRENET as restarted, rescaled, ergodic
Chambolle–Pock steps. The authors released it as numpy code (repository
Comp-Foundations-and-Barriers-of-AI/firenet, ``inexact_input/firenet.py``, dense matrices only) and as
MATLAB code with operator handles (``matlab/cp_expo_sr_lasso.m``, ``cp_ergodic_sr_lasso.m``). The
baseline ``authors_firenet`` below does, operation for operation, what their numpy code does; it is
written here from reading it, none of it is copied:

- per restart: ε ← e⁻¹(δ + ε), β = ε/(2L_A), α = 1/(βp), the inner loop on (αy, αψ), ψ = (Σ/p)/α;
  the inner loop is called with τ and σ in swapped positions, as theirs is (equal here);
- per inner step: the adjoint as ``np.dot(np.conj(A.T), ξ)`` (for a real A, ``np.conj`` of the
  transposed view allocates a full copy of A on every step), ``x − τ·(…)``, the soft threshold
  ``|x.copy()| − s·w``, zeroing ``x1[x1 <= 0]``, ``x1·sign(x)``; then ``ξ + σ·A(2x⁺ − x) − σy``, the
  ball projection through ``min(1, 1/(‖ξ‖₂ + 1e-43))`` in place, ``Σ += x⁺``;
- real arrays where they keep real arrays: ψ, ξ and Σ start as real zeros. Their code stops there
  for a complex operator (``Σ += x⁺`` cannot cast complex to real), so only Σ is given the operator's
  dtype; their MATLAB code, where arrays turn complex as needed, is the same iteration;
- for the FFT and DCT operators ``np.dot(A, v)`` and ``np.dot(np.conj(A.T), v)`` become the operator's
  forward and adjoint callables, as their MATLAB code calls ``opA(v, 1)`` and ``opA(v, 0)``.

How the baseline was checked against the authors' code itself (2026-12-04, this machine, 2 cores
under load from other jobs, ``OPENBLAS_NUM_THREADS=1``): their ``inexact_input/firenet.py`` was
fetched into a scratch directory outside the repository and run with ``--authors-code DIR``, which
times their ``firenet`` on the dense instance in the same rounds as ``authors_firenet``. Their output
and the baseline's are equal bit for bit, and the median times agree within the noise between rounds
(baseline / their code = 0.97–1.09 over four runs at load 7–11; printed on every such run). On the FFT and DCT
instances their numpy ``firenet`` cannot run (it needs a matrix); a local copy with ``np.dot``
replaced by the same callables (as above) gave the same bitwise output and times within noise.

Instances (the same data and n = 15 restarts of p = 20 steps for every contender):

- dense: Gaussian m = 1024, N = 4096, real;
- FFT: a 256×256 image, 25 % of the unitary 2-D DFT (``SubsampledFourier``), complex;
- DCT: a 256×256 image, 25 % of the orthonormal 2-D DCT-II (``SubsampledDCT``), real.

Contenders, interleaved round by round (in a shuffled order each round) so that load from other
processes falls on all alike:

- bare: the operator applications alone, on live data. Dense: ``A.T @ v``, ``A @ u`` (a power
  iteration). FFT/DCT: the floor, both transforms in place in one buffer (zero-fill, inverse, forward,
  take the samples), no allocation. Also, for the "same callables" rows: a loop ``fwd(adj(v))`` of
  those callables;
- project: :func:`sci_oracle.algorithms.firenet.firenet` on the project's own operator (the dense
  array, ``SubsampledFourier``, ``SubsampledDCT``), a whole call with its validation; and again with
  ``weights=np.ones(N)`` (its overhead is judged on 5 back-to-back pairs in alternating order: rounds
  seconds apart see different loads, and the two calls run the same loop);
- project, same callables: ``firenet`` given the very callables the baseline gets (plain functions
  around the operator, which it cannot recognise, so its generic loop runs); FFT and DCT;
- authors': ``authors_firenet`` with ``weights=np.ones(N)`` as their driver passes.

Targets (issue 23; medians, one run): project faster than the authors' on dense, FFT and DCT (own
operators and same callables); project ≤ 1.15× the bare loop on each; ``weights=ones(N)`` ≤ 3 %
over the unweighted call. Accuracy: the relative error to the planted sparse signal and the relative
difference of project and authors' outputs, so that speed is not bought with a different iteration.
Nothing is remembered: every figure is measured now. The verdicts use wall-clock medians; beside each
ratio to the bare loop the same calls' CPU-time ratio (``time.thread_time``) is printed, and each
instance prints the load average: on a loaded machine the wall time includes waiting for a core, which
makes the ratios noise, while CPU time does not wait (it still pays for caches shared with others).
The BLAS is pinned to one thread (below) before numpy loads: a threaded BLAS on a shared 2-core
machine turns every timing into noise.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import importlib.util
import random
import statistics
import time

import numpy as np

from sci_oracle.algorithms.firenet import firenet
from sci_oracle.algorithms.fourier import SubsampledDCT, SubsampledFourier, fft_backend

RESTARTS, STEPS = 15, 20
DELTA = 1e-9
PAIRS = 5  # back-to-back pairs for the weights overhead


# --------------------------------------------------------------------------- the authors' algorithm
def authors_firenet(y, A, p_iter, tau, sigma, lam, weights, L_A, eps_0, delta, n_iter):
    """FIRENET as the authors' numpy code runs it (see the module docstring); ``A`` is a dense matrix
    or a pair (forward, adjoint) of callables. Same argument order as theirs."""
    if isinstance(A, tuple):
        fwd, adj = A
    else:
        fwd = lambda v: np.dot(A, v)  # noqa: E731
        adj = lambda v: np.dot(np.conj(A.T), v)  # noqa: E731 - a copy of A per call
    y = np.squeeze(y)
    weights = np.squeeze(weights)
    probe = np.squeeze(adj(y))  # theirs: np.dot(opA.T, y), for the shape only
    psi = np.zeros(probe.shape)
    eps = eps_0
    for _ in range(n_iter):
        eps = np.exp(-1) * (delta + eps)
        beta = eps / (2 * L_A)
        al = 1 / (beta * p_iter)
        psi_out = _authors_inner(al * y, al * psi, fwd, adj, p_iter, sigma, tau, lam, weights, probe.dtype)
        psi = psi_out / al
    return psi


def _authors_inner(y, x0, fwd, adj, p_iter, tau, sigma, lam, weights, dtype):
    xp = x0
    yp = np.zeros(y.shape)
    x_sum = np.zeros(xp.shape, dtype=dtype)  # theirs is real; complex operators need complex (see above)
    for _ in range(1, p_iter + 1):
        xpp = _authors_soft(xp - tau * adj(yp), tau * lam, weights)
        ypp = _authors_ball(yp + sigma * fwd(2 * xpp - xp) - sigma * y)
        x_sum += xpp
        xp = xpp
        yp = ypp
    return x_sum / p_iter


def _authors_soft(x, s, weights):
    x1 = np.abs(x.copy()) - s * weights
    x1[x1 <= 0] = 0
    return x1 * np.sign(x)


def _authors_ball(y):
    n_y = np.linalg.norm(y, 2) + 1e-43
    y *= min(1, 1 / n_y)
    return y


# --------------------------------------------------------------------------- timing
CPU: dict[str, list[float]] = {}  # per contender: CPU seconds of each timed call (reported beside wall time)


def once(fn, cpu=None):
    t, c = time.perf_counter(), time.thread_time()
    out = fn()
    if cpu is not None:
        cpu.append(time.thread_time() - c)
    return time.perf_counter() - t, out


def compare(name, contenders, x_true, repeats):
    """Run every contender once per round, in a fresh random order each round (so that no contender
    always follows the same one), ``repeats`` rounds; print medians (and best) and return them."""
    times = {k: [] for k in contenders}
    CPU.clear()
    CPU.update({k: [] for k in contenders})
    outs = {}
    order = list(contenders)
    rng = random.Random(0)
    for _ in range(repeats):
        rng.shuffle(order)
        for k in order:
            fn = contenders[k]
            t, outs[k] = once(fn, CPU[k])
            times[k].append(t)
    med = {k: statistics.median(v) for k, v in times.items()}
    best = {k: min(v) for k, v in times.items()}
    print(
        f"{name}: {RESTARTS} restarts x {STEPS} steps, {repeats} interleaved rounds (median / best, seconds; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    for k in contenders:
        print(f"  {k:<28} {med[k]:7.3f} / {best[k]:7.3f}")
    err = lambda z: float(np.linalg.norm(z - x_true) / np.linalg.norm(x_true))  # noqa: E731
    theirs = outs["authors'"]
    diff = float(np.linalg.norm(outs["project"] - theirs) / np.linalg.norm(theirs))
    print(
        f"  accuracy: rel. error project {err(outs['project']):.3e}, authors' {err(theirs):.3e}; rel. difference {diff:.1e}"
    )
    return med, outs


def weights_overhead(call, N, pairs):
    """``weights=ones(N)`` against no weights: the median ratio over ``pairs`` back-to-back pairs in
    alternating order (a pair sees the same load, unlike rounds seconds apart)."""
    ones, ratios = np.ones(N), []
    for i in range(pairs):
        if i % 2 == 0:
            plain, weighted = once(lambda: call(None))[0], once(lambda: call(ones))[0]
        else:
            weighted, plain = once(lambda: call(ones))[0], once(lambda: call(None))[0]
        ratios.append(weighted / plain)
    return statistics.median(ratios)


def verdicts(name, med, pairs, weights):
    """Print the target ratios (medians) and return whether all are met."""
    ok = True
    lines = []

    def check(label, ratio, limit):
        nonlocal ok
        met = ratio <= limit if limit >= 1 else ratio < limit
        ok &= met
        lines.append(
            f"    {label:<46} {ratio:6.3f}  (target {'<' if limit < 1 else '<='} {limit})  {'ok' if met else 'MISSED'}"
        )

    cpu = {k: statistics.median(v) for k, v in CPU.items()}
    for proj, bare in pairs:
        check(f"{proj} / {bare}", med[proj] / med[bare], 1.15)
        lines.append(f"      (CPU-time medians, the same calls: {cpu[proj] / cpu[bare]:.3f})")
    for proj in [p for p, _ in pairs]:
        check(f"{proj} / authors'", med[proj] / med["authors'"], 0.9999)
    check(f"project weights=ones(N) / project, {PAIRS} pairs", weights, 1.03)
    lines.append(f"    (the same from the interleaved medians: {med['project, weights=ones(N)'] / med['project']:.3f})")
    print(f"  {name} targets (medians):")
    print("\n".join(lines))
    return ok


def _plain(F):
    """Plain functions around an operator: the project cannot recognise them, so its generic loop runs."""
    return (lambda v: F.forward(v)), (lambda v: F.adjoint(v))


def dense(repeats, theirs):
    rng = np.random.default_rng(0)
    m, N = 1024, 4096
    A = rng.standard_normal((m, N)) / np.sqrt(m)
    x = np.where(rng.random(N) < 0.02, rng.standard_normal(N), 0.0)
    y = A @ x
    L = float(np.linalg.norm(A, 2))
    tau, lam, ones = 0.99 / L, 0.05, np.ones(N)
    kw = {"n": RESTARTS, "p": STEPS, "lam": lam, "tau": tau, "sigma": tau, "L_A": L, "delta": DELTA}
    eps0 = float(np.linalg.norm(y))

    def bare():
        v, c = y.copy(), 1 / L**2  # power iteration on AAᵀ from y: live data that stays finite
        for _ in range(RESTARTS * STEPS):
            u = A.T @ v
            v = A @ u
            v *= c

    firenet(A, y, **kw)  # first call: pays the one-off checks later calls reuse (cached per matrix)
    contenders = {
        "bare": bare,
        "project": lambda: firenet(A, y, **kw),
        "project, weights=ones(N)": lambda: firenet(A, y, weights=ones, **kw),
        "authors'": lambda: authors_firenet(y, A, STEPS, tau, tau, lam, ones, L, eps0, DELTA, RESTARTS),
    }
    if theirs is not None:
        contenders["their code"] = lambda: theirs(y, A, STEPS, tau, tau, lam, ones, L, eps0, DELTA, RESTARTS)[0]
    med, outs = compare(f"dense m={m} N={N}", contenders, x, repeats)
    if theirs is not None:
        same = np.array_equal(outs["authors'"], outs["their code"])
        ratio = med["authors'"] / med["their code"]
        print(f"  baseline / their code (medians): {ratio:.3f}; outputs bit for bit equal: {same}")
    weights = weights_overhead(lambda w: firenet(A, y, weights=w, **kw), N, PAIRS)
    return verdicts("dense", med, [("project", "bare")], weights)


def transform(kind, repeats):
    rng = np.random.default_rng(1)
    n = 256
    mask = rng.random((n, n)) < 0.25
    mask[0, 0] = True
    F = SubsampledFourier(mask) if kind == "FFT" else SubsampledDCT(mask)
    plain = _plain(F)
    x = np.zeros(n * n)
    x[rng.choice(n * n, 500, replace=False)] = 1.0
    y = F.forward(x)
    lam, ones = 1e-3, np.ones(F.N)
    kw = {"n": RESTARTS, "p": STEPS, "lam": lam, "tau": 0.99, "sigma": 0.99, "L_A": F.norm_bound, "delta": DELTA}
    eps0 = float(np.linalg.norm(y))
    buf = np.zeros(F.N, dtype=F.dtype)
    idx = F.index

    def bare():
        # the floor: v ← A A* v by hand, both transforms in place in one buffer (no allocation, no copy);
        # A A* = I on the samples, so v stays y: live (nonzero) data
        v = y.copy()
        for _ in range(RESTARTS * STEPS):
            buf.fill(0)
            buf[idx] = v
            F.transform(buf, inverse=True)
            F.transform(buf)
            np.take(buf, idx, out=v, mode="clip")

    def bare_callables():
        v = y
        fwd, adj = plain
        for _ in range(RESTARTS * STEPS):
            v = fwd(adj(v))

    contenders = {
        "bare": bare,
        "bare, callables": bare_callables,
        "project": lambda: firenet(F, y, **kw),
        "project, weights=ones(N)": lambda: firenet(F, y, weights=ones, **kw),
        "project, same callables": lambda: firenet(plain, y, **kw),
        "authors'": lambda: authors_firenet(y, plain, STEPS, 0.99, 0.99, lam, ones, 1.0, eps0, DELTA, RESTARTS),
    }
    name = f"{kind} {n}x{n} ({F.m} samples, {fft_backend()}, {np.dtype(F.dtype).name})"
    med, _ = compare(name, contenders, x, repeats)
    weights = weights_overhead(lambda w: firenet(F, y, weights=w, **kw), F.N, PAIRS)
    pairs = [("project", "bare"), ("project, same callables", "bare, callables")]
    return verdicts(kind, med, pairs, weights)


def _load_theirs(path):
    """Their ``firenet`` from a local copy of inexact_input/firenet.py (never part of this repository)."""
    spec = importlib.util.spec_from_file_location("authors_firenet_py", os.path.join(path, "firenet.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.firenet


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3, help="interleaved rounds (medians need >= 3)")
    ap.add_argument("--quick", action="store_true", help="5 restarts instead of 15 (for a fast look)")
    ap.add_argument("--authors-code", metavar="DIR", help="a local copy of the authors' inexact_input/ folder")
    ap.add_argument("--cases", nargs="+", choices=("dense", "FFT", "DCT"), default=["dense", "FFT", "DCT"])
    a = ap.parse_args()
    if a.quick:
        RESTARTS = 5
    print(f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, numpy {np.__version__}")
    theirs = _load_theirs(a.authors_code) if a.authors_code else None
    ok = [dense(a.repeats, theirs) if c == "dense" else transform(c, a.repeats) for c in a.cases]
    print("all targets met" if all(ok) else "some targets MISSED (see above)")
    raise SystemExit(0 if all(ok) else 1)
