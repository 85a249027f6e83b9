"""The certificate of the precision adversary: one forced output, the member it fails on, the exact distances
and the transcripts that replay it (PNAS 2022, Theorem 1(a)).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath

from sci_oracle.algorithms.base import OUTPUT, Algorithm, run
from sci_oracle.core.exact import Number, approx, correct_digits, number_to_json, precision, vector_from_json
from sci_oracle.core.oracle import ReplayOracle, Transcript
from sci_oracle.core.report import CERTIFICATE_FORMAT, INSTANCES, REFUTED, UNKNOWN, certificate_document
from sci_oracle.families.base import family_from_spec


@dataclass
class BarrierCertificate:
    """The outcome of the adversary on one deterministic algorithm.

    ``verdict`` is about the claim "the algorithm is correct to K digits on the family":
    ``refuted`` with a witness (the member it fails on, the transcripts, the exact distances),
    or ``unknown`` with the reason (e.g. NH on the limit within the budget).
    """

    verdict: str
    message: str
    K: int
    family: dict[str, Any]
    algorithm: str
    levels_read: int
    n: int | None = None
    hidden_level: int | None = None
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    output: tuple[Number, ...] | None = None
    dist2: tuple[Number, Number] | None = None
    failing_member: int | None = None
    digits: tuple[int, int] | None = None
    seed: int | None = None
    seconds: float = 0.0

    def __repr__(self) -> str:
        return f"BarrierCertificate(message={self.message!r}, verdict={self.verdict!r}, K={self.K}, n={self.n})"

    @property
    def kappa(self) -> Fraction:
        """The accuracy threshold 10^-K tested (K = digits tested)."""
        return Fraction(1, 10**self.K)

    def verify(self) -> bool:
        """Re-check the witness from its data alone (no algorithm), by the independent kernel
        (:mod:`sci_oracle.kernel`) on this certificate's own serialisation: the members rebuilt,
        every answer legal for the limit and both members, one answer per query, the levels read
        within the hidden level up to which the pair agrees, and the distance > 10^-K."""
        from sci_oracle.kernel import MalformedCertificate
        from sci_oracle.kernel import verify as kernel_verify

        try:
            return self.verdict == REFUTED and kernel_verify(self.certificate()).accepted
        except MalformedCertificate:  # e.g. a member that is no integer: not a certificate at all
            return False

    def claim(self) -> dict[str, Any]:
        """The claim "``algorithm`` is correct to K digits on every input of the family", refuted
        by one output on one transcript legal for the limit and both members of pair n
        (``sci-oracle-certificate/2``; checked by ``sci_oracle.kernel.claims.barrier``)."""
        statement = {
            "kind": "barrier",
            "family": self.family,
            "K": self.family.get("K"),
            "digits": self.K,
            "algorithm": self.algorithm,
            "seed": self.seed,
        }
        refuted = self.verdict == REFUTED and self.output is not None
        return {
            "name": f"correct to {self.K} digits",
            "status": self.verdict if refuted else UNKNOWN,
            "scope": INSTANCES,
            "statement": statement,
            "evidence": self.evidence() if refuted else {},
            "detail": self.message,
        }

    def evidence(self) -> dict[str, Any]:
        """The refutation: pair n, the failing member, the one output and its transcript (the
        same on the limit and both members), the hidden level."""
        assert self.output is not None
        assert self.n is not None
        return {
            "n": self.n,
            "member": self.failing_member,
            "output": [number_to_json(v) for v in self.output],
            "transcript": self.transcripts["limit"].to_json(),
            "hidden_level": self.hidden_level,
        }

    def certificate(self) -> dict[str, Any]:
        """A one-claim ``sci-oracle-certificate/2`` document."""
        return certificate_document("barrier", [self.claim()])

    def replay(self, algorithm: Algorithm) -> bool:
        """Rerun ``algorithm`` on the recorded limit transcript; True iff it reproduces the output."""
        fam = family_from_spec(self.family)
        lim = fam.limit()
        oracle = ReplayOracle(
            self.transcripts["limit"], {k: v.shape for k, v in lim.inputs.items()}, problem=fam.info, mode=fam.mode
        )
        rec = run(algorithm, oracle, convert=fam.convert)
        return rec.outcome == OUTPUT and rec.output == self.output and oracle.exhausted

    def to_json(self) -> dict[str, Any]:
        """The certificate's own record (all fields, for :meth:`from_json` and for moving it between
        processes); not a certificate: :meth:`certificate` is, and :meth:`dumps` writes it."""
        return {
            "kind": "BarrierCertificate",
            "verdict": self.verdict,
            "message": self.message,
            "K": self.K,
            "family": self.family,
            "algorithm": self.algorithm,
            "levels_read": self.levels_read,
            "n": self.n,
            "hidden_level": self.hidden_level,
            "output": None if self.output is None else [number_to_json(v) for v in self.output],
            "failing_member": self.failing_member,
            "distances": None if self.dist2 is None else [approx(d, 12) for d in self.dist2],
            "digits": self.digits,
            "seed": self.seed,
            "transcripts": {k: v.to_json() for k, v in self.transcripts.items()},
            "seconds": round(self.seconds, 4),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> BarrierCertificate:
        """From :meth:`to_json`'s record, or from a one-claim certificate (:meth:`certificate`): the
        fields a certificate does not hold (the message, the distances) are recomputed."""
        if d.get("format") == CERTIFICATE_FORMAT:
            return cls._from_certificate(d)
        fam = family_from_spec(d["family"])
        out = None if d["output"] is None else vector_from_json(d["output"])
        dist2 = None
        if out is not None and d["n"] is not None:
            dist2 = tuple(m.dist2(out) for m in fam.pair(d["n"]))
        return cls(
            d["verdict"],
            d["message"],
            d["K"],
            d["family"],
            d["algorithm"],
            d["levels_read"],
            d["n"],
            d["hidden_level"],
            {k: Transcript.from_json(v) for k, v in d["transcripts"].items()},
            out,
            dist2,
            d["failing_member"],
            tuple(d["digits"]) if d["digits"] else None,
            d.get("seed"),
        )

    @classmethod
    def _from_certificate(cls, doc: dict[str, Any]) -> BarrierCertificate:
        (c,) = doc["claims"]
        st, ev = c["statement"], c["evidence"]
        fam = family_from_spec(st["family"])
        if c["status"] != REFUTED:
            return cls(c["status"], "no refutation recorded", st["digits"], st["family"], st["algorithm"], -1)
        tr = Transcript.from_json(doc["transcripts"][ev["transcript"]])
        out = vector_from_json(ev["output"])
        dist2 = tuple(m.dist2(out) for m in fam.pair(ev["n"]))
        digits = tuple(correct_digits(d) for d in dist2)
        j, D = ev["member"], st["digits"]
        message = (
            f"fails K={D} digits on member {j} (n={ev['n']}): dist = {format_distance(dist2[j - 1])} > 10^-{D}; "
            f"read levels ≤ {tr.max_level}, indistinguishable up to {ev['hidden_level']}"
        )
        transcripts = {"limit": tr, "member1": tr, "member2": tr}
        return cls(
            REFUTED,
            message,
            D,
            st["family"],
            st["algorithm"],
            tr.max_level,
            ev["n"],
            ev["hidden_level"],
            transcripts,
            out,
            dist2,
            j,
            (digits[0], digits[1]),
            st["seed"],
        )

    def dumps(self) -> str:
        """The certificate as JSON text."""
        return json.dumps(self.certificate(), indent=1)


def format_distance(d2: Number) -> str:
    with precision(64):
        return str(mpmath.nstr(mpmath.sqrt(mpmath.mpf(approx(d2, 20))), 6))


# --------------------------------------------------------------------------- randomised


# --------------------------------------------------------------------------- claims for proof reports
def machine_claim(name: str, status: str, statement: dict[str, Any], evidence: dict[str, Any]) -> dict[str, Any]:
    """One producer claim on named instances (its ``name`` is for the terminal; a certificate keeps
    status, scope, statement and evidence)."""
    return {"name": name, "status": status, "scope": INSTANCES, "statement": statement, "evidence": evidence}


def each(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """``data`` for a proof claim that is the conjunction of ``parts`` (each a checked claim):
    ``report.add(name, status, detail, **each(parts))``."""
    return {"statement": {"kind": "each", "claims": parts}, "evidence": {}}


def agreement_claim(family: Any, n: int, level: int) -> dict[str, Any]:
    """Members of pair n agree with the limit up to ``level`` (max|Δ| ≤ 2^-(level+1), exact)."""
    from sci_oracle.core.report import CERTIFIED

    ok = family.agreement_level(n) >= level
    statement = {"kind": "agreement", "family": family.spec(), "K": family.K, "n": n, "level": level}
    evidence = {"max_difference": number_to_json(family.max_difference(n))}
    return machine_claim(f"pair n={n} agrees to level {level}", CERTIFIED if ok else "unknown", statement, evidence)


def separation_claim(family: Any, n: int) -> dict[str, Any]:
    """The members' minimisers of pair n are more than 2·10^-K apart (exact)."""
    from sci_oracle.core.report import CERTIFIED

    statement = {"kind": "separation", "family": family.spec(), "K": family.K, "n": n}
    evidence = {"dist2": number_to_json(family.separation2(n))}
    ok = family.separation_exceeds(n)
    return machine_claim(f"pair n={n} separated", CERTIFIED if ok else "unknown", statement, evidence)


