"""Persistence: SQLModel tables, engine and sessions, read queries."""
