"""Claim checkers: each rebuilds what its statement names and confirms the evidence, never searching.

The kinds and the paper results they certify (Colbrook–Antun–Hansen, PNAS 119(12) 2022, Theorem 1
and SI §2; Bastounis–Hansen–Vlačić, Prop 10.5, the indistinguishable-pair lemma). The statement
each one proves is written by :mod:`sci_oracle.kernel.templates`; the checkers here only decide it.

- ``barrier``: one output, served one transcript legal for the limit and both members of pair n,
  is more than 10^-D from member j's minimiser: "correct to D digits on every input" is refuted
  (Theorem 1(a)).
- ``run``: one recorded run on one instance fails D digits.
- ``accuracy``: "correct to D digits with probability > 1/2 on every listed instance" (check's
  claims for D = K, K−1, K−2), over a stated probability space: refuted by a barrier or by failing
  runs, certified by every (instance, seed) run, exact distances recomputed.
- ``agreement``: members of pair n agree with the limit to level h (max|Δ| ≤ 2^-(h+1)).
- ``separation``: the members' minimisers are more than 2·10^-K apart.
- ``randomised``: coupled seeds on pair n; the worst member fails with probability ≥ 1/2.
- ``training``, ``network``, ``sample-barrier``: the training setting of Theorem 1 (the project's
  TrainingFamily): labels and test solutions by exact KKT, the zero network and the q-separation
  (part (a)'s H1–H3 and part (b)'s premise); exact networks solving each instance (part (0)); the
  sample adversary's transcripts (part (b)).

Each checker returns the status its evidence supports or raises KernelError naming the check.
Every run a checker reads is registered with :meth:`Context.record`, which binds outputs to
transcripts across the whole document (:mod:`sci_oracle.kernel.runs`).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel import transcripts as T
from sci_oracle.kernel.family import MAX_N, Family, Training
from sci_oracle.kernel.numbers import KernelError, Parser
from sci_oracle.kernel.runs import Runs

CERTIFIED, REFUTED, UNKNOWN, CITED = "certified", "refuted", "unknown", "cited"
MAX_SEEDS = 100_000
MAX_INSTANCES = 64
MAX_WIDTH, MAX_LAYERS, MAX_SAMPLES = 256, 16, 20_000  # training claims: network size, samples per claim
_ALGORITHM = re.compile(r"[ -~]{1,20000}")  # printable ASCII: the algorithm's printed description


class UnknownKey(KernelError):
    """A key a claim's closed key set does not allow (the document loop reports it as malformed)."""


class Context:
    """Per-certificate state: the number parser (radical cap), rebuilt families, parsed transcripts,
    the registry of runs (bound across the document and handed to a rerun), and the claims checked
    so far (for a class claim)."""

    def __init__(self, table_index: dict[int, int] | None = None) -> None:
        self.parser = Parser()
        self.families: dict[str, Any] = {}
        self.runs = Runs(table_index or {})
        self.done: list[tuple[Any, Any]] = []  # (result, claim) of the claims checked so far
        self._parsed: dict[tuple[Any, ...], Any] = {}
        self._legal: set[tuple[int, int, str]] = set()
        self._outputs: dict[tuple[str, int], list[Any]] = {}
        self._fails: dict[tuple[int, str, int], bool] = {}

    def record(self, run: dict[str, Any], algorithm: Any, *, outcome: str = "output") -> None:
        """Register a checked run of ``algorithm``: {family, instance, seed, transcript, output}."""
        self.runs.add(run, algorithm, outcome)

    def family(self, spec: Any) -> Any:
        key = json.dumps(spec, sort_keys=True)
        if key not in self.families:
            self.families[key] = Family(spec)
        return self.families[key]

    def output(self, v: Any, what: str, n: int) -> list[Any]:
        """An exact output vector (each distinct one parsed once)."""
        key = (repr(v), n)
        if key not in self._outputs:
            self._outputs[key] = self.parser.vector(v, what, n)
        return self._outputs[key]

    def same_output(self, a: Any, b: Any) -> bool:
        """Two recorded outputs are one exact vector (radical ids may differ between producers' objects)."""
        if not isinstance(a, list) or not isinstance(b, list) or len(a) != len(b):
            return False
        x, y = self.output(a, "output", len(a)), self.output(b, "output", len(b))
        return all(q.eq(u, v) for u, v in zip(x, y, strict=True))

    def fails(self, inst: Any, v: Any, z: list[Any], D: int) -> bool:
        """Exact: dist(z, solution set of ``inst``) > 10^-D (each distinct output decided once per instance)."""
        key = (id(inst), repr(v), D)
        if key not in self._fails:
            self._fails[key] = _fails(None, inst, z, D)
        return self._fails[key]

    def transcript(self, items: Any, shapes: dict[str, tuple[int, ...]], mode: str, what: str) -> list[T.Answer]:
        """A parsed transcript (each shared table entry is parsed once per instance shape)."""
        key = (id(items), tuple(sorted(shapes.items())), mode)
        if key not in self._parsed:
            self._parsed[key] = T.parse(items, shapes, mode, what)
        parsed: list[T.Answer] = self._parsed[key]
        return parsed

    def legal(self, items: Any, tr: list[T.Answer], inst: Any, mode: str, what: str) -> None:
        """Every answer of ``tr`` legal for ``inst`` (checked once per transcript and instance)."""
        key = (id(items), id(inst), mode)
        if key not in self._legal:
            T.check_legal(tr, inst, mode, what)
            self._legal.add(key)


