(** * The link: the family facts discharge the hypotheses of Lemma 1 (PNAS 2022 Theorem 1, SI)

    The hypotheses of Lemma 1 are the propositions of Model.v ([agree_up_to], [separated]).  This
    file shows that the family's facts, in the form the kernel states them (FactsQCBP.v, …,
    generated from sci_oracle/kernel/facts.py), imply exactly those propositions for a model of the
    family: the tied block a = c·1 + δ·e_j of A, the block-2 entry ‖a‖ and zeros elsewhere
    (entries indexed by nat; the family's public orthogonal mixing is not modelled), and the
    members' minimisers, whose two tied coordinates are (t, 0) and (0, t) with t = t(c + δ).
    That these points are the minimisers is (H1), discharged outside Coq by the kkt claims and
    Lemma U.  Family n of the code is member n − 1 here, so δ = 2^-(n+2) and h(n) = n + 1.

    Link.v (generated) instantiates [family_hypotheses] for each problem and parameter choice. *)

From Coq Require Import Reals Lra Lia.
From SciOracle Require Import Model FactsLib.
Open Scope R_scope.

(** The Euclidean distance of the two tied coordinates of an output.  An output z ∈ R^N is at
    least this far from t·e_j, so failing here is failing. *)
Definition dist2 (z x : R * R) : R := sqrt ((fst z - fst x) ^ 2 + (snd z - snd x) ^ 2).

Lemma dist2_metric : metric dist2.
Proof.
  split.
  - intros [a b] [c d]. unfold dist2. cbn [fst snd]. f_equal. ring.
  - intros [a b] [c d] [e f]. unfold dist2. cbn [fst snd].
    set (p := a - c). set (q := b - d). set (u := c - e). set (v := d - f).
    replace (a - e) with (p + u) by (unfold p, u; ring). replace (b - f) with (q + v) by (unfold q, v; ring).
    assert (HB : 0 <= p ^ 2 + q ^ 2) by nra. assert (HC : 0 <= u ^ 2 + v ^ 2) by nra.
    assert (HsB := sqrt_pos (p ^ 2 + q ^ 2)). assert (HsC := sqrt_pos (u ^ 2 + v ^ 2)).
    rewrite <- (sqrt_pow2 (sqrt (p ^ 2 + q ^ 2) + sqrt (u ^ 2 + v ^ 2))) by lra.
    apply sqrt_le_1_alt.
    assert (E : (sqrt (p ^ 2 + q ^ 2) + sqrt (u ^ 2 + v ^ 2)) ^ 2
                = p ^ 2 + q ^ 2 + (u ^ 2 + v ^ 2) + 2 * sqrt ((p ^ 2 + q ^ 2) * (u ^ 2 + v ^ 2))).
    { rewrite sqrt_mult by assumption.
      assert (E1 := sqrt_sqrt _ HB). assert (E2 := sqrt_sqrt _ HC). lra. }
    rewrite E.
    (* Cauchy–Schwarz in two dimensions: p·u + q·v ≤ √((p² + q²)(u² + v²)) *)
    assert (CS : p * u + q * v <= sqrt ((p ^ 2 + q ^ 2) * (u ^ 2 + v ^ 2))).
    { destruct (Rle_or_lt (p * u + q * v) 0) as [Hn | Hp]; [apply Rle_trans with 0; [lra | apply sqrt_pos] |].
      rewrite <- (sqrt_pow2 (p * u + q * v)) by lra. apply sqrt_le_1_alt.
      assert (0 <= (p * v - q * u) ^ 2) by apply pow2_ge_0. lra. }
    nra.
Qed.

(** The model of an input: N1 tied entries (c + δ at column j, c elsewhere), then ‖a‖, then 0. *)
Definition tied (c : R) (N1 j : nat) (d : R) : input nat :=
  fun i =>
    if (i <? N1)%nat then (if (i =? j)%nat then c + d else c)
    else if (i =? N1)%nat then sqrt (INR N1 * c ^ 2 + 2 * c * d + d ^ 2) else 0.

Definition member_delta (n : nat) : R := / 2 ^ S (S n).

Lemma member_delta_range : forall n, 0 < member_delta n <= 1 / 4.
Proof.
  intro n. unfold member_delta. split; [apply Rinv_0_lt_compat, pow_lt; lra |].
  replace (1 / 4) with (/ 2 ^ 2) by (simpl; field). apply Rinv_le_contravar; [apply pow_lt; lra |].
  apply Rle_pow; [lra | lia].
Qed.

