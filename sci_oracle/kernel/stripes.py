"""Claim checkers for the stripe classification problems (BHV Theorem 2.2, false structures B2).

Bastounis–Hansen–Vlačić, arXiv:2109.06098, Theorem 2.2 (the project's reconstruction, proofs/bhv.py),
and Thesing–Antun–Hansen, arXiv:1906.01478, §3 (proofs/false_structures.py). Everything is rebuilt
from the statement: the stripe family f(x) = ⌊(x₁ − offset)/width⌋ mod 2 on stripes 0…A with
margin ε and planted feature x₂ = δ·f(x); the data T, V (each point inside a stripe's support,
labelled by f); ReLU networks ℝ² → ℝ with exact rational weights, decision 1[φ ≥ 1/2].

- ``stripe-accuracy``: a net of the stated architecture classifies every point of T ∪ V correctly.
- ``stripe-dichotomy``: a net is inaccurate (a misclassified point) or unstable (witnesses x, η with
  ‖η‖∞ < ε keeping x₁ + η₁ in x's stripe, so f(x + η) = f(x), and a wrong decision at x + η), with at
  least ``at_least`` distinct unstable points; ``lemma3`` also requires at_least ≥ ⌈(A − P)/2⌉.
- ``stripe-stable``: ψ = f exactly on the closed ε-ball of every point (see :func:`stable`).
- ``stripe-bound``: P = ∏(N_i + 1), M = P + 2q stripes, ⌈(M − 1 − P)/2⌉ ≥ q and M(1 − 1/M)^(r+s) ≤ p.
- ``stripe-images``: the B2 training images rebuilt from (n, w, a, generator); is every label-0
  image a label-1 image + 2a (the offset the only cue)?
"""

from __future__ import annotations

import bisect
import itertools
from fractions import Fraction
from typing import Any

from flint import fmpq

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel.claims import CERTIFIED, REFUTED, Context, _keys, algorithm, same
from sci_oracle.kernel.numbers import KernelError

MAX_POINTS, MAX_WIDTH, MAX_LAYERS, MAX_STRIPES, MAX_WITNESSES = 20_000, 512, 8, 100_000, 20_000
MAX_WORK = 5 * 10**7  # weights × network evaluations per claim: a hostile file is rejected, never a hang


def _budget(net: list[Any], evaluations: int) -> None:
    if sum(len(W) * len(W[0]) for W, _ in net) * evaluations > MAX_WORK:
        raise KernelError(f"network: weights × evaluations exceeds {MAX_WORK} (cap)")


def rat(v: Any, what: str, lo: Fraction | None = None) -> Fraction:
    x = q.rational(v, what)
    if lo is not None and x <= lo:
        raise KernelError(f"{what}: must exceed {lo}")
    return x


def items(v: Any, what: str, lo: int, hi: int) -> list[Any]:
    if not isinstance(v, list) or not lo <= len(v) <= hi:
        raise KernelError(f"{what}: a list of {lo}..{hi} entries")
    return v


class Stripes:
    """The family member of a ``{"family": "stripes", ...}`` spec (exact)."""

    def __init__(self, spec: Any) -> None:
        s = _keys(spec, {"family", "alternations", "margin", "width", "offset", "delta"}, "statement family")
        if s["family"] != "stripes":
            raise KernelError("statement family: only 'stripes' is known")
        self.n = q.integer(s["alternations"], "family alternations", 1, MAX_STRIPES) + 1
        self.eps, self.width = (
            rat(s["margin"], "family margin", Fraction(0)),
            rat(s["width"], "family width", Fraction(0)),
        )
        self.offset, self.delta = rat(s["offset"], "family offset"), rat(s["delta"], "family delta")
        if not 2 * self.eps < self.width or not 0 <= self.delta < self.eps:
            raise KernelError("family: need 0 < 2·margin < width and 0 <= delta < margin")

    def stripe(self, x1: Fraction) -> int:
        return (x1 - self.offset) // self.width

    def data(self, v: Any, what: str) -> list[tuple[Fraction, Fraction, int]]:
        """Points [x1, x2] with labels: each strictly inside a stripe's support, labelled by f."""
        v = _keys(v, {"points", "labels"}, what)
        pts, labs = items(v["points"], f"{what} points", 0, MAX_POINTS), v["labels"]
        if not isinstance(labs, list) or len(labs) != len(pts):
            raise KernelError(f"{what} labels: one label per point")
        out = []
        for i, (p, y) in enumerate(zip(pts, labs, strict=True)):
            x1, x2 = (rat(c, f"{what} point {i}") for c in items(p, f"{what} point {i}", 2, 2))
            k = self.stripe(x1)
            lo = self.offset + k * self.width
            if not (0 <= k < self.n and lo + self.eps < x1 < lo + self.width - self.eps):
                raise KernelError(f"{what} point {i}: not inside the support of a stripe (margin {self.eps})")
            if y != k % 2 or type(y) is not int:
                raise KernelError(f"{what} point {i}: label {q._short(y)} is not f(x) = {k % 2}")
            if x2 != self.delta * y:
                raise KernelError(f"{what} point {i}: x2 is not the planted delta·f(x)")
            out.append((x1, x2, y))
        return out


