"""Gapless yearly numbers (F2026-0001): given inside the transaction that creates the
document, so a failed creation gives its number back and two never share one."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.domain.documents import format_number, parse_number


def next_number(session: Session, company_id: int, prefix: str, year: int) -> str:
    sequence = t.NumberSequence
    where = (sequence.company_id == company_id, sequence.prefix == prefix, sequence.year == year)
    if session.exec(select(sequence.id).where(*where)).first() is None:
        session.add(
            t.NumberSequence(
                company_id=company_id,
                prefix=prefix,
                year=year,
                last=_highest(session, company_id, prefix, year),
            )
        )
        session.flush()
    # UPDATE first: it takes the write lock, so two concurrent creations cannot read the same value.
    session.exec(update(sequence).where(*where).values(last=sequence.last + 1))
    last = session.exec(select(sequence.last).where(*where)).one()
    return format_number(prefix, year, last)


def follow_imported(session: Session, company_id: int, numbers: list[str]) -> None:
    """Numbers imported from a spreadsheet in our scheme move the sequence past them."""
    for prefix, year in {p[:2] for n in numbers if (p := parse_number(n))}:
        highest = _highest(session, company_id, prefix, year)
        row = session.exec(
            select(t.NumberSequence).where(
                t.NumberSequence.company_id == company_id,
                t.NumberSequence.prefix == prefix,
                t.NumberSequence.year == year,
            )
        ).first()
        if row is None:
            session.add(
                t.NumberSequence(company_id=company_id, prefix=prefix, year=year, last=highest)
            )
        elif row.last < highest:
            row.last = highest
            session.add(row)


def _highest(session: Session, company_id: int, prefix: str, year: int) -> int:
    table = t.Quote if prefix == "D" else t.Invoice
    numbers = session.exec(
        select(table.number).where(
            table.company_id == company_id, table.number.like(f"{prefix}{year}-%")
        )
    ).all()
    found = [p[2] for n in numbers if (p := parse_number(n)) and p[0] == prefix]
    return max(found, default=0)
