"""A small PyTorch model trained to solve U-LASSO, property-tested against the Theorem 1 barrier.

Needs the ``[torch]`` extra (``pip install 'sci_oracle[torch]'``); without torch it says so and
exits 0. The model is trained the ordinary way, on synthetic instances of the public problem
class (a 1×2 design a = c·(1 + δ), y = 1, δ random; its exact solutions come from the closed
form of Theorem 1's family), then wrapped with :func:`sci_oracle.harness.adapters.torch_solver` and
checked: the adversary proves it cannot be right to K digits (PNAS 2022 Theorem 1(a)), and the
check decides, exactly, whether it reaches K−1 and K−2.

    python examples/torch_model.py
"""

import sys

try:
    import torch
except ImportError:  # pragma: no cover - the [torch] extra is optional
    print("examples/torch_model.py needs the [torch] extra: pip install 'sci_oracle[torch]'")
    sys.exit(0)

import math

K, LAM = 3, 1.0
C = math.sqrt(2) * 10**K / 3  # the public scale of the Theorem 1 family (PNAS 2022 SI)


def u_lasso_1d(a):
    """Exact-form minimiser of λ|t| + (a t − 1)² over t: the family's t(a) = 1/a − λ/(2a²)."""
    return 1 / a - LAM / (2 * a * a)


class SolverNet(torch.nn.Module):
    """(A, y) -> x for 1×2 designs: a 2-16-2 MLP on the relative column gap, times t(mean a)."""

    def __init__(self):
        super().__init__()
        self.mlp = torch.nn.Sequential(torch.nn.Linear(1, 16), torch.nn.Tanh(), torch.nn.Linear(16, 2))

    def forward(self, A, y):
        a = A[..., 0, :] * y[..., :1]
        gap = ((a[..., 1] - a[..., 0]) / C * 1e6).unsqueeze(-1)  # relative gap, scaled to O(1)
        weights = torch.softmax(self.mlp(gap), dim=-1)
        return weights * u_lasso_1d(a.mean(-1, keepdim=True))


def train(steps=150, seed=0):
    torch.manual_seed(seed)
    model = SolverNet().double()
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(steps):
        delta = (torch.rand(256, 2, dtype=torch.float64) - 0.5) * 4e-6
        a = C * (1 + delta)
        A, y = a.unsqueeze(1), torch.ones(256, 1, dtype=torch.float64)
        j = a.argmax(-1)
        target = torch.zeros(256, 2, dtype=torch.float64)
        target[torch.arange(256), j] = u_lasso_1d(a[torch.arange(256), j])
        loss = ((model(A, y) - target) ** 2).sum(-1).mean() / u_lasso_1d(torch.tensor(C)) ** 2
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def make_solver():
    from sci_oracle import torch_solver

    return torch_solver(train(), level=52)


if __name__ == "__main__":
    from sci_oracle import check

    solve = make_solver()
    report = check(solve, "ulasso", K=K)
    report.render()
    print(f"verdict: {report.verdict}; digits reached: {report.digits_reached}; witness re-verifies: {report.verify()}")
