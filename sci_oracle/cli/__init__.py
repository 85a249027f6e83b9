"""The ``sci-oracle`` command: ``main.py`` dispatches, and each other module is one subcommand, thin over
an importable function. Top layer: may import anything in sci_oracle.
"""
