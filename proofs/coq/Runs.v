(** * Facts about oracles and runs used by the barrier lemmas (Barrier.v, Sample.v)

    The honest oracle is legal (every input has a legal oracle); a run that stops keeps its output
    with more fuel; two oracles that agree on every query a run asks give the same run. *)

From Coq Require Import Reals Lra Lia List ZArith Arith.
From SciOracle Require Import Model.
Import ListNotations.
Open Scope R_scope.

Lemma pow2_pos : forall m, 0 < 2 ^ m.
Proof. intro m. apply pow_lt. lra. Qed.

Lemma inv_pow2_le : forall m L, (m <= L)%nat -> / 2 ^ L <= / 2 ^ m.
Proof.
  intros m L Hle. apply Rinv_le_contravar; [apply pow2_pos |].
  apply Rle_pow; [lra | exact Hle].
Qed.

(** The nearest-rounded answer is within 2^-(m+1) of the entry. *)
Lemma nearest_error : forall {I} (x : input I) i m, Rabs (answer (nearest x) i m - x i) <= / 2 ^ S m.
Proof.
  intros I x i m. unfold answer, nearest.
  set (y := x i * 2 ^ m - / 2).
  destruct (archimed y) as [Hgt Hle].
  set (k := IZR (up y)) in *.
  assert (HP := pow2_pos m).
  assert (Heq : k / 2 ^ m - x i = (k - x i * 2 ^ m) / 2 ^ m) by (field; lra).
  rewrite Heq. unfold Rdiv. rewrite Rabs_mult, (Rabs_right (/ 2 ^ m)) by (left; apply Rinv_0_lt_compat; lra).
  simpl. rewrite Rinv_mult.
  apply Rmult_le_compat_r; [left; apply Rinv_0_lt_compat; lra |].
  apply Rabs_le. unfold y in *. lra.
Qed.

(** Every input has a legal oracle: its nearest-rounding oracle. *)
Lemma nearest_legal : forall {I} (x : input I), legal x (nearest x).
Proof.
  intros I x i m. eapply Rle_trans; [apply nearest_error |].
  apply inv_pow2_le. lia.
Qed.

(** The oracle that answers like x0's honest oracle up to level L and like x's above: legal for
    x when every entry of x is within 2^-(L+1) of x0. *)
Definition switch {I} (L : nat) (x0 x : input I) : oracle I :=
  fun i m => if (m <=? L)%nat then nearest x0 i m else nearest x i m.

Lemma switch_legal : forall {I} L (x0 x : input I),
  (forall i, Rabs (x i - x0 i) <= / 2 ^ S L) -> legal x (switch L x0 x).
Proof.
  intros I L x0 x Hclose i m. unfold legal, answer, switch. cbv beta.
  destruct (Nat.leb_spec m L) as [Hm | Hm].
  - assert (H1 := nearest_error x0 i m).
    assert (H2 : / 2 ^ S L <= / 2 ^ S m) by (apply inv_pow2_le; lia).
    assert (Hhalf : / 2 ^ S m + / 2 ^ S m = / 2 ^ m).
    { simpl. assert (HP := pow2_pos m). field. lra. }
    unfold answer in H1.
    replace (IZR (nearest x0 i m) / 2 ^ m - x i)
      with ((IZR (nearest x0 i m) / 2 ^ m - x0 i) - (x i - x0 i)) by ring.
    eapply Rle_trans; [apply Rabs_triang |]. rewrite Rabs_Ropp.
    specialize (Hclose i). lra.
  - apply (nearest_legal x i m).
Qed.

(** ** Runs *)

(** The deepest level a run asks within [fuel] nodes. *)
Fixpoint maxlev {I Out} (s : strategy I Out) (orc : oracle I) (fuel : nat) (h : list Z) : nat :=
  match fuel with
  | O => O
  | S f =>
      match s h with
      | Stop _ => O
      | Ask i m => Nat.max m (maxlev s orc f (orc i m :: h))
      end
  end.

