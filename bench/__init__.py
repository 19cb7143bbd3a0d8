"""Benchmarks: ``python -m bench.run`` from the project root. Not tests: nothing here asserts a time."""
