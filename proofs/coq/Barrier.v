(** * Lemma 1 of proofs/LEMMA.md, the barrier lemma (PNAS 2022 SI; BHV Prop 10.5), proved

    Run the algorithm on the limit's honest oracle; it stops after reading levels ≤ L.  Take n
    with h(n) ≥ L and give each member the oracle that answers like the limit's up to level h(n):
    it is legal (agreement), and the run on it is the run on the limit, so both members get the
    one output, which by the separation is more than κ from one of them.  For seeds, the same n and
    the same two oracles serve every seed at once (finitely many seeds), or all seeds but a set of
    weight < η (countably many). *)

From Coq Require Import Reals Lra Lia List ZArith Arith PartSum.
From SciOracle Require Import Model Runs.
Import ListNotations.
Open Scope R_scope.

Section Barrier.

Context {I Out : Type} (dist : Out -> Out -> R) (kappa : R) (h : nat -> nat)
  (x0 : input I) (x1 x2 : nat -> input I) (Xi1 Xi2 : nat -> Out -> Prop).
Hypothesis Hyp : lemma1_hypotheses dist kappa h x0 x1 x2 Xi1 Xi2.

Definition oracle1 n := switch (h n) x0 (x1 n).
Definition oracle2 n := switch (h n) x0 (x2 n).

Lemma oracles_legal : forall n, legal (x1 n) (oracle1 n) /\ legal (x2 n) (oracle2 n).
Proof.
  destruct Hyp as (_ & _ & H1 & H2 & _). intro n.
  split; apply switch_legal; intro i; [apply H1 | apply H2].
Qed.

Lemma same_run : forall (s : strategy I Out) d n, (maxlev s (nearest x0) d [] <= h n)%nat ->
  run s (oracle1 n) d [] = run s (nearest x0) d [] /\ run s (oracle2 n) d [] = run s (nearest x0) d [].
Proof.
  intros s d n Hle.
  split; apply run_agree; intros i m Hm; unfold oracle1, oracle2, switch;
    rewrite (proj2 (Nat.leb_le m (h n))) by lia; reflexivity.
Qed.

(** A seed that stops on the limit's oracle having read levels ≤ h(n) cannot succeed on both
    members at n. *)
Lemma seed_fails : forall (s : strategy I Out) d o n,
  run s (nearest x0) d [] = Some o -> (maxlev s (nearest x0) d [] <= h n)%nat ->
  ~ (succeeds dist kappa (Xi1 n) s (oracle1 n) /\ succeeds dist kappa (Xi2 n) s (oracle2 n)).
Proof.
  intros s d o n Hrun Hle. destruct (same_run s d n Hle) as [E1 E2].
  destruct Hyp as (Hm & _ & _ & _ & Hsep).
  apply (not_both dist kappa (Xi1 n) (Xi2 n) s _ _ o Hm (Hsep n)); exists d; congruence.
Qed.

Definition stops_below (s : strategy I Out) (L : nat) : Prop :=
  exists d o, run s (nearest x0) d [] = Some o /\ (maxlev s (nearest x0) d [] <= L)%nat.

Lemma stops_below_mono : forall s L L', (L <= L')%nat -> stops_below s L -> stops_below s L'.
Proof. intros s L L' Hle (d & o & Hr & Hm). exists d, o. split; [exact Hr | lia]. Qed.

Lemma halts_below : forall s, halts s (nearest x0) -> exists L, stops_below s L.
Proof. intros s (o & d & Hd). exists (maxlev s (nearest x0) d []), d, o. split; [exact Hd | lia]. Qed.

(** Finitely many seeds read levels up to one bound L. *)
Lemma seeds_below : forall seeds : list (R * strategy I Out),
  Forall (fun ws => 0 <= fst ws /\ halts (snd ws) (nearest x0)) seeds ->
  exists L, Forall (fun ws => stops_below (snd ws) L) seeds.
