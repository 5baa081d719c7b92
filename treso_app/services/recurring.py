"""Recurring flows: found in the bank history after every import (proposed « détecté »), then
confirmed, edited, dismissed or deleted by the owner. One transaction each.

A dismissed flow is kept as « ignoré » so that it is never proposed again; the forecast uses
confirmed items (db/queries.recurring_items) and detects the rest in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.queries import as_recurrence
from treso_app.db.session import read_only, transaction
from treso_app.domain.bounds import TextLimit, check_amount, check_text
from treso_app.domain.calendar import today_paris
from treso_app.domain.categories import CategoryKind
from treso_app.domain.categorise import Placed, own_account_pairs
from treso_app.domain.errors import ValidationError
from treso_app.domain.recurrence import (
    DAY_BOUNDS,
    DayRule,
    Frequency,
    RecurringStatus,
    occurrences,
)
from treso_app.domain.recurring_detection import DetectedFlow, PastLine, detect


@dataclass(frozen=True)
class DetectReport:
    found: int  # flows still running
    added: int
    updated: int
    removed: int


@dataclass(frozen=True)
class RecurringRow:
    id: int
    label: str
    amount_cents: int
    frequency: str
    day_rule: str
    day: int
    status: str
    next_on: date | None  # from today, None when nothing is ahead
    category: str | None


@dataclass(frozen=True)
class RecurringPage:
    detected: list[RecurringRow]
    confirmed: list[RecurringRow]
    ignored: list[RecurringRow]  # dismissed or deleted, kept to be brought back


def detect_recurring(company_id: int, url: str | None = None) -> DetectReport:
    """The bookkeeping step: flows found in the bank lines that are neither allocated to an
    invoice or a bill nor internal transfers become « détecté » items; those no longer found
    (or stopped) go; confirmed and dismissed items are never changed, except that a confirmed
    one found again has its last line's date refreshed."""
    with transaction(url) as session:
        flows = detect(past_lines(session, company_id), today_paris())
        rows = session.exec(
            select(t.RecurringItem).where(t.RecurringItem.company_id == company_id)
        ).all()
        by_key = {row.match_key: row for row in rows if row.match_key}
        categories = _category_ids(session, company_id)
        added = updated = removed = 0
        for flow in flows:
            row = by_key.get(flow.match_key) or _declared(rows, flow)
            if row is None:
                if flow.still_running:
                    session.add(_proposed(company_id, flow, categories))
                    added += 1
            elif row.status == RecurringStatus.CONFIRMED:
                row.match_key, row.last_seen_on = flow.match_key, flow.last_seen_on
            elif row.status == RecurringStatus.DETECTED and flow.still_running:
                _refresh(row, flow, categories)
                updated += 1
        running = {f.match_key for f in flows if f.still_running}
        for row in rows:
            if row.status == RecurringStatus.DETECTED and row.match_key not in running:
                session.delete(row)
                removed += 1
    return DetectReport(len(running), added, updated, removed)


def past_lines(session: Session, company_id: int) -> list[PastLine]:
    """The company's bank lines a recurring flow may be made of: not allocated to an invoice
    or a bill (a client's receipts are documents), not between its own accounts — whether
    classified so or only mirrored that day by another account's line (« VIR SEPA RECU
    KERNEO SAS » read as a sale: half a transfer would be forecast as income). Read as plain
    tuples, not ORM rows: this runs on the whole history after every import."""
    tx = t.BankTransaction.__table__.c
    allocated = select(t.Allocation.transaction_id).where(t.Allocation.company_id == company_id)
    rows = session.connection().execute(
        select(tx.id, tx.booked_on, tx.amount_cents, tx.label, tx.counterparty, tx.category_id,
               tx.account_id)
        .where(tx.company_id == company_id, tx.id.not_in(allocated))
        .order_by(tx.booked_on, tx.id)
    ).all()  # fmt: skip
    categories = session.exec(
        select(t.Category.id, t.Category.name, t.Category.kind).where(
            t.Category.company_id == company_id
        )
    ).all()
    names = {id_: name for id_, name, _ in categories}
    internal = {id_ for id_, _, kind in categories if kind == CategoryKind.INTERNAL}
    mirrored: set[int] = set()
    if _account_count(session, company_id) > 1:  # one account: nothing to mirror
        mirrored = own_account_pairs(Placed(r.id, r.account_id, r.booked_on, r.amount_cents)
                                     for r in rows)  # fmt: skip
    return [
        PastLine(line_id, booked_on, cents, label, counterparty, names.get(category_id))
        for line_id, booked_on, cents, label, counterparty, category_id, _ in rows
        if category_id not in internal and line_id not in mirrored
    ]


def _account_count(session: Session, company_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(t.BankAccount)
        .where(t.BankAccount.company_id == company_id)
    ).one()


def _declared(rows: list[t.RecurringItem], flow: DetectedFlow) -> t.RecurringItem | None:
    """A confirmed item the owner declared under its bank label (no key yet) is that flow."""
    declared = (r for r in rows if r.match_key is None and r.status == RecurringStatus.CONFIRMED)
    return next(
        (r for r in declared if flow.declared_by(r.label, r.frequency, r.amount_cents)), None
    )


def _proposed(company_id: int, flow: DetectedFlow, categories: dict[str, int]) -> t.RecurringItem:
    row = t.RecurringItem(
        company_id=company_id,
        label=flow.label,
        amount_cents=flow.amount_cents,
        start_on=flow.next_on,
        status=RecurringStatus.DETECTED,
        match_key=flow.match_key,
    )
    _refresh(row, flow, categories)
    return row


