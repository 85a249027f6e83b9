"""One-line pytest assertions about an algorithm and the Theorem 1 barrier (PNAS 2022 Theorem 1).

    from sci_oracle.harness.testing import assert_fails_K_digits, assert_reaches_digits

    def test_my_solver():
        assert_fails_K_digits(my_solver, problem="srlasso", K=3)   # Theorem 1(a): always
        assert_reaches_digits(my_solver, 2, problem="srlasso", K=3) # K−1 digits: your claim

Each helper runs :func:`sci_oracle.harness.check.check` (isolated by default). An algorithm that
breaks its contract (raises, wrong length, NaN, wrong signature, randomised without seeds, hidden
state) raises :class:`~sci_oracle.core.errors.ContractError`; otherwise a failed claim raises
``AssertionError`` with a readable account: which claim, its status, the instance and exact
distance that decided it, and a ``sci-oracle replay`` line for the saved witness. Each returns
the :class:`~sci_oracle.harness.check.CheckReport` for further assertions.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
from typing import Any

from sci_oracle.core.errors import ContractError, InvalidArgument
from sci_oracle.core.report import write_json_atomic
from sci_oracle.harness.check import CheckReport, check
from sci_oracle.pnas.step import plural

__all__ = ["assert_check", "assert_fails_K_digits", "assert_reaches_digits", "witness_dir"]


def witness_dir() -> str:
    """Where failing reports (and check-class replay files) are saved: ``$SCI_ORACLE_WITNESS_DIR``,
    or ``.sci_oracle/witnesses`` in the project (the nearest directory above the current one with a
    ``pyproject.toml``, ``setup.cfg``, ``setup.py`` or ``.git``; else the current directory), so two
    projects never share, or overwrite, each other's files. The folder ignores itself in git."""
    path = os.environ.get("SCI_ORACLE_WITNESS_DIR")
    if not path:
        here = os.getcwd()
        root = next(
            (d for d in _ancestors(here) if any(os.path.exists(os.path.join(d, m)) for m in _PROJECT_MARKERS)), here
        )
        path = os.path.join(root, ".sci_oracle", "witnesses")
        os.makedirs(path, exist_ok=True)
        ignore = os.path.join(os.path.dirname(path), ".gitignore")
        if not os.path.exists(ignore):
            with open(ignore, "w") as f:
                f.write("# written by sci_oracle: failing reports, replayable\n*\n")
    os.makedirs(path, exist_ok=True)
    return path


_PROJECT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", ".git")


def _ancestors(path: str) -> list[str]:
    out = [path]
    while os.path.dirname(out[-1]) != out[-1]:
        out.append(os.path.dirname(out[-1]))
    return out


def _save(report: CheckReport) -> str:
    """The report saved under a name of its own: the algorithm, K, and a digest of what failed
    (algorithm, family and the claims' statuses), so different failures never share a file."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", report.algorithm)[:60].strip("_") or "algorithm"
    what = {
        "algorithm": report.algorithm,
        "family": report.family,
        "claims": {D: c.status for D, c in report.claims.items()},
    }
    digest = hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()[:12]
    path = os.path.join(witness_dir(), f"{stem}-K{report.K}-{digest}.json")
    write_json_atomic(path, report.dumps())
    return path


def _explain(report: CheckReport, D: int, expected: str) -> str:
    claim = report.claims[D]
    lines = [
        f"expected the claim 'correct to {plural(D, 'digit')}' to be {expected} for {report.algorithm}, "
        f"but it is {claim.status}:",
        f"  {claim.detail}",
        f"  report: {report.message}",
        f"  deepest level read {report.levels_read}; family {report.family.get('problem')} K={report.K}",
    ]
    path = shlex.quote(_save(report))
    if report.verify() or claim.data.get("witnesses"):
        lines.append(f"  reproduce: sci-oracle replay {path}")
    elif _is_spec(report.algorithm) and report.family.get("family") == "PNASFamily":  # rerun the check itself
        fam = report.family
        lines.append(
            f"  reproduce: sci-oracle check {shlex.quote(report.algorithm)} --problem {fam.get('problem')} "
            f"--K {report.K} --expect-digits {D}   (full report: {path})"
        )
    else:
        lines.append(f"  reproduce: rerun this test (full report: {path})")
    return "\n".join(lines)


def _is_spec(name: str) -> bool:
    """Whether the report's algorithm is a CLI spec (MODULE:FUNCTION, FILE.py:FUNCTION, a built-in)."""
    from sci_oracle.algorithms.builtin import BUILTINS

    return name in BUILTINS or bool(re.fullmatch(r"[^\s:]+(\.py)?:[A-Za-z_][\w.]*", name))


def assert_check(
    algorithm: Any, D: int, status: str, *, problem: str | None = None, K: int | None = None, **check_kw: Any
) -> CheckReport:
    """Assert that the claim 'correct to D digits' comes out ``status`` (certified/refuted/unknown)."""
    __tracebackhide__ = True  # pytest shows the test's line, not this helper's
    if status not in ("certified", "refuted", "unknown"):
        raise InvalidArgument(f"status={status!r} is invalid: choose one of certified, refuted, unknown")
    report = check(algorithm, problem, K, **check_kw)
    if report.contract is not None:  # misuse, not mathematics: neither a pass nor a refutation
        raise ContractError(
            f"{report.algorithm} broke the algorithm contract, so the claim 'correct to {plural(D, 'digit')}' was not "
            f"judged: {report.contract}; full report: {_save(report)}"
        )
    if D not in report.claims:
        raise InvalidArgument(f"D={D!r} is invalid: the check decides D in {sorted(report.claims)} for K={report.K}")
    if report.claims[D].status != status:
        raise AssertionError(_explain(report, D, status))
    return report


def assert_fails_K_digits(
    algorithm: Any, *, problem: str | None = None, K: int | None = None, **check_kw: Any
) -> CheckReport:
    """Assert the barrier refutes K digits for ``algorithm`` (Theorem 1(a)) with witnesses that
    re-verify from JSON. Failing this means the algorithm escaped the adversary within its budget
    (NH, or not a general algorithm); the message says which."""
    __tracebackhide__ = True  # pytest shows the test's line, not this helper's
    fam = check_kw.get("family")
    target = K if K is not None else fam.K if fam is not None else 3
    report = assert_check(algorithm, target, "refuted", problem=problem, K=K, **check_kw)
    if not report.verify():
        raise AssertionError(
            f"the refutation of K={report.K} digits for {report.algorithm} did not re-verify "
            f"from its data (the witnesses do not stand on their own): {_save(report)}"
        )
    return report


def assert_reaches_digits(
    algorithm: Any, D: int, *, problem: str | None = None, K: int | None = None, **check_kw: Any
) -> CheckReport:
    """Assert ``algorithm`` is certified correct to D digits on the family (K defaults to D + 1,
    so D = K−1, what Theorem 1 allows)."""
    __tracebackhide__ = True  # pytest shows the test's line, not this helper's
    if K is None and "family" not in check_kw:
        K = D + 1
    return assert_check(algorithm, D, "certified", problem=problem, K=K, **check_kw)
