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
    if not isinstance(doc, dict):
        return doc
    keep = {k: doc.get(k) for k in ("format", "producer", "verdict", "digits_reached", "K", "all_certified")}
    cl = doc.get("claims")
    if isinstance(cl, list):
        cl = [
            {k: c.get(k) for k in ("status", "scope", "statement", "evidence")} if isinstance(c, dict) else c
            for c in cl
        ]
    return json.dumps({**keep, "claims": cl, "has": sorted(k for k in keep if k in doc)}, sort_keys=True)


def _seeded(alg: Any, seed: Any) -> Any:
    if seed is None:
        return alg
    assert type(seed) is int
    assert hasattr(alg, "at")
    return alg.at(seed)


def _true_run(fam: Any, inst: Any, transcript: Any, output: Any, D: int, alg: Any) -> bool:
    from sci_oracle.algorithms.base import OUTPUT, run
    from sci_oracle.core.exact import sign, vector_from_json
    from sci_oracle.core.oracle import ReplayOracle, Transcript, is_valid_answer

    tr = Transcript.from_json(transcript)
    if [a.seq for a in tr] != list(range(len(tr))):
        return False
    seen: dict = {}
    for a in tr:
        if a.query.name not in inst.inputs or seen.setdefault(a.query, a.value) != a.value:
            return False
        if not is_valid_answer(inst.inputs[a.query.name], a.query, a.value, fam.mode):
            return False
    oracle = ReplayOracle(tr, {k: v.shape for k, v in inst.inputs.items()}, problem=fam.info, mode=fam.mode)
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
    from sci_oracle.core.exact import sign, vector_from_json
    from sci_oracle.core.oracle import Transcript

    if c["status"] == "unknown":
        return True
    if c["scope"] == "lemma" and c["statement"]["kind"] == "lemma":
        return True  # cited, listed as such, never machine-checked
    if c["scope"] != "instances":
        return False
    stm, ev = c["statement"], c["evidence"]
    fam = _fam(stm)
    kind = stm["kind"]
    if kind == "barrier":
        D, n, j = stm["digits"], stm["n"], stm["member"]
        alg = _seeded(alg, stm["seed"])
        trs = ev["transcripts"]
        if set(trs) != {"limit", "member1", "member2"}:
            return False
        parsed = {k: Transcript.from_json(v) for k, v in trs.items()}
        if not (parsed["limit"] == parsed["member1"] == parsed["limit"] == parsed["member2"]):
            return False
        if any(json.dumps(trs[k], sort_keys=True) != json.dumps(trs["limit"], sort_keys=True) for k in trs):
            return False
        lim_tr = parsed["limit"]
        h = ev["hidden_level"]
        if ev["levels_read"] != lim_tr.max_level or lim_tr.max_level > h or fam.agreement_level(n) < h:
            return False
        insts = [fam.limit(), *fam.pair(n)]
        return (
            c["status"] == "refuted"
            and _true_run(fam, fam.member(j, n), trs["limit"], ev["output"], D, alg)
            and all(_legal(fam, i, trs["limit"]) for i in insts)
        )
    if kind == "run":
        inst = fam.limit() if stm["instance"] is None else fam.member(stm["instance"]["j"], stm["instance"]["n"])
        alg = _seeded(alg, stm["seed"])
        return c["status"] == "refuted" and _true_run(fam, inst, ev["transcript"], ev["output"], stm["digits"], alg)
    if kind == "agreement":
        return c["status"] == "certified" and fam.agreement_level(stm["n"]) >= stm["level"]
    if kind == "accuracy":
        D, S = stm["digits"], len(stm["seeds"])
        if D not in (fam.K, fam.K - 1, fam.K - 2) or len(set(map(str, stm["seeds"]))) != S:
            return False
        if "barrier" in ev:
            b = {"status": c["status"], "scope": "instances", **ev["barrier"]}
            return b["statement"]["digits"] == D and b["statement"]["family"] == stm["family"] and _true_claim(b, alg)
        if "witnesses" in ev:
            seeds = [w["statement"]["seed"] for w in ev["witnesses"]]
            places = {json.dumps(w["statement"]["instance"]) for w in ev["witnesses"]}
            return (
                c["status"] == "refuted"
                and len(set(map(str, seeds))) == len(seeds)
                and all(s in stm["seeds"] for s in seeds)
                and len(places) == 1
                and 2 * len(seeds) >= S
                and all(
                    w["statement"]["digits"] == D
                    and w["statement"]["family"] == stm["family"]
                    and _true_claim({"status": "refuted", "scope": "instances", **w}, alg)
                    for w in ev["witnesses"]
                )
            )
        runs = ev["runs"]
        rows = stm["instances"]
        if sorted((r["row"], str(r["seed"])) for r in runs) != sorted(
            (i, str(s)) for i in range(len(rows)) for s in stm["seeds"]
        ):
            return False
        bad = [0] * len(rows)
        for r in runs:
            where = rows[r["row"]]
            inst = fam.limit() if where is None else fam.member(where["j"], where["n"])
            if r["outcome"] == "output":
                if not _legal(fam, inst, r["transcript"]) or not _reproduces(fam, inst, r, alg):
                    return False
                bad[r["row"]] += sign(inst.dist2(vector_from_json(r["output"])) - Fraction(1, 10**D) ** 2) > 0
            else:
                bad[r["row"]] += 1
        return c["status"] == "certified" and all(2 * b < S for b in bad)
    return False


