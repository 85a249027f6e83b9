"""Adversarial input families as generators of exact instances."""
