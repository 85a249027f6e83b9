"""The ``sci-oracle`` command. Each subcommand is a thin layer over an importable function.

    sci-oracle prove [theorem1|bhv|false-structures] [--K K] [--problem P] [--json PATH]
    sci-oracle step --K K --problem P --algorithm NAME_OR_MODULE:FUNCTION
    sci-oracle --help

Subcommands live in ``sci_oracle/commands/<name>.py``; each module has ``register(subparsers)``
that adds its parser and sets ``func``. Exit codes: 0 success, 1 a checked claim failed,
2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from sci_oracle.core.errors import InvalidArgument

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sci-oracle",
        description="Run, step through and test the impossibility theorems of deep learning.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except InvalidArgument as exc:
        print(f"sci-oracle {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        extra = {"matplotlib": "plot", "torch": "torch", "sklearn": "sklearn", "dask": "dist"}.get(
            (exc.name or "").split(".")[0]
        )
        if extra:
            print(
                f"sci-oracle {args.command}: error: this needs the [{extra}] extra: pip install 'sci_oracle[{extra}]'",
                file=sys.stderr,
            )
            return 2
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