def instance_ref(family: Any, inst: Any) -> dict[str, Any] | None:
    """How a certificate names an instance: null (the limit), {j, n}, or with TrainingFamily's q, R, p."""
    if inst.j is None:
        return None
    ref: dict[str, Any] = {"j": inst.j, "n": inst.n}
    spec = family.spec()
    if spec.get("family") == "TrainingFamily":
        R = inst.info.R
        if (inst.q, R, inst.p) != (spec["q"], spec["R"], spec["p"]):
            ref.update(q=inst.q, R=R, p=inst.p)
    return ref


def accuracy_claim(family: Any, algorithm: str, instances: list[Any], verdict: Any) -> dict[str, Any]:
    """An :class:`~sci_oracle.barrier.accuracy.AccuracyVerdict` of a deterministic algorithm as a
    checked accuracy claim: every run's output and transcript (certified), or the failing run
    (refuted)."""
    from sci_oracle.core.report import CERTIFIED

    rows = [instance_ref(family, i) for i in instances]
    statement = {
        "kind": "accuracy",
        "family": family.spec(),
        "K": family.K,
        "digits": verdict.digits,
        "algorithm": algorithm,
        "seeds": None,
        "instances": rows,
    }
    recs = verdict.records
    evidence: dict[str, Any] = {}
    if verdict.status == CERTIFIED:
        runs = [
            {
                "row": i,
                "seed": None,
                "outcome": r.outcome.lower(),
                "output": [number_to_json(v) for v in r.output],
                "transcript": r.transcript.to_json(),
            }
            for i, r in enumerate(recs)
        ]
        evidence = {"runs": runs}
    elif verdict.status == REFUTED:
        last = recs[-1]
        witness = {
            "instance": rows[len(recs) - 1],
            "seed": None,
            "output": [number_to_json(v) for v in last.output],
            "transcript": last.transcript.to_json(),
        }
        evidence = {"witnesses": [witness]}
    return machine_claim(f"{algorithm} within 10^-{verdict.digits}", verdict.status, statement, evidence)


