"""Printed algorithms and families rebuilt as data: the literal-only parser of descriptions.

A class check prints each drawn algorithm as the call that rebuilds it (PNAS 2022 Theorem 1(a)
quantifies over every algorithm; :mod:`sci_oracle.harness.algorithm_strategies` draws them), e.g.
``QueryPlan(reads=(Read('A', 0, 7),), then=ExactSolve(level=None, tie='first'))``, and
``check-class --replay``, ``verify --rerun-recorded`` and a user's strategy drawn in the sandbox
hand such text back. The text is never evaluated: :func:`parse_description` walks its syntax tree
and accepts only

- literals: ints, floats, strings, booleans, ``None``, a sign on a number, tuples and lists;
- calls, by plain name, of a closed table of constructors (by default the algorithm classes of
  :mod:`~sci_oracle.harness.algorithm_strategies`, ``Fraction``, ``Midpoint``, ``Zero``, the
  families ``PNASFamily`` and ``TrainingFamily``, and ``user_algorithm``) with such arguments.

Anything else (attributes, subscripts, operators, comprehensions, lambdas, other names, ``**``)
is refused with the node it met, so ``().__class__.__base__.__subclasses__()`` is an error, not a
shell. ``user_algorithm('module:qualname', **params)`` names a user's procedure: it is rebuilt as
a :class:`~sci_oracle.harness.user_procedures.SandboxedProcedure`, whose module is loaded and
called only in a sandboxed child (docs/harness.md), never imported here.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from sci_oracle.core.errors import InvalidArgument

__all__ = ["MAX_DESCRIPTION", "algorithm_names", "load_algorithm", "load_family", "parse_description"]

MAX_DESCRIPTION = 20_000  # characters of one printed description
_MAX_DEPTH = 64  # nesting of calls and containers
# a numeric string such as '1e999999999' would make Fraction() build a billion-digit integer
_HUGE_EXPONENT = re.compile(r"\s*[+-]?[\d_]*\.?[\d_]*[eE][+-]?0*\d{4,}\s*(/.*)?")


class _NotData(ValueError):
    """A node of the description that is not a literal or an allowed constructor call."""


def algorithm_names(
    *,
    procedures: Mapping[str, str] | None = None,
    timeout: float = 30.0,
    memory_mb: int = 2048,
    deadline: Any = None,
    drawn: bool = False,
) -> dict[str, Callable[..., Any]]:
    """The default constructor table: the algorithm classes of
    :mod:`~sci_oracle.harness.algorithm_strategies` (types only, not their strategies),
    ``Fraction``, ``Midpoint``, ``Zero``, ``PNASFamily``, ``TrainingFamily`` and a sandboxed
    ``user_algorithm`` (each call ``timeout`` seconds in the child, within ``deadline`` when given,
    ``memory_mb`` of memory).
    ``procedures`` maps a module name printed in a description to the spec its procedures load
    from (e.g. a strategy file's stem to its path). ``drawn``: the texts come from user code (a
    strategy drawn in the sandbox), so a file a ``user_algorithm`` names must lie in the package
    directory (or be one of ``procedures``): the parent, perhaps root, never reads a file of the
    child's choosing. A ``--replay`` text is the user's own and may name any file, as a spec may."""
    from sci_oracle.algorithms.builtin import Midpoint, Zero
    from sci_oracle.families.pnas import PNASFamily
    from sci_oracle.families.training import TrainingFamily
    from sci_oracle.harness import algorithm_strategies as algs
    from sci_oracle.harness.user_procedures import sandboxed_user_algorithm

    names: dict[str, Callable[..., Any]] = {
        n: getattr(algs, n)
        for n in algs.__all__
        if isinstance(getattr(algs, n), type) and getattr(algs, n) is not algs.UserAlgorithm
    }
    names.update(Fraction=Fraction, Midpoint=Midpoint, Zero=Zero, PNASFamily=PNASFamily, TrainingFamily=TrainingFamily)
    limits = {"aliases": dict(procedures or {}), "timeout": timeout, "memory_mb": memory_mb, "deadline": deadline}
    names["user_algorithm"] = lambda procedure, **params: sandboxed_user_algorithm(
        procedure, params, described=drawn, **limits
    )
    return names


def parse_description(text: str, *, names: Mapping[str, Callable[..., Any]] | None = None) -> Any:
    """The object a printed description describes, built from its syntax tree by calling only
    the constructors of ``names`` (default :func:`algorithm_names`) on literal arguments.
    Raises :class:`~sci_oracle.core.errors.InvalidArgument` naming what is not allowed."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidArgument(
            f"description={text!r:.80} is invalid: expected a printed algorithm such as "
            "\"QueryPlan(reads=(), then=ExactSolve(level=None, tie='first'))\""
        )
    if len(text) > MAX_DESCRIPTION:
        raise InvalidArgument(f"description of {len(text)} characters is invalid: the cap is {MAX_DESCRIPTION}")
    table = algorithm_names() if names is None else names

    def build(node: ast.AST, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise _NotData(f"nesting deeper than {_MAX_DEPTH}")
        if isinstance(node, ast.Constant) and type(node.value) in (int, float, str, bool, type(None)):
            if isinstance(node.value, str) and _HUGE_EXPONENT.fullmatch(node.value):
                raise _NotData(f"{node.value[:40]!r}: a decimal exponent of 4 or more digits is not data")
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = build(node.operand, depth + 1)
            if type(v) not in (int, float, Fraction):
                raise _NotData("a sign applies to numbers only")
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, (ast.Tuple, ast.List)):
            items = [build(e, depth + 1) for e in node.elts]
            return tuple(items) if isinstance(node, ast.Tuple) else items
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id not in table:
                raise _NotData(f"{node.func.id!r} is not one of the printed constructors")
            if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
                raise _NotData("*args and **kwargs are not data")
            args = [build(a, depth + 1) for a in node.args]
            kwargs = {k.arg: build(k.value, depth + 1) for k in node.keywords}
            return table[node.func.id](*args, **kwargs)
        what = node.func.__class__.__name__ if isinstance(node, ast.Call) else type(node).__name__
        raise _NotData(f"{what} is not allowed in a description (literals and constructor calls only)")

    try:
        tree = ast.parse(text.strip(), mode="eval")
        obj = build(tree.body, 0)
    except (InvalidArgument, _NotData) as exc:
        raise InvalidArgument(f"description={text[:120]!r} is invalid: {exc}") from None
    except (SyntaxError, ValueError, TypeError, ArithmeticError, RecursionError, MemoryError) as exc:
        raise InvalidArgument(f"description={text[:120]!r} is invalid: {type(exc).__name__}: {exc}") from None
    from sci_oracle.harness.algorithm_strategies import Mixture

    return obj.randomised() if isinstance(obj, Mixture) else obj


