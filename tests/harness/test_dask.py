"""Scale-out on Dask gives the single-process results (docs/cli.md, "Scale-out on Dask").

Starts one 2-worker LocalCluster for the module. Trials are plain-data jobs and every verdict is
exact, so where a job ran cannot change the report; each worker runs the isolated child itself.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("dask.distributed")

from sci_oracle.harness import distributed as dist
from sci_oracle.harness.check import check
from sci_oracle.harness.trials import InlineExecutor

pytestmark = pytest.mark.dist


@pytest.fixture(scope="module")
def executor():
    with dist.dask_executor("local:2") as ex:
        assert dist.scheduler_workers(ex) == 2
        yield ex


def _plain(d: Any) -> Any:
    """The report without timings, environment, the labels ("id") the JSON encoding gives
    radicals, which are drawn per process, the sandbox record (its process-count rlimit is set
    relative to the processes already running) and where it ran: the only fields allowed to differ."""
    if isinstance(d, dict):
        skip = ("seconds", "environment", "id", "isolation", "scheduler")
        return {k: _plain(v) for k, v in d.items() if k not in skip}
    if isinstance(d, list):
        return [_plain(v) for v in d]
    return d


def test_randomised_check_on_two_workers_equals_the_single_process_run(executor):
    kw = {"problem": "srlasso", "K": 3, "seeds": 4, "members": (4,), "timeout": 60.0}
    local = check("coin-flip", executor=InlineExecutor(), **kw)
    remote = check("coin-flip", executor=executor, **kw)  # isolated: each worker starts its sandbox child
    assert remote.isolated
    assert remote.to_json()["isolation"]["mode"] == local.to_json()["isolation"]["mode"] == "isolated"
    assert _plain(remote.to_json()) == _plain(local.to_json())
    assert remote.failure_probability[3]["worst"] == "1/2"  # the sharp 1/2 of Theorem 1(a)
    assert remote.settings["scheduler"].startswith("Dask LocalCluster (local:2, 2 ")  # recorded
    assert local.settings["scheduler"] == "this process (inline)"
    assert remote.verify()


def test_class_shards_on_two_workers_equal_the_shards_run_in_turn(executor):
    jobs = [
        {"spec": "query-plans", "problem": "ulasso", "K": 4, "setting": None, **part}
        for part in dist.class_shards(12, 2, seed=3)
    ]
    assert [j["max_examples"] for j in jobs] == [6, 6]
    inline = [InlineExecutor().submit(dist.run_class_shard, j).result() for j in jobs]
    remote = [f.result() for f in [executor.submit(dist.run_class_shard, j) for j in jobs]]
    assert _plain(remote) == _plain(inline)
    merged = dist.merge_class_reports("query-plans", "ulasso", 4, remote)
    assert merged.drawn == sum(p["algorithms_drawn"] for p in remote) == 12
    assert merged.passed


def test_class_shards_split_the_examples():
    assert [p["max_examples"] for p in dist.class_shards(5, 3, seed=0)] == [2, 2, 1]
    assert [p["seed"] for p in dist.class_shards(5, 3, seed=7)] == [7, 8, 9]
    assert len(dist.class_shards(1, 4, seed=0)) == 1  # no empty shards


def test_table1_rows_on_two_workers_equal_the_single_process_rows(executor):
    from sci_oracle.pnas.table1 import FAST, run_table1, with_grid

    settings = with_grid(FAST, [1, 3], [10])
    local, remote = run_table1(settings), run_table1(settings, executor=executor)
    assert _plain_table(remote) == _plain_table(local)
    assert remote["all_certified"]


def _plain_table(res: dict) -> Any:
    def strip(d: Any) -> Any:
        if isinstance(d, dict):
            surd = set(d) == {"a", "b", "r", "id"}  # an exact a + b√r: its id is a per-process random name
            return {k: strip(v) for k, v in d.items() if "second" not in k and not (surd and k == "id")}
        if isinstance(d, list):
            return [strip(v) for v in d]
        return d

    return strip(res)


def test_training_check_on_two_workers_equals_the_single_process_run(executor):
    """Workers rebuild the training family from its spec and load the procedure in their children."""
    from pathlib import Path

    from sci_oracle.families.training import TrainingFamily
    from sci_oracle.harness.adapters import training_procedure_spec

    spec = f"{Path(__file__).resolve().parents[2] / 'examples' / 'train_procedure.py'}:train"
    kw = {"family": TrainingFamily("ulasso", 3), "members": (4,)}
    local = check(training_procedure_spec(spec), executor=InlineExecutor(), **kw)
    remote = check(training_procedure_spec(spec), executor=executor, **kw)
    assert _plain(remote.to_json()) == _plain(local.to_json())
    assert remote.claims[3].status == "refuted"
