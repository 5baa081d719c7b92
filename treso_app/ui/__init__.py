"""Reflex only: states (thin view-models), pages, components, charts, texts."""
