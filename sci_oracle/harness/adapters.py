"""Adapters: bring code written the ordinary way to the oracle model (PNAS 2022 SI §2).

An algorithm under test is any callable ``f(oracle) -> vector`` (see
:mod:`sci_oracle.algorithms.base`). Most code is not written that way: it takes arrays. Each
adapter below reads the input through the oracle at a *chosen level* (so the precision the code
used is recorded and attacked by the adversary) and converts it explicitly:

=========================  =====================================  ===========================
adapter                    your code                               it receives
=========================  =====================================  ===========================
:func:`numpy_solver`       ``f(A, y) -> x``                        float64 ndarrays at ``level``
:func:`mpmath_solver`      ``f(A, y) -> x``                        mpmath matrices, ``bits``
:func:`fraction_solver`    ``f(A, y) -> x``                        object arrays of Fractions
:func:`torch_solver`       ``nn.Module``: ``model(A, y) -> x``     float64 tensors ([torch])
:func:`sklearn_solver`     estimator with ``fit`` and ``coef_``    ``fit(A, y)``; x = ``coef_``
:func:`training_procedure` ``train(Y, X) -> predictor``            labelled samples (see below)
=========================  =====================================  ===========================

A function that also takes a ``problem`` parameter gets the public
:class:`~sci_oracle.families.pnas.ProblemInfo` (which problem, λ or ε, weights, sizes; never the
input). Capabilities are checked up front, and an error names what is missing ("estimator has
no predict"). Adapters are plain module-level classes, so they pickle and run isolated.

**Training algorithms (Theorem 1(b)/(c)).** The same door for "labelled data in, predictor
out": :func:`training_procedure` wraps ``train(Y, X) -> predictor``. The oracle of a training
family (:class:`sci_oracle.families.training.TrainingFamily`) serves R labelled samples as arrays
``y0, x0, y1, x1, …`` (input y_k, its solution x_k); the adapter reads the first ``samples`` of
them at ``level`` and stacks them into ``Y`` (k × m) and ``X`` (k × N). The predictor may be a
callable ``p(y) -> x``, a ``torch.nn.Module`` or an estimator with ``predict``; the family scores
it at its public test input. The check reports *distinct training samples read*.
"""

from __future__ import annotations

import inspect
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import precision
from sci_oracle.core.validation import check_int

__all__ = [
    "SOLVER_INPUTS",
    "as_predictor",
    "fraction_solver",
    "mpmath_solver",
    "numpy_solver",
    "sklearn_solver",
    "torch_solver",
    "training_procedure",
    "training_procedure_spec",
]

SOLVER_INPUTS = ("A", "y")


def _check_callable(name: str, f: Any, n_args: int) -> bool:
    """Check ``f`` takes ``n_args`` positional arguments; return whether it takes ``problem=``."""
    if not callable(f):
        raise InvalidArgument(f"{name}={f!r} is invalid: it is not callable")
    try:
        sig = inspect.signature(f)
    except (TypeError, ValueError):  # builtins without a signature: trust them
        return False
    wants = "problem" in sig.parameters or any(p.kind is p.VAR_KEYWORD for p in sig.parameters.values())
    try:
        sig.bind(*range(n_args), **({"problem": None} if "problem" in sig.parameters else {}))
    except TypeError:
        raise InvalidArgument(
            f"{name}={getattr(f, '__name__', f)!r} is invalid: it must accept {n_args} positional "
            f"arguments (and optionally problem=), but its signature is {sig}"
        ) from None
    return wants


class _ArraySolver:
    """Read A and y at ``level``, convert with ``convert``, call ``f``."""

    kind = "float64"

    def __init__(self, f: Callable[..., Any], level: int):
        self.f = f
        self.level = check_int("level", level, min_value=0, max_value=1 << 16)
        self._problem = _check_callable("f", f, 2)

    def _read(self, oracle: Any, name: str) -> Any:
        return oracle.float64(name, self.level)

    def __call__(self, oracle: Any) -> Any:
        A, y = self._read(oracle, "A"), self._read(oracle, "y")
        return self.f(A, y, problem=oracle.problem) if self._problem else self.f(A, y)

    def __repr__(self) -> str:
        return f"{type(self).__name__.lstrip('_')}({getattr(self.f, '__qualname__', self.f)}, level={self.level})"


