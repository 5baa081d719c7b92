"""`/banque` view-model: import results, CSV column confirmation, runs and transactions.

Files and the database are handled in worker threads; the state keeps display strings.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from datetime import UTC, datetime
from pathlib import Path

import reflex as rx
from babel.dates import format_datetime, format_timedelta

from treso_app.domain.calendar import PARIS, today_paris
from treso_app.domain.errors import TresoError
from treso_app.domain.limits import FileLimit
from treso_app.i18n import t, tn
from treso_app.readers import CsvColumns
from treso_app.services import bank, inbox
from treso_app.services.accounts import AccountStatus
from treso_app.services.bookkeeping import after_import
from treso_app.services.files import read_upload
from treso_app.services.imports import ImportResult, Question, StatementResult, import_file
from treso_app.services.jobs import LastRun, last_run
from treso_app.settings import load_settings
from treso_app.ui.category_lines import present_line_category
from treso_app.ui.errors import load_failure
from treso_app.ui.format import locale, money, short_date

from .base import BaseState

log = logging.getLogger(__name__)
NONE = "-"  # "no column" in the mapping selects (Radix selects refuse an empty value)
AUTO = "auto"


def present_result(result: ImportResult) -> dict[str, str]:
    """One result card: what happened to a file, in words. Pure."""
    lines, balance, balance_ok = [], [], True
    for account in _per_account(result):
        text = t(
            "result_counts",
            account=account.account_name,
            read=tn("count_read", account.read),
            new=tn("count_new", account.new),
            known=tn("count_known", account.duplicates),
        )
        lines.append(text + (t("account_created") if account.account_created else ""))
    for statement in _last_per_account(result):
        day = short_date(datetime.fromisoformat(statement.closing_on).date())
        if statement.balance_gap_cents:
            balance_ok = False
            balance.append(
                t(
                    "balance_gap",
                    date=day,
                    statement=money(statement.closing_cents),
                    computed=money(statement.computed_cents),
                    gap=money(statement.balance_gap_cents, signed=True),
                )
            )
        else:
            balance.append(t("balance_ok", amount=money(statement.closing_cents), date=day))
    state = "ok" if result.imported else "confirm" if result.csv_guess is not None else "refused"
    return {
        "file": result.file,
        "status": t(
            {"ok": "result_imported", "confirm": "result_confirm"}.get(state, "result_refused")
        ),
        "state": state,  # ok / confirm (CSV columns to check) / refused
        "format": result.format or "",
        "message": result.message,
        "details": "\n".join(lines + result.notes),
        "balance": "\n".join(balance),
        "balance_ok": "1" if balance_ok else "",
    }


def _per_account(result: ImportResult) -> list[StatementResult]:
    """A file with daily statements (CFONB) speaks per account, not per day."""
    totals: dict[int, StatementResult] = {}
    for statement in result.statements:
        total = totals.setdefault(
            statement.account_id,
            StatementResult(statement.account_id, statement.account_name, 0, 0, 0),
        )
        total.read += statement.read
        total.new += statement.new
        total.duplicates += statement.duplicates
        total.account_created |= statement.account_created
    return list(totals.values())


def _last_per_account(result: ImportResult):
    """The balance check that matters: each account's latest statement with a balance."""
    latest = {}
    for statement in result.statements:
        if statement.closing_on is not None:
            latest[statement.account_id] = statement
    return list(latest.values())


def present_run(run: bank.RunRow) -> dict[str, str]:
    sources = {"upload": "source_upload", "cli": "source_cli", "inbox": "source_inbox"}
    imported = run.status == "imported"
    return {
        "when": format_datetime(run.started_at, "dd/MM HH:mm", tzinfo=PARIS, locale=locale()),
        "file": run.file_name,
        "source": t(sources[run.source]) if run.source in sources else run.source,
        "format": run.format or "",
        "ok": "1" if imported else "",
        "result": t("run_counts", new=tn("count_new", run.new), read=tn("count_read", run.read))
        if imported
        else (run.error or ""),
    }


