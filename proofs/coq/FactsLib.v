(** * Tools for the generated proofs of Facts.v

    The family facts are proved the way the kernel decides them (sci_oracle/kernel/symbolic.py):
    each variable is written as lo + v or lo + (hi − lo)/(1 + v) with v ≥ 0, the expression is put
    over one denominator (field), and numerator and denominator are sums of monomials in the v's
    whose coefficients a + b·√2 are nonnegative. *)

From Coq Require Import Reals Lra.
Open Scope R_scope.

Lemma sqrt2_facts : sqrt 2 * sqrt 2 = 2 /\ 14142 / 10000 < sqrt 2 < 14143 / 10000.
Proof.
  assert (H2 : sqrt 2 * sqrt 2 = 2) by (apply sqrt_sqrt; lra).
  assert (Hpos : 0 <= sqrt 2) by apply sqrt_pos.
  split; [exact H2 | split].
  - destruct (Rlt_or_le (14142 / 10000) (sqrt 2)) as [H | H]; [exact H | nra].
  - destruct (Rlt_or_le (sqrt 2) (14143 / 10000)) as [H | H]; [exact H | nra].
Qed.

Lemma shift_lo : forall lo x, lo <= x -> exists v, 0 <= v /\ x = lo + v.
Proof. intros lo x H. exists (x - lo). split; [lra | ring]. Qed.

Lemma shift_lo_open : forall lo x, lo < x -> exists v, 0 <= v /\ x = lo + v.
Proof. intros lo x H. apply shift_lo. lra. Qed.

Lemma shift_interval : forall lo hi x, lo < x <= hi -> exists v, 0 <= v /\ x = lo + (hi - lo) / (1 + v).
Proof.
  intros lo hi x [H1 H2]. exists ((hi - lo) / (x - lo) - 1). split.
  - assert (Hq : 1 <= (hi - lo) / (x - lo)).
    { apply (Rmult_le_reg_r (x - lo)); [lra |]. unfold Rdiv.
      rewrite Rmult_assoc, Rinv_l by lra. lra. }
    lra.
  - field. split; lra.
Qed.

Lemma div_nonneg : forall a b, 0 <= a -> 0 < b -> 0 <= a / b.
Proof. intros a b Ha Hb. unfold Rdiv. apply Rmult_le_pos; [exact Ha | left; apply Rinv_0_lt_compat; exact Hb]. Qed.

(** Signs of sums and products of nonnegative and positive terms: the denominators, which stay
    factored (no ring normalisation), and the side conditions of [field]. *)
Ltac nonneg :=
  first
    [ assumption
    | match goal with
      | |- 0 <= _ + _ => apply Rplus_le_le_0_compat; nonneg
      | |- 0 <= _ * _ => apply Rmult_le_pos; nonneg
      | |- 0 <= _ ^ _ => apply pow_le; nonneg
      end
    | lra ].

Ltac pos :=
  match goal with
  | |- _ <> 0 => apply Rgt_not_eq; pos
  | |- _ > 0 => unfold Rgt; pos
  | _ =>
      first
        [ match goal with
          | |- 0 < _ + _ =>
              first
                [ apply Rplus_lt_0_compat; pos
                | apply Rplus_le_lt_0_compat; [nonneg | pos]
                | apply Rplus_lt_le_0_compat; [pos | nonneg] ]
          | |- 0 < _ * _ => apply Rmult_lt_0_compat; pos
          | |- 0 < / _ => apply Rinv_0_lt_compat; pos
          | |- 0 < _ / _ => apply Rdiv_lt_0_compat; pos
          | |- 0 < _ ^ _ => apply pow_lt; pos
          end
        | lra ]
  end.

Ltac nonzero := repeat match goal with |- _ /\ _ => split end; pos.

(** A product of powers of nonnegative variables is nonnegative. *)
Ltac mono := repeat first [assumption | apply pow_le | apply Rmult_le_pos | lra].

(** One term (a + b·√2) · monomial of a sum: its coefficient by lra, its monomial by [mono]. *)
Ltac term := apply Rmult_le_pos; [lra | mono].
