"""Trials of one algorithm on one family, as jobs any ``concurrent.futures.Executor`` can run.

A *trial* is one seed's part of the check (PNAS 2022 Theorem 1(a) and its randomised lemma):

- ``limit``: run on an honest oracle for the limit input ι⁰ (records the deepest level read);
- ``adversary``: given the limit run and a common n, replay its answers to both members of pair n
  through adversarial oracles (:func:`sci_oracle.barrier.precision.adversary_runs`): the coupling of seeds;
- ``instance``: run on an honest oracle for a declared member (the K−1 / K−2 claims);
- ``barrier``: the whole deterministic adversary, :func:`sci_oracle.barrier.find_barrier`.

Jobs are plain dicts and :func:`run_trial` is a module-level function, so process pools, Dask
(``client.get_executor()``) and Ray executors can ship them. Results are JSON-shaped dicts:
exact numbers cross processes only as ``number_to_json`` strings, never pickled (a pickled
radical keeps its per-process rank, which may name a different radical in the receiver).
The worker keeps its loaded algorithm and families in a small per-process cache.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Sequence
from typing import Any

from sci_oracle.algorithms.base import RandomisedAlgorithm, RunRecord, run
from sci_oracle.barrier import BarrierCertificate, find_barrier
from sci_oracle.barrier.precision import adversary_runs, honest_oracle_for
from sci_oracle.core.errors import AlgorithmError, InvalidArgument
from sci_oracle.core.exact import number_to_json
from sci_oracle.core.oracle import Transcript
from sci_oracle.families.base import family_from_spec
from sci_oracle.harness.isolation import (
    AlgorithmPayload,
    IsolatedAlgorithm,
    LoadTimeout,
    TrustedAlgorithm,
    _Alarm,
    _watchdog,
)
from sci_oracle.harness.outputs import deciding, decode_output

__all__ = [
    "InlineExecutor",
    "as_record",
    "certificate_from_json",
    "close_workers",
    "load_meta",
    "record_from_json",
    "record_to_json",
    "run_trial",
    "run_trials",
]

_ALGORITHMS: dict[tuple[Any, ...], Any] = {}
_FAMILIES: dict[str, Any] = {}
_KEEP = 4  # algorithms (and isolated children) kept loaded per process


def _family(spec: dict[str, Any]) -> Any:
    key = repr(sorted(spec.items()))
    if key not in _FAMILIES:
        _FAMILIES[key] = family_from_spec(spec)
    return _FAMILIES[key]


def _loaded(job: dict[str, Any]) -> Any:
    """The job's algorithm, loaded once per worker process: an :class:`IsolatedAlgorithm` (one warm
    sandboxed child per payload, so no state leaks between user modules) or, in-process, the
    trusted object itself."""
    payload: AlgorithmPayload = job["payload"]
    source = hashlib.sha256(pickle.dumps(payload.source)).hexdigest()  # the code itself, not its name
    key = (payload.kind, payload.data, source, job["isolated"], job["timeout"], job["memory_mb"])
    if key in _ALGORITHMS:
        _ALGORITHMS[key] = _ALGORITHMS.pop(key)  # most recently used last
        if isinstance(_ALGORITHMS[key], BaseException):  # it did not load: say so again, at once
            raise _ALGORITHMS[key]
        return _ALGORITHMS[key]
    while len(_ALGORITHMS) >= _KEEP:  # bound the idle children a long test session keeps
        old = _ALGORITHMS.pop(next(iter(_ALGORITHMS)))
        if isinstance(old, IsolatedAlgorithm):
            old.close()
    # unloadable: a usage error, or a contract error (it raised, or hung past the timeout), raised here
    # and kept, so that the check's other jobs do not wait for the same load again
    try:
        if job["isolated"]:
            alg = IsolatedAlgorithm(payload, timeout=job["timeout"], memory_mb=job["memory_mb"])
            alg._child.ensure(job["timeout"])
            _ALGORITHMS[key] = alg
        else:
            _ALGORITHMS[key] = _load_trusted(payload, job["timeout"])  # in-process: the caller trusts this code
    except (InvalidArgument, AlgorithmError) as exc:
        _ALGORITHMS[key] = exc
        raise
    return _ALGORITHMS[key]


def _load_trusted(payload: AlgorithmPayload, timeout: float) -> Any:
    """Import the algorithm in this process (``--in-process``) under the run's watchdog: a module
    that hangs at import is a load failure, as in the sandbox."""
    try:
        with _watchdog(timeout):
            return payload.load()
    except _Alarm:
        raise LoadTimeout.of(payload.name, timeout, "in-process") from None


def _algorithm(job: dict[str, Any]) -> Any:
    """The algorithm for this job's seed (isolated, or trusted with the same watchdog and output
    normalisation)."""
    alg, seed = _loaded(job), job["seed"]
    if not isinstance(alg, IsolatedAlgorithm):
        alg = TrustedAlgorithm(alg, timeout=job["timeout"])
    return alg if seed is None else alg.at(seed)


def load_meta(job: dict[str, Any]) -> dict[str, Any]:
    """What the algorithm is (randomised?, its seeds, its name), found where it is loaded: in the
    sandboxed child when isolated (the caller never imports a user module), else in-process.
    A module that raises or does not load within the timeout is a ContractError."""
    alg = _loaded(job)
    if isinstance(alg, IsolatedAlgorithm):
        return alg.meta
    randomised = isinstance(alg, RandomisedAlgorithm)
    return {
        "randomised": randomised,
        "seeds": list(alg.seeds) if randomised and alg.seeds is not None else None,
        "name": alg.name if randomised else job["payload"].name,
    }


def sandbox_info(job: dict[str, Any]) -> dict[str, Any]:
    """The isolation record of the job's algorithm and what it printed (capped)."""
    alg = _algorithm({**job, "seed": None})
    return {"isolation": alg.isolation, "output": alg.output() if isinstance(alg, IsolatedAlgorithm) else ""}


