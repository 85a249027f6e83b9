(** * Lemma 2 of proofs/LEMMA.md, the sample adversary (PNAS 2022 Theorem 1(b), training form), proved

    Run every seed on the all-uninformative input; each reads at most M of the R positions, so
    some position p is read by seeds of weight at most M/R of the total.  A seed that does not read
    p asks the members with the informative sample at p (q = +1 and q = −1) only what it asked the
    uninformative input, so it gives both the one output, which fails on one of them (their
    solutions are more than 2κ apart). *)

From Coq Require Import Reals Lra Lia List ZArith Arith.
From SciOracle Require Import Model Runs.
Import ListNotations.
Open Scope R_scope.

(** Two oracles that agree off sample p give the same run when the run never asks about p. *)
Lemma run_agree_except : forall {E Out} (s : strategy (nat * E) Out) orc orc' p fuel h,
  (forall k e m, k <> p -> orc' (k, e) m = orc (k, e) m) ->
  ~ In p (asked s orc fuel h) -> run s orc' fuel h = run s orc fuel h.
Proof.
  intros E Out s orc orc' p fuel. induction fuel as [| f IH]; intros h Hag Hnot; simpl; [reflexivity |].
  simpl in Hnot. destruct (s h) as [[k e] m | o]; [| reflexivity].
  assert (Hk : k <> p) by (intro Heq; subst; apply Hnot; left; reflexivity).
  rewrite (Hag k e m Hk). apply IH; [exact Hag | intro Hin; apply Hnot; right; exact Hin].
Qed.

(** ** Sums over positions *)

Definition sumR (f : nat -> R) (l : list nat) : R := fold_right (fun p r => f p + r) 0 l.

Lemma sumR_plus : forall f g l, sumR (fun p => f p + g p) l = sumR f l + sumR g l.
Proof. intros f g l. induction l as [| a l IH]; simpl; [lra | rewrite IH; ring]. Qed.

Lemma sumR_zero : forall l, sumR (fun _ => 0) l = 0.
Proof. intro l. induction l as [| a l IH]; simpl; [lra | rewrite IH; ring]. Qed.

Lemma sumR_indicator : forall (b : nat -> bool) w l,
  sumR (fun p => if b p then w else 0) l = w * INR (length (filter b l)).
Proof.
  intros b w l. induction l as [| a l IH]; [simpl; ring |].
  simpl. rewrite IH. destruct (b a); simpl length; [rewrite S_INR |]; ring.
Qed.

Lemma sumR_ge_min : forall f x l, (forall q, In q l -> f x <= f q) -> INR (length l) * f x <= sumR f l.
Proof.
  intros f x l. induction l as [| a l IH]; intro Hmin; [simpl; lra |].
  simpl length. rewrite S_INR. simpl.
  assert (Ha := Hmin a (or_introl eq_refl)).
  assert (Hl := IH (fun q Hq => Hmin q (or_intror Hq))). lra.
Qed.

(** A position read by the least weight: an argmin over 0..n. *)
Lemma argmin : forall (f : nat -> R) n, exists p, (p <= n)%nat /\ forall q, (q <= n)%nat -> f p <= f q.
Proof.
  intros f n. induction n as [| n [p [Hp Hmin]]].
  - exists O. split; [lia |]. intros q Hq. replace q with O by lia. lra.
  - destruct (Rle_dec (f p) (f (S n))) as [Hle | Hgt].
    + exists p. split; [lia |]. intros q Hq. destruct (Nat.eq_dec q (S n)) as [-> | Hne]; [exact Hle |].
      apply Hmin. lia.
    + exists (S n). split; [lia |]. intros q Hq. destruct (Nat.eq_dec q (S n)) as [-> | Hne]; [lra |].
      specialize (Hmin q ltac:(lia)). lra.
Qed.

(** The positions below R that a list names are at most its distinct elements. *)
Lemma count_le_nodup : forall (l : list nat) R_,
  (length (filter (fun p => if in_dec Nat.eq_dec p l then true else false) (seq 0 R_))
     <= length (nodup Nat.eq_dec l))%nat.
Proof.
  intros l R_. apply NoDup_incl_length; [apply NoDup_filter, seq_NoDup |].
  intros x Hx. apply filter_In in Hx as [_ Hb]. apply nodup_In.
  destruct (in_dec Nat.eq_dec x l); [assumption | discriminate].
Qed.

Section Sample.

Context {E Out : Type} (dist : Out -> Out -> R) (kappa : R) (R_ M : nat)
  (xu : input (nat * E)) (xp xm : nat -> input (nat * E)) (Xip Xim : nat -> Out -> Prop).
Hypothesis Hyp : lemma2_hypotheses dist kappa R_ xu xp xm Xip Xim.

Definition Ou := nearest xu.

Lemma seeds_stop : forall seeds : list (R * strategy (nat * E) Out),
  Forall (fun ws => halts (snd ws) Ou) seeds ->
  exists D, Forall (fun ws => exists o, run (snd ws) Ou D [] = Some o) seeds.
Proof.
  intro seeds. induction seeds as [| [w s] seeds IH]; intro Hall.
  - exists O. constructor.
  - inversion Hall as [| ? ? (o & d & Hd) Hrest]; subst.
    destruct (IH Hrest) as [D HD]. exists (Nat.max D d). constructor.
    + exists o. apply (run_le s Ou d); [lia | exact Hd].
    + eapply Forall_impl; [| exact HD]. intros [w' s'] [o' Ho']. exists o'.
      apply (run_le s' Ou D); [lia | exact Ho'].
Qed.

Section Reads.
Variable D : nat.
Definition reads (s : strategy (nat * E) Out) := asked s Ou D [].
Definition reads_p (p : nat) (s : strategy (nat * E) Out) : bool :=
  if in_dec Nat.eq_dec p (reads s) then true else false.

(** Summed over the positions below R, the weight of the seeds reading each is at most M·total. *)
Lemma reads_total : forall seeds : list (R * strategy (nat * E) Out),
  Forall (fun ws => 0 <= fst ws /\ reads_at_most M (snd ws)) seeds ->
  sumR (fun p => wsum (reads_p p) seeds) (seq 0 R_) <= INR M * total seeds.
Proof.
  intro seeds. induction seeds as [| [w s] seeds IH]; intro Hall.
  - unfold wsum. simpl. rewrite sumR_zero. unfold total. simpl. lra.
  - inversion Hall as [| ? ? [Hw Hb] Hrest]; subst. simpl in Hw, Hb.
    assert (IH' := IH Hrest).
    replace (sumR (fun p => wsum (reads_p p) ((w, s) :: seeds)) (seq 0 R_))
      with (sumR (fun p => (if reads_p p s then w else 0) + wsum (reads_p p) seeds) (seq 0 R_))
      by reflexivity.
    rewrite sumR_plus, sumR_indicator, total_cons.
    assert (Hc := count_le_nodup (reads s) R_). assert (Hm := Hb Ou D).
    assert (Hcnt : INR (length (filter (fun p => reads_p p s) (seq 0 R_))) <= INR M).
    { apply le_INR. eapply Nat.le_trans; [exact Hc | exact Hm]. }
    assert (w * INR (length (filter (fun p => reads_p p s) (seq 0 R_))) <= w * INR M)
      by (apply Rmult_le_compat_l; assumption).
    nra.
Qed.
End Reads.

Lemma sample_randomised : forall seeds : list (R * strategy (nat * E) Out),
  Forall (fun ws => 0 <= fst ws /\ reads_at_most M (snd ws) /\ halts (snd ws) (nearest xu)) seeds ->
  exists p, (p < R_)%nat /\ exists op om, legal (xp p) op /\ legal (xm p) om /\
    forall r1 r2,
    weight (fun s => fails dist kappa (Xip p) s op) seeds r1 ->
    weight (fun s => fails dist kappa (Xim p) s om) seeds r2 ->
    (1 - INR M / INR R_) * total seeds <= r1 + r2.
Proof.
  intros seeds Hall. destruct Hyp as (Hmet & HR & Hsame & Hsep).
  destruct (seeds_stop seeds) as [D HD].
  { eapply Forall_impl; [| exact Hall]. intros ws (_ & _ & Hh). exact Hh. }
  destruct (argmin (fun p => wsum (reads_p D p) seeds) (R_ - 1)) as [p [Hp Hmin]].
  exists p. split; [lia |]. exists (nearest (xp p)), (nearest (xm p)).
  split; [apply nearest_legal |]. split; [apply nearest_legal |]. intros r1 r2 W1 W2.
  (* the least-read position carries at most M/R of the total *)
  assert (Htot := reads_total D seeds ltac:(eapply Forall_impl; [| exact Hall]; intros ws (Hw & Hb & _); tauto)).
  assert (Hmin' := sumR_ge_min (fun q => wsum (reads_p D q) seeds) p (seq 0 R_)
    ltac:(intros q Hq; apply in_seq in Hq; apply Hmin; lia)).
  rewrite seq_length in Hmin'.
  assert (HRpos : 0 < INR R_) by (apply lt_0_INR; lia).
  assert (Hfew : wsum (reads_p D p) seeds <= INR M / INR R_ * total seeds).
  { apply (Rmult_le_reg_l (INR R_)); [exact HRpos |].
    replace (INR R_ * (INR M / INR R_ * total seeds)) with (INR M * total seeds) by (field; lra). lra. }
  (* every seed that does not read p fails on one member *)
  assert (Hpair := weight_pair (fun s => fails dist kappa (Xip p) s (nearest (xp p)))
    (fun s => fails dist kappa (Xim p) s (nearest (xm p))) (reads_p D p) seeds r1 r2).
  assert (total seeds - wsum (reads_p D p) seeds <= r1 + r2).
  { apply Hpair; [| | exact W1 | exact W2].
    - eapply Forall_impl; [| exact Hall]. intros ws (Hw & _). exact Hw.
    - apply Forall_forall. intros [w s] Hin Hnot [F1 F2]. simpl in *.
      rewrite Forall_forall in HD. destruct (HD (w, s) Hin) as [o Ho]. simpl in Ho.
      unfold reads_p in Hnot. destruct (in_dec Nat.eq_dec p (reads D s)) as [_ | Hno]; [discriminate |].
      assert (Eq : forall x : nat -> input (nat * E), (forall k e, k <> p -> x p (k, e) = xu (k, e)) ->
                   run s (nearest (x p)) D [] = Some o).
      { intros x Hx. rewrite <- Ho. apply (run_agree_except s Ou (nearest (x p)) p D []); [| exact Hno].
        intros k e m Hk. unfold Ou, nearest. rewrite (Hx k e Hk). reflexivity. }
      assert (Hno2 := not_both dist kappa (Xip p) (Xim p) s (nearest (xp p)) (nearest (xm p)) o Hmet
        (Hsep p ltac:(lia))
        (ex_intro _ D (Eq xp (fun k e Hk => proj1 (Hsame p k e Hk))))
        (ex_intro _ D (Eq xm (fun k e Hk => proj2 (Hsame p k e Hk))))).
      apply F1. intro T1. apply F2. intro T2. exact (Hno2 (conj T1 T2)). }
  assert (Hge : 0 <= total seeds).
  { clear -Hall. induction seeds as [| [w s] seeds IH]; [unfold total; simpl; lra |].
    inversion Hall as [| ? ? (Hw & _) Hrest]; subst. rewrite total_cons. simpl in Hw. specialize (IH Hrest). lra. }
  nra.
Qed.

End Sample.

(** ** The cited theorems: exactly the statements of Model.v *)

Theorem sample_adversary : lemma2_statement.
Proof. intros E Out dist kappa R_ M xu xp xm Xip Xim Hyp. exact (sample_randomised dist kappa R_ M xu xp xm Xip Xim Hyp). Qed.

Theorem sample_adversary_deterministic : lemma2_deterministic_statement.
Proof.
  intros E Out dist kappa R_ M xu xp xm Xip Xim Hyp HMR s Hb Hh.
  destruct (sample_randomised dist kappa R_ M xu xp xm Xip Xim Hyp [(1, s)]
    ltac:(repeat constructor; simpl; [lra | exact Hb | exact Hh])) as (p & Hp & op & om & L1 & L2 & Hbound).
  exists p. split; [exact Hp |]. exists op, om. repeat split; [exact L1 | exact L2 |].
  intros [S1 S2].
  assert (W1 : weight (fun s => fails dist kappa (Xip p) s op) [(1, s)] 0).
  { apply weight_out; [intro F; exact (F S1) | constructor]. }
  assert (W2 : weight (fun s => fails dist kappa (Xim p) s om) [(1, s)] 0).
  { apply weight_out; [intro F; exact (F S2) | constructor]. }
  specialize (Hbound 0 0 W1 W2). unfold total in Hbound. simpl in Hbound.
  destruct Hyp as (_ & HR & _).
  assert (HRpos : 0 < INR R_) by (apply lt_0_INR; lia).
  assert (HMR' : INR M < INR R_) by (apply lt_INR; exact HMR).
  assert (INR M / INR R_ < 1).
  { apply (Rmult_lt_reg_r (INR R_)); [exact HRpos |]. unfold Rdiv. rewrite Rmult_assoc, Rinv_l; lra. }
  lra.
Qed.