def _f(x: Fraction) -> Any:
    return fmpq(x.numerator, x.denominator)


def _net(v: Any, what: str) -> list[tuple[list[list[Any]], list[Any]]]:
    """[{"W": rows, "b": biases}, …]: ReLU between layers, 2 inputs, 1 output (exact flint rationals)."""
    width, out = 2, []
    for k, layer in enumerate(items(v, what, 2, MAX_LAYERS)):
        layer = _keys(layer, {"W", "b"}, f"{what} layer {k}")
        rows = items(layer["W"], f"{what} layer {k} W", 1, MAX_WIDTH)
        W = [
            [_f(rat(c, f"{what} layer {k} W")) for c in items(r, f"{what} layer {k} W row", width, width)] for r in rows
        ]
        b = [_f(rat(c, f"{what} layer {k} b")) for c in items(layer["b"], f"{what} layer {k} b", len(W), len(W))]
        out.append((W, b))
        width = len(W)
    if width != 1:
        raise KernelError(f"{what}: the last layer must have one output")
    return out


def _eval(net: list[Any], x: list[Any]) -> Any:
    x = [v if isinstance(v, fmpq) else _f(v) for v in x]
    for i, (W, b) in enumerate(net):
        x = [sum((w * v for w, v in zip(r, x, strict=True)), bi) for r, bi in zip(W, b, strict=True)]
        if i < len(net) - 1:
            x = [v if v > 0 else fmpq(0) for v in x]
    return x[0]


def _wrong(net: list[Any], x1: Fraction, x2: Fraction, y: int) -> bool:
    return int(_eval(net, [x1, x2]) >= fmpq(1, 2)) != y


def _widths(net: list[Any]) -> list[int]:
    return [len(W) for W, _ in net[:-1]]


def _setup(st: Any, extra: set[str], kind: str) -> tuple[Stripes, list[Any], list[Any]]:
    st = _keys(st, {"kind", "family", "T", "V", "network", *extra}, "statement", kind)
    fam = Stripes(st["family"])
    data = fam.data(st["T"], "statement T") + fam.data(st["V"], "statement V")
    if not data:
        raise KernelError("statement: T ∪ V is empty")
    net = _net(st["network"], "statement network")
    _budget(net, len(data))
    return fam, data, net


def accuracy(st: Any, ev: Any, ctx: Context) -> str:
    _keys(ev, {"errors"}, "evidence")
    _, data, net = _setup(st, {"architecture"}, "stripe-accuracy")
    if not same(st["architecture"], _widths(net)):
        raise KernelError(f"network: hidden widths {_widths(net)} are not the architecture")
    bad = [i for i, (x1, x2, y) in enumerate(data) if _wrong(net, x1, x2, y)]
    if ev["errors"] != len(bad):
        raise KernelError(f"errors: the net errs on {len(bad)} points of T ∪ V, the evidence says {ev['errors']}")
    if bad:
        raise KernelError(f"accuracy: the net misclassifies point {bad[0]} of T ∪ V")
    return CERTIFIED


