(** * The model and the statements of the barrier lemmas (proofs/LEMMA.md, Lemmas 1 and 2)

    Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1 and SI; Bastounis–Hansen–
    Vlačić, "The mathematics of adversarial attacks in AI", Def 9.3 (general algorithms), Def 9.12
    (Δ1 information) and Prop 10.5 (the barrier argument).

    This file holds only definitions: what an input, a Δ1 oracle, an algorithm, a failure and a
    probability are, and the statements that Barrier.v and Sample.v prove.  sci_oracle's kernel
    pins this file by its sha256 ([sci_oracle/kernel/formal.py]) and checks that each cited theorem
    has exactly the type of its statement here, so a proof file cannot change what is proved.
    It uses Coq's standard library only; no axiom beyond those of the standard reals. *)

From Coq Require Import Reals Lra List ZArith Arith.
Import ListNotations.
Open Scope R_scope.

(** ** Inputs and Δ1 oracles *)

(** An input is a real array indexed by [I] (matrix entries, training samples, ...). *)
Definition input (I : Type) := I -> R.

(** A Δ1 oracle answers the query (entry i, level m) with the dyadic rational k·2^-m, given by
    its numerator k. *)
Definition oracle (I : Type) := I -> nat -> Z.

Definition answer {I} (orc : oracle I) (i : I) (m : nat) : R := IZR (orc i m) / 2 ^ m.

(** Legal for x: every answer lies within 2^-m of the entry (BHV Def 9.12). *)
Definition legal {I} (x : input I) (orc : oracle I) : Prop :=
  forall i m, Rabs (answer orc i m - x i) <= / 2 ^ m.

(** The honest nearest-rounding oracle: k = ⌈x·2^m − 1/2⌉, so |k·2^-m − x| ≤ 2^-(m+1).
    Every input has it (the first gap of the hand proof: each member needs some legal oracle). *)
Definition nearest {I} (x : input I) : oracle I := fun i m => up (x i * 2 ^ m - / 2).

(** ** Algorithms: adaptive query trees *)

(** A node of the tree either asks a query or stops with an output. *)
Inductive move (I Out : Type) : Type :=
  | Ask : I -> nat -> move I Out
  | Stop : Out -> move I Out.
Arguments Ask {I Out}.
Arguments Stop {I Out}.

(** A deterministic general algorithm (BHV Def 9.3) is an adaptive query tree, given by the node
    it reaches after each history of answers (newest first).  Its queries and its output depend
    on the answers only; the tree may be infinite, so an algorithm need not halt. *)
Definition strategy (I Out : Type) := list Z -> move I Out.

(** The run on an oracle, for at most [fuel] nodes; [None] if it has not stopped by then. *)
Fixpoint run {I Out} (s : strategy I Out) (orc : oracle I) (fuel : nat) (h : list Z) : option Out :=
  match fuel with
  | O => None
  | S f =>
      match s h with
      | Stop o => Some o
      | Ask i m => run s orc f (orc i m :: h)
      end
  end.

Definition output {I Out} (s : strategy I Out) (orc : oracle I) (o : Out) : Prop :=
  exists d, run s orc d [] = Some o.

Definition halts {I Out} (s : strategy I Out) (orc : oracle I) : Prop := exists o, output s orc o.

(** ** Accuracy *)

(** A metric on outputs: symmetric, with the triangle inequality. *)
Definition metric {Out} (dist : Out -> Out -> R) : Prop :=
  (forall x y, dist x y = dist y x) /\ (forall x y z, dist x z <= dist x y + dist y z).

(** The run on [orc] succeeds if it stops with an output within κ of some point of the solution
    set [Xi]; it fails otherwise (including when it never stops). *)
Definition succeeds {I Out} (dist : Out -> Out -> R) (kappa : R) (Xi : Out -> Prop)
    (s : strategy I Out) (orc : oracle I) : Prop :=
  exists o x, output s orc o /\ Xi x /\ dist o x <= kappa.

Definition fails {I Out} dist kappa Xi (s : strategy I Out) (orc : oracle I) : Prop :=
  ~ succeeds dist kappa Xi s orc.

(** κ-accurate on an input: it succeeds on every legal oracle of the input. *)
Definition accurate {I Out} dist kappa Xi (s : strategy I Out) (x : input I) : Prop :=
  forall orc, legal x orc -> succeeds dist kappa Xi s orc.

(** ** Probabilities over seeds *)

(** A randomised algorithm over a finite seed set: a list of (weight, algorithm); the seed is
    drawn before any query, and all seeds face the same oracle (the third gap of the hand proof:
    the adversary fixes one oracle per input, not one per seed). *)
Definition total {A} (l : list (R * A)) : R := fold_right (fun p r => fst p + r) 0 l.

(** [weight P l r]: the seeds of [l] for which P holds weigh [r] in total. *)
Inductive weight {A} (P : A -> Prop) : list (R * A) -> R -> Prop :=
  | weight_nil : weight P [] 0
  | weight_in : forall w a l r, P a -> weight P l r -> weight P ((w, a) :: l) (w + r)
  | weight_out : forall w a l r, ~ P a -> weight P l r -> weight P ((w, a) :: l) r.

(** Over countably many seeds: [f] is w restricted to the seeds where P holds. *)
Definition indicator (P : nat -> Prop) (w f : nat -> R) : Prop :=
  forall k, (P k /\ f k = w k) \/ (~ P k /\ f k = 0).

(** ** Lemma 1, the barrier lemma: hypotheses *)

(** (H2) agreement up to h(n): every entry of the n-th member is within 2^-(h(n)+1) of the limit
    x0, so the limit's nearest-rounded answers at every level m ≤ h(n) are legal for it. *)
Definition agree_up_to {I} (h : nat -> nat) (x0 : input I) (x : nat -> input I) : Prop :=
  forall n i, Rabs (x n i - x0 i) <= / 2 ^ S (h n).

Definition unbounded (h : nat -> nat) : Prop := forall m, exists n, (m <= h n)%nat.

(** (H3) separation > 2κ for every n: every solution of member 1 is more than 2κ from every
    solution of member 2. *)
Definition separated {Out} (dist : Out -> Out -> R) (kappa : R) (Xi1 Xi2 : nat -> Out -> Prop) : Prop :=
  forall n x1 x2, Xi1 n x1 -> Xi2 n x2 -> 2 * kappa < dist x1 x2.

Definition lemma1_hypotheses {I Out} (dist : Out -> Out -> R) (kappa : R) (h : nat -> nat)
    (x0 : input I) (x1 x2 : nat -> input I) (Xi1 Xi2 : nat -> Out -> Prop) : Prop :=
  metric dist /\ unbounded h /\ agree_up_to h x0 x1 /\ agree_up_to h x0 x2 /\ separated dist kappa Xi1 Xi2.

(** ** Lemma 1: statements *)

(** (a) deterministic: an algorithm that halts on the limit's honest oracle does not succeed on
    both of a legal oracle of ι¹_n and one of ι²_n, for some n (it fails on one of them); so no
    algorithm is κ-accurate on all members. *)
Definition lemma1_deterministic_statement : Prop :=
  forall (I Out : Type) dist kappa h (x0 : input I) x1 x2 (Xi1 Xi2 : nat -> Out -> Prop),
  lemma1_hypotheses dist kappa h x0 x1 x2 Xi1 Xi2 ->
  forall s : strategy I Out, halts s (nearest x0) ->
  exists n o1 o2, legal (x1 n) o1 /\ legal (x2 n) o2 /\
    ~ (succeeds dist kappa (Xi1 n) s o1 /\ succeeds dist kappa (Xi2 n) s o2).

Definition lemma1_no_accurate_algorithm_statement : Prop :=
  forall (I Out : Type) dist kappa h (x0 : input I) x1 x2 (Xi1 Xi2 : nat -> Out -> Prop),
  lemma1_hypotheses dist kappa h x0 x1 x2 Xi1 Xi2 ->
  forall s : strategy I Out, halts s (nearest x0) ->
  ~ (forall n, accurate dist kappa (Xi1 n) s (x1 n) /\ accurate dist kappa (Xi2 n) s (x2 n)).

(** (b) randomised, finite weighted seed set: one n and one legal oracle per member (the same for
    every seed) with P(fail on ι¹_n) + P(fail on ι²_n) ≥ total weight; with total 1 the larger
    failure probability is ≥ 1/2. *)
Definition lemma1_randomised_statement : Prop :=
  forall (I Out : Type) dist kappa h (x0 : input I) x1 x2 (Xi1 Xi2 : nat -> Out -> Prop),
  lemma1_hypotheses dist kappa h x0 x1 x2 Xi1 Xi2 ->
  forall seeds : list (R * strategy I Out),
  Forall (fun ws => 0 <= fst ws /\ halts (snd ws) (nearest x0)) seeds ->
  exists n o1 o2, legal (x1 n) o1 /\ legal (x2 n) o2 /\
    forall r1 r2,
    weight (fun s => fails dist kappa (Xi1 n) s o1) seeds r1 ->
    weight (fun s => fails dist kappa (Xi2 n) s o2) seeds r2 ->
    total seeds <= r1 + r2.

(** (b) with countably many seeds of unbounded depth (weights w summing to 1): for every η > 0 some
    n has P(fail on ι¹_n) + P(fail on ι²_n) ≥ 1 − η, so the supremum of the worst failure
    probability is ≥ 1/2. *)
Definition lemma1_unbounded_statement : Prop :=
  forall (I Out : Type) dist kappa h (x0 : input I) x1 x2 (Xi1 Xi2 : nat -> Out -> Prop),
  lemma1_hypotheses dist kappa h x0 x1 x2 Xi1 Xi2 ->
  forall (w : nat -> R) (s : nat -> strategy I Out),
  (forall k, 0 <= w k) -> infinite_sum w 1 -> (forall k, halts (s k) (nearest x0)) ->
  forall eta, 0 < eta ->
  exists n o1 o2, legal (x1 n) o1 /\ legal (x2 n) o2 /\
    forall f1 f2 p1 p2,
    indicator (fun k => fails dist kappa (Xi1 n) (s k) o1) w f1 ->
    indicator (fun k => fails dist kappa (Xi2 n) (s k) o2) w f2 ->
    infinite_sum f1 p1 -> infinite_sum f2 p2 -> 1 - eta <= p1 + p2.

(** ** Lemma 2, the sample adversary *)

(** Training-form inputs are indexed by (sample position, entry).  The positions a run asks
    about within [fuel] nodes, with repetitions. *)
Fixpoint asked {E Out} (s : strategy (nat * E) Out) (orc : oracle (nat * E)) (fuel : nat) (h : list Z)
    : list nat :=
  match fuel with
  | O => []
  | S f =>
      match s h with
      | Stop _ => []
      | Ask (k, e) m => k :: asked s orc f (orc (k, e) m :: h)
      end
  end.

(** The algorithm reads at most M distinct samples, on every oracle. *)
Definition reads_at_most {E Out} (M : nat) (s : strategy (nat * E) Out) : Prop :=
  forall orc d, (length (nodup Nat.eq_dec (asked s orc d [])) <= M)%nat.

(** (S1) the members with the informative sample at p (q = +1: xp p, q = −1: xm p) equal the
    all-uninformative input xu on every other sample; (S2) their solutions are more than 2κ
    apart, for every p < R. *)
Definition lemma2_hypotheses {E Out} (dist : Out -> Out -> R) (kappa : R) (R_ : nat)
    (xu : input (nat * E)) (xp xm : nat -> input (nat * E)) (Xip Xim : nat -> Out -> Prop) : Prop :=
  metric dist /\ (0 < R_)%nat /\
  (forall p k e, k <> p -> xp p (k, e) = xu (k, e) /\ xm p (k, e) = xu (k, e)) /\
  (forall p, (p < R_)%nat -> forall x1 x2, Xip p x1 -> Xim p x2 -> 2 * kappa < dist x1 x2).

(** A randomised algorithm whose seeds each read at most M samples (and halt on the
    uninformative input) fails on the members at some p < R with
    P(fail | q = +1) + P(fail | q = −1) ≥ (1 − M/R)·total weight. *)
Definition lemma2_statement : Prop :=
  forall (E Out : Type) dist kappa (R_ M : nat) (xu : input (nat * E)) xp xm (Xip Xim : nat -> Out -> Prop),
  lemma2_hypotheses dist kappa R_ xu xp xm Xip Xim ->
  forall seeds : list (R * strategy (nat * E) Out),
  Forall (fun ws => 0 <= fst ws /\ reads_at_most M (snd ws) /\ halts (snd ws) (nearest xu)) seeds ->
  exists p, (p < R_)%nat /\ exists op om, legal (xp p) op /\ legal (xm p) om /\
    forall r1 r2,
    weight (fun s => fails dist kappa (Xip p) s op) seeds r1 ->
    weight (fun s => fails dist kappa (Xim p) s om) seeds r2 ->
    (1 - INR M / INR R_) * total seeds <= r1 + r2.

(** Deterministic: reading at most M < R samples, it does not succeed on both members at some p. *)
Definition lemma2_deterministic_statement : Prop :=
  forall (E Out : Type) dist kappa (R_ M : nat) (xu : input (nat * E)) xp xm (Xip Xim : nat -> Out -> Prop),
  lemma2_hypotheses dist kappa R_ xu xp xm Xip Xim -> (M < R_)%nat ->
  forall s : strategy (nat * E) Out, reads_at_most M s -> halts s (nearest xu) ->
  exists p, (p < R_)%nat /\ exists op om, legal (xp p) op /\ legal (xm p) om /\
    ~ (succeeds dist kappa (Xip p) s op /\ succeeds dist kappa (Xim p) s om).
