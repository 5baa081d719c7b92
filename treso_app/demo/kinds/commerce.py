"""The shop: Maison Brun, a fine grocery and wine shop in Lyon's Presqu'île.

Daily card takings paid in the next bank day (two terminals: « REMISE CB » at the grocery
counter, « REMISE TPE » at the wine counter), heavier on Saturdays, Sunday mornings only
before Christmas, a December at about twice a usual month, a quiet summer and two weeks
closed in August; cash paid in every Tuesday; a few company gift-box invoices; monthly
supplier bills; rent, payroll, URSSAF, VAT and the loan on their days.
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
)
from treso_app.domain.categories import Default as D
from treso_app.domain.terms import due_date, parse_terms
from treso_app.domain.vat import totals

from ..book import (
    MONTH_NAMES,
    Account,
    BillRecord,
    Charge,
    DemoBook,
    InvoiceRecord,
    Line,
    Party,
    Profile,
    bank_name,
    charge_lines,
    days_of_month,
    flows_of,
    months,
    opening_for,
    working_day,
)

SEED = 20261201
HISTORY_DAYS = 730
DAY_TAKINGS_CENTS = 960_00  # an ordinary Thursday, TTC
WEEKDAY = (0.70, 0.85, 0.95, 1.00, 1.35, 1.95, 0.60)  # Monday … Sunday
SEASON = {1: 0.80, 2: 0.85, 3: 0.95, 4: 1.00, 5: 1.00, 6: 0.95, 7: 0.80, 8: 0.60, 9: 1.00,
          10: 1.05, 11: 1.15, 12: 1.45}  # fmt: skip
CARD_SHARE = 0.86  # the rest is cash
GROCERY_TERMINAL, WINE_TERMINAL = "0231456", "0231457"
LOWEST_CENTS = 9_000_00

PROFILE = Profile(
    name="Maison Brun — Épicerie fine & cave",
    siren="812456739",
    address="8 rue Mercière, 69002 Lyon",
    threshold_cents=15_000_00,
    owner_name="Anne Brun",
    owner_email="anne@maison-brun-lyon.fr",
    accounts=(
        Account("main", "Compte courant", "Crédit Agricole Centre-Est",
                "FR7617806002105678901234550", "AGRIFRPP878"),
    ),
    clients=(
        Party("Cabinet Ravier Avocats", "30 jours", "compta@ravier-avocats.fr"),
        Party("Banque Saint-Nizier", "30 jours", "achats@banque-stnizier.fr", "552120222"),
        Party("Hôtel Carlton Bellecour", "30 jours", "direction@carlton-bellecour.fr"),
        Party("Agence Immobilière Ainay", "à réception", "contact@ainay-immo.fr"),
        Party("Laboratoire Biogaran Gerland", "45 jours fin de mois", "events@bio-gerland.fr"),
        Party("Comité d'entreprise TCL", "30 jours", "ce@tcl-lyon.fr"),
    ),
    suppliers=(
        Party("Bourgogne Vins Diffusion", "30 jours fin de mois",
              iban="FR7630004000031234567890143"),
        Party("Sud Rhône Distribution", "30 jours", iban="FR7610107001011234567890129"),
        Party("Fromagerie Alpine Rhône", "30 jours", iban="FR7630066100410001057380116"),
        Party("Chocolaterie des Canuts", "45 jours fin de mois",
              iban="FR7618206000576543210987638"),
        Party("Emballages Lyonnais", "30 jours", iban="FR7630003012340005012345665"),
    ),
)  # fmt: skip

# (supplier, monthly TTC cents, bank label, bill number pattern, issues a month, season boost)
SUPPLY = (
    ("Bourgogne Vins Diffusion", 8_000_00, "VIR SEPA BOURGOGNE VINS DIFFUSION FACT",
     "FA{y}-{n:05d}", 1, {11: 1.9, 12: 1.6}),
    ("Sud Rhône Distribution", 5_600_00, "PRLV SEPA SUD RHONE DISTRIBUTION", "SRD{ym}{n:04d}", 1,
     {11: 1.3, 12: 1.5}),
    ("Fromagerie Alpine Rhône", 2_900_00, "VIR SEPA FROMAGERIE ALPINE RHONE", "F-{ymd}-{n}", 2,
     {12: 1.7}),
    ("Chocolaterie des Canuts", 900_00, "VIR SEPA CHOCOLATERIE DES CANUTS FACTURE",
     "{y}/{m:02d}/{n:04d}", 1, {3: 1.6, 11: 2.5, 12: 2.0}),
    ("Emballages Lyonnais", 280_00, "PRLV SEPA EMBALLAGES LYONNAIS", "EL{n:06d}", 1, {11: 2.0}),
)  # fmt: skip

CHARGES = (
    Charge("loyer", "PRLV SEPA SCI MERCIERE LOYER {MOIS}", -2_450_00, "mensuel", 5, D.RENT),
    Charge("pret", "ECHEANCE PRET 00071234567 AGENCEMENT", -1_238_47, "mensuel", 10, D.LOANS),
    Charge("urssaf", "PRLV SEPA URSSAF RHONE-ALPES", -2_180_00, "mensuel", 15, D.SOCIAL_CHARGES,
           tolerance_pct=5),
    Charge("retraite", "PRLV SEPA MALAKOFF HUMANIS RETRAITE", -640_00, "trimestriel", 25,
           D.SOCIAL_CHARGES),
    Charge("assurance", "PRLV SEPA MMA IARD MULTIRISQUE PRO", -486_30, "trimestriel", 5,
           D.INSURANCE),
    Charge("edf", "PRLV SEPA EDF ENTREPRISES", -330_00, "mensuel", 12, D.ENERGY,
           tolerance_pct=30),
    Charge("orange", "PRLV SEPA ORANGE PRO", -54_99, "mensuel", 18, D.TELECOM_IT),
    Charge("comptable", "PRLV SEPA CABINET ALPHA EXPERTISE", -216_00, "mensuel", 8, D.FEES),
    Charge("tpe", "PRLV SEPA INGENICO LOCATION TPE", -38_40, "mensuel", 3, D.BANK_FEES),
    Charge("frais", "FRAIS TENUE DE COMPTE PRO", -21_00, "mensuel", 1, D.BANK_FEES),
    Charge("cfe", "PRLV SEPA DGFIP CFE", -780_00, "annuel", 15, D.TAXES, first_month=12),
)  # fmt: skip
EMPLOYEES = (("CLARA DUMAS", 1_742_18), ("THEO ROUX", 1_598_40))
OWNER_PAY = ("VIR SEPA REMUNERATION PRESIDENTE A BRUN", -2_600_00)
CHRISTMAS_HELP = ("INES LAURENT", 1_320_00)  # a fixed-term contract each December
# Card spending: (label, min cents, max cents, times a month, category).
CARD_SPENDING = (
    ("CB METRO LYON", 40_00, 380_00, 3, D.PURCHASES),
    ("CB TOTALENERGIES", 45_00, 80_00, 2, D.VEHICLES),
    ("CB LA POSTE", 8_00, 40_00, 1, D.OTHER),
)
GIFT_BOXES = ("Coffrets cadeaux fin d'année", "Apéritif dînatoire", "Paniers garnis")


def build(today: date, years: int = 2, scale: int = 1) -> DemoBook:
    rng = random.Random(SEED)
    start = today - timedelta(days=HISTORY_DAYS if years == 2 else years * 365)
    lines: list[Line] = []
    takings = _takings(rng, start, today, lines, scale)
    invoices = _invoices(rng, start, today, lines)
    bills = _bills(rng, start, today, lines, scale)
    varying = {"loyer": _indexed(today), "edf": _energy}
    for charge in CHARGES:
        lines += charge_lines(charge, start, today, rng, varying.get(charge.key))
    _payroll(start, today, lines)
    _vat(start, today, takings, invoices, bills, lines)
    _card_spending(rng, start, today, lines)
    lines.sort(key=lambda line: (line.booked_on, line.account, line.label))
    schedules = [
        *CHARGES,
        *_payroll_schedules(),
        Charge("tva", "", 0, "mensuel", 19, D.VAT, tolerance_pct=None),
        Charge("commissions", "", 0, "mensuel", 4, D.BANK_FEES, tolerance_pct=None),
        # The week's cash paid in each Tuesday, and the Christmas help paid each December.
        Charge("especes", "", 0, "hebdomadaire", 1, D.SALES, tolerance_pct=None,
               day_rule="jour_semaine"),
        Charge(_slug(CHRISTMAS_HELP[0]), "", -CHRISTMAS_HELP[1], "annuel", 0, D.SALARIES),
    ]  # fmt: skip
    return DemoBook(
        today,
        start,
        invoices,
        bills,
        lines,
        {"main": opening_for(lines, "main", LOWEST_CENTS)},
        kind="commerce",
        profile=PROFILE,
        flows=flows_of(schedules, lines),
    )


def _open(day: date) -> bool:
    """Closed on 1 January, 1 May, Christmas Day and the two middle weeks of August."""
    if (day.month, day.day) in {(1, 1), (5, 1), (12, 25)}:
        return False
    if day.month == 8 and 10 <= day.day <= 24:
        return False
    if day.weekday() == 6:  # Sunday mornings from mid-November to Christmas only
        return day.month == 12 or (day.month == 11 and day.day >= 15)
    return True


def _day_factor(day: date) -> float:
    factor = WEEKDAY[day.weekday()] * SEASON[day.month]
    if day.month == 12 and 15 <= day.day <= 24:
        factor *= 1.45 if day.day < 24 else 2.2
    return factor


def _takings(
    rng: random.Random, start: date, today: date, lines: list[Line], scale: int
) -> dict[tuple[int, int], int]:
    """Each open day's takings: cards credited the next bank day per terminal, cash paid in on
    Tuesdays. Returns the month's takings TTC (for VAT)."""
    by_month: dict[tuple[int, int], int] = defaultdict(int)
    cash = 0
    day = start
    while day < today:
        if day.weekday() == 1 and cash >= 100_00:  # Tuesday: the week's cash to the bank
            paid_in = cash // 10_00 * 10_00
            lines.append(Line("main", day, paid_in, "VERSEMENT ESPECES AG LYON CORDELIERS",
                              D.SALES, recurring="especes"))  # fmt: skip
            cash -= paid_in
        if _open(day):
            growth = 1 + 0.04 * (day - start).days / 365  # a shop that grows a little
            total = round(DAY_TAKINGS_CENTS * scale * _day_factor(day) * growth
                          * rng.uniform(0.8, 1.2))  # fmt: skip
            by_month[(day.year, day.month)] += total
            card = round(total * CARD_SHARE)
            cash += total - card
            grocery = round(card * rng.uniform(0.5, 0.65))
            credited = next_bank_day(day + timedelta(days=1))
            if credited < today:
                for terminal, amount, word in (
                    (GROCERY_TERMINAL, grocery, "REMISE CB"),
                    (WINE_TERMINAL, card - grocery, "REMISE TPE"),
                ):
                    label = f"{word} {day:%d%m%y} {terminal}"
                    lines.append(Line("main", credited, amount, label, D.CARD_TAKINGS))
        day += timedelta(days=1)
    # The acquirer's commission on last month's card takings, on the 4th working day.
    for month in months(start, today):
        previous = add_months(month, -1)
        on = working_day(month.year, month.month, 4)
        card = round(by_month[(previous.year, previous.month)] * CARD_SHARE)
        if card and start <= on < today:
            label = f"COMMISSIONS CB {MONTH_NAMES[previous.month - 1]} {GROCERY_TERMINAL}"
            lines.append(Line("main", on, -round(card * 0.0075), label, D.BANK_FEES,
                              recurring="commissions"))  # fmt: skip
    return by_month


