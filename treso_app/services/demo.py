"""Load the demo company into the database, in one transaction; reset it only while it holds
nothing but what the generator wrote."""

from __future__ import annotations

from datetime import date, timedelta
from statistics import median_low

from sqlmodel import Session, delete, func, select

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.demo.generator import DemoBook, build
from treso_app.domain.calendar import today_paris
from treso_app.domain.categories import DEFAULT_CATEGORIES, Default
from treso_app.domain.dedup import account_ref, dedup_key
from treso_app.domain.documents import Line, document_totals, format_number
from treso_app.domain.errors import TresoError
from treso_app.domain.labels import counterparty_key
from treso_app.domain.receivables import invoice_status, learned_delay_days
from treso_app.domain.recurrence import RecurringStatus
from treso_app.domain.recurring_detection import flow_key
from treso_app.services.invoices import write_lines
from treso_app.services.quotes import DEFAULT_VALIDITY_DAYS
from treso_app.services.snapshots import take_snapshot

# Tables in an order that respects foreign keys when deleting.
_COMPANY_TABLES = (
    t.DocumentEvent,
    t.Allocation,
    t.MatchSuggestion,
    t.Payment,
    t.Reminder,
    t.BankTransaction,
    t.ImportRun,
    t.Invoice,
    t.Quote,
    t.NumberSequence,
    t.TransferFile,
    t.Bill,
    t.RecurringItem,
    t.CategoryRule,
    t.Scenario,
    t.ForecastSnapshot,
    t.Alert,
    t.Counterparty,
    t.BankAccount,
    t.User,
)


# What the generator writes, counted when it loads: anything more in one of these tables
# came from the owner (an import, an invoice, a payment…) and stops a reset.
_GENERATED = (
    t.BankAccount,
    t.BankTransaction,
    t.ImportRun,
    t.Counterparty,
    t.Invoice,
    t.Quote,
    t.Bill,
    t.Payment,
    t.Allocation,
    t.RecurringItem,
    t.Category,
    t.CategoryRule,
)


class DemoInUse(TresoError):
    """The demo company holds data that did not come from the generator: no reset."""


def company_count(url: str | None = None) -> int:
    with read_only(url) as session:
        return session.exec(select(func.count()).select_from(t.Company)).one()


def load_demo(
    reset: bool = False,
    today: date | None = None,
    url: str | None = None,
    years: int = 2,
    scale: int = 1,
    kind: str = "plombier",
) -> int:
    """Create the demo company of `kind` (replacing it when `reset`); returns its id. One
    transaction. `years` and `scale` build the large company of the benchmarks."""
    today = today or today_paris()
    book = build(today, years, scale, kind)
    with transaction(url) as session:
        existing = session.exec(select(t.Company).where(t.Company.is_demo)).first()
        if existing and not reset:
            return existing.id
        if existing:
            _check_untouched(session, existing)
            _delete_company(session, existing.id)
        company_id = _write(session, book)
    # What Tréso would have forecast a month ago: forecast vs actual has something to show.
    take_snapshot(company_id, today - timedelta(days=30), url)
    return company_id


def _check_untouched(session: Session, company: t.Company) -> None:
    """Refuses unless the demo holds exactly what its generator wrote: its one import run,
    the row counts recorded then, and no payment recorded since."""
    runs = session.exec(select(t.ImportRun).where(t.ImportRun.company_id == company.id)).all()
    if len(runs) != 1 or runs[0].source != "demo":
        _refuse(company, "des relevés y ont été importés")
    run = runs[0]
    written = run.details[0].get("rows") if run.details else None
    if not written:
        _refuse(company, "elle vient d'une version de Tréso qui ne notait pas son contenu")
    for table, count in _counts(session, company.id).items():
        if count != written.get(table):
            _refuse(company, f"son contenu a changé ({_WORDS[table]})")
    later = session.exec(
        select(func.count())
        .select_from(t.Payment)
        .where(t.Payment.company_id == company.id, t.Payment.created_at > run.finished_at)
    ).one()
    if later:
        _refuse(company, "des paiements y ont été enregistrés")


_WORDS = {
    "bankaccount": "comptes",
    "banktransaction": "opérations bancaires",
    "importrun": "imports",
    "counterparty": "clients ou fournisseurs",
    "invoice": "factures",
    "quote": "devis",
    "bill": "factures fournisseurs",
    "payment": "paiements",
    "allocation": "rapprochements",
    "recurringitem": "échéances récurrentes",
    "category": "catégories",
    "categoryrule": "règles de catégorie",
}


