"""Validators shared by every ``sci-oracle`` subcommand, run by argparse BEFORE any computation.

Each factory returns an argparse ``type=`` callable: a bad value raises
``argparse.ArgumentTypeError`` and :class:`Parser` turns it into ONE line on stderr naming the
option, and exit 2 (the CLI contract, docs/cli.md). Nothing here imports or runs user code:
algorithm specs are checked for syntax and for a file or top-level module that exists, and are
loaded later, in the sandbox child (docs/harness.md).
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any, NoReturn

__all__ = [
    "Parser",
    "add_sandbox_limits",
    "algorithm_spec",
    "choice_hint",
    "input_file",
    "int_list",
    "int_range",
    "output_path",
    "plot_prefix",
    "positive_float",
    "scheduler_address",
]

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_MODULE = re.compile(rf"^{_IDENT}(\.{_IDENT})*$")


def choice_hint(value: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for a close match among ``choices``, else ``""``."""
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class Parser(argparse.ArgumentParser):
    """argparse with the sci-oracle contract: a usage error is one line on stderr, exit 2, and a
    wrong choice (subcommand, problem, ...) or option gets a "did you mean" hint. Options are
    never abbreviated (``allow_abbrev=False``): ``--class`` is not silently read as ``--classifier``."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._argv = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments: "):
            unknown = [a.split("=")[0] for a in message.split(": ", 1)[1].split() if a.startswith("--")]
            options = [o for a in self._command()._actions for o in a.option_strings if o.startswith("--")]
            message += next((h for h in (_option_hint(u, options) for u in unknown) if h), "")
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())}\n")

    def _command(self) -> argparse.ArgumentParser:
        """The subcommand's parser named in the arguments (its options, for a "did you mean")."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                named = [a for a in getattr(self, "_argv", []) if a in action.choices]
                if named:
                    return action.choices[named[0]]  # type: ignore[no-any-return]
        return self

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as exc:  # name the option and the value: "--seed=-1 is invalid: ..."
            name = action.option_strings[-1] if action.option_strings else action.dest
            reason = str(exc).partition(": ")[2] if str(exc).startswith("argument ") else str(exc)
            if " is invalid: " in reason:  # an older validator that names the value itself
                reason = reason.split(" is invalid: ", 1)[1]
            raise argparse.ArgumentError(None, f"{name}={shlex.quote(arg_string)} is invalid: {reason}") from None

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is not None and value not in action.choices:
            choices = ", ".join(map(repr, action.choices))
            raise argparse.ArgumentError(
                action, f"invalid choice: {value!r} (choose from {choices}){choice_hint(value, action.choices)}"
            )


def _option_hint(text: str, options: list[str]) -> str:
    """The option a misspelt or shortened ``--name`` was meant to be: the one it begins (what an
    abbreviation would have picked, had argparse been allowed to guess), else a close match."""
    starts = [o for o in options if o.startswith(text)]
    return f"; did you mean {starts[0]!r}?" if len(starts) == 1 else choice_hint(text, options)


def int_range(lo: int | None = None, hi: int | None = None, what: str = "") -> Callable[[str], int]:
    """An int in [lo, hi] (either bound optional)."""

    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an int{_range(lo, hi)}") from None
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            raise argparse.ArgumentTypeError(f"expected an int{_range(lo, hi)}{what}")
        return v

    return parse


