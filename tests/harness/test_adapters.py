"""Adapters: ordinary numpy / mpmath / Fraction / torch / scikit-learn code under the oracle,
with capabilities checked up front and errors that name what is missing."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sci_oracle.algorithms.base import run
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.oracle import HonestOracle
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.harness.adapters import (
    as_predictor,
    fraction_solver,
    mpmath_solver,
    numpy_solver,
    sklearn_solver,
    torch_solver,
    training_procedure,
)
from sci_oracle.harness.check import check

FAM = PNASFamily("ulasso", 3)


def _oracle(inst=None):
    inst = inst or FAM.member(1, 4)
    return HonestOracle(inst.inputs, problem=FAM.info)


def argmax_solver(A, y, problem):
    x = np.zeros(A.shape[1])
    j = int(np.argmax(A[0]))
    a = A[0, j]
    x[j] = 1 / a - float(problem.problem.lam) / (2 * a * a)
    return x


def test_numpy_solver_reads_at_its_level_and_passes_problem():
    alg = numpy_solver(argmax_solver, level=20)
    rec = run(alg, _oracle(), N=2)
    assert rec.outcome == "output"
    assert rec.max_level == 20
    assert len(rec.transcript) == 2
    assert FAM.member(1, 4).dist2(rec.output) < Fraction(1, 10**12)


def test_fraction_and_mpmath_solvers_are_exact_enough():
    def exact(A, y):
        assert isinstance(A[0, 0], Fraction)
        return [Fraction(0)] * A.shape[1]

    assert run(fraction_solver(exact, level=10), _oracle(), N=2).output == (0, 0)

    def mp(A, y):
        import mpmath

        assert isinstance(A, mpmath.matrix)
        assert mpmath.mp.prec == 200
        return mpmath.matrix([[0, 1 / A[0, 1]]])

    rec = run(mpmath_solver(mp, level=60, bits=200), _oracle(), N=2)
    assert rec.outcome == "output"
    assert rec.output[0] == 0
    assert rec.output[1] > 0


@pytest.mark.parametrize(
    ("make", "msg"),
    [
        (lambda: numpy_solver(42), "f=42 is invalid: it is not callable"),
        (lambda: numpy_solver(lambda A: A), "must accept 2 positional arguments"),
        (lambda: numpy_solver(argmax_solver, level=-1), "level=-1 is invalid"),
        (lambda: mpmath_solver(lambda A, y: y, bits=1), "bits=1 is invalid"),
        (lambda: training_procedure(lambda Y: Y), "must accept 2 positional arguments"),
    ],
)
def test_bad_adapter_arguments(make, msg):
    with pytest.raises(InvalidArgument, match=msg):
        make()


def test_adapted_solver_checked_end_to_end_isolated():
    report = check(numpy_solver(argmax_solver, level=30), family=FAM)
    assert report.isolated
    assert report.verdict == "refuted"
    assert report.verify()


class _NoPredict:
    def fit(self, X, y):
        return self


def test_predictor_errors_name_what_is_missing():
    with pytest.raises(InvalidArgument, match="estimator has no predict"):
        as_predictor(_NoPredict())
    with pytest.raises(InvalidArgument, match="has no predict and is not callable"):
        as_predictor(object())
    with pytest.raises(InvalidArgument, match="estimator has no predict"):
        training_procedure(_NoPredict())
    got = as_predictor(lambda y: y)([Fraction(1, 3), 2])  # float64 by default: what numpy/torch code expects
    assert got.dtype == np.float64
    assert list(got) == [1 / 3, 2.0]
    assert list(as_predictor(lambda y: y, exact=True)([Fraction(1, 3), 2])) == [Fraction(1, 3), 2]


def test_training_procedure_needs_training_samples():
    proc = training_procedure(lambda Y, X: lambda y: y)
    rec = run(proc, _oracle(), N=2)
    assert rec.outcome == "error"
    assert "no training samples y0, x0" in rec.reason


def test_training_procedure_runs_on_a_labelled_oracle():
    y0, x0 = [Fraction(1), Fraction(0)], [Fraction(2), Fraction(0)]
    y1, x1 = [Fraction(0), Fraction(1)], [Fraction(0), Fraction(3)]
    data = {"y0": y0, "x0": x0, "y1": y1, "x1": x1}
    oracle = HonestOracle(data)

    def train(Y, X):  # least squares: W = Y⁺X, predictor y -> yW
        W = np.linalg.lstsq(Y, X, rcond=None)[0]
        return lambda y: np.asarray(y, dtype=float) @ W

    rec = run(training_procedure(train, level=10), oracle, convert=lambda p: tuple(p([Fraction(1), Fraction(1)])))
    assert rec.outcome == "output"
    assert rec.output == (2.0, 3.0)
    assert {a.query.name for a in rec.transcript} == {"y0", "x0", "y1", "x1"}
    rec = run(training_procedure(train, level=10, samples=1), HonestOracle(data), convert=lambda p: tuple(p([1, 0])))
    assert {a.query.name for a in rec.transcript} == {"y0", "x0"}


@pytest.mark.parametrize("isolated", [False, True])
def test_training_procedure_on_the_training_family(isolated):
    from sci_oracle.families.training import TrainingFamily

    fam = TrainingFamily("srlasso", 3)
    report = check(training_procedure(_least_squares, level=30, samples=2), family=fam, isolated=isolated, members=(4,))
    assert report.samples_read == {**report.samples_read, "unit": "training samples", "max_distinct": 2}
    assert report.claims[3].status == "refuted"  # Theorem 1(a) holds for trained predictors too
    assert report.verify()


def _least_squares(Y, X):
    W = np.linalg.lstsq(Y, X, rcond=None)[0]
    return lambda y: np.asarray([float(v) for v in y]) @ W


@pytest.mark.sklearn
@pytest.mark.filterwarnings("ignore")
def test_sklearn_lasso_as_a_u_lasso_solver():
    linear_model = pytest.importorskip("sklearn.linear_model")
    est = linear_model.Lasso(fit_intercept=False, tol=1e-12, max_iter=100_000)  # warns; the exact check decides
    rec = run(sklearn_solver(est, level=52), _oracle(FAM.limit()), N=2)
    assert rec.outcome == "output"
    # alpha = λ/(2m) makes sklearn's objective a multiple of U-LASSO's: the limit's minimisers
    assert FAM.limit().dist2(rec.output) < Fraction(1, 10**10)
    report = check(sklearn_solver(est), family=FAM, isolated=False, members=(8,))
    assert report.claims[3].status == "refuted"
    assert report.claims[2].status == "certified"


@pytest.mark.sklearn
def test_sklearn_in_the_sandbox_prints_no_joblib_warning(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sk.py").write_text(
        "from sklearn.linear_model import Lasso\n"
        "from sci_oracle import sklearn_solver\n"
        "solve = sklearn_solver(Lasso(fit_intercept=False), level=40)\n"
    )
    report = check("sk:solve", family=FAM, members=(4,))  # isolated: the read-only /dev/shm made joblib warn
    assert report.isolated
    assert report.claims[3].status == "refuted"
    assert "joblib" not in report.algorithm_output


@pytest.mark.sklearn
def test_sklearn_capability_errors():
    pytest.importorskip("sklearn")
    with pytest.raises(InvalidArgument, match="estimator has no fit"):
        sklearn_solver(object())
    from sklearn.linear_model import Lasso

    rec = run(
        sklearn_solver(Lasso()),
        HonestOracle(PNASFamily("srlasso", 3).limit().inputs, problem=PNASFamily("srlasso", 3).info),
        N=2,
    )
    assert rec.outcome == "error"
    assert "only unweighted U-LASSO maps" in rec.reason


@pytest.mark.torch
def test_torch_module_solver():
    torch = pytest.importorskip("torch")

    class Net(torch.nn.Module):
        def forward(self, A, y):
            return torch.linalg.lstsq(A, y.unsqueeze(-1)).solution.squeeze(-1)

    rec = run(torch_solver(Net(), level=40), _oracle(), N=2)
    assert rec.outcome == "output"
    assert all(isinstance(v, Fraction) for v in rec.output)
    with pytest.raises(InvalidArgument, match="has no forward"):
        torch_solver(object())
