"""Supplier bills: record them, pay them, schedule them at the best date, and hand the bank a
SEPA credit-transfer file. One transaction per use-case."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaTransfer
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.queries import paid_bills
from treso_app.db.session import read_only, transaction
from treso_app.domain.dates import parse_day
from treso_app.domain.errors import PaymentTermsError, TresoError, ValidationError
from treso_app.domain.forecast import PRESETS, forecast
from treso_app.domain.money import parse_amount, typed_amount
from treso_app.domain.payment_plan import OpenBill, Proposal, propose_dates
from treso_app.domain.terms import EndOfMonthReading, parse_terms, payable_by
from treso_app.services.forecast import bill_day, load_inputs
from treso_app.services.invoices import add_payment

PLANNING_DAYS = 120  # bills are rarely due further away than 60 days end of month
SEPA_SCHEMA = "pain.001.001.03"  # the version every French bank accepts


@dataclass(frozen=True)
class BillRow:
    id: int
    number: str
    supplier_id: int
    supplier: str
    iban_ok: bool
    issued_on: date
    due_on: date
    scheduled_on: date | None
    ttc_cents: int
    remaining_cents: int
    status: str  # à_payer / programmée / payée
    late: bool
    planned_on: date | None  # the day the forecast counts it (None once paid)


def save_bill(
    company_id: int,
    fields: Mapping[str, object],
    bill_id: int | None = None,
    url: str | None = None,
) -> int:
    """Create (or correct) a supplier bill from a form: supplier, number, dates, TTC (HT and
    TVA optional). An empty due date follows the supplier's payment terms."""
    supplier_id = fields.get("supplier_id")
    if not supplier_id:
        raise ValidationError("Choisissez un fournisseur.", "supplier")
    number = str(fields.get("number") or "").strip()
    if not number:
        raise ValidationError("Le numéro de la facture est obligatoire.", "number")
    issued_on = parse_day(fields.get("issued_on"), "issued_on")
    ttc = _amount(fields.get("ttc"), "ttc")
    if ttc is None or ttc <= 0:
        raise ValidationError("Le montant TTC est obligatoire et positif.", "ttc")
    ht = _amount(fields.get("ht"), "ht")
    tva = _amount(fields.get("tva"), "tva")
    if ht is not None and tva is None:
        tva = ttc - ht
    if ht is not None and ht + tva != ttc:
        raise ValidationError("HT + TVA ne fait pas le TTC.", "ht")
    with transaction(url) as session:
        supplier = session.get(t.Counterparty, int(supplier_id))
        if supplier is None or supplier.company_id != company_id or supplier.kind != "fournisseur":
            raise ValidationError("Choisissez un fournisseur.", "supplier")
        if fields.get("due_on"):
            due_on = parse_day(fields.get("due_on"), "due_on")
        else:
            try:
                terms = parse_terms(supplier.payment_terms)
            except PaymentTermsError:
                terms = parse_terms("30 jours")
            reading = EndOfMonthReading(session.get(t.Company, company_id).end_of_month_reading)
            due_on = payable_by(issued_on, terms, reading)
        if due_on < issued_on:
            raise ValidationError(
                "L'échéance ne peut pas précéder la date de la facture.", "due_on"
            )
        duplicate = session.exec(
            select(t.Bill.id).where(
                t.Bill.company_id == company_id,
                t.Bill.supplier_id == supplier.id,
                t.Bill.number == number,
            )
        ).first()
        if duplicate is not None and duplicate != bill_id:
            raise ValidationError(
                f"La facture {number} de {supplier.name} est déjà enregistrée.", "number"
            )
        bill = _owned(session, company_id, bill_id) if bill_id else None
        bill = bill or t.Bill(
            company_id=company_id,
            supplier_id=supplier.id,
            number=number,
            issued_on=issued_on,
            due_on=due_on,
        )
        bill.supplier_id, bill.number, bill.issued_on, bill.due_on = (
            supplier.id,
            number,
            issued_on,
            due_on,
        )
        bill.ttc_cents, bill.ht_cents, bill.tva_cents = ttc, ht, tva
        bill.description = str(fields.get("description") or "").strip() or None
        session.add(bill)
        session.flush()
        return bill.id


