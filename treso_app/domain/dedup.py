"""Deduplication keys for bank lines: the bank's own id when stable, else a content hash."""

from __future__ import annotations

import hashlib
from datetime import date


def normalise_label(label: str) -> str:
    """Upper-case, single spaces: banks re-export the same line with cosmetic differences."""
    return " ".join(label.split()).upper()


def account_ref(account_id: int) -> str:
    """The account part of a content hash: the database id, which never changes (an IBAN
    can be corrected later, which would make old lines look new)."""
    return f"account:{account_id}"


def dedup_key(
    account_ref: str,
    booked_on: date,
    amount_cents: int,
    label: str,
    occurrence: int = 0,
    external_id: str | None = None,
) -> str:
    """`occurrence` numbers identical lines within one file: two identical coffees stay two."""
    if external_id:
        return f"id:{external_id}"
    return content_key(account_ref, booked_on, amount_cents, normalise_label(label), occurrence)


def content_key(
    account_ref: str, booked_on: date, amount_cents: int, normalised_label: str, occurrence: int
) -> str:
    """`dedup_key` for a label already normalised (the import loop has it at hand)."""
    text = f"{account_ref}|{booked_on.isoformat()}|{amount_cents}|{normalised_label}|{occurrence}"
    # 96 bits: no collision within an account's lifetime, and a small unique index.
    return "h:" + hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