class NumpySolver(_ArraySolver):
    """``f(A, y) -> x`` on float64 ndarrays (the nearest float64 to each dyadic answer)."""


class FractionSolver(_ArraySolver):
    kind = "fraction"

    def _read(self, oracle: Any, name: str) -> Any:
        return oracle.fractions(name, self.level)


class MpmathSolver(_ArraySolver):
    kind = "mpmath"

    def __init__(self, f: Callable[..., Any], level: int, bits: int | None):
        super().__init__(f, level)
        self.bits = check_int("bits", bits if bits is not None else max(53, level + 20), min_value=2, max_value=1 << 20)

    def __call__(self, oracle: Any) -> Any:
        import mpmath

        with precision(self.bits):
            A, y = oracle.mpmath("A", self.level), oracle.mpmath("y", self.level)
            A, y = mpmath.matrix(A.tolist()), mpmath.matrix(list(y))
            out = self.f(A, y, problem=oracle.problem) if self._problem else self.f(A, y)
            if isinstance(out, mpmath.matrix):
                out = [out[i] for i in range(out.rows * out.cols)]
            return list(out)


def numpy_solver(f: Callable[..., Any], *, level: int = 52) -> NumpySolver:
    """Wrap ``f(A, y) -> x`` (numpy float64 in and out) as an algorithm reading at ``level``.

    Level 52 gives answers within 2^-52 (as fine as float64 resolves numbers of size ~1). The
    output is taken *exactly* as the float64 values returned.

    >>> import numpy as np
    >>> alg = numpy_solver(lambda A, y: np.linalg.lstsq(A, y, rcond=None)[0], level=40)
    >>> alg.level
    40
    """
    return NumpySolver(f, level)


def fraction_solver(f: Callable[..., Any], *, level: int = 52) -> FractionSolver:
    """Wrap ``f(A, y) -> x`` that computes in exact rationals: A, y are object arrays of Fractions."""
    return FractionSolver(f, level)


def mpmath_solver(f: Callable[..., Any], *, level: int = 52, bits: int | None = None) -> MpmathSolver:
    """Wrap ``f(A, y) -> x`` on ``mpmath.matrix`` inputs, run at ``bits`` of working precision
    (default ``max(53, level + 20)``); the output's mpf values are taken exactly."""
    return MpmathSolver(f, level, bits)


# --------------------------------------------------------------------------- torch
def _status(message: str) -> None:
    """A progress line on stderr when a person watches (a terminal, or SCI_ORACLE_PROGRESS=1):
    torch imports and first runs take seconds, which should not be a blank screen."""
    if os.environ.get("SCI_ORACLE_PROGRESS") == "1" or sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


class TorchSolver:
    """``model(A, y) -> x`` for a ``torch.nn.Module``, in float64, without gradients."""

    def __init__(self, model: Any, level: int):
        import torch

        if not isinstance(model, torch.nn.Module):
            missing = "forward" if not hasattr(model, "forward") else "the torch.nn.Module base class"
            raise InvalidArgument(f"model={type(model).__name__} is invalid: it has no {missing}")
        self.model = model
        self.level = check_int("level", level, min_value=0, max_value=1 << 16)
        self._runs = 0
        params = sum(p.numel() for p in model.parameters())
        _status(f"torch_solver: {type(model).__name__} ({params} parameters) ready, reads at level {self.level}")

    def __call__(self, oracle: Any) -> Any:
        import torch

        if self._runs == 0:  # float64 and eval mode once, not per run (model.double() walks every parameter)
            self.model.double().eval()
            t0 = time.perf_counter()
        A = torch.from_numpy(np.ascontiguousarray(oracle.float64("A", self.level), dtype=np.float64))
        y = torch.from_numpy(np.ascontiguousarray(oracle.float64("y", self.level), dtype=np.float64))
        with torch.no_grad():
            out = self.model(A, y).detach().cpu().numpy().ravel()
        if self._runs == 0:
            _status(f"torch_solver: first run done in {time.perf_counter() - t0:.2f} s")
        self._runs += 1
        return out

    def __repr__(self) -> str:
        return f"torch_solver({type(self.model).__name__}, level={self.level})"