def bill_fields(company_id: int, bill_id: int, url: str | None = None) -> dict[str, str]:
    """An existing bill as its form shows it (amounts in French)."""
    with read_only(url) as session:
        bill = _owned(session, company_id, bill_id)
        return {
            "supplier_id": str(bill.supplier_id),
            "number": bill.number,
            "issued_on": bill.issued_on.isoformat(),
            "due_on": bill.due_on.isoformat(),
            "ttc": typed_amount(bill.ttc_cents),
            "ht": typed_amount(bill.ht_cents) if bill.ht_cents is not None else "",
            "description": bill.description or "",
        }


def _amount(value: object, field: str) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return parse_amount(str(value))
    except TresoError as error:
        raise ValidationError(error.message, field) from None


def record_bill_payment(
    company_id: int,
    bill_id: int,
    paid_on: date,
    amount_cents: int,
    means: str,
    url: str | None = None,
) -> str:
    with transaction(url) as session:
        bill = _owned(session, company_id, bill_id)
        remaining = bill.ttc_cents - paid_bills(session, company_id).get(bill.id, 0)
        add_payment(session, company_id, remaining, paid_on, amount_cents, means, bill_id=bill.id)
        if amount_cents == remaining:
            bill.status, bill.paid_on = "payée", paid_on
        session.add(bill)
        return bill.status


def schedule(
    company_id: int, days: Mapping[int, date | None], today: date, url: str | None = None
) -> None:
    """Set (or clear, with None) the payment day of unpaid bills, all together."""
    with transaction(url) as session:
        for bill_id, day in days.items():
            bill = _owned(session, company_id, bill_id)
            if bill.status == "payée":
                raise ValidationError(f"La facture {bill.number} est déjà payée.")
            if day is not None and day < today:
                raise ValidationError(
                    f"Facture {bill.number} : on ne programme pas un paiement dans le passé.",
                    "scheduled_on",
                )
            bill.scheduled_on = day
            bill.status = "programmée" if day else "à_payer"
            session.add(bill)


def bill_rows(company_id: int, today: date, url: str | None = None) -> list[BillRow]:
    with read_only(url) as session:
        return _rows(session, company_id, today)


def _rows(session: Session, company_id: int, today: date) -> list[BillRow]:
    paid = paid_bills(session, company_id)
    rows = session.exec(
        select(t.Bill, t.Counterparty.name, t.Counterparty.iban)
        .join(t.Counterparty, t.Counterparty.id == t.Bill.supplier_id)
        .where(t.Bill.company_id == company_id)
        .order_by(t.Bill.due_on.desc(), t.Bill.id.desc())
    ).all()
    out = []
    for bill, supplier, iban in rows:
        remaining = bill.ttc_cents - paid.get(bill.id, 0)
        status = "payée" if remaining <= 0 else ("programmée" if bill.scheduled_on else "à_payer")
        out.append(
            BillRow(
                bill.id,
                bill.number,
                bill.supplier_id,
                supplier,
                _valid_iban(iban),
                bill.issued_on,
                bill.due_on,
                bill.scheduled_on,
                bill.ttc_cents,
                max(remaining, 0),
                status,
                remaining > 0 and bill.due_on < today,
                bill_day(bill.scheduled_on, bill.due_on, today) if remaining > 0 else None,
            )
        )
    return out


def alert_threshold(company_id: int, url: str | None = None) -> int:
    with read_only(url) as session:
        return session.get(t.Company, company_id).alert_threshold_cents