def present_inbox_hint(minutes: float) -> str:
    """How often the inbox is read, in words (« toutes les 5 minutes »); the folder's path
    is for the README, not for the owner. Under a minute (tests), in seconds."""
    if minutes >= 1 and minutes == int(minutes):
        return t("inbox_hint", every=tn("every_minutes", int(minutes)))
    return t("inbox_hint", every=tn("every_seconds", max(1, round(minutes * 60))))


def present_sync(last: LastRun | None, now: datetime) -> str:
    if last is None:
        return t("never_synced")
    finished = last.finished_at if last.finished_at.tzinfo else last.finished_at.replace(tzinfo=UTC)
    when = format_timedelta(finished - now, add_direction=True, locale=locale())
    key = "last_sync" if last.status == "ok" else "last_sync_failed"
    return t(key, when=when, message=last.message)


def present_account(account: AccountStatus) -> dict[str, str]:
    """An account with its balance and the day that balance is known at. Pure."""
    known = (
        t("balance_known_on", date=short_date(account.balance_on))
        if account.balance_on
        else t("balance_never_known")
    )
    return {
        "name": account.name,
        "bank": " · ".join(x for x in (account.bank_name, account.iban) if x),
        "balance": money(account.balance_cents),
        "known_on": known,
        "stale": "1" if account.stale else "",
    }


def _pending_dir() -> Path:
    return load_settings().inbox_dir.parent / "uploads"


def _page(company_id: int, search: str, account_filter: str) -> dict:
    """Runs in a worker thread: everything the page lists."""
    company_id = bank.current_company(company_id)
    choices = bank.accounts(company_id)
    account_id = int(account_filter) if account_filter.isdigit() else None
    rows, count = bank.transactions(company_id, search, account_id)
    return {
        "company_id": company_id,
        "account_options": [
            {"value": str(a.id), "label": f"{a.name} — {a.iban}" if a.iban else a.name}
            for a in choices
        ],
        "runs": [present_run(run) for run in bank.recent_runs(company_id)],
        "accounts": [present_account(a) for a in bank.account_list(company_id, today_paris())],
        "transactions": [
            {
                "day": short_date(row.booked_on),
                "label": row.label,
                "account": row.account_name,
                "amount": money(row.amount_cents, signed=True),
                "direction": "in" if row.amount_cents > 0 else "out",
                **present_line_category(row),
            }
            for row in rows
        ],
        "transactions_count": tn("transactions_count", count, shown=len(rows))
        if count
        else t("no_transactions"),
        "last_sync": present_sync(last_run(inbox.JOB_NAME), datetime.now(UTC)),
        "version": bank.data_version(company_id),
    }


def _import(
    company_id: int, name: str, data: bytes, account_id: int | None, confirm_old: bool = False
) -> tuple[ImportResult, str]:
    result = import_file(
        company_id,
        name,
        data,
        account_id=account_id,
        source="upload",
        confirm_old=confirm_old,
        bookkeeping=False,  # the owner sees the result first, then the state books
    )
    token = ""
    if result.csv_guess is not None or result.question:  # kept until the owner answers
        token = hashlib.sha256(data).hexdigest()
        folder = _pending_dir()
        folder.mkdir(parents=True, exist_ok=True)
        _forget_old_pending(folder)
        (folder / token).write_bytes(data)
    return result, token


def _import_pending(company_id: int, token: str, name: str, confirm_old: bool):
    """A file kept while the owner answered a question, imported again; None if gone."""
    path = _pending_dir() / token
    if not token.isalnum() or not path.exists():
        return None
    return _import(company_id, name, path.read_bytes(), None, confirm_old)


def _forget_old_pending(folder: Path) -> None:
    """A CSV never confirmed is not kept forever: bank data, a day at most."""
    day_ago = time.time() - 24 * 3600
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < day_ago:
            path.unlink(missing_ok=True)


