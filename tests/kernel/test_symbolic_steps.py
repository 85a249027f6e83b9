"""The independent re-checker of recorded symbolic steps (sci_oracle/kernel/symbolic.py)."""

from __future__ import annotations

import copy

import pytest
import sympy

from sci_oracle.families.symbolic import decide_step, solver_family_steps
from sci_oracle.kernel.symbolic import check_symbolic_steps, parse_srepr


@pytest.mark.parametrize("problem", ["srlasso", "ulasso", "qcbp"])
def test_recorded_steps_hold_in_kernel_and_producer(problem):
    steps = [s for v in solver_family_steps(problem).values() for s in v]
    assert steps
    assert check_symbolic_steps(steps) == []
    assert all(decide_step(s) for s in steps)


def _sep(problem="srlasso"):
    return copy.deepcopy(solver_family_steps(problem)["separation"][0])


def test_false_inequality_is_rejected():
    X = sympy.Symbol("X", positive=True)
    step = _sep()
    # √2·t(c) − 2/X replaced by 1/X − 2/X < 0: asserted positive, must be rejected
    step["expr"] = sympy.srepr(1 / X - 2 / X)
    (msg,) = check_symbolic_steps([step])
    assert "negative" in msg


def test_widened_domain_is_rejected():
    # U-LASSO separation fails for λw₁ close to c; a forged domain rho ≤ 1 must not pass
    step = copy.deepcopy(solver_family_steps("ulasso")["separation"][0])
    step["assumptions"]["rho"]["hi"] = "1"
    assert check_symbolic_steps([step])


def test_forged_binding_is_rejected():
    step = _sep()
    step["bindings"]["X"]["from"] = 2  # 10^2 < 1000: outside X's interval
    (msg,) = check_symbolic_steps([step])
    assert "below" in msg
    step = _sep()
    step["bindings"]["delta"]["from"] = 0  # 2^-1 > 1/4
    assert check_symbolic_steps([step])


def test_identity_that_is_not_zero_is_rejected():
    step = copy.deepcopy(solver_family_steps("qcbp")["kkt"][0])
    eps = sympy.Symbol("epsilon", positive=True)
    step["expr"] = sympy.srepr(parse_srepr(step["expr"]) + eps)
    assert check_symbolic_steps([step])


@pytest.mark.parametrize(
    "expr",
    [
        "__import__('os').system('true')",
        "Symbol('x').__class__",
        "Add(1, lambda: 2)",
        "Integer(1)+Integer(2)",
        "Pow(Integer(10), Integer(1000000000))",
    ],
)
def test_srepr_parser_runs_no_code(expr):
    with pytest.raises(ValueError, match="expr is invalid"):
        parse_srepr(expr)


def test_bad_step_shapes_are_reported():
    assert check_symbolic_steps("x")  # type: ignore[arg-type]
    assert check_symbolic_steps([{"expr": "Integer(1)", "assert": "positive", "method": "magic"}])
    step = _sep()
    del step["assumptions"]["X"]
    (msg,) = check_symbolic_steps([step])
    assert "'X' has no interval" in msg