def close_workers() -> None:
    """Stop the isolated children this process started (also happens at interpreter exit)."""
    for alg in _ALGORITHMS.values():
        if isinstance(alg, IsolatedAlgorithm):
            alg.close()
    _ALGORITHMS.clear()


def record_to_json(rec: RunRecord) -> dict[str, Any]:
    return {
        "outcome": rec.outcome,
        "reason": rec.reason,
        "output": None if rec.output is None else [number_to_json(v) for v in rec.output],
        "transcript": rec.transcript.to_json(),
        "seconds": rec.seconds,
    }


def record_from_json(d: dict[str, Any]) -> RunRecord:
    """A run from another process (a pool or Dask worker): its output is the algorithm's, so it is
    decoded as untrusted data (:func:`~sci_oracle.harness.outputs.decode_output`): the exact work
    this process then does on it is charged to its decision clock, as for an output it received itself."""
    out = None if d["output"] is None else decode_output(d["output"])
    return RunRecord(d["outcome"], out, d["reason"], Transcript.from_json(d["transcript"]), d["seconds"])


def certificate_from_json(d: dict[str, Any]) -> BarrierCertificate:
    """:meth:`BarrierCertificate.from_json` for a barrier found in another process, with the output
    decoded as untrusted data (as :func:`record_from_json`) before its distances are recomputed."""
    cert = BarrierCertificate.from_json({**d, "output": None})
    if d["output"] is not None:
        cert.output = decode_output(d["output"])
        if d["n"] is not None:
            cert.dist2 = tuple(m.dist2(cert.output) for m in family_from_spec(d["family"]).pair(d["n"]))
    return cert


def as_record(d: Any) -> RunRecord:
    """A RunRecord from a trial result (already one when the trial ran inline)."""
    return d if isinstance(d, RunRecord) else record_from_json(d)


def run_trial(job: dict[str, Any]) -> dict[str, Any]:
    """Run one job (see the module docstring); returns a JSON-shaped dict. The exact decisions on
    the algorithm's outputs in it get ``timeout`` seconds of this process's own time
    (:func:`~sci_oracle.harness.outputs.deciding`), else :class:`~sci_oracle.core.errors.Undecided`."""
    with deciding(job["timeout"]):
        return _run_trial(job)


def _run_trial(job: dict[str, Any]) -> dict[str, Any]:
    inline = job.get("inline", False)  # same process as the caller: objects need no encoding
    fam = job["family_obj"] if inline else _family(job["family"])
    alg = _algorithm(job)
    if job.get("total_timeout") is not None:  # one --timeout for the whole check: each run gets what is left
        from sci_oracle.harness.budget import BudgetedAlgorithm, Deadline, RunTime

        shared = job.get("shared_deadline")  # inline: the runs' own time, summed (load and decisions apart)
        if shared is not None:
            if not shared:
                shared.append(RunTime(job["total_timeout"]))
            deadline = shared[0]
        else:
            deadline = Deadline.ending_at(job["total_timeout"], job["ends_at"])
        alg = BudgetedAlgorithm(alg, deadline, job["timeout"], undecided=True)
    budget = job["budget"]
    kind = job["kind"]
    enc = (lambda r: r) if inline else record_to_json
    if kind == "barrier":
        cert = find_barrier(alg, fam, **budget)
        out = {"seed": job["seed"], "certificate": cert if inline else cert.to_json()}
    elif kind == "limit" or kind == "instance":
        inst = fam.limit() if job.get("j") is None else fam.member(job["j"], job["n"])
        rec = run(alg, honest_oracle_for(inst, fam, budget), convert=fam.convert)
        out = {"seed": job["seed"], "j": job.get("j"), "n": job.get("n"), "run": enc(rec)}
    elif kind == "adversary":
        rec0 = as_record(job["limit"])
        n, h, recs = adversary_runs(alg, fam, rec0, budget, n_min=job["n_min"])
        out = {"seed": job["seed"], "n": n, "hidden_level": h, "runs": [enc(r) for r in recs]}
    else:  # pragma: no cover - internal
        raise ValueError(f"job kind {kind!r} is unknown")
    out["sandbox"] = sandbox_info(job)  # plain data: crosses process pools and Dask as is
    return out


class InlineExecutor:
    """The trivial executor: runs each job at once in this process (no parallelism)."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        from concurrent.futures import Future

        fut: Future = Future()
        try:
            fut.set_result(fn(*args))
        except Exception as exc:  # surfaced by result(); Ctrl-C stops the remaining jobs at once
            fut.set_exception(exc)
        return fut

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass


def run_trials(executor: Any, jobs: Sequence[dict[str, Any]], progress: Any = None) -> list[dict[str, Any]]:
    """Submit every job to ``executor`` (anything with ``submit``); results in job order.
    ``progress`` is called with the number of finished jobs after each completion."""
    from concurrent.futures import as_completed

    futures = [executor.submit(run_trial, job) for job in jobs]
    index = {id(f): i for i, f in enumerate(futures)}
    out: list[Any] = [None] * len(jobs)
    for done, fut in enumerate(as_completed(futures), 1):
        out[index[id(fut)]] = fut.result()
        if progress is not None:
            progress(done)
    return out
