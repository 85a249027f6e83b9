"""Step through the Theorem 1(a) construction digit by digit (PNAS 2022, Thm 1 and SI).

Colbrook–Antun–Hansen, "The difficulty of computing stable and accurate neural networks", PNAS
119(12) e2107151119 (2022), Theorem 1(a) and its proof in the SI; the family is
:class:`sci_oracle.families.pnas.PNASFamily`. For one algorithm and one family this collects,
level by level, what the two adversarial Δ1 oracles answer for the tied entries of A (identical
up to the hidden level h(n), different from level h(n)+1 on), the algorithm's transcript, its one
forced output, and the two members' exact minimisers, whose decimal expansions first differ at
digit K. Everything is exact: decimals are exact truncations of exact numbers.

:meth:`StepThrough.render` prints it in the terminal (with a digit window, so K = 100 fits in 100
columns), :meth:`StepThrough.plot` draws both halves of the argument, and
:mod:`sci_oracle.pnas.step_html` writes an interactive page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sci_oracle.algorithms.base import Algorithm, algorithm_name
from sci_oracle.barrier import BarrierCertificate, find_barrier
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import Number, correct_digits, digits_string, first_disagreeing_digit, number_to_json
from sci_oracle.core.oracle import AdversarialOracle, Answer
from sci_oracle.core.report import CERTIFIED, INSTANCES, certificate_document
from sci_oracle.core.text import markup_safe
from sci_oracle.core.validation import check_int
from sci_oracle.families.pnas import PNASFamily

__all__ = [
    "ANSWERS_CAPTION",
    "MAX_LEVELS",
    "StepThrough",
    "answer_decimals",
    "cut_answer",
    "describe_family",
    "plural",
    "step_through",
]

MAX_LEVELS = 2000  # rows one step-through may show (the HTML page stays small)
PROBLEM_NAMES = {"srlasso": "SR-LASSO", "ulasso": "U-LASSO", "qcbp": "QCBP"}


def plural(k: int, word: str) -> str:
    """'1 digit', '2 digits', '0 digits'."""
    return f"{k} {word}" if k == 1 else f"{k} {word}s"


def describe_family(fam: PNASFamily) -> str:
    """A plain-English title for a family, e.g. 'SR-LASSO, K = 3, N1 = 2, N2 = 0, lambda = 1'."""
    parts = [PROBLEM_NAMES.get(fam.problem.name, fam.problem.name), f"K = {fam.K}", f"N1 = {fam.N1}", f"N2 = {fam.N2}"]
    for key, label in (("lam", "lambda"), ("eps", "epsilon")):
        if hasattr(fam.problem, key):
            parts.append(f"{label} = {getattr(fam.problem, key)}")
    if fam.mixing != "none":
        parts.append(f"{fam.mixing} mixing")
    return ", ".join(parts)


def answer_decimals(level: int) -> int:
    """Decimals shown for an answer at level m: enough that two different level-m dyadics (at least
    2^-m apart) never share their truncated expansion (10^-d < 2^-m needs d > 0.30103·m)."""
    return 1 + (level * 30103 + 99999) // 100000


def cut_answer(value: Fraction, level: int) -> tuple[str, bool]:
    """A level-m oracle answer as shown: its decimal expansion cut (not rounded) after
    :func:`answer_decimals` places, and whether the cut dropped digits (then the exact dyadic is
    not the shown number; it has up to m decimals, kept in the JSON as k/2^m)."""
    text = digits_string(value, answer_decimals(level))
    return text, Fraction(text) != value


ANSWERS_CAPTION = (
    "answers are level-m dyadics k/2^m cut (not rounded) after 1 + ⌈0.30103·m⌉ decimals, "
    "enough to tell them apart; a trailing … marks a cut"
)


@dataclass
class StepThrough:
    """What a lecture on Theorem 1(a) shows for one algorithm; see the module docstring.

    ``rows`` holds, per level m, the exact answers of member 1's and member 2's oracles for the
    tied entries ``entries``; ``transcript`` is the algorithm's transcript (the same on both
    members and on the limit, which is why its output is forced).
    """

    family: PNASFamily
    algorithm: str
    certificate: BarrierCertificate
    entries: list[tuple[int, int]]
    rows: list[tuple[int, list[Fraction], list[Fraction]]]  # level, member-1 answers, member-2 answers
    minimisers: tuple[tuple[Number, ...], tuple[Number, ...]]
    first_digit: int | None
    n: int = 0
    hidden_level: int = 0
    transcript: list[Answer] = field(default_factory=list)
    digits: tuple[int, int] | None = None  # correct digits of the forced output against member 1, 2

    @property
    def output(self) -> tuple[Number, ...] | None:
        return self.certificate.output

    def minimiser_digits(self, extra: int = 5) -> list[list[str]]:
        """Decimal expansions (K + extra places) of the first N1 coordinates: member 1, member 2, output."""
        places = self.family.K + extra
        rows = [[digits_string(v, places) for v in x[: self.family.N1]] for x in self.minimisers]
        if self.output is not None:
            rows.append([digits_string(v, places) for v in self.output[: self.family.N1]])
        return rows

    def answer_strings(self, row: tuple[int, list[Fraction], list[Fraction]]) -> tuple[list[str], list[str]]:
        """Both members' answers at one level as shown: cut after ``answer_decimals(m)`` places, with
        a trailing '…' where the cut dropped digits (see :func:`cut_answer`)."""
        m, a1, a2 = row
        shown = [[text + ("…" if was_cut else "") for text, was_cut in (cut_answer(v, m) for v in a)] for a in (a1, a2)]
        return shown[0], shown[1]

    def queries_at(self, level: int) -> list[Answer]:
        return [a for a in self.transcript if a.query.level == level]

    def claims(self) -> list[dict[str, Any]]:
        """The barrier claim and, when the adversary chose a pair, the agreement up to the hidden
        level (``sci-oracle-certificate/2``; both re-checked by ``sci_oracle.kernel``)."""
        out = [self.certificate.claim()]
        cert = self.certificate
        if cert.n is not None and cert.hidden_level is not None:
            spec = self.family.spec()
            out.append(
                {
                    "name": f"members of pair n={cert.n} agree with the limit up to level {cert.hidden_level}",
                    "status": CERTIFIED,
                    "scope": INSTANCES,
                    "statement": {
                        "kind": "agreement",
                        "family": spec,
                        "K": self.family.K,
                        "n": cert.n,
                        "level": cert.hidden_level,
                    },
                    "evidence": {"max_difference": number_to_json(self.family.max_difference(cert.n))},
                }
            )
        return out

    def to_json(self) -> dict[str, Any]:
        """The ``sci-oracle-certificate/2`` document of :meth:`claims` (what ``step --json`` writes)."""
        return certificate_document("step", self.claims())

    def record(self) -> dict[str, Any]:
        """Everything the step-through shows (rows, transcript, minimisers' digits), for people and
        programs; not a certificate."""
        places = self.family.K + 6
        return {
            "family": self.family.spec(),
            "title": describe_family(self.family),
            "algorithm": self.algorithm,
            "n": self.n,
            "hidden_level": self.hidden_level,
            "levels_read": self.certificate.levels_read,
            "entries": [list(e) for e in self.entries],
            "rows": [
                {"level": m, "member1": [str(v) for v in a1], "member2": [str(v) for v in a2], "same": a1 == a2}
                for m, a1, a2 in self.rows
            ],
            "transcript": [
                {"seq": a.seq, "array": a.query.name, "entry": _entry(a), "level": a.query.level}
                for a in self.transcript
            ],
            "minimisers": [[digits_string(v, places) for v in x[: self.family.N1]] for x in self.minimisers],
            "output": None
            if self.output is None
            else [digits_string(v, places) for v in self.output[: self.family.N1]],
            "first_disagreeing_digit": self.first_digit,
            "correct_digits": None if self.digits is None else list(self.digits),
            "certificate": self.certificate.to_json(),  # the adversary's record
        }

    # -- terminal -------------------------------------------------------------------------------
    def header_lines(self) -> list[str]:
        cert = self.certificate
        read = (
            f"read oracle levels up to {cert.levels_read}" if cert.levels_read >= 0 else "read nothing from the oracle"
        )
        return [
            f"[bold]Theorem 1(a), step by step[/]: {describe_family(self.family)}; algorithm {markup_safe(self.algorithm)}",
            f"On the tie (limit) input the algorithm {read}. The adversary picks the pair n = {self.n}: "
            f"both members' oracles give the limit's answers at every level up to the hidden level "
            f"h(n) = {self.hidden_level}, and differ from level {self.hidden_level + 1} on.",
        ]

    def level_line(self, row: tuple[int, list[Fraction], list[Fraction]], width: int) -> str:
        """One level in words, for ``--pause``."""
        m, a1, a2 = row
        s1, s2 = self.answer_strings(row)
        e = _entry_name(self.entries[0])
        q = self.queries_at(m)
        read = f"; the algorithm asked {len(q)} quer{'y' if len(q) == 1 else 'ies'} at this level" if q else ""
        verdict = "[green]same[/]" if a1 == a2 else "[red]differ[/]"
        return (
            f"level {m}: {e} member 1 = {_highlight(s1[0], s2[0], width)}, "
            f"member 2 = {_highlight(s2[0], s1[0], width)}: {verdict}{read}"
        )

    def render(self, console: Any = None, *, width: int = 24, pause: bool = False, input_fn: Any = None) -> None:
        """Print the step-through. ``width`` is the digit window (characters of each number shown);
        ``pause`` waits for Enter after every level (``q`` then Enter stops stepping)."""
        from rich.console import Console
        from rich.table import Table

        width = check_int("width", width, min_value=8, max_value=2000)
        console = console or Console()
        fam, cert, K = self.family, self.certificate, self.family.K
        for line in self.header_lines():
            console.print(line)
        e = _entry_name(self.entries[0])
        if pause:
            ask = input_fn or input
            console.print(f"\nOracle answers for {e}, level by level (Enter: next level, q: stop stepping);")
            console.print(f"{ANSWERS_CAPTION}.")
            for row in self.rows:
                console.print(self.level_line(row, width))
                try:
                    answer = ask("")
                except EOFError:  # no terminal to read Enter from (input redirected): stop stepping
                    answer = "q"
                if answer.strip().lower() == "q":
                    break
        else:
            table = Table(
                title=f"Oracle answers for {e}, level by level",
                caption=f"{ANSWERS_CAPTION}, a leading … hides all but the last {width} characters; "
                "red from the first difference; exact k/2^m in --json",
            )
            table.add_column("level", justify="right")
            table.add_column("member 1", no_wrap=True)
            table.add_column("member 2", no_wrap=True)
            table.add_column("answers", no_wrap=True)
            table.add_column("algorithm read", no_wrap=True)
            for row in self.rows:
                m, a1, a2 = row
                s1, s2 = self.answer_strings(row)
                q = self.queries_at(m)
                table.add_row(
                    str(m),
                    _highlight(s1[0], s2[0], width),
                    _highlight(s2[0], s1[0], width),
                    "[green]same[/]" if a1 == a2 else "[red]differ[/]",
                    ", ".join(sorted({a.query.name for a in q})) if q else "",
                    end_section=m == self.hidden_level,
                )
            console.print(table)
        if fam.mixing == "none":
            console.print(
                f"{_entry_name(self.entries[1])} mirrors it: there member 2 carries the extra 2^-(n+1) and member 1 does not."
            )
        self._render_minimisers(console, width)
        colour = "red" if cert.verdict == "refuted" else "yellow"
        console.print(f"\n[{colour}]Verdict: K = {K} digits {cert.verdict}[/]. {markup_safe(cert.message)}")

    def _render_minimisers(self, console: Any, width: int) -> None:
        from rich.table import Table

        K = self.family.K
        lo, hi = _digit_window(K, width)
        rows = self.minimiser_digits()
        names = ["member 1 minimiser", "member 2 minimiser", "forced output"]
        table = Table(
            title="Exact minimisers and the forced output",
            caption=f"decimal places {lo} to {hi}; digit K = {K} in brackets",
        )
        table.add_column("x", justify="right")
        for name in names[: len(rows)]:
            table.add_column(name, no_wrap=True)
        for i in range(self.family.N1):
            cells = []
            for r, digits in enumerate(rows):
                other = rows[1 - r][i] if r < 2 else None
                cells.append(_digit_cells(digits[i], K, lo, hi, other))
            table.add_row(f"x{i + 1}", *cells)
        console.print(table)
        if self.output is None:
            console.print("The algorithm gave no output on the limit input (NH or error), so nothing is forced.")
        console.print(
            f"The two minimisers' decimal expansions first differ at digit {self.first_digit} (K = {K}); "
            "the same transcript forces the same output on both members."
        )
        if self.digits:
            console.print(
                f"Correct digits of the forced output: {plural(self.digits[0], 'digit')} against member 1, "
                f"{plural(self.digits[1], 'digit')} against member 2."
            )

    # -- figure ---------------------------------------------------------------------------------
    def plot(self, path: str) -> None:
        """Save :meth:`figure` to ``path`` (PNG)."""
        self.figure().savefig(path, dpi=120)

    def figure(self) -> Any:
        """A matplotlib Figure with both halves of the argument (a notebook shows it as it is).

        Left: per level, the gap between the members' answers for A[0,0] against the oracle
        tolerance 2^-m, with the hidden level marked; levels where the answers are identical (gap
        exactly 0) are ticks on the bottom edge, not points. Right: the two exact minimisers digit by
        digit around digit K, and the forced output. Built without pyplot, so it changes no backend.
        """
        from matplotlib.figure import Figure

        levels = [m for m, _, _ in self.rows]
        gaps = [abs(a1[0] - a2[0]) for _, a1, a2 in self.rows]
        fig = Figure(figsize=(12, 4.8))
        ax, bx = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
        ax.plot(levels, [-m for m in levels], "k:", label="oracle tolerance 2^-m")
        nz = [(m, g) for m, g in zip(levels, gaps, strict=True) if g]
        if nz:
            ax.plot([m for m, _ in nz], [_log2(g) for _, g in nz], "ro-", label="gap between members (differ)")
        zero = [m for m, g in zip(levels, gaps, strict=True) if not g]
        if zero:
            ax.plot(zero, [0.0] * len(zero), "g|", ms=14, mew=2, transform=ax.get_xaxis_transform(), clip_on=False)
            ax.plot([], [], "g|", ms=10, mew=2, label="identical answers (gap exactly 0)")
        ax.axvline(self.hidden_level, color="g", ls="--", label=f"hidden level h(n) = {self.hidden_level}")
        ax.set_xlabel("oracle level m")
        ax.set_ylabel("log2 of the gap in A[0,0]")
        ax.set_title(f"Answers agree up to level {self.hidden_level}", fontsize=10)
        ax.legend(fontsize=8, loc="lower left")

        K = self.family.K
        lo, hi = _digit_window(K, 30)
        rows = [r[0] for r in self.minimiser_digits()]
        labels = ["member 1", "member 2", "forced output"][: len(rows)]
        bx.set_xlim(lo - 0.5, hi + 0.5)
        bx.set_ylim(len(rows) - 0.5, -0.5)
        bx.axvspan(K - 0.5, K + 0.5, color="gold", alpha=0.35, label=f"digit K = {K}")
        for r, s in enumerate(rows):
            frac = s.split(".")[1] if "." in s else ""
            for k in range(lo, hi + 1):
                dig = frac[k - 1] if k - 1 < len(frac) else ""
                mine, theirs = rows[r], rows[1] if r == 0 else rows[0]
                same = _place(mine, k) == _place(theirs, k) and _prefix_same(mine, theirs, k)
                bx.text(k, r, dig, ha="center", va="center", fontsize=9, color="green" if same else "red")
        bx.set_yticks(range(len(rows)), labels)
        bx.set_xlabel("decimal place of the first coordinate")
        bx.set_title(f"Exact minimisers first differ at digit {self.first_digit}", fontsize=10)
        bx.legend(fontsize=8, loc="upper left")
        fig.suptitle(f"Theorem 1(a), {describe_family(self.family)}: one forced output for both members", fontsize=11)
        fig.tight_layout()
        return fig


# -- helpers ----------------------------------------------------------------------------------
def _entry(a: Answer) -> str:
    return "whole array" if a.query.index is None else ", ".join(map(str, a.query.index))


def _entry_name(e: tuple[int, int]) -> str:
    return f"A[{e[0]},{e[1]}]"


def _log2(g: Fraction) -> float:
    # display only: the plotted height, never a verdict
    return math.log2(g.numerator) - math.log2(g.denominator) if g else float("-inf")


def _place(s: str, k: int) -> str:
    frac = s.split(".")[1] if "." in s else ""
    return frac[k - 1] if k - 1 < len(frac) else ""


def _prefix_same(a: str, b: str, k: int) -> bool:
    """The expansions agree up to and including decimal place k."""
    ia, ib = a.index(".") if "." in a else len(a), b.index(".") if "." in b else len(b)
    return a[: ia + 1 + k] == b[: ib + 1 + k]


def _digit_window(K: int, width: int) -> tuple[int, int]:
    """Decimal places lo..hi shown around digit K: K and 5 after it, the rest before."""
    hi = K + 5
    return max(1, hi - width + 1), hi


def _digit_cells(s: str, K: int, lo: int, hi: int, other: str | None) -> str:
    head, _, frac = s.partition(".")
    out = [f"{head}." if lo == 1 else "…"]
    for k in range(lo, hi + 1):
        d = frac[k - 1] if k - 1 < len(frac) else " "
        if other is not None and not _prefix_same(s, other, k):
            d = f"[red]{d}[/]"
        out.append(f"[{d}]" if k == K else d)
    return "".join(out)


def _highlight(s: str, other: str, width: int) -> str:
    """The last ``width`` characters of s, red from its first difference with ``other``."""
    i = next((k for k, (a, b) in enumerate(zip(s, other, strict=False)) if a != b), None)
    if i is None and len(s) != len(other):
        i = min(len(s), len(other))
    start = max(0, len(s) - width)
    prefix = "…" if start else ""
    if i is None:
        return prefix + s[start:]
    if i < start:
        return f"{prefix}[red]{s[start:]}[/]"
    return f"{prefix}{s[start:i]}[red]{s[i:]}[/]"


def parse_levels(text: str) -> tuple[int, int]:
    """'a:b' → (a, b) with 0 ≤ a ≤ b; a clear error otherwise."""
    a, sep, b = text.partition(":")
    try:
        lo, hi = int(a), int(b)
    except ValueError:
        raise InvalidArgument(f"levels={text!r} is invalid: expected 'a:b' with integers 0 <= a <= b") from None
    if not sep or lo < 0 or hi < lo:
        raise InvalidArgument(f"levels={text!r} is invalid: expected 'a:b' with integers 0 <= a <= b")
    if hi - lo + 1 > MAX_LEVELS:
        raise InvalidArgument(f"levels={text!r} is invalid: at most {MAX_LEVELS} levels at once")
    return lo, hi


def step_through(
    algorithm: Algorithm,
    family: PNASFamily,
    *,
    levels: tuple[int, int] | None = None,
    n: int | None = None,
    name: str | None = None,
    **barrier_kw: Any,
) -> StepThrough:
    """Run the adversary on ``algorithm`` and collect what a lecture needs to show.

    ``levels=(a, b)`` chooses the levels shown (default every level from 1 to h(n) + 3); ``n``
    shows pair n instead of the smallest pair the adversary needs (it must be at least that one,
    or the algorithm could tell the members apart); ``name`` is the algorithm's display name.
    """
    cert = find_barrier(algorithm, family, **barrier_kw)
    need = cert.n if cert.n is not None else family.level_for(max(cert.levels_read, 1))
    n = need if n is None else check_int("n", n, min_value=need, max_value=1 << 16)
    h = family.agreement_level(n)
    if cert.n is None:
        cert.n, cert.hidden_level = n, h
    if levels is None:
        levels = (1, h + 3)
        if h + 3 > MAX_LEVELS:
            levels = (h + 3 - MAX_LEVELS + 1, h + 3)
    lo, hi = levels
    if lo < 0 or hi < lo or hi - lo + 1 > MAX_LEVELS:
        raise InvalidArgument(f"levels={levels!r} is invalid: need 0 <= a <= b and at most {MAX_LEVELS} levels")
    members = family.pair(n)
    entries = [(0, 0), (0, 1)]
    oracles = [AdversarialOracle(m.inputs, family.limit().inputs, h, mode="entrywise") for m in members]  # type: ignore[arg-type]
    rows = []
    for m in range(lo, hi + 1):
        a1 = [oracles[0].read("A", m, e) for e in entries]
        a2 = [oracles[1].read("A", m, e) for e in entries]
        rows.append((m, a1, a2))
    x1, x2 = (mem.solution.vertices[0] for mem in members)
    out = cert.output
    digits = None
    if out is not None:
        digits = (correct_digits(members[0].dist2(out)), correct_digits(members[1].dist2(out)))
    transcript = list(cert.transcripts.get("member1") or cert.transcripts.get("limit") or [])
    return StepThrough(
        family,
        name or algorithm_name(algorithm),
        cert,
        entries,
        rows,
        (x1, x2),  # type: ignore[arg-type]
        first_disagreeing_digit(list(x1), list(x2)),
        n=n,
        hidden_level=h,
        transcript=transcript,
        digits=digits,
    )