def _legal(fam: Any, inst: Any, transcript: Any) -> bool:
    from sci_oracle.core.oracle import Transcript, is_valid_answer

    return all(
        a.query.name in inst.inputs and is_valid_answer(inst.inputs[a.query.name], a.query, a.value, fam.mode)
        for a in Transcript.from_json(transcript)
    )


def _reproduces(fam: Any, inst: Any, r: dict, alg: Any) -> bool:
    from sci_oracle.algorithms.base import OUTPUT, run
    from sci_oracle.core.exact import vector_from_json
    from sci_oracle.core.oracle import ReplayOracle, Transcript

    oracle = ReplayOracle(
        Transcript.from_json(r["transcript"]),
        {k: v.shape for k, v in inst.inputs.items()},
        problem=fam.info,
        mode=fam.mode,
    )
    rec = run(_seeded(alg, r["seed"]), oracle, convert=fam.convert)
    return rec.outcome == OUTPUT and rec.output == vector_from_json(r["output"]) and oracle.exhausted


def producer_says_true(doc: dict, alg: Any) -> bool:
    """The mutant's claims recomputed by the producer's own code (any exception: not true)."""
    try:
        if doc.get("format") != "sci-oracle-certificate/1" or not doc["claims"]:
            return False
        claims = doc["claims"]
        if not all(_true_claim(c, alg) for c in claims):
            return False
        if doc.get("producer") == "check":
            acc = {c["statement"]["digits"]: c["status"] for c in claims}
            K = doc["K"]
            reached = next((D for D in (K, K - 1, K - 2) if acc.get(D) == "certified"), None)
            if any(c["statement"]["K"] != K for c in claims):
                return False
            return doc["verdict"] == acc[K] and doc["digits_reached"] == reached
        return "verdict" not in doc or doc["verdict"] == claims[0]["status"]
    except Exception:
        return False


# --------------------------------------------------------------------------- the property
def _campaign(certificates: list, seed: int, COUNTS: dict) -> None:
    rnd = random.Random(seed)
    name, doc, alg = certificates[rnd.randrange(len(certificates))]
    mutant = mutate(doc, rnd)
    COUNTS["mutants"] += 1
    try:
        v = verify(mutant)
    except MalformedCertificate:  # only a malformed *document* may raise, and only this
        return
    # the trusted check is the kernel plus, as `verify --algorithm`, a rerun of every recorded run
    accepted = v.accepted and all(ok for _, ok, _ in rerun(v.runs, alg, isolated=False))
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
        assert v.runs, name
        assert all(ok for _, ok, _ in rerun(v.runs, alg, isolated=False)), name
        assert producer_says_true(doc, alg), name