def _keys(d: Any, keys: set[str], what: str, kind: str | None = None) -> dict[str, Any]:
    if not isinstance(d, dict):
        raise KernelError(f"{what}: expected an object")
    if kind is not None and d.get("kind") != kind:
        raise KernelError(f"{what}: kind must be {kind!r}")
    if set(d) != keys:
        extra, missing = sorted(set(d) - keys), sorted(keys - set(d))
        if extra:
            raise UnknownKey(f"{what}: unknown keys {extra}")
        raise KernelError(f"{what}: missing keys {missing}")
    return d


def algorithm(v: Any, what: str = "statement algorithm") -> str:
    """The algorithm's identity: its printed description, printable ASCII (a rerun rebuilds it)."""
    if not isinstance(v, str) or not _ALGORITHM.fullmatch(v):
        raise KernelError(f"{what}: a printed description of 1..20,000 printable ASCII characters")
    return v


def _family(st: dict[str, Any], ctx: Context) -> Any:
    if "algorithm" in st:
        algorithm(st["algorithm"])
    fam = ctx.family(st["family"])
    if q.integer(st["K"], "statement K", 1, 10**6) != fam.K:
        raise KernelError(f"statement K={st['K']} differs from the family's K={fam.K}")
    return fam


def _digits(st: dict[str, Any], fam: Any) -> int:
    return q.integer(st["digits"], "statement digits", 1, fam.K + 1000)


def _seed(v: Any, what: str) -> int | None:
    if v is None:
        return None
    return q.integer(v, what, -(2**63), 2**64)


def same(a: Any, b: Any) -> bool:
    """Equal as JSON (so True is not 1 and 1.0 is not 1)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _fails(fam: Any, inst: Any, z: list[Any], D: int) -> bool:
    """Exact: dist(z, solution set) > 10^-D."""
    k = Fraction(1, 10**D)
    return q.sign(q.sub(inst.dist2(z), k * k)) > 0


# --------------------------------------------------------------------------- probability spaces
@dataclass(frozen=True)
class Space:
    """What "with probability p" ranges over: one deterministic run (``seeds == [None]``), the
    uniform distribution on a listed seed set, or i.i.d. draws of the algorithm's own seed
    distribution with a confidence (decided by an exact one-sided binomial test)."""

    kind: str  # "deterministic" | "uniform" | "sampled"
    seeds: tuple[int | None, ...]
    confidence: Fraction | None = None

    @property
    def size(self) -> int:
        return len(self.seeds)

    def __contains__(self, seed: Any) -> bool:
        return seed in self._set

    @property
    def _set(self) -> frozenset[Any]:
        cached = self.__dict__.get("_members")
        if cached is None:
            cached = frozenset(self.seeds)
            object.__setattr__(self, "_members", cached)
        return cached

    def at_least_half(self, failures: int, tests: int) -> bool:
        """The failure probability is ≥ 1/2 (uniform: exact count; sampled: the p-value of
        "p < 1/2" given ``failures`` of S draws is ≤ (1 − confidence)/tests)."""
        if self.kind != "sampled":
            return 2 * failures >= self.size
        return _tail_at_least(failures, self.size) <= self._level(tests)

    def below_half(self, failures: int, tests: int) -> bool:
        """The failure probability is < 1/2 (sampled: p-value of "p ≥ 1/2" ≤ (1 − confidence)/tests)."""
        if self.kind != "sampled":
            return 2 * failures < self.size
        return _tail_at_most(failures, self.size) <= self._level(tests)

    def _level(self, tests: int) -> Fraction:
        assert self.confidence is not None
        return (1 - self.confidence) / tests


def space(
    v: Any, what: str = "statement seeds", *, allow: tuple[str, ...] = ("deterministic", "uniform", "sampled")
) -> Space:
    if v is None:
        sp = Space("deterministic", (None,))
    elif isinstance(v, dict) and "uniform" in v:
        sp = Space("uniform", _seed_list(v["uniform"], what))
    elif isinstance(v, dict) and "sampled" in v:
        c = q.rational(v["confidence"], f"{what} confidence")
        if not Fraction(1, 2) <= c < 1:
            raise KernelError(f"{what} confidence: a rational in [1/2, 1)")
        sp = Space("sampled", _seed_list(v["sampled"], what), c)
    else:
        raise KernelError(f"{what}: null (deterministic), {{'uniform': seeds}} or {{'sampled': seeds, 'confidence'}}")
    if sp.kind not in allow:
        raise KernelError(f"{what}: a {sp.kind} probability space is not one this claim states ({allow})")
    return sp


def _seed_list(v: Any, what: str) -> tuple[int | None, ...]:
    if not isinstance(v, list) or not 1 <= len(v) <= MAX_SEEDS:
        raise KernelError(f"{what}: a list of 1..{MAX_SEEDS} seeds")
    seeds = tuple(q.integer(s, what, -(2**63), 2**64) for s in v)
    if len(set(seeds)) != len(seeds):
        raise KernelError(f"{what}: a seed is listed twice")
    return seeds


def _tail_at_least(f: int, S: int) -> Fraction:
    """P(X ≥ f) for X ~ Binomial(S, 1/2), exactly."""
    return Fraction(sum(math.comb(S, i) for i in range(max(f, 0), S + 1)), 1 << S)


def _tail_at_most(f: int, S: int) -> Fraction:
    return Fraction(sum(math.comb(S, i) for i in range(0, min(f, S) + 1)), 1 << S)


# --------------------------------------------------------------------------- one run
def _vector(ctx: Context, v: Any, what: str, n: int) -> list[Any]:
    if v is None:
        raise KernelError(f"{what}: a halting run has an output (null is not evidence here)")
    return ctx.output(v, what, n)


def _one_run(ctx: Context, fam: Any, inst: Any, r: dict[str, Any], what: str) -> list[Any]:
    """A recorded run {output, transcript} on ``inst``: legal answers and an exact output."""
    z = _vector(ctx, r["output"], f"{what} output", fam.N)
    tr = ctx.transcript(r["transcript"], inst.shapes, fam.mode, f"{what} transcript")
    ctx.legal(r["transcript"], tr, inst, fam.mode, f"{what} transcript")
    return z


# --------------------------------------------------------------------------- kinds
def _barrier(fam: Any, st: dict[str, Any], D: int, seed: int | None, b: dict[str, Any], ctx: Context) -> str:
    """One transcript, legal for the limit and both members of pair n, its one output more than
    10^-D from member j's minimiser; levels ≤ the hidden level, up to which the pair agrees."""
    n = q.integer(b["n"], "barrier n", 1, MAX_N)
    j = q.integer(b["member"], "barrier member", 1, 2)
    lim, pair = fam.limit(), (fam.member(1, n), fam.member(2, n))
    z = _vector(ctx, b["output"], "barrier output", fam.N)
    tr = ctx.transcript(b["transcript"], lim.shapes, fam.mode, "barrier transcript")
    h = q.integer(b["hidden_level"], "barrier hidden_level", 0, T.MAX_LEVEL)
    if T.max_level(tr) > h:
        raise KernelError(f"the transcript reads level {T.max_level(tr)} above hidden_level={h}")
    _agree(fam, n, h, None)
    for name, inst in (("limit", lim), ("member1", pair[0]), ("member2", pair[1])):
        ctx.legal(b["transcript"], tr, inst, fam.mode, f"barrier transcript ({name})")
    if not _fails(fam, pair[j - 1], z, D):
        raise KernelError(f"distance: the output is within 10^-{D} of member {j}'s minimiser")
    ctx.record(
        {"family": st["family"], "instance": None, "seed": seed, "transcript": b["transcript"], "output": b["output"]},
        st["algorithm"],
    )
    return REFUTED


