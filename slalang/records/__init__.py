"""Canonical incident records (`slalang.records/v1`): models, readers and validation."""
