"""False structures at the paper's size (PyTorch, the [torch] extra): the CNN, the per-bin stripe table,
the planted feature with δ = 1e-4, width 104 and 30 000 epochs. The paper-sized runs are slow; all of
this is skipped where torch is not installed (CPU build: ``pip install torch==2.13.0``)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sci_oracle.core.errors import InvalidArgument

torch = pytest.importorskip("torch")

from sci_oracle.classification.false_structures_torch import (  # noqa: E402
    BINS,
    _TwoLayer,
    conv3_net,
    planted_feature_torch,
    stripe_bin_table,
)

pytestmark = [pytest.mark.torch]


def test_conv3_net_shapes_and_dtype():
    net = conv3_net(32, seed=1)
    out = net(torch.zeros(5, 1, 32, 32, dtype=torch.float64))
    assert out.shape == (5, 1)
    assert out.dtype == torch.float64
    assert sum(p.numel() for p in net.parameters()) == (24 * 25 + 24) + (48 * 24 * 25 + 48) + (1200 * 10 + 10) + 11


def test_bad_input_is_refused_by_name():
    with pytest.raises(InvalidArgument, match="generator"):
        stripe_bin_table("rows")
    with pytest.raises(InvalidArgument, match="epochs"):
        stripe_bin_table(epochs=0)
    with pytest.raises(InvalidArgument, match="delta"):
        planted_feature_torch(delta=0.5, epochs=1)
    with pytest.raises(InvalidArgument, match="n="):
        conv3_net(8)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_stripe_table_at_paper_size(seed):
    """Paper size: 60 training images, 10 Adam steps, 1000 test images per bin, 18 bins. The
    corrected generator's CNN must beat the paper generator's on the colour-flipped set (the
    offset is the paper generator's only training cue); everything is a float64 measurement."""
    paper = stripe_bin_table("paper", seed=seed)
    corrected = stripe_bin_table("corrected", seed=seed)
    assert len(paper.rows) == len(BINS) == 18
    assert paper.scope == corrected.scope == "measured"
    mean = lambda t, k: sum(r[k] for r in t.rows) / len(t.rows)  # noqa: E731
    assert mean(paper, "flipped") < mean(corrected, "flipped")
    print(paper.render())
    print(corrected.render())


def test_hand_written_gradient_and_adam_match_autograd():
    """The fast loop's gradient is autograd's of the mean BCE-with-logits, and its Adam is
    tf.train.AdamOptimizer's, which equals torch's Adam when ε = 0 (they differ only in where ε sits)."""
    net = _TwoLayer(torch, 7, seed=3)
    gen = torch.Generator().manual_seed(1)
    X = torch.rand(50, 2, generator=gen, dtype=torch.float64) - 0.5
    y = (torch.rand(50, 1, generator=gen, dtype=torch.float64) > 0.5).double()
    ref = net.theta.clone().requires_grad_(True)
    W1, b1, w2, b2 = net._views(ref)
    opt = torch.optim.Adam([ref], lr=net.lr, eps=0.0)
    for _ in range(25):
        opt.zero_grad()
        z = torch.addmm(b2, torch.relu(torch.addmm(b1, X, W1.t())), w2)
        torch.nn.functional.binary_cross_entropy_with_logits(z, y).backward()
        with torch.no_grad():
            net.gradient(X, y)
            assert torch.allclose(net.grad, ref.grad, rtol=1e-12, atol=1e-15)
            net.adam(eps=0.0)
        opt.step()
        assert torch.allclose(net.theta, ref.detach(), rtol=1e-10, atol=1e-13)
    assert net.t == 25


def test_two_layer_exact_layers_decide_like_the_logit():
    from fractions import Fraction

    from sci_oracle.classification.pieces import decide, evaluate

    net = _TwoLayer(torch, 5, seed=0)
    X = torch.tensor([[0.1, 0.2], [-0.3, 0.05], [0.7, -0.4]], dtype=torch.float64)
    z = net.logits(X)[:, 0]
    layers = net.exact()
    for x, zi in zip(X.tolist(), z.tolist(), strict=True):
        assert decide(evaluate(layers, [Fraction(v) for v in x])[0]) == int(zi >= 0)


@pytest.mark.slow
def test_planted_feature_paper_size_shortened():
    """δ = 1e-4, width 104, batch 50, 5000 points as in run 030. With the paper's raw inputs and
    2000 steps (the paper: ~3·10⁶) the net has not left the majority class; with standardised
    inputs it fits the data through x₂ and the shift x₂ → 0 (≤ δ < ε) brings it down to about
    the class-0 share, the paper's run-030 picture. Float64 measurements, scope 'measured'."""
    raw = planted_feature_torch(epochs=20, seed=0)
    assert raw.steps == 20 * 100
    assert raw.scope == "measured"
    assert raw.train_accuracy <= max(raw.class0_share, 1 - raw.class0_share) + Fraction(1, 100)
    std = planted_feature_torch(epochs=5, seed=0, standardise=True)
    assert std.train_accuracy >= Fraction(99, 100)
    assert std.shifted_accuracy <= std.class0_share + Fraction(5, 100)
    print(raw.render(), std.render(), sep="\n")


@pytest.mark.slow
def test_planted_feature_at_the_paper_size():
    """Run 030 in full: δ = 1e-4, width 104, 5000 points, batch 50, 30 000 epochs (3·10⁶ Adam steps),
    with a progress bar on stderr (run with ``-s`` to see it). Everything it reports is a measurement;
    what is asserted is that the paper's setting ran to the end, that the scores are the exact decision
    counts of the final net, and the paper's run-030 picture (measured here at seed 0: train and
    validation 1, and after the shift x₂ → 0 exactly the class-0 share, i.e. every class-1 point flips).
    Took 29 min wall (8 min CPU) on the shared 2-core machine under load; see docs/classification.md."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

    with Progress(
        "run 030", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(), transient=False
    ) as bar:
        task = bar.add_task("epochs", total=30000)
        res = planted_feature_torch(progress=lambda e, n: bar.update(task, completed=e))
    assert (res.epochs, res.steps, res.width, res.delta) == (30000, 3 * 10**6, 104, Fraction(1, 10**4))
    assert res.scope == "measured"
    assert [h["epoch"] for h in res.history] == list(range(500, 30001, 500))
    assert res.class0_share == Fraction(2143, 5000)  # 'interval' sampling: 714 or 715 points per stripe, 3 of 7 label 0
    # the float64 loop's last accuracy and the exact count on the exact points differ by at most a point or two
    assert abs(res.history[-1]["train"] - float(res.train_accuracy)) <= 2 / 5000
    print(res.render())
    assert res.train_accuracy >= Fraction(99, 100)
    assert res.validation_accuracy >= Fraction(99, 100)
    assert res.shifted_accuracy <= res.class0_share + Fraction(1, 100)


def test_prove_false_structures_paper_size_claim_is_measured(monkeypatch):
    """`--paper-size` adds one measured B1 claim (the run itself shortened here to 2 epochs)."""
    from sci_oracle.classification import false_structures_torch as FT
    from sci_oracle.cli.prove import load_proof

    real = FT.planted_feature_torch
    monkeypatch.setattr(FT, "planted_feature_torch", lambda **kw: real(**{**kw, "epochs": 2, "log_every": 1}))
    mod = load_proof("false-structures")
    report = mod.prove(seed=0, fast=True, paper_size=True)
    (claim,) = [c for c in report.claims if c.name.startswith("B1 at the paper's size")]
    assert claim.scope == "measured"
    assert claim.to_dict()["status"] == "unknown"  # a measurement is never a verdict
    assert "2 epochs (200 Adam steps)" in claim.detail
