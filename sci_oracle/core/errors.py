"""Exceptions raised by sci_oracle.

One base class, :class:`SciOracleError`; user mistakes raise :class:`InvalidArgument`
(which is also a ``TypeError``/``ValueError`` so ordinary handlers catch it).
"""

from __future__ import annotations


class SciOracleError(Exception):
    """Base class of every error sci_oracle raises on purpose."""


class InvalidArgument(SciOracleError, ValueError, TypeError):
    """A call was made with an argument outside its allowed range or type."""


class Undecided(SciOracleError):
    """An exact decision could not be settled within the allowed effort.

    Verdict code turns this into the ``unknown`` status with the reason attached.
    """


class BudgetExceeded(SciOracleError):
    """An algorithm asked the oracle for more than its query or level budget.

    The run is recorded as NH (never halted); it is never treated as an output.
    """


class UnexpectedQuery(SciOracleError):
    """A replay oracle received a query that is not the next one in its transcript."""


class NotIndistinguishable(SciOracleError):
    """An adversarial oracle was asked to serve an answer that is not valid for its true input."""


class AlgorithmError(SciOracleError):
    """The algorithm under test raised, returned a malformed output, or timed out."""


class ContractError(AlgorithmError):
    """The algorithm under test broke its contract: it raised, returned the wrong length, NaN or
    infinity or a non-number, has the wrong signature, is a trainer given as a solver, is
    randomised but run without seeds, or keeps hidden state. A report with such runs has verdict
    ``error``, never a mathematical refutation; the CLI exits with code 3."""
