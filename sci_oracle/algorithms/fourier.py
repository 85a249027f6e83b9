"""Subsampled orthonormal 2-D Fourier operators for FIRENET, with their adjoints.

The MRI experiments of Colbrook–Antun–Hansen (PNAS 2022, §"FIRENETs" and SI §1.2.1) sample a
unitary DFT on a mask, A = P_Ω F, so ‖A‖₂ ≤ 1 and A* = F* P_Ωᵀ (zero-fill, then inverse DFT).
:class:`SubsampledFourier` builds the pair ``(forward, adjoint)`` that
:func:`sci_oracle.algorithms.firenet.firenet` accepts as its operator. It uses ``scipy.fft`` where
installed (pocketfft with its plan cache, so repeated transforms of one shape reuse their plan, and
``overwrite_x``: every transform runs in place in a buffer this class owns or the caller passes as
``out``), and ``numpy.fft`` otherwise. The sampled indices are kept as a flat integer array (``take``
is faster than a boolean mask). :func:`sci_oracle.algorithms.firenet.firenet` recognises this
operator and runs its steps in the Fourier domain (see ``_firenet_fourier`` there).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.validation import check_int

__all__ = ["SubsampledFourier", "fft_backend"]

try:  # optional: scipy's FFT is faster on 2-D transforms and accepts overwrite_x / workers
    import scipy.fft as _sfft
except ImportError:  # pragma: no cover - exercised where scipy is absent
    _sfft = None


def fft_backend() -> str:
    """'scipy.fft' when scipy is installed, else 'numpy.fft'."""
    return "scipy.fft" if _sfft is not None else "numpy.fft"


class SubsampledFourier:
    """A = P_Ω F on (rows × cols) images, F the orthonormal 2-D DFT, Ω a boolean mask.

    Call :meth:`pair` for the ``(forward, adjoint)`` callables; ``norm_bound`` = 1 is a valid L_A.
    ``workers`` is passed to ``scipy.fft`` (ignored by numpy).
    """

    norm_bound = 1.0

    def __init__(self, mask: Any, *, workers: int | None = None, backend: str | None = None):
        mask = np.asarray(mask)
        if mask.ndim != 2 or mask.dtype != bool:
            raise InvalidArgument(f"mask has shape {mask.shape} and dtype {mask.dtype}: expected a 2-D boolean array")
        if not mask.any():
            raise InvalidArgument("mask is invalid: it samples no frequency (at least one entry must be True)")
        if workers is not None:
            check_int("workers", workers, min_value=1, max_value=1024)
        if backend is None:
            backend = fft_backend()
        if backend not in ("scipy.fft", "numpy.fft"):
            raise InvalidArgument(f"backend={backend!r} is invalid: choose 'scipy.fft' or 'numpy.fft'")
        if backend == "scipy.fft" and _sfft is None:
            raise InvalidArgument("backend='scipy.fft' is invalid here: scipy is not installed (pip install scipy)")
        self.shape = mask.shape
        self.index = np.flatnonzero(mask)
        self.m, self.N = len(self.index), mask.size
        self.backend = backend
        self.workers = workers
        self._buf = np.zeros(self.N, dtype=complex)

    def __repr__(self) -> str:
        return f"SubsampledFourier(shape={self.shape}, samples={self.m}, backend={self.backend!r})"

    def transform(self, buf: np.ndarray, *, inverse: bool = False) -> None:
        """The orthonormal 2-D DFT (or its inverse) of the flat complex128 image ``buf``, in place.

        With ``scipy.fft`` the transform runs in the buffer itself (``overwrite_x``): no allocation,
        so no fresh pages to fault in on every call (a 1 MB temporary per transform was the largest
        cost beyond the FFT itself on a 256×256 image)."""
        img = buf.reshape(self.shape)
        if self.backend == "scipy.fft":
            f = _sfft.ifft2 if inverse else _sfft.fft2
            out = f(img, norm="ortho", workers=self.workers, overwrite_x=True)
        else:
            out = (np.fft.ifft2 if inverse else np.fft.fft2)(img, norm="ortho")
        if not np.shares_memory(out, buf):
            img[...] = out

    def forward(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """P_Ω F x; into ``out`` (complex, length m) when given, else a new array. ``x`` is not changed."""
        buf = self._buf
        buf[...] = np.asarray(x).reshape(-1)
        self.transform(buf)
        if out is None:
            return buf.take(self.index)
        if out.shape != (self.m,) or out.dtype != np.complex128:
            raise InvalidArgument(f"out has shape {out.shape} and dtype {out.dtype}: expected ({self.m},) complex128")
        return np.take(buf, self.index, out=out, mode="clip")  # valid indices; "raise" would buffer out

    def adjoint(self, v: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """F* P_Ωᵀ v (zero-fill, inverse DFT); into ``out`` (complex, length N) when given, else a new array."""
        if out is None:
            out = np.empty(self.N, dtype=complex)
        elif out.shape != (self.N,) or out.dtype != np.complex128 or not out.flags.c_contiguous:
            raise InvalidArgument(f"out has shape {out.shape} and dtype {out.dtype}: expected ({self.N},) complex128")
        out.fill(0)
        out[self.index] = v
        self.transform(out, inverse=True)
        return out

    def pair(self) -> tuple[Any, Any]:
        """``(forward, adjoint)`` for :func:`sci_oracle.algorithms.firenet.firenet`."""
        return self.forward, self.adjoint
