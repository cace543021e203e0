"""Renderers: diagnostics (and later reports) to text, pretty, json and other formats."""
