"""Import one bank statement file: all of it or nothing, never a line twice.

Reading is pure (treso_app.readers); this module decides the accounts, drops the lines
already known, inserts the rest in one transaction and checks the statement's closing
balance. Every attempt leaves an ImportRun row, refusals included.
"""

from __future__ import annotations

import hashlib
import logging
from bisect import bisect_right
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from itertools import accumulate

from sqlalchemy import func, insert
from sqlmodel import Session, select

from treso_app import i18n  # texts and plurals, shared by every layer
from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.bounds import MAX_AMOUNT_CENTS, MAX_TURNOVER_CENTS
from treso_app.domain.calendar import today_paris
from treso_app.domain.categorise import Source
from treso_app.domain.dedup import account_ref, content_keys, normalise_label
from treso_app.domain.errors import TresoError
from treso_app.domain.limits import FileLimit, FileTooLarge, check_size
from treso_app.domain.money import format_amount
from treso_app.readers import CsvColumns, ParsedFile, Statement, StatementError, read_file
from treso_app.readers.bank_csv import normalise_header
from treso_app.services.accounts import AccountFinder, ImportRefused, OldStatement
from treso_app.services.bookkeeping import after_import
from treso_app.services.bulk import collection_paused
from treso_app.services.categories import import_classifier
from treso_app.services.companies import company_label

log = logging.getLogger(__name__)
ACCEPTED_CURRENCIES = {"EUR"}


class Question(StrEnum):
    """A refusal the owner can lift by answering: the same file is then imported again."""

    OLD_STATEMENT = "relevé_ancien"  # confirm (confirm_old=True)
    OWN_COMPANY = "entreprise_à_créer"  # create the owner's company and import there


NO_LINE = "ce fichier ne contient aucune opération : rien n'a été importé, aucun compte créé."


@dataclass
class StatementResult:
    account_id: int
    account_name: str
    read: int
    new: int
    duplicates: int
    account_created: bool = False
    closing_cents: int | None = None
    closing_on: str | None = None  # ISO date
    computed_cents: int | None = None  # the account's balance in Tréso on that date

    @property
    def balance_gap_cents(self) -> int | None:
        if self.closing_cents is None or self.computed_cents is None:
            return None
        return self.closing_cents - self.computed_cents


