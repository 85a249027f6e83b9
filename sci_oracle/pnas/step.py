"""Step through the Theorem 1(a) construction digit by digit (PNAS 2022, Thm 1 and SI).

For one algorithm and one family this shows, level by level, what the two adversarial oracles
answer for the tied entries of A (identical up to the hidden level, then different), the two
members' exact minimisers (whose decimal expansions first differ at digit K), the algorithm's
single forced output, and its correct digits against each member. Everything shown is exact;
decimals are exact truncations of exact numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sci_oracle.algorithms.base import Algorithm, algorithm_name
from sci_oracle.barrier import BarrierCertificate, find_barrier
from sci_oracle.core.exact import Number, digits_string, first_disagreeing_digit, number_to_json
from sci_oracle.core.oracle import AdversarialOracle
from sci_oracle.core.report import CERTIFIED, INSTANCES, certificate_document
from sci_oracle.families.pnas import PNASFamily

__all__ = ["StepThrough", "step_through"]


@dataclass
class StepThrough:
    family: PNASFamily
    algorithm: str
    certificate: BarrierCertificate
    entries: list[tuple[int, int]]
    rows: list[tuple[int, list[Fraction], list[Fraction]]]  # level, member-1 answers, member-2 answers
    minimisers: tuple[tuple[Number, ...], tuple[Number, ...]]
    first_digit: int | None

    @property
    def n(self) -> int:
        return self.certificate.n  # type: ignore[return-value]

    def claims(self) -> list[dict[str, Any]]:
        """The barrier claim and, when the adversary chose a pair, the agreement up to the hidden
        level (``sci-oracle-certificate/1``; both re-checked by ``sci_oracle.kernel``)."""
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
        """A ``sci-oracle-certificate/1`` document; ``rows`` and ``minimisers`` are for people."""
        return certificate_document("step", self.claims(), **self._display())

    def _display(self) -> dict[str, Any]:
        places = self.family.K + 6
        return {
            "family": self.family.spec(),
            "algorithm": self.algorithm,
            "n": self.n,
            "hidden_level": self.certificate.hidden_level,
            "levels_read": self.certificate.levels_read,
            "entries": [list(e) for e in self.entries],
            "rows": [
                {"level": m, "member1": [str(v) for v in a1], "member2": [str(v) for v in a2], "same": a1 == a2}
                for m, a1, a2 in self.rows
            ],
            "minimisers": [[digits_string(v, places) for v in x[: self.family.N1]] for x in self.minimisers],
            "first_disagreeing_digit": self.first_digit,
            "certificate": self.certificate.to_json(),
        }

    def render(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.table import Table

        console = console or Console()
        fam, cert, K = self.family, self.certificate, self.family.K
        console.print(f"[bold]Theorem 1(a), step by step[/]: {fam!r}")
        console.print(
            f"algorithm {self.algorithm} read levels ≤ {cert.levels_read} on the limit input, "
            f"so the adversary takes the pair n = {self.n} (indistinguishable up to level {cert.hidden_level}).\n"
        )
        table = Table(title=f"oracle answers for A{list(self.entries[0])} (exact dyadics; red: where they differ)")
        table.add_column("level", justify="right")
        table.add_column("member 1", no_wrap=True)
        table.add_column("member 2", no_wrap=True)
        table.add_column("same?")
        for m, a1, a2 in self.rows:
            s1, s2 = _decimal(a1[0], m), _decimal(a2[0], m)
            table.add_row(str(m), _highlight(s1, s2), _highlight(s2, s1), "[green]yes[/]" if a1 == a2 else "[red]no[/]")
        console.print(table)
        if fam.mixing == "none":
            console.print(f"(A{list(self.entries[1])} mirrors it: member 2 carries the +2^-(n+1) there.)")
        places = K + 5
        x1, x2 = self.minimisers
        console.print(f"\nexact minimisers (first {fam.N1} coordinates, truncated to {places} decimals):")
        for j, x in ((1, x1), (2, x2)):
            other = x2 if j == 1 else x1
            coords = ", ".join(
                _highlight(digits_string(v, places), digits_string(w, places))
                for v, w in zip(x[: fam.N1], other[: fam.N1], strict=True)
            )
            console.print(f"  member {j}: ({coords}, …)")
        console.print(f"  their decimal expansions first differ at digit {self.first_digit} (K = {K})")
        out = cert.output or ()
        console.print(
            f"\nforced output (the same on both members): "
            f"({', '.join(digits_string(v, places) for v in out[: fam.N1])}, …)"
        )
        if cert.digits:
            console.print(f"  correct digits: {cert.digits[0]} against member 1, {cert.digits[1]} against member 2")
        colour = "red" if cert.verdict == "refuted" else "yellow"
        console.print(f"\n[{colour}]K = {K} digits {cert.verdict}[/]: {cert.message}")

    def plot(self, path: str) -> None:
        """Figure: per level, the gap between the two members' answers for A[0,0] against the oracle
        tolerance 2^-m; identical answers (every level up to the hidden one) sit on the bottom row."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        levels = [m for m, _, _ in self.rows]
        gaps = [abs(a1[0] - a2[0]) for _, a1, a2 in self.rows]
        tol = [2.0**-m for m in levels]
        floor_y = min(tol) / 8
        fig, ax = plt.subplots(figsize=(8, 4.5))
        ax.semilogy(levels, tol, "k:", label="oracle tolerance 2^-m")
        ax.semilogy(
            [m for m, g in zip(levels, gaps, strict=True) if g],
            [float(g) for g in gaps if g],
            "ro-",
            label="|member 1 − member 2| (differ)",
        )
        ax.semilogy(
            [m for m, g in zip(levels, gaps, strict=True) if not g],
            [floor_y] * sum(1 for g in gaps if not g),
            "gs",
            label="identical answers",
        )
        ax.axvline(
            self.certificate.hidden_level, color="g", ls="--", label=f"hidden level {self.certificate.hidden_level}"
        )
        ax.set_xlabel("oracle level m")
        ax.set_ylabel("answer gap for A[0,0]")
        ax.set_title(f"{self.family!r}\n{self.algorithm}: one forced output for both members", fontsize=10)
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(path, dpi=120)
        plt.close(fig)


