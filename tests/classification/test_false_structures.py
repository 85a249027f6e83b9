"""Thesing–Antun–Hansen false structures: B1 planted feature, B2 stripe images, B3 simplicity.

Training-dependent claims are asserted as rates over seeds; data facts are exact for every seed.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from sci_oracle.classification.false_structures import (
    exact_training_accuracy,
    planted_feature_experiment,
    steps_to_learn,
    stripe_image_experiment,
    stripe_images,
)
from sci_oracle.core.errors import InvalidArgument

SEEDS = (0, 1, 2)
SMALL = {"r": 280, "widths": (16, 16), "steps": 1200, "n_test": 280}


@pytest.fixture(scope="module")
def planted():
    return [planted_feature_experiment(seed=s, **SMALL) for s in SEEDS]


def test_b1_success_and_instability_with_the_planted_feature(planted):
    # success: fits the data; instability: the shift ||eta|| <= delta destroys it (rate over seeds)
    ok = [r.train_accuracy >= Fraction(99, 100) and r.shifted_accuracy <= Fraction(6, 10) for r in planted]
    assert sum(ok) >= 2, [(r.train_accuracy, r.shifted_accuracy) for r in planted]


def test_b1_the_net_follows_the_false_rule_where_the_rules_disagree(planted):
    for r in planted:
        assert r.n_disagree > 50
        assert r.follows_false + r.follows_true == 1
    assert sum(r.follows_false >= Fraction(9, 10) for r in planted) >= 2


def test_b1_control_the_true_rule_is_learnable_by_the_same_architecture(planted):
    ctrl = [planted_feature_experiment(seed=s, delta=None, **SMALL) for s in SEEDS[:2]]
    assert all(c.follows_false is None and c.shifted_accuracy == c.train_accuracy for c in ctrl)
    assert max(c.train_accuracy for c in ctrl) > max(r.shifted_accuracy for r in planted)


def test_b3_the_false_rule_is_learnt_in_fewer_steps():
    inf = float("inf")
    wins = 0
    for s in SEEDS:
        f = steps_to_learn("false", seed=s, r=280, widths=(16, 16), max_steps=1200)
        t = steps_to_learn("true", seed=s, r=280, widths=(16, 16), max_steps=1200)
        wins += (f if f is not None else inf) < (t if t is not None else inf)
    assert wins >= 2


@pytest.mark.parametrize("seed", SEEDS)
def test_b2_exact_data_facts_for_both_generators(seed):
    imgs, labels = stripe_images(8, 3, Fraction(1, 100), generator="paper")
    assert len(imgs) == 2 * (8 - 3 + 1)
    assert labels.count(1) == labels.count(0)
    p = stripe_image_experiment("paper", seed=seed, n=16, steps=150, n_test=200)
    c = stripe_image_experiment("corrected", seed=seed, n=16, steps=150, n_test=200)
    assert p.offset_is_only_cue
    assert not c.offset_is_only_cue
    assert p.offset_flip_radius == Fraction(1, 50)


def test_b2_flipped_accuracy_depends_on_the_generator():
    """Robust only as a contrast: the paper's generator invites the offset; the corrected one does not."""
    p = [stripe_image_experiment("paper", seed=s, n=16, steps=150, n_test=200) for s in SEEDS]
    c = [stripe_image_experiment("corrected", seed=s, n=16, steps=150, n_test=200) for s in SEEDS]
    assert all(r.train_accuracy == 1.0 for r in p + c)
    assert sum(r.flipped_accuracy < 0.6 for r in p) >= 2
    assert sum(r.flipped_accuracy > 0.9 for r in c) >= 2


@pytest.mark.parametrize(
    ("call", "word"),
    [
        (lambda: planted_feature_experiment(delta=0), "delta"),
        (lambda: planted_feature_experiment(delta=Fraction(1, 50)), "delta"),
        (lambda: planted_feature_experiment(r=1), "r"),
        (lambda: steps_to_learn("both"), "rule"),
        (lambda: steps_to_learn("true", every=0), "every"),
        (lambda: stripe_images(generator="repo"), "generator"),
        (lambda: stripe_images(n=8, w=9), "w"),
        (lambda: stripe_images(a=0.01), "a"),
        (lambda: stripe_image_experiment(hidden=0), "hidden"),
    ],
)
def test_bad_input_gets_a_clear_error(call, word):
    with pytest.raises(InvalidArgument, match=word):
        call()


def test_b3_step_counts_are_confirmed_exactly():
    f = steps_to_learn("false", seed=1, r=280, widths=(16, 16), max_steps=1200)
    assert f is not None
    assert exact_training_accuracy("false", f, seed=1, r=280, widths=(16, 16)) >= Fraction(99, 100)
    assert exact_training_accuracy("true", f, seed=1, r=280, widths=(16, 16)) < Fraction(99, 100)


def test_prove_false_structures_runs():
    from sci_oracle.cli.prove import load_proof

    mod = load_proof("false-structures")
    rep = mod.prove(seed=0, fast=True)
    names = [c.name for c in rep.claims]
    assert len(names) >= 5
    assert all(c.status in ("certified", "refuted", "unknown") for c in rep.claims)
    # the exact data facts hold for every seed
    assert all(c.status == "certified" for c in rep.claims if c.name.startswith("B2: exact"))
    # B3 is decided on exact accuracies, not on the float64 training loop
    (b3,) = [c for c in rep.claims if c.name.startswith("B3")]
    exact = [[Fraction(a) for a in e] for e in b3.data["exact_accuracy"] if e is not None]
    hits = sum(f >= Fraction(99, 100) > t for f, t in exact)
    assert (b3.status == "certified") == (hits >= 2)
