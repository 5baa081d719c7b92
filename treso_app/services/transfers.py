"""SEPA credit-transfer files (pain.001.001.03): each bill paid on its own execution date,
every file kept — to download it again, and so that no bill goes into a second file without
the owner saying so. One transaction per use-case."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime

from schwifty import IBAN
from sepaxml import SepaTransfer
from sqlmodel import Session, func, select

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.calendar import PARIS
from treso_app.domain.errors import ValidationError
from treso_app.domain.money import format_amount
from treso_app.domain.payment_plan import BillStatus, execution_date
from treso_app.services.bills import rows_in, valid_iban

SEPA_SCHEMA = "pain.001.001.03"  # the version every French bank accepts


class AlreadyInTransferFile(ValidationError):
    """A chosen bill is already in an issued file: a new file only once the owner confirms."""


@dataclass(frozen=True)
class IssuedFile:
    id: int
    file_name: str
    created_at: datetime  # Europe/Paris
    bill_count: int
    total_cents: int
    sha256: str


@dataclass(frozen=True)
class EarlierFile:
    id: int
    file_name: str
    created_at: datetime  # Europe/Paris


@dataclass(frozen=True)
class PlannedTransfer:
    """A chosen bill as the file will pay it."""

    bill_id: int
    supplier: str
    number: str
    amount_cents: int
    execution_on: date
    iban_ok: bool
    earlier: tuple[EarlierFile, ...]  # issued files that already carry this bill


def plan_transfers(
    company_id: int, bill_ids: Collection[int], today: date, url: str | None = None
) -> list[PlannedTransfer]:
    """What a file for these bills would do, by execution date: shown before the download."""
    with read_only(url) as session:
        return _plan(session, company_id, bill_ids, today)


def issue_transfer_file(
    company_id: int,
    bill_ids: Collection[int],
    today: date,
    *,
    confirmed: bool = False,
    account_id: int | None = None,
    url: str | None = None,
) -> tuple[IssuedFile, bytes]:
    """The pain.001 file paying the chosen bills from the company's account — one `PmtInf`
    block per execution date, one transfer per bill with its number — recorded with its
    bills, which become « virement émis ». Refused whole when a supplier's IBAN is missing,
    and when a bill is already in an issued file unless `confirmed`."""
    with transaction(url) as session:
        plan = _plan(session, company_id, bill_ids, today)
        missing = sorted({p.supplier for p in plan if not p.iban_ok})
        if missing:
            raise ValidationError(
                "IBAN manquant ou invalide pour : "
                + ", ".join(missing)
                + ". Complétez-le dans la fiche fournisseur ; aucun fichier n'a été produit.",
                "iban",
            )
        again = [p for p in plan if p.earlier]
        if again and not confirmed:
            raise AlreadyInTransferFile(
                " ".join(_already_issued(p) for p in again)
                + " Confirmez pour l'inclure dans un nouveau fichier."
            )
        content = _pain_001(session, company_id, account_id, plan)
        created = datetime.now(UTC)
        row = t.TransferFile(
            company_id=company_id,
            file_name="",
            sha256=hashlib.sha256(content).hexdigest(),
            total_cents=sum(p.amount_cents for p in plan),
            content=content,
            created_at=created,
        )
        session.add(row)
        session.flush()
        # The id makes the name unique, so the owner can tell two files of a day apart.
        row.file_name = f"virements-{_paris(created):%Y-%m-%d-%H%M}-{row.id}.xml"
        for p in plan:
            _mark_issued(session, company_id, row, p)
        return _issued(row, len(plan)), content


def transfer_files(company_id: int, url: str | None = None) -> list[IssuedFile]:
    """The files issued so far, newest first."""
    with read_only(url) as session:
        rows = session.exec(
            select(t.TransferFile, func.count(t.TransferFileBill.id))
            .join(t.TransferFileBill, t.TransferFileBill.transfer_file_id == t.TransferFile.id)
            .where(t.TransferFile.company_id == company_id)
            .group_by(t.TransferFile.id)
            .order_by(t.TransferFile.created_at.desc(), t.TransferFile.id.desc())
        ).all()
        return [_issued(row, count) for row, count in rows]


def transfer_file_content(
    company_id: int, file_id: int, url: str | None = None
) -> tuple[str, bytes]:
    """An issued file again, byte for byte (the same sha256)."""
    with read_only(url) as session:
        row = session.get(t.TransferFile, file_id)
        if row is None or row.company_id != company_id:
            raise ValidationError("Ce fichier de virements n'existe pas.")
        return row.file_name, row.content


def _plan(
    session: Session, company_id: int, bill_ids: Collection[int], today: date
) -> list[PlannedTransfer]:
    if not bill_ids:
        raise ValidationError("Choisissez au moins une facture à payer.")
    rows = {r.id: r for r in rows_in(session, company_id, today)}
    chosen = [rows.get(i) for i in dict.fromkeys(bill_ids)]
    if any(r is None or r.remaining_cents <= 0 for r in chosen):
        raise ValidationError("Une facture choisie est déjà payée ou n'existe plus.")
    earlier = _earlier_files(session, [r.id for r in chosen])
    plan = [
        PlannedTransfer(
            r.id,
            r.supplier,
            r.number,
            r.remaining_cents,
            execution_date(r.scheduled_on, r.due_on, today),
            r.iban_ok,
            earlier.get(r.id, ()),
        )
        for r in chosen
    ]
    return sorted(plan, key=lambda p: (p.execution_on, p.supplier, p.number))


def _earlier_files(session: Session, bill_ids: list[int]) -> dict[int, tuple[EarlierFile, ...]]:
    rows = session.exec(
        select(t.TransferFileBill.bill_id, t.TransferFile)
        .join(t.TransferFile, t.TransferFile.id == t.TransferFileBill.transfer_file_id)
        .where(t.TransferFileBill.bill_id.in_(bill_ids))
        .order_by(t.TransferFile.created_at, t.TransferFile.id)
    ).all()
    found: dict[int, tuple[EarlierFile, ...]] = {}
    for bill_id, row in rows:
        earlier = EarlierFile(row.id, row.file_name, _paris(row.created_at))
        found[bill_id] = (*found.get(bill_id, ()), earlier)
    return found


def _already_issued(p: PlannedTransfer) -> str:
    files = ", ".join(f"{f.file_name} du {f.created_at:%d/%m/%Y à %H:%M}" for f in p.earlier)
    return f"La facture {p.number} ({p.supplier}) est déjà dans le fichier {files}."


def _pain_001(
    session: Session, company_id: int, account_id: int | None, plan: list[PlannedTransfer]
) -> bytes:
    company = session.get(t.Company, company_id)
    account = _debtor_account(session, company_id, account_id)
    debtor = IBAN(account.iban)
    transfer = SepaTransfer(
        {
            "name": company.name,
            "IBAN": debtor.compact,
            "BIC": account.bic or str(debtor.bic or ""),
            # Batch mode: sepaxml makes one PmtInf block per distinct execution_date.
            "batch": True,
            "currency": "EUR",
        },
        schema=SEPA_SCHEMA,
    )
    for p in plan:
        bill = session.get(t.Bill, p.bill_id)
        supplier = session.get(t.Counterparty, bill.supplier_id)
        iban = IBAN(supplier.iban)
        transfer.add_payment(
            {
                "name": supplier.name,
                "IBAN": iban.compact,
                "BIC": supplier.bic or str(iban.bic or ""),
                "amount": p.amount_cents,
                "execution_date": p.execution_on,
                "description": f"Facture {p.number}"[:140],
                "endtoend_id": p.number[:35].replace(" ", "") or "NOTPROVIDED",
            }
        )
    return transfer.export(validate=True)


def _mark_issued(session: Session, company_id: int, row: t.TransferFile, p: PlannedTransfer):
    """The bill waits for its payment at the file's date: the forecast counts it that day."""
    session.add(
        t.TransferFileBill(
            transfer_file_id=row.id,
            bill_id=p.bill_id,
            amount_cents=p.amount_cents,
            execution_on=p.execution_on,
        )
    )
    bill = session.get(t.Bill, p.bill_id)
    bill.status, bill.scheduled_on = BillStatus.VIREMENT_EMIS, p.execution_on
    session.add(bill)
    session.add(
        t.DocumentEvent(
            company_id=company_id,
            bill_id=p.bill_id,
            kind=BillStatus.VIREMENT_EMIS,
            detail=f"Virement de {format_amount(p.amount_cents)} pour le "
            f"{p.execution_on:%d/%m/%Y}, fichier {row.file_name}",
            at=row.created_at,
        )
    )


def _debtor_account(session: Session, company_id: int, account_id: int | None) -> t.BankAccount:
    query = select(t.BankAccount).where(
        t.BankAccount.company_id == company_id, t.BankAccount.is_active
    )
    if account_id:
        query = query.where(t.BankAccount.id == account_id)
    for account in session.exec(query.order_by(t.BankAccount.id)).all():
        if valid_iban(account.iban):
            return account
    raise ValidationError(
        "Aucun compte bancaire avec un IBAN valide pour émettre les virements : "
        "renseignez l'IBAN du compte dans Banque.",
        "account",
    )


def _issued(row: t.TransferFile, bill_count: int) -> IssuedFile:
    return IssuedFile(
        row.id, row.file_name, _paris(row.created_at), bill_count, row.total_cents, row.sha256
    )


def _paris(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes: they were stored in UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(PARIS)