Proof.
  intro seeds. induction seeds as [| [w s] seeds IH]; intro Hall.
  - exists O. constructor.
  - inversion Hall as [| ? ? [_ Hs] Hrest]; subst.
    destruct (IH Hrest) as [L HL]. destruct (halts_below s Hs) as [L' HL'].
    exists (Nat.max L L'). constructor.
    + apply (stops_below_mono s L'); [lia | exact HL'].
    + eapply Forall_impl; [| exact HL]. intros ws. apply stops_below_mono. lia.
Qed.

Lemma wsum_false : forall (l : list (R * strategy I Out)), wsum (fun _ => false) l = 0.
Proof. intro l. induction l as [| [w a] l IH]; [reflexivity |]. rewrite wsum_cons, IH. lra. Qed.

Lemma deterministic : forall s : strategy I Out, halts s (nearest x0) ->
  exists n o1 o2, legal (x1 n) o1 /\ legal (x2 n) o2 /\
    ~ (succeeds dist kappa (Xi1 n) s o1 /\ succeeds dist kappa (Xi2 n) s o2).
Proof.
  intros s Hs. destruct (halts_below s Hs) as (L & d & o & Hrun & HL).
  destruct Hyp as (_ & Hunb & _). destruct (Hunb L) as [n Hn].
  exists n, (oracle1 n), (oracle2 n). destruct (oracles_legal n) as [L1 L2].
  repeat split; [exact L1 | exact L2 |]. apply (seed_fails s d o n Hrun). lia.
Qed.

Lemma randomised : forall seeds : list (R * strategy I Out),
  Forall (fun ws => 0 <= fst ws /\ halts (snd ws) (nearest x0)) seeds ->
  exists n o1 o2, legal (x1 n) o1 /\ legal (x2 n) o2 /\
    forall r1 r2,
    weight (fun s => fails dist kappa (Xi1 n) s o1) seeds r1 ->
    weight (fun s => fails dist kappa (Xi2 n) s o2) seeds r2 ->
    total seeds <= r1 + r2.
Proof.
  intros seeds Hall. destruct (seeds_below seeds Hall) as [L HL].
  destruct Hyp as (_ & Hunb & _). destruct (Hunb L) as [n Hn].
  exists n, (oracle1 n), (oracle2 n). destruct (oracles_legal n) as [L1 L2].
  repeat split; [exact L1 | exact L2 |]. intros r1 r2 W1 W2.
  rewrite <- (Rminus_0_r (total seeds)), <- (wsum_false seeds).
  apply (weight_pair (fun s => fails dist kappa (Xi1 n) s (oracle1 n))
    (fun s => fails dist kappa (Xi2 n) s (oracle2 n)) (fun _ => false) seeds r1 r2); [| | exact W1 | exact W2].
  - eapply Forall_impl; [| exact Hall]. intros ws [Hw _]. exact Hw.
  - eapply Forall_impl; [| exact HL]. intros [w s] (d & o & Hrun & Hm) _ [F1 F2]. simpl in *.
    apply F1. intro S1. apply F2. intro S2. exact (seed_fails s d o n Hrun ltac:(lia) (conj S1 S2)).
Qed.

(** Countably many seeds: the first N + 1 read levels up to one bound. *)
Lemma seeds_below_nat : forall (s : nat -> strategy I Out), (forall k, halts (s k) (nearest x0)) ->
  forall N, exists L, forall k, (k <= N)%nat -> stops_below (s k) L.
Proof.
  intros s Hs N. induction N as [| N [L HL]].
  - destruct (halts_below (s O) (Hs O)) as [L HL]. exists L. intros k Hk.
    replace k with O by lia. exact HL.
  - destruct (halts_below (s (S N)) (Hs (S N))) as [L' HL']. exists (Nat.max L L'). intros k Hk.
    destruct (Nat.eq_dec k (S N)) as [-> | Hne].
    + apply (stops_below_mono _ L'); [lia | exact HL'].
    + apply (stops_below_mono _ L); [lia | apply HL; lia].
Qed.

(** Unbounded depth: the seeds beyond N weigh less than η; the first N + 1 are handled at once. *)
Lemma unbounded_seeds : forall (w : nat -> R) (s : nat -> strategy I Out),
  (forall k, 0 <= w k) -> infinite_sum w 1 -> (forall k, halts (s k) (nearest x0)) ->
  forall eta, 0 < eta ->
  exists n o1 o2, legal (x1 n) o1 /\ legal (x2 n) o2 /\
    forall f1 f2 p1 p2,
    indicator (fun k => fails dist kappa (Xi1 n) (s k) o1) w f1 ->
    indicator (fun k => fails dist kappa (Xi2 n) (s k) o2) w f2 ->
    infinite_sum f1 p1 -> infinite_sum f2 p2 -> 1 - eta <= p1 + p2.
Proof.
  intros w s Hw Hsum Hs eta Heta.
  destruct (Hsum eta Heta) as [N HN].
  destruct (seeds_below_nat s Hs N) as [L HL].
  destruct Hyp as (_ & Hunb & _). destruct (Hunb L) as [n Hn].
  exists n, (oracle1 n), (oracle2 n). destruct (oracles_legal n) as [L1 L2].
  repeat split; [exact L1 | exact L2 |]. intros f1 f2 p1 p2 I1 I2 S1 S2.
  assert (Hpos : forall f P, indicator P w f -> forall k, 0 <= f k).
  { intros f P If k. destruct (If k) as [[_ E] | [_ E]]; rewrite E; [apply Hw | lra]. }
  assert (Hseed : forall k, (k <= N)%nat -> w k <= f1 k + f2 k).
  { intros k Hk. destruct (HL k Hk) as (d & o & Hrun & Hm).
    assert (Hno := seed_fails (s k) d o n Hrun ltac:(lia)).
    assert (Hwk := Hw k).
    destruct (I1 k) as [[F1 E1] | [F1 E1]]; destruct (I2 k) as [[F2 E2] | [F2 E2]]; rewrite E1, E2;
      try lra.
    exfalso. apply F1. intro T1. apply F2. intro T2. exact (Hno (conj T1 T2)). }
  assert (Hle : sum_f_R0 w N <= sum_f_R0 f1 N + sum_f_R0 f2 N).
  { rewrite <- plus_sum. apply sum_Rle. exact Hseed. }
  assert (P1 : sum_f_R0 f1 N <= p1) by (apply sum_incr; [exact S1 | exact (Hpos f1 _ I1)]).
  assert (P2 : sum_f_R0 f2 N <= p2) by (apply sum_incr; [exact S2 | exact (Hpos f2 _ I2)]).
  assert (HN' := HN N (le_n N)). unfold R_dist in HN'. apply Rabs_def2 in HN'. lra.
Qed.

End Barrier.

(** ** The cited theorems: exactly the statements of Model.v *)

Theorem barrier_deterministic : lemma1_deterministic_statement.
Proof. intros I Out dist kappa h x0 x1 x2 Xi1 Xi2 Hyp. exact (deterministic dist kappa h x0 x1 x2 Xi1 Xi2 Hyp). Qed.

Theorem barrier_no_accurate_algorithm : lemma1_no_accurate_algorithm_statement.
Proof.
  intros I Out dist kappa h x0 x1 x2 Xi1 Xi2 Hyp s Hs Hacc.
  destruct (deterministic dist kappa h x0 x1 x2 Xi1 Xi2 Hyp s Hs) as (n & o1 & o2 & L1 & L2 & Hno).
  apply Hno. split; [apply (proj1 (Hacc n)) | apply (proj2 (Hacc n))]; assumption.
Qed.

Theorem barrier_randomised : lemma1_randomised_statement.
Proof. intros I Out dist kappa h x0 x1 x2 Xi1 Xi2 Hyp. exact (randomised dist kappa h x0 x1 x2 Xi1 Xi2 Hyp). Qed.

Theorem barrier_unbounded : lemma1_unbounded_statement.
Proof. intros I Out dist kappa h x0 x1 x2 Xi1 Xi2 Hyp. exact (unbounded_seeds dist kappa h x0 x1 x2 Xi1 Xi2 Hyp). Qed.