def barrier(st: Any, ev: Any, ctx: Context) -> str:
    st = _keys(st, {"kind", "family", "K", "digits", "algorithm", "seed"}, "statement", "barrier")
    ev = _keys(ev, {"n", "member", "output", "transcript", "hidden_level"}, "evidence")
    fam = _family(st, ctx)
    return _barrier(fam, st, _digits(st, fam), _seed(st["seed"], "statement seed"), ev, ctx)


def run(st: Any, ev: Any, ctx: Context) -> str:
    st = _keys(st, {"kind", "family", "K", "digits", "algorithm", "instance", "seed"}, "statement", "run")
    ev = _keys(ev, {"output", "transcript"}, "evidence")
    fam = _family(st, ctx)
    D = _digits(st, fam)
    inst = fam.instance(st["instance"], "statement instance")
    z = _one_run(ctx, fam, inst, ev, "run")
    if not _fails(fam, inst, z, D):
        raise KernelError(f"distance: the output is within 10^-{D} of the instance's solution set")
    run = {"family": st["family"], "instance": st["instance"], "seed": _seed(st["seed"], "statement seed")}
    ctx.record({**run, "transcript": ev["transcript"], "output": ev["output"]}, st["algorithm"])
    return REFUTED


def accuracy(st: Any, ev: Any, ctx: Context) -> str:
    st = _keys(st, {"kind", "family", "K", "digits", "algorithm", "seeds", "instances"}, "statement", "accuracy")
    fam = _family(st, ctx)
    D = _digits(st, fam)
    if D not in (fam.K, fam.K - 1, fam.K - 2):
        raise KernelError(f"statement digits={D} is not K, K−1 or K−2")
    sp = space(st["seeds"])
    insts = st["instances"]
    if not isinstance(insts, list) or not 1 <= len(insts) <= MAX_INSTANCES:
        raise KernelError(f"statement instances: a list of 1..{MAX_INSTANCES} instances")
    keys = [_inst_key(fam, i) for i in insts]
    if len(set(keys)) != len(keys):
        raise KernelError("statement instances: an instance is listed twice")
    if not isinstance(ev, dict) or len(ev) != 1:
        raise KernelError("evidence: exactly one of barrier, witnesses, runs")
    ((what, body),) = ev.items()
    if what == "barrier":
        if sp.kind != "deterministic":
            raise KernelError("evidence barrier: refutes a deterministic algorithm only (statement seeds null)")
        b = _keys(body, {"n", "member", "output", "transcript", "hidden_level"}, "evidence barrier")
        failing = {"j": q.integer(b["member"], "barrier member", 1, 2), "n": q.integer(b["n"], "barrier n", 1, MAX_N)}
        if _inst_key(fam, failing) not in keys:  # the claim is about the listed instances only
            raise KernelError(
                f"evidence barrier: it fails member {failing['j']} of pair n={failing['n']}, which the statement "
                "does not list"
            )
        return _barrier(fam, st, D, None, b, ctx)
    if what == "witnesses":
        return _witnesses(body, fam, D, sp, insts, keys, ctx, st)
    if what == "runs":
        return _certified_runs(body, fam, D, sp, insts, keys, ctx, st)
    raise UnknownKey(f"evidence: unknown evidence kind {q._short(what)}")


def _inst_key(fam: Any, inst: Any) -> Any:
    fam.instance(inst, "instance")  # validates
    return None if inst is None else tuple(sorted(inst.items()))  # a training variant differs by q, R or p too


