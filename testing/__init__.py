"""Factories and checks shared by ``tests/`` and ``bench/`` (never imported by the library)."""
