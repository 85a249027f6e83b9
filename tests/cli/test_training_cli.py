"""`check --training` for an engineer (issue 24, items 4 and 9): the predictor gets float64 by
default and exact numbers on request; a broken contract judges no part; a forgotten --training gets
"did you mean"; the sample adversary's R is the header's; the theorem's universal statement is
scope-tagged, apart from this procedure's results."""

from __future__ import annotations

import json

import pytest

from sci_oracle.cli.main import main

TRAINERS = """
import numpy as np


def train(Y, X):
    W = np.linalg.lstsq(Y, X, rcond=None)[0]

    def predict(y):
        if y.dtype != np.float64:  # what numpy and torch code expects
            raise TypeError(f"the predictor got {y.dtype}")
        return y @ W

    return predict


def exact_train(Y, X):
    def predict(y):
        if y.dtype != object:
            raise TypeError(f"the predictor got {y.dtype}")
        return [y[0] - y[0]] * len(X[0])  # exact zeros

    return predict


def broken(Y, X):
    raise ValueError("no data for me")
"""


@pytest.fixture
def trainers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trainers.py").write_text(TRAINERS)
    return tmp_path


def test_the_predictor_gets_float64_by_default_and_exact_numbers_on_request(trainers, capsys):
    argv = ["check", "trainers:train", "--training", "--members", "4", "--json", "c.json", "--report", "r.json"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    report = json.loads((trainers / "r.json").read_text())  # the run report (the certificate is c.json)
    assert report["verdict"] == "refuted"
    # the header's R (the family's) and part (b)'s R agree: the sample adversary ran on R = 4 samples
    assert report["family"]["R"] == report["sample_barrier"]["R"] == 4
    assert "R=4" in out
    assert "sample adversary (M = 2, R = 4 samples)" in out
    assert main(["check", "trainers:train", "--training", "--members", "4", "--exact-predictor"]) == 3
    assert "the predictor got object" in capsys.readouterr().out
    assert main(["check", "trainers:exact_train", "--training", "--members", "4", "--exact-predictor"]) == 0
    assert main(["check", "zero", "--members", "4", "--exact-predictor"]) == 2  # a training option


def test_parts_are_scope_tagged_and_a_broken_contract_judges_none(trainers, capsys):
    assert main(["check", "trainers:train", "--training", "--members", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    universal = next(i for i, x in enumerate(lines) if "none gets K = 3 digits" in x)
    assert "[lemma, all procedures]" in lines[universal]
    mine = next(i for i, x in enumerate(lines) if x.strip().startswith("(a) 3 digits (K):"))
    assert mine > universal
    assert "This procedure [instances" in lines[mine - 1]
    assert lines[mine].strip() == "(a) 3 digits (K): refuted"  # no universal claim on a procedure's line
    assert main(["check", "trainers:broken", "--training", "--members", "4", "--json", "b.json"]) == 3
    out = capsys.readouterr().out
    assert "no part is judged" in out
    assert "(a) 3 digits" not in out
    assert "(b) 2 digits" not in out
    assert "refuted" not in out.split("no claim is judged", 1)[1]
    assert json.loads((trainers / "b.json").read_text()).get("sample_barrier") is None


def test_a_forgotten_training_flag_gets_did_you_mean(trainers, capsys):
    assert main(["check", "trainers:train", "--members", "4"]) == 3
    assert "did you mean --training?" in capsys.readouterr().err