def load_algorithm(text: str, **limits: Any) -> Any:
    """An algorithm from its printed description (:func:`parse_description` with the default
    constructors; a ``user_algorithm`` runs only in the sandbox, ``limits`` as in
    :func:`algorithm_names`)."""
    return parse_description(text, names=algorithm_names(**limits))


def load_family(text: str) -> Any:
    """A family from its JSON spec (as in replay commands) or its printed ``PNASFamily(...)`` /
    ``TrainingFamily(...)``."""
    from sci_oracle.families.base import PairFamily, family_from_spec

    if isinstance(text, str) and text.lstrip().startswith("{"):
        try:
            spec = json.loads(text)
            huge = [v for v in spec.values() if isinstance(v, str) and _HUGE_EXPONENT.fullmatch(v)]
            if huge:
                raise ValueError(f"{huge[0][:40]!r}: a decimal exponent of 4 or more digits is not data")
            return family_from_spec(spec)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise InvalidArgument(f"family={text[:200]!r} is invalid: {type(exc).__name__}: {exc}") from None
    fam = parse_description(text)
    if not isinstance(fam, PairFamily):
        raise InvalidArgument(
            f"family={text[:200]!r} is invalid: expected a family spec (JSON) or PNASFamily(...) / TrainingFamily(...)"
        )
    return fam
