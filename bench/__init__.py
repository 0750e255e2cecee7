"""Benchmarks and their tools: corpora, a reproducible spinner, quality and speed figures."""