def _witnesses(body: Any, fam: Any, D: int, sp: Space, insts: list[Any], keys: list[Any], ctx: Context, st: Any) -> str:
    """Failing runs on one listed instance, at distinct seeds of the space: at least half of them
    (uniform), or enough for the one-sided binomial test at the stated confidence (sampled)."""
    if not isinstance(body, list) or not 1 <= len(body) <= MAX_SEEDS:
        raise KernelError("evidence witnesses: a non-empty list")
    used: set[Any] = set()
    where = None
    for i, w in enumerate(body):
        w = _keys(w, {"instance", "seed", "output", "transcript"}, f"witness {i}")
        key = _inst_key(fam, w["instance"])
        if key not in keys or (where is not None and key != where):
            raise KernelError(f"witness {i}: not on the claim's (single) failing instance")
        where = key
        s = _seed(w["seed"], f"witness {i} seed")
        if s not in sp or s in used:
            raise KernelError(f"witness {i}: its seed is not one of the statement's seeds, or repeats")
        used.add(s)
        inst = fam.instance(w["instance"], f"witness {i} instance")
        z = _one_run(ctx, fam, inst, w, f"witness {i}")
        if not ctx.fails(inst, w["output"], z, D):
            raise KernelError(f"witness {i}: distance: the output is within 10^-{D} of the instance's solution set")
        run = {"family": st["family"], "instance": w["instance"], "seed": s}
        ctx.record({**run, "transcript": w["transcript"], "output": w["output"]}, st["algorithm"])
    if not sp.at_least_half(len(used), len(keys)):
        raise KernelError(f"witnesses: {len(used)} failing seed(s) of {sp.size} do not show failure w.p. ≥ 1/2")
    return REFUTED


def _certified_runs(
    body: Any, fam: Any, D: int, sp: Space, insts: list[Any], keys: list[Any], ctx: Context, st: Any
) -> str:
    """Every (instance row, seed) has one run; a row is certified when its runs that fail (an error,
    or an output farther than 10^-D) or are undecided (NH) are fewer than half (uniform), or few
    enough for the binomial test (sampled)."""
    if not isinstance(body, list) or len(body) != sp.size * len(keys):
        raise KernelError("evidence runs: one run per (instance, seed) is required")
    bad = [0 for _ in keys]  # failing or undecided runs per row
    seen: set[Any] = set()
    rows = [fam.instance(w, f"instance {k}") for k, w in enumerate(insts)]
    for i, r in enumerate(body):
        r = _keys(r, {"row", "seed", "outcome", "output", "transcript"}, f"run {i}")
        row = q.integer(r["row"], f"run {i} row", 0, len(keys) - 1)
        s = _seed(r["seed"], f"run {i} seed")
        if s not in sp or (row, s) in seen:
            raise KernelError(f"run {i}: its seed is not listed, or (row, seed) repeats")
        seen.add((row, s))
        inst = rows[row]
        tr = ctx.transcript(r["transcript"], inst.shapes, fam.mode, f"run {i} transcript")
        ctx.legal(r["transcript"], tr, inst, fam.mode, f"run {i} transcript")
        where = {"family": st["family"], "instance": insts[row], "seed": s, "transcript": r["transcript"]}
        if r["outcome"] == "output":
            z = _vector(ctx, r["output"], f"run {i} output", fam.N)
            bad[row] += ctx.fails(inst, r["output"], z, D)
            ctx.record({**where, "output": r["output"]}, st["algorithm"])
        elif r["outcome"] in ("nh", "error") and r["output"] is None:  # only ever counts against the claim
            bad[row] += 1
            ctx.record({**where, "output": None}, st["algorithm"], outcome=r["outcome"])
        else:
            raise KernelError(f"run {i}: outcome must be output (with an output), nh or error (output null)")
    for k, b in zip(keys, bad, strict=True):
        if not sp.below_half(b, len(keys)):
            where_text = "the limit" if k is None else ", ".join(f"{a}={v}" for a, v in k)
            raise KernelError(f"distance: {b} failing or undecided run(s) of {sp.size} on {where_text}: not certified")
    return CERTIFIED


def _agree(fam: Any, n: int, h: int, bound: Any) -> None:
    """Both members of pair n within 2^-(h+1) of the limit, entrywise (normwise: per array in ‖·‖_F)."""
    lim = fam.limit()
    b = Fraction(1, 2 ** (h + 1))
    cap = b if fam.mode == "entrywise" else b * b
    if bound is not None:
        if q.sign(q.sub(cap, bound)) < 0:
            raise KernelError(f"agreement: max_difference exceeds the bound for level {h}")
        cap = bound
    for j in (1, 2):
        member = fam.member(j, n)
        for name in lim.shapes:
            diffs = [q.sub(x, y) for x, y in zip(member.flat(name), lim.flat(name), strict=True)]
            vals = [q.absv(d) for d in diffs] if fam.mode == "entrywise" else [q.sqnorm(diffs)]
            if any(q.sign(q.sub(cap, v)) < 0 for v in vals):
                raise KernelError(f"agreement: member {j} (n={n}) is not within the bound of level {h} in {name}")


def agreement(st: Any, ev: Any, ctx: Context) -> str:
    st = _keys(st, {"kind", "family", "K", "n", "level"}, "statement", "agreement")
    ev = _keys(ev, {"max_difference"}, "evidence")
    fam = _family(st, ctx)
    n = q.integer(st["n"], "statement n", 1, MAX_N)
    h = q.integer(st["level"], "statement level", 0, T.MAX_LEVEL)
    _agree(fam, n, h, ctx.parser.number(ev["max_difference"], "evidence max_difference"))
    return CERTIFIED


def separation(st: Any, ev: Any, ctx: Context) -> str:
    st = _keys(st, {"kind", "family", "K", "n"}, "statement", "separation")
    ev = _keys(ev, {"dist2"}, "evidence")
    fam = _family(st, ctx)
    n = q.integer(st["n"], "statement n", 1, MAX_N)
    x1, x2 = fam.member(1, n).vertex, fam.member(2, n).vertex
    d2 = q.sqnorm([q.sub(a, b) for a, b in zip(x1, x2, strict=True)])
    if not q.eq(d2, ctx.parser.number(ev["dist2"], "evidence dist2")):
        raise KernelError("separation: evidence dist2 is not the exact ‖x¹ − x²‖²")
    if q.sign(q.sub(d2, 4 * fam.kappa**2)) <= 0:
        raise KernelError(f"separation: ‖x¹ − x²‖ ≤ 2·10^-{fam.K}")
    return CERTIFIED


