"""Renderers: diagnostics and evaluation reports in each output format, with its escaping."""
