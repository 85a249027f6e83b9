"""A user's procedure named by text (``'module:qualname'``), loaded and called only in the sandbox.

Printed members of a user's algorithm family read ``user_algorithm('ridge_family:ridge',
alpha=1e-09, level=12)`` (:func:`~sci_oracle.harness.algorithm_strategies.algorithms_from`). When
such text comes back (a strategy drawn in the sandbox, ``check-class --replay``), the process that
decides verdicts must not import ``ridge_family`` (docs/harness.md: user text is data). A
:class:`SandboxedProcedure` stands in for the procedure: calling it with an oracle and the member's
parameters runs ``procedure(oracle, **params)`` in a sandboxed child
(:class:`~sci_oracle.harness.isolation.IsolatedAlgorithm`), which imports the module once and
serves every member of the family; only oracle answers and plain-data outputs cross.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from sci_oracle.core.errors import InvalidArgument

__all__ = ["SandboxedProcedure", "close_children", "sandboxed_user_algorithm"]

_QUALNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
_CHILDREN: dict[tuple[Any, ...], Any] = {}
_KEEP = 4  # sandboxed children kept warm (one per user module and limits)


class SandboxedProcedure:
    """``procedure(oracle, **params)`` of the user's ``module:qualname`` (or ``file.py:qualname``),
    run in a sandboxed child with ``timeout`` seconds of wall time per call (a timeout is NH) and
    ``memory_mb`` of memory, within ``deadline`` (a :class:`~sci_oracle.harness.budget.Deadline`)
    when given. Nothing of the module is imported in this process. ``aliases`` maps a
    module name to where it is loaded from (a strategy file's stem to the file), so the printed
    name is one that loads anywhere. Pickled, it becomes the procedure itself where it is
    unpickled, which is only ever a sandboxed child."""

    def __init__(
        self,
        text: str,
        *,
        aliases: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        memory_mb: int = 2048,
        deadline: Any = None,
        described: bool = False,
    ):
        from sci_oracle.harness.specs import FILE, parse_spec

        where, sep, qual = text.rpartition(":") if isinstance(text, str) else ("", "", "")
        if not sep or not where or not _QUALNAME.fullmatch(qual):
            raise InvalidArgument(
                f"procedure={text!r:.200} is invalid: expected 'module:qualname' or 'file.py:qualname'"
            )
        location = dict(aliases or {}).get(where, where)
        self.spec = parse_spec(f"{location}:{qual.split('.')[0]}", param="procedure")  # syntax only
        if described and self.spec.kind == FILE and where not in (aliases or {}) and not self.spec.inside_package():
            # a drawn description is data from user code: it must not make this process, perhaps
            # root, read a file of its choosing for the next child
            raise InvalidArgument(
                f"procedure={text!r:.200} is invalid: a drawn description may name only a file inside the package "
                f"directory {self.spec.cwd} (or the strategy file named on the command line)"
            )
        self.qual = qual
        self.timeout, self.memory_mb, self.deadline = float(timeout), int(memory_mb), deadline
        # what UserAlgorithm's repr prints: a location that loads from anywhere (an absolute path for a file)
        self.__module__ = self.spec.target if self.spec.kind == "file" else location
        self.__qualname__ = qual
        self.__name__ = qual.rpartition(".")[2]

    def payload(self) -> Any:
        """The module as the sandbox ships it: the spec, its source read as bytes (never run here)."""
        from sci_oracle.harness.isolation import AlgorithmPayload

        return AlgorithmPayload.of(self.spec)

    def _child(self) -> Any:
        from sci_oracle.harness.isolation import IsolatedAlgorithm

        key = (self.spec, self.qual, self.timeout, self.memory_mb)
        if key not in _CHILDREN:
            while len(_CHILDREN) >= _KEEP:
                _CHILDREN.pop(next(iter(_CHILDREN))).close()
            members = _Members(self.payload(), self.qual)
            _CHILDREN[key] = IsolatedAlgorithm(members, timeout=self.timeout, memory_mb=self.memory_mb)
        return _CHILDREN[key]

    def __call__(self, oracle: Any, **params: Any) -> Any:
        # the run's seed slot carries the member's parameters (plain data, sent to the child)
        member = self._child().at(tuple(sorted(params.items())))
        if self.deadline is not None:  # the command's one --timeout budget (sci_oracle.harness.budget)
            from sci_oracle.harness.budget import BudgetedAlgorithm

            member = BudgetedAlgorithm(member, self.deadline)
        return member(oracle)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_loaded_procedure, (self.payload(), self.qual))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SandboxedProcedure) and (self.spec, self.qual) == (other.spec, other.qual)

    def __hash__(self) -> int:
        return hash((self.spec, self.qual))

    def __repr__(self) -> str:
        return f"SandboxedProcedure({self.__module__}:{self.qual})"


def _resolve(payload: Any, qual: str) -> Any:
    """Child only: import the module (from the shipped source) and walk the qualified name."""
    obj = payload.load_object()
    for part in qual.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def _loaded_procedure(payload: Any, qual: str) -> Any:
    return _resolve(payload, qual)


class _Members:
    """What the child loads: the procedure (imported when unpickled, so an import that raises or
    hangs is a load failure) and, per run, the member ``procedure(·, **params)``."""

    def __init__(self, payload: Any, qual: str):
        self.payload, self.qual = payload, qual
        self.procedure: Any = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (_loaded_members, (self.payload, self.qual))

    def __call__(self, params: tuple[tuple[str, Any], ...]) -> Any:
        return functools.partial(self.procedure, **dict(params))

    def __repr__(self) -> str:
        return f"{self.payload.name.rpartition(':')[0]}:{self.qual}"


def _loaded_members(payload: Any, qual: str) -> _Members:
    members = _Members(payload, qual)
    members.procedure = _resolve(payload, qual)
    return members


def sandboxed_user_algorithm(
    procedure: str,
    params: Mapping[str, Any],
    *,
    aliases: Mapping[str, str] | None = None,
    timeout: float = 30.0,
    memory_mb: int = 2048,
    deadline: Any = None,
    described: bool = False,
) -> Any:
    """``user_algorithm('module:qualname', **params)`` rebuilt without importing the module: a
    :class:`~sci_oracle.harness.algorithm_strategies.UserAlgorithm` whose procedure is a
    :class:`SandboxedProcedure` (the member's ``params`` are data; they never set the limits).
    ``described``: the text comes from a description drawn by user code, so a file it names must
    lie in the package directory (or be an alias, a file the user named)."""
    from sci_oracle.harness.algorithm_strategies import UserAlgorithm

    proc = SandboxedProcedure(
        procedure, aliases=aliases, timeout=timeout, memory_mb=memory_mb, deadline=deadline, described=described
    )
    return UserAlgorithm(proc, tuple(sorted(params.items())))


def close_children() -> None:
    """Stop the sandboxed children of user procedures (also happens at interpreter exit)."""
    while _CHILDREN:
        _CHILDREN.popitem()[1].close()
