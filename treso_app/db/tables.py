"""SQLModel tables (DESIGN.md §5). Money is integer cents in BigInteger columns.

Every business row carries `company_id`: one install can serve several companies.
Schema changes go through alembic migrations; tests/db/test_migrations.py proves they agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import JSON, Field, SQLModel


def utc_now() -> datetime:
    """Timestamps are stored in UTC; the UI shows them in Europe/Paris."""
    return datetime.now(UTC)


def cents(*, default: int | None = 0, nullable: bool = False) -> int:
    """An integer-cent money column (BigInteger: no overflow past 21 M€)."""
    return Field(default=default, sa_column=Column(BigInteger, nullable=nullable))


class Company(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    siren: str | None = None
    address: str | None = None
    alert_threshold_cents: int = cents(default=0)
    # "45 jours fin de mois": see domain/terms.py for the two legal readings.
    end_of_month_reading: str = "jours_puis_fin_de_mois"
    # Late-payment penalty rate in basis points; None = ECB refinancing rate + 10 points.
    penalty_rate_bp: int | None = None
    # Reminder steps [{"level", "offset_days", "title", "subject", "body"}]; None = the default.
    reminder_plan: list | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reminders_auto_send: bool = False
    # The forecast expects an accepted quote to be invoiced this many days after acceptance.
    quote_conversion_days: int = 30
    # The generator's company (« Démo »): `treso demo --reset` touches only such a company.
    is_demo: bool = False
    # An account whose balance is known at a day older than this is flagged as stale.
    stale_balance_days: int = 10
    # No reminder for an invoice issued fewer days ago than this (never on its issue day).
    reminder_min_age_days: int = 7
    created_at: datetime = Field(default_factory=utc_now)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    email: str = Field(unique=True)
    name: str
    role: str = "owner"  # owner / staff / accountant (read-only)
    password_hash: str | None = None


class BankAccount(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    name: str
    bank_name: str | None = None
    iban: str | None = Field(default=None, index=True)
    bic: str | None = None
    opening_balance_cents: int = cents()
    opening_on: date
    is_active: bool = True
    # How statements without an IBAN name this account (OFX ACCTID, CFONB RIB, CAMT Othr/Id).
    statement_ref: str | None = Field(default=None, index=True)
    # A confirmed CSV column mapping: {"headers": [...], "columns": {"date": 0, ...}}.
    csv_mapping: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # The day the bank balance is known at: the end of the newest statement imported.
    balance_on: date | None = None


class ImportRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    file_name: str
    sha256: str = Field(index=True)
    format: str | None = None
    source: str = "upload"  # upload / cli / inbox / demo
    status: str = "imported"  # imported / refused
    read_count: int = 0
    new_count: int = 0
    duplicate_count: int = 0
    error: str | None = None
    # Per statement: account, lines read/new/known, closing balance and its check.
    details: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    started_at: datetime = Field(default_factory=utc_now)
    finished_at: datetime | None = None


class JobRun(SQLModel, table=True):
    """One run of a scheduled job (inbox import, …): the UI shows the last one per job."""

    __table_args__ = (Index("ix_jobrun_name_started", "name", "started_at"),)
    id: int | None = Field(default=None, primary_key=True)
    name: str
    status: str = "ok"  # ok / error
    message: str = ""
    started_at: datetime = Field(default_factory=utc_now)
    finished_at: datetime | None = None


class Category(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    name: str
    kind: str  # encaissement / décaissement / neutre (internal transfers)
    monthly_budget_cents: int | None = cents(default=None, nullable=True)


class CategoryRule(SQLModel, table=True):
    """« Toujours classer LEROY MERLIN en Achats »: the lowest priority number wins."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    category_id: int = Field(foreign_key="category.id")
    # contient (the label holds `pattern`, accents and case aside) / regex (a regular
    # expression on the label) / contrepartie (the counterparty's normalised name is `pattern`)
    match: str = "contient"
    pattern: str
    direction: str | None = None  # encaissement / décaissement / None: both
    min_cents: int | None = cents(default=None, nullable=True)  # bounds on |amount|, included
    max_cents: int | None = cents(default=None, nullable=True)
    priority: int = 100