Lemma pow10_range : forall K, (3 <= K)%nat -> 1000 <= 10 ^ K.
Proof.
  intros K HK. replace 1000 with (10 ^ 3) by (simpl; ring). apply Rle_pow; [lra | exact HK].
Qed.

Section Link.

Variables (X c : R) (t : R -> R).
Hypothesis Hc : 0 < c.
(* the facts, in the model's form *)
Hypothesis Hsep : forall d, 0 < d <= 1 / 4 -> 2 / X < sqrt 2 * t d.
Hypothesis Ht : forall d, 0 < d <= 1 / 4 -> 0 < t d.
Hypothesis Hgrow : forall d, 0 < d <= 1 / 4 -> 0 < 2 * c * d + d ^ 2.
Hypothesis Hgrow_le : forall d r, 0 < d <= 1 / 4 -> 1 <= r -> r ^ 2 * c ^ 2 + 2 * c * d + d ^ 2 <= (r * c + d) ^ 2.

Lemma tied_close : forall N1 j n i, (1 <= N1)%nat ->
  Rabs (tied c N1 j (member_delta n) i - tied c N1 0 0 i) <= / 2 ^ S (S n).
Proof.
  intros N1 j n i HN. fold (member_delta n). destruct (member_delta_range n) as [Hd0 Hd1].
  set (d := member_delta n) in *. unfold tied.
  destruct (i <? N1)%nat; [| destruct (i =? N1)%nat].
  - destruct (i =? j)%nat; destruct (i =? 0)%nat;
      match goal with
      | |- Rabs ?e <= _ =>
          first
            [ replace e with d by ring; rewrite Rabs_right; lra
            | replace e with 0 by ring; rewrite Rabs_R0; lra ]
      end.
  - assert (HN1 : 1 <= INR N1) by (apply (le_INR 1); exact HN).
    set (r := sqrt (INR N1)).
    assert (Hr : 1 <= r) by (unfold r; rewrite <- sqrt_1; apply sqrt_le_1_alt; exact HN1).
    assert (Hr2 : r ^ 2 = INR N1) by (unfold r; apply pow2_sqrt; lra).
    assert (Hrc : 0 <= r * c) by nra.
    replace (INR N1 * c ^ 2 + 2 * c * 0 + 0 ^ 2) with ((r * c) ^ 2) by (rewrite Rpow_mult_distr, Hr2; ring).
    rewrite sqrt_pow2 by exact Hrc.
    replace (INR N1 * c ^ 2 + 2 * c * d + d ^ 2) with (r ^ 2 * c ^ 2 + 2 * c * d + d ^ 2) by (rewrite Hr2; ring).
    assert (Hlo : r * c <= sqrt (r ^ 2 * c ^ 2 + 2 * c * d + d ^ 2)).
    { rewrite <- (sqrt_pow2 (r * c)) by exact Hrc. apply sqrt_le_1_alt.
      assert (H := Hgrow d (conj Hd0 Hd1)). rewrite Rpow_mult_distr. lra. }
    assert (Hhi : sqrt (r ^ 2 * c ^ 2 + 2 * c * d + d ^ 2) <= r * c + d).
    { rewrite <- (sqrt_pow2 (r * c + d)) by lra. apply sqrt_le_1_alt. apply Hgrow_le; [split |]; assumption. }
    apply Rabs_le. lra.
  - replace (0 - 0) with 0 by ring. rewrite Rabs_R0. lra.
Qed.

(** The hypotheses of Lemma 1, for every N1 ≥ 2, with κ = 1/X = 10^-K. *)
Theorem family_hypotheses : forall N1, (2 <= N1)%nat ->
  lemma1_hypotheses dist2 (/ X) (fun n => S n) (tied c N1 0 0)
    (fun n => tied c N1 0 (member_delta n)) (fun n => tied c N1 1 (member_delta n))
    (fun n z => z = (t (member_delta n), 0)) (fun n z => z = (0, t (member_delta n))).
Proof.
  intros N1 HN. refine (conj dist2_metric (conj _ (conj _ (conj _ _)))).
  - intro m. exists m. lia.
  - intros n i. apply tied_close. lia.
  - intros n i. apply tied_close. lia.
  - intros n x1 x2 -> ->. unfold dist2. cbn [fst snd].
    assert (Hd := member_delta_range n). assert (Htp := Ht _ Hd). assert (Hs := Hsep _ Hd).
    replace ((t (member_delta n) - 0) ^ 2 + (0 - t (member_delta n)) ^ 2) with (2 * t (member_delta n) ^ 2) by ring.
    rewrite sqrt_mult, sqrt_pow2 by (try apply pow2_ge_0; lra). unfold Rdiv in Hs. lra.
Qed.

End Link.
