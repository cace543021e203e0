"""Evaluation: pure functions from a contract and validated records to a report."""
