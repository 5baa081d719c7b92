"""How old a bank balance is: a balance known at an old day is not today's cash."""

from __future__ import annotations

from datetime import date

# A statement whose newest line is older than this asks before it creates a new account:
# its balance would count as today's cash (issue #12: a 2022 statement flipped the
# dashboard from red to green).
OLD_STATEMENT_DAYS = 90


def is_stale(balance_on: date | None, today: date, max_age_days: int) -> bool:
    """The balance is known at a day more than `max_age_days` before today (or never)."""
    return balance_on is None or (today - balance_on).days > max_age_days


def is_old_statement(newest: date, today: date) -> bool:
    return (today - newest).days > OLD_STATEMENT_DAYS
