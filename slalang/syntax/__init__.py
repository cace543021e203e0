"""Text to model: the Lark parser, friendly syntax errors, lowering and comment placement."""
