"""Demonstrations of Colbrook–Antun–Hansen (PNAS 2022): the step-through of Theorem 1(a), Table 1,
the stability search and the FIRENET demo. Imports ``core``, ``families``, ``algorithms``, ``barrier``.
"""