def _refuse(company: t.Company, why: str):
    raise DemoInUse(
        f"l'entreprise de démonstration « {company.name} » n'est pas remise à zéro : {why} "
        "depuis son chargement, et la remise à zéro l'effacerait. Rien n'a été supprimé."
    )


def _delete_company(session: Session, company_id: int) -> None:
    transfers = select(t.TransferFile.id).where(t.TransferFile.company_id == company_id)
    session.exec(
        delete(t.TransferFileBill).where(t.TransferFileBill.transfer_file_id.in_(transfers))
    )
    lines = t.DocumentLine
    session.exec(
        delete(lines).where(
            lines.invoice_id.in_(select(t.Invoice.id).where(t.Invoice.company_id == company_id))
            | lines.quote_id.in_(select(t.Quote.id).where(t.Quote.company_id == company_id))
        )
    )
    for table in _COMPANY_TABLES:
        session.exec(delete(table).where(table.company_id == company_id))
    session.exec(delete(t.Category).where(t.Category.company_id == company_id))
    session.exec(delete(t.Company).where(t.Company.id == company_id))


def _write(session: Session, book: DemoBook) -> int:
    profile = book.profile
    company = t.Company(
        name=profile.name,
        is_demo=True,
        siren=profile.siren,
        address=profile.address,
        alert_threshold_cents=profile.threshold_cents,
    )
    session.add(company)
    session.flush()
    cid = company.id
    session.add(
        t.User(
            company_id=cid,
            email=profile.owner_email,
            name=profile.owner_name,
            role="owner",
        )
    )
    categories = {
        name: t.Category(company_id=cid, name=name, kind=kind) for name, kind in DEFAULT_CATEGORIES
    }
    session.add_all(categories.values())
    accounts = {
        account.key: t.BankAccount(
            company_id=cid,
            name=account.name,
            bank_name=account.bank,
            iban=account.iban,
            bic=account.bic,
            opening_balance_cents=book.opening_cents[account.key],
            opening_on=book.start,
            balance_on=book.today,  # the history runs to today: as if synced this morning
        )
        for account in profile.accounts
    }
    session.add_all(accounts.values())
    run = t.ImportRun(
        company_id=cid,
        file_name="données de démonstration",
        sha256="demo",
        format="demo",
        source="demo",
        read_count=len(book.lines),
        new_count=len(book.lines),
    )
    session.add(run)
    clients = {
        c.name: t.Counterparty(
            company_id=cid,
            kind="client",
            name=c.name,
            siren=c.siren,
            email=c.email,
            payment_terms=c.terms,
            professional=c.pro,
        )
        for c in profile.clients
    }
    suppliers = {
        s.name: t.Counterparty(
            company_id=cid, kind="fournisseur", name=s.name, iban=s.iban, payment_terms=s.terms
        )
        for s in profile.suppliers
    }
    session.add_all([*clients.values(), *suppliers.values()])
    session.flush()

    invoices = {}
    for record in book.invoices:
        paid = sum(amount for _, amount in record.payments)
        invoice = t.Invoice(
            company_id=cid,
            client_id=clients[record.client].id,
            number=record.number,
            issued_on=record.issued_on,
            due_on=record.due_on,
            ht_cents=record.ht_cents,
            tva_cents=record.tva_cents,
            ttc_cents=record.ttc_cents,
            description=record.description,
            status=invoice_status(record.ttc_cents, paid, record.due_on, book.today),
            paid_on=record.payments[-1][0] if paid >= record.ttc_cents else None,
        )
        invoices[record.number] = invoice
    bills = {
        record.number: t.Bill(
            company_id=cid,
            supplier_id=suppliers[record.supplier].id,
            number=record.number,
            issued_on=record.issued_on,
            due_on=record.due_on,
            ttc_cents=record.ttc_cents,
            status="payée" if record.paid_on else "à_payer",
            paid_on=record.paid_on,
        )
        for record in book.bills
    }
    session.add_all([*invoices.values(), *bills.values()])
    session.flush()

    seen: dict[tuple, int] = {}
    allocations = []
    for line in book.lines:
        account = accounts[line.account]
        identity = (line.account, line.booked_on, line.amount_cents, line.label)
        seen[identity] = seen.get(identity, -1) + 1
        transaction_row = t.BankTransaction(
            company_id=cid,
            account_id=account.id,
            booked_on=line.booked_on,
            value_on=line.booked_on,
            amount_cents=line.amount_cents,
            label=line.label,
            counterparty=line.counterparty,
            category_id=categories[line.category].id,
            category_source="démo",
            import_run_id=run.id,
            dedup_key=dedup_key(
                account_ref(account.id),
                line.booked_on,
                line.amount_cents,
                line.label,
                seen[identity],
            ),
        )
        session.add(transaction_row)
        if line.invoice_parts() or line.bill:
            allocations.append((transaction_row, line))
    session.flush()
    for row, line in allocations:
        # The same money as a payment (what the invoice and bill pages count as settled) and
        # the allocation that ties it to its bank line; a grouped transfer settles several.
        parts = [(invoices[n], None, cents) for n, cents in line.invoice_parts()]
        if line.bill:
            parts.append((None, bills[line.bill], abs(row.amount_cents)))
        for invoice, bill, cents in parts:
            payment = t.Payment(
                company_id=cid,
                invoice_id=invoice.id if invoice else None,
                bill_id=bill.id if bill else None,
                paid_on=row.booked_on,
                amount_cents=cents,
                means="chèque" if row.label.startswith("REMISE CHEQUE") else "virement",
            )
            session.add(payment)
            session.flush()
            session.add(
                t.Allocation(
                    company_id=cid,
                    transaction_id=row.id,
                    amount_cents=cents,
                    invoice_id=payment.invoice_id,
                    bill_id=payment.bill_id,
                    payment_id=payment.id,
                )
            )
    _quotes(session, cid, clients, profile.quotes, book.today)
    session.add_all(_declared(cid, book, categories))
    for client in clients.values():
        paid = [
            (i.due_on, i.paid_on)
            for i in invoices.values()
            if i.client_id == client.id and i.paid_on
        ]
        client.learned_delay_days = learned_delay_days(paid)
    session.flush()
    # What the generator wrote, for `--reset` to tell it from anything added later.
    details = {"day": book.today.isoformat(), "kind": book.kind, "rows": _counts(session, cid)}
    run.details = [details]
    run.finished_at = t.utc_now()
    return cid


