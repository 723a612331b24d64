"""Benchmarks of the budgets in the design (``make bench-badges``); never part of the site."""
