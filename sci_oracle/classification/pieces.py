"""The piece-count lemma along a line, computed exactly, and the error bound it forces.

Bastounis–Hansen–Vlačić [1]_, §5 (proof of Theorem 2.2), reconstructed by the project (see
``proofs/bhv.py`` for the proofs):

* **Piece bound.** Along a line t ↦ x₀ + t·v, a ReLU network with hidden widths N₁, …, N_{L−1}
  is affine on at most P = ∏ (N_i + 1) intervals ("pieces"): each hidden layer splits every
  current interval at most N_i times (one root per neuron, whose pre-activation is affine there).
* **Decision changes.** The decision d(t) = 1[φ(t) ≥ 1/2] changes value at most P times along
  the line (on each piece {φ ≥ 1/2} is an interval containing an endpoint of the piece).
* **Error bound.** If points sorted along the line carry labels with A alternations, any such
  network misclassifies at least ⌈(A − P)/2⌉ of them, because label changes ≤ decision changes
  + changes of the error indicator ≤ P + 2·errors.

Networks are given as a list of affine layers ``[(W1, b1), …, (WL, bL)]`` with ReLU between
them (not after the last); entries are exact rationals (Fractions or ints). Float weights are
converted on purpose with :func:`exact_layers` (binary64 → QQ is exact). Objects from
:mod:`sci_oracle.core.nn` are accepted too (anything with ``.layers`` holding ``W``/``b`` affine
layers and ReLUs). Every breakpoint is a rational and every verdict is decided in QQ.

References
----------
.. [1] A. Bastounis, A. C. Hansen, V. Vlačić, "The mathematics of adversarial attacks in AI",
   arXiv:2109.06098, Theorem 2.2 and §5.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flint import fmpq, fmpq_mat

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import to_fraction

__all__ = [
    "Layers",
    "LinePieces",
    "PieceBoundCheck",
    "as_layers",
    "check_piece_bound",
    "decide",
    "decision_errors",
    "errors_lower_bound",
    "evaluate",
    "exact_layers",
    "first_deviation",
    "first_violation",
    "hidden_widths",
    "line_pieces",
    "piece_bound",
]

Layers = list[tuple[list[list[Fraction]], list[Fraction]]]
HALF = Fraction(1, 2)


# --------------------------------------------------------------------------- networks as exact layers
def exact_layers(weights: Sequence[Any], biases: Sequence[Any]) -> Layers:
    """Exact rational layers from float (numpy) weights: binary64 → Fraction is exact."""
    if len(weights) != len(biases) or not weights:
        raise InvalidArgument(
            f"weights/biases are invalid: got {len(weights)} weight matrices and {len(biases)} bias "
            "vectors; expected the same number >= 1"
        )
    layers = []
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        Wq = [[to_fraction(float(w), name=f"W{i + 1}", allow_float=True) for w in row] for row in W]
        bq = [to_fraction(float(v), name=f"b{i + 1}", allow_float=True) for v in b]
        layers.append((Wq, bq))
    return as_layers(layers)


def as_layers(net: Any) -> Layers:
    """Validate and normalise a network to exact ``[(W, b), …]`` (ReLU between layers)."""
    if hasattr(net, "layers") and not isinstance(net, (list, tuple)):
        net = _from_nn(net)
    if not isinstance(net, (list, tuple)) or not net:
        raise InvalidArgument(f"net={net!r} is invalid: expected a non-empty list of (W, b) affine layers")
    out: Layers = []
    width = None
    for i, layer in enumerate(net):
        try:
            W, b = layer
        except (TypeError, ValueError):
            raise InvalidArgument(f"net[{i}]={layer!r} is invalid: expected a pair (W, b)") from None
        try:
            Wq = [[to_fraction(w, name=f"W{i + 1}") for w in row] for row in W]
            bq = [to_fraction(v, name=f"b{i + 1}") for v in b]
        except TypeError as exc:
            if isinstance(exc, InvalidArgument):
                raise
            raise InvalidArgument(
                f"net[{i}] is invalid: W{i + 1} must be a matrix (list of rows) and b{i + 1} a vector"
            ) from None
        if not Wq or len(Wq) != len(bq) or len({len(r) for r in Wq}) != 1 or not Wq[0]:
            raise InvalidArgument(
                f"net[{i}] is invalid: W{i + 1} must be a non-empty n_out×n_in matrix and b{i + 1} "
                f"have n_out entries (got {len(Wq)} rows, {len(bq)} biases)"
            )
        if width is not None and len(Wq[0]) != width:
            raise InvalidArgument(
                f"net[{i}] is invalid: W{i + 1} has {len(Wq[0])} columns but the previous layer has {width} outputs"
            )
        width = len(Wq)
        out.append((Wq, bq))
    return out


def _from_nn(net: Any) -> list:
    """Adapter for :class:`sci_oracle.core.nn.NeuralNetwork`: affine layers separated by ReLUs."""
    affine = []
    for layer in net.layers:
        if hasattr(layer, "W") and hasattr(layer, "b"):
            if getattr(layer, "R", None) is not None:
                raise InvalidArgument("net is invalid: affine layers with a restriction R are not supported here")
            affine.append((layer.W, layer.b))
        elif type(layer).__name__ != "ReLU" or getattr(layer, "indices", None) is not None:
            raise InvalidArgument(f"net is invalid: layer {layer!r} is not Affine or a full ReLU")
    return affine


def hidden_widths(net: Any) -> list[int]:
    """N₁, …, N_{L−1}: the widths of the hidden (ReLU) layers."""
    return [len(W) for W, _ in as_layers(net)[:-1]]


def piece_bound(widths: Sequence[int]) -> int:
    """P = ∏ (N_i + 1): the maximal number of affine pieces along a line."""
    return math.prod(int(n) + 1 for n in widths)


def evaluate(net: Any, x: Sequence[Any]) -> list[Fraction]:
    """Exact output of the network at an exact point x."""
    layers = as_layers(net)
    a = [to_fraction(v, name="x") for v in x]
    if len(a) != len(layers[0][0][0]):
        raise InvalidArgument(f"x has {len(a)} entries; the network expects {len(layers[0][0][0])}")
    return _eval(layers, a)


def _eval(layers: Layers, a: list[Fraction]) -> list[Fraction]:
    """Exact forward pass on validated layers and an exact point (no checks: internal fast path)."""
    for i, (W, b) in enumerate(layers):
        a = [sum((w * v for w, v in zip(row, a, strict=True)), bi) for row, bi in zip(W, b, strict=True)]
        if i < len(layers) - 1:
            a = [v if v > 0 else Fraction(0) for v in a]
    return a


def decide(value: Fraction, threshold: Fraction = HALF) -> int:
    """The decision d = 1[φ ≥ threshold]; a wrong d implies |φ − f| ≥ 1/2 when threshold = 1/2."""
    return 1 if value >= threshold else 0


# --------------------------------------------------------------------------- pieces along a line
@dataclass
class LinePieces:
    """φ(x₀ + t·v) as exact affine pieces: piece i is ``slope[i]·t + intercept[i]`` on
    [ends[i−1], ends[i]] (ends[-1] = −∞, ends[len−1] = +∞ are implicit).

    ``segments`` counts activation regions (what the lemma bounds); ``pieces`` merges adjacent
    regions with the same affine function.
    """

    breaks: list[Fraction]  # interior ends of the pieces, increasing
    slopes: list[Fraction]
    intercepts: list[Fraction]
    segments: int
    bound: int
    widths: list[int]

    @property
    def pieces(self) -> int:
        return len(self.slopes)

    def piece_index(self, t: Fraction) -> int:
        import bisect

        return bisect.bisect_left(self.breaks, t)

    def value(self, t: Any) -> Fraction:
        t = to_fraction(t, name="t")
        i = self.piece_index(t)
        return self.slopes[i] * t + self.intercepts[i]

    def intervals(self) -> list[tuple[Fraction | None, Fraction | None]]:
        ends: list[Fraction | None] = [None, *self.breaks, None]
        return list(itertools.pairwise(ends))

    def decision_changes(self, threshold: Fraction = HALF) -> int:
        """Exact number of value changes of d(t) = 1[φ(t) ≥ threshold] over the whole line."""
        # d is constant between consecutive candidates: every root of φ − threshold and every break
        cands: list[Fraction] = list(self.breaks)
        for (lo, hi), a, c in zip(self.intervals(), self.slopes, self.intercepts, strict=True):
            if a != 0:
                r = (threshold - c) / a
                if (lo is None or r >= lo) and (hi is None or r <= hi):
                    cands.append(r)
        cands = sorted(set(cands))
        probes = [cands[0] - 1] if cands else [Fraction(0)]
        for u, w in itertools.pairwise(cands):
            probes += [u, (u + w) / 2]
        if cands:
            probes += [cands[-1], cands[-1] + 1]
        ds = [decide(self.value(t), threshold) for t in probes]
        return sum(1 for a, b in itertools.pairwise(ds) if a != b)


def line_pieces(net: Any, x0: Sequence[Any], v: Sequence[Any]) -> LinePieces:
    """Exact affine pieces of t ↦ φ(x₀ + t·v) over the whole real line (rational breakpoints)."""
    layers = as_layers(net)
    n_in = len(layers[0][0][0])
    x0q = [to_fraction(a, name="x0") for a in x0]
    vq = [to_fraction(a, name="v") for a in v]
    if len(x0q) != n_in or len(vq) != n_in:
        raise InvalidArgument(f"x0/v are invalid: both need {n_in} entries (got {len(x0q)} and {len(vq)})")
    # python-flint's fmpq_mat does the exact products (C speed); results go back to Fraction.
    # A segment is (lo, hi, alpha, beta): the layer's units are alpha·t + beta on (lo, hi).
    mats = [(fmpq_mat([[_q(w) for w in row] for row in W]), fmpq_mat([[_q(v)] for v in b])) for W, b in layers]
    zero = fmpq(0)
    segs = [(None, None, fmpq_mat([[_q(a)] for a in vq]), fmpq_mat([[_q(a)] for a in x0q]))]
    for li, (W, b) in enumerate(mats):
        last = li == len(mats) - 1
        new = []
        for lo, hi, al, be in segs:
            pa, pb = W * al, W * be + b
            if last:
                new.append((lo, hi, pa, pb))
                continue
            n = pa.nrows()
            roots = set()
            for j in range(n):
                a_, c_ = pa[j, 0], pb[j, 0]
                if a_ != zero:
                    r = -c_ / a_
                    if (lo is None or r > lo) and (hi is None or r < hi):
                        roots.add(r)
            ends = [lo, *sorted(roots), hi]
            for s_, e_ in itertools.pairwise(ends):
                m = _inside(s_, e_)
                na, nb = fmpq_mat(n, 1), fmpq_mat(n, 1)
                for j in range(n):
                    if pa[j, 0] * m + pb[j, 0] > 0:
                        na[j, 0], nb[j, 0] = pa[j, 0], pb[j, 0]
                new.append((s_, e_, na, nb))
        segs = new
    if segs[0][2].nrows() != 1:
        raise InvalidArgument(f"net is invalid: the output layer has {segs[0][2].nrows()} units; expected 1")
    breaks, slopes, inters = [], [], []
    for lo, _, al, be in segs:
        a_, c_ = _f(al[0, 0]), _f(be[0, 0])
        if slopes and slopes[-1] == a_ and inters[-1] == c_:
            continue  # same affine function on both sides: one piece
        if slopes:
            breaks.append(_f(lo))
        slopes.append(a_)
        inters.append(c_)
    widths = [len(W) for W, _ in layers[:-1]]
    return LinePieces(breaks, slopes, inters, len(segs), piece_bound(widths), widths)


def _q(x: Fraction) -> fmpq:
    return fmpq(x.numerator, x.denominator)


def _f(x: fmpq) -> Fraction:
    return Fraction(int(x.p), int(x.q))


def _inside(s: fmpq | None, e: fmpq | None) -> fmpq:
    """A point strictly inside (s, e), which may be unbounded."""
    if s is None and e is None:
        return fmpq(0)
    if s is None:
        return e - 1
    if e is None:
        return s + 1
    return (s + e) / 2


# --------------------------------------------------------------------------- error bound
def errors_lower_bound(A: int, P: int) -> int:
    """⌈(A − P)/2⌉, clipped at 0: errors forced on points with A label alternations."""
    return max(0, -((P - A) // 2))


def decision_errors(
    net: Any, points: Sequence[Sequence[Any]], labels: Sequence[int], threshold: Fraction = HALF
) -> list[int]:
    """Indices i with d(φ(x_i)) ≠ y_i, decided exactly."""
    layers = as_layers(net)
    _check_labels(points, labels)
    pts = [[to_fraction(a, name="point") for a in x] for x in points]
    return [i for i, (x, y) in enumerate(zip(pts, labels, strict=True)) if decide(_eval(layers, x)[0], threshold) != y]


@dataclass
class PieceBoundCheck:
    """Result of :func:`check_piece_bound`: exact counts and whether each inequality holds."""

    widths: list[int]
    bound: int  # P = ∏(N_i + 1)
    segments: int
    pieces: int
    decision_changes: int
    alternations: int
    errors: int
    guaranteed_errors: int  # ⌈(A − P)/2⌉

    @property
    def holds(self) -> bool:
        return (
            self.pieces <= self.segments <= self.bound
            and self.decision_changes <= self.pieces
            and self.errors >= errors_lower_bound(self.alternations, self.decision_changes)
            and self.errors >= self.guaranteed_errors
        )


def check_piece_bound(
    net: Any,
    points: Sequence[Sequence[Any]],
    labels: Sequence[int],
    *,
    x0: Sequence[Any],
    v: Sequence[Any],
    threshold: Fraction = HALF,
) -> PieceBoundCheck:
    """Check the lemma on a network and points lying on the line x₀ + t·v (sorted by t).

    Returns exact counts: segments ≤ ∏(N_i+1), decision changes ≤ pieces, and errors on the points
    ≥ ⌈(A − P)/2⌉ where A counts label alternations in the order of t.
    """
    _check_labels(points, labels)
    lp = line_pieces(net, x0, v)
    ts = _line_parameters(points, x0, v)
    order = sorted(range(len(ts)), key=lambda i: ts[i])
    A = sum(1 for i, j in itertools.pairwise(order) if labels[i] != labels[j])
    errs = sum(1 for i in order if decide(lp.value(ts[i]), threshold) != labels[i])
    return PieceBoundCheck(
        lp.widths,
        lp.bound,
        lp.segments,
        lp.pieces,
        lp.decision_changes(threshold),
        A,
        errs,
        errors_lower_bound(A, lp.bound),
    )


def _check_labels(points: Sequence[Any], labels: Sequence[Any]) -> None:
    if len(labels) != len(points):
        raise InvalidArgument(f"labels has {len(labels)} entries: expected one per point ({len(points)})")
    if any(isinstance(y, bool) or y not in (0, 1) for y in labels):
        raise InvalidArgument("labels is invalid: every label must be 0 or 1 (the decision is 1[phi >= 1/2])")


def _line_parameters(points: Sequence[Sequence[Any]], x0: Sequence[Any], v: Sequence[Any]) -> list[Fraction]:
    x0q = [to_fraction(a, name="x0") for a in x0]
    vq = [to_fraction(a, name="v") for a in v]
    j = next((k for k, a in enumerate(vq) if a != 0), None)
    if j is None:
        raise InvalidArgument("v=0 is invalid: the direction of the line must be non-zero")
    ts = []
    for p in points:
        pq = [to_fraction(a, name="point") for a in p]
        t = (pq[j] - x0q[j]) / vq[j]
        if any(pk != ak + t * vk for pk, ak, vk in zip(pq, x0q, vq, strict=True)):
            raise InvalidArgument(f"point {p!r} is invalid: it does not lie on the line x0 + t·v")
        ts.append(t)
    return ts


# --------------------------------------------------------------------------- witnesses on a segment
def first_violation(
    net: Any,
    x: Sequence[Any],
    v: Sequence[Any],
    lo: Any,
    hi: Any,
    label: int,
    *,
    closed: bool = False,
    threshold: Fraction = HALF,
    pieces: LinePieces | None = None,
) -> Fraction | None:
    """Exact search for t in (lo, hi) (or [lo, hi] if ``closed``) with d(φ(x + t·v)) ≠ label.

    Returns such a rational t (re-checked by direct exact evaluation) or None, which certifies
    that d(φ(x + t·v)) = label on the whole segment: the search is complete over the pieces.
    ``pieces`` may pass the precomputed :func:`line_pieces` of ``net`` along x + t·v.
    """
    lo, hi = to_fraction(lo, name="lo"), to_fraction(hi, name="hi")
    if not lo < hi:
        raise InvalidArgument(f"lo={lo}, hi={hi} are invalid: need lo < hi")
    layers = as_layers(net)
    lp = pieces if pieces is not None else line_pieces(layers, x, v)
    first = max(0, lp.piece_index(lo) - 1)
    last = min(lp.pieces, lp.piece_index(hi) + 2)
    ivs = lp.intervals()
    for k in range(first, last):
        (a, b), al, be = ivs[k], lp.slopes[k], lp.intercepts[k]
        s = lo if a is None else max(a, lo)
        e = hi if b is None else min(b, hi)
        if s > e:
            continue
        # closure [u, w] of the bad set {t ∈ [s, e] : d ≠ label} for the affine φ = al·t + be
        if al == 0:
            bad = decide(be, threshold) != label
            u, w = (s, e) if bad else (None, None)
        else:
            r = (threshold - be) / al
            up = al > 0  # φ ≥ threshold ⇔ t ≥ r
            if label == 0:  # bad: φ ≥ threshold
                u, w = (max(r, s), e) if up else (s, min(r, e))
            else:  # bad: φ < threshold (an open ray; empty if it only touches [s, e] at r)
                u, w = (s, min(r, e)) if up else (max(r, s), e)
                if u >= w:
                    u = w = None
            if u is not None and u > w:
                u = w = None
        if u is None:
            continue
        if u < w:
            t = (u + w) / 2  # interior of the bad interval: strictly inside (lo, hi)
        elif closed or lo < u < hi:
            t = u
        else:
            continue
        xq = [to_fraction(a, name="x") + t * to_fraction(c, name="v") for a, c in zip(x, v, strict=True)]
        if decide(_eval(layers, xq)[0], threshold) != label:
            return t
        raise AssertionError("witness failed its exact re-check")  # pragma: no cover
    return None


def first_deviation(
    net: Any, x: Sequence[Any], v: Sequence[Any], lo: Any, hi: Any, value: Any, *, pieces: LinePieces | None = None
) -> Fraction | None:
    """Exact search for t in the closed [lo, hi] with φ(x + t·v) ≠ ``value``; None certifies
    φ ≡ value on the whole segment (every overlapping piece is the constant ``value``)."""
    lo, hi = to_fraction(lo, name="lo"), to_fraction(hi, name="hi")
    value = to_fraction(value, name="value")
    if not lo < hi:
        raise InvalidArgument(f"lo={lo}, hi={hi} are invalid: need lo < hi")
    layers = as_layers(net)
    lp = pieces if pieces is not None else line_pieces(layers, x, v)
    ivs = lp.intervals()
    for k in range(max(0, lp.piece_index(lo) - 1), min(lp.pieces, lp.piece_index(hi) + 2)):
        (a, b), al, be = ivs[k], lp.slopes[k], lp.intercepts[k]
        s = lo if a is None else max(a, lo)
        e = hi if b is None else min(b, hi)
        if s > e or (al == 0 and be == value):
            continue
        # an affine function ≠ const takes the value at most once: one of three points misses it
        t = next(c for c in (s, e, (s + e) / 2) if al * c + be != value) if s < e else s
        if al * t + be == value:
            continue
        xq = [to_fraction(c, name="x") + t * to_fraction(d, name="v") for c, d in zip(x, v, strict=True)]
        assert _eval(layers, xq)[0] != value  # re-check by direct evaluation
        return t
    return None
