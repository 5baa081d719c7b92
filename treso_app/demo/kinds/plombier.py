"""The plumber: Martin Plomberie Chauffage, 24 months of a heating engineer's life.

Deterministic: a fixed seed and dates relative to `today`. The same day gives the same book.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from treso_app.domain.calendar import (
    add_months,
    is_working_day,
    last_working_day_of_month,
    next_bank_day,
    next_working_day,
)
from treso_app.domain.categories import Default as D
from treso_app.domain.terms import due_date, parse_terms
from treso_app.domain.vat import split_ttc, totals

from .. import cast
from ..book import (
    MONTH_NAMES,
    BillRecord,
    Charge,
    DemoBook,
    InvoiceRecord,
    Line,
    RecurringFlow,
    bank_name,
    charge_lines,
    days_of_month,
    flows_of,
    opening_for,
)

SEED = 20261125
HISTORY_DAYS = 730
# The firm was billing before its bank history starts: invoices of the three months before
# still pay into it, so the first months' receipts are not empty (nor the forecast's
# seasonality learned from them too low).
EARLIER_INVOICES_DAYS = 90
# Heating season is busier for a plumber-heating engineer; August is holidays.
SEASONALITY = {
    1: 1.30,
    2: 1.20,
    3: 1.05,
    4: 0.95,
    5: 0.90,
    6: 0.85,
    7: 0.75,
    8: 0.45,
    9: 0.95,
    10: 1.20,
    11: 1.30,
    12: 1.15,
}
MONTHLY_CAPACITY_HT_CENTS = 33_500_00  # an average month, before seasonality
CARD_TOP_UP_CENTS = 4_900_00
OPENING_SECOND_CENTS = 3_500_00
LOWEST_MAIN_CENTS = 6_000_00  # the tightest day of the two years, on the main account
# Each June, once the accounts are approved, the gérant takes as dividends what the main account
# holds above this cushion (rounded down to the thousand euros).
DIVIDEND_CUSHION_CENTS = 35_000_00


JOBS = (  # (description, min HT, max HT, share)
    ("Dépannage fuite / débouchage", 120_00, 650_00, 0.40),
    ("Entretien chaudière et contrat annuel", 150_00, 900_00, 0.20),
    ("Remplacement chauffe-eau", 900_00, 2_800_00, 0.17),
    ("Installation chaudière gaz condensation", 3_800_00, 7_900_00, 0.09),
    ("Rénovation salle de bains", 5_500_00, 14_500_00, 0.07),
    ("Pompe à chaleur air-eau", 9_000_00, 16_000_00, 0.03),
    ("Réfection colonne d'eau immeuble", 2_500_00, 9_000_00, 0.04),
)


def build(today: date, years: int = 2, scale: int = 1) -> DemoBook:
    """The demo book ending `today`. `years` and `scale` (more jobs and card spending, the
    same team and charges) make the large company of the benchmarks; the defaults are the
    demo everyone sees, identical for a given day."""
    rng = random.Random(SEED)
    start = today - timedelta(days=HISTORY_DAYS if years == 2 else years * 365)
    lines: list[Line] = []
    invoices = _invoices(rng, start, today, lines, scale)
    bills = _bills(rng, start, today, lines)
    _payroll_and_charges(start, today, lines)
    _vat_returns(start, today, invoices, bills, lines)
    _card_spending(rng, start, today, lines, scale)
    _internal_transfers(start, today, lines, scale)
    lines.sort(key=lambda line: (line.booked_on, line.account, line.label))
    opening_main = _opening_balance(lines)
    _dividends(start, today, lines, opening_main)
    lines.sort(key=lambda line: (line.booked_on, line.account, line.label))
    return DemoBook(
        today,
        start,
        invoices,
        bills,
        lines,
        {"main": opening_main, "second": OPENING_SECOND_CENTS},
        kind="plombier",
        profile=cast.PROFILE,
        flows=_flows(lines),
    )


def _opening_balance(lines: list[Line]) -> int:
    """The opening balance that makes the tightest day of the main account LOWEST_MAIN_CENTS."""
    return opening_for(lines, "main", LOWEST_MAIN_CENTS)


def _invoices(
    rng: random.Random, start: date, today: date, lines: list[Line], scale: int = 1
) -> list[InvoiceRecord]:
    """Four people bill what they can work: each month fills a seasonal capacity in euros HT,
    spread over the month's working days. Capacity, not chance, bounds a small firm's revenue."""
    sequence: dict[int, int] = defaultdict(int)
    invoices = []
    issue_from = start - timedelta(days=EARLIER_INVOICES_DAYS)
    month = issue_from.replace(day=1)
    while month <= today:
        days = [d for d in days_of_month(month) if issue_from <= d <= today and is_working_day(d)]
        budget = (
            MONTHLY_CAPACITY_HT_CENTS
            * scale
            * SEASONALITY[month.month]
            * len(days)
            / max(1, sum(1 for d in days_of_month(month) if is_working_day(d)))
        )
        jobs = []
        while days and sum(job[1] for job in jobs) < budget:
            client = rng.choices(cast.CLIENTS, [c.weight for c in cast.CLIENTS])[0]
            description, low, high, _ = rng.choices(JOBS, [j[3] for j in JOBS])[0]
            jobs.append((client, rng.randrange(low, high) // 100 * 100, description))
        issued = sorted(rng.choice(days) for _ in jobs)
        for day, (client, ht, description) in zip(issued, jobs, strict=True):
            sequence[day.year] += 1
            invoices.append(_invoice(client, day, sequence[day.year], ht, description))
        month = add_months(month, 1)
    invoices.sort(key=lambda i: (i.issued_on.year, i.number))
    unpaid = [
        i for i in invoices if i.client == cast.UNPAID_CLIENT and (today - i.issued_on).days > 120
    ]
    doomed = {i.number for i in unpaid[-2:]}
    for invoice in invoices:
        if invoice.number not in doomed:
            _pay_invoice(rng, invoice, today, lines)
    # Of the invoices issued before the history, Tréso knows those still open when it starts.
    settled_before = {
        i.number
        for i in invoices
        if i.issued_on < start and any(on < start for on, _ in i.payments)
    }
    lines[:] = [line for line in lines if line.invoice not in settled_before]
    return [i for i in invoices if i.number not in settled_before]


def _invoice(client: cast.Client, day: date, seq: int, ht: int, description: str) -> InvoiceRecord:
    # Renovation work in homes more than two years old is at 10 %, professional clients at 20 %.
    rate = 2000 if client.pro else 1000
    vat = totals([(ht, rate)])
    terms = parse_terms(client.terms)
    return InvoiceRecord(
        number=f"F{day.year}-{seq:04d}",
        client=client.name,
        issued_on=day,
        due_on=due_date(day, terms),
        ht_cents=vat.ht_cents,
        tva_cents=vat.tva_cents,
        description=description,
    )


def _pay_invoice(
    rng: random.Random, invoice: InvoiceRecord, today: date, lines: list[Line]
) -> None:
    client = next(c for c in cast.CLIENTS if c.name == invoice.client)
    delay = max(0, round(rng.gauss(client.delay_mean, client.delay_sd)))
    paid_on = next_bank_day(invoice.issued_on + timedelta(days=delay))
    if paid_on >= today:
        return
    # One big job in four is paid in two instalments (a partial payment first).
    instalments = [invoice.ttc_cents]
    if invoice.ttc_cents > 5_000_00 and rng.random() < 0.25:
        first = invoice.ttc_cents * 4 // 10
        instalments = [first, invoice.ttc_cents - first]
    for index, amount in enumerate(instalments):
        on = paid_on if index == 0 else next_bank_day(paid_on + timedelta(days=rng.randint(20, 40)))
        if on >= today:
            return
        if client.pro:
            label = f"VIR SEPA {bank_name(client.name)} FACT {invoice.number}"
        else:
            label = f"REMISE CHEQUE N {rng.randint(1000000, 9999999)}"
        invoice.payments.append((on, amount))
        lines.append(Line("main", on, amount, label, D.SALES, client.name, invoice=invoice.number))


def _bills(rng: random.Random, start: date, today: date, lines: list[Line]) -> list[BillRecord]:
    """Each supplier sends a monthly statement at month end, paid on its due date."""
    bills = []
    month = add_months(start.replace(day=1), 1)
    while month <= today:
        issued = last_working_day_of_month(month.year, month.month)
        if issued > today:
            break
        for supplier in cast.SUPPLIERS:
            scale = SEASONALITY[month.month] if supplier.monthly_ttc > 1_000_00 else 1
            ttc = round(supplier.monthly_ttc * scale * rng.uniform(0.75, 1.25))
            number = f"{supplier.name[:3].upper()}-{issued:%y%m}-{rng.randint(100, 999)}"
            due = due_date(issued, parse_terms(supplier.terms))
            paid_on = next_bank_day(due) if next_bank_day(due) < today else None
            bills.append(BillRecord(number, supplier.name, issued, due, ttc, paid_on))
            if paid_on:
                lines.append(
                    Line(
                        "main",
                        paid_on,
                        -ttc,
                        f"{supplier.label} FACT {number}",
                        D.PURCHASES if "Fiduciaire" not in supplier.name else D.FEES,
                        supplier.name,
                        bill=number,
                    )
                )
        month = add_months(month, 1)
    return bills


def _payroll_and_charges(start: date, today: date, lines: list[Line]) -> None:
    for charge in cast.CHARGES:
        lines += charge_lines(charge, start, today)
    month = start.replace(day=1)
    while month <= today:
        payday = last_working_day_of_month(month.year, month.month)
        if start <= payday < today:
            for name, net in cast.EMPLOYEES:
                label = f"VIR SEPA SALAIRE {MONTH_NAMES[month.month - 1]} {name}"
                lines.append(Line("main", payday, -net, label, D.SALARIES, recurring=_slug(name)))
        month = add_months(month, 1)


def _vat_returns(
    start: date,
    today: date,
    invoices: list[InvoiceRecord],
    bills: list[BillRecord],
    lines: list[Line],
) -> None:
    """Monthly CA3 around the 20th: VAT on cash received (services: TVA sur les encaissements)
    minus VAT on supplier payments, both of the previous month."""
    collected: dict[tuple[int, int], int] = defaultdict(int)
    for invoice in invoices:
        for on, amount in invoice.payments:
            collected[(on.year, on.month)] += amount * invoice.tva_cents // invoice.ttc_cents
    deductible: dict[tuple[int, int], int] = defaultdict(int)
    for bill in bills:
        if bill.paid_on:
            deductible[(bill.paid_on.year, bill.paid_on.month)] += split_ttc(
                bill.ttc_cents, 2000
            ).tva_cents
    month = add_months(start.replace(day=1), 1)
    while month <= today:
        filed = next_working_day(month.replace(day=20))
        previous = add_months(month, -1)
        key = (previous.year, previous.month)
        due = collected[key] - deductible[key]
        if start <= filed < today and due > 0:
            lines.append(
                Line(
                    "main",
                    filed,
                    -due,
                    f"PRLV SEPA DGFIP TVA CA3 {MONTH_NAMES[previous.month - 1]}",
                    D.VAT,
                    recurring="tva",
                )
            )
        month = add_months(month, 1)


def _card_spending(
    rng: random.Random, start: date, today: date, lines: list[Line], scale: int = 1
) -> None:
    day = start
    while day < today:
        if day.weekday() < 6:  # artisans work Saturdays too
            for label, low, high, per_month, category in cast.CARD_SPENDING * scale:
                if rng.random() < per_month / 26:
                    amount = -rng.randint(low, high)
                    # Card lines are booked one or two days after the purchase, dated in the label.
                    booked = next_bank_day(day + timedelta(days=rng.randint(1, 2)))
                    if booked < today:
                        lines.append(
                            Line("second", booked, amount, f"{label} {day:%d/%m}", category)
                        )
        day += timedelta(days=1)


def _internal_transfers(start: date, today: date, lines: list[Line], scale: int = 1) -> None:
    """The main account tops up the card account on the 2nd of each month."""
    month = start.replace(day=1)
    while month <= today:
        on = next_bank_day(month.replace(day=2))
        if start <= on < today:
            label = "VIR INTERNE ALIMENTATION COMPTE CARTE"
            top_up = CARD_TOP_UP_CENTS * scale
            lines.append(Line("main", on, -top_up, label, D.INTERNAL_TRANSFERS, recurring="carte"))
            lines.append(
                Line("second", on, top_up, label, D.INTERNAL_TRANSFERS, recurring="carte-recu")
            )
        month = add_months(month, 1)


def _dividends(start: date, today: date, lines: list[Line], opening_main: int) -> None:
    """Each June the gérant takes what the main account holds above the cushion — but never so
    much that a later month would go under the account's tightest day."""
    for year in range(start.year, today.year + 1):
        on = next_bank_day(date(year, 6, 25))
        if not start <= on < today:
            continue
        running, at_payout, lowest_after = opening_main, 0, None
        for line in sorted(lines, key=lambda line: line.booked_on):
            if line.account != "main":
                continue
            running += line.amount_cents
            if line.booked_on <= on:
                at_payout = running
            else:
                lowest_after = running if lowest_after is None else min(lowest_after, running)
        room = min(
            at_payout - DIVIDEND_CUSHION_CENTS, (lowest_after or at_payout) - LOWEST_MAIN_CENTS
        )
        dividend = room // 1_000_00 * 1_000_00
        if dividend > 0:
            lines.append(Line("main", on, -dividend, "VIR SEPA DIVIDENDES J MARTIN", D.OWNER_PAY,
                              recurring="dividendes"))  # fmt: skip


def _slug(name: str) -> str:
    return "-".join(name.lower().split())


def _flows(lines: list[Line]) -> list[RecurringFlow]:
    """The true recurring flows: the charges, each salary, the VAT return (its amount follows
    the previous month's activity), the dividends each June and the card account's monthly
    top-up."""
    schedules = [
        *cast.CHARGES,
        *(Charge(_slug(n), "", -net, "mensuel", 0, D.SALARIES) for n, net in cast.EMPLOYEES),
        Charge("tva", "", 0, "mensuel", 20, D.VAT, tolerance_pct=None),
        Charge("dividendes", "", 0, "annuel", 25, D.OWNER_PAY, first_month=6, tolerance_pct=None),
        Charge("carte", "", 0, "mensuel", 2, D.INTERNAL_TRANSFERS),
        Charge("carte-recu", "", 0, "mensuel", 2, D.INTERNAL_TRANSFERS, account="second"),
    ]
    return flows_of(schedules, lines)
