(** * The all-parameters facts of sci_oracle/kernel/facts.py for ulasso, proved (GENERATED: do not edit)

    Written by proofs/coq/generate.py from the kernel's fact templates (facts.expected and its
    parameter intervals); tests/proofs/test_coq_generated.py regenerates it and compares.  One
    lemma per step of each fact, named problem_params_fact_step; steps with the same statement
    share one proof.  One file per problem, so that they compile in parallel.  PNAS 2022 Theorem 1, SI (the family's separation, monotonicity, agreement,
    KKT and training-separation facts), with X = 10^K ≥ 1000 and δ = 2^-(n+1) ∈ (0, 1/4]. *)

From Coq Require Import Reals Lra.
From SciOracle Require Import FactsLib.
Open Scope R_scope.

Lemma ulasso_paper_separation_0 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ((((((- 1) * X * rho) / ((((((sqrt 2) * X) / (3)) + delta) ^ 2) * 2)) + (/ ((((sqrt 2) * X) / (3)) + delta))) * (sqrt 2)) + (((- 2)) / (X))).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * (1 + v_rho) * (1000 + v_X))) by pos.
  match goal with |- 0 < ?E => replace E with (((((((- 36012) * s) + 64000)) * (v_X) + (((((- 72012) * s) + 128000)) * (v_X * v_delta) + (((((- 12) * s) + 128000)) * (v_X * v_delta * v_rho) + (((((- 36000) * s) + 64000)) * (v_X * v_delta ^ 2) + ((64000) * (v_X * v_delta ^ 2 * v_rho) + (((((- 12) * s) + 64000)) * (v_X * v_rho) + (((((- 18) * s) + 32)) * (v_X ^ 2) + (((((- 36) * s) + 64)) * (v_X ^ 2 * v_delta) + ((64) * (v_X ^ 2 * v_delta * v_rho) + (((((- 18) * s) + 32)) * (v_X ^ 2 * v_delta ^ 2) + ((32) * (v_X ^ 2 * v_delta ^ 2 * v_rho) + ((32) * (v_X ^ 2 * v_rho) + (((((- 36012000) * s) + 64000000)) * (v_delta) + (((((- 12000) * s) + 64000000)) * (v_delta * v_rho) + (((((- 18000000) * s) + 32000000)) * (v_delta ^ 2) + ((32000000) * (v_delta ^ 2 * v_rho) + (((((- 12000) * s) + 31999982)) * (v_rho) + ((((- 18012000) * s) + 31999982))))))))))))))))))) + (s * s - 2) * ((((v_X ^ 2) * (v_delta ^ 2) * 16 * v_rho) + ((v_X ^ 2) * (v_delta ^ 2) * 16) + ((v_X ^ 2) * 16 * v_rho) + ((v_X ^ 2) * 16) + ((v_X ^ 2) * 32 * v_delta * v_rho) + ((v_X ^ 2) * 32 * v_delta) + ((v_delta ^ 2) * 16000000 * v_rho) + ((v_delta ^ 2) * 16000000) + ((v_delta ^ 2) * 32000 * v_X * v_rho) + ((v_delta ^ 2) * 32000 * v_X) + (16000000 * v_rho) + (32000 * v_X * v_rho) + (32000 * v_X) + (32000000 * v_delta * v_rho) + (32000000 * v_delta) + (64000 * v_X * v_delta * v_rho) + (64000 * v_X * v_delta) + 16000000))) / ((((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * (1 + v_rho) * (1000 + v_X)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  rewrite Hs2', Rmult_0_l, Rplus_0_r.
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_paper_monotonicity_0 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ((((- 1) * X * rho) / ((((((sqrt 2) * X) / (3)) + delta) ^ 3))) + (/ (((((sqrt 2) * X) / (3)) + delta) ^ 2))).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 3) * (1 + v_rho))) by pos.
  match goal with |- 0 < ?E => replace E with ((((((- 432) + (576 * s))) * (v_X) + ((((- 1296) + (1728 * s))) * (v_X * v_delta) + (((1728 * s)) * (v_X * v_delta * v_rho) + ((((- 1296) + (1728 * s))) * (v_X * v_delta ^ 2) + (((1728 * s)) * (v_X * v_delta ^ 2 * v_rho) + ((((- 432) + (576 * s))) * (v_X * v_delta ^ 3) + (((576 * s)) * (v_X * v_delta ^ 3 * v_rho) + (((576 * s)) * (v_X * v_rho) + ((((- 1295136) + (1728000 * s))) * (v_delta) + ((((1728000 * s) + 864)) * (v_delta * v_rho) + ((((- 1295568) + (1728000 * s))) * (v_delta ^ 2) + ((((1728000 * s) + 432)) * (v_delta ^ 2 * v_rho) + ((((- 432000) + (576000 * s))) * (v_delta ^ 3) + (((576000 * s)) * (v_delta ^ 3 * v_rho) + ((((576000 * s) + 432)) * (v_rho) + (((- 431568) + (576000 * s))))))))))))))))))) / ((((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 3) * (1 + v_rho)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_paper_agreement_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> ((((((sqrt 2) * X) / (3)) + delta) + (((- 1) * (sqrt 2) * X) / (3))) + ((- 1) * delta)) = 0.
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma ulasso_paper_agreement_1 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((((sqrt 2) * 2 * X * delta) / (3)) + (delta ^ 2)).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < (((1 + v_delta) ^ 2) * 48)) by pos.
  match goal with |- 0 < ?E => replace E with (((((8 * s)) * (v_X) + (((8 * s)) * (v_X * v_delta) + (((8000 * s)) * (v_delta) + (((8000 * s) + 3)))))) / ((((1 + v_delta) ^ 2) * 48))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_paper_agreement_2 : forall X delta r : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 1 <= r -> 0 <= ((((((sqrt 2) * X * r) / (3)) + delta) ^ 2) + (((- 2) * (X ^ 2) * (r ^ 2)) / (9)) + (((- 2) * (sqrt 2) * X * delta) / (3)) + ((- 1) * (delta ^ 2))).
Proof.
  intros X delta r HX Hdelta Hr.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_lo 1 r Hr) as [v_r [Hv_r ->]].
  assert (HD : 0 < (((1 + v_delta) ^ 2) * 144)) by pos.
  match goal with |- 0 <= ?E => replace E with (((((24 * s)) * (v_X * v_delta * v_r) + (((24 * s)) * (v_X * v_r) + (((24000 * s)) * (v_delta * v_r) + (((24000 * s)) * (v_r))))) + (s * s - 2) * ((((v_X ^ 2) * (v_delta ^ 2) * (v_r ^ 2) * 16) + ((v_X ^ 2) * (v_delta ^ 2) * 16) + ((v_X ^ 2) * (v_delta ^ 2) * 32 * v_r) + ((v_X ^ 2) * (v_r ^ 2) * 16) + ((v_X ^ 2) * (v_r ^ 2) * 32 * v_delta) + ((v_X ^ 2) * 16) + ((v_X ^ 2) * 32 * v_delta) + ((v_X ^ 2) * 32 * v_r) + ((v_X ^ 2) * 64 * v_delta * v_r) + ((v_delta ^ 2) * (v_r ^ 2) * 16000000) + ((v_delta ^ 2) * (v_r ^ 2) * 32000 * v_X) + ((v_delta ^ 2) * 16000000) + ((v_delta ^ 2) * 32000 * v_X) + ((v_delta ^ 2) * 32000000 * v_r) + ((v_delta ^ 2) * 64000 * v_X * v_r) + ((v_r ^ 2) * 16000000) + ((v_r ^ 2) * 32000 * v_X) + ((v_r ^ 2) * 32000000 * v_delta) + ((v_r ^ 2) * 64000 * v_X * v_delta) + (128000 * v_X * v_delta * v_r) + (32000 * v_X) + (32000000 * v_delta) + (32000000 * v_r) + (64000 * v_X * v_delta) + (64000 * v_X * v_r) + (64000000 * v_delta * v_r) + 16000000))) / ((((1 + v_delta) ^ 2) * 144))) by (field; nonzero) end.
  apply div_nonneg; [| exact HD].
  rewrite Hs2', Rmult_0_l, Rplus_0_r.
  apply Rplus_le_le_0_compat; [term |].
  apply Rplus_le_le_0_compat; [term |].
  apply Rplus_le_le_0_compat; [term |].
  term.
Qed.

Lemma ulasso_paper_agreement_3 : forall u w : R, 0 < u -> 0 < w <= 1 -> 0 <= (((- 1) * u * w) + u).
Proof.
  intros u w Hu Hw.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo_open 0 u Hu) as [v_u [Hv_u ->]].
  destruct (shift_interval 0 1 w Hw) as [v_w [Hv_w ->]].
  assert (HD : 0 < (1 + v_w)) by pos.
  match goal with |- 0 <= ?E => replace E with ((((1) * (v_u * v_w))) / ((1 + v_w))) by (field; nonzero) end.
  apply div_nonneg; [| exact HD].
  term.
Qed.

Lemma ulasso_paper_kkt_0 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> ((((((((- 1) * X * rho) / ((((((sqrt 2) * X) / (3)) + delta) ^ 2) * 2)) + (/ ((((sqrt 2) * X) / (3)) + delta))) * ((((sqrt 2) * X) / (3)) + delta)) + (- 1)) * (((((sqrt 2) * X) / (3)) + delta) * 2)) + (X * rho)) = 0.
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma ulasso_paper_kkt_1 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ((((- 1) * (X ^ 2) * (sqrt 2) * rho) / (((((sqrt 2) * X) / (3)) + delta) * 3)) + (X * rho)).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1 + v_rho) * 4)) by pos.
  match goal with |- 0 < ?E => replace E with ((((3) * (v_X) + (3000))) / (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1 + v_rho) * 4))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_paper_kkt_2 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> (((((((- 1) * X * rho) / ((((((sqrt 2) * X) / (3)) + delta) ^ 2) * 2)) + (/ ((((sqrt 2) * X) / (3)) + delta))) * ((((sqrt 2) * X) / (3)) + delta)) + (- 1)) + (((X * rho)) / ((((((sqrt 2) * X) / (3)) + delta) * 2)))) = 0.
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma ulasso_paper_kkt_3 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ((((- 1) * X * rho) / ((((((sqrt 2) * X) / (3)) + delta) ^ 2) * 2)) + (/ ((((sqrt 2) * X) / (3)) + delta))).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * (1 + v_rho))) by pos.
  match goal with |- 0 < ?E => replace E with ((((((- 18) + (48 * s))) * (v_X) + ((((- 36) + (96 * s))) * (v_X * v_delta) + (((96 * s)) * (v_X * v_delta * v_rho) + ((((- 18) + (48 * s))) * (v_X * v_delta ^ 2) + (((48 * s)) * (v_X * v_delta ^ 2 * v_rho) + (((48 * s)) * (v_X * v_rho) + ((((- 35964) + (96000 * s))) * (v_delta) + ((((96000 * s) + 36)) * (v_delta * v_rho) + ((((- 18000) + (48000 * s))) * (v_delta ^ 2) + (((48000 * s)) * (v_delta ^ 2 * v_rho) + ((((48000 * s) + 36)) * (v_rho) + (((- 17964) + (48000 * s))))))))))))))) / ((((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * (1 + v_rho)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_paper_training_separation_0 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < (((((((- 1) * X * rho) / (2)) + (((sqrt 2) * 5 * X) / (3)) + (5 * delta)) * (sqrt 2)) / ((((((sqrt 2) * X) / (3)) + delta) ^ 2))) + (((- 2)) / (X))).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * (1 + v_rho) * (1000 + v_X))) by pos.
  match goal with |- 0 < ?E => replace E with (((((((- 35868) * s) + 832000)) * (v_X) + (((((- 71868) * s) + 1664000)) * (v_X * v_delta) + ((((132 * s) + 1664000)) * (v_X * v_delta * v_rho) + (((((- 36000) * s) + 832000)) * (v_X * v_delta ^ 2) + ((832000) * (v_X * v_delta ^ 2 * v_rho) + ((((132 * s) + 832000)) * (v_X * v_rho) + (((((- 18) * s) + 416)) * (v_X ^ 2) + (((((- 36) * s) + 832)) * (v_X ^ 2 * v_delta) + ((832) * (v_X ^ 2 * v_delta * v_rho) + (((((- 18) * s) + 416)) * (v_X ^ 2 * v_delta ^ 2) + ((416) * (v_X ^ 2 * v_delta ^ 2 * v_rho) + ((416) * (v_X ^ 2 * v_rho) + (((((- 35868000) * s) + 832000000)) * (v_delta) + ((((132000 * s) + 832000000)) * (v_delta * v_rho) + (((((- 18000000) * s) + 416000000)) * (v_delta ^ 2) + ((416000000) * (v_delta ^ 2 * v_rho) + ((((132000 * s) + 415999982)) * (v_rho) + ((((- 17868000) * s) + 415999982))))))))))))))))))) + (s * s - 2) * ((((v_X ^ 2) * (v_delta ^ 2) * 208 * v_rho) + ((v_X ^ 2) * (v_delta ^ 2) * 208) + ((v_X ^ 2) * 208 * v_rho) + ((v_X ^ 2) * 208) + ((v_X ^ 2) * 416 * v_delta * v_rho) + ((v_X ^ 2) * 416 * v_delta) + ((v_delta ^ 2) * 208000000 * v_rho) + ((v_delta ^ 2) * 208000000) + ((v_delta ^ 2) * 416000 * v_X * v_rho) + ((v_delta ^ 2) * 416000 * v_X) + (208000000 * v_rho) + (416000 * v_X * v_rho) + (416000 * v_X) + (416000000 * v_delta * v_rho) + (416000000 * v_delta) + (832000 * v_X * v_delta * v_rho) + (832000 * v_X * v_delta) + 208000000))) / ((((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * (1 + v_rho) * (1000 + v_X)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  rewrite Hs2', Rmult_0_l, Rplus_0_r.
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_paper_training_separation_1 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ((((((- 1) * X * rho) / (2)) + (((sqrt 2) * 5 * X) / (3)) + (5 * delta))) / ((((((sqrt 2) * X) / (3)) + delta) ^ 2))).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * (1 + v_rho))) by pos.
  match goal with |- 0 < ?E => replace E with ((((((- 18) + (240 * s))) * (v_X) + ((((- 36) + (480 * s))) * (v_X * v_delta) + (((480 * s)) * (v_X * v_delta * v_rho) + ((((- 18) + (240 * s))) * (v_X * v_delta ^ 2) + (((240 * s)) * (v_X * v_delta ^ 2 * v_rho) + (((240 * s)) * (v_X * v_rho) + ((((- 35820) + (480000 * s))) * (v_delta) + ((((480000 * s) + 180)) * (v_delta * v_rho) + ((((- 18000) + (240000 * s))) * (v_delta ^ 2) + (((240000 * s)) * (v_delta ^ 2 * v_rho) + ((((240000 * s) + 180)) * (v_rho) + (((- 17820) + (240000 * s))))))))))))))) / ((((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * (1 + v_rho)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_rational_separation_0 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ((((((- 1) * X * rho) / (((((X) / (2)) + delta) ^ 2) * 2)) + (/ (((X) / (2)) + delta))) * (sqrt 2)) + (((- 2)) / (X))).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * (1 + v_rho) * (1000 + v_X))) by pos.
  match goal with |- 0 < ?E => replace E with ((((((- 16008) + (12004 * s))) * (v_X) + ((((- 32008) + (24004 * s))) * (v_X * v_delta) + ((((- 32008) + (32004 * s))) * (v_X * v_delta * v_rho) + ((((- 16000) + (12000 * s))) * (v_X * v_delta ^ 2) + ((((- 16000) + (16000 * s))) * (v_X * v_delta ^ 2 * v_rho) + ((((- 16008) + (16004 * s))) * (v_X * v_rho) + ((((- 8) + (6 * s))) * (v_X ^ 2) + ((((- 16) + (12 * s))) * (v_X ^ 2 * v_delta) + ((((- 16) + (16 * s))) * (v_X ^ 2 * v_delta * v_rho) + ((((- 8) + (6 * s))) * (v_X ^ 2 * v_delta ^ 2) + ((((- 8) + (8 * s))) * (v_X ^ 2 * v_delta ^ 2 * v_rho) + ((((- 8) + (8 * s))) * (v_X ^ 2 * v_rho) + ((((- 16008000) + (12004000 * s))) * (v_delta) + ((((- 16008000) + (16004000 * s))) * (v_delta * v_rho) + ((((- 8000000) + (6000000 * s))) * (v_delta ^ 2) + ((((- 8000000) + (8000000 * s))) * (v_delta ^ 2 * v_rho) + ((((- 8008002) + (8004000 * s))) * (v_rho) + (((- 8008002) + (6004000 * s))))))))))))))))))))) / ((((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * (1 + v_rho) * (1000 + v_X)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_rational_monotonicity_0 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ((((- 1) * X * rho) / (((((X) / (2)) + delta) ^ 3))) + (/ ((((X) / (2)) + delta) ^ 2))).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 3) * (1 + v_rho))) by pos.
  match goal with |- 0 < ?E => replace E with ((((16) * (v_X) + ((48) * (v_X * v_delta) + ((96) * (v_X * v_delta * v_rho) + ((48) * (v_X * v_delta ^ 2) + ((96) * (v_X * v_delta ^ 2 * v_rho) + ((16) * (v_X * v_delta ^ 3) + ((32) * (v_X * v_delta ^ 3 * v_rho) + ((32) * (v_X * v_rho) + ((48032) * (v_delta) + ((96032) * (v_delta * v_rho) + ((48016) * (v_delta ^ 2) + ((96016) * (v_delta ^ 2 * v_rho) + ((16000) * (v_delta ^ 3) + ((32000) * (v_delta ^ 3 * v_rho) + ((32016) * (v_rho) + (16016))))))))))))))))) / ((((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 3) * (1 + v_rho)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_rational_agreement_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> (((((- 1) * X) / (2)) + (((X) / (2)) + delta)) + ((- 1) * delta)) = 0.
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma ulasso_rational_agreement_1 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((X * delta) + (delta ^ 2)).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < (((1 + v_delta) ^ 2) * 16)) by pos.
  match goal with |- 0 < ?E => replace E with ((((4) * (v_X) + ((4) * (v_X * v_delta) + ((4000) * (v_delta) + (4001))))) / ((((1 + v_delta) ^ 2) * 16))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_rational_agreement_2 : forall X delta r : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 1 <= r -> 0 <= (((((X * r) / (2)) + delta) ^ 2) + (((- 1) * (X ^ 2) * (r ^ 2)) / (4)) + ((- 1) * (delta ^ 2)) + ((- 1) * X * delta)).
Proof.
  intros X delta r HX Hdelta Hr.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_lo 1 r Hr) as [v_r [Hv_r ->]].
  assert (HD : 0 < (((1 + v_delta) ^ 2) * 16)) by pos.
  match goal with |- 0 <= ?E => replace E with ((((4) * (v_X * v_delta * v_r) + ((4) * (v_X * v_r) + ((4000) * (v_delta * v_r) + ((4000) * (v_r)))))) / ((((1 + v_delta) ^ 2) * 16))) by (field; nonzero) end.
  apply div_nonneg; [| exact HD].
  apply Rplus_le_le_0_compat; [term |].
  apply Rplus_le_le_0_compat; [term |].
  apply Rplus_le_le_0_compat; [term |].
  term.
Qed.

Lemma ulasso_rational_agreement_3 : forall u w : R, 0 < u -> 0 < w <= 1 -> 0 <= (((- 1) * u * w) + u).
Proof. exact ulasso_paper_agreement_3. Qed.

Lemma ulasso_rational_kkt_0 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> ((((((((- 1) * X * rho) / (((((X) / (2)) + delta) ^ 2) * 2)) + (/ (((X) / (2)) + delta))) * (((X) / (2)) + delta)) + (- 1)) * ((((X) / (2)) + delta) * 2)) + (X * rho)) = 0.
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma ulasso_rational_kkt_1 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ((((- 1) * (X ^ 2) * rho) / ((((X) / (2)) + delta) * 2)) + (X * rho)).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1 + v_rho) * 4)) by pos.
  match goal with |- 0 < ?E => replace E with ((((1) * (v_X) + (1000))) / (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1 + v_rho) * 4))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_rational_kkt_2 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> (((((((- 1) * X * rho) / (((((X) / (2)) + delta) ^ 2) * 2)) + (/ (((X) / (2)) + delta))) * (((X) / (2)) + delta)) + (- 1)) + (((X * rho)) / (((((X) / (2)) + delta) * 2)))) = 0.
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma ulasso_rational_kkt_3 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ((((- 1) * X * rho) / (((((X) / (2)) + delta) ^ 2) * 2)) + (/ (((X) / (2)) + delta))).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * (1 + v_rho))) by pos.
  match goal with |- 0 < ?E => replace E with ((((6) * (v_X) + ((12) * (v_X * v_delta) + ((16) * (v_X * v_delta * v_rho) + ((6) * (v_X * v_delta ^ 2) + ((8) * (v_X * v_delta ^ 2 * v_rho) + ((8) * (v_X * v_rho) + ((12004) * (v_delta) + ((16004) * (v_delta * v_rho) + ((6000) * (v_delta ^ 2) + ((8000) * (v_delta ^ 2 * v_rho) + ((8004) * (v_rho) + (6004))))))))))))) / ((((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * (1 + v_rho)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_rational_training_separation_0 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < (((((((- 1) * X * rho) / (2)) + ((5 * X) / (2)) + (5 * delta)) * (sqrt 2)) / (((((X) / (2)) + delta) ^ 2))) + (((- 2)) / (X))).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * (1 + v_rho) * (1000 + v_X))) by pos.
  match goal with |- 0 < ?E => replace E with ((((((- 16008) + (76020 * s))) * (v_X) + ((((- 32008) + (152020 * s))) * (v_X * v_delta) + ((((- 32008) + (160020 * s))) * (v_X * v_delta * v_rho) + ((((- 16000) + (76000 * s))) * (v_X * v_delta ^ 2) + ((((- 16000) + (80000 * s))) * (v_X * v_delta ^ 2 * v_rho) + ((((- 16008) + (80020 * s))) * (v_X * v_rho) + ((((- 8) + (38 * s))) * (v_X ^ 2) + ((((- 16) + (76 * s))) * (v_X ^ 2 * v_delta) + ((((- 16) + (80 * s))) * (v_X ^ 2 * v_delta * v_rho) + ((((- 8) + (38 * s))) * (v_X ^ 2 * v_delta ^ 2) + ((((- 8) + (40 * s))) * (v_X ^ 2 * v_delta ^ 2 * v_rho) + ((((- 8) + (40 * s))) * (v_X ^ 2 * v_rho) + ((((- 16008000) + (76020000 * s))) * (v_delta) + ((((- 16008000) + (80020000 * s))) * (v_delta * v_rho) + ((((- 8000000) + (38000000 * s))) * (v_delta ^ 2) + ((((- 8000000) + (40000000 * s))) * (v_delta ^ 2 * v_rho) + ((((- 8008002) + (40020000 * s))) * (v_rho) + (((- 8008002) + (38020000 * s))))))))))))))))))))) / ((((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * (1 + v_rho) * (1000 + v_X)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma ulasso_rational_training_separation_1 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ((((((- 1) * X * rho) / (2)) + ((5 * X) / (2)) + (5 * delta))) / (((((X) / (2)) + delta) ^ 2))).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * (1 + v_rho))) by pos.
  match goal with |- 0 < ?E => replace E with ((((38) * (v_X) + ((76) * (v_X * v_delta) + ((80) * (v_X * v_delta * v_rho) + ((38) * (v_X * v_delta ^ 2) + ((40) * (v_X * v_delta ^ 2 * v_rho) + ((40) * (v_X * v_rho) + ((76020) * (v_delta) + ((80020) * (v_delta * v_rho) + ((38000) * (v_delta ^ 2) + ((40000) * (v_delta ^ 2 * v_rho) + ((40020) * (v_rho) + (38020))))))))))))) / ((((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * (1 + v_rho)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.
