"""Figures for the sci_oracle course (course/*.md), drawn from the lessons' real computations."""
