"""Recorded runs, bound to their transcripts across the whole certificate.

A general algorithm (Bastounis–Hansen–Vlačić, Def 9.3; PNAS 2022 SI §2) chooses each query from
the answers so far and what it is told in advance, and its output depends on the answers only.
So for one deterministic algorithm (one printed identity, one seed) told the same things in
advance (one family spec and, for a training family, one sample count R):

- equal (query, answer) sequences give equal outputs: one transcript, one output;
- a run that halted after transcript T could not have gone on to ask another query after the same
  answers: no halting run's transcript is a strict prefix of another's.

The kernel checks both over every run of every claim (:meth:`Runs.conflicts`), so a pair "certified"
from one shared transcript with two outputs, which no algorithm can produce, is rejected without
a rerun. What remains recorded, not checked, is that *this* algorithm produced these runs: only a
rerun (``sci-oracle verify --algorithm`` or ``--rerun-recorded``) confirms that, and it can only
reject.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sci_oracle.kernel.numbers import KernelError

OUTCOMES = ("output", "nh", "error")


@dataclass
class Run:
    claim: int  # the top-level claim that recorded it (0-based)
    algorithm: str
    family: Any
    instance: Any
    seed: int | None
    transcript: int  # index in the certificate's transcript table
    output: Any  # exact numbers as in the file, or None (nh / error)
    outcome: str = "output"

    def to_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim + 1,
            "algorithm": self.algorithm,
            "family": self.family,
            "instance": self.instance,
            "seed": self.seed,
            "transcript": self.transcript,
            "output": self.output,
            "outcome": self.outcome,
        }


@dataclass
class Runs:
    """Every run the checkers read, with the claim that recorded it."""

    table_index: dict[int, int]  # id(shared transcript list) -> its index in the table
    claim: int = 0
    items: list[Run] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def add(self, run: dict[str, Any], algorithm: Any, outcome: str = "output") -> None:
        if outcome not in OUTCOMES:
            raise KernelError(f"run outcome {outcome!r}: one of {OUTCOMES}")
        if (run.get("output") is None) != (outcome != "output"):
            raise KernelError("a halting run has an output; only an NH or error run has none")
        tr = run["transcript"]
        if id(tr) not in self.table_index:
            raise KernelError("a run's transcript must be an entry of the certificate's transcript table")
        r = Run(
            self.claim,
            str(algorithm),
            run["family"],
            run.get("instance"),
            run.get("seed"),
            self.table_index[id(tr)],
            run.get("output"),
            outcome,
        )
        key = repr((r.claim, r.algorithm, id(r.family), r.instance, r.seed, r.transcript, r.output, outcome))
        if key not in self._seen:
            self._seen.add(key)
            self.items.append(r)

    def conflicts(
        self, canonical: Callable[[int], tuple[str, ...]], same_output: Callable[[Any, Any], bool]
    ) -> dict[int, str]:
        """The claims whose runs contradict a deterministic algorithm, with the reason.
        ``canonical(i)`` is transcript i as a tuple of answers (equal content, equal tuple);
        ``same_output`` decides whether two recorded outputs are the same exact vector."""
        groups: dict[tuple[Any, ...], list[Run]] = {}
        family_text: dict[int, str] = {}
        for r in self.items:
            if r.outcome != "output":
                continue  # an NH or error run did not halt with an output: nothing to bind
            R = r.instance.get("R") if isinstance(r.instance, dict) and "R" in r.instance else None
            if R is None and isinstance(r.family, dict):
                R = r.family.get("R")  # a training member told the family's sample count
            if id(r.family) not in family_text:
                family_text[id(r.family)] = json.dumps(r.family, sort_keys=True)
            groups.setdefault((r.algorithm, repr(r.seed), family_text[id(r.family)], repr(R)), []).append(r)
        bad: dict[int, str] = {}
        for runs in groups.values():
            by_tr: dict[tuple[Any, ...], Run] = {}
            for r in runs:
                t = canonical(r.transcript)
                first = by_tr.setdefault(t, r)
                if first.output != r.output and not same_output(first.output, r.output):
                    why = (
                        f"runs of «{_short(r.algorithm)}» (seed {r.seed}) in claims {first.claim + 1} and "
                        f"{r.claim + 1}: one transcript, two outputs (no deterministic algorithm does that)"
                    )
                    bad.setdefault(r.claim, why)
                    bad.setdefault(first.claim, why)
            ordered = sorted(by_tr.items(), key=lambda kv: kv[0])
            for (t1, r1), (t2, r2) in itertools.pairwise(ordered):
                if len(t1) < len(t2) and t2[: len(t1)] == t1:
                    why = (
                        f"runs of «{_short(r1.algorithm)}» (seed {r1.seed}) in claims {r1.claim + 1} and "
                        f"{r2.claim + 1}: one halted after answers on which the other asked more"
                    )
                    bad.setdefault(r1.claim, why)
                    bad.setdefault(r2.claim, why)
        return bad


def _short(s: str) -> str:
    return s if len(s) <= 60 else s[:57] + "..."
