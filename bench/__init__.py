"""Benchmarks: deterministic workloads and figures printed against targets (not pass/fail tests)."""
