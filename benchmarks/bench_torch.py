"""Overhead of the torch adapter (:func:`sci_oracle.harness.adapters.torch_solver`) over calling
the model directly, on a ~1,000-parameter MLP (target <= 1.2x, import excluded).

    pip install torch==2.13.0   # a CPU-only wheel; see docs/cli.md
    python benchmarks/bench_torch.py [--reps 2000]

"direct" is ``model(A, y)`` under ``torch.no_grad()`` on float64 tensors already built; the
adapter reads A and y from an oracle (answers cached after the first read, as in a run that
asks twice), converts them to float64 tensors, and runs the model in eval mode without
gradients. A second line includes a fresh oracle per call (the harness's cost, not the
adapter's). Every number printed is measured by this run.
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction

import numpy as np

M, N, HIDDEN = 4, 8, 24  # (M*N + M) * HIDDEN + HIDDEN + HIDDEN * N + N = 1,064 parameters


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=2000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    import torch

    from sci_oracle.core.oracle import HonestOracle
    from sci_oracle.harness.adapters import torch_solver

    t_import = time.perf_counter() - t0

    class MLP(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = torch.nn.Sequential(
                torch.nn.Linear(M * N + M, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, N)
            )

        def forward(self, A, y):
            return self.net(torch.cat([A.reshape(-1), y.reshape(-1)]))

    torch.manual_seed(0)
    model = MLP().double().eval()
    params = sum(p.numel() for p in model.parameters())
    rng = np.random.default_rng(0)
    A = [[Fraction(int(v), 1 << 20) for v in row] for row in rng.integers(-(1 << 20), 1 << 20, (M, N))]
    y = [Fraction(int(v), 1 << 20) for v in rng.integers(-(1 << 20), 1 << 20, M)]
    inputs = {"A": A, "y": y}
    oracle = HonestOracle(inputs)
    At = torch.as_tensor(oracle.float64("A", 52), dtype=torch.float64)
    yt = torch.as_tensor(oracle.float64("y", 52), dtype=torch.float64)
    solver = torch_solver(model, level=52)

    def direct() -> None:
        with torch.no_grad():
            model(At, yt).numpy()

    def adapter() -> None:
        solver(oracle)

    def adapter_fresh() -> None:
        solver(HonestOracle(inputs))

    assert np.array_equal(solver(oracle), model(At, yt).detach().numpy())  # same numbers
    times = {}
    for name, f in (("direct", direct), ("adapter", adapter), ("adapter+fresh oracle", adapter_fresh)):
        for _ in range(50):
            f()  # warm
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(args.reps // 5):
                f()
            best = min(best, (time.perf_counter() - t) / (args.reps // 5))
        times[name] = best
    print(f"MLP with {params} parameters; torch {torch.__version__}; import of torch + adapters {t_import:.2f} s")
    for name, t in times.items():
        print(f"{name:>22}: {t * 1e6:8.1f} us per call ({t / times['direct']:.2f}x direct)")
    print(
        f"summary: adapter overhead {times['adapter'] / times['direct']:.2f}x direct (target <= 1.2x); "
        f"with a fresh oracle per call {times['adapter+fresh oracle'] / times['direct']:.2f}x"
    )


if __name__ == "__main__":
    main()
