"""LISTA: an unrolled, trained sparse-recovery network (the trained baseline of PNAS 2022, Table 1).

Untied learned ISTA (Gregor & LeCun 2010) with T layers:

    x₀ = 0,   x_{k+1} = soft_{θ_k}(x_k + W_k(y − A x_k)),   W_k ∈ R^{N×m}, θ_k ≥ 0,

trained on pairs (y, x) by mean-squared error with Adam. :func:`train_lista` uses plain numpy
with hand-written gradients; ``backend="torch"`` uses PyTorch autograd (extra ``[torch]``).
:meth:`Lista.to_network` gives the same map as a :class:`sci_oracle.core.nn.NeuralNetwork`
(affine layers with input skips R = W_k, soft-threshold between), so the exact NN tools and the
perturbation search of :mod:`sci_oracle.pnas.stability` apply to it.

Colbrook–Antun–Hansen (PNAS 2022), Table 1 and SI §4, train LISTA (10 layers, float64) on
data from one member of the Theorem 1 family; the network trained this way is accurate on its
training distribution but, unlike FIRENET, carries no stability guarantee.

References
----------
.. [1] K. Gregor, Y. LeCun, "Learning fast approximations of sparse coding", ICML 2010.
.. [2] M. J. Colbrook, V. Antun, A. C. Hansen, PNAS 119(12) e2107151119 (2022), Table 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.nn import Affine, NeuralNetwork, SoftThreshold
from sci_oracle.core.validation import check_choice, check_int

__all__ = ["Lista", "lista_forward", "train_lista"]


@dataclass
class Lista:
    """A trained LISTA: ``W`` has shape (T, N, m), ``theta`` shape (T,); ``A`` is the operator."""

    A: np.ndarray
    W: np.ndarray
    theta: np.ndarray
    losses: list[float] = field(default_factory=list)
    seed: Any = None

    @property
    def layers(self) -> int:
        return len(self.theta)

    def __call__(self, y: np.ndarray) -> np.ndarray:
        """Reconstruct one measurement vector (m,) or a batch (B, m)."""
        y = np.asarray(y, dtype=float)
        single = y.ndim == 1
        out = lista_forward(self.A, self.W, self.theta, y[None, :] if single else y)[
            0
        ].copy()  # not a view of the buffers
        return out[0] if single else out

    def to_network(self) -> NeuralNetwork:
        """The same map as a NeuralNetwork: T affine+soft-threshold blocks and a final identity layer."""
        N, _m = self.W.shape[1:]
        layers: list[Any] = [Affine(self.W[0]), SoftThreshold(max(self.theta[0], 0.0))]
        for k in range(1, self.layers):
            layers += [Affine(np.eye(N) - self.W[k] @ self.A, None, self.W[k]), SoftThreshold(max(self.theta[k], 0.0))]
        layers.append(Affine(np.eye(N)))
        return NeuralNetwork(layers)

    def __repr__(self) -> str:
        N, m = self.W.shape[1:]
        last = f", final loss {self.losses[-1]:.3g}" if self.losses else ""
        return f"Lista(layers={self.layers}, m={m}, N={N}{last})"


def _soft(u: np.ndarray, t: float) -> np.ndarray:
    return np.sign(u) * np.maximum(np.abs(u) - t, 0.0)


class _Work:
    """Buffers of one batch size for :func:`lista_forward` and :func:`_grads`, reused across batches.

    A fresh (batch × N) temporary per operation (≈ 20 per layer and batch) made glibc grow and trim
    the heap on every batch: the full ``sci-oracle table1`` spent about half its CPU time in brk
    calls and page faults. Filled in place, the same float64 operations run in the same order, so
    the results are bit for bit those of the allocating version."""

    def __init__(self, layers: int, B: int, m: int, N: int):
        self.B = B
        self.X = np.empty((layers + 1, B, N))  # X_0 = 0, …, X_T
        self.R = np.empty((layers, B, m))  # residuals Y − X_k Aᵀ
        self.U = np.empty((layers, B, N))  # pre-threshold X_k + R_k W_kᵀ
        self.n1, self.n2, self.g, self.gU = (np.empty((B, N)) for _ in range(4))
        self.gR, self.Y, self.Xt = np.empty((B, m)), np.empty((B, m)), np.empty((B, N))
        self.mask = np.empty((B, N), dtype=bool)

    def fits(self, layers: int, B: int, m: int, N: int) -> bool:
        return self.X.shape == (layers + 1, B, N) and self.R.shape[2] == m


def _soft_into(u: np.ndarray, t: float, tmp: np.ndarray, out: np.ndarray) -> None:
    """out = sign(u)·max(|u| − t, 0), as :func:`_soft`, into preallocated arrays."""
    np.abs(u, out=out)
    np.subtract(out, t, out=out)
    np.maximum(out, 0.0, out=out)
    np.sign(u, out=tmp)
    np.multiply(tmp, out, out=out)


def lista_forward(
    A: np.ndarray, W: np.ndarray, theta: np.ndarray, Y: np.ndarray, work: _Work | None = None
) -> tuple[np.ndarray, list]:
    """Batched forward pass; returns (X_T, tape) with tape = [(X_k, residual_k, U_k)] for backprop.

    With ``work`` the arrays are views of its buffers (valid until its next use)."""
    (B, m), N, T = Y.shape, W.shape[1], len(theta)
    w = work if work is not None and work.fits(T, B, m, N) else _Work(T, B, m, N)
    X, R, U = w.X, w.R, w.U
    X[0].fill(0.0)
    tape = []
    for k in range(T):
        np.matmul(X[k], A.T, out=R[k])
        np.subtract(Y, R[k], out=R[k])  # R_k = Y − X_k Aᵀ
        np.matmul(R[k], W[k].T, out=U[k])
        np.add(X[k], U[k], out=U[k])  # U_k = X_k + R_k W_kᵀ
        tape.append((X[k], R[k], U[k]))
        _soft_into(U[k], theta[k], w.n1, X[k + 1])
    return X[T], tape


def _grads(A, W, theta, Y, Xtrue, work: _Work | None = None):
    (B, m), N, T = Y.shape, W.shape[1], len(theta)
    w = work if work is not None and work.fits(T, B, m, N) else _Work(T, B, m, N)
    X, tape = lista_forward(A, W, theta, Y, w)
    diff, g, gU, n2 = w.n1, w.g, w.gU, w.n2
    np.subtract(X, Xtrue, out=diff)
    np.multiply(diff, diff, out=n2)
    loss = float(np.sum(n2) / B)
    np.multiply(diff, 2.0, out=g)
    np.divide(g, B, out=g)  # 2·diff/B
    gW, gth = np.zeros_like(W), np.zeros_like(theta)
    for k in reversed(range(T)):
        _Xk, Rk, U = tape[k]
        np.abs(U, out=n2)
        np.greater(n2, theta[k], out=w.mask)
        np.multiply(g, w.mask, out=gU)
        np.sign(U, out=n2)
        np.multiply(gU, n2, out=n2)
        gth[k] = -np.sum(n2)
        np.matmul(gU.T, Rk, out=gW[k])
        np.matmul(gU, W[k], out=w.gR)
        np.matmul(w.gR, A, out=n2)
        np.subtract(gU, n2, out=g)
    return loss, gW, gth


def train_lista(
    A: np.ndarray,
    Y: np.ndarray,
    X: np.ndarray,
    *,
    layers: int = 10,
    epochs: int = 200,
    batch_size: int = 64,
    lr: float = 1e-3,
    seed: int | np.random.Generator = 0,
    backend: str = "numpy",
) -> Lista:
    """Train an untied LISTA on pairs (Y[i], X[i]) by MSE with Adam; float64, real data.

    Initialised at ISTA (W_k = Aᵀ/L², θ_k = 0.1·max|AᵀY|/L² with L = ‖A‖₂), so the untrained
    network already is T steps of ISTA. ``seed`` fixes the batch order (no global RNG is used).
    """
    check_choice("backend", backend, ("numpy", "torch"))
    layers = check_int("layers", layers, min_value=1, max_value=10_000)
    epochs = check_int("epochs", epochs, min_value=1)
    batch_size = check_int("batch_size", batch_size, min_value=1)
    if not (isinstance(lr, (int, float)) and lr > 0):
        raise InvalidArgument(f"lr={lr!r} is invalid: lr must be a float > 0")
    A = np.asarray(A, dtype=float)
    Y, X = np.asarray(Y, dtype=float), np.asarray(X, dtype=float)
    if A.ndim != 2:
        raise InvalidArgument(f"A has shape {A.shape}: expected (m, N)")
    m, N = A.shape
    if Y.ndim != 2 or Y.shape[1] != m:
        raise InvalidArgument(f"Y has shape {Y.shape}: expected (samples, {m})")
    if X.shape != (Y.shape[0], N):
        raise InvalidArgument(f"X has shape {X.shape}: expected ({Y.shape[0]}, {N}) to match Y and A")
    for name, arr in (("A", A), ("Y", Y), ("X", X)):
        if not np.all(np.isfinite(arr)):
            raise InvalidArgument(f"{name} contains NaN or inf: every entry must be finite")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    L2 = np.linalg.norm(A, 2) ** 2
    W = np.repeat((A.T / L2)[None], layers, axis=0)
    theta = np.full(layers, 0.1 * np.max(np.abs(Y @ A)) / L2)
    if backend == "torch":
        return _train_torch(A, Y, X, W, theta, epochs, batch_size, lr, rng, seed)
    mW, vW, mt, vt = np.zeros_like(W), np.zeros_like(W), np.zeros_like(theta), np.zeros_like(theta)
    b1, b2, eps = 0.9, 0.999, 1e-12
    losses, step = [], 0
    works: dict[int, _Work] = {}  # one set of buffers per batch size (the last batch may be shorter)
    for _ in range(epochs):
        order = rng.permutation(len(Y))
        total = 0.0
        for start in range(0, len(Y), batch_size):
            idx = order[start : start + batch_size]
            b = len(idx)
            w = works.get(b) or works.setdefault(b, _Work(layers, b, m, N))
            np.take(Y, idx, axis=0, out=w.Y)
            np.take(X, idx, axis=0, out=w.Xt)
            loss, gW, gth = _grads(A, W, theta, w.Y, w.Xt, w)
            total += loss * len(idx)
            step += 1
            for P, G, M, V in ((W, gW, mW, vW), (theta, gth, mt, vt)):
                M *= b1
                M += (1 - b1) * G
                V *= b2
                V += (1 - b2) * G * G
                P -= lr * (M / (1 - b1**step)) / (np.sqrt(V / (1 - b2**step)) + eps)
            np.maximum(theta, 0.0, out=theta)  # thresholds stay >= 0
        losses.append(total / len(Y))
    return Lista(A, W, theta, losses, seed if not isinstance(seed, np.random.Generator) else None)


def _train_torch(A, Y, X, W, theta, epochs, batch_size, lr, rng, seed) -> Lista:  # pragma: no cover - extra
    import torch

    At = torch.tensor(A, dtype=torch.float64)
    Wt = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    tht = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    Yt, Xt = torch.tensor(Y, dtype=torch.float64), torch.tensor(X, dtype=torch.float64)
    opt = torch.optim.Adam([Wt, tht], lr=lr)
    losses = []
    for _ in range(epochs):
        order = torch.as_tensor(rng.permutation(len(Y)))
        total = 0.0
        for start in range(0, len(Y), batch_size):
            idx = order[start : start + batch_size]
            xb = torch.zeros((len(idx), W.shape[1]), dtype=torch.float64)
            for k in range(W.shape[0]):
                u = xb + (Yt[idx] - xb @ At.T) @ Wt[k].T
                xb = torch.sign(u) * torch.clamp(torch.abs(u) - tht[k], min=0.0)
            loss = torch.sum((xb - Xt[idx]) ** 2) / len(idx)
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                tht.clamp_(min=0.0)
            total += loss.detach().item() * len(idx)
        losses.append(total / len(Y))
    return Lista(
        A,
        Wt.detach().numpy().copy(),
        tht.detach().numpy().copy(),
        losses,
        seed if not isinstance(seed, np.random.Generator) else None,
    )
