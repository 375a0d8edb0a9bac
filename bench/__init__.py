"""Side-by-side benchmarks: `python -m bench` (see BENCHMARKS.md). Not part of the test suite."""