def dichotomy(st: Any, ev: Any, ctx: Context) -> str:
    fam, data, net = _setup(st, {"eps", "outcome", "at_least", "lemma3"}, "stripe-dichotomy")
    eps = rat(st["eps"], "statement eps", Fraction(0))
    if eps > fam.eps or st["outcome"] not in ("inaccurate", "unstable", "either") or type(st["lemma3"]) is not bool:
        raise KernelError("statement: eps <= margin, outcome inaccurate/unstable/either, lemma3 a boolean")
    need = q.integer(st["at_least"], "statement at_least", 1, MAX_WITNESSES)
    ev = _keys(ev, {"inaccurate", "unstable"}, "evidence")
    if ev["inaccurate"] is not None:
        if st["outcome"] == "unstable":
            raise KernelError("evidence: an inaccuracy witness for an 'unstable' claim")
        i = q.integer(ev["inaccurate"], "evidence inaccurate", 0, len(data) - 1)
        if not _wrong(net, *data[i]):
            raise KernelError(f"inaccurate: the net classifies point {i} of T ∪ V correctly")
        return CERTIFIED
    if st["outcome"] == "inaccurate":
        raise KernelError("evidence: an 'inaccurate' claim needs an inaccuracy witness")
    if any(_wrong(net, *p) for p in data):
        raise KernelError("unstable: the net is not accurate on T ∪ V (give the inaccuracy witness)")
    seen: set[int] = set()
    witnesses = items(ev["unstable"], "evidence unstable", 1, MAX_WITNESSES)
    _budget(net, len(data) + len(witnesses))
    for j, w in enumerate(witnesses):
        w = _keys(w, {"point", "eta"}, f"witness {j}")
        i = q.integer(w["point"], f"witness {j} point", 0, len(data) - 1)
        e1, e2 = (rat(c, f"witness {j} eta") for c in items(w["eta"], f"witness {j} eta", 2, 2))
        x1, x2, y = data[i]
        if not max(abs(e1), abs(e2)) < eps or fam.stripe(x1 + e1) != fam.stripe(x1):
            raise KernelError(f"witness {j}: ||eta|| >= eps or x + eta leaves the point's stripe")
        if not _wrong(net, x1 + e1, x2 + e2, y):
            raise KernelError(f"witness {j}: the decision at x + eta is correct")
        seen.add(i)
    if st["lemma3"]:
        labels = [y for _, _, y in sorted(data)]
        A = sum(a != b for a, b in itertools.pairwise(labels))
        P = 1
        for n in _widths(net):
            P *= n + 1
        if 2 * need < A - P:
            raise KernelError(f"lemma3: at_least={need} is below ceil((A - P)/2) with A={A}, P={P}")
    if len(seen) < need:
        raise KernelError(f"unstable: {len(seen)} distinct witness points, fewer than at_least={need}")
    return CERTIFIED


def stable(st: Any, ev: Any, ctx: Context) -> str:
    """ψ = f exactly on the closed ε-ball (‖·‖∞) of every point. ψ has one hidden layer and ignores x₂
    (zero weights, checked), so on the ball ψ(x + η) = g(x₁ + η₁) with g piecewise linear, its kinks at
    the breakpoints −b_i/w_i. The segment [x₁ − ε, x₁ + ε] must lie inside x's open stripe (f constant),
    and g must equal f(x) at both ends and at every breakpoint between: then it equals f(x) on every
    linear piece, hence on the whole segment."""
    fam, data, net = _setup(st, {"eps", "width"}, "stripe-stable")
    _keys(ev, {"breakpoints"}, "evidence")
    eps = rat(st["eps"], "statement eps", Fraction(0))
    if len(net) != 2 or any(r[1] != 0 for r in net[0][0]) or not same(st["width"], len(net[0][0])):
        raise KernelError("network: one hidden layer of the stated width whose weights on x2 are zero")
    kinks = sorted({-b / r[0] for r, b in zip(*net[0], strict=True) if r[0] != 0})
    if ev["breakpoints"] != len(kinks):
        raise KernelError(f"breakpoints: psi has {len(kinks)} breakpoints, the evidence says {ev['breakpoints']}")
    balls = [(_f(x1 - eps), _f(x1 + eps)) for x1, _, _ in data]
    _budget(net, sum(2 + bisect.bisect_left(kinks, b) - bisect.bisect_right(kinks, a) for a, b in balls))
    for i, (x1, x2, y) in enumerate(data):
        k = fam.stripe(x1)
        lo = fam.offset + k * fam.width
        if not lo < x1 - eps < x1 + eps < lo + fam.width:
            raise KernelError(f"stable: the closed eps-ball of point {i} leaves its stripe")
        a, b = balls[i]
        for t in [a, b, *(t for t in kinks[bisect.bisect_right(kinks, a) : bisect.bisect_left(kinks, b)])]:
            if _eval(net, [t, x2]) != y:
                raise KernelError(f"stable: psi({t}) != f = {y} on the ball of point {i}")
    return CERTIFIED


