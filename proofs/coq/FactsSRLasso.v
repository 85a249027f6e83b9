(** * The all-parameters facts of sci_oracle/kernel/facts.py for srlasso, proved (GENERATED: do not edit)

    Written by proofs/coq/generate.py from the kernel's fact templates (facts.expected and its
    parameter intervals); tests/proofs/test_coq_generated.py regenerates it and compares.  One
    lemma per step of each fact, named problem_params_fact_step; steps with the same statement
    share one proof.  One file per problem, so that they compile in parallel.  PNAS 2022 Theorem 1, SI (the family's separation, monotonicity, agreement,
    KKT and training-separation facts), with X = 10^K ≥ 1000 and δ = 2^-(n+1) ∈ (0, 1/4]. *)

From Coq Require Import Reals Lra.
From SciOracle Require Import FactsLib.
Open Scope R_scope.

Lemma srlasso_paper_separation_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((((- 2)) / (X)) + (((sqrt 2)) / (((((sqrt 2) * X) / (3)) + delta)))).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1000 + v_X))) by pos.
  match goal with |- 0 < ?E => replace E with (((((4 * s)) * (v_X) + (((4 * s)) * (v_X * v_delta) + (((4000 * s)) * (v_delta) + (((- 6) + (4000 * s))))))) / (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1000 + v_X)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_paper_monotonicity_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < (/ (((((sqrt 2) * X) / (3)) + delta) ^ 2)).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2)) by pos.
  match goal with |- 0 < ?E => replace E with ((((288) * (v_delta) + ((144) * (v_delta ^ 2) + (144)))) / (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_paper_agreement_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> ((((((sqrt 2) * X) / (3)) + delta) + (((- 1) * (sqrt 2) * X) / (3))) + ((- 1) * delta)) = 0.
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma srlasso_paper_agreement_1 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((((sqrt 2) * 2 * X * delta) / (3)) + (delta ^ 2)).
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

Lemma srlasso_paper_agreement_2 : forall X delta r : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 1 <= r -> 0 <= ((((((sqrt 2) * X * r) / (3)) + delta) ^ 2) + (((- 2) * (X ^ 2) * (r ^ 2)) / (9)) + (((- 2) * (sqrt 2) * X * delta) / (3)) + ((- 1) * (delta ^ 2))).
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

Lemma srlasso_paper_agreement_3 : forall u w : R, 0 < u -> 0 < w <= 1 -> 0 <= (((- 1) * u * w) + u).
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

Lemma srlasso_paper_kkt_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> (((((((sqrt 2) * X) / (3)) + delta)) / (((((sqrt 2) * X) / (3)) + delta))) + (- 1)) = 0.
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma srlasso_paper_kkt_1 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (2 / 5) -> (((((((sqrt 2) * X) / (3)) + delta) * (- 1)) * (((- 1) * X * rho) / (((((sqrt 2) * X) / (3)) + delta)))) + ((- 1) * X * rho)) = 0.
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma srlasso_paper_kkt_2 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (2 / 5) -> 0 < ((((- 1) * (X ^ 2) * (sqrt 2) * rho) / (((((sqrt 2) * X) / (3)) + delta) * 3)) + (X * rho)).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (2 / 5) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1 + v_rho) * 5)) by pos.
  match goal with |- 0 < ?E => replace E with ((((6) * (v_X) + (6000))) / (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1 + v_rho) * 5))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_paper_kkt_3 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (2 / 5) -> 0 < ((((- 1) * (X ^ 2) * (rho ^ 2)) / ((((((sqrt 2) * X) / (3)) + delta) ^ 2))) + 1).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (2 / 5) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * ((1 + v_rho) ^ 2) * 25)) by pos.
  match goal with |- 0 < ?E => replace E with ((((((600 * s) + 448000)) * (v_X) + ((((600 * s) + 896000)) * (v_X * v_delta) + ((((1200 * s) + 6400000)) * (v_X * v_delta * v_rho) + ((((600 * s) + 3200000)) * (v_X * v_delta * v_rho ^ 2) + ((448000) * (v_X * v_delta ^ 2) + ((3200000) * (v_X * v_delta ^ 2 * v_rho) + ((1600000) * (v_X * v_delta ^ 2 * v_rho ^ 2) + ((((1200 * s) + 3200000)) * (v_X * v_rho) + ((((600 * s) + 1600000)) * (v_X * v_rho ^ 2) + ((224) * (v_X ^ 2) + ((448) * (v_X ^ 2 * v_delta) + ((3200) * (v_X ^ 2 * v_delta * v_rho) + ((1600) * (v_X ^ 2 * v_delta * v_rho ^ 2) + ((224) * (v_X ^ 2 * v_delta ^ 2) + ((1600) * (v_X ^ 2 * v_delta ^ 2 * v_rho) + ((800) * (v_X ^ 2 * v_delta ^ 2 * v_rho ^ 2) + ((1600) * (v_X ^ 2 * v_rho) + ((800) * (v_X ^ 2 * v_rho ^ 2) + ((((600000 * s) + 448000000)) * (v_delta) + ((((1200000 * s) + 3200000000)) * (v_delta * v_rho) + ((((600000 * s) + 1600000000)) * (v_delta * v_rho ^ 2) + ((224000000) * (v_delta ^ 2) + ((1600000000) * (v_delta ^ 2 * v_rho) + ((800000000) * (v_delta ^ 2 * v_rho ^ 2) + ((((1200000 * s) + 1600000450)) * (v_rho) + ((((600000 * s) + 800000225)) * (v_rho ^ 2) + (((600000 * s) + 224000225)))))))))))))))))))))))))))) + (s * s - 2) * ((((v_X ^ 2) * (v_delta ^ 2) * (v_rho ^ 2) * 400) + ((v_X ^ 2) * (v_delta ^ 2) * 400) + ((v_X ^ 2) * (v_delta ^ 2) * 800 * v_rho) + ((v_X ^ 2) * (v_rho ^ 2) * 400) + ((v_X ^ 2) * (v_rho ^ 2) * 800 * v_delta) + ((v_X ^ 2) * 1600 * v_delta * v_rho) + ((v_X ^ 2) * 400) + ((v_X ^ 2) * 800 * v_delta) + ((v_X ^ 2) * 800 * v_rho) + ((v_delta ^ 2) * (v_rho ^ 2) * 400000000) + ((v_delta ^ 2) * (v_rho ^ 2) * 800000 * v_X) + ((v_delta ^ 2) * 1600000 * v_X * v_rho) + ((v_delta ^ 2) * 400000000) + ((v_delta ^ 2) * 800000 * v_X) + ((v_delta ^ 2) * 800000000 * v_rho) + ((v_rho ^ 2) * 1600000 * v_X * v_delta) + ((v_rho ^ 2) * 400000000) + ((v_rho ^ 2) * 800000 * v_X) + ((v_rho ^ 2) * 800000000 * v_delta) + (1600000 * v_X * v_delta) + (1600000 * v_X * v_rho) + (1600000000 * v_delta * v_rho) + (3200000 * v_X * v_delta * v_rho) + (800000 * v_X) + (800000000 * v_delta) + (800000000 * v_rho) + 400000000))) / ((((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * ((1 + v_rho) ^ 2) * 25))) by (field; nonzero) end.
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

Lemma srlasso_paper_kkt_4 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < (/ ((((sqrt 2) * X) / (3)) + delta)).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < (((1 + v_delta) * (1000 + v_X) * 4 * s) + 3)) by pos.
  match goal with |- 0 < ?E => replace E with ((((12) * (v_delta) + (12))) / ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_paper_kkt_5 : forall X rho : R, 1000 <= X -> 0 < rho <= (2 / 5) -> (((((((sqrt 2) * X) / (3)) * (X * rho)) * (- 1)) / ((((sqrt 2) * X) / (3)))) + (X * rho)) = 0.
Proof.
  intros X rho HX Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma srlasso_paper_training_separation_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((((- 2)) / (X)) + (((sqrt 2) * 5) / (((((sqrt 2) * X) / (3)) + delta)))).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1000 + v_X))) by pos.
  match goal with |- 0 < ?E => replace E with (((((52 * s)) * (v_X) + (((52 * s)) * (v_X * v_delta) + (((52000 * s)) * (v_delta) + (((- 6) + (52000 * s))))))) / (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1000 + v_X)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_paper_training_separation_1 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((5) / (((((sqrt 2) * X) / (3)) + delta))).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < (((1 + v_delta) * (1000 + v_X) * 4 * s) + 3)) by pos.
  match goal with |- 0 < ?E => replace E with ((((60) * (v_delta) + (60))) / ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_rational_separation_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((((- 2)) / (X)) + (((sqrt 2)) / ((((X) / (2)) + delta)))).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1000 + v_X))) by pos.
  match goal with |- 0 < ?E => replace E with ((((((- 4) + (4 * s))) * (v_X) + ((((- 4) + (4 * s))) * (v_X * v_delta) + ((((- 4000) + (4000 * s))) * (v_delta) + (((- 4002) + (4000 * s))))))) / (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1000 + v_X)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_rational_monotonicity_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < (/ ((((X) / (2)) + delta) ^ 2)).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2)) by pos.
  match goal with |- 0 < ?E => replace E with ((((32) * (v_delta) + ((16) * (v_delta ^ 2) + (16)))) / (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_rational_agreement_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> (((((- 1) * X) / (2)) + (((X) / (2)) + delta)) + ((- 1) * delta)) = 0.
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma srlasso_rational_agreement_1 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((X * delta) + (delta ^ 2)).
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

Lemma srlasso_rational_agreement_2 : forall X delta r : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 1 <= r -> 0 <= (((((X * r) / (2)) + delta) ^ 2) + (((- 1) * (X ^ 2) * (r ^ 2)) / (4)) + ((- 1) * (delta ^ 2)) + ((- 1) * X * delta)).
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

Lemma srlasso_rational_agreement_3 : forall u w : R, 0 < u -> 0 < w <= 1 -> 0 <= (((- 1) * u * w) + u).
Proof. exact srlasso_paper_agreement_3. Qed.

Lemma srlasso_rational_kkt_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> ((((((X) / (2)) + delta)) / ((((X) / (2)) + delta))) + (- 1)) = 0.
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma srlasso_rational_kkt_1 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (2 / 5) -> ((((((X) / (2)) + delta) * (- 1)) * (((- 1) * X * rho) / ((((X) / (2)) + delta)))) + ((- 1) * X * rho)) = 0.
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma srlasso_rational_kkt_2 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (2 / 5) -> 0 < ((((- 1) * (X ^ 2) * rho) / ((((X) / (2)) + delta) * 2)) + (X * rho)).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (2 / 5) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1 + v_rho) * 5)) by pos.
  match goal with |- 0 < ?E => replace E with ((((2) * (v_X) + (2000))) / (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1 + v_rho) * 5))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_rational_kkt_3 : forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (2 / 5) -> 0 < ((((- 1) * (X ^ 2) * (rho ^ 2)) / (((((X) / (2)) + delta) ^ 2))) + 1).
