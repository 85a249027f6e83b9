"""Isolation: the algorithm runs in a child process; only queries and dyadic answers cross.

Includes a hostile algorithm that hunts for the hidden exact input by introspection (oracle
attributes, stack frames, gc) and patches the harness: in-process it succeeds (the documented
caveat of isolated=False), isolated it finds nothing and cannot fake a success.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
from fractions import Fraction

import numpy as np
import pytest

from sci_oracle.algorithms.base import run
from sci_oracle.algorithms.builtin import OneSparseSolver, Zero
from sci_oracle.barrier import find_barrier
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.oracle import ExactArray, HonestOracle
from sci_oracle.core.report import Claim
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.harness.check import check
from sci_oracle.harness.isolation import AlgorithmPayload, IsolatedAlgorithm
from sci_oracle.harness.outputs import decode_output as _decode_output


def _fam():
    """The family, built on use: the isolated child imports this module to load the probes, and a
    family built at import would put exact arrays of its own (public) construction in the child."""
    return PNASFamily("srlasso", 3)


def _oracle(fam=None, **kw):
    fam = fam or _fam()
    return HonestOracle(fam.limit().inputs, problem=fam.info, **kw)


# --------------------------------------------------------------------------- hostile algorithms
def probe(oracle):
    """Count what introspection reaches: [exact arrays via gc, oracles holding inputs via frames,
    hidden-input attributes on the oracle it was given]."""
    import warnings

    with warnings.catch_warnings():  # touching every live object can trip other libraries' deprecations
        warnings.simplefilter("ignore")
        arrays = sum(isinstance(o, ExactArray) for o in gc.get_objects())
    frames, f = 0, sys._getframe()
    while f is not None:
        frames += sum(hasattr(v, "_truth") or hasattr(v, "_inputs") for v in f.f_locals.values())
        f = f.f_back
    attrs = sum(hasattr(oracle, a) for a in ("_truth", "_inputs", "_decoy"))
    return [arrays, frames, attrs]


def _hidden_solution(oracle):
    """The cheat: find the exact instance whose inputs the oracle hides, return its minimiser."""
    hidden = getattr(oracle, "_truth", None) or getattr(oracle, "_inputs", None)
    if hidden is None:
        return None
    for obj in gc.get_objects():
        inputs = getattr(obj, "inputs", None) if type(obj).__name__ == "Instance" else None
        if isinstance(inputs, dict) and inputs.get("A") is hidden["A"]:
            return list(obj.solution.vertices[0])
    return None


def hostile(oracle):
    """Read the hidden input if it can, and patch the harness to certify K digits."""
    import sci_oracle.harness.check as harness

    def fake_claim(D, K, *args, **kw):
        return Claim(f"correct to {D} digits", "certified", "certified (forged by the algorithm)", {}), {"worst": "0"}

    harness._claim = fake_claim
    x = _hidden_solution(oracle)
    return x if x is not None else [Fraction(0)] * oracle.problem.N


def test_in_process_introspection_reaches_the_hidden_input():
    counts = run(probe, _oracle(), N=3).output
    assert counts[0] >= 2
    assert counts[1] >= 1
    assert counts[2] == 1


def test_isolated_introspection_finds_nothing():
    with IsolatedAlgorithm(probe) as alg:
        rec = run(alg, _oracle(), N=3)
    assert rec.outcome == "output", rec.reason
    assert rec.output == (0, 0, 0)


def test_hostile_fakes_success_in_process_but_not_isolated():
    import sci_oracle.harness.check as harness

    original = harness._claim
    try:
        forged = check(hostile, family=_fam(), isolated=False)
        # the caveat: in-process the algorithm owns the harness (its forged claims stand, or the
        # coupling check catches its member-specific outputs: never a refutation); the report says so
        assert forged.verdict in ("certified", "error")
        assert forged.isolation["mode"] == "in-process"
        assert "trusted" in forged.isolation["trust"]
    finally:
        harness._claim = original
    report = check(hostile, family=_fam(), isolated=True)
    assert harness._claim is original
    assert report.verdict == "refuted"
    assert report.claims[3].status == "refuted"
    assert report.witness.verify()
    assert report.verify()


def test_in_process_cheat_breaks_the_coupling_and_is_not_refuted():
    """Reading the hidden truth in-process gives member-specific outputs on identical answers."""
    cert = find_barrier(_cheat_only, _fam())
    assert cert.verdict == "unknown"
    assert "not a general algorithm" in cert.message


def _cheat_only(oracle):
    x = _hidden_solution(oracle)
    return x if x is not None else [Fraction(0)] * 2


# --------------------------------------------------------------------------- failure modes
def crash(oracle):
    oracle.read("A", 3)
    os.kill(os.getpid(), signal.SIGSEGV)


def nan_output(oracle):
    return np.array([np.nan, 0.0])


def wrong_shape(oracle):
    return np.zeros(5)


def spin(oracle):
    while True:
        pass


def hog(oracle):
    blocks = []
    while True:
        blocks.append(bytearray(64 << 20))


def raises(oracle):
    raise ZeroDivisionError("boom")


def chatty(oracle):
    print("solver log line on stdout")
    return [Fraction(0), Fraction(0)]


def swallow_budget(oracle):
    try:
        oracle.read("A", 100)
    except Exception as exc:
        return [Fraction(len(str(exc)) > 0), Fraction(0)]


@pytest.fixture(scope="module")
def isolated_runner():
    runners = {}

    def get(f, **kw):
        key = (f.__name__, tuple(sorted(kw.items())))
        if key not in runners:
            runners[key] = IsolatedAlgorithm(f, **kw)
        return runners[key]

    yield get
    for r in runners.values():
        r.close()


@pytest.mark.parametrize(
    ("f", "outcome", "text"),
    [
        (crash, "error", "killed by signal SIGSEGV"),
        (nan_output, "error", "NaN"),
        (wrong_shape, "error", "expected a vector of length N=2"),
        (raises, "error", "ZeroDivisionError: boom"),
    ],
)
def test_failures_are_recorded_with_the_reason(isolated_runner, f, outcome, text):
    rec = run(isolated_runner(f), _oracle(), N=2)
    assert rec.outcome == outcome, rec.reason
    assert text in rec.reason, rec.reason


def test_timeout_is_nh_and_the_child_is_replaced(isolated_runner):
    alg = isolated_runner(spin, timeout=1.0)
    t0 = time.perf_counter()
    rec = run(alg, _oracle(), N=2)
    assert rec.outcome == "NH"
    assert "wall-time limit" in rec.reason
    assert time.perf_counter() - t0 < 10
    assert not alg._child.alive()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_memory_blowup_is_nh(isolated_runner):
    rec = run(isolated_runner(hog, memory_mb=256, timeout=30.0), _oracle(), N=2)
    assert rec.outcome == "NH", rec.reason
    assert "memory limit" in rec.reason, rec.reason


def test_prints_do_not_break_the_protocol_and_budgets_are_forwarded(isolated_runner, capfd):
    alg = isolated_runner(chatty)
    rec = run(alg, _oracle(), N=2)
    assert rec.outcome == "output"
    assert rec.output == (0, 0)
    assert "solver log line" in alg.output()  # captured as the algorithm's output
    assert "solver log line" not in capfd.readouterr().out  # never mixed into the caller's stdout
    rec = run(isolated_runner(swallow_budget), _oracle(max_level=50), N=2)
    assert rec.outcome == "output"
    assert rec.output == (1, 0)
    assert len(rec.transcript) == 0


def test_a_crash_does_not_stop_the_check():
    report = check(crash, family=_fam(), isolated=True, members=(4,))
    declared = [r for r in report.members if not r.adversarial]
    assert len(declared) == 3
    assert all(r.records[0].outcome == "error" for r in declared)
    assert report.verdict == "error"  # a crash is a contract break, not a refutation
    assert "SIGSEGV" in report.contract


def test_isolated_and_in_process_agree_exactly():
    alg, fam = OneSparseSolver(30, "last"), _fam()
    a, b = check(alg, family=fam, isolated=False), check(alg, family=fam, isolated=True)
    assert a.to_json()["members"] == b.to_json()["members"]
    assert a.witness.transcripts == b.witness.transcripts
    assert a.witness.output == b.witness.output


def test_unpicklable_algorithm_is_refused_clearly():
    try:
        import cloudpickle  # noqa: F401
    except ImportError:
        with pytest.raises(InvalidArgument, match=r"cannot be pickled.*module level"):
            IsolatedAlgorithm(lambda oracle: [0, 0])
    else:  # pragma: no cover - with cloudpickle installed, lambdas travel
        with IsolatedAlgorithm(lambda oracle: [0, 0]) as alg:
            assert run(alg, _oracle(), N=2).output == (0, 0)


def test_unloadable_spec_is_refused_clearly():
    with pytest.raises(InvalidArgument, match="no attribute"):
        IsolatedAlgorithm("sci_oracle.algorithms.builtin:NoSuchThing")(_oracle())


@pytest.mark.parametrize(
    ("kw", "msg"),
    [
        ({"timeout": 0}, "timeout=0 is invalid"),
        ({"timeout": "1"}, "timeout='1' is invalid"),
        ({"memory_mb": 1}, "memory_mb=1 is invalid"),
    ],
)
def test_bad_isolation_arguments(kw, msg):
    with pytest.raises(InvalidArgument, match=msg):
        IsolatedAlgorithm(Zero(), **kw)


@pytest.mark.parametrize(
    ("items", "msg"),
    [
        (["1e999999999"], "not an exact rational"),  # a decimal exponent could make the parent build a huge integer
        ([{"a": "0", "b": "1", "r": "-2", "id": "1"}], "not > 0"),  # √(−2): a negative radicand
        ([{"a": "0", "b": "1", "r": "2", "rank": 1}], "not a serialised exact number"),  # wrong key
        ([[1, 2]], "is not a number"),
        ([float("nan")], "NaN or infinity"),
        ([True], "is not a number"),
    ],
)
def test_malformed_child_outputs_are_rejected(items, msg):
    with pytest.raises(InvalidArgument, match=msg):
        _decode_output(items)


def test_child_radicals_are_rebuilt_in_the_parent():
    from sci_oracle.core.exact import number_to_json, sqrt

    r = sqrt(2)
    fake = {"a": "0", "b": "1", "r": "3", "id": str(r.rad.rank[1])}  # √3 under the id of this process's √2
    (v,) = _decode_output([fake])
    assert v * v == 3
    assert (v - r) != 0
    assert _decode_output([number_to_json(r)])[0] == r


def test_payload_round_trip():
    p = AlgorithmPayload.of("coin-flip")
    assert p.kind == "spec"
    assert p.load().seeds == (0, 1)
    q = AlgorithmPayload.of(Zero())
    assert q.kind == "pickle"
    assert repr(q.load()) == "Zero()"


def runs_out_of_memory(oracle):
    raise MemoryError


def test_memory_exhaustion_is_nh_in_both_modes(isolated_runner):
    """Running out of memory is a budget exceeded, like time (NH, so unknown), never a wrong answer
    or a contract break; isolated and in-process agree."""
    from sci_oracle.harness.isolation import TrustedAlgorithm

    for alg in (isolated_runner(runs_out_of_memory), TrustedAlgorithm(runs_out_of_memory)):
        rec = run(alg, _oracle(), N=2)
        assert rec.outcome == "NH", rec.reason
        assert "memory" in rec.reason.lower()
