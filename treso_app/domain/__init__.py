"""Pure business rules: no Reflex, no database. Plain values in, plain values out."""