def _invoices(rng: random.Random, start: date, today: date, lines: list[Line]):
    """Gift boxes and catering for companies: a handful a month, many in November–December."""
    invoices, sequence = [], defaultdict(int)
    for month in months(start, today):
        count = {11: 6, 12: 9}.get(month.month, rng.choice((0, 1, 1, 2)))
        days = [d for d in days_of_month(month) if start <= d < today and is_working_day(d)]
        for day in sorted(rng.choice(days) for _ in range(count if days else 0)):
            client = rng.choice(PROFILE.clients)
            sequence[day.year] += 1
            vat = totals([(rng.randrange(250_00, 3_200_00) // 100 * 100, 2000)])
            invoice = InvoiceRecord(
                f"F{day.year}-{sequence[day.year]:04d}", client.name, day,
                due_date(day, parse_terms(client.terms)), vat.ht_cents, vat.tva_cents,
                rng.choice(GIFT_BOXES),
            )  # fmt: skip
            invoices.append(invoice)
            paid_on = next_bank_day(invoice.due_on + timedelta(days=round(rng.gauss(4, 8))))
            if max(paid_on, day) < today:
                paid_on = max(paid_on, next_bank_day(day + timedelta(days=1)))
                invoice.payments.append((paid_on, invoice.ttc_cents))
                label = f"VIR SEPA {bank_name(client.name)} FACT {invoice.number}"
                lines.append(Line("main", paid_on, invoice.ttc_cents, label, D.SALES,
                                  client.name, invoice=invoice.number))  # fmt: skip
    return invoices


def _bills(rng: random.Random, start: date, today: date, lines: list[Line], scale: int):
    """Monthly supplier bills (the cheese maker bills twice), paid on their due date, a few
    days late one time in five."""
    bills, counters = [], {s[0]: rng.randrange(120, 900) for s in SUPPLY}
    for month in months(add_months(start, 1), today):
        for name, monthly, label, pattern, per_month, boost in SUPPLY:
            party = next(p for p in PROFILE.suppliers if p.name == name)
            ends = [last_working_day_of_month(month.year, month.month)]
            if per_month == 2:
                ends.insert(0, working_day(month.year, month.month, 15))
            for issued in ends:
                if issued >= today:
                    continue
                counters[name] += 1
                ttc = round(monthly * scale * boost.get(month.month, SEASON[month.month])
                            * rng.uniform(0.8, 1.2) / per_month)  # fmt: skip
                number = pattern.format(y=issued.year, m=issued.month, n=counters[name],
                                        ym=f"{issued:%y%m}", ymd=f"{issued:%y%m%d}")  # fmt: skip
                due = due_date(issued, parse_terms(party.terms))
                late = rng.randint(1, 6) if rng.random() < 0.2 else 0
                paid_on = next_bank_day(due + timedelta(days=late))
                paid_on = paid_on if paid_on < today else None
                bills.append(BillRecord(number, name, issued, due, ttc, paid_on))
                if paid_on:
                    lines.append(Line("main", paid_on, -ttc, f"{label} {number}", D.PURCHASES,
                                      name, bill=number))  # fmt: skip
    return bills


def _payroll_schedules() -> list[Charge]:
    return [
        *(Charge(_slug(n), "", -net, "mensuel", 0, D.SALARIES) for n, net in EMPLOYEES),
        Charge("presidente", "", OWNER_PAY[1], "mensuel", 0, D.OWNER_PAY),
    ]


def _payroll(start: date, today: date, lines: list[Line]) -> None:
    for month in months(start, today):
        payday = last_working_day_of_month(month.year, month.month)
        if not start <= payday < today:
            continue
        staff = [*EMPLOYEES, CHRISTMAS_HELP] if month.month == 12 else EMPLOYEES
        for name, net in staff:
            label = f"VIR SEPA SALAIRE {MONTH_NAMES[month.month - 1]} {name}"
            lines.append(Line("main", payday, -net, label, D.SALARIES, recurring=_slug(name)))
        lines.append(Line("main", payday, OWNER_PAY[1], OWNER_PAY[0], D.OWNER_PAY,
                          recurring="presidente"))  # fmt: skip


def _vat(start, today, takings, invoices, bills, lines) -> None:
    """Monthly CA3 on the 19th: VAT on last month's sales (half the shop at 5,5 %, half at
    20 %; invoices at 20 %) minus VAT on the bills paid then (same mix)."""
    collected = {key: round(total * (0.5 * 55 / 1055 + 0.5 * 20 / 120))
                 for key, total in takings.items()}  # fmt: skip
    for invoice in invoices:
        key = (invoice.issued_on.year, invoice.issued_on.month)
        collected[key] = collected.get(key, 0) + invoice.tva_cents
    deductible: dict[tuple[int, int], int] = defaultdict(int)
    for bill in bills:
        deductible[(bill.issued_on.year, bill.issued_on.month)] += round(bill.ttc_cents * 0.11)
    for month in months(add_months(start, 1), today):
        previous = add_months(month, -1)
        key = (previous.year, previous.month)
        due = collected.get(key, 0) - deductible[key]
        on = working_day(month.year, month.month, 19)
        if start <= on < today and due > 0:
            label = f"PRLV SEPA DGFIP TVA CA3 {MONTH_NAMES[previous.month - 1]}"
            lines.append(Line("main", on, -due, label, D.VAT, recurring="tva"))


def _card_spending(rng: random.Random, start: date, today: date, lines: list[Line]) -> None:
    day = start
    while day < today:
        for label, low, high, per_month, category in CARD_SPENDING:
            if day.weekday() < 6 and rng.random() < per_month / 26:
                booked = next_bank_day(day + timedelta(days=1))
                if booked < today:
                    lines.append(Line("main", booked, -rng.randint(low, high),
                                      f"{label} {day:%d/%m}", category))  # fmt: skip
        day += timedelta(days=1)


def _indexed(today: date):
    """Commercial rents follow the ILC index each January (+2,1 % a year here): the rent is
    today's amount this year, less in the years before."""
    return lambda on, cents, rng: round(cents / 1.021 ** (today.year - on.year))


def _energy(on: date, cents: int, rng: random.Random) -> int:
    """Cold rooms and heating: winter months cost a third more."""
    return round(cents * (1.3 if on.month in (11, 12, 1, 2) else 1.0) * rng.uniform(0.9, 1.1))


def _slug(name: str) -> str:
    return "-".join(name.lower().split())
