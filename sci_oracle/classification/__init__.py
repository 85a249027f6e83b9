"""Bastounis–Hansen–Vlačić and Thesing–Antun–Hansen: the piece-count lemma, the inaccurate-or-unstable
dichotomy, approximate minimisers, false structures and their demos.
Imports ``core``, ``families``, ``algorithms``, ``barrier``.
"""
