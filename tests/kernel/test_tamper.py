"""Tamper campaign: mutate real certificates; the kernel may accept a mutant only if its claims are true.

A mutant counts as accepted when the kernel accepts it and, as ``sci-oracle verify --algorithm``
does, every run it recorded reproduces when the algorithm is rerun on its transcript (without the
algorithm the kernel can confirm a failing output on a legal transcript, not who produced it).
Truth is decided independently of the kernel: a mutant is harmless when the parts the kernel reads
(format, claims' status/scope/statement/evidence, the document's verdict fields) are unchanged, e.g.
message text, names, key order; otherwise the producer recomputes every non-unknown claim from the
mutated statement and evidence with its own code (family from spec, exact legality of each answer,
one answer per query, a rerun of the algorithm on every transcript, exact distances, statuses).
"""

from __future__ import annotations

import copy
import json
import random
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sci_oracle.cli.verify import rerun
from sci_oracle.core.exact import sign, vector_from_json
from sci_oracle.core.oracle import Transcript
from sci_oracle.kernel import MalformedCertificate, verify


# --------------------------------------------------------------------------- mutations
def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


def _pattern(path: tuple) -> tuple:
    return tuple("*" if isinstance(p, int) else p for p in path)


def _get(doc: Any, path: tuple) -> Any:
    for p in path:
        doc = doc[p]
    return doc