def bound(st: Any, ev: Any, ctx: Context) -> str:
    st = _keys(st, {"kind", "architecture", "q", "r", "s", "p", "stripes"}, "statement", "stripe-bound")
    ev = _keys(ev, {"bound"}, "evidence")
    P = 1
    for i, n in enumerate(items(st["architecture"], "statement architecture", 1, MAX_LAYERS)):
        P *= q.integer(n, f"statement architecture[{i}]", 1, MAX_WIDTH) + 1
    qq = q.integer(st["q"], "statement q", 1, 10_000)
    M = q.integer(st["stripes"], "statement stripes", 2, MAX_STRIPES)
    n = q.integer(st["r"], "statement r", 1, 50_000) + q.integer(st["s"], "statement s", 1, 50_000)
    p = rat(st["p"], "statement p", Fraction(0))
    if P + 2 * qq != M:  # then A = M − 1 alternations force ⌈(A − P)/2⌉ = q errors (Lemma 3)
        raise KernelError(f"stripes: M={M} is not P + 2q = {P + 2 * qq}")
    b = M * Fraction(M - 1, M) ** n
    if rat(ev["bound"], "evidence bound") != b:
        raise KernelError("bound: it is not M(1 - 1/M)^(r+s)")
    if b > p or p >= 1:
        raise KernelError(f"bound: M(1 - 1/M)^(r+s) > p = {p} (or p >= 1)")
    return CERTIFIED


def images(st: Any, ev: Any, ctx: Context) -> str:
    """B2: label 1 = rows i…i+w−1 raised by 1 on background −a; label 0 = the same on +a, along rows
    ('paper', the public code's training generator) or columns ('corrected'). Returns certified when
    the stated ``offset_only`` (every label-0 image is a label-1 image + 2a) is what the rebuild gives."""
    st = _keys(st, {"kind", "n", "w", "a", "generator", "offset_only"}, "statement", "stripe-images")
    ev = _keys(ev, {"flip_radius"}, "evidence")
    n = q.integer(st["n"], "statement n", 2, 64)
    w = q.integer(st["w"], "statement w", 1, n)
    a = rat(st["a"], "statement a", Fraction(0))
    if st["generator"] not in ("paper", "corrected") or type(st["offset_only"]) is not bool:
        raise KernelError("statement: generator paper/corrected and offset_only a boolean")

    def image(i: int, off: Fraction, rows: bool) -> tuple[tuple[Fraction, ...], ...]:
        return tuple(tuple(off + (i <= (r if rows else c) < i + w) for c in range(n)) for r in range(n))

    ones = {image(i, a, True) for i in range(n - w + 1)}  # the label-1 images (background −a) + 2a
    zeros = [image(i, a, st["generator"] == "paper") for i in range(n - w + 1)]
    if rat(ev["flip_radius"], "evidence flip_radius") != 2 * a:
        raise KernelError("flip_radius: the offset shift is 2a")
    return CERTIFIED if all(z in ones for z in zeros) == st["offset_only"] else REFUTED


# --------------------------------------------------------------------------- width growth, architecture classes
# Their statements' texts and cost bounds are in kernel/templates.py, like every kind's.
MAX_SIZES, MAX_HIT, MAX_DRAWN, MAX_DEPTH = 64, 10_000, 64, 4


def _ints(v: Any, what: str, n: int | None, lo: int, hi: int) -> list[int]:
    out = [q.integer(x, f"{what}[{i}]", lo, hi) for i, x in enumerate(items(v, what, 1, MAX_SIZES))]
    if n is not None and len(out) != n:
        raise KernelError(f"{what}: one entry per size ({n})")
    return out