def minimisers(st: Any, ev: Any, ctx: Context) -> str:
    """Exact KKT at every vertex of the named instances' solution sets (PNAS 2022 SI §2; KKT of (P1)–(P3)).

    Every vertex has a single support index i, so the dual is confirmed in closed form: U-LASSO
    g = 2Aᵀ(Az − y); SR-LASSO g = Aᵀv with v = r/‖r‖ (r ≠ 0) or v = −sign(zᵢ)λwᵢ·aᵢ/‖aᵢ‖² (r = 0,
    ‖v‖ ≤ 1); QCBP ‖r‖ = ε and g = μAᵀr with μ = −sign(zᵢ)wᵢ/(Aᵀr)ᵢ > 0. Stationarity: gᵢ = −sign(zᵢ)·sᵢ,
    |g_k| ≤ s_k elsewhere (s = λw or w). A point solution set also needs the strict inequalities
    (and ‖v‖ < 1), which with one support column give uniqueness (proofs/LEMMA.md, Lemma U).
    """
    st = _keys(st, {"kind", "family", "K", "instances"}, "statement", "minimisers")
    _keys(ev, set(), "evidence")
    fam = _family(st, ctx)
    if not hasattr(fam, "w") or not isinstance(st["instances"], list) or not 1 <= len(st["instances"]) <= 64:
        raise KernelError("minimisers: a PNASFamily and a list of 1..64 instances")
    for k, where in enumerate(st["instances"]):
        inst = fam.instance(where, f"statement instances[{k}]")
        for z in inst.vertices():
            _kkt(fam, inst, z, strict=len(inst.tied) == 1, what=f"instance {k}")
    return CERTIFIED


def _kkt(fam: Any, inst: Any, z: list[Any], strict: bool, what: str) -> None:
    (m, N), A = inst.shapes["A"], inst.flat("A")
    col = [[A[r * N + c] for r in range(m)] for c in range(N)]
    r = [q.sub(q.add(Fraction(0), _sum_dot(A[i * N : (i + 1) * N], z)), yi) for i, yi in enumerate(inst.flat("y"))]
    sup = [i for i, zi in enumerate(z) if not q.is_zero(zi)]
    if len(sup) != 1:
        raise KernelError(f"{what}: KKT: expected one support index")
    i = sup[0]
    si = q.sign(z[i])
    if fam.problem == "qcbp":
        scale = list(fam.w)
        if not q.eq(q.sqnorm(r), fam.par * fam.par):
            raise KernelError(f"{what}: KKT: the constraint ‖Az − y‖ ≤ ε is not active")
        g = [_sum_dot(c, r) for c in col]
        if q.is_zero(g[i]):
            raise KernelError(f"{what}: KKT: (Aᵀr)ᵢ = 0 on the support")
        mu = q.div(Fraction(-si) * scale[i], g[i])
        if q.sign(mu) <= 0:
            raise KernelError(f"{what}: KKT: multiplier μ ≤ 0")
        g = [q.mul(mu, x) for x in g]
    else:
        scale = [fam.par * w for w in fam.w]
        if fam.problem == "ulasso":
            g = [q.mul(Fraction(2), _sum_dot(c, r)) for c in col]
        else:
            nr2 = q.sqnorm(r)
            if not q.is_zero(nr2):
                inv = q.inv(q.sqrt(nr2))
                v = [q.mul(x, inv) for x in r]
            else:
                f = q.div(Fraction(-si) * scale[i], q.sqnorm(col[i]))
                v = [q.mul(f, x) for x in col[i]]
                bound = q.sign(q.sub(q.sqnorm(v), Fraction(1)))
                if bound > 0 or (strict and bound == 0):
                    raise KernelError(f"{what}: KKT: the dual ‖v‖ exceeds 1")
            g = [_sum_dot(c, v) for c in col]
    if not q.is_zero(q.add(g[i], Fraction(si) * scale[i])):
        raise KernelError(f"{what}: KKT: stationarity fails on the support")
    for k, gk in enumerate(g):
        slack = q.sign(q.sub(scale[k], q.absv(gk)))
        if k != i and (slack < 0 or (strict and slack == 0)):
            raise KernelError(f"{what}: KKT: |g_{k}| exceeds the weight off the support")


def _sum_dot(u: list[Any], v: list[Any]) -> Any:
    out: Any = Fraction(0)
    for a, b in zip(u, v, strict=True):
        out = q.add(out, q.mul(a, b))
    return out


