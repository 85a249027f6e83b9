"""The ``sci-oracle`` command. Each subcommand is a thin layer over an importable function.

    sci-oracle prove [theorem1|bhv|false-structures] [--K K] [--problem P] [--json PATH]
    sci-oracle check MODULE:FUNCTION [--training | --classifier] [--scheduler local:N]
    sci-oracle --version | --help

Subcommands live in ``sci_oracle/cli/<name>.py``; each module has ``register(subparsers)`` that
adds its parser and sets ``func``. Every option is validated by :mod:`sci_oracle.cli.options`
before any computation. The contract (docs/cli.md) is in :data:`EXIT_CODES`.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
import time

from sci_oracle.cli import reports
from sci_oracle.cli.options import Parser
from sci_oracle.core.errors import AlgorithmError, InvalidArgument, Undecided

# one module per subcommand; add a line here to add a command
COMMAND_MODULES = [
    "sci_oracle.cli.prove",
    "sci_oracle.cli.step",
    "sci_oracle.cli.bhv",
    "sci_oracle.cli.firenet",
    "sci_oracle.cli.table1",
    "sci_oracle.cli.check_class",
    "sci_oracle.cli.check",
    "sci_oracle.cli.replay",
    "sci_oracle.cli.verify",
]

#: The exit-code contract, shared by every subcommand.
EXIT_CODES = {
    0: "the claim holds (every checked claim certified, or the check ran and met --expect-digits)",
    1: "the claim fails (a claim refuted or unknown, a witness that does not reproduce)",
    2: "usage error or unreadable input (one line on stderr naming the option)",
    3: "the algorithm under test broke its contract (raised, malformed output, could not be loaded)",
    4: "internal error in sci-oracle (one line on stderr; SCI_ORACLE_TRACEBACK=1 shows the traceback)",
    130: "interrupted (Ctrl-C)",
}

_EXTRAS = {"matplotlib": "plot", "torch": "torch", "sklearn": "sklearn", "dask": "dist", "distributed": "dist"}


def versions() -> str:
    """The package version and those of the libraries that decide verdicts."""
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for dist in ("sci_oracle", "python-flint", "mpmath", "numpy", "sympy"):
        try:
            parts.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist} (not installed)")
    py = ".".join(map(str, sys.version_info[:3]))
    return f"sci-oracle {parts[0].split()[1]}\n" + "\n".join(parts[1:]) + f"\nPython {py}"


def build_parser() -> argparse.ArgumentParser:
    epilog = "exit codes:\n" + "\n".join(f"  {c:>3}  {m}" for c, m in EXIT_CODES.items())
    parser = Parser(
        prog="sci-oracle",
        description="Run, step through and test the impossibility theorems of deep learning.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=versions())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _fail(command: str, code: int, message: str) -> int:
    print(f"sci-oracle {command}: {' '.join(str(message).split())}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors (2), --help and --version (0): returned, as every exit code is
        return exc.code if isinstance(exc.code, int) else 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    cmd = args.command
    started = time.monotonic()
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt as exc:  # every command: exit 130, a partial report for --json
        if argv is None:  # the process's own command line: a second Ctrl-C cannot cut the report short
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        code = reports.interrupted(args, exc, time.monotonic() - started)
        if argv is None:  # and it ends now (see _exit_now)
            _exit_now(code)
        return code
    except Undecided as exc:  # the exact decision on an algorithm's output ran out of --timeout
        return reports.undecided(args, exc, time.monotonic() - started)
    except InvalidArgument as exc:
        return _fail(cmd, 2, f"error: {exc}")
    except AlgorithmError as exc:
        return _fail(cmd, 3, f"the algorithm broke its contract: {exc}")
    except ModuleNotFoundError as exc:
        extra = _EXTRAS.get((exc.name or "").split(".")[0])
        if extra:
            return _fail(cmd, 2, f"error: this needs the [{extra}] extra: pip install 'sci_oracle[{extra}]'")
        return _internal(cmd, exc)
    except BrokenPipeError:  # e.g. `sci-oracle ... | head`
        sys.stderr.close()
        return 1
    except Exception as exc:
        return _internal(cmd, exc)


def _exit_now(code: int) -> None:
    """Exit without the interpreter's teardown: after Ctrl-C, freeing a large exact computation
    (``prove --K 1000``) took the interpreter 0.5-1.5 s, against the 2 s Ctrl-C promises. The
    exit handlers still run first (sandboxed children killed, private directories removed, pool
    workers stopped), then the standard streams are flushed."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _internal(cmd: str, exc: BaseException) -> int:
    if os.environ.get("SCI_ORACLE_TRACEBACK"):
        raise exc
    return _fail(
        cmd,
        4,
        f"internal error: {type(exc).__name__}: {exc} (a bug in sci-oracle: please report it; "
        "SCI_ORACLE_TRACEBACK=1 shows the traceback)",
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