def _set(doc: Any, path: tuple, value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _mutate_value(v: Any, rnd: random.Random) -> Any:
    """One edit of a value: numbers, signs, off-by-one, types, strings, containers."""
    if isinstance(v, bool):
        return rnd.choice([not v, 1, "true", None])
    if isinstance(v, int):
        return rnd.choice([v + 1, v - 1, -v, 0, v * 2 + 3, 10**6, str(v), float(v), None, True])
    if isinstance(v, float):
        return rnd.choice([v + 1, -v, int(v), str(v)])
    if isinstance(v, str):
        try:
            q = Fraction(v)
        except (ValueError, ZeroDivisionError):
            q = None
        if q is not None:
            return rnd.choice(
                [str(q + 1), str(-q), "0", str(q + Fraction(1, 2**40)), str(q * 2), v + "0", v + "/0", 1.5, int(q)]
            )
        return rnd.choice(["", v + "x", "certified", "refuted", "unknown", "lemma", "all-parameters", 0, None])
    if isinstance(v, list):
        if not v:
            return rnd.choice([[0], None, {}])
        i, j = rnd.randrange(len(v)), rnd.randrange(len(v))
        w = list(v)
        op = rnd.randrange(6)
        if op == 0:
            del w[i]
        elif op == 1:
            w.insert(j, copy.deepcopy(v[i]))  # duplicate an entry
        elif op == 2:
            w[i], w[j] = w[j], w[i]
        elif op == 3:
            w.reverse()
        elif op == 4:
            w = []
        else:
            w.append(copy.deepcopy(v[-1]))
        return w
    if isinstance(v, dict):
        if not v:
            return rnd.choice([{"x": 1}, [], None])
        w = dict(v)
        keys = list(w)
        op = rnd.randrange(4)
        if op == 0:
            del w[rnd.choice(keys)]
        elif op == 1:
            w["extra"] = rnd.choice([0, "1", None])
        elif op == 2:
            w = dict(reversed(list(w.items())))  # key order: harmless
        else:
            k1, k2 = rnd.sample(keys, 2) if len(keys) > 1 else (keys[0], keys[0])
            w[k1], w[k2] = w[k2], w[k1]
        return w
    return rnd.choice([0, "0", [], {}])


def mutate(doc: dict, rnd: random.Random) -> dict:
    """Pick a field pattern uniformly (so a transcript's many numerators do not drown K, D, member
    labels, statuses), then a concrete field, then an edit; sometimes two edits."""
    out = copy.deepcopy(doc)
    for _ in range(rnd.choice([1, 1, 1, 2])):
        paths = [p for p in _paths(out) if p]
        by = {}
        for p in paths:
            by.setdefault(_pattern(p), []).append(p)
        path = rnd.choice(by[rnd.choice(sorted(by, key=repr))])
        _set(out, path, _mutate_value(_get(out, path), rnd))
    return out


# --------------------------------------------------------------------------- truth, by the producer
def _relevant(doc: Any) -> Any:
    """Everything in a certificate is read by the kernel: only key order is harmless."""
    return json.dumps(doc, sort_keys=True)


def _seeded(alg: Any, seed: Any) -> Any:
    if seed is None:
        return alg
    assert type(seed) is int
    assert hasattr(alg, "at")
    return alg.at(seed)


_TABLE: list = []  # the transcript table of the document being judged


def _tr(ref: Any) -> Any:
    assert type(ref) is int
    assert 0 <= ref < len(_TABLE)
    return _TABLE[ref]


def _true_run(fam: Any, inst: Any, transcript: Any, output: Any, D: int, alg: Any) -> bool:
    from sci_oracle.algorithms.base import OUTPUT, run
    from sci_oracle.core.oracle import ReplayOracle, Transcript, is_valid_answer

    tr = Transcript.from_json(_tr(transcript))
    if [a.seq for a in tr] != list(range(len(tr))):
        return False
    seen: dict = {}
    for a in tr:
        if a.query.name not in inst.inputs or seen.setdefault(a.query, a.value) != a.value:
            return False
        if not is_valid_answer(inst.inputs[a.query.name], a.query, a.value, fam.mode):
            return False
    oracle = ReplayOracle(
        tr, {k: v.shape for k, v in inst.inputs.items()}, problem=inst.info or fam.info, mode=fam.mode
    )
    rec = run(alg, oracle, convert=fam.convert)
    z = vector_from_json(output)
    if rec.outcome != OUTPUT or rec.output != z or not oracle.exhausted:
        return False
    return sign(inst.dist2(z) - Fraction(1, 10**D) ** 2) > 0


def _fam(stm: dict) -> Any:
    from sci_oracle.families.base import family_from_spec

    fam = family_from_spec(stm["family"])
    assert fam.spec() == stm["family"]
    assert stm["K"] == fam.K
    assert type(stm["K"]) is int
    return fam


def _true_claim(c: dict, alg: Any) -> bool:

    if c["status"] == "unknown":
        return True
    if c["scope"] in ("lemma", "formal") and c["statement"]["kind"] == "lemma":
        return True  # cited, listed as such, never machine-checked (its hypotheses: _true_lemma; a formal
        # claim's Coq theorems are checked only by --formal)
    if c["scope"] == "all-parameters":  # the producer's steps, and any instance evidence
        # the recorded z3/cvc5 answers are checked only by verify --smt (tests/kernel/test_smt.py)
        ev = {k: v for k, v in c["evidence"].items() if k not in ("symbolic_steps", "smt")}
        if not true_steps(c["statement"], c["evidence"]["symbolic_steps"]):
            return False
        return c["statement"]["kind"] == "symbolic" or _true_claim({**c, "scope": "instances", "evidence": ev}, alg)
    if c["scope"] != "instances":
        return False
    stm, ev = c["statement"], c["evidence"]
    kind = stm["kind"]
    if kind == "each":
        return (
            c["status"] == "certified"
            and ev == {}
            and all(_true_claim({**part, "scope": "instances"}, alg) for part in stm["claims"])
        )
    if kind.startswith("table1-"):
        return c["status"] == _table1(kind, stm, ev)
    fam = _fam(stm)
    if "algorithm" in stm and alg is None:
        alg = rebuild(stm["algorithm"])
        if alg is None:
            return False
    if kind in _MORE:
        want = "refuted" if kind == "sample-barrier" else "certified"
        return c["status"] == want and _MORE[kind](fam, stm, ev, alg)
    if kind == "barrier":
        return c["status"] == "refuted" and _true_barrier(fam, stm, ev, stm["seed"], alg)
    if kind == "run":
        inst = instance(fam, stm["instance"])
        alg = _seeded(alg, stm["seed"])
        return c["status"] == "refuted" and _true_run(fam, inst, ev["transcript"], ev["output"], stm["digits"], alg)
    if kind == "agreement":
        return c["status"] == "certified" and fam.agreement_level(stm["n"]) >= stm["level"]
    if kind == "accuracy":
        D, rows = stm["digits"], stm["instances"]
        seeds, sampled = _space(stm["seeds"])
        S = len(seeds)
        if D not in (fam.K, fam.K - 1, fam.K - 2) or len(set(map(str, seeds))) != S:
            return False
        if len({json.dumps(r, sort_keys=True) for r in rows}) != len(rows):
            return False
        if "barrier" in ev:
            return (
                stm["seeds"] is None and c["status"] == "refuted" and _true_barrier(fam, stm, ev["barrier"], None, alg)
            )
        if "witnesses" in ev:
            ws = ev["witnesses"]
            places = {json.dumps(w["instance"]) for w in ws}
            fails = len(ws)
            enough = _binom(fails, S, True) <= sampled / len(rows) if sampled else 2 * fails >= S
            return (
                c["status"] == "refuted"
                and len({str(w["seed"]) for w in ws}) == len(ws)
                and all(w["seed"] in seeds and type(w["seed"]) is type(seeds[0]) for w in ws)
                and len(places) == 1
                and json.loads(places.pop()) in rows
                and enough
                and all(
                    _true_run(
                        fam, instance(fam, w["instance"]), w["transcript"], w["output"], D, _seeded(alg, w["seed"])
                    )
                    for w in ws
                )
            )
        runs = ev["runs"]
        if sorted((r["row"], str(r["seed"])) for r in runs) != sorted(
            (i, str(s)) for i in range(len(rows)) for s in seeds
        ):
            return False
        bad = [0] * len(rows)
        for r in runs:
            inst = instance(fam, rows[r["row"]])
            if not _legal(fam, inst, r["transcript"]) or not _reproduces(fam, inst, r, alg):
                return False
            if r["outcome"] == "output":
                bad[r["row"]] += sign(inst.dist2(vector_from_json(r["output"])) - Fraction(1, 10**D) ** 2) > 0
            else:
                bad[r["row"]] += 1
        ok = all(_binom(b, S, False) <= sampled / len(rows) if sampled else 2 * b < S for b in bad)
        return c["status"] == "certified" and ok
    return False


def _space(v: Any) -> tuple[list, Any]:
    """(seeds, 1 − confidence or None) of a probability space."""
    if v is None:
        return [None], None
    if set(v) == {"uniform"}:
        return v["uniform"], None
    assert set(v) == {"sampled", "confidence"}
    c = Fraction(v["confidence"])
    assert str(c) == v["confidence"]
    assert Fraction(1, 2) <= c < 1
    return v["sampled"], 1 - c


def _binom(f: int, S: int, above: bool) -> Fraction:
    import math

    ks = range(max(f, 0), S + 1) if above else range(0, min(f, S) + 1)
    return Fraction(sum(math.comb(S, k) for k in ks), 2**S)


def _true_barrier(fam: Any, stm: dict, ev: dict, seed: Any, alg: Any) -> bool:
    D, n, j = stm["digits"], ev["n"], ev["member"]
    lim_tr = Transcript.from_json(_tr(ev["transcript"]))
    h = ev["hidden_level"]
    if type(h) is not int or lim_tr.max_level > h or fam.agreement_level(n) < h or j not in (1, 2):
        return False
    insts = [fam.limit(), *fam.pair(n)]
    return _true_run(fam, fam.member(j, n), ev["transcript"], ev["output"], D, _seeded(alg, seed)) and all(
        _legal(fam, i, ev["transcript"]) for i in insts
    )


def _legal(fam: Any, inst: Any, transcript: Any) -> bool:
    from sci_oracle.core.oracle import Transcript, is_valid_answer

    return all(
        a.query.name in inst.inputs and is_valid_answer(inst.inputs[a.query.name], a.query, a.value, fam.mode)
        for a in Transcript.from_json(_tr(transcript))
    )


def _reproduces(fam: Any, inst: Any, r: dict, alg: Any) -> bool:
    from sci_oracle.algorithms.base import OUTPUT, run
    from sci_oracle.core.oracle import ReplayOracle, Transcript

    oracle = ReplayOracle(
        Transcript.from_json(_tr(r["transcript"])),
        {k: v.shape for k, v in inst.inputs.items()},
        problem=inst.info or fam.info,
        mode=fam.mode,
    )
    rec = run(_seeded(alg, r["seed"]), oracle, convert=fam.convert)
    if r["output"] is None:
        return rec.outcome != OUTPUT and oracle.exhausted and r.get("outcome") in ("nh", "error")
    return rec.outcome == OUTPUT and rec.output == vector_from_json(r["output"]) and oracle.exhausted


def producer_says_true(doc: dict, alg: Any) -> bool:
    """The mutant's claims recomputed by the producer's own code (any exception: not true)."""
    try:
        if doc.get("format") != "sci-oracle-certificate/2" or not doc["claims"]:
            return False
        if set(doc) - {"format", "claims", "transcripts", "all_certified", "K", "verdict", "digits_reached", "passed"}:
            return False
        _TABLE[:] = doc.get("transcripts", [])
        claims = doc["claims"]
        if any(set(c) != {"status", "scope", "statement", "evidence"} for c in claims):
            return False
        if any(c["statement"]["kind"] == "class" for c in claims):
            return _true_class_document(doc)
        if not all(_true_claim(c, alg) and _true_lemma(c, claims) for c in claims):
            return False
        if "all_certified" in doc and doc["all_certified"] != all(
            c["status"] in ("certified", "cited") for c in claims
        ):
            return False
        acc = [c for c in claims if c["statement"]["kind"] == "accuracy"]
        if any(k in doc for k in ("K", "verdict", "digits_reached")):
            K = acc[0]["statement"]["family"]["K"]
            status = {c["statement"]["digits"]: c["status"] for c in acc}
            if len(acc) != 3 or sorted(status) != [K - 2, K - 1, K]:
                return False
            if any(c["statement"]["family"] != acc[0]["statement"]["family"] for c in acc):
                return False
            reached = next((D for D in (K, K - 1, K - 2) if status[D] == "certified"), None)
            return (
                doc.get("K", K) == K
                and doc.get("verdict", status[K]) == status[K]
                and (doc.get("digits_reached", reached) == reached)
            )
        return "passed" not in doc
    except Exception:
        return False


#: the lemmas prove cites, by hypothesis: (kind, scope) of the claim that discharges it
_LEMMAS = {
    "uniqueness": {"KKT": ("minimisers", "all-parameters")},
    "barrier": {"H1": ("lemma", "lemma"), "H2": ("each", "all-parameters"), "H3": ("each", "all-parameters")},
    "barrier-pair": {"H1": (None, None), "H2": ("agreement", None), "H3": ("separation", None)},
    "sample-adversary": {"S2": ("training", None)},
    "bhv-pieces": {},
}
_COQ = ("barrier", "barrier-pair", "sample-adversary")  # the lemmas prove proves in Coq (proofs/coq)


def _true_lemma(c: dict, claims: list) -> bool:
    """A lemma claim (cited) names a lemma prove cites and each hypothesis an earlier claim of the
    producer's template, on the same family, itself true; a formal one (a lemma prove proves in Coq)
    carries a Coq citation, whose files only --formal checks (tests/kernel/test_formal.py); other
    claims pass."""
    if c["scope"] not in ("lemma", "formal") and c["statement"]["kind"] != "lemma":
        return True
    st, ev = c["statement"], c["evidence"]
    if c["scope"] not in ("lemma", "formal") or st["kind"] != "lemma" or c["status"] not in ("cited", "unknown"):
        return False
    if c["status"] == "unknown":
        return ev == {}
    if (c["scope"] == "formal") != ("formal" in ev) or (c["scope"] == "formal" and st["lemma"] not in _COQ):
        return False
    table = _LEMMAS[st["lemma"]]
    by = ev["discharged_by"]
    if set(by) != set(table):
        return False
    me = claims.index(c) + 1
    for h, ref in by.items():
        path = ref if isinstance(ref, list) else [ref]
        if not 1 <= path[0] < me:
            return False
        target = claims[path[0] - 1]
        hst = target["statement"] if len(path) == 1 else target["statement"]["claims"][path[1] - 1]["statement"]
        kind, scope = table[h]
        if (kind is not None and hst["kind"] != kind) or (scope is not None and target["scope"] != scope):
            return False
        fam = hst.get("family") or hst.get("claims", [{}])[0].get("statement", {}).get("family")
        if fam != st.get("family"):
            return False
        if st["lemma"] == "barrier-pair" and h != "H1" and hst.get("n") != st["n"]:
            return False
        if h == "H2" and st["lemma"] == "barrier-pair" and hst.get("level") != st["level"]:
            return False
        if h == "H1" and st["lemma"] == "barrier-pair":
            need = [None, {"j": 1, "n": st["n"]}, {"j": 2, "n": st["n"]}]
            if not all(w in hst.get("instances", []) for w in need):
                return False
    return True


def _table1(kind: str, stm: dict, ev: dict) -> str:
    """A Table 1 claim decided by the producer's families and exact numbers (member 1 is the true
    input, member 2 the one whose oracle gave (A_n, y_n))."""
    from sci_oracle.core.exact import sqnorm, to_fraction
    from sci_oracle.families.base import family_from_spec

    ents = []
    for e in stm["entries"]:
        fam = family_from_spec(e["family"])
        assert fam.spec() == e["family"]
        assert e["K"] == fam.K
        assert type(e["n"]) is int
        ents.append((fam, e["n"], e))

    def within(got: list, exact: list, n: int) -> bool:
        return sign(sqnorm([a - b for a, b in zip(got, exact, strict=True)]) - Fraction(1, 4**n)) <= 0

    ok = True
    if kind == "table1-input":
        for (fam, n, _), inp in zip(ents, ev["inputs"], strict=True):
            A, y = [to_fraction(x) for row in inp["A"] for x in row], [to_fraction(x) for x in inp["y"]]
            for j in (1, 2):
                m = fam.member(j, n).inputs
                ok &= within(A, list(m["A"].entries().ravel()), n) and within(y, list(m["y"].entries().ravel()), n)
        return "certified" if ok else "refuted"
    if kind == "table1-steps":
        for (fam, n, e), b in zip(ents, ev["norm_bounds"], strict=True):
            ts, b, r = to_fraction(e["tau"]) * to_fraction(e["sigma"]), to_fraction(b), Fraction(1, 2**n)
            rows = [list(row) for row in fam.member(1, n).A.entries()]
            gram = [[sum((x * y for x, y in zip(u, v, strict=True)), Fraction(0)) for v in rows] for u in rows]
            if stm["holds"]:
                gersh = [sum((abs(g) for g in row), Fraction(0)) for row in gram]
                ok &= ts > 0 and b >= 0 and all(sign(b * b - g) >= 0 for g in gersh) and ts * (b + r) ** 2 < 1
            else:
                ok &= ts > 0 and b > r and any(sign(b * b - gram[i][i]) <= 0 for i in range(len(gram)))
                ok &= ts * (b - r) ** 2 >= 1
        return "certified" if ok else "unknown"
    if stm["property"] in ("matches-authors-code", "differs-from-authors-code"):
        from sci_oracle.pnas.table1 import authors_code_table, rounds_to

        ref = authors_code_table()["entries"]
        for fam, n, _e in ents:
            setting = (fam.problem.name, fam.problem.lam, fam.N1, fam.N2, fam.params, fam.mode)
            if setting != ("srlasso", 1, 2, 20, "paper", "normwise") or (fam.K, n) not in ref:
                return "not the authors' setting"
            if any(w != 1 for w in fam.problem.w(fam.N)):
                return "not the authors' setting"
        for net in stm["networks"]:
            for (fam, n, _e), v in zip(ents, ev["outputs"][net], strict=True):
                hit = rounds_to(fam.member(1, n).dist2(vector_from_json(v)), ref[(fam.K, n)]["printed"])
                ok &= hit == (stm["property"] == "matches-authors-code")
        return "certified" if ok else "refuted"
    for net in stm["networks"]:
        for (fam, n, _e), v in zip(ents, ev["outputs"][net], strict=True):
            z = vector_from_json(v)
            d1, k2 = fam.member(1, n).dist2(z), fam.kappa**2
            d2 = fam.member(2, n).dist2(z)
            ok &= {
                "misses-one": sign(d1 - k2) > 0 or sign(d2 - k2) > 0,
                "below-K": sign(d1 - k2) > 0,
                "K-1-both": sign(d1 - 100 * k2) <= 0 and sign(d2 - 100 * k2) <= 0,
            }[stm["property"]]
    return "certified" if ok else "refuted"


def _true_class_document(doc: dict) -> bool:
    """check-class: every per-algorithm claim true for its own (rebuilt) algorithm; the class claim
    certified only when each is a K-digit failure, and no violation recorded (the runs drew none)."""
    *parts, last = doc["claims"]
    fails = {"barrier": "refuted", "randomised": "certified"}
    st = last["statement"]
    if st["kind"] != "class" or st != {"kind": "class", "algorithms": len(parts), "violation": None}:
        return False
    if set(doc) - {"format", "claims", "transcripts", "passed"} or doc.get("passed", True) is not True:
        return False
    if last["scope"] != "instances" or last["evidence"] != {}:
        return False
    for c in parts:
        if c["statement"]["kind"] not in fails or c["statement"]["digits"] != c["statement"]["family"]["K"]:
            return False
        if c["scope"] != "instances" or not _true_claim(c, None):
            return False
    every = all(c["status"] == fails[c["statement"]["kind"]] for c in parts)
    return last["status"] == "unknown" or (last["status"] == "certified" and every)


def instance(fam: Any, where: Any) -> Any:
    """The producer's instance: the limit, a member, or a training variant (``p: null`` simulates)."""
    if where is None:
        return fam.limit()
    if set(where) == {"j", "n"}:
        return fam.member(where["j"], where["n"])
    if where.get("p", 0) is None:
        return fam.uninformative(j=where["j"], n=where["n"], q=where["q"], R=where["R"])
    return fam.variant(j=where["j"], n=where["n"], q=where.get("q"), R=where.get("R"), p=where.get("p"))


def _certified_solutions(fam: Any, rows: list) -> bool:
    return all(instance(fam, w).certify_solution().status == "certified" for w in rows)


def _separation(fam: Any, stm: dict, ev: dict, alg: Any) -> bool:
    from sci_oracle.core.exact import number_from_json

    return sign(fam.separation2(stm["n"]) - number_from_json(ev["dist2"])) == 0 and fam.separation_exceeds(stm["n"])


def _minimisers(fam: Any, stm: dict, ev: dict, alg: Any) -> bool:
    return _certified_solutions(fam, stm["instances"])


def _training(fam: Any, stm: dict, ev: dict, alg: Any) -> bool:
    from sci_oracle.core.exact import number_from_json, sqnorm

    ten2 = Fraction(1, 10 ** (fam.K - 1)) ** 2
    zero = [Fraction(0)] * len(fam.limit().y_test) if hasattr(fam.limit(), "y_test") else None
    insts = [instance(fam, w) for w in stm["instances"]]
    if zero is None or not _certified_solutions(fam, stm["instances"]):
        return False
    if any(sign(i.dist2([0] * len(i.solution.vertices[0])) - ten2) <= 0 for i in insts):
        return False
    a, b = stm["q_pair"]
    if (a["q"], b["q"]) != (1, -1) or {**a, "q": 0} != {**b, "q": 0}:
        return False
    x1, x2 = (instance(fam, w).solution.vertices for w in (a, b))
    if len(x1) != 1 or len(x2) != 1:
        return False
    d2 = sqnorm([u - v for u, v in zip(x1[0], x2[0], strict=True)])
    return sign(d2 - number_from_json(ev["q_dist2"])) == 0 and sign(d2 - 4 * ten2) > 0


def _network(fam: Any, stm: dict, ev: dict, alg: Any) -> bool:

    def run(layers: list, x: list) -> list:
        for layer in layers:
            ((kind, body),) = layer.items()
            if kind == "affine":
                W, b = [vector_from_json(r) for r in body["W"]], vector_from_json(body["b"])
                x = [
                    sum((w * v for w, v in zip(row, x, strict=True)), Fraction(0)) + bi
                    for row, bi in zip(W, b, strict=True)
                ]
            else:
                t = vector_from_json(body)
                shrunk = [(u, u - sign(u) * ti) for u, ti in zip(x, t, strict=True)]
                x = [v if sign(u) * sign(v) > 0 else Fraction(0) for u, v in shrunk]  # |u| > t: shrink, else 0
        return x

    if len(ev["networks"]) != len(stm["instances"]) or not _certified_solutions(fam, stm["instances"]):
        return False
    for w, layers in zip(stm["instances"], ev["networks"], strict=True):
        inst = instance(fam, w)
        pairs = inst.samples if stm["inputs"] == "all" else []
        if any(any(sign(a - b) for a, b in zip(run(layers, list(y)), x, strict=True)) for y, x in pairs):
            return False
        if sign(inst.dist2(run(layers, list(inst.y_test)))) != 0:
            return False
    return True


def _randomised(fam: Any, stm: dict, ev: dict, alg: Any) -> bool:

    seeds, sampled = _space(stm["seeds"])
    n, D = stm["n"], stm["digits"]
    if stm["seeds"] is None or [r["seed"] for r in ev["runs"]] != seeds or len(set(map(str, seeds))) != len(seeds):
        return False
    fails = [0, 0]
    for r in ev["runs"]:
        assert len(r["members"]) == 2
        for j, m in enumerate(r["members"], 1):
            inst = fam.member(j, n)
            if not _legal(fam, inst, m["transcript"]) or not _reproduces(fam, inst, {**m, "seed": r["seed"]}, alg):
                return False
            fails[j - 1] += sign(inst.dist2(vector_from_json(m["output"])) - Fraction(1, 10**D) ** 2) > 0
    S = len(seeds)
    return _binom(max(fails), S, True) <= sampled / 2 if sampled else 2 * max(fails) >= S


def _sample_barrier(fam: Any, stm: dict, ev: dict, alg: Any) -> bool:
    """The sample adversary re-decided by the producer: every simulation is a legal run of the
    algorithm on R uninformative samples; either each reads all R (p null), or each reads at most M
    and the member runs (q = ±1, informative sample at p) are legal reruns, identical to the
    simulation when p is unread, and the worst sign fails on at least half the seeds."""
    from sci_oracle.core.oracle import Transcript

    n, R, M, p, D = stm["n"], stm["R"], stm["M"], ev["p"], fam.K - 1
    seeds, sampled = _space(stm["seeds"])
    if sampled or stm["digits"] != D or [r["seed"] for r in ev["runs"]] != seeds:
        return False
    if len(set(map(str, seeds))) != len(seeds) or not (0 <= M < R):
        return False
    U = fam.uninformative(R=R, n=n)
    fails = [0, 0]
    for r in ev["runs"]:
        sim = r["simulation"]
        if not _legal(fam, U, sim["transcript"]) or not _reproduces(fam, U, {**sim, "seed": r["seed"]}, alg):
            return False
        read = {a.query.name[1:] for a in Transcript.from_json(_tr(sim["transcript"]))}
        if p is None:
            if len(read) != R or r["members"] is not None:
                return False
            continue
        if len(read) > M or type(p) is not int or not 0 <= p < R:
            return False
        for k, (q, m) in enumerate(zip((1, -1), r["members"], strict=True)):
            inst = fam.variant(n=n, q=q, R=R, p=p)
            if not _legal(fam, inst, m["transcript"]) or not _reproduces(fam, inst, {**m, "seed": r["seed"]}, alg):
                return False
            if str(p) not in read and _tr(m["transcript"]) != _tr(sim["transcript"]):
                return False
            fails[k] += sign(inst.dist2(vector_from_json(m["output"])) - Fraction(1, 10**D) ** 2) > 0
    return p is None or 2 * max(fails) >= len(seeds)


_MORE = {
    "separation": _separation,
    "minimisers": _minimisers,
    "training": _training,
    "network": _network,
    "randomised": _randomised,
    "sample-barrier": _sample_barrier,
}


def true_steps(stmt: dict, steps: list) -> bool:
    """The producer's judgement of symbolic steps: its own steps (sci_oracle/families/symbolic.py)
    for the fact, each decided by it, on a family it finds in the proven domain."""
    import sympy

    from sci_oracle.families.symbolic import decide_step, in_domain, solver_family_steps, training_steps

    try:
        spec = stmt["family"] if "family" in stmt else stmt["claims"][0]["statement"]["family"]
        fam = _fam({"family": spec, "K": spec["K"]})
        p = fam.problem.name
        lam = getattr(fam.problem, "lam", None)
        lam_w1 = None if lam is None else lam * fam.problem.w(fam.N)[0]
        if not in_domain(p, fam.K, lam_w1, getattr(fam.problem, "eps", None))[0]:
            return False
        ours = {**solver_family_steps(p, fam.params), **training_steps(p, fam.params)}
        tags = {s["claim"] for s in steps}
        want = [s for t in sorted(tags) for s in ours[t]]
        got = sorted(steps, key=lambda s: s["claim"])
        if len(want) != len(got):
            return False
        for a, b in zip(got, want, strict=True):
            rest = ("step", "expr")
            if {k: v for k, v in a.items() if k not in rest} != {k: v for k, v in b.items() if k not in rest}:
                return False
            if sympy.simplify(sympy.sympify(a["expr"]) - sympy.sympify(b["expr"])) != 0 or not decide_step(a):
                return False
        return True
    except Exception:
        return False


def rebuild(description: Any) -> Any:
    """A built-in algorithm from its printed description (None when it is not one)."""
    from sci_oracle.cli.verify import builtin_from_description

    return builtin_from_description(description)


def reruns_reproduce(v: Any, alg: Any, table: list) -> bool:
    """As ``sci-oracle verify --algorithm``: every recorded run reproduces; without a given algorithm
    (prove documents), each run's recorded algorithm is rebuilt from its description."""
    for r in v.runs:
        a = alg if alg is not None else rebuild(r["algorithm"])
        if a is None or not all(ok for _, ok, _ in rerun([r], table, a, isolated=False)):
            return False
    return True


# --------------------------------------------------------------------------- the property
def _campaign(certificates: list, seed: int, COUNTS: dict) -> None:
    rnd = random.Random(seed)
    prove = [c for c in certificates if c[0].startswith("prove ")]
    others = [c for c in certificates if not c[0].startswith("prove ")]
    pool = prove if prove and rnd.random() < 0.4 else others
    name, doc, alg = pool[rnd.randrange(len(pool))]
    mutant = mutate(doc, rnd)
    COUNTS["mutants"] += 1
    try:
        v = verify(mutant)
    except MalformedCertificate:  # only a malformed *document* may raise, and only this
        return
    # the trusted check is the kernel plus, as `verify --algorithm`, a rerun of every recorded run
    accepted = v.accepted and reruns_reproduce(v, alg, mutant.get("transcripts", []))
    if not accepted:
        return
    COUNTS["accepted"] += 1
    if _relevant(mutant) == _relevant(doc):
        COUNTS["harmless"] += 1
        return
    assert producer_says_true(mutant, alg), f"false accept on {name} (seed {seed})"
    COUNTS["true"] += 1


@settings(max_examples=500, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2**32))
def test_tamper_campaign_ci(certificates, tamper_counts, seed):
    _campaign(certificates, seed, tamper_counts)


@pytest.mark.slow
@settings(max_examples=20_000, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2**32))
def test_tamper_campaign_slow(certificates, tamper_counts, seed):
    _campaign(certificates, seed, tamper_counts)


def test_campaign_report(tamper_counts):
    """Runs after the campaign in file order: the campaign reached the kernel's accept path, and the
    terminal summary prints the mutant count (tests/kernel/conftest.py)."""
    if tamper_counts["mutants"] == 0:
        pytest.skip("the campaign did not run in this session")
    assert tamper_counts["mutants"] >= 500
    assert tamper_counts["harmless"] > 0


def test_unmutated_certificates_are_true_and_accepted(certificates):
    """The differential base case: on every producer's certificate the kernel and the producer agree."""
    for name, doc, alg in certificates:
        v = verify(doc)
        assert v.accepted, name
        assert v.runs or name.startswith(("prove ", "table1")), name  # these record no algorithm runs
        assert reruns_reproduce(v, alg, doc.get("transcripts", [])), name
        assert producer_says_true(doc, alg), name
