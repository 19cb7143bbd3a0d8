"""Scoring extracted events against gold annotations, with error classes."""
