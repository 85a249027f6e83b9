"""What every adversarial pair family shares: exact agreement levels and separation.

A *pair family* (PNAS 2022 SI; BHV Prop 10.5) has a limit input ι⁰ and, for each n, two members
ι¹_n, ι²_n whose oracle data converge to ι⁰ while their solution sets stay apart. Subclasses
provide ``limit()``, ``member(j, n)``, ``convert(output)`` (the algorithm's output as an exact
vector to score), ``spec()``/``from_spec`` and the attributes ``K``, ``N``, ``mode``, ``info``.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from sci_oracle.core.exact import Number, _log2_guess, sign, sqnorm
from sci_oracle.core.validation import check_int

_REGISTRY: dict[str, type] = {}
#: the modules whose families register themselves on import
_FAMILY_MODULES = ("sci_oracle.families.pnas", "sci_oracle.families.training")


def register_family(cls: type) -> type:
    _REGISTRY[cls.__name__] = cls
    return cls


def family_from_spec(spec: dict[str, Any]) -> Any:
    """Rebuild a family from its ``spec()`` (used to re-verify witnesses from JSON alone)."""
    from sci_oracle.core.errors import InvalidArgument

    name = spec.get("family")
    if name not in _REGISTRY:  # a fresh process (a worker, `sci-oracle replay`) may not have imported it yet
        import importlib

        for module in _FAMILY_MODULES:
            importlib.import_module(module)
    if name not in _REGISTRY:
        raise InvalidArgument(f"family={name!r} is invalid: known families are {sorted(_REGISTRY)}")
    return _REGISTRY[name].from_spec(spec)


class PairFamily:
    K: int
    mode: str = "entrywise"
    info: Any  # the problem's exact data (ProblemInfo or TrainingInfo), set by each family

    def spec(self) -> dict[str, Any]:  # pragma: no cover - abstract
        """The JSON spec that :func:`family_from_spec` rebuilds the family from."""
        raise NotImplementedError

    def convert(self, output: Any) -> tuple[Number, ...]:  # pragma: no cover - abstract
        """An algorithm's output as a tuple of exact numbers (a contract error if it is not one)."""
        raise NotImplementedError

    def limit(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def member(self, j: int, n: int) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def pair(self, n: int) -> tuple[Any, Any]:
        return self.member(1, n), self.member(2, n)

    def __iter__(self) -> Iterator[tuple[int, Any, Any]]:
        """Generate (n, ι¹_n, ι²_n) for n = 1, 2, … (an infinite generator)."""
        n = 1
        while True:
            yield (n, *self.pair(n))
            n += 1

    @property
    def kappa(self) -> Fraction:
        """The accuracy threshold 10^-K ("K correct digits" means dist ≤ 10^-K)."""
        return Fraction(1, 10**self.K)

    def separation2(self, n: int) -> Number:
        """Exact ‖x¹ − x²‖² between the members' (unique) minimisers."""
        x1, x2 = (m.solution.vertices[0] for m in self.pair(n))
        return sqnorm([a - b for a, b in zip(x1, x2, strict=True)])

    def separation_exceeds(self, n: int) -> bool:
        """Exact test ‖x¹ − x²‖ > 2·10^-K, so no output is within 10^-K of both."""
        return sign(self.separation2(n) - 4 * self.kappa**2) > 0

    def max_difference(self, n: int) -> Number:
        """Largest entrywise gap between a member's data and the limit's (in normwise mode, the
        largest squared Frobenius gap of one array)."""
        lim = self.limit().inputs
        worst: Number = Fraction(0)
        for member in self.pair(n):
            for name, arr in member.inputs.items():
                diffs = [a - b for a, b in zip(arr.entries().ravel(), lim[name].entries().ravel(), strict=True)]
                cands = [abs(d) for d in diffs] if self.mode == "entrywise" else [sqnorm(diffs)]
                for cand in cands:
                    if sign(cand - worst) > 0:
                        worst = cand
        return worst

    def agreement_level(self, n: int) -> int:
        """Exact: the largest level h at which the limit's nearest-rounded answers are legal answers
        for both members of pair n, so an algorithm reading only levels ≤ h cannot tell them apart.

        Entrywise: the largest h with max|Δ| ≤ 2^-(h+1) (the limit's answer is within 2^-(h+1),
        the member within 2^-(h+1) of the limit). Normwise: the same with ‖Δ‖_F per array.
        −1 when even level 0 is not guaranteed (max|Δ| > 1/2).
        """
        cache = self.__dict__.setdefault("_agreement_cache", {})  # members are immutable: cache per n
        if n not in cache:
            cache[n] = self._agreement_level(n)
        return cache[n]

    def _agreement_level(self, n: int) -> int:
        D = self.max_difference(n)
        if sign(D) == 0:
            return 1 << 20
        squared = self.mode == "normwise"

        def ok(h: int) -> bool:
            bound = Fraction(1, 2 ** (h + 1))
            return sign(D - (bound * bound if squared else bound)) <= 0

        h = max(-(_log2_guess(D) // (2 if squared else 1)) - 2, 0)
        while ok(h + 1):
            h += 1
        while h >= 0 and not ok(h):
            h -= 1
        return h

    def level_for(self, m: int) -> int:
        """The smallest n whose pair agrees with the limit at every level ≤ m."""
        m = check_int("m", m, min_value=-1, max_value=1 << 16)
        n = max(1, m - 4)
        while self.agreement_level(n) < m:
            n += 1
        return n
