"""Invoices and supplier bills from a spreadsheet (CSV or XLSX), for owners coming from Excel.

Canonical French headers (accents and case optional):
- invoices: numéro;client;date_facture;date_échéance;montant_ttc, optional
  montant_ht;tva;siren;email;payée_le;montant_payé
- bills: numéro;fournisseur;date_facture;date_échéance;montant_ttc, optional iban;payée_le
A file is imported whole or not at all; every refused line is named. A line already imported
(same number, same amount) is skipped, so importing a file twice adds nothing.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import islice

from babel.numbers import format_decimal
from sqlmodel import Session, select

from treso_app import i18n  # texts and plurals, shared by every layer
from treso_app.db import tables as t
from treso_app.db.session import transaction
from treso_app.domain import identifiers
from treso_app.domain.bounds import TextLimit, check_amount, check_date, check_text
from treso_app.domain.calendar import today_paris
from treso_app.domain.dates import parse_day
from treso_app.domain.documents import check_number
from treso_app.domain.errors import TresoError, ValidationError
from treso_app.domain.limits import FileLimit, ReadLimit, check_size
from treso_app.domain.money import parse_amount
from treso_app.domain.receivables import invoice_status, learned_delay_days
from treso_app.readers.sheets import Row, SheetError, sheet_rows
from treso_app.services.bookkeeping import after_import
from treso_app.services.numbering import follow_imported

REQUIRED = {
    "invoices": ("numero", "client", "date_facture", "date_echeance", "montant_ttc"),
    "bills": ("numero", "fournisseur", "date_facture", "date_echeance", "montant_ttc"),
}
OPTIONAL = {
    "invoices": ("montant_ht", "tva", "siren", "email", "payee_le", "montant_paye"),
    "bills": ("iban", "payee_le"),
}
# the longest cell text of each column; amounts, dates and identifiers take NUMBER
TEXT_LIMITS = {
    "numero": TextLimit.NUMBER,
    "client": TextLimit.NAME,
    "fournisseur": TextLimit.NAME,
    "email": TextLimit.EMAIL,
}
MAX_ERRORS_SHOWN = 10


@dataclass(frozen=True)
class SheetResult:
    created: int
    skipped: int  # already imported
    new_counterparties: list[str]

    @property
    def summary(self) -> str:
        text = i18n.tn("count_sheet_created", self.created)
        if self.skipped:
            text += i18n.tn("count_sheet_skipped", self.skipped)
        if self.new_counterparties:
            text += i18n.tn("count_sheet_new_cards", len(self.new_counterparties))
        return text + "."


def import_sheet(
    company_id: int, kind: str, file_name: str, data: bytes, url: str | None = None
) -> SheetResult:
    check_size(file_name, len(data), FileLimit.SPREADSHEET)
    try:
        records, errors = _read(kind, file_name, sheet_rows(data))
    except SheetError as error:  # the file itself, found before or while its rows are read
        raise ValidationError(
            f"« {file_name} » non importé, rien n'a été enregistré : {error.message}"
        ) from None
    if errors:
        shown = "\n".join(errors[:MAX_ERRORS_SHOWN])
        more = len(errors) - MAX_ERRORS_SHOWN
        raise ValidationError(
            f"« {file_name} » non importé, rien n'a été enregistré. À corriger :\n{shown}"
            + ("\n" + i18n.tn("count_sheet_more_errors", more) if more > 0 else "")
        )
    if not records:
        raise ValidationError(f"« {file_name} » ne contient aucune ligne de facture.")
    with transaction(url) as session:
        result = _write(session, company_id, kind, records, file_name)
    after_import(company_id, url)  # history imported after the bank lines is linked too
    return result


def _read(kind: str, file_name: str, rows: Iterator[Row]) -> tuple[list, list[str]]:
    """The file's records and its refused lines, read one row at a time."""
    header = _header(rows, kind, file_name)
    records, errors = [], []
    for number, cells in rows:
        if not any(str(c or "").strip() for c in cells):
            continue
        if len(records) + len(errors) == ReadLimit.SHEET_DOCUMENTS:
            most = format_decimal(ReadLimit.SHEET_DOCUMENTS, locale="fr_FR")
            raise ValidationError(
                f"« {file_name} » : plus de {most} lignes de factures, rien n'a été enregistré. "
                "Découpez le fichier (par année)."
            )
        values = {name: cells[i] if i < len(cells) else None for name, i in header.items()}
        try:
            records.append((number, _record(kind, values)))
        except TresoError as error:
            errors.append(f"ligne {number} : {error.message}")
    return records, errors


