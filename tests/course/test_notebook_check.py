"""check() on a function defined in a notebook cell, run isolated (needs cloudpickle, a core
dependency): the cell's ``__main__`` is a module without a file, as in a Jupyter kernel, so the
child process cannot import it and the function travels by value. The cells run in a fresh
process through tests/course/lesson_runner.py."""

from __future__ import annotations

import pytest

CELLS = [
    "import numpy as np\nfrom sci_oracle import check",
    # defined in the notebook, so pickle.dumps would refer to __main__
    "def my_lstsq(oracle):\n"
    "    A, y = oracle.float64('A', 40), oracle.float64('y', 40)\n"
    "    return np.linalg.lstsq(A, y, rcond=None)[0]\n",
    "import pickle, sys\n"
    "print('MAIN HAS FILE', hasattr(sys.modules['__main__'], '__file__'))\n"
    "print('BY REFERENCE', b'__main__' in pickle.dumps(my_lstsq))",
    "report = check(my_lstsq, 'srlasso', K=3, isolated=True)\n"
    "print('VERDICT', report.verdict)\n"
    "print('ISOLATED', report.to_json()['isolated'])",
]


def test_check_runs_isolated_on_a_notebook_function(runner, tmp_path):
    import cloudpickle  # noqa: F401  (a core dependency: this import must not fail)

    run = runner.run_cells(runner.cells_of(CELLS), tmp_path, label="notebook check", timeout=120)
    if (failure := run.failure()) is not None:
        pytest.fail(failure, pytrace=False)
    assert "MAIN HAS FILE False" in run.output  # the kernel's situation: no script to re-import
    assert "BY REFERENCE True" in run.output
    assert "VERDICT refuted" in run.output
    assert "ISOLATED True" in run.output
