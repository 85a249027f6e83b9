"""Table 1 of PNAS 2022 (sci_oracle.pnas.table1): certified distances, no K digits, the midpoint, the CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest

from sci_oracle.cli.main import main
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import correct_digits, sign
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.pnas.table1 import (
    FAST,
    FULL,
    Table1Settings,
    inexact_input,
    matches_printed,
    norm_lower_bound,
    norm_upper_bound,
    paper_steps,
    published_table,
    run_table1,
    table1_entry,
)


@pytest.fixture(scope="module")
def fast_table():
    return run_table1(fast=True)


def _family(K):
    return PNASFamily("srlasso", K, N1=2, N2=20, lam=1, mixing="householder", mode="normwise", allow_small_K=True)


def test_fast_table_has_no_K_digits_on_the_true_input(fast_table):
    rows = fast_table["rows"]
    assert [(r["K"], r["n"]) for r in rows] == [(K, n) for K in (1, 3, 6) for n in (10, 20, 30)]
    for r in rows:
        for net in ("lista", "firenet"):
            assert r[net]["true"]["digits"] < r["K"], (r["K"], r["n"], net)
            assert r[net]["misses_one_by_more_than_10^-K"]
        assert r["input_valid_for_both"]
    assert fast_table["all_certified"], [c for c in fast_table["claims"] if c["status"] != "certified"]


def test_fast_table_distances_match_their_exact_recomputation(fast_table):
    for r in fast_table["rows"]:
        fam = _family(r["K"])
        members = {"true": fam.member(1, r["n"]), "other": fam.member(2, r["n"])}
        for net in ("lista", "firenet"):
            z = [Fraction(v) for v in r[net]["output"]]
            for key, inst in members.items():
                d2 = inst.dist2(z)
                rep = r[net][key]
                assert rep["dist2"] == str(d2)
                assert rep["digits"] == correct_digits(d2)
                # the displayed distance is the exact one to 12 significant digits (decided exactly)
                shown = Fraction(rep["distance"])
                assert sign(d2 - (shown * (1 - Fraction(1, 10**12))) ** 2) >= 0
                assert sign(d2 - (shown * (1 + Fraction(1, 10**12))) ** 2) <= 0
            worst = max(inst.dist2(z) for inst in members.values())
            assert r[net]["misses_one_by_more_than_10^-K"] == (worst > Fraction(1, 10 ** (2 * r["K"])))


def test_firenet_lands_on_the_midpoint_and_lista_on_member_2(fast_table):
    for r in fast_table["rows"]:
        K, F, L = r["K"], r["firenet"], r["lista"]
        # K−1 digits on both members, ≈ 1.5·10^-K from each
        assert F["true"]["digits"] == F["other"]["digits"] == K - 1
        assert abs(F["true"]["distance"] / 10.0**-K - 1.5) < 0.02
        assert abs(F["other"]["distance"] / 10.0**-K - 1.5) < 0.02
        # LISTA, trained on member 2, is closer to member 2 and ≈ 3·10^-K from member 1
        assert L["other"]["distance"] < L["true"]["distance"]
        assert 2.5 < L["true"]["distance"] / 10.0**-K < 3.1
        assert F["tau_sigma_L2_below_1"]


def test_inexact_input_is_valid_for_both_members_and_norm_bound_is_certified():
    fam = _family(3)
    inp = inexact_input(fam, 10)
    assert inp.level_read == 12
    assert inp.valid == {1: True, 2: True}
    L = norm_upper_bound(inp.A.to_fractions())
    assert Fraction(float(np.linalg.norm(inp.A_float, 2))) * (1 - Fraction(1, 10**12)) <= L
    assert float(L) < 1.0001 * float(np.linalg.norm(inp.A_float, 2))  # tight here: AAᵀ ≈ ‖a‖²I
    with pytest.raises(InvalidArgument, match="normwise"):
        inexact_input(PNASFamily("srlasso", 3, N2=2), 10)


def test_mpmath_firenet_path_agrees():
    s = replace(FAST, K_values=(1,), n_values=(10,), firenet_backend="mpmath", restarts=10, samples=200, epochs=2)
    row = table1_entry(1, 10, s)
    assert row["firenet"]["backend"].startswith("mpmath")
    assert row["firenet"]["true"]["digits"] == row["firenet"]["other"]["digits"] == 0
    assert abs(row["firenet"]["true"]["distance"] / 0.15 - 1) < 0.05


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"K_values": (0,)}, "K=0"),
        ({"n_values": (0,)}, "n=0"),
        ({"samples": 0}, "samples"),
        ({"lr": -1.0}, "lr"),
        ({"mixing": "dct"}, "mixing"),
        ({"firenet_backend": "exact"}, "firenet_backend"),
    ],
)
def test_bad_settings_are_refused_by_name(kw, match):
    with pytest.raises(InvalidArgument, match=match):
        Table1Settings(**kw).validate()


def test_small_K_needs_the_experiment_flag():
    with pytest.raises(InvalidArgument, match="allow_small_K"):
        PNASFamily("srlasso", 1)
    fam = _family(1)
    assert fam.K == 1
    assert fam.separation_exceeds(10)
    assert PNASFamily.from_spec(fam.spec()).K == 1
    assert "allow_small_K=True" in repr(fam)
    assert fam.member(2, 10).certify_solution().status == "certified"


def test_cli_table1_json(capsys):
    code = main(["table1", "--fast", "--K", "3", "--n", "10", "--json", "-"])
    out = json.loads(capsys.readouterr().out)  # the certificate
    assert code == 0
    assert out["all_certified"]
    assert out["claims"][0]["statement"]["entries"][0]["K"] == 3


# --------------------------------------------------------------------------- the paper's steps (issue 16)
TINY = replace(FAST, K_values=(1,), n_values=(10, 20), samples=50, epochs=1, batch_size=50)


@pytest.fixture(scope="module")
def paper_rows():
    return run_table1(replace(TINY, steps="paper"))


def test_published_table_ships_with_its_source():
    pub = published_table()
    assert "PNAS 119(12) e2107151119" in pub["source"]
    assert set(pub["entries"]) == {(K, n) for K in (1, 3, 6) for n in (10, 20, 30)}
    assert isinstance(pub["verified_against_publication"], bool)
    assert pub["significant_digits"] >= 1
    for e in pub["entries"].values():
        assert Fraction(e["firenet"]) > 0


def test_matches_printed_is_decided_exactly_at_the_half_unit():
    # 0.1500 at 4 digits covers [0.14995, 0.15005]: both ends included, nothing beyond
    assert matches_printed(Fraction(14995, 100000) ** 2, "0.1500", 4)
    assert matches_printed(Fraction(15005, 100000) ** 2, "0.1500", 4)
    assert not matches_printed((Fraction(15005, 100000) + Fraction(1, 10**30)) ** 2, "0.1500", 4)
    assert not matches_printed(Fraction(1505681, 10**7) ** 2, "0.1500", 4)
    assert matches_printed(Fraction(15, 10**7) ** 2, "0.000001500", 4)
    assert not matches_printed(Fraction(1501, 10**9) ** 2, "0.000001500", 4)
    with pytest.raises(InvalidArgument, match="printed"):
        matches_printed(Fraction(1), "0", 4)
    with pytest.raises(InvalidArgument, match="significant"):
        matches_printed(Fraction(1), "0.1", 0)


def test_paper_steps_break_the_step_condition_and_reproduce_the_published_column(paper_rows):
    rows = {(r["K"], r["n"]): r for r in paper_rows["rows"]}
    r = rows[(1, 10)]
    L, tau = paper_steps(_A_float(1, 10))
    assert tau == pytest.approx(np.sqrt(1 / L) - 1e-4)
    assert tau * tau * L * L > 6  # τσ‖A_n‖² ≈ 6.66 at K = 1
    assert r["firenet_paper"]["tau_sigma_L2_below_1"] is False
    assert r["firenet"]["tau_sigma_L2_below_1"] is True
    # the one entry where the two step rules differ at the stored digits
    assert r["firenet_paper"]["matches_paper"] is True
    assert r["firenet"]["matches_paper"] is False
    assert r["firenet_paper"]["true"]["distance"] == pytest.approx(0.1500233, abs=5e-8)
    assert r["firenet"]["true"]["distance"] == pytest.approx(0.1505681, abs=5e-8)
    assert rows[(1, 20)]["firenet_paper"]["matches_paper"]
    assert rows[(1, 20)]["firenet"]["matches_paper"]
    names = {c["name"]: c for c in paper_rows["claims"]}
    brk = next(c for n, c in names.items() if n.startswith("the paper's steps"))
    assert brk["status"] == "certified"
    match = next(c for n, c in names.items() if n.startswith("FIRENET with the paper's steps matches the"))
    assert match["status"] == "certified"
    assert match["statement"]["property"] == "matches-printed"
    assert paper_rows["settings"]["steps"] == "paper"
    assert "source" in paper_rows["published"]


def _A_float(K, n):
    return inexact_input(_family(K), n).A_float


def test_lower_bound_on_the_norm_is_below_the_norm():
    A = _A_float(1, 10)
    lo = norm_lower_bound(np.vectorize(Fraction, otypes=[object])(A))
    up = norm_upper_bound(np.vectorize(Fraction, otypes=[object])(A))
    assert lo <= up * up
    assert float(lo) == pytest.approx(np.linalg.norm(A, 2) ** 2, rel=1e-12)


def test_steps_setting_is_checked_by_name():
    with pytest.raises(InvalidArgument, match="steps"):
        replace(FAST, steps="authors").validate()


def test_cli_table1_steps_paper(capsys):
    code = main(["table1", "--fast", "--steps", "paper", "--K", "1", "--n", "10", "--json", "-"])
    out = json.loads(capsys.readouterr().out)  # the certificate
    assert code == 0
    kinds = [(c["statement"]["kind"], c["statement"].get("holds"), c["status"]) for c in out["claims"]]
    assert ("table1-steps", False, "certified") in kinds  # the paper's steps break τσ‖A‖² < 1
    assert any(
        c["statement"].get("property") == "matches-printed" and c["status"] == "certified" for c in out["claims"]
    )


def test_cli_table1_human_output_has_both_columns(capsys):
    code = main(["table1", "--fast", "--K", "1", "--n", "10"])
    out = capsys.readouterr().out
    assert code == 0
    assert "paper steps" in out
    assert "published" in out
    assert "no / yes" in out  # guaranteed differs from the published K = 1, n = 10 entry, paper steps match


@pytest.mark.slow
def test_full_table_with_paper_steps_matches_every_published_entry():
    res = run_table1(replace(FULL, steps="paper"))
    assert all(r["firenet_paper"]["matches_paper"] for r in res["rows"])
    assert res["all_certified"]
