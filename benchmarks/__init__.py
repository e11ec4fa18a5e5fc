"""Benchmarks and synthetic data: not part of the product package (generator/).

synthetic.py writes a synthetic project (`python -m benchmarks.synthetic OUT --size
small|prefecture|nation`), synthetic_kayoinoba.py a synthetic national 通いの場 file; the
bench*.py modules build such projects and print figures (README 「性能」). Timing targets
live here, printed, never asserted by the test suite.
"""