@dataclass
class ImportResult:
    file: str
    status: str  # imported / refused
    format: str | None = None
    read: int = 0
    new: int = 0
    duplicates: int = 0
    message: str = ""
    run_id: int | None = None
    statements: list[StatementResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    question: Question | None = None  # a refusal lifted by an answer
    # A CSV with unknown headers: the guessed mapping, for the owner to confirm or correct.
    csv_headers: list[str] | None = None
    csv_guess: dict[str, int] | None = None

    @property
    def imported(self) -> bool:
        return self.status == "imported"

    def as_json(self) -> dict:
        data = asdict(self)
        for statement, result in zip(data["statements"], self.statements, strict=True):
            statement["balance_gap_cents"] = result.balance_gap_cents
        return data


def import_file(
    company_id: int,
    file_name: str,
    data: bytes,
    *,
    account_id: int | None = None,
    csv_columns: CsvColumns | None = None,
    source: str = "upload",
    confirm_old: bool = False,
    into_demo: bool = False,
    bookkeeping: bool = True,
    url: str | None = None,
) -> ImportResult:
    """Import `data`; a refusal is returned (status "refused"), never raised. A statement
    older than OLD_STATEMENT_DAYS creates an account only when `confirm_old`; the demo
    company takes statements only when `into_demo` (the owner named it).

    `bookkeeping=False`: the caller runs `after_import` itself once its files are in — the
    upload, the CLI and the inbox show each result first, and book several files once,
    not once per file over a history that grows with each."""
    name, demo = company_label(company_id, url)
    if demo and not into_demo:  # no ImportRun: the demo stays as the generator made it
        return ImportResult(
            file=file_name,
            status="refused",
            question=Question.OWN_COMPANY,
            message=f"« {name} » est l'entreprise de démonstration : vos relevés vont dans "
            "votre propre entreprise. Créez-la (son nom suffit) pour les importer.",
        )
    digest = hashlib.sha256(data).hexdigest()
    parsed: ParsedFile | None = None
    try:
        check_size(file_name, len(data), FileLimit.STATEMENT)
        with collection_paused():
            parsed = _read(company_id, data, account_id, csv_columns, url)
            with transaction(url) as session:
                result = _write(
                    session, company_id, file_name, digest, parsed, account_id, source, confirm_old
                )
        log.info("Imported %s: %s new of %s lines", file_name, result.new, result.read)
        if result.new and bookkeeping:
            after_import(company_id, url)
        return result
    except (StatementError, ImportRefused, FileTooLarge) as error:
        # Named by the file, as the owner may have sent several (FileTooLarge's already is).
        message = error.message if isinstance(error, FileTooLarge) else _named(file_name, error)
        if isinstance(error, StatementError):  # the file itself: say what to do about it
            message += (
                " Rien n'a été importé : téléchargez de nouveau le relevé depuis votre banque, "
                "ou choisissez un autre format d'export (OFX, CSV, CAMT.053, CFONB)."
            )
        result = ImportResult(
            file=file_name,
            status="refused",
            format=parsed.format if parsed else None,
            read=parsed.line_count if parsed else 0,
            message=message,
        )
        if isinstance(error, _NeedsColumns):
            result.csv_headers, result.csv_guess = error.headers, error.guess
        if isinstance(error, OldStatement):
            result.question = Question.OLD_STATEMENT
        result.run_id = _record_refusal(company_id, file_name, digest, result, source, url)
        log.info("Refused %s: %s", file_name, message)
        return result
    except Exception as error:  # a bug or a locked database: a sentence, not a trace
        log.exception("Import of %s failed", file_name)
        result = ImportResult(
            file=file_name,
            status="refused",
            format=parsed.format if parsed else None,
            message=error.message  # DatabaseBusy says another operation is running
            if isinstance(error, TresoError)
            else "Erreur inattendue pendant l'import : rien n'a été enregistré, réessayez.",
        )
        result.run_id = _record_refusal(company_id, file_name, digest, result, source, url)
        return result


def _named(file_name: str, error: StatementError | ImportRefused) -> str:
    return f"« {file_name} » : {error.message}"


class _NeedsColumns(ImportRefused):
    def __init__(self, parsed: ParsedFile) -> None:
        super().__init__(
            "colonnes de ce CSV non reconnues : vérifiez la correspondance proposée "
            "(date, libellé, montant), puis relancez l'import."
        )
        self.headers = parsed.headers or []
        self.guess = parsed.columns.as_dict() if parsed.columns else {}


def _read(company_id, data, account_id, csv_columns, url) -> ParsedFile:
    parsed = _read_safely(data, csv_columns)
    if parsed.needs_confirmation and account_id is not None:
        remembered = _remembered_columns(company_id, account_id, parsed, url)
        if remembered is not None:
            parsed = _read_safely(data, remembered)
    if parsed.needs_confirmation:
        raise _NeedsColumns(parsed)
    for statement in parsed.statements:
        currency = (statement.currency or "EUR").upper()
        if currency not in ACCEPTED_CURRENCIES:
            raise ImportRefused(
                f"ce relevé est en {currency} : Tréso ne tient que des comptes en euros. "
                "Aucune ligne importée."
            )
    return parsed


def _read_safely(data: bytes, csv_columns: CsvColumns | None) -> ParsedFile:
    """A reader's own failure (a bug, or memory) is still the file's refusal, not a trace."""
    try:
        return read_file(data, csv_columns)
    except StatementError:
        raise
    except Exception as error:
        log.exception("A reader failed on a file")
        raise StatementError(
            "le fichier n'a pas pu être lu (contenu illisible ou trop complexe).",
            detail=repr(error),
        ) from error


def _remembered_columns(company_id, account_id, parsed, url) -> CsvColumns | None:
    with read_only(url) as session:
        account = session.get(t.BankAccount, account_id)
    if account is None or account.company_id != company_id or not account.csv_mapping:
        return None
    headers = [normalise_header(h) for h in parsed.headers or []]
    if account.csv_mapping.get("headers") != headers:
        return None
    return CsvColumns.from_dict(account.csv_mapping["columns"])


def _write(
    session: Session,
    company_id: int,
    file_name: str,
    digest: str,
    parsed: ParsedFile,
    account_id: int | None,
    source: str,
    confirm_old: bool,
) -> ImportResult:
    if session.get(t.Company, company_id) is None:
        raise ImportRefused("entreprise inconnue.")
    run = t.ImportRun(
        company_id=company_id,
        file_name=file_name,
        sha256=digest,
        format=parsed.format,
        source=source,
    )
    session.add(run)
    session.flush()
    accounts = AccountFinder(session, company_id, account_id, confirm_old)
    category = import_classifier(session, company_id)
    known: dict[int, tuple[set[str], set[str]]] = {}
    results: list[StatementResult] = []
    new_rows: list[tuple] = []
    touched: dict[int, t.BankAccount] = {}
    for statement in parsed.statements:
        newest = _newest_day(statement)
        account, created = accounts.find(statement.account, _first_day(statement), newest)
        if created and not parsed.line_count:  # a known account may take a balance alone
            raise ImportRefused(NO_LINE)
        touched[account.id] = account
        if newest and (account.balance_on is None or newest > account.balance_on):
            account.balance_on = newest  # never backwards: an older statement adds history
        if account.id not in known:
            known[account.id] = _known_keys(session, account.id)
            # A new or still empty account starts from the statement's real balance.
            starts_here = created or (
                not known[account.id][0] and not account.opening_balance_cents
            )
        else:
            starts_here = False
        rows, duplicates = _new_rows(statement, account, known[account.id], category, run)
        new_rows += rows
        if starts_here:
            _set_opening_balance(account, statement)
        results.append(
            StatementResult(
                account_id=account.id,
                account_name=account.name,
                read=len(statement.lines),
                new=len(rows),
                duplicates=duplicates,
                account_created=created,
            )
        )
    # Balances to check against the statements' closing ones: what the accounts held, read
    # before the insert, plus the new lines, which are already in memory.
    _check_totals(session, touched, new_rows)
    checked = {r.account_id for s, r in zip(parsed.statements, results, strict=True) if s.closing}
    ledgers = {account_id: _Ledger(session, account_id, new_rows) for account_id in checked}
    if new_rows:  # one executemany for the file, even when it holds a statement a day
        _insert(session, new_rows)
    session.flush()
    for statement, result in zip(parsed.statements, results, strict=True):
        if statement.closing is not None:
            result.closing_cents = statement.closing.cents
            result.closing_on = statement.closing.on.isoformat()
            result.computed_cents = ledgers[result.account_id].balance_on(statement.closing.on)
    if parsed.format == "CSV" and accounts.chosen and parsed.layout == "colonnes confirmées":
        accounts.chosen.csv_mapping = {
            "headers": [normalise_header(h) for h in parsed.headers or []],
            "columns": parsed.columns.as_dict(),
        }
    result = ImportResult(
        file=file_name,
        status="imported",
        format=_format_name(parsed),
        read=sum(r.read for r in results),
        new=sum(r.new for r in results),
        duplicates=sum(r.duplicates for r in results),
        statements=results,
        notes=parsed.notes,
    )
    result.message = _summary(result)
    run.read_count, run.new_count, run.duplicate_count = result.read, result.new, result.duplicates
    run.format = result.format
    run.details = [_detail_json(r) for r in results]
    run.finished_at = t.utc_now()
    result.run_id = run.id
    return result


def _format_name(parsed: ParsedFile) -> str:
    if parsed.format == "CSV" and parsed.layout and parsed.layout not in ("CSV",):
        return f"CSV ({parsed.layout})"
    return parsed.format


def _summary(result: ImportResult) -> str:
    gaps = [r for r in result.statements if r.balance_gap_cents]
    text = i18n.t(
        "import_summary",
        new=i18n.tn("count_operations_new", result.new),
        known=i18n.tn("count_known", result.duplicates),
    )
    if gaps:
        text += " Attention : le solde du relevé diffère du solde calculé par Tréso."
    return text


def _detail_json(result: StatementResult) -> dict:
    data = asdict(result)
    data["balance_gap_cents"] = result.balance_gap_cents
    return data


def _first_day(statement: Statement) -> date:
    days = [line.booked_on for line in statement.lines]
    if statement.closing:
        days.append(statement.closing.on)
    return min(days) if days else today_paris()


def _newest_day(statement: Statement) -> date | None:
    """The day the statement's balance is known at: its closing day or its newest line."""
    days = [line.booked_on for line in statement.lines]
    if statement.closing:
        days.append(statement.closing.on)
    return max(days, default=None)


def _set_opening_balance(account: t.BankAccount, statement: Statement) -> None:
    """A new account starts where the statement says it ends: its first balance is real."""
    if statement.closing is not None:
        moved = sum(
            line.amount_cents for line in statement.lines if line.booked_on <= statement.closing.on
        )
        account.opening_balance_cents = statement.closing.cents - moved
    elif statement.opening is not None:
        account.opening_balance_cents = statement.opening.cents
    account.opening_on = _first_day(statement)


def _known_keys(session: Session, account_id: int) -> tuple[set[str], set[str]]:
    rows = session.exec(
        select(t.BankTransaction.dedup_key, t.BankTransaction.external_id).where(
            t.BankTransaction.account_id == account_id
        )
    ).all()
    return {key for key, _ in rows}, {external for _, external in rows if external}


def _new_rows(statement: Statement, account, known, category, run) -> tuple[list[tuple], int]:
    """The lines not yet in the account. Identical lines within a statement are numbered,
    so two identical coffees stay two; a bank id counts only when unique in the statement."""
    keys, externals = known
    identities = [
        (ln.booked_on, ln.amount_cents, normalise_label(ln.label)) for ln in statement.lines
    ]
    content = content_keys(account_ref(account.id), identities)
    repeated_ids = {
        i for i, n in Counter(ln.external_id for ln in statement.lines).items() if n > 1
    }
    rows, duplicates = [], 0
    company_id, account_id, run_id = account.company_id, account.id, run.id
    for line, key in zip(statement.lines, content, strict=True):
        external = line.external_id if line.external_id not in repeated_ids else None
        if key in keys or (external and external in externals):
            duplicates += 1
            continue
        keys.add(key)
        if external:
            externals.add(external)
        category_id = category(line.label, line.amount_cents, line.counterparty)
        rows.append(
            (
                company_id,
                account_id,
                line.booked_on,
                line.value_on,
                line.amount_cents,
                line.label[:500],
                line.counterparty,
                external,
                key,
                category_id,
                RULE if category_id is not None else None,
                run_id,
            )
        )
    return rows, duplicates


_COLUMNS = (
    "company_id", "account_id", "booked_on", "value_on", "amount_cents", "label",
    "counterparty", "external_id", "dedup_key", "category_id", "category_source",
    "import_run_id",
)  # fmt: skip
RULE = Source.RULE.value


def _insert(session: Session, rows: list[tuple]) -> None:
    """One executemany. On SQLite straight through the driver: SQLAlchemy's per-row
    parameter processing costs more than SQLite's own work on a 100,000-line file."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        connection.execute(
            insert(t.BankTransaction.__table__), [dict(zip(_COLUMNS, r, strict=True)) for r in rows]
        )
        return
    placeholders = ", ".join("?" * len(_COLUMNS))
    sql = f"INSERT INTO banktransaction ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
    # Dates as ISO text, exactly as SQLAlchemy's SQLite Date type stores them; each
    # distinct day written once (a statement repeats a few hundred days).
    iso = {day: day.isoformat() for day in {r[2] for r in rows} | {r[3] for r in rows} if day}
    iso[None] = None
    connection.exec_driver_sql(sql, [(*r[:2], iso[r[2]], iso[r[3]], *r[4:]) for r in rows])


def _check_totals(session: Session, accounts: dict[int, t.BankAccount], rows: list) -> None:
    """Each account's balance after the import within domain/bounds, and all its lines
    together far from 64 bits, so that no SUM over them can overflow: else refused whole."""
    for account_id, account in accounts.items():
        new = [row[4] for row in rows if row[1] == account_id]  # amount_cents
        with session.no_autoflush:  # a new account's opening may not fit the database yet
            total, turnover = session.exec(
                select(
                    func.coalesce(func.sum(t.BankTransaction.amount_cents), 0),
                    func.coalesce(func.sum(func.abs(t.BankTransaction.amount_cents)), 0),
                ).where(t.BankTransaction.account_id == account_id)
            ).one()
        opening = account.opening_balance_cents or 0  # a new account's: the file's word
        balance = opening + total + sum(new)
        turnover += abs(opening) + sum(map(abs, new))
        if max(abs(opening), abs(balance)) > MAX_AMOUNT_CENTS or turnover > MAX_TURNOVER_CENTS:
            raise ImportRefused(
                f"après cet import, le compte « {account.name} » dépasserait la limite de "
                f"{format_amount(MAX_AMOUNT_CENTS)} : vérifiez les montants du fichier. Aucune "
                "ligne importée."
            )


class _Ledger:
    """An account's end-of-day balances, read once: a CFONB file can hold a statement a day."""

    def __init__(self, session: Session, account_id: int, new_rows: list[tuple]) -> None:
        account = session.get(t.BankAccount, account_id)
        rows = session.exec(
            select(t.BankTransaction.booked_on, func.sum(t.BankTransaction.amount_cents))
            .where(t.BankTransaction.account_id == account_id)
            .group_by(t.BankTransaction.booked_on)
        ).all()
        moved = Counter({day: int(total) for day, total in rows})
        for row in new_rows:  # (company, account, booked_on, value_on, amount_cents, …)
            if row[1] == account_id:
                moved[row[2]] += row[4]
        self.days = sorted(moved)
        self.balances = list(accumulate((moved[day] for day in self.days), initial=0))
        self.opening = account.opening_balance_cents

    def balance_on(self, day: date) -> int:
        return self.opening + self.balances[bisect_right(self.days, day)]


def _record_refusal(company_id, file_name, digest, result: ImportResult, source, url) -> int | None:
    try:
        with transaction(url) as session:
            if session.get(t.Company, company_id) is None:
                return None
            run = t.ImportRun(
                company_id=company_id,
                file_name=file_name,
                sha256=digest,
                format=result.format,
                source=source,
                status="refused",
                read_count=result.read,
                error=result.message,
                finished_at=t.utc_now(),
            )
            session.add(run)
            session.flush()
            return run.id
    except Exception:  # the refusal itself must still reach the owner
        log.exception("Could not record the refusal of %s", file_name)
        return None


def record_refusal(
    company_id: int,
    file_name: str,
    message: str,
    source: str,
    url: str | None = None,
    data: bytes | None = None,
) -> ImportResult:
    """A file refused before import_file could read it (the inbox: a symlink, an unknown
    account folder, an unreadable or too large file): its ImportRun row all the same."""
    result = ImportResult(file=file_name, status="refused", message=message)
    digest = hashlib.sha256(data).hexdigest() if data is not None else ""
    result.run_id = _record_refusal(company_id, file_name, digest, result, source, url)
    return result