def as_data(claim: dict[str, Any]) -> dict[str, Any]:
    """``data`` for a proof claim backed by one checked claim: its statement and evidence."""
    return {"statement": claim["statement"], "evidence": claim["evidence"]}


def minimisers_claim(family: Any, levels: Any, status: str) -> dict[str, Any]:
    """Every vertex of the limit's and the members' (n in ``levels``) solution sets passes exact KKT."""
    insts = [None] + [{"j": j, "n": n} for n in levels for j in (1, 2)]
    statement = {"kind": "minimisers", "family": family.spec(), "K": family.K, "instances": insts}
    return machine_claim("exact minimisers", status, statement, {})


def training_claim(family: Any, instances: list[Any], q_pair: list[Any], q_dist2: Any, status: str) -> dict[str, Any]:
    """TrainingFamily on ``instances``: every label and test solution by exact KKT, the zero network
    fails K−1 digits, and the test solutions of ``q_pair`` (q = +1, q = −1) are > 2·10^-(K−1) apart."""

    def ref(inst: Any) -> dict[str, Any]:
        return {"j": inst.j, "n": inst.n, "q": inst.q, "R": inst.info.R, "p": inst.p}

    statement = {
        "kind": "training",
        "family": family.spec(),
        "K": family.K,
        "instances": [instance_ref(family, i) for i in instances],
        "q_pair": [ref(i) for i in q_pair],
    }
    return machine_claim(
        "exact labels, zero network, q-separation", status, statement, {"q_dist2": number_to_json(q_dist2)}
    )


def network_to_json(network: Any) -> list[dict[str, Any]]:
    """An exact :class:`~sci_oracle.core.nn.NeuralNetwork` of affine and soft-threshold layers (no
    skips, thresholds on every index) as the kernel's ``network`` evidence."""
    from sci_oracle.core.nn import Affine, SoftThreshold

    out: list[dict[str, Any]] = []
    width = network.layers[0].in_dim
    for layer in network.layers:
        if isinstance(layer, Affine) and layer.R is None:
            W = [[number_to_json(v) for v in row] for row in layer.W]
            out.append({"affine": {"W": W, "b": [number_to_json(v) for v in layer.b]}})
            width = layer.out_dim
        elif isinstance(layer, SoftThreshold) and layer.indices is None:
            th = list(layer.thresholds) * (width if layer.thresholds.size == 1 else 1)
            out.append({"soft_threshold": [number_to_json(v) for v in th]})
        else:
            raise ValueError(f"{layer!r}: the kernel checks affine (no skip) and full soft-threshold layers")
    return out


def network_claim(family: Any, instances: list[Any], networks: list[Any], inputs: str, status: str) -> dict[str, Any]:
    """Part (0): ``networks[k]`` solves ``instances[k]`` exactly on every training and test input
    (``inputs="all"``) or on the test input (``"test"``)."""
    statement = {
        "kind": "network",
        "family": family.spec(),
        "K": family.K,
        "instances": [instance_ref(family, i) for i in instances],
        "inputs": inputs,
    }
    evidence = {"networks": [network_to_json(nn) for nn in networks]}
    return machine_claim("exact networks", status, statement, evidence)
