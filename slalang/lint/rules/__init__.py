"""The rule families; importing this package registers every rule."""

from slalang.lint import suppressions
from slalang.lint.rules import credits, measurement, remedies, structure, support, text

__all__ = ["credits", "measurement", "remedies", "structure", "support", "suppressions", "text"]
