(** * The failure probabilities exist (classical)

    The cited theorems of Barrier.v and Sample.v bound every [r1], [r2] with [weight P l r] (and
    every [f] with [indicator P w f]); they use no classical axiom.  This file shows that such
    weights always exist, so those bounds are never vacuous.  It is the one place where classical
    logic is used: the excluded middle (Classical_Prop.classic) and, for countably many seeds, the
    choice of a value for each seed (ClassicalDescription). *)

From Coq Require Import Reals List Classical_Prop ClassicalDescription.
From SciOracle Require Import Model.
Import ListNotations.
Open Scope R_scope.

Theorem weight_exists : forall {A} (P : A -> Prop) (l : list (R * A)), exists r, weight P l r.
Proof.
  intros A P l. induction l as [| [w a] l [r Hr]].
  - exists 0. constructor.
  - destruct (classic (P a)) as [HP | HP].
    + exists (w + r). apply weight_in; assumption.
    + exists r. apply weight_out; assumption.
Qed.

Theorem indicator_exists : forall (P : nat -> Prop) (w : nat -> R), exists f, indicator P w f.
Proof.
  intros P w. exists (fun k => if excluded_middle_informative (P k) then w k else 0).
  intro k. destruct (excluded_middle_informative (P k)); [left | right]; auto.
Qed.