def growth(st: Any, ev: Any, ctx: Context) -> str:
    """``stripe-growth`` {p, beta, sizes, hit, within}; evidence {miss, beyond}. Stripe k has mass
    p(1 − p)^k. For each size r with its M (``hit``) and K (``within``): the union bound
    Σ_{k<M} (1 − p(1 − p)^k)^r on "T_r misses a stripe below M" is at most the evidence's rational
    ``miss`` (arb balls, rigorous), which is ≤ β; r(1 − p)^K (a union bound on "a point of T_r lies
    in a stripe ≥ K") equals the evidence's ``beyond`` exactly and is ≤ β. Both M and K strictly
    increase with r. Cost: Σ M arb powers plus one exact power per size (≤ 64 sizes, M ≤ 10,000,
    r ≤ 10^7)."""
    import flint

    st = _keys(st, {"kind", "p", "beta", "sizes", "hit", "within"}, "statement", "stripe-growth")
    ev = _keys(ev, {"miss", "beyond"}, "evidence")
    p, beta = rat(st["p"], "statement p", Fraction(0)), rat(st["beta"], "statement beta", Fraction(0))
    if not p < 1 or not beta < Fraction(1, 2):
        raise KernelError("statement: need 0 < p < 1 and 0 < beta < 1/2")
    sizes = _ints(st["sizes"], "statement sizes", None, 1, 10**7)
    hit = _ints(st["hit"], "statement hit", len(sizes), 2, MAX_HIT)
    within = _ints(st["within"], "statement within", len(sizes), 2, MAX_HIT)
    miss = [rat(x, "evidence miss") for x in items(ev["miss"], "evidence miss", len(sizes), len(sizes))]
    beyond = [rat(x, "evidence beyond") for x in items(ev["beyond"], "evidence beyond", len(sizes), len(sizes))]
    for name, seq in (("sizes", sizes), ("hit", hit), ("within", within)):
        if any(a >= b for a, b in itertools.pairwise(seq)):
            raise KernelError(f"statement {name}: must strictly increase with the sample size")
    old = flint.ctx.prec
    flint.ctx.prec = 128
    try:
        for r, M, K, u, b in zip(sizes, hit, within, miss, beyond, strict=True):
            if not M <= K:
                raise KernelError(f"size {r}: hit M={M} exceeds within K={K}")
            qa, pa = flint.arb(p.denominator - p.numerator) / p.denominator, flint.arb(p.numerator) / p.denominator
            total = sum(((1 - pa * qa**k) ** r for k in range(M)), flint.arb(0))
            if not (total < flint.arb(u.numerator) / u.denominator) or u > beta:
                raise KernelError(f"size {r}: the miss bound for M={M} is not <= {u} <= beta")
            if b != r * (1 - p) ** K or b > beta:
                raise KernelError(f"size {r}: beyond is not r(1 - p)^K = {r * (1 - p) ** K}, or exceeds beta")
    finally:
        flint.ctx.prec = old
    return CERTIFIED


def _planted(net: list[Any], fam: Stripes) -> None:
    """The zero-cost net: its first layer ignores x1, and φ(·, 0) = 0, φ(·, δ) = 1 exactly, so φ = f
    exactly on every point of every sample of the family (x2 = δ·f(x))."""
    if any(r[0] != 0 for r in net[0][0]):
        raise KernelError("planted net: its first layer must have zero weights on x1")
    if _eval(net, [Fraction(0), Fraction(0)]) != 0 or _eval(net, [Fraction(0), fam.delta]) != 1:
        raise KernelError("planted net: it is not exactly 0 at x2 = 0 and 1 at x2 = delta")