def _range(lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is not None:
        return f" in [{lo}, {hi}]"
    if lo is not None:
        return f" >= {lo}"
    return f" <= {hi}" if hi is not None else ""


def int_list(lo: int, hi: int) -> Callable[[str], list[int]]:
    """A comma-separated list of ints, each in [lo, hi] (e.g. ``4,16,64``)."""

    def parse(text: str) -> list[int]:
        items = [t.strip() for t in text.split(",") if t.strip()]
        try:
            values = [int(t) for t in items]
        except ValueError:
            raise argparse.ArgumentTypeError("expected comma-separated ints like 4,16,64") from None
        if not values or any(not lo <= v <= hi for v in values):
            raise argparse.ArgumentTypeError(f"expected ints in [{lo}, {hi}], comma-separated")
        return values

    return parse


def positive_rational(text: str) -> Fraction:
    """An exact rational > 0 such as ``1``, ``0.5`` or ``1/10`` (λ, ε: never a float)."""
    try:
        v = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError("expected an exact rational > 0 such as 1, 0.5 or 1/10") from None
    if v <= 0:
        raise argparse.ArgumentTypeError("it must be > 0")
    return v


def positive_float(hi: float) -> Callable[[str], float]:
    """A float in (0, hi]."""

    def parse(text: str) -> float:
        try:
            v = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number in (0, {hi:g}]") from None
        if not 0 < v <= hi:  # also rejects nan
            raise argparse.ArgumentTypeError(f"expected a number in (0, {hi:g}]")
        return v

    return parse


def _writable_dir(target: str, text: str) -> None:
    """The directory of ``target`` takes a new file: tried, as the atomic write will (a temporary file
    created and removed), since permission bits do not tell (``/proc`` looks writable to root)."""
    directory = os.path.dirname(os.path.abspath(target)) or "."
    if not os.path.isdir(directory):
        raise argparse.ArgumentTypeError(f"directory {directory} does not exist")
    try:
        fd, probe = tempfile.mkstemp(prefix=".sci-oracle-probe-", dir=directory)
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"directory {directory} is not writable ({exc.strerror})") from None
    os.close(fd)
    os.unlink(probe)


def output_path(*, stdout: bool = False) -> Callable[[str], str]:
    """A file to write: its directory exists and is writable, and it is not a directory.
    ``-`` means stdout when ``stdout`` is allowed."""

    def parse(text: str) -> str:
        if stdout and text == "-":
            return text
        if not text or os.path.isdir(text):
            raise argparse.ArgumentTypeError("expected a file path, not a directory")
        if os.path.lexists(text) and not os.path.isfile(text):  # a device, FIFO or socket: never replaced
            raise argparse.ArgumentTypeError("expected a regular file path (this is a device, FIFO or socket)")
        if os.path.exists(text) and not os.access(text, os.W_OK):
            raise argparse.ArgumentTypeError("the file is not writable")
        _writable_dir(text, text)
        return text

    return parse


def plot_prefix(text: str) -> str:
    """A prefix of figure files (``out/fig`` writes ``out/fig-*.png``): its directory must be writable."""
    if not text:
        raise argparse.ArgumentTypeError("expected a path prefix such as figs/run")
    _writable_dir(text + "x", text)
    return text


def input_file(text: str) -> str:
    """A readable regular file."""
    if not os.path.exists(text):
        raise argparse.ArgumentTypeError("no such file")
    if not os.path.isfile(text):
        raise argparse.ArgumentTypeError("not a regular file")
    if not os.access(text, os.R_OK):
        raise argparse.ArgumentTypeError("the file is not readable")
    return text


