"""The agency: Kerneo, a communication and web agency in Lyon with a few large clients.

Monthly retainers and project invoices to B2B clients on « 60 jours » and « 45 jours fin
de mois » terms, paid late by some, two invoices in one transfer by one, in two halves by
another, each writing the invoice number its own way (or not at all); freelancers' bills
(sous-traitance); payroll, URSSAF, a quarterly office rent, SaaS subscriptions by card on
a Qonto account, the yearly CFE in December.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
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

SEED = 20261202
HISTORY_DAYS = 730
EARLIER_INVOICES_DAYS = 90  # invoices of the quarter before the history still pay into it
LOWEST_MAIN_CENTS, LOWEST_CARD_CENTS = 18_000_00, 400_00


@dataclass(frozen=True)
class Client:
    party: Party
    late_mean: int  # days after the due date
    late_sd: int
    reference: str  # how its transfers name the invoice: full / compact / short / none
    retainer_ht: int = 0  # monthly fee, cents HT
    grouped: bool = False  # pays invoices due close together in one transfer
    halves: bool = False  # pays big invoices in two halves


CLIENTS = (
    Client(Party("Laboratoires Vétalis", "60 jours", "fournisseurs@vetalis.fr", "412345670"),
           -2, 2, "full", retainer_ht=5_200_00),
    Client(Party("Groupe Dauphin Distribution", "60 jours", "ap@dauphin-distribution.fr"),
           -2, 2, "short", retainer_ht=3_900_00, grouped=True),
    Client(Party("Cosmétiques Belledonne", "45 jours fin de mois", "compta@belledonne.fr"),
           6, 8, "padded", retainer_ht=2_900_00, halves=True),
    Client(Party("Métropole Habitat Lyon", "45 jours fin de mois", "factures@mhl.fr"),
           24, 12, "compact"),
    Client(Party("Transports Gerland Logistique", "60 jours", "compta@tgl-transports.fr"),
           12, 14, "full"),
    Client(Party("Office de Tourisme du Beaujolais", "30 jours", "direction@ot-beaujolais.fr"),
           5, 5, "none"),
    Client(Party("Cabinet Morand Avocats", "45 jours fin de mois", "gestion@morand-avocats.fr"),
           -3, 2, "full"),
)  # fmt: skip
# Its latest invoice due more than three weeks ago is contested (a delivery it disputes).
DISPUTING = "Transports Gerland Logistique"
PROJECTS = (
    "Refonte du site web",
    "Campagne de lancement",
    "Identité visuelle",
    "Application mobile — lot",
    "Vidéo institutionnelle",
    "Séminaire — conception",
)

# Freelancers and the printer: (name, bill number pattern, min, max TTC cents, bills a month).
SUPPLIERS = (
    ("Julie Marchand Développement", "{y}-{n:03d}", 1_800_00, 6_500_00, 0.9),
    ("Studio Lumière Photo", "SLP{n:04d}", 600_00, 2_400_00, 0.5),
    ("Thomas Girard Motion Design", "TG-{y}-{m:02d}-{n}", 1_200_00, 4_800_00, 0.5),
    ("Nadia Benali Rédaction", "NB{ym}{n:02d}", 450_00, 1_600_00, 0.6),
    ("Imprimerie Delta Lyon", "FA{n:06d}", 380_00, 3_200_00, 0.4),
)
SUPPLIER_IBANS = ("FR7630004000031234567890143", "FR7610107001011234567890129",
                  "FR7630066100410001057380116", "FR7618206000576543210987638",
                  "FR7630003012340005012345665")  # fmt: skip

PROFILE = Profile(
    name="Kerneo Communication SAS",
    siren="882314578",
    address="27 rue de Marseille, 69007 Lyon",
    threshold_cents=20_000_00,  # about a month of payroll and URSSAF
    owner_name="Marc Leroux",
    owner_email="marc@kerneo.fr",
    accounts=(
        Account("main", "Compte courant", "Crédit Agricole Centre-Est",
                "FR7617806002103141592653519", "AGRIFRPP878"),
        Account("second", "Compte cartes", "Qonto", "FR7616958000019876543210161",
                "QNTOFRP1XXX"),
    ),
    clients=tuple(c.party for c in CLIENTS),
    suppliers=tuple(Party(name, "30 jours", iban=iban)
                    for (name, *_), iban in zip(SUPPLIERS, SUPPLIER_IBANS, strict=True)),
    quotes=(
        ("Laboratoires Vétalis", "Campagne salon Eurovet 2027", 28_500_00, 2000, 9, "accepté"),
        ("Métropole Habitat Lyon", "Portail locataires — lot 2", 42_000_00, 2000, 21, "envoyé"),
        ("Cabinet Morand Avocats", "Site et plaquette", 9_800_00, 2000, 4, "brouillon"),
    ),
)  # fmt: skip

CHARGES = (
    Charge("loyer", "PRLV SEPA SCI GERLAND BUREAUX LOYER TRIMESTRE", -7_350_00, "trimestriel", 1,
           D.RENT),
    Charge("urssaf", "PRLV SEPA URSSAF RHONE-ALPES", -6_120_00, "mensuel", 15, D.SOCIAL_CHARGES),
    Charge("retraite", "PRLV SEPA AG2R LA MONDIALE RETRAITE", -2_100_00, "trimestriel", 25,
           D.SOCIAL_CHARGES),
    Charge("mutuelle", "PRLV SEPA ALAN MUTUELLE", -312_00, "mensuel", 5, D.SOCIAL_CHARGES),
    Charge("is", "PRLV SEPA DGFIP IMPOT SOCIETES ACOMPTE", -4_200_00, "trimestriel", 15, D.TAXES,
           first_month=3),
    Charge("cfe", "PRLV SEPA DGFIP CFE", -1_150_00, "annuel", 15, D.TAXES, first_month=12),
    Charge("hiscox", "PRLV SEPA HISCOX RC PRO", -94_20, "mensuel", 6, D.INSURANCE),
    Charge("bouygues", "PRLV SEPA BOUYGUES TELECOM ENTREPRISES", -142_80, "mensuel", 20,
           D.TELECOM_IT),
    Charge("comptable", "PRLV SEPA AUDITEX EXPERTISE COMPTABLE", -390_00, "mensuel", 10, D.FEES),
    Charge("offre-pro", "COTISATION OFFRE PRO CA", -32_00, "mensuel", 1, D.BANK_FEES),
    Charge("qonto", "QONTO ABONNEMENT ESSENTIAL", -49_00, "mensuel", 1, D.BANK_FEES,
           account="second"),
    Charge("alimentation", "VIR SEPA ALIMENTATION COMPTE QONTO", -800_00, "mensuel", 2,
           D.INTERNAL_TRANSFERS),
    Charge("alimentation-recu", "VIR SEPA RECU KERNEO SAS", 800_00, "mensuel", 2,
           D.INTERNAL_TRANSFERS, account="second"),
    # SaaS subscriptions, by card on the Qonto account, dated in the label.
    Charge("google", "CB GOOGLE *WORKSPACE {JJMM}", -86_40, "mensuel", 1, D.TELECOM_IT,
           account="second"),
    Charge("adobe", "CB ADOBE SYSTEMS SOFTWARE {JJMM}", -89_99, "mensuel", 3, D.TELECOM_IT,
           account="second"),
    Charge("figma", "CB FIGMA MONTHLY {JJMM}", -46_10, "mensuel", 7, D.TELECOM_IT,
           account="second", tolerance_pct=5),
    Charge("canva", "CB CANVA {JJMM}", -11_99, "mensuel", 9, D.TELECOM_IT, account="second"),
    Charge("notion", "CB NOTION LABS INC {JJMM}", -38_40, "mensuel", 12, D.TELECOM_IT,
           account="second", tolerance_pct=5),
    Charge("slack", "CB SLACK TECHNOLOGIES {JJMM}", -52_50, "mensuel", 15, D.TELECOM_IT,
           account="second"),
    Charge("ovh", "CB OVH SAS {JJMM}", -23_99, "mensuel", 20, D.TELECOM_IT, account="second"),
)  # fmt: skip
EMPLOYEES = (("CAMILLE PETIT", 2_480_00), ("HUGO LAMBERT", 2_310_50), ("LEA MOREL", 2_150_00),
             ("NATHAN ROBIN", 2_720_00), ("SARAH KHELIF", 1_980_00))  # fmt: skip
OWNER_PAY = ("VIR SEPA REMUNERATION PRESIDENT M LEROUX", -3_800_00)
# Card spending on the Qonto account: (label, min cents, max cents, times a month, category).
CARD_SPENDING = (
    ("CB SNCF CONNECT", 45_00, 180_00, 1.5, D.OTHER),
    ("CB LE KITCHEN CAFE", 25_00, 140_00, 3, D.OTHER),
    ("CB AMAZON PAYMENTS", 20_00, 200_00, 1, D.OTHER),
)
DOLLAR_PRICED = {"figma", "notion"}  # billed in dollars: the euro amount moves a little


def build(today: date, years: int = 2, scale: int = 1) -> DemoBook:
    rng = random.Random(SEED)
    start = today - timedelta(days=HISTORY_DAYS if years == 2 else years * 365)
    lines: list[Line] = []
    invoices = _invoices(rng, start, today, lines, scale)
    bills = _bills(rng, start, today, lines, scale)
    for charge in CHARGES:
        vary = _dollars if charge.key in DOLLAR_PRICED else None
        lines += charge_lines(charge, start, today, rng, vary)
    _payroll(start, today, lines)
    _vat(start, today, invoices, bills, lines)
    _card_spending(rng, start, today, lines)
    lines.sort(key=lambda line: (line.booked_on, line.account, line.label))
    schedules = [
        *CHARGES,
        *(Charge(_slug(n), "", -net, "mensuel", 0, D.SALARIES) for n, net in EMPLOYEES),
        Charge("president", "", OWNER_PAY[1], "mensuel", 0, D.OWNER_PAY),
        Charge("tva", "", 0, "mensuel", 24, D.VAT, tolerance_pct=None),
    ]
    return DemoBook(
        today,
        start,
        invoices,
        bills,
        lines,
        {
            "main": opening_for(lines, "main", LOWEST_MAIN_CENTS),
            "second": opening_for(lines, "second", LOWEST_CARD_CENTS),
        },
        kind="agence",
        profile=PROFILE,
        flows=flows_of(schedules, lines),
    )


def _invoices(rng, start, today, lines, scale) -> list[InvoiceRecord]:
    """Retainers on each month's last working day, and two or three projects a month."""
    sequence: dict[int, int] = defaultdict(int)
    drafts = []
    for month in months(start - timedelta(days=EARLIER_INVOICES_DAYS), today):
        days = [d for d in days_of_month(month) if d < today and is_working_day(d)]
        if not days:
            continue
        last = last_working_day_of_month(month.year, month.month)
        for client in CLIENTS:
            if client.retainer_ht and last < today:
                drafts.append((last, client, client.retainer_ht, "Forfait mensuel"))
        for _ in range(rng.choice((1, 2, 2, 3)) * scale):
            client = rng.choice(CLIENTS)
            ht = rng.randrange(3_000_00, 19_000_00) // 1000 * 1000
            drafts.append((rng.choice(days), client, ht, rng.choice(PROJECTS)))
    invoices = []
    for day, client, ht, what in sorted(drafts, key=lambda d: (d[0], d[1].party.name)):
        sequence[day.year] += 1
        vat = totals([(ht, 2000)])
        invoices.append(
            InvoiceRecord(f"F{day.year}-{sequence[day.year]:04d}", client.party.name, day,
                          due_date(day, parse_terms(client.party.terms)), vat.ht_cents,
                          vat.tva_cents, what)
        )  # fmt: skip
    _pay(rng, invoices, start, today, lines)
    # Of the invoices issued before the history, Tréso knows those still open when it starts.
    settled_before = {
        i.number
        for i in invoices
        if i.issued_on < start and any(on < start for on, _ in i.payments)
    }
    lines[:] = [ln for ln in lines if not ({n for n, _ in ln.invoice_parts()} & settled_before)]
    return [i for i in invoices if i.number not in settled_before]


