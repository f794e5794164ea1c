"""Benchmarks for newsledger (not part of the installed package). See bench/README.md."""
