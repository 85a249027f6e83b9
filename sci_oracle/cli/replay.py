"""``sci-oracle replay FILE``: an alias of ``sci-oracle verify`` (one checker: the independent kernel)."""

from __future__ import annotations

import argparse

from sci_oracle.cli import verify


def register(sub: argparse._SubParsersAction) -> None:
    verify.register(sub, name="replay")
