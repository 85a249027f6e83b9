(** * The family facts discharge Lemma 1's hypotheses, per problem (GENERATED: do not edit)

    Written by proofs/coq/generate.py.  For each problem and parameter choice, t is the kernel's
    closed-form minimiser coordinate (sci_oracle/kernel/facts.py) and c the tie value; the
    hypotheses of [Family.family_hypotheses] are derived from the generated fact lemmas (their
    statements are the kernel's; each conversion is an identity of rational functions in √2, up
    to √2·√2 = 2), so [family_<problem>_<params>] states [lemma1_hypotheses] with κ = 10^-K for
    every K ≥ 3, N1 ≥ 2 and every parameter of the proven domain. *)

From Coq Require Import Reals Lra.
From SciOracle Require Import Model FactsLib Family FactsQCBP FactsULasso FactsSRLasso.
Open Scope R_scope.

Definition c_qcbp_paper (X : R) : R := (((sqrt 2) * X) / (3)).
Definition t_qcbp_paper (X epsilon delta : R) : R := (((((- 1) * epsilon) + 1)) / (((((sqrt 2) * X) / (3)) + delta))).

Theorem family_qcbp_paper : forall (K N1 : nat) (epsilon : R), (3 <= K)%nat -> (2 <= N1)%nat -> 0 < epsilon <= (1 / 4) ->
  let X := 10 ^ K in
  lemma1_hypotheses dist2 (/ X) (fun n => S n) (tied (c_qcbp_paper X) N1 0 0)
    (fun n => tied (c_qcbp_paper X) N1 0 (member_delta n)) (fun n => tied (c_qcbp_paper X) N1 1 (member_delta n))
    (fun n z => z = (t_qcbp_paper X epsilon (member_delta n), 0)) (fun n z => z = (0, t_qcbp_paper X epsilon (member_delta n))).
Proof.
  intros K N1 epsilon HK HN Hp X.
  assert (HX := pow10_range K HK). fold X in HX. clearbody X.
  destruct sqrt2_facts as [Hs2 Hsb].
  refine (family_hypotheses X (c_qcbp_paper X) (fun delta => t_qcbp_paper X epsilon delta) _ _ _ _ _ N1 HN); unfold c_qcbp_paper, t_qcbp_paper; cbv beta.
  - pos.
  - intros delta Hd.
    pose proof (qcbp_paper_separation_0 X delta epsilon HX Hd Hp) as H.
    set (s := sqrt 2) in *.
    match goal with |- 2 / _ < ?M => match type of H with 0 < ?P => assert (E : P = M - 2 / X) by (field; nonzero) | 0 <= ?P => assert (E : P = M - 2 / X) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (qcbp_paper_kkt_4 X delta epsilon HX Hd Hp) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (qcbp_paper_agreement_1 X delta HX Hd) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta r Hd Hr.
    pose proof (qcbp_paper_agreement_2 X delta r HX Hd Hr) as H.
    set (s := sqrt 2) in *.
    match goal with |- ?A <= ?B => match type of H with 0 < ?P => assert (E : P = B - A + (s * s - 2) * ((((X ^ 2) * (r ^ 2)) / (9)))) by (field; nonzero) | 0 <= ?P => assert (E : P = B - A + (s * s - 2) * ((((X ^ 2) * (r ^ 2)) / (9)))) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
Qed.

Definition c_qcbp_rational (X : R) : R := ((X) / (2)).
Definition t_qcbp_rational (X epsilon delta : R) : R := (((((- 1) * epsilon) + 1)) / ((((X) / (2)) + delta))).

Theorem family_qcbp_rational : forall (K N1 : nat) (epsilon : R), (3 <= K)%nat -> (2 <= N1)%nat -> 0 < epsilon <= (1 / 4) ->
  let X := 10 ^ K in
  lemma1_hypotheses dist2 (/ X) (fun n => S n) (tied (c_qcbp_rational X) N1 0 0)
    (fun n => tied (c_qcbp_rational X) N1 0 (member_delta n)) (fun n => tied (c_qcbp_rational X) N1 1 (member_delta n))
    (fun n z => z = (t_qcbp_rational X epsilon (member_delta n), 0)) (fun n z => z = (0, t_qcbp_rational X epsilon (member_delta n))).
Proof.
  intros K N1 epsilon HK HN Hp X.
  assert (HX := pow10_range K HK). fold X in HX. clearbody X.
  destruct sqrt2_facts as [Hs2 Hsb].
  refine (family_hypotheses X (c_qcbp_rational X) (fun delta => t_qcbp_rational X epsilon delta) _ _ _ _ _ N1 HN); unfold c_qcbp_rational, t_qcbp_rational; cbv beta.
  - pos.
  - intros delta Hd.
    pose proof (qcbp_rational_separation_0 X delta epsilon HX Hd Hp) as H.
    set (s := sqrt 2) in *.
    match goal with |- 2 / _ < ?M => match type of H with 0 < ?P => assert (E : P = M - 2 / X) by (field; nonzero) | 0 <= ?P => assert (E : P = M - 2 / X) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (qcbp_rational_kkt_4 X delta epsilon HX Hd Hp) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (qcbp_rational_agreement_1 X delta HX Hd) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta r Hd Hr.
    pose proof (qcbp_rational_agreement_2 X delta r HX Hd Hr) as H.
    set (s := sqrt 2) in *.
    match goal with |- ?A <= ?B => match type of H with 0 < ?P => assert (E : P = B - A) by (field; nonzero) | 0 <= ?P => assert (E : P = B - A) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