def proposals(company_id: int, today: date, url: str | None = None) -> list[Proposal]:
    """« Proposer des dates »: each unpaid bill on the last bank day by its due date that keeps
    the realistic forecast above the alert threshold, or the conflict and its size."""
    with read_only(url) as session:
        open_bills = [
            OpenBill(r.id, f"{r.supplier} — {r.number}", r.remaining_cents, r.due_on, r.planned_on)
            for r in _rows(session, company_id, today)
            if r.remaining_cents > 0
        ]
        inputs = load_inputs(session, company_id, today, PLANNING_DAYS)
    result = forecast(inputs, PRESETS["realiste"], paths=1)
    balances = [(day, int(cents)) for day, cents in zip(result.days, result.realistic, strict=True)]
    return propose_dates(balances, open_bills, inputs.threshold_cents, today)


def sepa_transfer(
    company_id: int,
    bill_ids: Collection[int],
    execution_date: date,
    account_id: int | None = None,
    url: str | None = None,
) -> tuple[str, bytes]:
    """A pain.001.001.03 file paying the chosen bills from the company's account: one transfer
    per bill, its number as reference. Refused whole when a supplier's IBAN is missing."""
    if not bill_ids:
        raise ValidationError("Choisissez au moins une facture à payer.")
    with read_only(url) as session:
        company = session.get(t.Company, company_id)
        account = _debtor_account(session, company_id, account_id)
        rows = {r.id: r for r in _rows(session, company_id, execution_date)}
        chosen = [rows[i] for i in bill_ids if i in rows and rows[i].remaining_cents > 0]
        suppliers = {
            s.id: s
            for s in session.exec(
                select(t.Counterparty).where(t.Counterparty.company_id == company_id)
            ).all()
        }
    if len(chosen) != len(bill_ids):
        raise ValidationError("Une facture choisie est déjà payée ou n'existe plus.")
    missing = sorted({r.supplier for r in chosen if not r.iban_ok})
    if missing:
        raise ValidationError(
            "IBAN manquant ou invalide pour : "
            + ", ".join(missing)
            + ". Complétez-le dans la fiche fournisseur ; aucun fichier n'a été produit.",
            "iban",
        )
    debtor = IBAN(account.iban)
    transfer = SepaTransfer(
        {
            "name": company.name,
            "IBAN": debtor.compact,
            "BIC": account.bic or str(debtor.bic or ""),
            "batch": True,
            "currency": "EUR",
        },
        schema=SEPA_SCHEMA,
    )
    for row in chosen:
        supplier = suppliers[row.supplier_id]
        iban = IBAN(supplier.iban)
        transfer.add_payment(
            {
                "name": supplier.name,
                "IBAN": iban.compact,
                "BIC": supplier.bic or str(iban.bic or ""),
                "amount": row.remaining_cents,
                "execution_date": execution_date,
                "description": f"Facture {row.number}"[:140],
                "endtoend_id": f"{row.number}"[:35].replace(" ", "") or "NOTPROVIDED",
            }
        )
    xml = transfer.export(validate=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    return f"virements-{execution_date.isoformat()}-{stamp}.xml", xml


def _debtor_account(session: Session, company_id: int, account_id: int | None) -> t.BankAccount:
    query = select(t.BankAccount).where(
        t.BankAccount.company_id == company_id, t.BankAccount.is_active
    )
    if account_id:
        query = query.where(t.BankAccount.id == account_id)
    for account in session.exec(query.order_by(t.BankAccount.id)).all():
        if _valid_iban(account.iban):
            return account
    raise ValidationError(
        "Aucun compte bancaire avec un IBAN valide pour émettre les virements : "
        "renseignez l'IBAN du compte dans Banque.",
        "account",
    )


def _valid_iban(text: str | None) -> bool:
    try:
        IBAN(text or "")
    except SchwiftyException:
        return False
    return True


def _owned(session: Session, company_id: int, bill_id: int) -> t.Bill:
    bill = session.get(t.Bill, bill_id)
    if bill is None or bill.company_id != company_id:
        raise ValidationError("Cette facture fournisseur n'existe pas.")
    return bill