# --------------------------------------------------------------------------- the training family
def _kkt_cols(
    problem: str, par: Fraction, A: list[list[Any]], y: list[Any], z: list[Any], unique: bool, what: str
) -> None:
    """Exact KKT of z for (A, y), unit weights, when each support column of A has one nonzero entry,
    in distinct rows (TrainingFamily's A = [[aᵀ, 0], [0, q·s·I]]): the dual is then in closed form,
    the support columns are independent, and ``unique`` adds the strict inequalities that make z the
    unique minimiser (Lemma U). A zero minimiser of U-LASSO, of SR-LASSO with y = 0 and a feasible
    zero of QCBP are unique without them."""
    m, N = len(A), len(A[0])
    col = [[A[r][c] for r in range(m)] for c in range(N)]
    r = [q.sub(_sum_dot(A[i], z), y[i]) for i in range(m)]
    sup = [i for i, zi in enumerate(z) if not q.is_zero(zi)]
    rows: list[int] = []
    for i in sup:
        nz = [k for k in range(m) if not q.is_zero(col[i][k])]
        if len(nz) != 1 or nz[0] in rows:
            raise KernelError(f"{what}: KKT: a support column is not one entry in its own row")
        rows.append(nz[0])
    one = Fraction(1)
    scale = [one if problem == "qcbp" else par] * N
    nr2 = q.sqnorm(r)
    if not sup:
        unique = False  # zero minimisers are unique (checked below per problem)
    if problem == "qcbp":
        slack = q.sign(q.sub(nr2, par * par))
        if slack > 0:
            raise KernelError(f"{what}: KKT: infeasible, ‖Az − y‖ > ε")
        if not sup:
            return  # z = 0 is feasible: the unique minimiser of ‖z‖₁
        if slack < 0:
            raise KernelError(f"{what}: KKT: the constraint ‖Az − y‖ ≤ ε is not active")
        g = [_sum_dot(c, r) for c in col]
        if q.is_zero(g[sup[0]]):
            raise KernelError(f"{what}: KKT: (Aᵀr)ᵢ = 0 on the support")
        mu = q.div(Fraction(-q.sign(z[sup[0]])), g[sup[0]])
        if q.sign(mu) <= 0:
            raise KernelError(f"{what}: KKT: multiplier μ ≤ 0")
        g = [q.mul(mu, x) for x in g]
    elif problem == "ulasso":
        g = [q.mul(Fraction(2), _sum_dot(c, r)) for c in col]
    else:
        if not q.is_zero(nr2):
            if unique or not sup:
                raise KernelError(f"{what}: KKT: Az ≠ y, uniqueness is not decided")
            inv = q.inv(q.sqrt(nr2))
            v = [q.mul(x, inv) for x in r]
        else:
            v = [Fraction(0)] * m
            for i, row in zip(sup, rows, strict=True):
                v[row] = q.div(Fraction(-q.sign(z[i])) * par, col[i][row])
            bound = q.sign(q.sub(q.sqnorm(v), one))
            if bound > 0 or (unique and bound == 0):
                raise KernelError(f"{what}: KKT: the dual ‖v‖ exceeds 1")
        g = [_sum_dot(c, v) for c in col]
    for k, gk in enumerate(g):
        if k in sup:
            if not q.is_zero(q.add(gk, Fraction(q.sign(z[k])) * scale[k])):
                raise KernelError(f"{what}: KKT: stationarity fails on the support (index {k})")
        else:
            slack = q.sign(q.sub(scale[k], q.absv(gk)))
            if slack < 0 or (unique and slack == 0):
                raise KernelError(f"{what}: KKT: |g_{k}| is not below the weight off the support")