Qed.

Definition c_ulasso_paper (X : R) : R := (((sqrt 2) * X) / (3)).
Definition t_ulasso_paper (X rho delta : R) : R := ((((- 1) * X * rho) / ((((((sqrt 2) * X) / (3)) + delta) ^ 2) * 2)) + (/ ((((sqrt 2) * X) / (3)) + delta))).

Theorem family_ulasso_paper : forall (K N1 : nat) (rho : R), (3 <= K)%nat -> (2 <= N1)%nat -> 0 < rho <= (1 / 4) ->
  let X := 10 ^ K in
  lemma1_hypotheses dist2 (/ X) (fun n => S n) (tied (c_ulasso_paper X) N1 0 0)
    (fun n => tied (c_ulasso_paper X) N1 0 (member_delta n)) (fun n => tied (c_ulasso_paper X) N1 1 (member_delta n))
    (fun n z => z = (t_ulasso_paper X rho (member_delta n), 0)) (fun n z => z = (0, t_ulasso_paper X rho (member_delta n))).
Proof.
  intros K N1 rho HK HN Hp X.
  assert (HX := pow10_range K HK). fold X in HX. clearbody X.
  destruct sqrt2_facts as [Hs2 Hsb].
  refine (family_hypotheses X (c_ulasso_paper X) (fun delta => t_ulasso_paper X rho delta) _ _ _ _ _ N1 HN); unfold c_ulasso_paper, t_ulasso_paper; cbv beta.
  - pos.
  - intros delta Hd.
    pose proof (ulasso_paper_separation_0 X delta rho HX Hd Hp) as H.
    set (s := sqrt 2) in *.
    match goal with |- 2 / _ < ?M => match type of H with 0 < ?P => assert (E : P = M - 2 / X) by (field; nonzero) | 0 <= ?P => assert (E : P = M - 2 / X) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (ulasso_paper_kkt_3 X delta rho HX Hd Hp) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (ulasso_paper_agreement_1 X delta HX Hd) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta r Hd Hr.
    pose proof (ulasso_paper_agreement_2 X delta r HX Hd Hr) as H.
    set (s := sqrt 2) in *.
    match goal with |- ?A <= ?B => match type of H with 0 < ?P => assert (E : P = B - A + (s * s - 2) * ((((X ^ 2) * (r ^ 2)) / (9)))) by (field; nonzero) | 0 <= ?P => assert (E : P = B - A + (s * s - 2) * ((((X ^ 2) * (r ^ 2)) / (9)))) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
Qed.

Definition c_ulasso_rational (X : R) : R := ((X) / (2)).
Definition t_ulasso_rational (X rho delta : R) : R := ((((- 1) * X * rho) / (((((X) / (2)) + delta) ^ 2) * 2)) + (/ (((X) / (2)) + delta))).

Theorem family_ulasso_rational : forall (K N1 : nat) (rho : R), (3 <= K)%nat -> (2 <= N1)%nat -> 0 < rho <= (1 / 4) ->
  let X := 10 ^ K in
  lemma1_hypotheses dist2 (/ X) (fun n => S n) (tied (c_ulasso_rational X) N1 0 0)
    (fun n => tied (c_ulasso_rational X) N1 0 (member_delta n)) (fun n => tied (c_ulasso_rational X) N1 1 (member_delta n))
    (fun n z => z = (t_ulasso_rational X rho (member_delta n), 0)) (fun n z => z = (0, t_ulasso_rational X rho (member_delta n))).
Proof.
  intros K N1 rho HK HN Hp X.
  assert (HX := pow10_range K HK). fold X in HX. clearbody X.
  destruct sqrt2_facts as [Hs2 Hsb].
  refine (family_hypotheses X (c_ulasso_rational X) (fun delta => t_ulasso_rational X rho delta) _ _ _ _ _ N1 HN); unfold c_ulasso_rational, t_ulasso_rational; cbv beta.
  - pos.
  - intros delta Hd.
    pose proof (ulasso_rational_separation_0 X delta rho HX Hd Hp) as H.
    set (s := sqrt 2) in *.
    match goal with |- 2 / _ < ?M => match type of H with 0 < ?P => assert (E : P = M - 2 / X) by (field; nonzero) | 0 <= ?P => assert (E : P = M - 2 / X) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (ulasso_rational_kkt_3 X delta rho HX Hd Hp) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (ulasso_rational_agreement_1 X delta HX Hd) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta r Hd Hr.
    pose proof (ulasso_rational_agreement_2 X delta r HX Hd Hr) as H.
    set (s := sqrt 2) in *.
    match goal with |- ?A <= ?B => match type of H with 0 < ?P => assert (E : P = B - A) by (field; nonzero) | 0 <= ?P => assert (E : P = B - A) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