def architectures(st: Any, ev: Any, ctx: Context) -> str:
    """``stripe-architectures`` {depth, widths, drawn, q, p, margin, offset, delta, procedure};
    evidence {architectures: one record per architecture drawn}. The records' architectures are
    ``drawn`` distinct hidden-width lists with depth in ``depth`` and every width in ``widths``. For
    each, with P = ∏(N_i + 1) and M = P + 2q stripes of width 1 (the member with A = M − 1
    alternations): (i) M(1 − 1/M)^(r+s) ≤ p exactly (the ``stripe-bound`` inequality); (ii) the record's
    planted net has the architecture and equals f exactly on every point of the family (zero cost);
    (iii) on the record's draw T (r points), V (s points), the ``stripe-dichotomy`` template with
    outcome 'either' and lemma3: the trained net is inaccurate on T ∪ V, or unstable at
    ≥ max(1, ⌈(A − P)/2⌉) distinct points of it (q when the draw hits all M stripes). Cost: the
    templates' own caps, and Σ (|T| + |V|)·weights ≤ MAX_WORK over the class."""
    keys = {"kind", "depth", "widths", "drawn", "q", "p", "margin", "offset", "delta", "procedure"}
    st = _keys(st, keys, "statement", "stripe-architectures")
    ev = _keys(ev, {"architectures"}, "evidence")
    dlo, dhi = _ints(st["depth"], "statement depth", 2, 1, MAX_DEPTH)
    wlo, whi = _ints(st["widths"], "statement widths", 2, 1, MAX_WIDTH)
    if dlo > dhi or wlo > whi:
        raise KernelError("statement depth/widths: [lo, hi] with lo <= hi")
    n = q.integer(st["drawn"], "statement drawn", 1, MAX_DRAWN)
    qq = q.integer(st["q"], "statement q", 1, 10_000)
    p = rat(st["p"], "statement p", Fraction(0))
    if not p < 1:
        raise KernelError("statement p: must lie in (0, 1)")
    algorithm(st["procedure"], "statement procedure")  # printed, like an algorithm's identity
    recs = items(ev["architectures"], "evidence architectures", n, n)
    seen: set[tuple[int, ...]] = set()
    work = 0
    for i, rec in enumerate(recs):
        what = f"architecture {i}"
        rec = _keys(rec, {"architecture", "r", "s", "planted", "T", "V", "trained", "inaccurate", "unstable"}, what)
        arch = tuple(q.integer(w, f"{what} width", wlo, whi) for w in items(rec["architecture"], what, dlo, dhi))
        if arch in seen:
            raise KernelError(f"{what}: {list(arch)} is listed twice (the drawn architectures are distinct)")
        seen.add(arch)
        P = 1
        for w in arch:
            P *= w + 1
        M = P + 2 * qq  # A = M − 1 alternations force ⌈(A − P)/2⌉ = q errors (Lemma 3)
        try:
            size = q.integer(rec["r"], f"{what} r", 1, 50_000) + q.integer(rec["s"], f"{what} s", 1, 50_000)
            if M * Fraction(M - 1, M) ** size > p:  # the stripe-bound template's inequality
                raise KernelError(f"bound: M(1 - 1/M)^(r+s) > p = {p} with M = {M}")
            spec = {
                "family": "stripes",
                "alternations": M - 1,
                "margin": st["margin"],
                "width": "1",
                "offset": st["offset"],
                "delta": st["delta"],
            }
            fam = Stripes(spec)
            planted = _net(rec["planted"], f"{what} planted")
            if _widths(planted) != list(arch):
                raise KernelError(f"planted net: hidden widths {_widths(planted)} are not the architecture")
            _planted(planted, fam)
            for key, size in (("T", rec["r"]), ("V", rec["s"])):
                if not isinstance(rec[key], dict) or len(rec[key].get("points", ())) != size:
                    raise KernelError(f"{key}: {size} points, as the record's r and s say")
            trained = _net(rec["trained"], f"{what} trained")
            if _widths(trained) != list(arch):
                raise KernelError(f"trained net: hidden widths {_widths(trained)} are not the architecture")
            work += sum(len(W) * len(W[0]) for W, _ in trained) * (rec["r"] + rec["s"])
            if work > MAX_WORK:
                raise KernelError(f"the class: weights × points exceeds {MAX_WORK} (cap)")
            data = fam.data(rec["T"], "T") + fam.data(rec["V"], "V")
            A = sum(a != b for a, b in itertools.pairwise([y for _, _, y in sorted(data)]))
            dichotomy(
                {
                    "kind": "stripe-dichotomy",
                    "family": spec,
                    "T": rec["T"],
                    "V": rec["V"],
                    "network": rec["trained"],
                    "eps": st["margin"],
                    "outcome": "either",
                    "at_least": max(1, -(-(A - P) // 2)),
                    "lemma3": True,
                },
                {"inaccurate": rec["inaccurate"], "unstable": rec["unstable"]},
                ctx,
            )
        except KernelError as exc:
            raise KernelError(f"{what} {list(arch)}: {exc}") from None
    return CERTIFIED