def torch_solver(model: Any, *, level: int = 52) -> TorchSolver:
    """Wrap a ``torch.nn.Module`` whose ``forward(A, y)`` returns x (needs the ``[torch]`` extra).

    The model runs in float64 (``model.double()``) in eval mode without gradients; its output is
    taken exactly as the float64 values returned.
    """
    return TorchSolver(model, level)


# --------------------------------------------------------------------------- scikit-learn
class SklearnSolver:
    """Fit a clone of ``estimator`` on design ``A`` and targets ``y``; the output is ``coef_``."""

    def __init__(self, estimator: Any, level: int, set_alpha: bool):
        for method in ("fit", "get_params"):
            if not callable(getattr(estimator, method, None)):
                raise InvalidArgument(f"estimator={type(estimator).__name__} is invalid: estimator has no {method}")
        self.estimator = estimator
        self.level = check_int("level", level, min_value=0, max_value=1 << 16)
        self.set_alpha = bool(set_alpha)

    def __call__(self, oracle: Any) -> Any:
        from sklearn.base import clone

        est = clone(self.estimator)
        info = oracle.problem
        A, y = oracle.float64("A", self.level), oracle.float64("y", self.level)
        if self.set_alpha and info is not None and "alpha" in est.get_params():
            est.set_params(alpha=_lasso_alpha(info, A.shape[0]))
        est.fit(A, y)
        if not hasattr(est, "coef_"):
            raise InvalidArgument(f"estimator={type(est).__name__} is invalid: the fitted estimator has no coef_")
        return np.asarray(est.coef_, dtype=np.float64).ravel()

    def __repr__(self) -> str:
        return f"sklearn_solver({self.estimator!r}, level={self.level})"


def _lasso_alpha(info: Any, m: int) -> float:
    """sklearn's Lasso minimises ‖y − Ax‖²/(2m) + α‖x‖₁; U-LASSO λ‖x‖₁ + ‖Ax − y‖² is the same
    problem times 2m, so α = λ/(2m). Other problems or non-unit weights have no such α."""
    prob = info.problem
    if prob.name != "ulasso" or any(w != 1 for w in prob.w(info.N)):
        raise InvalidArgument(
            f"problem={prob.name!r} is invalid for set_alpha=True: only unweighted U-LASSO maps "
            "to sklearn's Lasso alpha; pass set_alpha=False and set alpha yourself"
        )
    return float(prob.lam) / (2 * m)


def sklearn_solver(estimator: Any, *, level: int = 52, set_alpha: bool = True) -> SklearnSolver:
    """Wrap a scikit-learn linear estimator as a *solver* (needs the ``[sklearn]`` extra).

    What is meaningful: a regression estimator fitted on the design matrix ``A`` (rows =
    measurements) and targets ``y`` solves a least-squares-type problem in x, and its ``coef_``
    is the proposed solution. With ``sklearn.linear_model.Lasso(fit_intercept=False)`` this is
    U-LASSO: ``set_alpha=True`` sets ``alpha = λ/(2m)`` from the public problem so the two
    objectives agree (see :func:`_lasso_alpha`). For SR-LASSO or QCBP there is no sklearn
    estimator with the same minimisers; use ``set_alpha=False`` to test an estimator as it is.
    """
    return SklearnSolver(estimator, level, set_alpha)


