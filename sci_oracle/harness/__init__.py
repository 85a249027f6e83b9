"""What an engineer calls: ``check()``, trials over executors, isolation of user code, adapters for
numpy / torch / sklearn, Hypothesis strategies, pytest helpers and plugin. Imports every layer below
except the demonstrations (``pnas``, ``classification``).
"""
