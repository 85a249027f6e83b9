"""Algorithms under test: the protocol ``f(oracle) -> vector``, the run record (NH, errors), and
built-ins (1-sparse solvers, trainers, FIRENET, LISTA). Imports ``core``.

An algorithm is any callable ``f(oracle) -> vector`` (SCI "general algorithm", BHV Def 9.3): its
input is reachable only through the oracle. A randomised algorithm is a seed-indexed family of
such callables (:class:`RandomisedAlgorithm`); the same seed must give the same run.
"""