def _key(header: object) -> str:
    text = str(header or "")[:64]  # longer is no header of ours
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join(text.casefold().replace("-", " ").split())


def _header(rows: Iterator[Row], kind: str, file_name: str) -> dict[str, int]:
    """The columns, from the header row; `rows` goes on after it."""
    for _, row in islice(rows, 10):  # a title or blank lines may come first
        keys = {_key(cell): i for i, cell in enumerate(row) if _key(cell)}
        if "numero" in keys:
            missing = [name for name in REQUIRED[kind] if name not in keys]
            if missing:
                raise ValidationError(
                    i18n.tn(
                        "sheet_missing_columns",
                        len(missing),
                        file=file_name,
                        names=", ".join(missing),
                    )
                    + " "
                    f"Colonnes attendues : {';'.join(REQUIRED[kind])} (+ facultatives : "
                    f"{';'.join(OPTIONAL[kind])})."
                )
            wanted = set(REQUIRED[kind]) | set(OPTIONAL[kind])
            return {name: i for name, i in keys.items() if name in wanted}
    raise ValidationError(
        f"« {file_name} » : pas de ligne d'en-tête avec « numéro ». Colonnes attendues : "
        f"{';'.join(REQUIRED[kind])}."
    )


@contextmanager
def _column(name: str):
    """A refusal of one cell names its column: « montant_ttc : … »."""
    try:
        yield
    except TresoError as error:
        raise ValidationError(f"{name} : {error.message}", name) from None


EXACT_DIGITS_BOUND = 10**15  # a spreadsheet number holds 15 significant digits exactly


def _cell(values: dict, name: str, amount: bool = False) -> str:
    value = values.get(name)
    integral = isinstance(value, float) and math.isfinite(value) and value.is_integer()
    if integral and not amount:  # an identifier typed as a number (a SIREN, a number)
        if abs(value) >= EXACT_DIGITS_BOUND:  # the spreadsheet kept only 15 of its digits
            raise ValidationError(
                "ce nombre a plus de 15 chiffres et le tableur en a perdu : saisissez-le comme "
                "du texte (précédé d'une apostrophe)."
            )
        value = int(value)  # 42.0 as a number cell is the number « 42 »
    text = "" if value is None else str(value).strip()
    return check_text(text, TEXT_LIMITS.get(name, TextLimit.NUMBER), "le contenu", name)


def _text(values: dict, name: str) -> str:
    with _column(name):
        return _cell(values, name)


def _money(values: dict, name: str, required: bool = False) -> int | None:
    """Cents, never negative and within bounds."""
    with _column(name):
        value, text = values.get(name), _cell(values, name, amount=True)
        if not text:
            if required:
                raise ValidationError("manquant")
            return None
        if isinstance(value, bool):
            raise ValidationError(f"« {text} » n'est pas un montant.")
        if isinstance(value, int | float):  # an Excel number: to the cent, as Excel shows it
            amount = Decimal(str(value))
            if not amount.is_finite():
                raise ValidationError(f"« {text} » n'est pas un montant.")
            cents = int((amount * 100).to_integral_value())
        else:
            cents = parse_amount(text)
        return check_amount(cents, "le montant", name, negative=False)


def _day(values: dict, name: str, required: bool = True) -> date | None:
    with _column(name):
        value, text = values.get(name), _cell(values, name, amount=True)
        if not required and not text:
            return None
        return check_date(parse_day(value if isinstance(value, date) else text, name), "la date")


