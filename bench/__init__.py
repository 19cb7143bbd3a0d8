"""Benchmarks: ``python bench/run.py`` (or ``python -m bench.run``). Not tests: nothing here asserts a time."""