# --------------------------------------------------------------------------- training algorithms
def as_predictor(obj: Any, *, exact: bool = False) -> Any:
    """A function ``y -> x`` from a trained predictor: an estimator with ``predict``, a
    ``torch.nn.Module`` or a plain callable. Errors name what is missing.

    What the predictor receives: the family's test input is an exact rational vector; it is given
    to the predictor as a **float64** ndarray (the nearest float64 to each entry; an explicit
    conversion, as every float in sci_oracle) unless ``exact=True``, when a plain callable receives
    it as an object ndarray of ``Fraction``. A network with ``evaluate`` (sci_oracle's own) is
    always evaluated exactly. Its output is taken exactly as returned (floats are numbers)."""
    if hasattr(obj, "fit") and not hasattr(obj, "predict"):
        raise InvalidArgument(f"predictor={type(obj).__name__} is invalid: estimator has no predict")
    if hasattr(obj, "predict"):
        return _Predict(obj)
    if type(obj).__module__.startswith("torch") or (hasattr(obj, "parameters") and hasattr(obj, "forward")):
        return _TorchPredict(obj)
    if hasattr(obj, "evaluate") or (callable(obj) and exact):
        return obj
    if callable(obj):
        return _FloatPredict(obj)
    raise InvalidArgument(f"predictor={type(obj).__name__} is invalid: it has no predict and is not callable")


def _floats(y: Any) -> np.ndarray:
    return np.array([float(v) for v in np.asarray(y, dtype=object).ravel()], dtype=np.float64)


class _FloatPredict:
    """A plain callable predictor, given the test input as float64."""

    def __init__(self, f: Callable[[Any], Any]):
        self.f = f

    def __call__(self, y: Any) -> Any:
        return self.f(_floats(y))


class _Predict:
    def __init__(self, estimator: Any):
        self.estimator = estimator

    def __call__(self, y: Any) -> np.ndarray:
        return np.asarray(self.estimator.predict(_floats(y)[None, :]), dtype=np.float64).ravel()


class _TorchPredict:
    def __init__(self, module: Any):
        self.module = module

    def __call__(self, y: Any) -> np.ndarray:
        import torch

        self.module.eval()
        with torch.no_grad():
            return self.module.double()(torch.as_tensor(_floats(y))).detach().cpu().numpy().ravel()


class TrainingProcedure:
    """``train(Y, X) -> predictor`` on the first ``samples`` labelled samples, read at ``level``;
    the predictor gets its input as float64, or exactly with ``exact`` (:func:`as_predictor`)."""

    def __init__(self, train: Callable[..., Any], level: int, samples: int | None, exact: bool = False):
        self.exact = bool(exact)
        if hasattr(train, "fit") and not callable(train):
            train = _fit_estimator(train)
        self._problem = _check_callable("train", train, 2)
        self.train = train
        self.level = check_int("level", level, min_value=0, max_value=1 << 16)
        self.samples = None if samples is None else check_int("samples", samples, min_value=0, max_value=10**6)

    def __call__(self, oracle: Any) -> Any:
        R = sum(1 for n in oracle.names if n[:1] == "y" and n[1:].isdigit())
        if R == 0:
            raise InvalidArgument(
                f"oracle has no training samples y0, x0, ...: a training procedure needs a training "
                f"family (Theorem 1(b)/(c)); this oracle serves {', '.join(oracle.names)}"
            )
        k = R if self.samples is None else min(R, self.samples)
        Y = np.array([oracle.float64(f"y{i}", self.level) for i in range(k)]).reshape(k, -1)
        X = np.array([oracle.float64(f"x{i}", self.level) for i in range(k)]).reshape(k, -1)
        predictor = self.train(Y, X, problem=oracle.problem) if self._problem else self.train(Y, X)
        return as_predictor(predictor, exact=self.exact)

    def __repr__(self) -> str:
        k = ("" if self.samples is None else f", samples={self.samples}") + (", exact=True" if self.exact else "")
        return f"training_procedure({getattr(self.train, '__qualname__', self.train)}, level={self.level}{k})"


