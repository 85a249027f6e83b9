"""The kernel's words for the parameters of a statement: families, instances, probability spaces.

Every printed statement is built from these and the templates of :mod:`sci_oracle.kernel.templates`
and :mod:`sci_oracle.kernel.lemmas`; nothing a producer wrote (names, messages, flags) is ever
printed as part of a statement. The functions read only parameters whose JSON types the closed
schema has already checked.
"""

from __future__ import annotations

from typing import Any

_PROBLEMS = {"srlasso": "SR-LASSO", "ulasso": "U-LASSO", "qcbp": "QCBP"}


def family(spec: Any) -> str:
    """e.g. ``PNASFamily(SR-LASSO, lam=1, K=3, N1=2, N2=2, paper, householder, entrywise)``."""
    if not isinstance(spec, dict):
        return "?"
    name = spec.get("family")
    problem = _PROBLEMS.get(str(spec.get("problem")), str(spec.get("problem")))
    par = next((f"{k}={spec[k]}" for k in ("lam", "eps") if k in spec), "")
    head = [problem, par, f"K={spec.get('K')}"]
    if name == "PNASFamily":
        tail = [f"N1={spec.get('N1')}", f"N2={spec.get('N2')}", str(spec.get("params")), str(spec.get("mixing"))]
        tail.append(str(spec.get("mode")))
        if "weights" in spec:
            tail.append("weights=(" + ", ".join(map(str, spec["weights"])) + ")")
        if spec.get("allow_small_K") is True:
            tail.append("small K allowed")
    elif name == "TrainingFamily":
        tail = [f"R={spec.get('R')}", f"p={spec.get('p')}", f"q={spec.get('q')}", f"N1={spec.get('N1')}"]
        tail += [f"N2={spec.get('N2')}", str(spec.get("params"))]
    else:
        tail = [f"{k}={v}" for k, v in sorted(spec.items()) if k != "family"]
        return f"{name}(" + ", ".join(tail) + ")"
    return f"{name}(" + ", ".join(x for x in head + tail if x) + ")"


def instance(where: Any) -> str:
    """The limit, member j of pair n, or a training variant."""
    if where is None:
        return "the limit"
    if set(where) == {"j", "n"}:
        return f"member {where['j']} of pair n={where['n']}"
    if where.get("p", 0) is None:
        return f"the uninformative input (j={where['j']}, n={where['n']}, q={where.get('q')}, R={where.get('R')})"
    return "member (" + ", ".join(f"{k}={v}" for k, v in where.items()) + ")"


def instances(rows: list[Any]) -> str:
    """A list of instances, grouped as the limit and pairs when it is one."""
    pairs: dict[int, set[int]] = {}
    other = []
    limit = False
    for w in rows:
        if w is None:
            limit = True
        elif isinstance(w, dict) and set(w) == {"j", "n"}:
            pairs.setdefault(w["n"], set()).add(w["j"])
        else:
            other.append(w)
    parts = ["the limit"] if limit else []
    full = sorted(n for n, js in pairs.items() if js == {1, 2})
    if full:
        parts.append(
            "both members of pair" + ("s n ∈ {" + ", ".join(map(str, full)) + "}" if len(full) > 1 else f" n={full[0]}")
        )
    for n, js in sorted(pairs.items()):
        if js != {1, 2}:
            parts += [f"member {j} of pair n={n}" for j in sorted(js)]
    parts += [instance(w) for w in other]
    return f"{len(rows)} instance{'s' if len(rows) != 1 else ''} (" + "; ".join(parts) + ")"


def seeds(values: list[Any]) -> str:
    """{0, 3, 6}; {0, …, 4999} for a run of consecutive seeds; the first few and the count otherwise."""
    vals = list(values)
    if len(vals) > 3 and vals == list(range(vals[0], vals[0] + len(vals))):
        return f"{{{vals[0]}, …, {vals[-1]}}} ({len(vals)} seeds)"
    if len(vals) <= 12:
        return "{" + ", ".join(map(str, vals)) + "}"
    return "{" + ", ".join(map(str, vals[:5])) + f", …, {vals[-1]}}} ({len(vals)} seeds listed in the file)"


def space(v: Any) -> str:
    """The probability space a statement's "w.p." ranges over."""
    if v is None:
        return "deterministic"
    if "uniform" in v:
        return f"over a seed drawn uniformly from the finite set {seeds(v['uniform'])}"
    return (
        f"over the algorithm's own seed distribution, at confidence {v['confidence']} per test "
        f"(exact one-sided binomial test on {len(v['sampled'])} recorded i.i.d. draws {seeds(v['sampled'])})"
    )


def algorithm(a: Any) -> str:
    return f"«{a}»"


def ns(values: list[int]) -> str:
    return "{" + ", ".join(map(str, sorted(set(values)))) + "}"


def digits(D: Any) -> str:
    return f"{D} digit" if D == 1 else f"{D} digits"