def _decimal(q: Fraction, level: int) -> str:
    # about as many decimals as the level carries bits of accuracy (0.301 digit per bit)
    return digits_string(q, min(1 + (level * 301) // 1000, 16))


def _highlight(s: str, other: str) -> str:
    i = next((k for k, (a, b) in enumerate(zip(s, other, strict=True)) if a != b), None)
    return s if i is None else f"{s[:i]}[red]{s[i:]}[/]"


def _levels(n: int, limit: int = 16) -> list[int]:
    top = n + 3
    if top <= limit:
        return list(range(1, top + 1))
    middle = list(range(4, n - 2, max(1, (n - 6) // 6)))
    return sorted({1, 2, 3, *middle, *range(n - 2, top + 1)})


def step_through(algorithm: Algorithm, family: PNASFamily, **barrier_kw: Any) -> StepThrough:
    """Run the adversary on ``algorithm`` and collect what a lecture needs to show."""
    cert = find_barrier(algorithm, family, **barrier_kw)
    n = cert.n if cert.n is not None else family.level_for(max(cert.levels_read, 1))
    if cert.n is None:
        cert.n, cert.hidden_level = n, family.agreement_level(n)
    h = cert.hidden_level
    members = family.pair(n)
    entries = [(0, 0), (0, 1)]
    oracles = [AdversarialOracle(m.inputs, family.limit().inputs, h, mode="entrywise") for m in members]  # type: ignore[arg-type]
    rows = []
    for m in _levels(n):
        a1 = [oracles[0].read("A", m, e) for e in entries]
        a2 = [oracles[1].read("A", m, e) for e in entries]
        rows.append((m, a1, a2))
    x1, x2 = (mem.solution.vertices[0] for mem in members)
    return StepThrough(
        family,
        algorithm_name(algorithm),
        cert,
        entries,
        rows,
        (x1, x2),  # type: ignore[arg-type]
        first_disagreeing_digit(list(x1), list(x2)),
    )