def _pay(rng, invoices, start, today, lines) -> None:
    by_client = {c.party.name: c for c in CLIENTS}
    waiting: dict[str, tuple[date, InvoiceRecord]] = {}  # a grouped payer's invoice held back
    disputed = [i for i in invoices if i.client == DISPUTING and (today - i.due_on).days > 20]
    for invoice in invoices:
        client = by_client[invoice.client]
        late = max(-3, round(rng.gauss(client.late_mean, client.late_sd)))
        if disputed and invoice is disputed[-1]:
            continue  # contested since its due date: still open today
        if rng.random() < 0.08:  # now and then an invoice is forgotten for a month
            late += 30
        on = next_bank_day(invoice.due_on + timedelta(days=late))
        if client.grouped:
            held = waiting.pop(client.party.name, None)
            if held is None and rng.random() < 0.35:
                waiting[client.party.name] = (on, invoice)
                continue
            if held is not None:
                first_on, first = held
                on = max(on, first_on)
                if on < today:
                    _record(client, [first, invoice], on, lines, rng)
                continue
        if client.halves and invoice.ttc_cents > 10_000_00 and rng.random() < 0.6:
            half = invoice.ttc_cents // 2
            later = next_bank_day(on + timedelta(days=rng.randint(25, 35)))
            for when, amount in ((on, half), (later, invoice.ttc_cents - half)):
                if when < today:
                    _record(client, [invoice], when, lines, rng, amount)
            continue
        if on < today:
            _record(client, [invoice], on, lines, rng)
    for name, (on, invoice) in waiting.items():  # the last one held is paid alone
        if on < today:
            _record(by_client[name], [invoice], on, lines, rng)


