"""Scale-out on Dask: the CLI's ``--scheduler`` (``local:N`` or a scheduler address).

The work is what :mod:`sci_oracle.harness.trials` already ships to any executor: plain-data jobs
(a family spec, an algorithm payload, a seed) run by a module-level function, so a Dask
``client.get_executor()`` runs them unchanged, and each worker starts its own sandbox child
(:mod:`sci_oracle.harness.isolation`) exactly as a local process pool does. The results are
JSON-shaped and decided in exact arithmetic, so they do not depend on where a job ran.

A class check (:func:`sci_oracle.harness.class_properties.check_class`) is one Hypothesis run; it
scales out as *shards*: shard i draws ``max_examples`` split evenly with Hypothesis seed
``seed + i``. The drawn algorithms depend on the number of shards, never on where shards run.
Needs the ``[dist]`` extra (``pip install 'sci_oracle[dist]'``).
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.validation import check_int

__all__ = ["class_shards", "dask_executor", "merge_class_reports", "run_class_shard", "scheduler_workers"]


@contextlib.contextmanager
def dask_executor(address: str) -> Iterator[Any]:
    """A ``concurrent.futures``-style executor on Dask: ``local:N`` starts a LocalCluster of N
    single-threaded worker processes (closed on exit); anything else is a scheduler address. Its
    ``scheduler`` attribute says which, in words."""
    from dask.distributed import Client, LocalCluster

    if address.startswith("local:"):
        n = check_int("scheduler workers", int(address.partition(":")[2]), min_value=1, max_value=256)
        # worker logs stay quiet: a failed job's error reaches the caller through its future, once
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.CRITICAL
        )
        with cluster, Client(cluster) as client:
            yield _described(client, f"Dask LocalCluster ({address}, {n} single-threaded worker processes)")
        return
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise InvalidArgument(f"--scheduler={address} is invalid: cannot connect ({exc})") from None
    with client:
        yield _described(client, f"Dask scheduler {address} ({scheduler_workers(client.get_executor())} workers)")


def _described(client: Any, text: str) -> Any:
    """The client's executor, carrying what it is (``scheduler``: printed in the report header and
    recorded in the JSON, so a reader knows where the jobs ran)."""
    executor = client.get_executor(pure=False)
    executor.scheduler = text
    return executor


def scheduler_workers(executor: Any) -> int:
    """How many workers the executor's cluster has (1 if unknown)."""
    client = getattr(executor, "_client", None)
    if client is None:
        return 1
    return max(1, len(client.scheduler_info().get("workers", {})))


def class_shards(max_examples: int, shards: int, seed: int) -> list[dict[str, int]]:
    """Split ``max_examples`` over ``shards`` Hypothesis runs with seeds seed, seed+1, ..."""
    check_int("shards", shards, min_value=1, max_value=10_000)
    base, extra = divmod(max_examples, shards)
    return [{"max_examples": base + (i < extra), "seed": seed + i} for i in range(shards) if base + (i < extra) > 0]


def run_class_shard(job: dict[str, Any]) -> dict[str, Any]:
    """One shard of a class check (a plain-data job); returns the report's JSON."""
    import warnings

    from hypothesis.errors import HypothesisDeprecationWarning

    from sci_oracle.harness.class_properties import check_class

    with warnings.catch_warnings():
        # a Dask worker's own threads touch the global `random` while Hypothesis draws, which
        # Hypothesis misreads as a strategy using `random`; the drawn examples are unaffected
        warnings.simplefilter("ignore", HypothesisDeprecationWarning)
        return check_class(
            job["spec"],
            problem=job["problem"],
            K=job["K"],
            max_examples=job["max_examples"],
            seed=job["seed"],
            setting=job["setting"],
        ).to_json()


def merge_class_reports(spec: str, problem: str | None, K: int | None, parts: list[dict[str, Any]]) -> Any:
    """One :class:`ClassCheckReport` from the shards' JSON: counts add up, the claims are joined, the
    first violation (in shard order) is kept, and the worst case is that of the first shard that has one."""
    from sci_oracle.harness.class_properties import ClassCheckReport

    report = ClassCheckReport(spec, problem, K, sum(p["max_examples"] for p in parts))
    report.drawn = sum(p["algorithms_drawn"] for p in parts)
    report.verdicts = sum((Counter(p["verdicts"]) for p in parts), Counter())
    report.violation = next((p["violation"] for p in parts if p["violation"]), None)
    report.contract_error = next((bool(p.get("contract_error")) for p in parts if p["violation"]), False)
    report.worst = next((p["worst_case"] for p in parts if p["worst_case"]), None)
    report.seconds = max((p["seconds"] for p in parts), default=0.0)
    for p in parts:  # each shard's per-algorithm claims, in shard order (its last claim is its class claim)
        failed = p["claims"][-1]["statement"]["violation"]
        if failed is not None and report.failed is None and p["violation"] == report.violation:
            report.failed = len(report.claims) + failed
        report.claims += [
            {**c, "name": f"algorithm {len(report.claims) + i}: {c['name'].partition(': ')[2]}"}
            for i, c in enumerate(p["claims"][:-1])
        ]
    return report
