"""Claim checkers: each rebuilds what its statement names and confirms the evidence, never searching.

The kinds and the paper results they certify (Colbrook–Antun–Hansen, PNAS 119(12) 2022, Theorem 1
and SI §2; Bastounis–Hansen–Vlačić, Prop 10.5, the indistinguishable-pair lemma):

- ``barrier``: one output, served identical answers on the limit and both members of pair n (every
  answer legal for all three), is more than 10^-D from member j's minimiser: "correct to D digits"
  is refuted (Theorem 1(a)).
- ``run``: one recorded run on one instance fails D digits.
- ``accuracy``: "correct to D digits with probability > 1/2 on every listed instance" (check's
  claims for D = K, K−1, K−2): refuted by a barrier or by run witnesses on ≥ half the seeds;
  certified by every run's output, exact distances recomputed.
- ``agreement``: members of pair n agree with the limit to level h (max|Δ| ≤ 2^-(h+1)).
- ``separation``: the members' minimisers are more than 2·10^-K apart.
- ``training``, ``network``, ``sample-barrier``: the training setting of Theorem 1 (the project's
  TrainingFamily): labels and test solutions by exact KKT, the zero network and the q-separation
  (part (a)'s H1–H3 and part (b)'s premise); exact networks solving each instance (part (0)); the
  sample adversary's transcripts (part (b)).

Each checker returns the status its evidence supports or raises KernelError naming the check.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel import table1 as T1
from sci_oracle.kernel import transcripts as T
from sci_oracle.kernel.family import MAX_N, Family, Training
from sci_oracle.kernel.numbers import KernelError, Parser

CERTIFIED, REFUTED, UNKNOWN = "certified", "refuted", "unknown"
MAX_SEEDS = 100_000
MAX_WIDTH, MAX_LAYERS, MAX_SAMPLES = 256, 16, 20_000  # training claims: network size, samples per claim


class Context:
    """Per-certificate state: the number parser (radical cap) and rebuilt families, plus the runs
    an ``--algorithm`` rerun must reproduce."""

    def __init__(self) -> None:
        self.parser = Parser()
        self.families: dict[str, Any] = {}
        self.runs: list[dict[str, Any]] = []
        self._recorded: set[str] = set()
        self.done: list[tuple[Any, Any]] = []  # (result, claim) of the claims checked so far, for a class claim

    def record(self, run: dict[str, Any], algorithm: Any) -> None:
        """Remember a checked run, with the statement's algorithm description, for a rerun (each
        distinct run once)."""
        import json

        run = {**run, "algorithm": algorithm}
        key = json.dumps(run, sort_keys=True)
        if key not in self._recorded:
            self._recorded.add(key)
            self.runs.append(run)

    def family(self, spec: Any) -> Any:
        import json

        key = json.dumps(spec, sort_keys=True)
        if key not in self.families:
            self.families[key] = Family(spec)
        return self.families[key]


def _keys(d: Any, keys: set[str], what: str, kind: str | None = None) -> dict[str, Any]:
    if not isinstance(d, dict):
        raise KernelError(f"{what}: expected an object")
    if kind is not None and d.get("kind") != kind:
        raise KernelError(f"{what}: kind must be {kind!r}")
    if set(d) != keys:
        extra, missing = sorted(set(d) - keys), sorted(keys - set(d))
        raise KernelError(f"{what}: unexpected keys {extra}" if extra else f"{what}: missing keys {missing}")
    return d


def _family(st: dict[str, Any], ctx: Context) -> Any:
    alg = st.get("algorithm", "")
    if not isinstance(alg, str) or len(alg) > 100_000:
        raise KernelError("statement algorithm: a name of at most 100,000 characters")
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
    import json

    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _fails(fam: Any, inst: Any, z: list[Any], D: int) -> bool:
    """Exact: dist(z, solution set) > 10^-D."""
    k = Fraction(1, 10**D)
    return q.sign(q.sub(inst.dist2(z), k * k)) > 0


# --------------------------------------------------------------------------- kinds
def barrier(st: Any, ev: Any, ctx: Context) -> str:
    st = _keys(st, {"kind", "family", "K", "digits", "algorithm", "n", "member", "seed"}, "statement", "barrier")
    ev = _keys(ev, {"output", "transcripts", "levels_read", "hidden_level"}, "evidence")
    fam = _family(st, ctx)
    D = _digits(st, fam)
    n = q.integer(st["n"], "statement n", 1, MAX_N)
    j = q.integer(st["member"], "statement member", 1, 2)
    seed = _seed(st["seed"], "statement seed")
    z = ctx.parser.vector(ev["output"], "evidence output", fam.N)
    trs = _keys(ev["transcripts"], {"limit", "member1", "member2"}, "evidence transcripts")
    lim, pair = fam.limit(), (fam.member(1, n), fam.member(2, n))
    parsed = {k: T.parse(v, lim.shapes, fam.mode, f"transcript {k}") for k, v in trs.items()}
    for k in ("member1", "member2"):
        if parsed[k] != parsed["limit"]:
            raise KernelError(f"transcript {k} differs from the limit's (the adversary replays it exactly)")
    tr = parsed["limit"]
    h = q.integer(ev["hidden_level"], "evidence hidden_level", 0, T.MAX_LEVEL)
    if q.integer(ev["levels_read"], "evidence levels_read", -1, T.MAX_LEVEL) != T.max_level(tr):
        raise KernelError(f"levels_read={ev['levels_read']} is not the deepest level read ({T.max_level(tr)})")
    if T.max_level(tr) > h:
        raise KernelError(f"the transcript reads level {T.max_level(tr)} above hidden_level={h}")
    _agree(fam, n, h, None)
    T.check_legal(tr, lim, fam.mode, "transcript limit")
    for i, member in enumerate(pair, 1):
        T.check_legal(tr, member, fam.mode, f"transcript member{i}")
    if not _fails(fam, pair[j - 1], z, D):
        raise KernelError(f"distance: the output is within 10^-{D} of member {j}'s minimiser")
    ctx.record(
        {"family": st["family"], "instance": None, "seed": seed, "transcript": trs["limit"], "output": ev["output"]},
        st["algorithm"],
    )
    return REFUTED


def run(st: Any, ev: Any, ctx: Context) -> str:
    st = _keys(st, {"kind", "family", "K", "digits", "algorithm", "instance", "seed"}, "statement", "run")
    ev = _keys(ev, {"output", "transcript"}, "evidence")
    fam = _family(st, ctx)
    D = _digits(st, fam)
    inst = fam.instance(st["instance"], "statement instance")
    z = ctx.parser.vector(ev["output"], "evidence output", fam.N)
    tr = T.parse(ev["transcript"], inst.shapes, fam.mode, "transcript")
    T.check_legal(tr, inst, fam.mode, "transcript")
    if not _fails(fam, inst, z, D):
        raise KernelError(f"distance: the output is within 10^-{D} of the instance's solution set")
    seed = _seed(st["seed"], "statement seed")
    ctx.record(
        {
            "family": st["family"],
            "instance": st["instance"],
            "seed": seed,
            "transcript": ev["transcript"],
            "output": ev["output"],
        },
        st["algorithm"],
    )
    return REFUTED


def accuracy(st: Any, ev: Any, ctx: Context) -> str:
    st = _keys(st, {"kind", "family", "K", "digits", "algorithm", "seeds", "instances"}, "statement", "accuracy")
    fam = _family(st, ctx)
    D = _digits(st, fam)
    if D not in (fam.K, fam.K - 1, fam.K - 2):
        raise KernelError(f"statement digits={D} is not K, K−1 or K−2")
    seeds = st["seeds"]
    if not isinstance(seeds, list) or not 1 <= len(seeds) <= MAX_SEEDS:
        raise KernelError(f"statement seeds: a list of 1..{MAX_SEEDS} seeds")
    seeds = [_seed(s, "statement seeds") for s in seeds]
    if len(set(seeds)) != len(seeds):
        raise KernelError("statement seeds: a seed is listed twice")
    insts = st["instances"]
    if not isinstance(insts, list) or not insts or len(insts) > 64:
        raise KernelError("statement instances: a list of 1..64 instances")
    keys = [_inst_key(fam, i) for i in insts]
    S = len(seeds)
    if not isinstance(ev, dict) or len(ev) != 1:
        raise KernelError("evidence: exactly one of barrier, witnesses, runs")
    ((what, body),) = ev.items()
    if what == "barrier":
        sub = _keys(body, {"statement", "evidence"}, "evidence barrier")
        bst = sub["statement"]
        if not isinstance(bst, dict) or not all(same(bst.get(k), st[k]) for k in ("family", "digits", "algorithm")):
            raise KernelError("evidence barrier: its family, digits or algorithm differ from the claim's")
        if S != 1 or not same(bst.get("seed"), seeds[0]):
            raise KernelError("evidence barrier: a deterministic refutation needs the claim's single seed")
        return barrier(bst, sub["evidence"], ctx)
    if what == "witnesses":
        if not isinstance(body, list) or not body:
            raise KernelError("evidence witnesses: a non-empty list")
        used: set[Any] = set()
        where = None
        for i, w in enumerate(body):
            w = _keys(w, {"statement", "evidence"}, f"witness {i}")
            wst = w["statement"]
            if not isinstance(wst, dict) or not all(same(wst.get(k), st[k]) for k in ("family", "digits", "algorithm")):
                raise KernelError(f"witness {i}: its family, digits or algorithm differ from the claim's")
            key = _inst_key(fam, wst.get("instance"))
            if key not in keys or (where is not None and key != where):
                raise KernelError(f"witness {i}: not on the claim's (single) failing instance")
            where = key
            ws = _seed(wst.get("seed"), f"witness {i} seed")
            if ws not in seeds or ws in used:
                raise KernelError(f"witness {i}: seed is not one of the claim's seeds, or repeats")
            used.add(ws)
            try:
                run(wst, w["evidence"], ctx)
            except KernelError as exc:
                raise KernelError(f"witness {i}: {exc}") from None
        if 2 * len(used) < S:
            raise KernelError(f"witnesses: {len(used)} failing seed(s) of {S} is less than half")
        return REFUTED
    if what == "runs":
        return _certified_runs(body, fam, D, seeds, insts, keys, ctx, st)
    raise KernelError(f"evidence: unknown evidence kind {q._short(what)}")


def _inst_key(fam: Any, inst: Any) -> Any:
    fam.instance(inst, "instance")  # validates
    return None if inst is None else tuple(sorted(inst.items()))  # a training variant differs by q, R or p too


def _certified_runs(
    body: Any, fam: Any, D: int, seeds: list[Any], insts: list[Any], keys: list[Any], ctx: Context, st: Any
) -> str:
    """Every (instance row, seed) has one run; a row is certified when fewer than half its runs fail
    (an error, or an output farther than 10^-D) or are undecided (NH)."""
    if not isinstance(body, list) or len(body) != len(seeds) * len(keys):
        raise KernelError("evidence runs: one run per (instance, seed) is required")
    counts = [[0, 0] for _ in keys]  # failures, undecided
    seen: set[Any] = set()
    for i, r in enumerate(body):
        r = _keys(r, {"row", "seed", "outcome", "output", "transcript"}, f"run {i}")
        row = q.integer(r["row"], f"run {i} row", 0, len(keys) - 1)
        if _seed(r["seed"], f"run {i} seed") not in seeds or (row, r["seed"]) in seen:
            raise KernelError(f"run {i}: its seed is not listed, or (row, seed) repeats")
        seen.add((row, r["seed"]))
        if r["outcome"] == "output":
            inst = fam.instance(insts[row], f"run {i} instance")
            tr = T.parse(r["transcript"], inst.shapes, fam.mode, f"run {i} transcript")
            T.check_legal(tr, inst, fam.mode, f"run {i} transcript")
            z = ctx.parser.vector(r["output"], f"run {i} output", fam.N)
            counts[row][0] += _fails(fam, inst, z, D)
            ctx.record(
                {
                    "family": st["family"],
                    "instance": insts[row],
                    "seed": r["seed"],
                    "transcript": r["transcript"],
                    "output": r["output"],
                },
                st["algorithm"],
            )
        elif r["outcome"] in ("nh", "error") and r["output"] is None:  # only ever counts against the claim
            counts[row][r["outcome"] == "nh"] += 1
        else:
            raise KernelError(f"run {i}: outcome must be output (with an output), nh or error")
    S = len(seeds)
    for k, (f, u) in zip(keys, counts, strict=True):
        if 2 * (f + u) >= S:
            where = "the limit" if k is None else ", ".join(f"{a}={b}" for a, b in k)
            raise KernelError(f"distance: {f} failing and {u} undecided run(s) of {S} on {where}: not certified")
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
    (and ‖v‖ < 1), which with one support column give uniqueness (proofs/pnas_theorem1.py, Lemma U).
    """
    st = _keys(st, {"kind", "family", "K", "instances"}, "statement", "minimisers")
    _keys(ev, {"kkt"}, "evidence")
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
    w.p. > 1/2 reading at most M samples" is refuted. Per seed, a legal run on R > M uninformative
    samples (j = 1, n, q = 1, no informative sample). Either every run reads all R samples
    (``p: null``; the run coincides with the one on the member whose informative sample is the last
    one read, until it reads it), or every run reads at most M samples and, with the informative
    sample at p, each seed has legal runs on the members q = ±1 (identical to the simulation, with
    one output, when p is unread); the failure counts are recomputed and one member fails w.p. ≥ 1/2."""
    keys = {"kind", "family", "K", "digits", "algorithm", "M", "R", "n", "seeds", "p", "failures"}
    st = _keys(st, keys, "statement", "sample-barrier")
    ev = _keys(ev, {"runs"}, "evidence")
    fam = _family(st, ctx)
    if not isinstance(fam, Training):
        raise KernelError("statement family: a TrainingFamily")
    D = _digits(st, fam)
    if D != fam.K - 1:
        raise KernelError("statement digits: the sample adversary concerns K−1 digits")
    M = q.integer(st["M"], "statement M", 0, fam.MAX_R - 1)
    R = q.integer(st["R"], "statement R", M + 1, fam.MAX_R)
    n = q.integer(st["n"], "statement n", 1, MAX_N)
    seeds = st["seeds"]
    if not isinstance(seeds, list) or not 1 <= len(seeds) <= 1000 or len({str(x) for x in seeds}) != len(seeds):
        raise KernelError("statement seeds: 1..1000 distinct seeds")
    seeds = [_seed(x, "statement seeds") for x in seeds]
    runs = ev["runs"]
    if not isinstance(runs, list) or len(runs) != len(seeds):
        raise KernelError("evidence runs: one entry per seed, in the statement's order")
    U = fam.instance({"j": 1, "n": n, "q": 1, "R": R, "p": None}, "uninformative data")
    p = st["p"]
    if p is not None:
        p = q.integer(p, "statement p", 0, R - 1)
        pair = [fam.instance({"j": 1, "n": n, "q": sq, "R": R, "p": p}, "member") for sq in (1, -1)]
    fails = [0, 0]
    for i, r in enumerate(runs):
        r = _keys(r, {"seed", "simulation", "members"}, f"run {i}")
        if not same(_seed(r["seed"], f"run {i} seed"), seeds[i]):
            raise KernelError(f"run {i}: seed differs from the statement's")
        sim = T.parse(r["simulation"], U.shapes, fam.mode, f"run {i} simulation")
        T.check_legal(sim, U, fam.mode, f"run {i} simulation")
        where: dict[str, Any] = {"j": 1, "n": n, "q": 1, "R": R, "p": None}
        ctx.record(
            {"family": st["family"], "instance": where, "seed": seeds[i], "transcript": r["simulation"]},
            st["algorithm"],
        )
        read = _samples(sim)
        if p is None:
            if len(read) != R or r["members"] is not None:
                raise KernelError(f"run {i}: reads {len(read)} of R = {R} samples, not all (p is null)")
            seen: set[str] = set()
            last = 0
            for k, a in enumerate(sim):  # the first query of the last sample read
                if a[0][1:] not in seen:
                    seen.add(a[0][1:])
                    last = k
            member = fam.instance({"j": 1, "n": n, "q": 1, "R": R, "p": int(sim[last][0][1:])}, "member")
            T.check_legal(sim[:last], member, fam.mode, f"run {i} simulation (as the member's run)")
            continue
        if len(read) > M:
            raise KernelError(f"run {i}: reads {len(read)} samples, more than M = {M}")
        ms = r["members"]
        if not isinstance(ms, list) or len(ms) != 2:
            raise KernelError(f"run {i}: two member runs (q = 1, q = −1) are required")
        outs = []
        for j, (m, inst) in enumerate(zip(ms, pair, strict=True)):
            m = _keys(m, {"output", "transcript"}, f"run {i} member {j + 1}")
            tr = T.parse(m["transcript"], inst.shapes, fam.mode, f"run {i} member {j + 1} transcript")
            T.check_legal(tr, inst, fam.mode, f"run {i} member {j + 1} transcript")
            if p not in read and tr != sim:
                raise KernelError(
                    f"run {i} member {j + 1}: p is unread, yet the transcript differs from the simulation"
                )
            out = None if m["output"] is None else ctx.parser.vector(m["output"], f"run {i} output", fam.N)
            outs.append(m["output"])
            where = {"j": 1, "n": n, "q": 1 - 2 * j, "R": R, "p": p}
            ctx.record(
                {
                    "family": st["family"],
                    "instance": where,
                    "seed": seeds[i],
                    "transcript": m["transcript"],
                    "output": m["output"],
                },
                st["algorithm"],
            )
            fails[j] += out is None or _fails(fam, inst, out, D)
        if p not in read and not same(outs[0], outs[1]):
            raise KernelError(f"run {i}: identical transcripts with two outputs")
    if p is None:
        if st["failures"] is not None:
            raise KernelError("statement failures: null when every sample is read")
        return REFUTED
    if not same(st["failures"], fails):
        raise KernelError(f"failures: the runs give {fails}, the statement says {q._short(st['failures'])}")
    if 2 * max(fails) < len(seeds):
        raise KernelError(f"sample-barrier: the worst member fails {max(fails)} of {len(seeds)} seeds, less than half")
    return REFUTED


def randomised(st: Any, ev: Any, ctx: Context) -> str:
    """Coupled seeds on pair n: per seed and member j, a legal run whose output fails member j or not;
    the failure counts are recomputed and the worst member must fail with probability ≥ 1/2."""
    st = _keys(st, {"kind", "family", "K", "digits", "algorithm", "n", "seeds", "failures"}, "statement", "randomised")
    ev = _keys(ev, {"runs"}, "evidence")
    fam = _family(st, ctx)
    D = _digits(st, fam)
    n = q.integer(st["n"], "statement n", 1, MAX_N)
    seeds = st["seeds"]
    if not isinstance(seeds, list) or not 1 <= len(seeds) <= MAX_SEEDS or len(set(map(str, seeds))) != len(seeds):
        raise KernelError("statement seeds: 1.. distinct seeds")
    seeds = [_seed(x, "statement seeds") for x in seeds]
    runs = ev["runs"]
    got = (
        [_seed(r.get("seed"), "run seed") if isinstance(r, dict) else "?" for r in runs]
        if isinstance(runs, list)
        else 0
    )
    if got != seeds:
        raise KernelError("evidence runs: one entry per seed, in the statement's order")
    fails = [0, 0]
    for i, r in enumerate(runs):
        r = _keys(r, {"seed", "members"}, f"run {i}")
        ms = r["members"]
        if not isinstance(ms, list) or len(ms) != 2:
            raise KernelError(f"run {i}: two member runs (j = 1, 2) are required")
        for j, m in enumerate(ms, 1):
            m = _keys(m, {"output", "transcript"}, f"run {i} member {j}")
            inst = fam.member(j, n)
            tr = T.parse(m["transcript"], inst.shapes, fam.mode, f"run {i} member {j} transcript")
            T.check_legal(tr, inst, fam.mode, f"run {i} member {j} transcript")
            fails[j - 1] += _fails(fam, inst, ctx.parser.vector(m["output"], f"run {i} output", fam.N), D)
            ctx.record(
                {
                    "family": st["family"],
                    "instance": {"j": j, "n": n},
                    "seed": r["seed"],
                    "transcript": m["transcript"],
                    "output": m["output"],
                },
                st["algorithm"],
            )
    if not same(st["failures"], fails):
        raise KernelError(f"failures: the runs give {fails}, the statement says {q._short(st['failures'])}")
    if 2 * max(fails) < len(seeds):
        raise KernelError(f"randomised: the worst member fails {max(fails)} of {len(seeds)} seeds, less than half")
    return CERTIFIED


def each(st: Any, ev: Any, ctx: Context) -> str:
    """A conjunction: every listed claim holds with its own status (one level deep)."""
    st = _keys(st, {"kind", "claims"}, "statement", "each")
    parts = st["claims"]
    if not isinstance(parts, list) or not parts or len(parts) > 1000:
        raise KernelError("statement claims: a list of 1..1000 claims")
    if ev != {"parts": len(parts)}:
        raise KernelError("evidence: {'parts': number of claims}")
    for i, c in enumerate(parts):
        if isinstance(c, dict) and isinstance(c.get("detail"), str):
            c = {k: v for k, v in c.items() if k != "detail"}  # display text, never read
        c = _keys(c, {"name", "status", "scope", "statement", "evidence"}, f"part {i}")
        if c["scope"] != "instances" or not isinstance(c["statement"], dict):
            raise KernelError(f"part {i}: a part is a checked claim on instances")
        kind = c["statement"].get("kind")
        if kind not in KINDS or kind == "each" or c["status"] not in (CERTIFIED, REFUTED):
            raise KernelError(f"part {i}: kind {q._short(kind)} and status {q._short(c['status'])} cannot be a part")
        try:
            got = KINDS[kind](c["statement"], c["evidence"], ctx)
        except KernelError as exc:
            raise KernelError(f"part {i} ({q._short(c['name'])}): {exc}") from None
        if got != c["status"]:
            raise KernelError(f"part {i}: the evidence supports {got}, the part says {c['status']}")
    return CERTIFIED


def klass(st: Any, ev: Any, ctx: Context) -> str:
    """The class-level claim of check-class (:mod:`sci_oracle.kernel.classes`, which uses this module)."""
    from sci_oracle.kernel.classes import check

    return check(st, ev, ctx)


KINDS: dict[str, Any] = {
    "barrier": barrier,
    "run": run,
    "accuracy": accuracy,
    "agreement": agreement,
    "separation": separation,
    "randomised": randomised,
    "minimisers": minimisers,
    "each": each,
    "training": training,
    "network": network,
    "sample-barrier": sample_barrier,
    "class": klass,
    **T1.KINDS,  # table1-input, table1-outputs, table1-steps (sci-oracle table1)
}

from sci_oracle.kernel import stripes as _stripes  # noqa: E402  (BHV / false-structures kinds; they import this module)
from sci_oracle.kernel import tie as _tie  # noqa: E402

KINDS.update({**_stripes.KINDS, **_tie.KINDS})


def describe(st: dict[str, Any]) -> str:
    """The human text of a statement, generated from it (the certificate's own prose is never trusted)."""
    k = st.get("kind")
    fam = st.get("family", {})
    f = f"{fam.get('family')}({fam.get('problem')}, K={fam.get('K')})" if isinstance(fam, dict) else "?"
    alg = st.get("algorithm")
    if k == "barrier":
        return f"{alg} is not correct to {st.get('digits')} digits on {f}: it fails member {st.get('member')} (n={st.get('n')})"
    if k == "run":
        where = st.get("instance") or "the limit"
        return f"{alg} (seed {st.get('seed')}) fails {st.get('digits')} digits on {f} at {where}"
    if k == "accuracy":
        return f"{alg} is correct to {st.get('digits')} digits w.p. > 1/2 on {f} ({len(st.get('instances') or [])} instances)"
    if k == "agreement":
        return f"members of pair n={st.get('n')} of {f} agree with the limit up to level {st.get('level')}"
    if k == "randomised":
        return f"{alg} fails {st.get('digits')} digits w.p. ≥ 1/2 on a member of {f} (seeds coupled)"
    if k == "minimisers":
        return (
            f"every vertex of the solution sets of {len(st.get('instances') or [])} instances of {f} passes exact KKT"
        )
    if k == "each":
        return f"each of {len(st.get('claims') or [])} claims holds"
    if k == "training":
        return (
            f"on {len(st.get('instances') or [])} instances of {f}: every label and test solution passes exact KKT, "
            "the zero network fails K−1 digits, q = ±1 test solutions are more than 2·10^-(K−1) apart"
        )
    if k == "network":
        where = "every training and test input" if st.get("inputs") == "all" else "the test input"
        return f"a NN solves each of {len(st.get('instances') or [])} instances of {f} exactly on {where}"
    if k == "sample-barrier":
        how = "it reads all R samples" if st.get("p") is None else f"a member fails w.p. ≥ 1/2 (p = {st.get('p')})"
        return f"{alg} does not get K−1 digits w.p. > 1/2 on {f} reading ≤ M = {st.get('M')} samples: {how}"
    if k == "class":
        return f"none of the {st.get('algorithms')} algorithms drawn from {st.get('spec')} gets K digits w.p. > 1/2"
    if k == "separation":
        return f"members of pair n={st.get('n')} of {f} have minimisers more than 2·10^-K apart"
    if k in T1.KINDS:
        return T1.describe(st)
    if k in _stripes.KINDS:
        return _stripes.describe(st)
    if k in _tie.KINDS:
        return _tie.describe(st)
    return f"{k} claim"