def _declared(cid: int, book: DemoBook, categories: dict) -> list[t.RecurringItem]:
    """What the owner has declared: the company's true flows as detection keys them (one
    salary per employee, the VAT return…), confirmed, so that detecting the flows again
    proposes none of them a second time. An amount that follows the activity is declared
    at the median of its latest six. Transfers between own accounts are no flows."""
    items = []
    for flow in book.flows:
        if flow.category == Default.INTERNAL_TRANSFERS:
            continue
        who = counterparty_key(flow.label)
        amount = flow.amount_cents
        if flow.tolerance_pct is None:  # it follows the activity: what it has been lately
            amount = (1 if amount > 0 else -1) * median_low(abs(c) for c in flow.recent_cents)
        items.append(
            t.RecurringItem(
                company_id=cid,
                label=who,
                amount_cents=amount,
                frequency=flow.frequency,
                day_rule=flow.day_rule,
                day=flow.day,
                start_on=flow.next_period(),
                status=RecurringStatus.CONFIRMED,
                match_key=flow_key(who, flow.amount_cents > 0, flow.frequency),
                last_seen_on=flow.last_on,
                category_id=categories[flow.category].id,
            )
        )
    return items


def _counts(session: Session, company_id: int) -> dict[str, int]:
    return {
        table.__tablename__: session.exec(
            select(func.count()).select_from(table).where(table.company_id == company_id)
        ).one()
        for table in _GENERATED
    }


def _quotes(session: Session, company_id: int, clients: dict, quotes, today: date) -> None:
    """Quotes in progress: (client, label, HT cents, VAT bp, days ago, status)."""
    for seq, (client, label, ht, rate, age, status) in enumerate(quotes, start=1):
        issued = today - timedelta(days=age)
        line = Line(label, 1000, ht, rate)
        totals = document_totals([line])
        quote = t.Quote(
            company_id=company_id,
            client_id=clients[client].id,
            number=format_number("D", issued.year, seq),
            issued_on=issued,
            valid_until=issued + timedelta(days=DEFAULT_VALIDITY_DAYS),
            ht_cents=totals.ht_cents,
            tva_cents=totals.tva_cents,
            ttc_cents=totals.ttc_cents,
            status=status,
            accepted_on=issued + timedelta(days=age // 2) if status == "accepté" else None,
            description=label,
        )
        session.add(quote)
        session.flush()
        write_lines(session, [line], quote_id=quote.id)
