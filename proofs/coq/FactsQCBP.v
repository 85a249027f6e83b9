(** * The all-parameters facts of sci_oracle/kernel/facts.py for qcbp, proved (GENERATED: do not edit)

    Written by proofs/coq/generate.py from the kernel's fact templates (facts.expected and its
    parameter intervals); tests/proofs/test_coq_generated.py regenerates it and compares.  One
    lemma per step of each fact, named problem_params_fact_step; steps with the same statement
    share one proof.  One file per problem, so that they compile in parallel.  PNAS 2022 Theorem 1, SI (the family's separation, monotonicity, agreement,
    KKT and training-separation facts), with X = 10^K ≥ 1000 and δ = 2^-(n+1) ∈ (0, 1/4]. *)

From Coq Require Import Reals Lra.
From SciOracle Require Import FactsLib.
Open Scope R_scope.

Lemma qcbp_paper_separation_0 : forall X delta epsilon : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> 0 < ((((((- 1) * epsilon) + 1) * (sqrt 2)) / (((((sqrt 2) * X) / (3)) + delta))) + (((- 2)) / (X))).
Proof.
  intros X delta epsilon HX Hdelta Hepsilon.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) epsilon Hepsilon) as [v_epsilon [Hv_epsilon ->]].
  assert (HD : 0 < ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1 + v_epsilon) * (1000 + v_X))) by pos.
  match goal with |- 0 < ?E => replace E with ((((s) * (v_X) + ((s) * (v_X * v_delta) + (((4 * s)) * (v_X * v_delta * v_epsilon) + (((4 * s)) * (v_X * v_epsilon) + (((1000 * s)) * (v_delta) + (((4000 * s)) * (v_delta * v_epsilon) + ((((- 6) + (4000 * s))) * (v_epsilon) + (((- 6) + (1000 * s))))))))))) / (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1 + v_epsilon) * (1000 + v_X)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma qcbp_paper_monotonicity_0 : forall X delta epsilon : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> 0 < (((((- 1) * epsilon) + 1)) / ((((((sqrt 2) * X) / (3)) + delta) ^ 2))).
Proof.
  intros X delta epsilon HX Hdelta Hepsilon.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) epsilon Hepsilon) as [v_epsilon [Hv_epsilon ->]].
  assert (HD : 0 < (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * (1 + v_epsilon))) by pos.
  match goal with |- 0 < ?E => replace E with ((((216) * (v_delta) + ((288) * (v_delta * v_epsilon) + ((108) * (v_delta ^ 2) + ((144) * (v_delta ^ 2 * v_epsilon) + ((144) * (v_epsilon) + (108))))))) / ((((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) ^ 2) * (1 + v_epsilon)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma qcbp_paper_agreement_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> ((((((sqrt 2) * X) / (3)) + delta) + (((- 1) * (sqrt 2) * X) / (3))) + ((- 1) * delta)) = 0.
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma qcbp_paper_agreement_1 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((((sqrt 2) * 2 * X * delta) / (3)) + (delta ^ 2)).
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

Lemma qcbp_paper_agreement_2 : forall X delta r : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 1 <= r -> 0 <= ((((((sqrt 2) * X * r) / (3)) + delta) ^ 2) + (((- 2) * (X ^ 2) * (r ^ 2)) / (9)) + (((- 2) * (sqrt 2) * X * delta) / (3)) + ((- 1) * (delta ^ 2))).
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

Lemma qcbp_paper_agreement_3 : forall u w : R, 0 < u -> 0 < w <= 1 -> 0 <= (((- 1) * u * w) + u).
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

Lemma qcbp_paper_kkt_0 : forall X delta epsilon : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> (((((((((- 1) * epsilon) + 1)) / (((((sqrt 2) * X) / (3)) + delta))) * ((((sqrt 2) * X) / (3)) + delta)) + (- 1)) ^ 2) + ((- 1) * (epsilon ^ 2))) = 0.
Proof.
  intros X delta epsilon HX Hdelta Hepsilon.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma qcbp_paper_kkt_1 : forall X delta epsilon w1 : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> 0 < w1 -> (((((((((- 1) * epsilon) + 1)) / (((((sqrt 2) * X) / (3)) + delta))) * ((((sqrt 2) * X) / (3)) + delta)) + (- 1)) * (((((sqrt 2) * X) / (3)) + delta) * (((- 1) * w1) / (((((sqrt 2) * X) / (3)) + delta) * epsilon)))) + ((- 1) * w1)) = 0.
Proof.
  intros X delta epsilon w1 HX Hdelta Hepsilon Hw1.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma qcbp_paper_kkt_2 : forall X delta w1 : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < w1 -> 0 < ((((((- 1) * (sqrt 2) * X * w1) / (((((sqrt 2) * X) / (3)) + delta) * 3)) + w1)) / (w1)).
Proof.
  intros X delta w1 HX Hdelta Hw1.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_lo_open 0 w1 Hw1) as [v_w1 [Hv_w1 ->]].
  assert (HD : 0 < (((1 + v_delta) * (1000 + v_X) * 4 * s) + 3)) by pos.
  match goal with |- 0 < ?E => replace E with (((3)) / ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  lra.
Qed.

Lemma qcbp_paper_kkt_3 : forall X delta epsilon : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> 0 < ((1) / (((((sqrt 2) * X) / (3)) + delta) * epsilon)).
Proof.
  intros X delta epsilon HX Hdelta Hepsilon.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) epsilon Hepsilon) as [v_epsilon [Hv_epsilon ->]].
  assert (HD : 0 < (((1 + v_delta) * (1000 + v_X) * 4 * s) + 3)) by pos.
  match goal with |- 0 < ?E => replace E with ((((48) * (v_delta) + ((48) * (v_delta * v_epsilon) + ((48) * (v_epsilon) + (48))))) / ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma qcbp_paper_kkt_4 : forall X delta epsilon : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> 0 < (((((- 1) * epsilon) + 1)) / (((((sqrt 2) * X) / (3)) + delta))).
Proof.
  intros X delta epsilon HX Hdelta Hepsilon.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) epsilon Hepsilon) as [v_epsilon [Hv_epsilon ->]].
  assert (HD : 0 < ((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1 + v_epsilon))) by pos.
  match goal with |- 0 < ?E => replace E with ((((9) * (v_delta) + ((12) * (v_delta * v_epsilon) + ((12) * (v_epsilon) + (9))))) / (((((1 + v_delta) * (1000 + v_X) * 4 * s) + 3) * (1 + v_epsilon)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma qcbp_rational_separation_0 : forall X delta epsilon : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> 0 < ((((((- 1) * epsilon) + 1) * (sqrt 2)) / ((((X) / (2)) + delta))) + (((- 2)) / (X))).
Proof.
  intros X delta epsilon HX Hdelta Hepsilon.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) epsilon Hepsilon) as [v_epsilon [Hv_epsilon ->]].
  assert (HD : 0 < ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1 + v_epsilon) * (1000 + v_X))) by pos.
  match goal with |- 0 < ?E => replace E with ((((((- 4) + (3 * s))) * (v_X) + ((((- 4) + (3 * s))) * (v_X * v_delta) + ((((- 4) + (4 * s))) * (v_X * v_delta * v_epsilon) + ((((- 4) + (4 * s))) * (v_X * v_epsilon) + ((((- 4000) + (3000 * s))) * (v_delta) + ((((- 4000) + (4000 * s))) * (v_delta * v_epsilon) + ((((- 4002) + (4000 * s))) * (v_epsilon) + (((- 4002) + (3000 * s))))))))))) / (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1 + v_epsilon) * (1000 + v_X)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma qcbp_rational_monotonicity_0 : forall X delta epsilon : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> 0 < (((((- 1) * epsilon) + 1)) / (((((X) / (2)) + delta) ^ 2))).
Proof.
  intros X delta epsilon HX Hdelta Hepsilon.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) epsilon Hepsilon) as [v_epsilon [Hv_epsilon ->]].
  assert (HD : 0 < (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * (1 + v_epsilon))) by pos.
  match goal with |- 0 < ?E => replace E with ((((24) * (v_delta) + ((32) * (v_delta * v_epsilon) + ((12) * (v_delta ^ 2) + ((16) * (v_delta ^ 2 * v_epsilon) + ((16) * (v_epsilon) + (12))))))) / ((((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) ^ 2) * (1 + v_epsilon)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma qcbp_rational_agreement_0 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> (((((- 1) * X) / (2)) + (((X) / (2)) + delta)) + ((- 1) * delta)) = 0.
Proof.
  intros X delta HX Hdelta.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma qcbp_rational_agreement_1 : forall X delta : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < ((X * delta) + (delta ^ 2)).
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

Lemma qcbp_rational_agreement_2 : forall X delta r : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 1 <= r -> 0 <= (((((X * r) / (2)) + delta) ^ 2) + (((- 1) * (X ^ 2) * (r ^ 2)) / (4)) + ((- 1) * (delta ^ 2)) + ((- 1) * X * delta)).
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

Lemma qcbp_rational_agreement_3 : forall u w : R, 0 < u -> 0 < w <= 1 -> 0 <= (((- 1) * u * w) + u).
Proof. exact qcbp_paper_agreement_3. Qed.

Lemma qcbp_rational_kkt_0 : forall X delta epsilon : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> (((((((((- 1) * epsilon) + 1)) / ((((X) / (2)) + delta))) * (((X) / (2)) + delta)) + (- 1)) ^ 2) + ((- 1) * (epsilon ^ 2))) = 0.
Proof.
  intros X delta epsilon HX Hdelta Hepsilon.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma qcbp_rational_kkt_1 : forall X delta epsilon w1 : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> 0 < w1 -> (((((((((- 1) * epsilon) + 1)) / ((((X) / (2)) + delta))) * (((X) / (2)) + delta)) + (- 1)) * ((((- 1) * w1) / ((((X) / (2)) + delta) * epsilon)) * (((X) / (2)) + delta))) + ((- 1) * w1)) = 0.
Proof.
  intros X delta epsilon w1 HX Hdelta Hepsilon Hw1.
  destruct sqrt2_facts as [Hs2 Hsb].
  field; nonzero.
Qed.

Lemma qcbp_rational_kkt_2 : forall X delta w1 : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < w1 -> 0 < ((((((- 1) * X * w1) / ((((X) / (2)) + delta) * 2)) + w1)) / (w1)).
Proof.
  intros X delta w1 HX Hdelta Hw1.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_lo_open 0 w1 Hw1) as [v_w1 [Hv_w1 ->]].
  assert (HD : 0 < (((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001)) by pos.
  match goal with |- 0 < ?E => replace E with (((1)) / ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  lra.
Qed.

Lemma qcbp_rational_kkt_3 : forall X delta epsilon : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> 0 < ((1) / ((((X) / (2)) + delta) * epsilon)).
Proof.
  intros X delta epsilon HX Hdelta Hepsilon.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) epsilon Hepsilon) as [v_epsilon [Hv_epsilon ->]].
  assert (HD : 0 < (((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001)) by pos.
  match goal with |- 0 < ?E => replace E with ((((16) * (v_delta) + ((16) * (v_delta * v_epsilon) + ((16) * (v_epsilon) + (16))))) / ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.

Lemma qcbp_rational_kkt_4 : forall X delta epsilon : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < epsilon <= (1 / 4) -> 0 < (((((- 1) * epsilon) + 1)) / ((((X) / (2)) + delta))).
Proof.
  intros X delta epsilon HX Hdelta Hepsilon.
  destruct sqrt2_facts as [Hs2 Hsb].
  assert (Hs2' : sqrt 2 * sqrt 2 - 2 = 0) by lra.
  set (s := sqrt 2) in *. clearbody s.
  destruct (shift_lo 1000 X HX) as [v_X [Hv_X ->]].
  destruct (shift_interval 0 (1 / 4) delta Hdelta) as [v_delta [Hv_delta ->]].
  destruct (shift_interval 0 (1 / 4) epsilon Hepsilon) as [v_epsilon [Hv_epsilon ->]].
  assert (HD : 0 < ((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1 + v_epsilon))) by pos.
  match goal with |- 0 < ?E => replace E with ((((3) * (v_delta) + ((4) * (v_delta * v_epsilon) + ((4) * (v_epsilon) + (3))))) / (((((1 + v_delta) * 2 * v_X) + (2000 * v_delta) + 2001) * (1 + v_epsilon)))) by (field; nonzero) end.
  apply Rdiv_lt_0_compat; [| exact HD].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  apply Rplus_le_lt_0_compat; [term |].
  lra.
Qed.
