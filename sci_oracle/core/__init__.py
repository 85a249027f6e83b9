"""The exact core: quadratic-tower numbers and dyadic rounding, oracles and transcripts, the three
problems with exact KKT checks, exact neural networks, tri-state reports and errors.
Imports nothing else from sci_oracle.
"""