Proof.
  intros X delta rho HX Hdelta Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (2 / 5) rho Hrho) as [v_rho [Hv_rho ->]].
  assert (HD : 0 < (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * ((1 + v_rho) ^ 2) * 25)) by pos.
  match goal with |- 0 < ?E => replace E with ((((72100) * (v_X) + ((144100) * (v_X * v_delta) + ((800200) * (v_X * v_delta * v_rho) + ((400100) * (v_X * v_delta * v_rho ^ 2) + ((72000) * (v_X * v_delta ^ 2) + ((400000) * (v_X * v_delta ^ 2 * v_rho) + ((200000) * (v_X * v_delta ^ 2 * v_rho ^ 2) + ((400200) * (v_X * v_rho) + ((200100) * (v_X * v_rho ^ 2) + ((36) * (v_X ^ 2) + ((72) * (v_X ^ 2 * v_delta) + ((400) * (v_X ^ 2 * v_delta * v_rho) + ((200) * (v_X ^ 2 * v_delta * v_rho ^ 2) + ((36) * (v_X ^ 2 * v_delta ^ 2) + ((200) * (v_X ^ 2 * v_delta ^ 2 * v_rho) + ((100) * (v_X ^ 2 * v_delta ^ 2 * v_rho ^ 2) + ((200) * (v_X ^ 2 * v_rho) + ((100) * (v_X ^ 2 * v_rho ^ 2) + ((72100000) * (v_delta) + ((400200000) * (v_delta * v_rho) + ((200100000) * (v_delta * v_rho ^ 2) + ((36000000) * (v_delta ^ 2) + ((200000000) * (v_delta ^ 2 * v_rho) + ((100000000) * (v_delta ^ 2 * v_rho ^ 2) + ((200200050) * (v_rho) + ((100100025) * (v_rho ^ 2) + (36100025)))))))))))))))))))))))))))) / ((((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * ((1 + v_rho) ^ 2) * 25))) by (field; nonzero) end.
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

Lemma srlasso_rational_kkt_4 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < (/ (((X) / (2)) + delta)).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < (((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001)) by pos.
  match goal with |- 0 < ?E => replace E with ((((4) * (v_delta) + (4))) / ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_rational_kkt_5 : forall X rho : R, 1000 <= X -> 0 < rho <= (2 / 5) -> ((((((X) / (2)) * (X * rho)) * (- 1)) / (((X) / (2)))) + (X * rho)) = 0.
Proof.
  intros X rho HX Hrho.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma srlasso_rational_training_separation_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((((- 2)) / (X)) + (((sqrt 2) * 5) / ((((X) / (2)) + delta)))).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1000 + v_X))) by pos.
  match goal with |- 0 < ?E => replace E with ((((((- 4) + (20 * s))) * (v_X) + ((((- 4) + (20 * s))) * (v_X * v_delta) + ((((- 4000) + (20000 * s))) * (v_delta) + (((- 4002) + (20000 * s))))))) / (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1000 + v_X)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma srlasso_rational_training_separation_1 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((5) / ((((X) / (2)) + delta))).
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  assert (HD : 0 < (((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001)) by pos.
  match goal with |- 0 < ?E => replace E with ((((20) * (v_delta) + (20))) / ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.
