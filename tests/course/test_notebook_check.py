"""check() on a function defined in a notebook cell, run isolated (needs cloudpickle, a core
dependency): the child process cannot import the kernel's ``__main__``, so the function travels
by value."""

from __future__ import annotations

import pytest

nbclient = pytest.importorskip("nbclient", reason="needs the [course] extra: pip install '.[course]'")
nbformat = pytest.importorskip("nbformat")

CELLS = [
    "import numpy as np\nfrom sci_oracle import check",
    # defined in the notebook, so pickle.dumps would refer to __main__
    "def my_lstsq(oracle):\n"
    "    A, y = oracle.float64('A', 40), oracle.float64('y', 40)\n"
    "    return np.linalg.lstsq(A, y, rcond=None)[0]\n",
    "report = check(my_lstsq, 'srlasso', K=3, isolated=True)\n"
    "print('VERDICT', report.verdict)\n"
    "print('ISOLATED', report.to_json()['isolated'])",
]


def test_check_runs_isolated_on_a_notebook_function(tmp_path):
    import cloudpickle  # noqa: F401  (a core dependency: this import must not fail)

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    out = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "VERDICT refuted" in out
    assert "ISOLATED True" in out
