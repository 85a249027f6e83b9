"""oracle.float64(name) without a level is an error that shows the fix (docs/cli.md, "Oracle
reads name their level"): the level read is what the Theorem 1(a) adversary uses."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sci_oracle.algorithms.base import ERROR, run
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.oracle import HonestOracle


def test_float64_without_level_raises_with_the_call_to_write():
    o = HonestOracle({"A": [[Fraction(1, 3)]]})
    with pytest.raises(InvalidArgument, match=r"oracle\.float64\('A', 52\)"):
        o.float64("A")
    assert len(o.transcript) == 0  # nothing was read
    assert o.float64("A", 10)[0, 0] == np.float64(341 / 1024)  # 1/3 to the nearest 2^-10


def test_an_algorithm_that_omits_the_level_is_an_error_not_a_level_52_read():
    rec = run(lambda oracle: oracle.float64("A"), HonestOracle({"A": [Fraction(1, 3)]}), N=1)
    assert rec.outcome == ERROR
    assert "level is missing" in rec.reason
    assert rec.transcript.max_level == -1