def _refresh(row: t.RecurringItem, flow: DetectedFlow, categories: dict[str, int]) -> None:
    row.label, row.amount_cents, row.start_on = flow.label, flow.amount_cents, flow.next_on
    row.frequency, row.day_rule, row.day = flow.frequency, flow.day_rule, flow.day
    row.last_seen_on = flow.last_seen_on
    row.category_id = categories.get(flow.category) if flow.category else None


def _category_ids(session: Session, company_id: int) -> dict[str, int]:
    found = session.exec(
        select(t.Category.name, t.Category.id).where(t.Category.company_id == company_id)
    ).all()
    return dict(found)


def list_recurring(company_id: int, url: str | None = None) -> RecurringPage:
    """/parametres: the detected items to review, the confirmed ones, by next date, then
    the ignored ones (by label)."""
    today = today_paris()
    with read_only(url) as session:
        rows = session.exec(
            select(t.RecurringItem, t.Category.name)
            .join(t.Category, t.Category.id == t.RecurringItem.category_id, isouter=True)
            .where(t.RecurringItem.company_id == company_id)
        ).all()
    shown = sorted(
        (_row(item, name, today) for item, name in rows),
        key=lambda r: (r.next_on or date.max, r.label, r.id),
    )
    return RecurringPage(
        [r for r in shown if r.status == RecurringStatus.DETECTED],
        [r for r in shown if r.status == RecurringStatus.CONFIRMED],
        sorted(
            (r for r in shown if r.status == RecurringStatus.IGNORED),
            key=lambda r: (r.label, r.id),
        ),
    )


def _row(item: t.RecurringItem, category: str | None, today: date) -> RecurringRow:
    ahead = occurrences(as_recurrence(item), today, today + timedelta(days=400))
    return RecurringRow(
        item.id,
        item.label,
        item.amount_cents,
        item.frequency,
        item.day_rule,
        item.day,
        item.status,
        next(ahead, None),
        category,
    )


def confirm(company_id: int, item_id: int, url: str | None = None) -> None:
    """A detected item, confirmed as it is."""
    with transaction(url) as session:
        _item(session, company_id, item_id).status = RecurringStatus.CONFIRMED


def update(
    company_id: int,
    item_id: int,
    label: str,
    amount_cents: int,
    frequency: str,
    day_rule: str,
    day: int,
    url: str | None = None,
) -> None:
    """The owner's corrections; an edited detected item is confirmed with them. The amount
    is given as a size: its direction (money in or out) stays the item's."""
    label = " ".join(label.split())
    if not label:
        raise ValidationError("Donnez un libellé à l'échéance.", "label")
    check_text(label, TextLimit.NAME, "le libellé", "label")
    check_amount(amount_cents, "le montant", "amount", zero=False)
    if frequency not in set(Frequency):
        raise ValidationError(f"« {frequency} » n'est pas une fréquence connue.", "frequency")
    if day_rule not in set(DayRule) or (day_rule == DayRule.WEEKDAY) != (
        frequency == Frequency.WEEKLY
    ):
        raise ValidationError(
            "Une échéance hebdomadaire tombe un jour de la semaine ; les autres, un jour du mois.",
            "day_rule",
        )
    low, high = DAY_BOUNDS[DayRule(day_rule)]
    if not low <= day <= high:
        raise ValidationError(f"Le jour doit être compris entre {low} et {high}.", "day")
    with transaction(url) as session:
        item = _item(session, company_id, item_id)
        item.label, item.frequency, item.day_rule, item.day = label, frequency, day_rule, day
        item.amount_cents = abs(amount_cents) * (1 if item.amount_cents > 0 else -1)
        item.status = RecurringStatus.CONFIRMED


def dismiss(company_id: int, item_id: int, url: str | None = None) -> None:
    """A detected item the owner does not want: kept as « ignoré », never proposed again."""
    with transaction(url) as session:
        item = _item(session, company_id, item_id)
        if item.status != RecurringStatus.DETECTED:
            raise ValidationError("Seule une échéance détectée peut être ignorée.")
        item.status = RecurringStatus.IGNORED


def delete(company_id: int, item_id: int, url: str | None = None) -> None:
    """A confirmed item removed from the forecast. One found in the bank history is kept as
    « ignoré », so that the next import does not propose it again."""
    with transaction(url) as session:
        item = _item(session, company_id, item_id)
        if item.status != RecurringStatus.CONFIRMED:
            raise ValidationError("Seule une échéance confirmée peut être supprimée.")
        if item.match_key:
            item.status = RecurringStatus.IGNORED
        else:
            session.delete(item)


def restore(company_id: int, item_id: int, url: str | None = None) -> None:
    """An ignored item brought back as « détecté », not « confirmé »: while ignored, its
    amount and dates were no longer kept up to date, so it goes back to the review list, where
    the next detection refreshes it from the bank lines and one tap confirms it — the forecast
    never counts a stale flow the owner has not looked at again."""
    with transaction(url) as session:
        item = session.get(t.RecurringItem, item_id)
        if item is None or item.company_id != company_id or item.status != RecurringStatus.IGNORED:
            raise ValidationError("Cette échéance n'est plus ignorée : rechargez la page.")
        item.status = RecurringStatus.DETECTED


def _item(session: Session, company_id: int, item_id: int) -> t.RecurringItem:
    item = session.get(t.RecurringItem, item_id)
    if item is None or item.company_id != company_id or item.status == RecurringStatus.IGNORED:
        raise ValidationError("Cette échéance n'existe plus : rechargez la page.")
    return item
