"""The kernel-owned templates: for each claim kind, its closed schema, the statement it proves, and
a bound on the cost of checking it.

A claim of ``sci-oracle-certificate/2`` is ``{status, scope, statement, evidence}``. The statement
is a handful of parameters (kind, family spec, K or digits D, the algorithm's printed identity,
the probability space, the instances); :func:`statement` expands them, here and only here, into the
sentence the kernel checks and ``sci-oracle verify`` prints. The evidence (outputs, transcripts,
exact numbers, symbolic steps) is checked against that sentence by the kind's checker. Nothing a
producer wrote in words is part of a certificate.

Costs are counted in units of work per category, each worth :data:`SECONDS` (calibrated): the bound
of each kind is stated next to its schema and in docs/trust.md, and a document whose bound exceeds
the caller's ``max_seconds`` is refused before any work starts.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sci_oracle.kernel import claims as C
from sci_oracle.kernel import classes, facts, lemmas, smt, stripes, table1, text, tie
from sci_oracle.kernel.parse import (
    DEFS,
    EXACT_JSON,
    Schema,
    anything,
    boolean,
    const,
    describe,
    described,
    either,
    exact,
    exactly_one,
    integer,
    keyed,
    lst,
    mapping,
    named,
    null,
    nullable,
    obj,
    string,
    vector,
)

# --------------------------------------------------------------------------- shared schemas
_PNAS = obj(
    {
        "family": string,
        "problem": string,
        "K": integer,
        "N1": integer,
        "N2": integer,
        "params": string,
        "mixing": string,
        "mode": string,
    },
    {"lam": string, "eps": string, "weights": lst(string, 256), "allow_small_K": boolean},
)
_TRAINING = obj(
    {"family": string, "problem": string, "K": integer, "R": integer, "p": integer, "q": integer, "N1": integer},
    {"N2": integer, "params": string, "lam": string, "eps": string},
)
FAMILY = named("family", keyed("family", {"PNASFamily": _PNAS, "TrainingFamily": _TRAINING}))
INSTANCE = named(
    "instance", either(null, obj({"j": integer, "n": integer}, {"q": integer, "R": integer, "p": nullable(integer)}))
)
SPACE = named(
    "space",
    either(
        null,
        obj({"uniform": lst(integer, C.MAX_SEEDS)}),
        obj({"sampled": lst(integer, C.MAX_SEEDS), "confidence": string}),
    ),
)
SEED = nullable(integer)
_STEP = obj(
    {"claim": string, "expr": string, "assert": string, "method": string},
    {
        "assumptions": mapping(obj({"lo": string, "lo_open": boolean, "hi": nullable(string)}, {"hi_open": boolean})),
        "bindings": mapping(obj({"expr": string, "param": string, "from": integer})),
    },
)
STEPS = named("symbolic_steps", lst(_STEP, 64))
_REF = either(integer, lst(integer, 2))  # a claim, or [claim, part] (1-based)
_STRIPES = obj(
    {"family": string, "alternations": integer, "margin": string, "width": string, "offset": string, "delta": string}
)
_STRIPES = named("stripes", _STRIPES)
_DATA = named("points", obj({"points": lst(lst(string, 2)), "labels": lst(integer)}))
_RELU = named("relu", lst(obj({"W": lst(lst(string)), "b": lst(string)}), 64))
_ENTRY = named("table1_entry", obj({"family": FAMILY, "K": integer, "n": integer}))
_STEP_ENTRY = named(
    "table1_step_entry", obj({"family": FAMILY, "K": integer, "n": integer, "tau": string, "sigma": string})
)
#: an all-parameters claim's evidence may add its proof: the sympy steps and each engine's answer per step
# sat is read (the schema is unchanged) so that a recorded counterexample rejects its claim, not the file
_SMT = named("smt", lst(obj({e: const(*smt.OUTCOMES) for e in smt.ENGINES}), 64))
PROOF_KEYS = {"symbolic_steps": STEPS, "smt": _SMT}
ALL_PARAMETERS = ("minimisers", "each", "symbolic", "stripe-bound")  # the kinds an all-parameters claim states
#: a formal claim's Coq citation (kernel/formal.py): the theorems, their files' sha256, the printed statements' sha256
_FORMAL = named(
    "formal",
    obj({"theorems": lst(string, 16), "files": mapping(string, 64), "printed_sha256": string, "coq": string}),
)


def transcript_ref(table: list[Any]) -> Schema:
    def ref(v: Any, path: str) -> Any:
        if type(v) is not int or not 0 <= v < len(table):
            from sci_oracle.kernel.parse import MalformedCertificate

            raise MalformedCertificate(f"{path}: a transcript is an index into the table of {len(table)} transcripts")
        return table[v]  # the shared list itself: parsed and checked once per instance

    return describe(ref, {"type": "integer", "minimum": 0, "description": "an index into transcripts"})


@dataclass(frozen=True)
class Kind:
    """One claim kind: its schema, its template (``text``: the proposition P the status speaks
    about), its checker and its cost bound (exact operations, given the schema-valid claim)."""

    statement: Callable[[Schema], Schema]  # given the transcript-reference schema
    evidence: Callable[[Schema], Schema]
    text: Callable[[dict[str, Any]], str]
    check: Callable[[Any, Any, Any], str]
    cost: Callable[[dict[str, Any], dict[str, Any], Cost], None]
    statuses: tuple[str, ...]  # what the evidence can support (besides unknown)
    part: bool = False  # may be a part of an ``each`` claim


# --------------------------------------------------------------------------- costs
#: Seconds per unit of each kind of work the kernel does. A unit is one operation on the numbers
#: of a family at K = 3, so the size-dependent categories are counted in units × s(K) (:func:`_size`).
#: Calibrated (benchmarks/calibrate_costs.py) on the certificates of every producer at K = 3..10,000
#: against the kernel's CPU time on a 2-core machine: each document stays above 1.5 times its
#: measured time (each claim alone above 1.2 times), and those that take more than a second within
#: about 5 times (docs/trust.md gives the figures).
SECONDS: dict[str, float] = {
    "claim": 2e-3,  # reading, rebuilding and recording one claim, whatever its size
    "step": 0.05,  # one sympy step matched and re-decided
    "build": 6e-7,  # one instance rebuilt: per operation on its entries (× its size)
    "transcript": 6e-7,  # one answered entry checked against one instance (× the size of its numbers)
    "output": 6e-7,  # an output's exact distance to a solution set (× the size of its numbers)
    "work": 6e-7,  # a checker's own exact arithmetic: KKT, agreement, Gram matrices (× size)
    "zero": 6e-6,  # one exact zero test (× size)
    "deep": 6e-6,  # one zero test on the training family's test solutions (× size)
    "net": 1.5e-6,  # one weight × evaluation of an exact ReLU network (BHV, false structures)
    "power": 3e-8,  # one word operation of an exact big power (stripe bounds)
    "flat": 1e-6,  # K-independent bookkeeping (parsing points, binomial tails, small rationals)
}


def _size(spec: Any) -> float:
    """Relative cost of one exact operation on the numbers of a family at K digits (quadratic towers
    of ~3.4·K-bit integers; one op at small K counts about 1)."""
    return _bits(3.4 * _fam_K(spec), _nested(spec))


SIZE_BASE, SIZE_BITS, SIZE_POWER = 4.0, 1000.0, 1.3  # relative cost of an operation on b-bit numbers


def _bits(b: float, nested: float = 1.0) -> float:
    """Relative cost of one exact operation on numbers of ``b`` bits: SIZE_BASE + nested·(b/SIZE_BITS)^SIZE_POWER."""
    return float(SIZE_BASE + nested * (b / SIZE_BITS) ** SIZE_POWER)


#: the training family's numbers nest radicals (QCBP's test solutions three of them, U-LASSO's one):
#: their large-K operations cost this many times the others' (measured at K = 3,000 and 10,000)
NESTED = {"qcbp": 5.0, "ulasso": 3.0}
NESTED_PNAS = 4.0  # the PNAS family: c = √2·10^K/3 in its entries, and its outputs' many digits


def _nested(spec: Any) -> float:
    if isinstance(spec, dict) and spec.get("family") == "TrainingFamily":
        return NESTED.get(str(spec.get("problem")), 1.0)
    return NESTED_PNAS


def _zero_size(spec: Any, deep: bool) -> float:
    """Relative cost of one exact zero test (``deep``: on the training family's test solutions, its
    separations and the networks' test outputs; charged in their own category)."""
    return _size(spec)


def _fam_K(spec: Any) -> int:
    K = spec.get("K", 3) if isinstance(spec, dict) else 3
    return K if isinstance(K, int) and K > 0 else 3


def _dims(spec: Any) -> tuple[int, int, int]:
    """(N, m, R) of a family spec, clamped to the spec's allowed ranges (the checker refuses more)."""
    if not isinstance(spec, dict):
        return 2, 1, 1

    def clamp(key: str, default: int, lo: int, hi: int) -> int:
        v = spec.get(key, default)
        return min(max(v if type(v) is int else default, lo), hi)

    N1, N2, R = clamp("N1", 2, 1, 8), clamp("N2", 0, 0, 200), clamp("R", 1, 1, 10_000)
    return N1 + N2, N2 + 1, R


class Cost:
    """The bound of one document: units of work per category (:data:`SECONDS`), the size-dependent
    ones scaled by the size of the family's numbers. What the kernel computes once is charged once:
    an instance per family, a transcript per (family, instance), an output's distance per instance."""

    def __init__(self) -> None:
        self.units: dict[str, float] = dict.fromkeys(SECONDS, 0.0)
        self._once: set[tuple[Any, ...]] = set()
        self._families: dict[int, str] = {}

    @property
    def total(self) -> float:
        """The bound in seconds."""
        return sum(SECONDS[k] * v for k, v in self.units.items())

    def add(self, category: str, n: float) -> None:
        self.units[category] += n

    def ops(self, n: float, spec: Any = None, category: str = "work") -> None:
        """``n`` exact operations on the numbers of ``spec``'s family (none: K-independent work)."""
        if spec is None and category == "work":
            self.units["flat"] += n
        else:
            self.units[category] += n * _size(spec)

    def zeros(self, n: float, spec: Any, deep: bool = False) -> None:
        self.units["deep" if deep else "zero"] += n * _zero_size(spec, deep)

    def first(self, *key: Any) -> bool:
        """True the first time ``key`` is seen (the work it stands for is then charged)."""
        if key in self._once:
            return False
        self._once.add(key)
        return True

    def family(self, spec: Any) -> str:
        if id(spec) not in self._families:
            self._families[id(spec)] = json.dumps(spec, sort_keys=True)
        return self._families[id(spec)]

    def build(self, spec: Any, where: Any = None) -> bool:
        """Rebuilding one instance (A and y with an m×m mixing: m²·N; or R training samples, their
        labels solved); True when it is the first build of that instance."""
        R = where.get("R") if isinstance(where, dict) else None
        if not self.first("build", self.family(spec), repr(where)):
            return False
        N, m, R0 = _dims(spec)
        if isinstance(spec, dict) and spec.get("family") == "TrainingFamily":
            self.ops(200.0 + 60.0 * _clamped(R, R0) * (N + m) + 4 * m * N, spec, "build")
        else:
            mix = m * m * N if isinstance(spec, dict) and spec.get("mixing") == "householder" else 0
            self.ops(100.0 + 2.0 * m * N + 1.5 * mix, spec, "build")  # H·A: m²N products
        return True

    def transcript(self, tr: Any, spec: Any, where: Any, instances: int = 1) -> None:
        """Parsing and checking a transcript on ``instances`` instances: per answered entry one
        operation on numbers of the larger of its level's bits and the family's."""
        if not isinstance(tr, list) or not self.first("transcript", id(tr), self.family(spec), repr(where)):
            return
        total, family_bits, nested = 0.0, 3.4 * _fam_K(spec), _nested(spec)
        for a in tr:
            v = a.get("value") if isinstance(a, dict) else None
            entries = len(v.get("numerators", ())) if isinstance(v, dict) else 1
            level = a.get("level", 0) if isinstance(a, dict) and type(a.get("level")) is int else 0
            total += entries * _bits(max(level, family_bits), nested)
        self.add("transcript", total * (1 + instances))

    def output(self, spec: Any, value: Any = None, where: Any = None) -> None:
        """Parsing an output and its exact distance to the solution set (at the limit a face: a sort
        whose ties are zero tests); each distinct output is decided once per instance."""
        self.ops(60.0)  # registering the run, finding its output (31 µs a run in a 5,000-seed check)
        if not self.first("output", self.family(spec), repr(value), repr(where)):
            return
        N = _dims(spec)[0]
        size = _bits(max(3.4 * _fam_K(spec), 3.33 * _digits(value)), _nested(spec))  # the output's own numbers
        self.add("output", 20.0 * N * (1 + math.log2(N + 1)) * size)
        if where is None:
            self.add("zero", N * (1 + math.log2(N + 1)) * size)

    def run(self, spec: Any, r: Any, where: Any, instances: int = 1) -> None:
        if isinstance(r, dict):
            self.build(spec, where if not isinstance(where, (int, str)) else None)
            self.transcript(r.get("transcript"), spec, where, instances)
            self.output(spec, r.get("output"), where)


def _clamped(v: Any, default: int, lo: int = 1, hi: int = 10_000) -> int:
    """An integer from a (not yet checked) statement, within lo..hi (default: a sample count R in the
    family's range 1..10,000); ``default`` when it is not an integer."""
    return min(max(v if type(v) is int else default, lo), hi)


def _rows(st: dict[str, Any]) -> list[Any]:
    rows = st.get("instances")
    return rows if isinstance(rows, list) else [None]


def _cost_barrier(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    b = ev.get("barrier", ev)
    spec = st.get("family")
    n = b.get("n")
    for j in (1, 2):  # the pair (the limit is built with the run)
        c.build(spec, {"j": j, "n": n})
    N, m, _ = _dims(spec)
    c.ops(4.0 * N * m, spec)  # the agreement of both members up to the hidden level
    c.run(spec, b, None, 3)


def _cost_run(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    c.run(st.get("family"), ev, st.get("instance"))


def _cost_accuracy(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    spec = st.get("family")
    rows = _rows(st)
    for w in rows:
        c.build(spec, w)
    if "barrier" in ev:
        _cost_barrier(st, ev, c)
        return
    for r in ev.get("witnesses", ev.get("runs", [])):
        if isinstance(r, dict):
            row = r.get("row")
            where = (
                r.get("instance")
                if "instance" in r
                else rows[row]
                if type(row) is int and 0 <= row < len(rows)
                else row
            )
            c.run(spec, r, where)
    seeds = st.get("seeds")
    S = len(seeds.get("sampled", ())) if isinstance(seeds, dict) else 0
    c.ops(len(rows) * S * S / 64.0)  # exact binomial tails over S draws


def _cost_pair(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    spec = st.get("family")
    N, m, _ = _dims(spec)
    for w in (None, {"j": 1, "n": st.get("n")}, {"j": 2, "n": st.get("n")}):
        c.build(spec, w)
    c.ops(4.0 * N * m, spec)
    c.zeros(2, spec, deep=True)


def _cost_randomised(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    spec = st.get("family")
    for r in ev.get("runs", []):
        for j, m in enumerate((r.get("members") or []) if isinstance(r, dict) else [], 1):
            c.run(spec, m, {"j": j, "n": st.get("n")})


def _cost_minimisers(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    spec = st.get("family")
    N, m, _ = _dims(spec)
    N1 = N - m + 1
    for w in _rows(st):  # every vertex (N1 at the limit, one at a member): Aᵀr, the dual, the signs
        c.build(spec, w)
        c.ops((N1 if w is None else 1) * (2.0 * m * N + 8.0 * N), spec)
        c.zeros((N1 if w is None else 1) * 2, spec)


def _cost_training(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    spec = st.get("family")
    N, m, R0 = _dims(spec)
    for w in _rows(st) + list(st.get("q_pair") or []):
        R = _clamped(w.get("R") if isinstance(w, dict) else None, R0)
        c.build(spec, w)
        c.ops(6.0 * (R + 1) * N * m + 8.0 * N * N * m, spec)
        c.zeros(3 * N + 2, spec)  # KKT equalities of the distinct labels and the test solution
        c.zeros(1, spec, deep=True)  # the test solution (q-separation, or a network's test output)
    c.zeros(2, spec, deep=True)
    for layers in ev.get("networks", []) if isinstance(ev.get("networks"), list) else []:
        weights = 0
        for layer in layers if isinstance(layers, list) else []:
            W = layer.get("affine", {}).get("W") if isinstance(layer, dict) else None
            if isinstance(W, list) and W:
                weights += len(W) * len(W[0])
        c.ops(4.0 * weights * (R0 + 1), spec)


def _cost_sample(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    spec = st.get("family")
    R, n, p = st.get("R"), st.get("n"), ev.get("p")
    for r in ev.get("runs", []):
        if isinstance(r, dict):
            c.run(spec, r.get("simulation"), {"j": 1, "n": n, "q": 1, "R": R, "p": None}, 2)
            for q, m in zip((1, -1), r.get("members") or [], strict=False):
                c.run(spec, m, {"j": 1, "n": n, "q": q, "R": R, "p": p})


def _cost_each(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    for part in st.get("claims", []):
        kind = KINDS.get(part["statement"].get("kind", ""))
        if kind is not None:
            kind.cost(part["statement"], part["evidence"], c)


def _cost_fixed(ops: float) -> Callable[[dict[str, Any], dict[str, Any], Cost], None]:
    return lambda st, ev, c: c.ops(ops)


def _cost_stripes(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    """Weights × network evaluations, each a small fmpq operation (about a million a second), never
    more than the checker's own cap stripes.MAX_WORK: one evaluation per point of T ∪ V and per
    witness; for ``stripe-stable`` also the two ends of each point's ball and the breakpoints in it
    (counted here from the statement's weights, or at worst every breakpoint in every ball)."""
    layers = [x for x in st.get("network", []) if isinstance(x, dict)]
    weights = sum(len(x["W"]) * max((len(r) for r in x["W"]), default=0) for x in layers)
    points = [p for k in ("T", "V") for p in st.get(k, {}).get("points", [])]
    evaluations = len(points) + len(ev.get("unstable") or [])
    if st.get("kind") == "stripe-stable":
        evaluations += _ball_evaluations(st, points, layers)
    c.ops(200.0 + 100.0 * (len(points) + evaluations))  # parsing and checking a point; one evaluation
    c.add("net", min(weights * evaluations, stripes.MAX_WORK))


def _ball_evaluations(st: dict[str, Any], points: list[Any], layers: list[Any]) -> int:
    """Evaluations of ψ on the ε-balls: both ends and every breakpoint −b_i/w_i inside each ball."""
    try:
        (W, b) = (layers[0]["W"], layers[0]["b"])
        kinks = sorted(-Fraction(bi) / Fraction(r[0]) for r, bi in zip(W, b, strict=True) if Fraction(r[0]) != 0)
        eps = Fraction(st["eps"])
        out = 0
        for p in points:
            x = Fraction(p[0])
            out += 2 + bisect.bisect_left(kinks, x + eps) - bisect.bisect_right(kinks, x - eps)
        return out
    except (KeyError, IndexError, TypeError, ValueError, ZeroDivisionError):  # the checker rejects it
        widest = max((len(x.get("W", [])) for x in layers), default=0)
        return len(points) * (2 + widest)


def _cost_table1(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    """Per entry its two members; then the input's two exact distances (table1-input), the Gram
    matrix A⁽¹⁾A⁽¹⁾ᵀ (table1-steps, m²N), or per recorded output its distances to both members."""
    kind = st.get("kind")
    nets = len(st.get("networks", [])) if kind == "table1-outputs" else 0
    for e in st.get("entries", []):
        spec = e.get("family") if isinstance(e, dict) else None
        N, m, _ = _dims(spec)
        for w in ({"j": 1, "n": e.get("n")}, {"j": 2, "n": e.get("n")}):
            c.build(spec, w)
        if kind == "table1-input":
            c.ops(8.0 * (m * N + m), spec)
        elif kind == "table1-steps":
            c.ops(2.0 * m * m * N, spec)
        for _ in range(nets):
            c.ops(2 * 20.0 * N * (1 + math.log2(N + 1)), spec, "output")
        c.zeros(4, spec)


def _cost_bound(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    """The exact power M(1 − 1/M)^(r+s) (M ≤ 100,000, r, s ≤ 50,000) and its comparison with p."""
    M = _clamped(st.get("stripes"), 2, 2, stripes.MAX_STRIPES)
    n = sum(_clamped(st.get(k), 1, 1, 50_000) for k in ("r", "s"))
    c.ops(100.0 + _digits(st.get("p")) / 100.0)
    c.add("power", _power(math.log2(M), n))


def _cost_images(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    """The n − w + 1 images of each label rebuilt, n² exact entries each, compared as tuples."""
    n = _clamped(st.get("n"), 64, 2, 64)
    w = _clamped(st.get("w"), 1, 1, n)
    c.ops(12.0 * n * n * (n - w + 1) + _digits(st.get("a")))


def _cost_relu_runs(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    """Per run its transcript against the limit and both members, and two exact losses."""
    c.ops(10.0)
    for r in ev.get("runs", []):
        if isinstance(r, dict):
            c.transcript(r.get("transcript"), None, "tie", 3)
            c.ops(300.0 + 2.0 * _digits(r.get("output")))  # two exact losses


def _cost_growth(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    """Per size Σ_(k<M) one 128-bit arb power (M ≤ 10,000), and one exact power r(1 − p)^K, whose
    numbers have K times the digits of p."""
    bits = 3.4 * _digits(st.get("p"))
    for M, K in zip(st.get("hit", []), st.get("within", []), strict=False):
        c.ops(3.0 * _clamped(M, 2))
        c.add("power", _power(bits, K))


def _cost_architectures(st: dict[str, Any], ev: dict[str, Any], c: Cost) -> None:
    """Per record the bound M(1 − 1/M)^(r+s) (an exact power), the planted net at two points, and the
    trained net at every point of T ∪ V and witness (the stripe-dichotomy template)."""
    q = _clamped(st.get("q"), 1)
    for rec in ev.get("architectures", []):
        arch = [w for w in rec.get("architecture", []) if type(w) is int]
        P = math.prod(min(max(w, 1), stripes.MAX_WIDTH) + 1 for w in arch[: stripes.MAX_DEPTH])
        size = sum(_clamped(rec.get(k), 1, 1, 50_000) for k in ("r", "s"))
        c.add("power", _power(math.log2(P + 2 * q), size))
        layers = [x for x in rec.get("trained", []) if isinstance(x, dict)]
        weights = sum(len(x["W"]) * max((len(r) for r in x["W"]), default=0) for x in layers)
        points = sum(len(rec.get(k, {}).get("points", [])) for k in ("T", "V"))
        evaluations = points + len(rec.get("unstable") or []) + 2
        c.ops(200.0 + 100.0 * (points + evaluations))
        c.add("net", min(weights * evaluations, stripes.MAX_WORK))


def _power(bits: float, n: Any) -> float:
    """An exact power x^n of an x of ``bits`` bits: a product of numbers of n·bits bits, about
    (n·bits/64)^1.6 word operations."""
    return float((max(bits, 1.0) * _clamped(n, 1, 1, 100_000) / 64.0) ** 1.6)


def _digits(v: Any) -> int:
    """The longest number string in ``v`` (a rational string, a list of them, or exact a + b√r)."""
    if isinstance(v, str):
        return len(v)
    if isinstance(v, list):
        return max((_digits(x) for x in v), default=0)
    if isinstance(v, dict):
        return max((_digits(x) for x in v.values()), default=0)
    return 0


# --------------------------------------------------------------------------- statement texts
def _alg(st: dict[str, Any]) -> str:
    seed = st.get("seed")
    suffix = " (deterministic)" if seed is None else f" with seed {seed}"
    return text.algorithm(st["algorithm"]) + suffix


def _t_barrier(st: dict[str, Any]) -> str:
    return f"{_alg(st)} is correct to {text.digits(st['digits'])} on every input of {text.family(st['family'])}"


def _t_run(st: dict[str, Any]) -> str:
    where = f"{text.instance(st['instance'])} of {text.family(st['family'])}"
    return f"{_alg(st)} is correct to {text.digits(st['digits'])} on {where}"


def _t_accuracy(st: dict[str, Any]) -> str:
    where = f"on each of {text.instances(st['instances'])} of {text.family(st['family'])}"
    if st["seeds"] is None:
        return f"{text.algorithm(st['algorithm'])} (deterministic) is correct to {text.digits(st['digits'])} {where}"
    how = f"w.p. > 1/2 {text.space(st['seeds'])}"
    return f"{text.algorithm(st['algorithm'])} is correct to {text.digits(st['digits'])} {how}, {where}"


def _t_agreement(st: dict[str, Any]) -> str:
    normwise = isinstance(st["family"], dict) and st["family"].get("mode") == "normwise"
    how = "every array within 2^-(h+1) in Frobenius norm" if normwise else "every entry within 2^-(h+1)"
    return (
        f"the members of pair n={st['n']} of {text.family(st['family'])} agree with the limit up to level "
        f"h={st['level']} ({how})"
    )


def _t_separation(st: dict[str, Any]) -> str:
    training = isinstance(st["family"], dict) and st["family"].get("family") == "TrainingFamily"
    what = "test solutions" if training else "minimisers"
    return (
        f"the {what} of members 1 and 2 of pair n={st['n']} of {text.family(st['family'])} are more than 2·10^-K apart"
    )


def _t_randomised(st: dict[str, Any]) -> str:
    return (
        f"{text.algorithm(st['algorithm'])} fails {text.digits(st['digits'])} w.p. ≥ 1/2 {text.space(st['seeds'])} "
        f"on member 1 or member 2 of pair n={st['n']} of {text.family(st['family'])}"
    )


def _t_minimisers(st: dict[str, Any]) -> str:
    return (
        f"every vertex of the closed-form solution sets of {text.instances(st['instances'])} of "
        f"{text.family(st['family'])} passes exact KKT, with strict inequalities where the set is one point"
    )


def _t_training(st: dict[str, Any]) -> str:
    K = st["family"].get("K") if isinstance(st["family"], dict) else "K"
    a, b = (text.instance(w) for w in (st["q_pair"] + [None, None])[:2])
    return (
        f"on {text.instances(st['instances'])} of {text.family(st['family'])}: every training label is its "
        f"sample's unique minimiser and every test solution passes exact KKT; the zero network is more than "
        f"10^-{K - 1 if isinstance(K, int) else 'K+1'} from every test solution; the test solutions of {a} and {b} "
        f"are more than 2·10^-{K - 1 if isinstance(K, int) else '(K−1)'} apart"
    )


def _t_network(st: dict[str, Any]) -> str:
    where = (
        "every training input y_k to its label x_k and the test input into the test solution set"
        if st["inputs"] == "all"
        else "the test input into the test solution set"
    )
    return (
        f"for each of {text.instances(st['instances'])} of {text.family(st['family'])}, the exact soft-threshold "
        f"network recorded for it maps {where}"
    )


def _t_sample(st: dict[str, Any]) -> str:
    how = "" if st["seeds"] is None else f" w.p. > 1/2 {text.space(st['seeds'])}"
    return (
        f"{text.algorithm(st['algorithm'])} reads at most M={st['M']} samples and is correct to "
        f"{text.digits(st['digits'])}{how} on every member (j=1, n={st['n']}, q=±1, R={st['R']} samples, any informative position) of "
        f"{text.family(st['family'])}"
    )


def _t_each(st: dict[str, Any]) -> str:
    return f"each of the {len(st['claims'])} parts below holds"


def _t_class(st: dict[str, Any]) -> str:
    n = st["algorithms"]
    return (
        f"each of the {n} algorithms of claims 1–{n} fails its family's K digits w.p. ≥ 1/2 on some input of its "
        "family (refuted by a barrier on one input, or failing w.p. ≥ 1/2 over its claim's seed space on member 1 "
        "or member 2 of a pair)"
    )


def _t_symbolic(st: dict[str, Any]) -> str:
    return facts.statement(st["fact"], st["family"])


def _t_lemma(st: dict[str, Any]) -> str:
    return lemmas.conclusion(st)


def _stripes_family(s: Any) -> str:
    return (
        f"the stripe family (A={s['alternations']} alternations, width {s['width']}, margin {s['margin']}, offset "
        f"{s['offset']}, planted δ={s['delta']})"
    )


def _net_widths(net: Any) -> list[int]:
    return [len(layer["W"]) for layer in net[:-1]]


def _points(st: dict[str, Any]) -> str:
    return f"the {len(st['T']['points'])} + {len(st['V']['points'])} points of T ∪ V listed in the statement"


def _t_stripe_accuracy(st: dict[str, Any]) -> str:
    return (
        f"the ReLU network of the statement (hidden widths {_net_widths(st['network'])}) classifies {_points(st)} "
        f"of {_stripes_family(st['family'])} correctly"
    )


def _t_stripe_dichotomy(st: dict[str, Any]) -> str:
    unstable = (
        f"at ≥ {st['at_least']} of them some η with ‖η‖∞ < {st['eps']} inside the point's stripe changes its "
        "decision" + (" (and at_least ≥ ⌈(A − P)/2⌉, Lemma 3's count)" if st["lemma3"] else "")
    )
    how = {
        "inaccurate": "misclassifies one of them",
        "unstable": "is accurate on them, yet " + unstable,
        "either": "misclassifies one of them, or is accurate on them and " + unstable,
    }.get(st["outcome"], "?")
    return (
        f"the ReLU network of the statement (hidden widths {_net_widths(st['network'])}), on {_points(st)} of "
        f"{_stripes_family(st['family'])}, {how}"
    )


def _t_stripe_stable(st: dict[str, Any]) -> str:
    return (
        f"the one-hidden-layer network of the statement (width {st['width']}, blind to x₂) equals f on the closed "
        f"‖·‖∞-ball of radius {st['eps']} around each of {_points(st)} of {_stripes_family(st['family'])}"
    )


def _t_stripe_bound(st: dict[str, Any]) -> str:
    return (
        f"with architecture {st['architecture']} (P = ∏(N_i + 1)) and q = {st['q']}: M = P + 2q = {st['stripes']} "
        f"stripes, and M(1 − 1/M)^(r+s) ≤ p = {st['p']} for r + s = {st['r']} + {st['s']}"
    )


def _t_stripe_images(st: dict[str, Any]) -> str:
    which = "every label-0 image is" if st["offset_only"] else "some label-0 image is not"
    return (
        f"in the B2 images (n={st['n']}, w={st['w']}, a={st['a']}, generator {st['generator']}), {which} a "
        "label-1 image shifted by 2a"
    )


def _t_stripe_growth(st: dict[str, Any]) -> str:
    rows = ", ".join(f"r={r}: (M, K)=({m}, {k})" for r, m, k in zip(st["sizes"], st["hit"], st["within"], strict=False))
    return (
        f"under the stripe law P(stripe k) = p(1 − p)^k with p = {st['p']}, for each sample size r with its (M, K) "
        f"({rows}): the union bounds Σ_(k<M) (1 − p(1 − p)^k)^r (T_r misses a stripe below M) and r(1 − p)^K "
        f"(T_r has a point in a stripe ≥ K) are each ≤ β = {st['beta']}, and M and K strictly increase with r "
        "(so, by Lemma 3 of proofs/bhv.py, cited: w.p. ≥ 1 − 2β every ReLU net equal to f on T_r has "
        "∏(N_i + 1) ≥ M − 1 pieces, and the trapezoid net ψ, width ≤ 4⌊K/2⌋, is one)"
    )


def _t_stripe_architectures(st: dict[str, Any]) -> str:
    d, w = st["depth"], st["widths"]
    return (
        f"for each of the {st['drawn']} distinct architectures listed in the evidence, of hidden depth in "
        f"{_interval(d)} and every hidden width in {_interval(w)}, with P = ∏(N_i + 1), M = P + 2q stripes of "
        f"width 1 (q = {st['q']}, margin {st['margin']}, offset {st['offset']}, planted δ = {st['delta']}) and the "
        f"record's sample sizes r, s: (i) M(1 − 1/M)^(r+s) ≤ p = {st['p']}; (ii) the record's planted net of that "
        "architecture equals f exactly on every point of the family; (iii) on the record's draw T (r points), "
        f"V (s points), the net recorded as trained by {text.algorithm(st['procedure'])} is inaccurate on T ∪ V, "
        "or unstable (‖η‖∞ < margin, inside the point's stripe) at ≥ max(1, ⌈(A − P)/2⌉) of its points "
        "(so, by Lemma 3 of proofs/bhv.py, cited, and (i): w.p. ≥ 1 − p over i.i.d. T, V every net of the "
        "architecture accurate on T ∪ V is unstable at ≥ q points)"
    )


def _interval(v: list[Any]) -> str:
    return f"{v[0]}..{v[1]}" if len(v) == 2 else str(v)


def _relu_setting(st: dict[str, Any]) -> str:
    return (
        "the squared loss R_ι(θ) = φ_θ(x₀)² + (φ_θ(x₁) − 1)² of the ReLU nets φ_θ(x) = c·ρ(w·x + b) + d "
        f"(architecture (1, 1, 1)) on ι± = {{(0, 0), (±2^-{st['k']}, 1)}} (input, label), κ = {st['kappa']}"
    )


def _t_relu_pair(st: dict[str, Any]) -> str:
    return (
        f"for {_relu_setting(st)}: each of ι₊, ι₋ has a net of loss exactly 0 (the infimum is attained in the "
        "architecture) and κ < 1/2, so no net has loss ≤ κ on both (every φ_θ is monotone, hence "
        "max(R₊, R₋) ≥ 1/2: the kernel's trusted argument, proofs/bhv.py A4)"
    )


def _t_relu_runs(st: dict[str, Any]) -> str:
    attained = "; attained: p₊ > 0, p₋ > 0 and p₊ + p₋ = 1" if st["attained"] else ""
    return (
        f"for {_relu_setting(st)}, with the inputs read through Δ1 oracles: {text.algorithm(st['algorithm'])}, "
        f"reading levels ≤ k = {st['k']} on the limit x₁ = 0, outputs a net of loss ≤ κ on ι₊ w.p. "
        f"p₊ = {st['p_plus']} and on ι₋ w.p. p₋ = {st['p_minus']} over a seed drawn uniformly from the finite "
        f"set {text.seeds(st['seeds'])}; "
        f"p₊ + p₋ ≤ 1{attained}"
    )


def _entries(entries: list[Any], steps: bool = False) -> str:
    """Table 1 entries: (K, n[, τ, σ]) of their family, written once with K left open when only K differs."""
    specs = {json.dumps({k: v for k, v in e["family"].items() if k != "K"}, sort_keys=True) for e in entries}
    cells = [f"(K={e['K']}, n={e['n']}" + (f", τ={e['tau']}, σ={e['sigma']})" if steps else ")") for e in entries]
    if len(specs) == 1 and entries:
        fam = text.family({**entries[0]["family"], "K": "K"})
        return f"the Table 1 entries {', '.join(cells)} of {fam}"
    return "the Table 1 entries " + ", ".join(
        f"{c} of {text.family(e['family'])}" for c, e in zip(cells, entries, strict=True)
    )


_T1_NETWORKS = {
    "lista": "LISTA's",
    "firenet": "FIRENET's (guaranteed steps)",
    "firenet_paper": "FIRENET's (the paper's steps)",
}


def _t_table1_input(st: dict[str, Any]) -> str:
    return (
        f"for each of {_entries(st['entries'])}: the recorded exact (A_n, y_n) is a valid level-n input for both "
        "members of pair n (‖A_n − A⁽ʲ⁾‖_F ≤ 2^-n and ‖y_n − y⁽ʲ⁾‖₂ ≤ 2^-n, j = 1, 2)"
    )


def _t_table1_outputs(st: dict[str, Any]) -> str:
    nets = " and ".join(_T1_NETWORKS[n] for n in st["networks"])
    prop = st["property"]
    if prop in ("matches-authors-code", "differs-from-authors-code"):
        values = ", ".join(
            f"(K={e['K']}, n={e['n']}): {table1.AUTHORS_CODE.get((e['K'], e['n']), 'none')}" for e in st["entries"]
        )
        verb = "rounds" if prop == "matches-authors-code" else "does not round"
        what = (
            f"is at a distance from member 1's (the true input's) minimiser that {verb}, to 7 decimals, to the "
            f"value the authors' released code prints, held by the kernel ({values})"
        )
    else:
        what = {
            "misses-one": "is more than 10^-K from the minimiser of member 1 or of member 2 of pair n",
            "below-K": "is more than 10^-K from member 1's (the true input's) minimiser",
            "K-1-both": "is within 10^-(K−1) of the minimisers of both members of pair n",
        }[prop]
    return f"for each of {_entries(st['entries'])}, each output recorded as {nets} {what}"


def _t_table1_steps(st: dict[str, Any]) -> str:
    rel = "< 1" if st["holds"] is True else "≥ 1"
    return (
        f"for each of {_entries(st['entries'], steps=True)}: τσ‖A'‖₂² {rel} for every A' with ‖A' − A⁽¹⁾‖₂ ≤ 2^-n, "
        "A⁽¹⁾ the true input (member 1 of pair n) as the kernel rebuilds it, so for every valid level-n input"
    )


# --------------------------------------------------------------------------- the registry
def _st(keys: dict[str, Schema], kind: str) -> Callable[[Schema], Schema]:
    return lambda ref: obj({"kind": const(kind), **keys})


def _ev(make: Callable[[Schema], dict[str, Schema]]) -> Callable[[Schema], Schema]:
    return lambda ref: obj(make(ref))


_PAIRED = {"family": FAMILY, "K": integer}


def _run_ev(ref: Schema) -> Schema:
    return obj({"output": nullable(vector), "transcript": ref})


def _barrier_ev(ref: Schema) -> dict[str, Schema]:
    return {"n": integer, "member": integer, "output": vector, "transcript": ref, "hidden_level": integer}


KINDS: dict[str, Kind] = {
    "barrier": Kind(
        _st({**_PAIRED, "digits": integer, "algorithm": string, "seed": SEED}, "barrier"),
        _ev(_barrier_ev),
        _t_barrier,
        C.barrier,
        _cost_barrier,
        (C.REFUTED,),
        part=True,
    ),
    "run": Kind(
        _st({**_PAIRED, "digits": integer, "algorithm": string, "instance": INSTANCE, "seed": SEED}, "run"),
        _ev(lambda ref: {"output": vector, "transcript": ref}),
        _t_run,
        C.run,
        _cost_run,
        (C.REFUTED,),
        part=True,
    ),
    "accuracy": Kind(
        _st(
            {**_PAIRED, "digits": integer, "algorithm": string, "seeds": SPACE, "instances": lst(INSTANCE, 64)},
            "accuracy",
        ),
        lambda ref: exactly_one(
            {
                "barrier": obj(_barrier_ev(ref)),
                "witnesses": lst(
                    obj({"instance": INSTANCE, "seed": SEED, "output": vector, "transcript": ref}), C.MAX_SEEDS
                ),
                "runs": lst(
                    obj(
                        {
                            "row": integer,
                            "seed": SEED,
                            "outcome": string,
                            "output": nullable(vector),
                            "transcript": ref,
                        }
                    ),
                    64 * C.MAX_SEEDS,
                ),
            }
        ),
        _t_accuracy,
        C.accuracy,
        _cost_accuracy,
        (C.CERTIFIED, C.REFUTED),
        part=True,
    ),
    "agreement": Kind(
        _st({**_PAIRED, "n": integer, "level": integer}, "agreement"),
        _ev(lambda ref: {"max_difference": exact}),
        _t_agreement,
        C.agreement,
        _cost_pair,
        (C.CERTIFIED,),
        part=True,
    ),
    "separation": Kind(
        _st({**_PAIRED, "n": integer}, "separation"),
        _ev(lambda ref: {"dist2": exact}),
        _t_separation,
        C.separation,
        _cost_pair,
        (C.CERTIFIED,),
        part=True,
    ),
    "randomised": Kind(
        _st({**_PAIRED, "digits": integer, "algorithm": string, "n": integer, "seeds": SPACE}, "randomised"),
        _ev(lambda ref: {"runs": lst(obj({"seed": integer, "members": lst(_run_ev(ref), 2)}), C.MAX_SEEDS)}),
        _t_randomised,
        C.randomised,
        _cost_randomised,
        (C.CERTIFIED,),
        part=True,
    ),
    "minimisers": Kind(
        _st({**_PAIRED, "instances": lst(INSTANCE, 64)}, "minimisers"),
        _ev(lambda ref: {}),
        _t_minimisers,
        C.minimisers,
        _cost_minimisers,
        (C.CERTIFIED,),
        part=True,
    ),
    "training": Kind(
        _st({**_PAIRED, "instances": lst(INSTANCE, 64), "q_pair": lst(INSTANCE, 2)}, "training"),
        _ev(lambda ref: {"q_dist2": exact}),
        _t_training,
        C.training,
        _cost_training,
        (C.CERTIFIED,),
        part=True,
    ),
    "network": Kind(
        _st({**_PAIRED, "instances": lst(INSTANCE, 64), "inputs": string}, "network"),
        _ev(
            lambda ref: {
                "networks": lst(
                    lst(
                        either(
                            obj({"affine": obj({"W": lst(vector, 256), "b": vector})}), obj({"soft_threshold": vector})
                        ),
                        16,
                    ),
                    64,
                )
            }
        ),
        _t_network,
        C.network,
        _cost_training,
        (C.CERTIFIED,),
        part=True,
    ),
    "sample-barrier": Kind(
        _st(
            {
                **_PAIRED,
                "digits": integer,
                "algorithm": string,
                "M": integer,
                "R": integer,
                "n": integer,
                "seeds": SPACE,
            },
            "sample-barrier",
        ),
        _ev(
            lambda ref: {
                "p": nullable(integer),
                "runs": lst(
                    obj({"seed": SEED, "simulation": _run_ev(ref), "members": nullable(lst(_run_ev(ref), 2))}), 1000
                ),
            }
        ),
        _t_sample,
        C.sample_barrier,
        _cost_sample,
        (C.REFUTED,),
        part=True,
    ),
    "class": Kind(
        _st({"algorithms": integer, "violation": nullable(integer)}, "class"),
        _ev(lambda ref: {}),
        _t_class,
        classes.check,
        _cost_fixed(10.0),
        (C.CERTIFIED,),
    ),
    "symbolic": Kind(
        _st({"family": FAMILY, "fact": string}, "symbolic"),
        _ev(lambda ref: {}),
        _t_symbolic,
        lambda st, ev, ctx: C.CERTIFIED,  # the claim is its symbolic steps (all-parameters only)
        _cost_fixed(10.0),
        (C.CERTIFIED,),
    ),
    "table1-input": Kind(
        _st({"entries": lst(_ENTRY, table1.MAX_ENTRIES)}, "table1-input"),
        _ev(lambda ref: {"inputs": lst(obj({"A": lst(vector, 512), "y": vector}), table1.MAX_ENTRIES)}),
        _t_table1_input,
        table1.inputs,
        _cost_table1,
        (C.CERTIFIED, C.REFUTED),
    ),
    "table1-outputs": Kind(
        _st(
            {
                "property": const(*table1.PROPERTIES),
                "networks": lst(const(*table1.NETWORKS), len(table1.NETWORKS)),
                "entries": lst(_ENTRY, table1.MAX_ENTRIES),
            },
            "table1-outputs",
        ),
        _ev(lambda ref: {"outputs": mapping(lst(vector, table1.MAX_ENTRIES), len(table1.NETWORKS))}),
        _t_table1_outputs,
        table1.outputs,
        _cost_table1,
        (C.CERTIFIED, C.REFUTED),
    ),
    "table1-steps": Kind(
        _st({"entries": lst(_STEP_ENTRY, table1.MAX_ENTRIES), "holds": boolean}, "table1-steps"),
        _ev(lambda ref: {"norm_bounds": lst(string, table1.MAX_ENTRIES)}),
        _t_table1_steps,
        table1.steps,
        _cost_table1,
        (C.CERTIFIED,),
    ),
    "stripe-accuracy": Kind(
        _st(
            {"family": _STRIPES, "T": _DATA, "V": _DATA, "network": _RELU, "architecture": lst(integer, 64)},
            "stripe-accuracy",
        ),
        _ev(lambda ref: {"errors": integer}),
        _t_stripe_accuracy,
        stripes.accuracy,
        _cost_stripes,
        (C.CERTIFIED,),
        part=True,
    ),
    "stripe-dichotomy": Kind(
        _st(
            {
                "family": _STRIPES,
                "T": _DATA,
                "V": _DATA,
                "network": _RELU,
                "eps": string,
                "outcome": string,
                "at_least": integer,
                "lemma3": boolean,
            },
            "stripe-dichotomy",
        ),
        _ev(
            lambda ref: {
                "inaccurate": nullable(integer),
                "unstable": lst(obj({"point": integer, "eta": lst(string, 2)}), stripes.MAX_WITNESSES),
            }
        ),
        _t_stripe_dichotomy,
        stripes.dichotomy,
        _cost_stripes,
        (C.CERTIFIED,),
        part=True,
    ),
    "stripe-stable": Kind(
        _st(
            {"family": _STRIPES, "T": _DATA, "V": _DATA, "network": _RELU, "eps": string, "width": integer},
            "stripe-stable",
        ),
        _ev(lambda ref: {"breakpoints": integer}),
        _t_stripe_stable,
        stripes.stable,
        _cost_stripes,
        (C.CERTIFIED,),
        part=True,
    ),
    "stripe-bound": Kind(
        _st(
            {
                "architecture": lst(integer, 64),
                "q": integer,
                "r": integer,
                "s": integer,
                "p": string,
                "stripes": integer,
            },
            "stripe-bound",
        ),
        _ev(lambda ref: {"bound": string}),
        _t_stripe_bound,
        stripes.bound,
        _cost_bound,
        (C.CERTIFIED,),
    ),
    "stripe-images": Kind(
        _st(
            {"n": integer, "w": integer, "a": string, "generator": string, "offset_only": boolean},
            "stripe-images",
        ),
        _ev(lambda ref: {"flip_radius": string}),
        _t_stripe_images,
        stripes.images,
        _cost_images,
        (C.CERTIFIED, C.REFUTED),
    ),
    "stripe-growth": Kind(
        _st(
            {
                "p": string,
                "beta": string,
                "sizes": lst(integer, stripes.MAX_SIZES),
                "hit": lst(integer, stripes.MAX_SIZES),
                "within": lst(integer, stripes.MAX_SIZES),
            },
            "stripe-growth",
        ),
        _ev(lambda ref: {"miss": lst(string, stripes.MAX_SIZES), "beyond": lst(string, stripes.MAX_SIZES)}),
        _t_stripe_growth,
        stripes.growth,
        _cost_growth,
        (C.CERTIFIED,),
    ),
    "stripe-architectures": Kind(
        _st(
            {
                "depth": lst(integer, 2),
                "widths": lst(integer, 2),
                "drawn": integer,
                "q": integer,
                "p": string,
                "margin": string,
                "offset": string,
                "delta": string,
                "procedure": string,
            },
            "stripe-architectures",
        ),
        _ev(
            lambda ref: {
                "architectures": lst(
                    obj(
                        {
                            "architecture": lst(integer, stripes.MAX_DEPTH),
                            "r": integer,
                            "s": integer,
                            "planted": _RELU,
                            "T": _DATA,
                            "V": _DATA,
                            "trained": _RELU,
                            "inaccurate": nullable(integer),
                            "unstable": lst(obj({"point": integer, "eta": lst(string, 2)}), stripes.MAX_WITNESSES),
                        }
                    ),
                    stripes.MAX_DRAWN,
                )
            }
        ),
        _t_stripe_architectures,
        stripes.architectures,
        _cost_architectures,
        (C.CERTIFIED,),
    ),
    "relu-pair": Kind(
        _st({"k": integer, "kappa": string}, "relu-pair"),
        _ev(lambda ref: {"minimisers": lst(lst(string, 4), 2)}),
        _t_relu_pair,
        tie.relu_pair,
        _cost_fixed(100.0),
        (C.CERTIFIED,),
    ),
    "relu-runs": Kind(
        _st(
            {
                "k": integer,
                "kappa": string,
                "algorithm": string,
                "seeds": lst(integer, tie.MAX_SEEDS),
                "p_plus": string,
                "p_minus": string,
                "attained": boolean,
            },
            "relu-runs",
        ),
        _ev(
            lambda ref: {
                "runs": lst(
                    obj(
                        {
                            "seed": integer,
                            "transcript": ref,
                            "outcome": const(*tie.OUTCOMES),
                            "output": nullable(lst(string, 4)),
                        }
                    ),
                    tie.MAX_SEEDS,
                )
            }
        ),
        _t_relu_runs,
        tie.relu_runs,
        _cost_relu_runs,
        (C.CERTIFIED,),
    ),
}


def _part(ref: Schema) -> Schema:
    parts = {name: k for name, k in KINDS.items() if k.part}

    def f(v: Any, path: str) -> Any:
        shape = obj({"status": const(C.CERTIFIED, C.REFUTED, C.UNKNOWN), "statement": anything, "evidence": anything})
        v = shape(v, path)
        kind = keyed("kind", {n: k.statement(ref) for n, k in parts.items()})
        st = kind(v["statement"], f"{path}.statement")
        evidence = obj({}) if v["status"] == C.UNKNOWN else parts[st["kind"]].evidence(ref)
        return {"status": v["status"], "statement": st, "evidence": evidence(v["evidence"], f"{path}.evidence")}

    one = [
        {
            "type": "object",
            "required": ["status", "statement", "evidence"],
            "additionalProperties": False,
            "properties": {
                "status": {"enum": [C.CERTIFIED, C.REFUTED, C.UNKNOWN]},
                "statement": described(k.statement(ref)),
                "evidence": {"anyOf": [{"type": "object", "maxProperties": 0}, described(k.evidence(ref))]},
            },
        }
        for k in parts.values()
    ]
    return describe(f, {"oneOf": one})


KINDS["each"] = Kind(
    lambda ref: obj({"kind": const("each"), "claims": lst(_part(ref), 1000, 1)}),
    _ev(lambda ref: {}),
    _t_each,
    lambda st, ev, ctx: C.CERTIFIED,  # checked part by part in the document loop
    _cost_each,
    (C.CERTIFIED,),
)


def _lemma_statement(ref: Schema) -> Schema:
    variants: dict[Any, Schema] = {}
    for name, lem in lemmas.LEMMAS.items():
        keys: dict[str, Schema] = {"kind": const("lemma"), "lemma": const(name)}
        keys.update({p: {"family": FAMILY, "n": integer, "level": integer}[p] for p in lem.params})
        variants[name] = obj(keys)
    return keyed("lemma", variants)


def _lemma_evidence(ref: Schema) -> Schema:
    return obj({"discharged_by": mapping(_REF, 16)}, {"formal": _FORMAL})


KINDS["lemma"] = Kind(
    _lemma_statement,
    _lemma_evidence,
    _t_lemma,
    lambda st, ev, ctx: C.CITED,  # discharged in the document loop (lemmas.discharge)
    _cost_fixed(50.0),
    (C.CITED,),
)


def statement(st: dict[str, Any]) -> str:
    """The proposition a schema-valid statement states, in the kernel's words."""
    return KINDS[st["kind"]].text(st)


def cost(claim: dict[str, Any], c: Cost) -> None:
    """Add one schema-valid claim's bound to ``c`` (an unknown claim asserts nothing: no work)."""
    c.add("claim", 1)
    if claim["status"] == C.UNKNOWN:
        return
    st, ev = claim["statement"], claim["evidence"]
    KINDS[st["kind"]].cost(st, ev, c)
    steps = ev.get("symbolic_steps")
    if isinstance(steps, list):
        c.add("step", len(steps))


def json_schema(answer: Schema, statuses: tuple[str, ...], scopes: tuple[str, ...]) -> Any:
    """The JSON Schema of ``sci-oracle-certificate/2`` generated from the kernel's own closed schemas
    (shipped as kernel/schema.json; a test keeps the file equal to this)."""
    ref = transcript_ref([])
    defs: dict[str, Any] = {"exact": EXACT_JSON, **DEFS}
    for name, k in KINDS.items():
        ev = described(k.evidence(ref))
        if name in ALL_PARAMETERS:  # all-parameters: plus the sympy steps and each engine's answers
            proof = {k: described(v) for k, v in PROOF_KEYS.items()}
            ev = {**ev, "properties": {**ev["properties"], **proof}, "required": []}
        defs[f"{name}.statement"] = described(k.statement(ref))
        defs[f"{name}.evidence"] = ev
    parts = [
        {
            "type": "object",
            "required": ["status", "statement", "evidence"],
            "additionalProperties": False,
            "properties": {
                "status": {"enum": [C.CERTIFIED, C.REFUTED, C.UNKNOWN]},
                "statement": {"$ref": f"#/$defs/{name}.statement"},
                "evidence": {"anyOf": [{"type": "object", "maxProperties": 0}, {"$ref": f"#/$defs/{name}.evidence"}]},
            },
        }
        for name, k in KINDS.items()
        if k.part
    ]
    defs["each.statement"] = {
        "type": "object",
        "required": ["kind", "claims"],
        "additionalProperties": False,
        "properties": {
            "kind": {"enum": ["each"]},
            "claims": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"oneOf": parts}},
        },
    }
    claims = [
        {
            "type": "object",
            "required": ["status", "scope", "statement", "evidence"],
            "additionalProperties": False,
            "properties": {
                "status": {"enum": list(statuses)},
                "scope": {"enum": list(scopes)},
                "statement": {"$ref": f"#/$defs/{name}.statement"},
                "evidence": {"anyOf": [{"type": "object", "maxProperties": 0}, {"$ref": f"#/$defs/{name}.evidence"}]},
            },
        }
        for name in sorted(KINDS)
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://sci-oracle.invalid/schema/sci-oracle-certificate-2.json",
        "title": "sci-oracle-certificate/2",
        "description": (
            "Every --json certificate of sci-oracle. Generated from the kernel's closed schemas "
            "(sci_oracle/kernel/templates.py): every object has exactly the keys listed. A claim is "
            "{status, scope, statement, evidence}; the kernel writes the statement's text from its "
            "parameters; an unknown claim has empty evidence. Numbers are exact: 'p/q' strings, or "
            "{a, b, r, id} meaning a + b*sqrt(r). Transcripts are stored once in 'transcripts' and "
            "referenced by index."
        ),
        "type": "object",
        "required": ["format", "claims"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": "sci-oracle-certificate/2"},
            "transcripts": {"type": "array", "items": {"type": "array", "items": described(answer)}},
            "claims": {"type": "array", "minItems": 1, "maxItems": 10000, "items": {"oneOf": claims}},
            "all_certified": {"type": "boolean"},
            "passed": {"type": "boolean"},
            "K": {"type": "integer"},
            "verdict": {"enum": list(statuses)},
            "digits_reached": {"type": ["integer", "null"]},
        },
        "$defs": defs,
    }