Lemma run_agree : forall {I Out} (s : strategy I Out) orc orc' fuel h,
  (forall i m, (m <= maxlev s orc fuel h)%nat -> orc' i m = orc i m) ->
  run s orc' fuel h = run s orc fuel h.
Proof.
  intros I Out s orc orc' fuel. induction fuel as [| f IH]; intros h Hag; simpl; [reflexivity |].
  simpl in Hag. destruct (s h) as [i m | o]; [| reflexivity].
  rewrite (Hag i m) by lia. apply IH. intros i' m' Hm. apply Hag. lia.
Qed.

Lemma run_succ : forall {I Out} (s : strategy I Out) orc d h o,
  run s orc d h = Some o -> run s orc (S d) h = Some o.
Proof.
  intros I Out s orc d. induction d as [| d IH]; intros h o Hrun; [discriminate |].
  simpl in *. destruct (s h) as [i m | o']; [apply IH |]; assumption.
Qed.

Lemma run_le : forall {I Out} (s : strategy I Out) orc d d' h o,
  (d <= d')%nat -> run s orc d h = Some o -> run s orc d' h = Some o.
Proof.
  intros I Out s orc d d' h o Hle. induction Hle; [tauto |]. intro Hr. apply run_succ, IHHle, Hr.
Qed.

Lemma output_unique : forall {I Out} (s : strategy I Out) orc o o',
  output s orc o -> output s orc o' -> o = o'.
Proof.
  intros I Out s orc o o' [d Hd] [d' Hd'].
  assert (H1 := run_le s orc d (Nat.max d d') [] o ltac:(lia) Hd).
  assert (H2 := run_le s orc d' (Nat.max d d') [] o' ltac:(lia) Hd').
  congruence.
Qed.

(** One output that is more than 2κ... : two solutions, each within κ of the same output, are at
    most 2κ apart. *)
Lemma not_both : forall {I Out} (dist : Out -> Out -> R) kappa (Xi1 Xi2 : Out -> Prop)
    (s : strategy I Out) o1 o2 o,
  metric dist -> (forall x1 x2, Xi1 x1 -> Xi2 x2 -> 2 * kappa < dist x1 x2) ->
  output s o1 o -> output s o2 o ->
  ~ (succeeds dist kappa Xi1 s o1 /\ succeeds dist kappa Xi2 s o2).
Proof.
  intros I Out dist kappa Xi1 Xi2 s o1 o2 o [Hsym Htri] Hsep Hout1 Hout2
    [[p1 [x1 [Hp1 [Hx1 Hd1]]]] [p2 [x2 [Hp2 [Hx2 Hd2]]]]].
  rewrite <- (output_unique s o1 o p1 Hout1 Hp1) in Hd1.
  rewrite <- (output_unique s o2 o p2 Hout2 Hp2) in Hd2.
  specialize (Hsep x1 x2 Hx1 Hx2).
  specialize (Htri x1 o x2). rewrite (Hsym x1 o) in Htri. lra.
Qed.

(** ** Weights *)

Lemma total_cons : forall {A} w (a : A) l, total ((w, a) :: l) = w + total l.
Proof. reflexivity. Qed.

(** The weight of the seeds on which a boolean test holds. *)
Definition wsum {A} (B : A -> bool) (l : list (R * A)) : R :=
  fold_right (fun p r => (if B (snd p) then fst p else 0) + r) 0 l.

Lemma wsum_cons : forall {A} (B : A -> bool) w a l,
  wsum B ((w, a) :: l) = (if B a then w else 0) + wsum B l.
Proof. reflexivity. Qed.

(** Every seed outside B fails on at least one of the two members (it cannot succeed on both):
    then P(fail on 1) + P(fail on 2) ≥ total − weight(B). *)
Lemma weight_pair : forall {A} (P1 P2 : A -> Prop) (B : A -> bool) l r1 r2,
  Forall (fun ws => 0 <= fst ws) l ->
  Forall (fun ws => B (snd ws) = false -> ~ (~ P1 (snd ws) /\ ~ P2 (snd ws))) l ->
  weight P1 l r1 -> weight P2 l r2 -> total l - wsum B l <= r1 + r2.
Proof.
  intros A P1 P2 B l. induction l as [| [w a] l IH]; intros r1 r2 Hw Hb H1 H2.
  - inversion H1; inversion H2; subst. unfold total, wsum. simpl. lra.
  - inversion Hw as [| ? ? Hw0 Hwl]; subst. inversion Hb as [| ? ? Hb0 Hbl]; subst.
    simpl in Hw0, Hb0. rewrite total_cons, wsum_cons.
    inversion H1 as [| w1 a1 l1 q1 HP1 Hr1 | w1 a1 l1 q1 HP1 Hr1]; subst;
    inversion H2 as [| w2 a2 l2 q2 HP2 Hr2 | w2 a2 l2 q2 HP2 Hr2]; subst;
    specialize (IH _ _ Hwl Hbl Hr1 Hr2); destruct (B a) eqn:HB; try lra.
    exfalso. exact (Hb0 eq_refl (conj HP1 HP2)).
Qed.
