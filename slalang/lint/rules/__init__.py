"""The rule families, one module each; `slalang.lint.catalogue` lists their rules."""