def _record(kind: str, values: dict) -> dict:
    party = "client" if kind == "invoices" else "fournisseur"
    record = {
        "number": _text(values, "numero"),
        "party": _text(values, party),
        "issued_on": _day(values, "date_facture"),
        "due_on": _day(values, "date_echeance"),
        "ttc": _money(values, "montant_ttc", required=True),
        "paid_on": _day(values, "payee_le", required=False),
    }
    if not record["number"]:
        raise ValidationError("numéro manquant")
    if not record["party"]:
        raise ValidationError(f"{party} manquant")
    if record["due_on"] < record["issued_on"]:
        raise ValidationError("la date d'échéance précède la date de facture")
    if record["ttc"] == 0:
        raise ValidationError("montant_ttc : le montant ne peut pas être nul.")
    if kind == "invoices":  # (suppliers number in their own scheme)
        with _column("numero"):
            check_number(record["number"], record["issued_on"], "numero")
        record["ht"] = _money(values, "montant_ht")
        record["tva"] = _money(values, "tva")
        if record["ht"] is not None and record["tva"] is None:
            record["tva"] = record["ttc"] - record["ht"]
        if record["ht"] is not None and record["ht"] + record["tva"] != record["ttc"]:
            raise ValidationError("montant_ht + tva ne fait pas montant_ttc")
        with _column("siren"):
            record["siren"] = identifiers.siren(_cell(values, "siren"))
        with _column("email"):
            record["email"] = identifiers.email(_cell(values, "email"))
        paid = _money(values, "montant_paye")
        if paid is None and record["paid_on"]:
            paid = record["ttc"]
        if paid and not record["paid_on"]:
            raise ValidationError("montant_payé sans date payée_le")
        if paid and paid > record["ttc"]:
            raise ValidationError("montant_payé dépasse montant_ttc")
        record["paid"] = paid or 0
    else:
        with _column("iban"):
            record["iban"] = identifiers.iban(_cell(values, "iban"))
        record["paid"] = record["ttc"] if record["paid_on"] else 0
    return record


def _write(
    session: Session, company_id: int, kind: str, records: list, file_name: str
) -> SheetResult:
    party_kind = "client" if kind == "invoices" else "fournisseur"
    parties = {
        p.name.casefold(): p
        for p in session.exec(
            select(t.Counterparty).where(
                t.Counterparty.company_id == company_id, t.Counterparty.kind == party_kind
            )
        ).all()
    }
    table = t.Invoice if kind == "invoices" else t.Bill
    existing = {
        (row.number, getattr(row, "supplier_id", None)): row.ttc_cents
        for row in session.exec(select(table).where(table.company_id == company_id)).all()
    }
    today = today_paris()
    created, skipped, new_parties, seen, errors = 0, 0, [], set(), []
    for line, record in records:
        party = parties.get(record["party"].casefold())
        if party is None:
            party = t.Counterparty(
                company_id=company_id,
                kind=party_kind,
                name=record["party"],
                siren=record.get("siren"),
                email=record.get("email"),
                iban=record.get("iban"),
            )
            session.add(party)
            session.flush()
            parties[party.name.casefold()] = party
            new_parties.append(party.name)
        key = (record["number"], party.id if kind == "bills" else None)
        if key in seen:
            errors.append(f"ligne {line} : numéro {record['number']} en double dans le fichier")
            continue
        seen.add(key)
        if key in existing:
            if existing[key] != record["ttc"]:
                errors.append(
                    f"ligne {line} : {record['number']} existe déjà avec un autre montant"
                )
            skipped += 1
            continue
        _add(session, company_id, kind, party, record, today)
        created += 1
    if errors:
        raise ValidationError(
            f"« {file_name} » non importé, rien n'a été enregistré. À corriger :\n"
            + "\n".join(errors[:MAX_ERRORS_SHOWN])
        )
    if kind == "invoices":
        follow_imported(session, company_id, [r["number"] for _, r in records])
        for party in parties.values():
            paid = session.exec(
                select(t.Invoice.due_on, t.Invoice.paid_on).where(
                    t.Invoice.client_id == party.id, t.Invoice.paid_on.is_not(None)
                )
            ).all()
            party.learned_delay_days = learned_delay_days(paid)
            session.add(party)
    return SheetResult(created, skipped, new_parties)


def _add(session: Session, company_id: int, kind: str, party, record: dict, today: date) -> None:
    settled = record["paid"] >= record["ttc"]
    common = dict(
        company_id=company_id,
        number=record["number"],
        issued_on=record["issued_on"],
        due_on=record["due_on"],
        ttc_cents=record["ttc"],
        paid_on=record["paid_on"] if settled else None,
    )
    if kind == "invoices":
        ht = record["ht"] if record["ht"] is not None else record["ttc"]
        row = t.Invoice(
            **common,
            client_id=party.id,
            ht_cents=ht,
            tva_cents=record["ttc"] - ht,
            status=invoice_status(record["ttc"], record["paid"], record["due_on"], today),
        )
    else:
        row = t.Bill(**common, supplier_id=party.id, status="payée" if settled else "à_payer")
    session.add(row)
    session.flush()
    if record["paid"]:
        session.add(
            t.Payment(
                company_id=company_id,
                invoice_id=row.id if kind == "invoices" else None,
                bill_id=row.id if kind == "bills" else None,
                paid_on=record["paid_on"],
                amount_cents=record["paid"],
            )
        )
