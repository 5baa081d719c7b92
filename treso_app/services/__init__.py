"""Use-cases: one function, one transaction. Reflex handlers, the CLI and jobs all call these."""