def _record(client, invoices, on, lines, rng, amount: int | None = None) -> None:
    parts = tuple((i.number, amount or i.ttc_cents) for i in invoices)
    for invoice, (_, cents) in zip(invoices, parts, strict=True):
        invoice.payments.append((on, cents))
    refs = " ".join(_reference(client.reference, i.number) for i in invoices)
    label = f"VIR SEPA {bank_name(client.party.name)} {refs}".strip()
    if client.reference == "none":
        label += f" PAIEMENT {rng.randint(100000, 999999)}"
    total = sum(cents for _, cents in parts)
    line = Line("main", on, total, label, D.SALES, client.party.name)
    if len(parts) > 1:
        line.grouped = parts
    else:
        line.invoice = parts[0][0]
    lines.append(line)


def _reference(style: str, number: str) -> str:
    """F2026-0042 as each client's accounts department writes it."""
    year, seq = number[1:].split("-")
    return {
        "full": f"FACT {number}",
        "compact": f"REF F{year}{seq}",
        "short": f"FA {int(seq)}",
        "padded": f"FACTURE FA{year}-{int(seq):05d}",
        "none": "",
    }[style]


def _bills(rng, start, today, lines, scale) -> list[BillRecord]:
    bills, counters = [], defaultdict(lambda: rng.randrange(10, 300))
    for month in months(start, today):
        days = [d for d in days_of_month(month) if start <= d < today and is_working_day(d)]
        for name, pattern, low, high, per_month in SUPPLIERS:
            for _ in range(scale):
                if not days or rng.random() > per_month:
                    continue
                issued = rng.choice(days)
                counters[name] += 1
                number = pattern.format(y=issued.year, m=issued.month, n=counters[name],
                                        ym=f"{issued:%y%m}")  # fmt: skip
                ttc = rng.randrange(low, high)
                due = due_date(issued, parse_terms("30 jours"))
                paid_on = next_bank_day(due + timedelta(days=rng.choice((0, 0, 0, 2, 5))))
                paid_on = paid_on if paid_on < today else None
                bills.append(BillRecord(number, name, issued, due, ttc, paid_on))
                if paid_on:
                    category = D.PURCHASES if name.startswith("Imprimerie") else D.SUBCONTRACTING
                    label = f"VIR SEPA {bank_name(name)} FACT {number}"
                    lines.append(Line("main", paid_on, -ttc, label, category, name, bill=number))
    return bills