def _labels(fam: Any, inst: Any, what: str) -> None:
    """Every training label x_k is the unique minimiser for y_k; every vertex of the test solution
    set is a minimiser for y* (unique when the set is a point). Exact KKT with the instance's A."""
    done: set[str] = set()
    for k in range(len(inst.shapes) // 2):
        y, x = inst.flat(f"y{k}"), inst.flat(f"x{k}")
        key = repr((y, x))
        if key not in done:
            done.add(key)
            _kkt_cols(fam.problem, fam.par, inst.matrix, y, x, True, f"{what} label x{k}")
    for z in inst.vertices():
        _kkt_cols(fam.problem, fam.par, inst.matrix, inst.y_test, z, len(inst.tied) == 1, f"{what} test solution")


def _training_family(st: dict[str, Any], ctx: Context) -> Any:
    fam = _family(st, ctx)
    if not isinstance(fam, Training):
        raise KernelError("statement family: a TrainingFamily")
    insts = st["instances"]
    if not isinstance(insts, list) or not 1 <= len(insts) <= 64:
        raise KernelError("statement instances: a list of 1..64 instances")
    sizes = [q.integer(w.get("R", fam.R) if isinstance(w, dict) else fam.R, "instance R", 1, fam.MAX_R) for w in insts]
    if sum(sizes) > MAX_SAMPLES:
        raise KernelError(f"statement instances: more than {MAX_SAMPLES} training samples in all (cap)")
    return fam


def training(st: Any, ev: Any, ctx: Context) -> str:
    """TrainingFamily on named instances: labels and test solutions by exact KKT (:func:`_labels`),
    the zero network more than 10^-(K−1) from every test solution, and the q = ±1 test solutions of
    ``q_pair`` (two instances differing only in q) more than 2·10^-(K−1) apart."""
    st = _keys(st, {"kind", "family", "K", "instances", "q_pair"}, "statement", "training")
    ev = _keys(ev, {"q_dist2"}, "evidence")
    fam = _training_family(st, ctx)
    ten = 10 * fam.kappa
    zero = [Fraction(0)] * fam.N
    for k, where in enumerate(st["instances"]):
        inst = fam.instance(where, f"statement instances[{k}]")
        _labels(fam, inst, f"instance {k}")
        if q.sign(q.sub(inst.dist2(zero), ten * ten)) <= 0:
            raise KernelError(f"instance {k}: the zero network is within 10^-{fam.K - 1} of the test solution")
    pair = st["q_pair"]
    if (
        not isinstance(pair, list)
        or len(pair) != 2
        or not all(isinstance(w, dict) and "q" in w for w in pair)
        or [w["q"] for w in pair] != [1, -1]
        or not same({**pair[0], "q": 0}, {**pair[1], "q": 0})
    ):
        raise KernelError("statement q_pair: two instances with q = 1 and q = -1, otherwise equal")
    x1, x2 = (fam.instance(w, "statement q_pair").vertex for w in pair)
    if x1 is None or x2 is None:
        raise KernelError("statement q_pair: the test solutions must be points")
    d2 = q.sqnorm([q.sub(a, b) for a, b in zip(x1, x2, strict=True)])
    if not q.eq(d2, ctx.parser.number(ev["q_dist2"], "evidence q_dist2")):
        raise KernelError("q-separation: evidence q_dist2 is not the exact ‖x*(q=1) − x*(q=−1)‖²")
    if q.sign(q.sub(d2, 4 * ten * ten)) <= 0:
        raise KernelError(f"q-separation: ‖x*(q=1) − x*(q=−1)‖ ≤ 2·10^-{fam.K - 1}")
    return CERTIFIED


def _network(layers: Any, m: int, N: int, parser: Parser, what: str) -> list[tuple[str, Any]]:
    """Parse a network: affine layers {"affine": {"W", "b"}} and {"soft_threshold": [t ≥ 0, …]}
    between them, from width m to width N (the NN class of PNAS 2022 SI §1.2.1 without skips)."""
    if not isinstance(layers, list) or not 1 <= len(layers) <= MAX_LAYERS:
        raise KernelError(f"{what}: a list of 1..{MAX_LAYERS} layers")
    out: list[tuple[str, Any]] = []
    width = m
    for k, layer in enumerate(layers):
        if not isinstance(layer, dict) or len(layer) != 1:
            raise KernelError(f"{what} layer {k}: one of affine, soft_threshold")
        ((kind, body),) = layer.items()
        if kind == "affine":
            body = _keys(body, {"W", "b"}, f"{what} layer {k}")
            W = body["W"]
            if not isinstance(W, list) or not 1 <= len(W) <= MAX_WIDTH:
                raise KernelError(f"{what} layer {k}: W has 1..{MAX_WIDTH} rows")
            rows = [parser.vector(r, f"{what} layer {k} W[{i}]", width) for i, r in enumerate(W)]
            out.append(("affine", (rows, parser.vector(body["b"], f"{what} layer {k} b", len(rows)))))
            width = len(rows)
        elif kind == "soft_threshold" and 0 < k < len(layers) - 1:
            th = parser.vector(body, f"{what} layer {k} thresholds", width)
            if any(q.sign(t) < 0 for t in th):
                raise KernelError(f"{what} layer {k}: a negative threshold")
            out.append(("soft", th))
        else:
            raise KernelError(f"{what} layer {k}: {q._short(kind)} (networks start and end with affine layers)")
    if out[0][0] != "affine" or out[-1][0] != "affine" or width != N:
        raise KernelError(f"{what}: the network must end with an affine layer of width N={N}")
    return out


def _evaluate(net: list[tuple[str, Any]], y: list[Any]) -> list[Any]:
    """Exact forward pass."""
    x = list(y)
    for kind, body in net:
        if kind == "affine":
            rows, b = body
            x = [q.add(_sum_dot(r, x), bi) for r, bi in zip(rows, b, strict=True)]
        else:
            out: list[Any] = []
            for u, t in zip(x, body, strict=True):
                s = q.sign(u)
                v = q.sub(u, q.mul(s, t)) if s else u
                out.append(v if q.sign(v) == s else Fraction(0))
            x = out
    return x


def network(st: Any, ev: Any, ctx: Context) -> str:
    """Part (0) of Theorem 1 on named instances: one exact network per instance, evaluated exactly,
    equals the instance's label x_k on every training input y_k (``inputs: "all"``; the labels pass
    exact KKT, :func:`_labels`) and lies in the test solution set at y*."""
    st = _keys(st, {"kind", "family", "K", "instances", "inputs"}, "statement", "network")
    ev = _keys(ev, {"networks"}, "evidence")
    fam = _training_family(st, ctx)
    if st["inputs"] not in ("all", "test"):
        raise KernelError("statement inputs: all (every training and test input) or test")
    nets = ev["networks"]
    if not isinstance(nets, list) or len(nets) != len(st["instances"]):
        raise KernelError("evidence networks: one network per instance")
    for k, (where, layers) in enumerate(zip(st["instances"], nets, strict=True)):
        inst = fam.instance(where, f"statement instances[{k}]")
        net = _network(layers, fam.m, fam.N, ctx.parser, f"network {k}")
        _labels(fam, inst, f"instance {k}")
        for i in range(len(inst.shapes) // 2) if st["inputs"] == "all" else ():
            out = _evaluate(net, inst.flat(f"y{i}"))
            if any(not q.eq(a, b) for a, b in zip(out, inst.flat(f"x{i}"), strict=True)):
                raise KernelError(f"network {k}: its output at y{i} is not the label x{i}")
        if not q.is_zero(inst.dist2(_evaluate(net, inst.y_test))):
            raise KernelError(f"network {k}: its output at the test input is not in the solution set")
    return CERTIFIED


def _samples(tr: list[T.Answer]) -> set[int]:
    return {int(a[0][1:]) for a in tr}


def sample_barrier(st: Any, ev: Any, ctx: Context) -> str:
    """Theorem 1(b)'s sample adversary (proofs/LEMMA.md, Lemma 2): "``algorithm`` gets K−1 digits
    w.p. > 1/2 reading at most M samples" is refuted. Per seed of the stated space, a legal run on
    R > M uninformative samples (j = 1, n, q = 1, no informative sample) with its output. Either
    every run reads all R samples (``p: null``; the run coincides with the one on the member whose
    informative sample is the last one read, until it reads it), or every run reads at most M
    samples and, with the informative sample at p, each seed has legal runs with outputs on the
    members q = ±1; the failure counts are recomputed and one member fails w.p. ≥ 1/2. (That a
    seed which did not read p answers both members alike is the document-wide binding of
    outputs to transcripts.)"""
    keys = {"kind", "family", "K", "digits", "algorithm", "M", "R", "n", "seeds"}
    st = _keys(st, keys, "statement", "sample-barrier")
    ev = _keys(ev, {"p", "runs"}, "evidence")
    fam = _family(st, ctx)
    if not isinstance(fam, Training):
        raise KernelError("statement family: a TrainingFamily")
    D = _digits(st, fam)
    if D != fam.K - 1:
        raise KernelError("statement digits: the sample adversary concerns K−1 digits")
    M = q.integer(st["M"], "statement M", 0, fam.MAX_R - 1)
    R = q.integer(st["R"], "statement R", M + 1, fam.MAX_R)
    n = q.integer(st["n"], "statement n", 1, MAX_N)
    sp = space(st["seeds"], allow=("deterministic", "uniform"))
    if sp.size > 1000:
        raise KernelError("statement seeds: at most 1,000 seeds (cap)")
    runs = ev["runs"]
    if not isinstance(runs, list) or len(runs) != sp.size:
        raise KernelError("evidence runs: one entry per seed, in the statement's order")
    U = fam.instance({"j": 1, "n": n, "q": 1, "R": R, "p": None}, "uninformative data")
    p = ev["p"]
    if p is not None:
        p = q.integer(p, "evidence p", 0, R - 1)
        pair = [fam.instance({"j": 1, "n": n, "q": sq, "R": R, "p": p}, "member") for sq in (1, -1)]
    fails = [0, 0]
    for i, (seed, r) in enumerate(zip(sp.seeds, runs, strict=True)):
        r = _keys(r, {"seed", "simulation", "members"}, f"run {i}")
        if _seed(r["seed"], f"run {i} seed") != seed or type(r["seed"]) is not type(seed):
            raise KernelError(f"run {i}: seed differs from the statement's")
        sim = _keys(r["simulation"], {"output", "transcript"}, f"run {i} simulation")
        _one_run(ctx, fam, U, sim, f"run {i} simulation")
        where: dict[str, Any] = {"j": 1, "n": n, "q": 1, "R": R, "p": None}
        ctx.record(
            {"family": st["family"], "instance": where, "seed": seed, **sim},
            st["algorithm"],
        )
        tr = ctx.transcript(sim["transcript"], U.shapes, fam.mode, f"run {i} simulation transcript")
        read = _samples(tr)
        if p is None:
            if len(read) != R or r["members"] is not None:
                raise KernelError(f"run {i}: reads {len(read)} of R = {R} samples, not all (p is null)")
            seen: set[str] = set()
            last = 0
            for k, a in enumerate(tr):  # the first query of the last sample read
                if a[0][1:] not in seen:
                    seen.add(a[0][1:])
                    last = k
            member = fam.instance({"j": 1, "n": n, "q": 1, "R": R, "p": int(tr[last][0][1:])}, "member")
            T.check_legal(tr[:last], member, fam.mode, f"run {i} simulation (as the member's run)")
            continue
        if len(read) > M:
            raise KernelError(f"run {i}: reads {len(read)} samples, more than M = {M}")
        ms = r["members"]
        if not isinstance(ms, list) or len(ms) != 2:
            raise KernelError(f"run {i}: two member runs (q = 1, q = −1) are required")
        for j, (m, inst) in enumerate(zip(ms, pair, strict=True)):
            m = _keys(m, {"output", "transcript"}, f"run {i} member {j + 1}")
            out = _one_run(ctx, fam, inst, m, f"run {i} member {j + 1}")
            if p not in read and ctx.transcript(m["transcript"], inst.shapes, fam.mode, "member") != tr:
                raise KernelError(
                    f"run {i} member {j + 1}: p is unread, yet the transcript differs from the simulation"
                )
            where = {"j": 1, "n": n, "q": 1 - 2 * j, "R": R, "p": p}
            ctx.record({"family": st["family"], "instance": where, "seed": seed, **m}, st["algorithm"])
            fails[j] += _fails(fam, inst, out, D)
    if p is None:
        return REFUTED
    if not sp.at_least_half(max(fails), 2):
        raise KernelError(f"sample-barrier: the worst member fails {max(fails)} of {sp.size} seeds, less than half")
    return REFUTED


def randomised(st: Any, ev: Any, ctx: Context) -> str:
    """Coupled seeds on pair n: per seed and member j, a legal run whose output fails member j or not;
    the failure counts are recomputed and the worst member must fail with probability ≥ 1/2."""
    st = _keys(st, {"kind", "family", "K", "digits", "algorithm", "n", "seeds"}, "statement", "randomised")
    ev = _keys(ev, {"runs"}, "evidence")
    fam = _family(st, ctx)
    D = _digits(st, fam)
    n = q.integer(st["n"], "statement n", 1, MAX_N)
    sp = space(st["seeds"], allow=("uniform", "sampled"))
    runs = ev["runs"]
    if not isinstance(runs, list) or len(runs) != sp.size:
        raise KernelError("evidence runs: one entry per seed, in the statement's order")
    fails = [0, 0]
    for i, (seed, r) in enumerate(zip(sp.seeds, runs, strict=True)):
        r = _keys(r, {"seed", "members"}, f"run {i}")
        if r["seed"] != seed or type(r["seed"]) is not int:
            raise KernelError(f"run {i}: seed differs from the statement's (one entry per seed, in order)")
        ms = r["members"]
        if not isinstance(ms, list) or len(ms) != 2:
            raise KernelError(f"run {i}: two member runs (j = 1, 2) are required")
        for j, m in enumerate(ms, 1):
            m = _keys(m, {"output", "transcript"}, f"run {i} member {j}")
            inst = fam.member(j, n)
            z = _one_run(ctx, fam, inst, m, f"run {i} member {j}")
            fails[j - 1] += ctx.fails(inst, m["output"], z, D)
            ctx.record({"family": st["family"], "instance": {"j": j, "n": n}, "seed": seed, **m}, st["algorithm"])
    if not sp.at_least_half(max(fails), 2):
        raise KernelError(f"randomised: the worst member fails {max(fails)} of {sp.size} seeds, less than half")
    return CERTIFIED