class Counterparty(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    kind: str  # client / fournisseur
    name: str
    siren: str | None = None
    iban: str | None = None
    bic: str | None = None
    email: str | None = None
    address: str | None = None
    payment_terms: str = "30 jours"
    # Learned from paid invoices: mean days between due date and payment (may be negative).
    learned_delay_days: float | None = None
    do_not_remind: bool = False
    # A business (B2B: late-payment penalties and the €40 indemnity apply) or a private person.
    professional: bool = True


class BankTransaction(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("account_id", "dedup_key", name="uq_banktransaction_account_dedup"),
        Index("ix_banktransaction_company_booked", "company_id", "booked_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    # No single-column indexes: (company_id, booked_on) and (account_id, dedup_key) lead with
    # them, and each extra index slows a 100,000-line import.
    company_id: int = Field(foreign_key="company.id")
    account_id: int = Field(foreign_key="bankaccount.id")
    booked_on: date
    value_on: date | None = None
    amount_cents: int = cents()  # inflow > 0, outflow < 0
    label: str
    counterparty: str | None = None
    external_id: str | None = None
    dedup_key: str
    category_id: int | None = Field(default=None, foreign_key="category.id")
    # Where `category_id` comes from: règle (a rule, built-in or the owner's) / document (the
    # invoice or bill it settles) / manuel (the owner) / démo (the generator); None: unset.
    category_source: str | None = None
    # The counterparty's usual category, shown as a suggestion until the owner confirms it.
    suggested_category_id: int | None = Field(default=None, foreign_key="category.id")
    import_run_id: int | None = Field(default=None, foreign_key="importrun.id")


class Invoice(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("company_id", "number", name="uq_invoice_company_number"),
        Index("ix_invoice_company_status_due", "company_id", "status", "due_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    client_id: int = Field(foreign_key="counterparty.id", index=True)
    number: str
    issued_on: date
    due_on: date
    ht_cents: int = cents()
    tva_cents: int = cents()
    ttc_cents: int = cents()
    # facture / acompte (deposit asked on a quote) / avoir (credit note of `credits_invoice_id`)
    kind: str = "facture"
    quote_id: int | None = Field(default=None, foreign_key="quote.id", index=True)
    credits_invoice_id: int | None = Field(default=None, foreign_key="invoice.id", index=True)
    # à_venir / en_retard / partielle / payée — derived from payments and credit notes, kept
    # here for queries; `disputed` is the owner's manual « litige » flag.
    status: str = "à_venir"
    disputed: bool = False
    paid_on: date | None = None
    description: str | None = None
    penalty_rate_bp: int | None = None  # the invoice's own late-payment rate, if it states one


class Quote(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("company_id", "number", name="uq_quote_company_number"),)
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    client_id: int = Field(foreign_key="counterparty.id", index=True)
    number: str
    issued_on: date
    valid_until: date
    ht_cents: int = cents()
    tva_cents: int = cents()
    ttc_cents: int = cents()
    status: str = "brouillon"  # brouillon / envoyé / accepté / refusé / expiré / facturé
    accepted_on: date | None = None
    description: str | None = None


class DocumentLine(SQLModel, table=True):
    """A line of a quote or an invoice: HT = quantity × unit price, VAT rounded per line."""

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int | None = Field(default=None, foreign_key="invoice.id", index=True)
    quote_id: int | None = Field(default=None, foreign_key="quote.id", index=True)
    position: int = 0
    label: str
    quantity_milli: int = 1000  # thousandths: 2,5 heures = 2500
    unit_price_cents: int = cents()
    vat_rate_bp: int = 2000
    ht_cents: int = cents()


class NumberSequence(SQLModel, table=True):
    """The last number given per prefix and year: invoices are numbered without gaps."""

    __table_args__ = (UniqueConstraint("company_id", "prefix", "year", name="uq_sequence"),)
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id")
    prefix: str  # F (factures et acomptes), A (avoirs), D (devis)
    year: int
    last: int = 0


class Payment(SQLModel, table=True):
    """Money received for an invoice or paid for a bill, whatever the means. The bank line
    that carried it, once known, is linked by an Allocation."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    invoice_id: int | None = Field(default=None, foreign_key="invoice.id", index=True)
    bill_id: int | None = Field(default=None, foreign_key="bill.id", index=True)
    paid_on: date
    amount_cents: int = cents()  # always positive
    means: str = "virement"  # virement / chèque / carte / espèces / prélèvement
    reference: str | None = None
    created_at: datetime = Field(default_factory=utc_now)


class Bill(SQLModel, table=True):
    __table_args__ = (Index("ix_bill_company_status_due", "company_id", "status", "due_on"),)
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    supplier_id: int = Field(foreign_key="counterparty.id", index=True)
    number: str
    issued_on: date
    due_on: date
    scheduled_on: date | None = None
    ht_cents: int | None = cents(default=None, nullable=True)
    tva_cents: int | None = cents(default=None, nullable=True)
    ttc_cents: int = cents()
    status: str = "à_payer"  # à_payer / programmée / virement_émis / payée
    paid_on: date | None = None
    description: str | None = None


class TransferFile(SQLModel, table=True):
    """A SEPA credit-transfer file (pain.001) Tréso produced: kept so it can be downloaded
    again, and so a bill is not put in a second file without the owner knowing."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    file_name: str
    sha256: str
    total_cents: int = cents()
    content: bytes
    created_at: datetime = Field(default_factory=utc_now)


class TransferFileBill(SQLModel, table=True):
    """One bill paid by a transfer file, on its execution date."""

    id: int | None = Field(default=None, primary_key=True)
    transfer_file_id: int = Field(foreign_key="transferfile.id", index=True)
    bill_id: int = Field(foreign_key="bill.id", index=True)
    amount_cents: int = cents()
    execution_on: date


class DocumentEvent(SQLModel, table=True):
    """What happened to an invoice or a bill that its own rows no longer show (a payment
    deleted, a transfer file issued): its history."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    invoice_id: int | None = Field(default=None, foreign_key="invoice.id", index=True)
    bill_id: int | None = Field(default=None, foreign_key="bill.id", index=True)
    kind: str  # paiement_supprimé / virement_émis
    detail: str = ""
    at: datetime = Field(default_factory=utc_now)


class Allocation(SQLModel, table=True):
    """A bank transaction (or part of it) settling an invoice or a bill."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    transaction_id: int = Field(foreign_key="banktransaction.id", index=True)
    invoice_id: int | None = Field(default=None, foreign_key="invoice.id", index=True)
    bill_id: int | None = Field(default=None, foreign_key="bill.id", index=True)
    amount_cents: int = cents()  # always positive: the part of the line applied
    # The payment this line carries: created with the match, or an existing one it confirms
    # (a spreadsheet's « payée le »). Undoing the match removes what the match created.
    payment_id: int | None = Field(default=None, foreign_key="payment.id", index=True)
    created_payment: bool = True  # the payment was created by the match (undo deletes it)
    method: str = "auto"  # auto (above the confidence threshold) / suggestion (accepted) / manual
    confidence: float = 1.0  # matching score 0–1, not money
    reasons: str = ""  # « montant exact · référence F2026-0042 dans le libellé »
    created_at: datetime = Field(default_factory=utc_now)


class MatchSuggestion(SQLModel, table=True):
    """A possible match waiting in the review queue of /banque: a bank line and the
    documents it may settle, with its score and reasons. A rejected one is kept, so it is not
    proposed again."""

    __table_args__ = (Index("ix_matchsuggestion_company_status", "company_id", "status"),)
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id")
    transaction_id: int = Field(foreign_key="banktransaction.id", index=True)
    # [{"invoice_id": 12, "amount_cents": 120000}, {"bill_id": 3, "amount_cents": 5000}, …]
    documents: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    score: float = 0.0
    reasons: str = ""
    rank: int = 1  # 1 = the best suggestion for this line
    status: str = "proposée"  # proposée / rejetée
    created_at: datetime = Field(default_factory=utc_now)


class RecurringItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    label: str
    amount_cents: int = cents()  # signed like bank lines
    frequency: str = "mensuel"  # hebdomadaire / mensuel / trimestriel / semestriel / annuel
    # How `day` reads (domain/recurrence.py): jour (day of month 1–31, clamped to month end;
    # 0 = the last working day, payroll) / jour_ouvré (the n-th bank day of the month) /
    # jour_semaine (weekday, 0 = Monday).
    day_rule: str = "jour"
    day: int = 1
    start_on: date
    end_on: date | None = None
    # confirmé (declared or confirmed by the owner) / détecté (found in the bank history, used
    # by the forecast until confirmed or dismissed) / ignoré (dismissed: never proposed again)
    status: str = "confirmé"
    # The normalised counterparty or label of the bank lines this flow is made of
    # (domain/labels.py): ties it to its past and future lines.
    match_key: str | None = Field(default=None, index=True)
    last_seen_on: date | None = None  # its latest bank line
    category_id: int | None = Field(default=None, foreign_key="category.id")
    account_id: int | None = Field(default=None, foreign_key="bankaccount.id")


class Reminder(SQLModel, table=True):
    """One reminder level for one invoice: never twice (a failed e-mail is retried in place)."""

    __table_args__ = (UniqueConstraint("invoice_id", "level", name="uq_reminder_invoice_level"),)
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    level: int
    sent_at: datetime  # the last attempt
    channel: str = "email"  # email / courrier / téléphone
    # envoyée (e-mail accepted by the server) / à_faire (no SMTP: call or letter) / faite /
    # échec (retried on the next run)
    result: str | None = None
    subject: str = ""
    body: str = ""
    error: str | None = None
    attempts: int = 1


class Scenario(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    name: str
    parameters: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utc_now)


class ForecastSnapshot(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    made_on: date = Field(index=True)
    scenario: str = "realiste"
    series: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Alert(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    kind: str
    severity: str = "warning"  # info / warning / critical
    message: str
    created_at: datetime = Field(default_factory=utc_now)
    acknowledged_at: datetime | None = None