def _payroll(start: date, today: date, lines: list[Line]) -> None:
    for month in months(start, today):
        payday = last_working_day_of_month(month.year, month.month)
        if not start <= payday < today:
            continue
        for name, net in EMPLOYEES:
            label = f"VIR SEPA SALAIRE {MONTH_NAMES[month.month - 1]} {name}"
            lines.append(Line("main", payday, -net, label, D.SALARIES, recurring=_slug(name)))
        lines.append(Line("main", payday, OWNER_PAY[1], OWNER_PAY[0], D.OWNER_PAY,
                          recurring="president"))  # fmt: skip


def _vat(start, today, invoices, bills, lines) -> None:
    """Monthly CA3 on the 24th: services pay VAT on what was received (TVA sur les
    encaissements), less the VAT of the printer's bills paid (freelancers charge none)."""
    collected: dict[tuple[int, int], int] = defaultdict(int)
    for invoice in invoices:
        for on, amount in invoice.payments:
            collected[(on.year, on.month)] += amount * invoice.tva_cents // invoice.ttc_cents
    for bill in bills:
        if bill.paid_on and bill.supplier.startswith("Imprimerie"):
            collected[(bill.paid_on.year, bill.paid_on.month)] -= bill.ttc_cents // 6
    for month in months(add_months(start, 1), today):
        previous = add_months(month, -1)
        due = collected[(previous.year, previous.month)]
        on = working_day(month.year, month.month, 24)
        if start <= on < today and due > 0:
            label = f"PRLV SEPA DGFIP TVA CA3 {MONTH_NAMES[previous.month - 1]}"
            lines.append(Line("main", on, -due, label, D.VAT, recurring="tva"))


def _card_spending(rng, start, today, lines) -> None:
    day = start
    while day < today:
        for label, low, high, per_month, category in CARD_SPENDING:
            if day.weekday() < 5 and rng.random() < per_month / 22:
                lines.append(Line("second", day, -rng.randint(low, high),
                                  f"{label} {day:%d/%m}", category))  # fmt: skip
        day += timedelta(days=1)


def _dollars(on: date, cents: int, rng: random.Random) -> int:
    return round(cents * rng.uniform(0.97, 1.03))


def _slug(name: str) -> str:
    return "-".join(name.lower().split())