Qed.

Definition c_srlasso_paper (X : R) : R := (((sqrt 2) * X) / (3)).
Definition t_srlasso_paper (X rho delta : R) : R := (/ ((((sqrt 2) * X) / (3)) + delta)).

Theorem family_srlasso_paper : forall (K N1 : nat) (rho : R), (3 <= K)%nat -> (2 <= N1)%nat -> 0 < rho <= (2 / 5) ->
  let X := 10 ^ K in
  lemma1_hypotheses dist2 (/ X) (fun n => S n) (tied (c_srlasso_paper X) N1 0 0)
    (fun n => tied (c_srlasso_paper X) N1 0 (member_delta n)) (fun n => tied (c_srlasso_paper X) N1 1 (member_delta n))
    (fun n z => z = (t_srlasso_paper X rho (member_delta n), 0)) (fun n z => z = (0, t_srlasso_paper X rho (member_delta n))).
Proof.
  intros K N1 rho HK HN Hp X.
  assert (HX := pow10_range K HK). fold X in HX. clearbody X.
  destruct sqrt2_facts as [Hs2 Hsb].
  refine (family_hypotheses X (c_srlasso_paper X) (fun delta => t_srlasso_paper X rho delta) _ _ _ _ _ N1 HN); unfold c_srlasso_paper, t_srlasso_paper; cbv beta.
  - pos.
  - intros delta Hd.
    pose proof (srlasso_paper_separation_0 X delta HX Hd) as H.
    set (s := sqrt 2) in *.
    match goal with |- 2 / _ < ?M => match type of H with 0 < ?P => assert (E : P = M - 2 / X) by (field; nonzero) | 0 <= ?P => assert (E : P = M - 2 / X) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (srlasso_paper_kkt_4 X delta HX Hd) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (srlasso_paper_agreement_1 X delta HX Hd) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta r Hd Hr.
    pose proof (srlasso_paper_agreement_2 X delta r HX Hd Hr) as H.
    set (s := sqrt 2) in *.
    match goal with |- ?A <= ?B => match type of H with 0 < ?P => assert (E : P = B - A + (s * s - 2) * ((((X ^ 2) * (r ^ 2)) / (9)))) by (field; nonzero) | 0 <= ?P => assert (E : P = B - A + (s * s - 2) * ((((X ^ 2) * (r ^ 2)) / (9)))) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
Qed.

Definition c_srlasso_rational (X : R) : R := ((X) / (2)).
Definition t_srlasso_rational (X rho delta : R) : R := (/ (((X) / (2)) + delta)).

Theorem family_srlasso_rational : forall (K N1 : nat) (rho : R), (3 <= K)%nat -> (2 <= N1)%nat -> 0 < rho <= (2 / 5) ->
  let X := 10 ^ K in
  lemma1_hypotheses dist2 (/ X) (fun n => S n) (tied (c_srlasso_rational X) N1 0 0)
    (fun n => tied (c_srlasso_rational X) N1 0 (member_delta n)) (fun n => tied (c_srlasso_rational X) N1 1 (member_delta n))
    (fun n z => z = (t_srlasso_rational X rho (member_delta n), 0)) (fun n z => z = (0, t_srlasso_rational X rho (member_delta n))).
Proof.
  intros K N1 rho HK HN Hp X.
  assert (HX := pow10_range K HK). fold X in HX. clearbody X.
  destruct sqrt2_facts as [Hs2 Hsb].
  refine (family_hypotheses X (c_srlasso_rational X) (fun delta => t_srlasso_rational X rho delta) _ _ _ _ _ N1 HN); unfold c_srlasso_rational, t_srlasso_rational; cbv beta.
  - pos.
  - intros delta Hd.
    pose proof (srlasso_rational_separation_0 X delta HX Hd) as H.
    set (s := sqrt 2) in *.
    match goal with |- 2 / _ < ?M => match type of H with 0 < ?P => assert (E : P = M - 2 / X) by (field; nonzero) | 0 <= ?P => assert (E : P = M - 2 / X) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (srlasso_rational_kkt_4 X delta HX Hd) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta Hd.
    pose proof (srlasso_rational_agreement_1 X delta HX Hd) as H.
    set (s := sqrt 2) in *.
    match goal with |- 0 < ?M => match type of H with 0 < ?P => assert (E : P = M) by (field; nonzero) | 0 <= ?P => assert (E : P = M) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
  - intros delta r Hd Hr.
    pose proof (srlasso_rational_agreement_2 X delta r HX Hd Hr) as H.
    set (s := sqrt 2) in *.
    match goal with |- ?A <= ?B => match type of H with 0 < ?P => assert (E : P = B - A) by (field; nonzero) | 0 <= ?P => assert (E : P = B - A) by (field; nonzero) end end.
    replace (s * s - 2) with 0 in E by lra.
    lra.
Qed.
