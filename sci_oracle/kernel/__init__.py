"""The independent certificate checker. Imports nothing else from sci_oracle (a contract and a test
enforce it), so a verdict it accepts does not rest on the code that produced it.
"""