def check_spec_syntax(text: str, builtins: Iterable[str] = ()) -> str:
    """Raise ``ValueError`` with a hint unless ``text`` is a built-in name, ``MODULE:ATTR`` (the
    module's top level findable from the current directory) or ``FILE.py:ATTR`` (the file exists).

    Syntax and file-system checks only: no user module is imported here. Swap for
    ``sci_oracle.harness.specs.parse_spec`` once that resolver exists (issue 12).
    """
    builtins = tuple(builtins)
    if ":" not in text:
        if text in builtins:
            return text
        if text.endswith(".py"):
            raise ValueError(f"name the function too, e.g. {text}:solve")
        if "." in text and _MODULE.match(text):
            mod, _, attr = text.rpartition(".")
            raise ValueError(f"did you mean {mod}:{attr}? (MODULE:FUNCTION takes a colon)")
        names = f"a built-in ({', '.join(builtins)}) or " if builtins else ""
        raise ValueError(f"expected {names}MODULE:FUNCTION or FILE.py:FUNCTION{choice_hint(text, builtins)}")
    where, _, attr = text.rpartition(":")
    if not re.match(rf"^{_IDENT}(\.{_IDENT})*$", attr):
        raise ValueError(f"{attr!r} after the colon is not a Python name (FUNCTION or Class.attr)")
    if where.endswith(".py"):
        if not os.path.isfile(where):
            raise ValueError(f"file {where} does not exist (paths are relative to {os.getcwd()})")
        if not os.access(where, os.R_OK):
            raise ValueError(f"file {where} is not readable")
        return text
    if not _MODULE.match(where):
        raise ValueError(f"{where!r} is neither an importable module name nor a FILE.py")
    top = where.split(".")[0]
    if top not in sys.modules and not _findable(top):
        raise ValueError(f"cannot import {top!r}: no module {top}.py or package {top}/ in {os.getcwd()} or on sys.path")
    return text


def _findable(top: str) -> bool:
    """Whether a top-level module exists (``find_spec`` of a top-level name executes no code)."""
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())  # the current directory is importable, as in `check`
    try:
        return importlib.util.find_spec(top) is not None
    except (ImportError, ValueError):
        return False


def algorithm_spec(builtins: Iterable[str] = ()) -> Callable[[str], str]:
    """An argparse type for a built-in algorithm name, ``MODULE:FUNCTION`` or ``FILE.py:FUNCTION``."""
    names = tuple(builtins)

    def parse(text: str) -> str:
        try:
            return check_spec_syntax(text, names)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def add_sandbox_limits(parser: argparse.ArgumentParser, *, timeout: float, bounds: str) -> None:
    """``--timeout`` (what it ``bounds``, in words) and ``--memory-mb`` of a command that runs the
    user's code in the sandboxed child (docs/cli.md, "--timeout on every command")."""
    parser.add_argument(
        "--timeout",
        type=positive_float(86_400.0),
        default=timeout,
        help=f"wall-time limit, seconds: {bounds}; as much of this process's own time again for the exact "
        f"decisions on its outputs (default {timeout:g})",
    )
    parser.add_argument(
        "--memory-mb",
        type=int_range(16, 1 << 22),
        default=2048,
        help="memory (MiB) for the user's code in the sandboxed child, its import included, on top of the "
        "harness's own (~200 MiB); one process, so it bounds the run as a whole (default 2048)",
    )


def scheduler_address(text: str) -> str:
    """``local:N`` (a LocalCluster of N worker processes, 1 <= N <= 256) or a Dask scheduler
    address such as ``tcp://10.0.0.5:8786``."""
    if text.startswith("local:"):
        n = text.partition(":")[2]
        if not n.isdigit() or not 1 <= int(n) <= 256:
            raise argparse.ArgumentTypeError("expected local:N with N in [1, 256]")
        return text
    if not re.match(r"^(tcp|tls|ws|wss|inproc|ucx)://\S+$|^[\w.-]+:\d+$", text):
        raise argparse.ArgumentTypeError("expected local:N or a Dask scheduler address like tcp://host:8786")
    return text


def add_certificate_outputs(parser: argparse.ArgumentParser, *, report: str) -> None:
    """``--json`` (the certificate, re-checked by ``sci-oracle verify``) and ``--report`` (the run
    report: ``report`` says what is in it; never a certificate)."""
    parser.add_argument(
        "--json",
        metavar="PATH",
        type=output_path(stdout=True),
        help="write the certificate to PATH ('-' for stdout); sci-oracle verify re-checks it",
    )
    parser.add_argument(
        "--report",
        metavar="PATH",
        type=output_path(),
        default=None,
        help=f"also write the run report ({report}): not a certificate",
    )
