"""``sci-oracle replay WITNESS.json``: re-verify a witness from its JSON alone.

    sci-oracle replay report.json          # a `check --json` report: every witness in it
    sci-oracle replay certificate.json     # a BarrierCertificate's to_json()
    sci-oracle replay witness.json --algorithm mysolver:solve   # also rerun the algorithm

Verification rebuilds the exact family members from the recorded spec, checks that every
recorded oracle answer is legal for them and that the output is more than 10^-D from the
solution set, all in exact arithmetic; no algorithm is needed. Exit 0 iff every witness
reproduces, 1 if one does not (or its data cannot be checked), 2 for an unreadable or malformed file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sci_oracle.algorithms.builtin import BUILTINS
from sci_oracle.cli import options as opt
from sci_oracle.core.errors import InvalidArgument


def replay_file(path: str, algorithm: str | None = None) -> list[tuple[str, bool]]:
    """Verify every witness in ``path``; returns (description, reproduced) pairs."""
    from sci_oracle.barrier import BarrierCertificate
    from sci_oracle.harness.check import RunWitness

    try:
        data: Any = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise InvalidArgument(f"WITNESS={path!r} is invalid: {exc}") from None
    kind = data.get("kind") if isinstance(data, dict) else None
    alg = None
    if algorithm is not None:  # a user's MODULE:FUNCTION runs only in the sandbox (docs/harness.md)
        from sci_oracle.core.errors import ContractError
        from sci_oracle.harness.isolation import open_algorithm

        try:
            alg = open_algorithm(algorithm)
        except ContractError as exc:  # e.g. randomised: replay reruns one deterministic algorithm
            raise InvalidArgument(f"--algorithm={algorithm!r} is invalid: {exc}") from None
    if kind not in ("BarrierCertificate", "RunWitness", "CheckReport"):
        raise InvalidArgument(
            f"WITNESS={path!r} is invalid: expected a CheckReport, BarrierCertificate or RunWitness "
            f"JSON (got kind={kind!r})"
        )
    try:
        if kind == "BarrierCertificate":
            certs, witnesses = [data], []
        elif kind == "RunWitness":
            certs, witnesses = [], [data]
        else:
            certs = [data["witness"]] if data.get("witness") and data["witness"]["verdict"] == "refuted" else []
            witnesses = [w for c in data["claims"] for w in c["data"].get("witnesses", [])]
        certs = [BarrierCertificate.from_json(d) for d in certs]
        witnesses = [RunWitness.from_json(d) for d in witnesses]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:  # InvalidArgument included
        raise InvalidArgument(
            f"WITNESS={path!r} is invalid: a malformed witness ({type(exc).__name__}: {exc})"
        ) from None
    out: list[Any] = []
    for cert in certs:
        out.append((f"barrier certificate: {cert.message}", *_verified(cert.verify)))
        if alg is not None:
            out.append((f"replay of {algorithm} on the limit transcript", *_replayed(cert, alg)))
    for w in witnesses:
        where = "limit" if w.j is None else f"member {w.j} (n={w.n})"
        seed = "" if w.seed is None else f", seed {w.seed}"
        out.append((f"run witness: fails {w.digits} digits on {where}{seed}", *_verified(w.verify)))
    out = [(what + why, ok) for what, ok, why in out]
    if not out:
        raise InvalidArgument(f"WITNESS={path!r} is invalid: it holds no refutation to verify")
    return out


def _verified(verify: Any) -> tuple[bool, str]:
    """A witness whose data cannot even be checked (an index out of range, a wrong length, a
    member j outside {1, 2}) does not reproduce; the reason is shown."""
    try:
        return bool(verify()), ""
    except (ValueError, TypeError, KeyError, IndexError, ArithmeticError) as exc:
        return False, f" (malformed: {type(exc).__name__}: {exc})"


def _replayed(cert: Any, alg: Any) -> tuple[bool, str]:
    """:meth:`BarrierCertificate.replay` with the reason when it does not reproduce: which of its
    three checks failed (the run ended with an output, the same output, every recorded answer read)."""
    from sci_oracle.algorithms.base import OUTPUT, run
    from sci_oracle.core.oracle import ReplayOracle
    from sci_oracle.families.base import family_from_spec

    try:
        fam = family_from_spec(cert.family)
        shapes = {k: v.shape for k, v in fam.limit().inputs.items()}
        oracle = ReplayOracle(cert.transcripts["limit"], shapes, problem=fam.info, mode=fam.mode)
        rec = run(alg, oracle, convert=fam.convert)
    except (ValueError, TypeError, KeyError, IndexError, ArithmeticError) as exc:
        return False, f" (malformed: {type(exc).__name__}: {exc})"
    if rec.outcome != OUTPUT:
        return False, f" (check failed: the rerun ended {rec.outcome}, not with an output: {rec.reason})"
    if rec.output != cert.output:
        diff = [i for i, (a, b) in enumerate(zip(rec.output, cert.output or (), strict=False)) if a != b]
        where = f"first at index {diff[0]}" if diff else f"length {len(rec.output)} vs {len(cert.output or ())}"
        return False, f" (check failed: the rerun output differs from the recorded one, {where})"
    if not oracle.exhausted:
        return False, (
            f" (check failed: the rerun read {len(oracle.transcript)} of the {len(cert.transcripts['limit'])} "
            "recorded answers)"
        )
    return True, ""


def cmd_replay(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape

    results = replay_file(args.witness, args.algorithm)
    console = Console()
    for what, ok in results:  # the file's text is data: escaped, never markup
        console.print(f"{'[green]reproduced[/]' if ok else '[red]FAILED    [/]'}  {escape(what)}")
    ok = all(v for _, v in results)
    console.print(f"{sum(v for _, v in results)}/{len(results)} witnesses reproduced (exact arithmetic)")
    return 0 if ok else 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "replay",
        help="re-verify a witness JSON (exit 0 iff it reproduces)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("witness", metavar="WITNESS.json", type=opt.input_file)
    p.add_argument(
        "--algorithm",
        metavar="MODULE:FUNCTION",
        default=None,
        type=opt.algorithm_spec(BUILTINS),
        help="also rerun this deterministic algorithm on the recorded limit transcript",
    )
    p.set_defaults(func=cmd_replay)