def _confirm(company_id: int, token: str, name: str, account_id: int, columns: CsvColumns):
    path = _pending_dir() / token
    if not token.isalnum() or not path.exists():
        return None
    result = import_file(
        company_id, name, path.read_bytes(), account_id=account_id, csv_columns=columns
    )
    if result.imported:
        path.unlink(missing_ok=True)
    return result


class BankState(BaseState):
    target: str = AUTO  # the account chosen for the next import, or AUTO
    account_options: list[dict[str, str]] = []
    importing: bool = False
    progress: str = ""
    results: list[dict[str, str]] = []
    runs: list[dict[str, str]] = []
    transactions: list[dict[str, str]] = []
    transactions_count: str = ""
    search: str = ""
    account_filter: str = "all"
    last_sync: str = ""
    version: str = ""
    # A CSV whose columns need the owner's confirmation.
    mapping_file: str = ""
    mapping_intro: str = ""
    mapping_token: str = ""
    mapping_headers: list[dict[str, str]] = []
    map_date: str = NONE
    map_label: str = NONE
    map_amount: str = NONE
    map_debit: str = NONE
    map_credit: str = NONE
    mapping_error: str = ""
    accounts: list[dict[str, str]] = []
    # Files kept while the owner answers: create their own company (the page is on the
    # demo), or confirm a statement older than 90 days that creates an account.
    company_files: list[dict[str, str]] = []
    old_files: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        self.company_files, self.old_files = [], []
        await self._refresh()

    async def _refresh(self):
        try:
            page = await asyncio.to_thread(_page, self.company_id, self.search, self.account_filter)
        except Exception as error:
            log.exception("bank page load failed")
            self.error = load_failure(error)
            return
        self.error = ""
        for name, value in page.items():
            setattr(self, name, value)

    @rx.event
    async def refresh(self):
        """After a line's category changed (ui/states/categories.py)."""
        await self._refresh()

    @rx.event
    async def poll(self, _now: str = ""):
        """Every few seconds: refresh when an import (inbox, CLI, other tab) changed data."""
        if self.importing:
            return
        version = await asyncio.to_thread(bank.data_version, self.company_id)
        if version != self.version:
            await self._refresh()
        else:
            last = await asyncio.to_thread(last_run, inbox.JOB_NAME)
            self.last_sync = present_sync(last, datetime.now(UTC))

    @rx.event
    def set_target(self, value: str):
        self.target = value

    @rx.event
    async def set_search(self, value: str):
        self.search = value
        await self._refresh()

    @rx.event
    async def set_account_filter(self, value: str):
        self.account_filter = value
        await self._refresh()

    @rx.event
    async def handle_upload(self, files: list[rx.UploadFile]):
        if not files:
            return
        self.importing, self.results, self.mapping_token = True, [], ""
        yield
        account_id = int(self.target) if self.target.isdigit() else None
        to_book = False
        try:
            for index, file in enumerate(files, start=1):
                name = Path(file.filename or f"fichier-{index}").name
                self.progress = t("importing_file", name=name, index=index, count=len(files))
                yield
                try:  # read and imported off the event loop: other clients go on
                    data = await read_upload(file, name, FileLimit.STATEMENT)
                    company_id = await self._resolve_company()
                    result, token = await asyncio.to_thread(
                        _import, company_id, name, data, account_id
                    )
                except TresoError as error:  # too large, a locked database…
                    self.results = [*self.results, _refused(name, error.message)]
                    continue
                self._show(name, result, token)
                to_book |= result.imported and result.new > 0
                yield
            if to_book:  # the results are on screen: the bookkeeping follows
                self.progress = t("booking_lines")
                yield
                await asyncio.to_thread(after_import, self.company_id)
        finally:
            self.importing, self.progress = False, ""
        await self._refresh()

    def _show(self, name: str, result: ImportResult, token: str) -> None:
        """A result card, or the question that stands before it."""
        pending = {"token": token, "name": name, "message": result.message}
        if result.question == Question.OWN_COMPANY:
            self.company_files = [*self.company_files, pending]
            self._ask_own_company("import")
            return
        if result.question == Question.OLD_STATEMENT:
            self.old_files = [*self.old_files, pending]
            return
        self.results = [*self.results, present_result(result)]
        if token:
            self._ask_columns(name, token, result)

    @rx.event
    async def create_company_and_import(self):
        """The owner named their company: the files meant for it go there, and so does
        every page from now on."""
        if not await self._create_own_company():
            return
        files, self.company_files, self.target = self.company_files, [], AUTO
        await self._import_kept(files, confirm_old=False)

    @rx.event
    async def confirm_old(self):
        files, self.old_files = self.old_files, []
        await self._import_kept(files, confirm_old=True)

    @rx.event
    def cancel_old(self, _open: bool = False):
        self.old_files = []

    @rx.event
    def cancel_company_files(self, _open: bool = False):
        self.company_files, self.own_company_for = [], ""

    async def _import_kept(self, files: list[dict[str, str]], confirm_old: bool) -> None:
        self.importing, to_book = True, False
        try:
            for file in files:
                found = await asyncio.to_thread(
                    _import_pending, self.company_id, file["token"], file["name"], confirm_old
                )
                if found is None:
                    self.results = [*self.results, _expired(file["name"])]
                    continue
                self._show(file["name"], *found)
                to_book |= found[0].imported and found[0].new > 0
            if to_book:
                await asyncio.to_thread(after_import, self.company_id)
        finally:
            self.importing = False
        await self._refresh()

    def _ask_columns(self, name: str, token: str, result: ImportResult) -> None:
        self.mapping_file, self.mapping_token, self.mapping_error = name, token, ""
        self.mapping_intro = t("mapping_intro", name=name)
        self.mapping_headers = [
            {"value": str(i), "label": header or f"Colonne {i + 1}"}
            for i, header in enumerate(result.csv_headers or [])
        ]
        if not self.mapping_headers:
            width = max(result.csv_guess.values()) + 1
            self.mapping_headers = [
                {"value": str(i), "label": f"Colonne {i + 1}"} for i in range(width)
            ]
        guess = result.csv_guess or {}
        for role in ("date", "label", "amount", "debit", "credit"):
            setattr(self, f"map_{role}", str(guess[role]) if role in guess else NONE)

    @rx.event
    def set_mapping(self, role: str, value: str):
        if role in ("date", "label", "amount", "debit", "credit"):
            setattr(self, f"map_{role}", value)

    @rx.event
    def cancel_mapping(self):
        self.mapping_token = ""

    @rx.event
    async def confirm_mapping(self):
        if not self.target.isdigit():
            self.mapping_error = t("mapping_need_account")
            return
        chosen = {
            role: int(value)
            for role in ("date", "label", "amount", "debit", "credit")
            if (value := getattr(self, f"map_{role}")) != NONE
        }
        has_amount = "amount" in chosen or ("debit" in chosen and "credit" in chosen)
        if "date" not in chosen or "label" not in chosen or not has_amount:
            self.mapping_error = t("mapping_need_amount")
            return
        if "amount" in chosen:
            chosen.pop("debit", None), chosen.pop("credit", None)
        self.importing, self.mapping_error = True, ""
        yield
        try:
            result = await asyncio.to_thread(
                _confirm,
                self.company_id,
                self.mapping_token,
                self.mapping_file,
                int(self.target),
                CsvColumns(**chosen),
            )
        finally:
            self.importing = False
        if result is None:
            self.mapping_error = t("mapping_expired")
            return
        self.results = [present_result(result)]
        if result.imported:
            self.mapping_token = ""
        else:
            self.mapping_error = result.message
        await self._refresh()


def _expired(name: str) -> dict[str, str]:
    return {
        "file": name,
        "status": t("result_refused"),
        "state": "refused",
        "format": "",
        "message": t("mapping_expired"),
        "details": "",
        "balance": "",
        "balance_ok": "1",
    }


def _refused(name: str, message: str) -> dict[str, str]:
    return {
        "file": name,
        "status": t("result_refused"),
        "state": "refused",
        "format": "",
        "message": message,
        "details": "",
        "balance": "",
        "balance_ok": "1",
    }
