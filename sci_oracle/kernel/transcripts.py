"""Oracle transcripts as the kernel reads them: every query issuable, one answer per query, every
answer legal for the exact input (the Δ1 oracle of Bastounis–Hansen–Vlačić, Def 9.12/9.14;
PNAS 2022 SI §2: an answer at level n is a dyadic within 2^-n, entrywise, or a whole array
within 2^-n in ‖·‖_F ≥ ‖·‖₂, normwise).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel.family import Instance
from sci_oracle.kernel.numbers import KernelError

MAX_LEVEL = 1 << 16
MAX_ANSWERS = 100_000
MAX_NUMERATORS = 200_000  # total entries of whole-array answers in one transcript
MAX_LEVEL_SUM = 1 << 24  # Σ levels of one transcript: bounds the bits a hostile file makes the kernel handle

# one parsed answer: (name, index or None, level, value: Fraction | (grid level, [Fraction]))
Answer = tuple[str, Any, int, Any]


def parse(items: Any, shapes: dict[str, tuple[int, ...]], mode: str, what: str) -> list[Answer]:
    """Parse a transcript and check each query is issuable and answered once (a repeat answers alike)."""
    if not isinstance(items, list):
        raise KernelError(f"{what}: a transcript is a list of answers")
    if len(items) > MAX_ANSWERS:
        raise KernelError(f"{what}: more than {MAX_ANSWERS} answers (cap)")
    out: list[Answer] = []
    seen: dict[tuple[Any, ...], Any] = {}
    total = level_sum = 0
    for i, d in enumerate(items):
        w = f"{what}[{i}]"
        if not isinstance(d, dict) or set(d) != {"seq", "name", "index", "level", "value"}:
            raise KernelError(f"{w}: an answer has exactly the keys seq, name, index, level, value")
        if type(d["seq"]) is not int or d["seq"] != i:
            raise KernelError(f"{w}: seq must be {i} (answers are recorded in order)")
        name = d["name"]
        if name not in shapes:
            raise KernelError(f"{w}: query name {q._short(name)} is not an input (inputs: {sorted(shapes)})")
        level = q.integer(d["level"], f"{w} level", 0, MAX_LEVEL)
        level_sum += level
        if level_sum > MAX_LEVEL_SUM:
            raise KernelError(f"{what}: the levels read add up to more than {MAX_LEVEL_SUM} (cap)")
        shape, index = shapes[name], d["index"]
        if index is not None:
            if mode == "normwise":
                raise KernelError(f"{w}: the normwise oracle serves whole arrays only, not entries")
            if not isinstance(index, list) or len(index) != len(shape):
                raise KernelError(f"{w}: index must list {len(shape)} integers for {name} of shape {list(shape)}")
            index = tuple(q.integer(k, f"{w} index", 0, s - 1) for k, s in zip(index, shape, strict=True))
            value: Any = q.rational(d["value"], f"{w} value")
        else:
            v = d["value"]
            if not isinstance(v, dict) or set(v) != {"level", "shape", "numerators"}:
                raise KernelError(f"{w}: a whole-array answer has keys level, shape, numerators")
            if (
                not isinstance(v["shape"], list)
                or [type(x) for x in v["shape"]] != [int] * len(shape)
                or v["shape"] != list(shape)
            ):
                raise KernelError(f"{w}: answer shape {q._short(v['shape'])} is not {list(shape)}")
            grid = q.integer(v["level"], f"{w} grid level", 0, MAX_LEVEL)
            nums = v["numerators"]
            size = 1
            for s in shape:
                size *= s
            if not isinstance(nums, list) or len(nums) != size:
                raise KernelError(f"{w}: expected {size} numerators")
            total += size
            if total > MAX_NUMERATORS:
                raise KernelError(f"{what}: more than {MAX_NUMERATORS} answered entries (cap)")
            value = (grid, [_integer_string(k, f"{w} numerator") / (1 << grid) for k in nums])
        key = (name, index, level)
        if key in seen and seen[key] != value:
            raise KernelError(f"{w}: query {name}{list(index) if index else ''} at level {level} has two answers")
        seen[key] = value
        out.append((name, index, level, value))
    return out


def _integer_string(s: Any, what: str) -> Fraction:
    x = q.rational(s, what)
    if x.denominator != 1:
        raise KernelError(f"{what}: a numerator must be an integer")
    return x


def max_level(tr: list[Answer]) -> int:
    return max((a[2] for a in tr), default=-1)


def check_legal(tr: list[Answer], inst: Instance, mode: str, what: str) -> None:
    """Every answer is a legal oracle answer for ``inst`` at its level, else KernelError."""
    done: set[tuple[Any, ...]] = set()
    for i, (name, index, level, value) in enumerate(tr):
        if (name, index, level) in done:  # a repeat has the same answer (checked by parse)
            continue
        done.add((name, index, level))
        bound = Fraction(1, 1 << level)
        if index is not None:
            if (value * (1 << level)).denominator != 1:
                raise KernelError(f"{what}[{i}]: answer {value} is not on the grid 2^-{level}·Z")
            if q.sign(q.sub(bound, q.absv(q.sub(value, inst.entry(name, index))))) < 0:
                raise KernelError(f"{what}[{i}]: answer is not within 2^-{level} of the input entry")
            continue
        grid, vals = value
        exact = inst.flat(name)
        if mode == "entrywise":
            if grid != level:
                raise KernelError(f"{what}[{i}]: entrywise answer at level {level} uses grid level {grid}")
            for k, (v, x) in enumerate(zip(vals, exact, strict=True)):
                if q.sign(q.sub(bound, q.absv(q.sub(v, x)))) < 0:
                    raise KernelError(f"{what}[{i}]: entry {k} is not within 2^-{level} of the input")
        else:
            err2 = q.sqnorm([q.sub(v, x) for v, x in zip(vals, exact, strict=True)])
            if q.sign(q.sub(bound * bound, err2)) < 0:
                raise KernelError(f"{what}[{i}]: the answer is not within 2^-{level} of the input in norm")
