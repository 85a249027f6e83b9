"""Subsampled orthonormal 2-D transforms (Fourier, DCT) for FIRENET, with their adjoints.

The MRI experiments of Colbrook–Antun–Hansen (PNAS 2022, §"FIRENETs" and SI §1.2.1) sample a
unitary DFT on a mask, A = P_Ω F, so ‖A‖₂ ≤ 1 and A* = F* P_Ωᵀ (zero-fill, then inverse DFT);
their Table 1 mixes with an orthonormal DCT. :class:`SubsampledFourier` (complex) and
:class:`SubsampledDCT` (real, the orthonormal 2-D DCT-II) build the pair ``(forward, adjoint)`` that
:func:`sci_oracle.algorithms.firenet.firenet` accepts as its operator. It uses ``scipy.fft`` where
installed (pocketfft with its plan cache, so repeated transforms of one shape reuse their plan, and
``overwrite_x``: every transform runs in place in a buffer this class owns or the caller passes as
``out``), and ``numpy.fft`` otherwise. The sampled indices are kept as a flat integer array (``take``
is faster than a boolean mask). :func:`sci_oracle.algorithms.firenet.firenet` recognises this
operator and runs its steps in the transform domain (see ``_firenet_transform`` there).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.validation import check_int

__all__ = ["SubsampledDCT", "SubsampledFourier", "SubsampledTransform", "fft_backend"]

try:  # optional: scipy's FFT is faster on 2-D transforms and accepts overwrite_x / workers
    import scipy.fft as _sfft
except ImportError:  # pragma: no cover - exercised where scipy is absent
    _sfft = None


def fft_backend() -> str:
    """'scipy.fft' when scipy is installed, else 'numpy.fft'."""
    return "scipy.fft" if _sfft is not None else "numpy.fft"


class SubsampledTransform:
    """A = P_Ω T on (rows × cols) images, T an orthonormal 2-D transform, Ω a boolean mask.

    Call :meth:`pair` for the ``(forward, adjoint)`` callables; ``norm_bound`` = 1 is a valid L_A.
    ``workers`` is passed to ``scipy.fft`` (ignored by numpy). Subclasses set ``dtype`` and
    :meth:`transform`."""

    norm_bound = 1.0
    dtype: Any = complex
    backends: tuple[str, ...] = ("scipy.fft", "numpy.fft")

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
        if backend not in self.backends:
            choices = " or ".join(repr(b) for b in self.backends)
            raise InvalidArgument(f"backend={backend!r} is invalid: choose {choices}")
        if backend == "scipy.fft" and _sfft is None:
            raise InvalidArgument(f"backend={backend!r} is invalid here: scipy is not installed (pip install scipy)")
        self.shape = mask.shape
        self.index = np.flatnonzero(mask)
        self.m, self.N = len(self.index), mask.size
        self.backend = backend
        self.workers = workers
        self._buf = np.zeros(self.N, dtype=self.dtype)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(shape={self.shape}, samples={self.m}, backend={self.backend!r})"

    def transform(self, buf: np.ndarray, *, inverse: bool = False) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def forward(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """P_Ω T x; into ``out`` (length m, this operator's dtype) when given, else a new array. ``x`` is
        not changed."""
        buf = self._buf
        x = np.asarray(x).reshape(-1)
        if self.dtype is float and np.iscomplexobj(x):
            raise InvalidArgument(f"x is complex: {type(self).__name__} is a real operator")
        buf[...] = x
        self.transform(buf)
        if out is None:
            return buf.take(self.index)
        if out.shape != (self.m,) or out.dtype != self.dtype:
            raise InvalidArgument(
                f"out has shape {out.shape} and dtype {out.dtype}: expected ({self.m},) {np.dtype(self.dtype)}"
            )
        return np.take(buf, self.index, out=out, mode="clip")  # valid indices; "raise" would buffer out

    def adjoint(self, v: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """T* P_Ωᵀ v (zero-fill, inverse transform); into ``out`` (length N, this operator's dtype) when
        given, else a new array."""
        if self.dtype is float and np.iscomplexobj(v):
            raise InvalidArgument(f"v is complex: {type(self).__name__} is a real operator")
        if out is None:
            out = np.empty(self.N, dtype=self.dtype)
        elif out.shape != (self.N,) or out.dtype != self.dtype or not out.flags.c_contiguous:
            raise InvalidArgument(
                f"out has shape {out.shape} and dtype {out.dtype}: expected ({self.N},) {np.dtype(self.dtype)}"
            )
        out.fill(0)
        out[self.index] = v
        self.transform(out, inverse=True)
        return out

    def pair(self) -> tuple[Any, Any]:
        """``(forward, adjoint)`` for :func:`sci_oracle.algorithms.firenet.firenet`."""
        return self.forward, self.adjoint


class SubsampledFourier(SubsampledTransform):
    """A = P_Ω F, F the orthonormal (unitary) 2-D DFT; complex."""

    dtype = complex

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


class SubsampledDCT(SubsampledTransform):
    """A = P_Ω C, C the orthonormal 2-D DCT-II (``scipy.fft.dctn(type=2, norm="ortho")``); real, so
    FIRENET keeps real iterates. Needs scipy (numpy has no DCT)."""

    dtype = float
    backends = ("scipy.fft",)

    def __init__(self, mask: Any, *, workers: int | None = None, backend: str | None = None):
        super().__init__(mask, workers=workers, backend="scipy.fft" if backend is None else backend)

    def transform(self, buf: np.ndarray, *, inverse: bool = False) -> None:
        """The orthonormal 2-D DCT-II (or its inverse, the DCT-III) of the flat float64 image ``buf``, in place."""
        img = buf.reshape(self.shape)
        f = _sfft.idctn if inverse else _sfft.dctn
        out = f(img, type=2, norm="ortho", workers=self.workers, overwrite_x=True)
        if not np.shares_memory(out, buf):
            img[...] = out
