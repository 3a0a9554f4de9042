"""Benchmarks: each `python -m bench.<name>` prints one JSON object with its figures."""