class _fit_estimator:
    """An unfitted estimator used as a training procedure: clone, fit(Y, X), predict."""

    def __init__(self, estimator: Any):
        if not callable(getattr(estimator, "predict", None)):
            raise InvalidArgument(f"estimator={type(estimator).__name__} is invalid: estimator has no predict")
        self.estimator = estimator

    def __call__(self, Y: np.ndarray, X: np.ndarray) -> Any:
        from sklearn.base import clone

        return clone(self.estimator).fit(Y, X)


def training_procedure(
    train: Any, *, level: int = 52, samples: int | None = None, exact: bool = False
) -> TrainingProcedure:
    """Wrap a training algorithm, "labelled data in, predictor out" (PNAS 2022 Theorem 1(b)/(c)).

    ``train`` is ``train(Y, X) -> predictor`` (optionally with ``problem=``) or an unfitted
    scikit-learn estimator (then ``fit(Y, X)`` trains it and ``predict`` is the predictor). It
    sees the first ``samples`` training samples (all by default) read at ``level``; see the
    module docstring. The returned predictor is what the family scores at its test input, which
    it receives as a float64 ndarray (``exact=True``: an object ndarray of exact Fractions).
    """
    return TrainingProcedure(train, level, samples, exact)


class TrainingProcedureSpec:
    """:func:`training_procedure` of a ``MODULE:FUNCTION`` spec, imported only where it runs.

    Pickling keeps only the spec, level and sample count, so the deciding process never imports
    the user's module: the isolated child imports it when it unpickles the payload (a module that
    cannot be loaded is then a usage error, raised by the parent as ``InvalidArgument``).
    """

    def __init__(self, spec: str, level: int, samples: int | None, exact: bool = False):
        self.exact = bool(exact)
        if not isinstance(spec, str) or ":" not in spec:
            raise InvalidArgument(f"spec={spec!r} is invalid: expected 'MODULE:FUNCTION' or 'FILE.py:FUNCTION'")
        self.spec = spec
        self.level = check_int("level", level, min_value=0, max_value=1 << 16)
        self.samples = None if samples is None else check_int("samples", samples, min_value=0, max_value=10**6)
        self._procedure: TrainingProcedure | None = None
        self._payload: Any = None

    def payload(self) -> Any:
        """The spec as the sandbox ships it: parsed here, the user's source read as bytes (never run)."""
        if self._payload is None:
            from sci_oracle.harness.isolation import AlgorithmPayload

            self._payload = AlgorithmPayload.of(self.spec)
        return self._payload

    def load(self) -> TrainingProcedureSpec:
        if self._procedure is None:
            self._procedure = TrainingProcedure(self.payload().load_object(), self.level, self.samples, self.exact)
        return self

    def __call__(self, oracle: Any) -> Any:
        return self.load()._procedure(oracle)  # type: ignore[misc]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_loaded_training_spec, (self.spec, self.level, self.samples, self.payload(), self.exact))

    def __repr__(self) -> str:
        k = ("" if self.samples is None else f", samples={self.samples}") + (", exact=True" if self.exact else "")
        return f"training_procedure_spec({self.spec!r}, level={self.level}{k})"


def _loaded_training_spec(
    spec: str, level: int, samples: int | None, payload: Any = None, exact: bool = False
) -> TrainingProcedureSpec:
    out = TrainingProcedureSpec(spec, level, samples, exact)
    out._payload = payload
    return out.load()


def training_procedure_spec(
    spec: str, *, level: int = 52, samples: int | None = None, exact: bool = False
) -> TrainingProcedureSpec:
    """A training procedure named by ``MODULE:FUNCTION`` (``train(Y, X) -> predictor``), for the
    isolated check of PNAS 2022 Theorem 1 in the training setting (``sci-oracle check --training``;
    ``exact``: the predictor gets exact Fractions instead of float64, ``--exact-predictor``)."""
    return TrainingProcedureSpec(spec, level, samples, exact)
