"""The papers' adversarial input families as generators of exact instances: the PNAS solver form,
the project's training form, and the stripe families of BHV and false structures. Imports ``core``.
"""
