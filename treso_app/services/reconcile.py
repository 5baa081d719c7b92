"""Rapprochement bancaire: bank lines linked to the invoices and bills they settle.

`reconcile` is the bookkeeping step run after every import: sure matches are applied (an
Allocation and the Payment it carries, or a payment already noted — a spreadsheet's « payée
le » — confirmed by its bank line), the others wait in the review queue of /banque. The
owner accepts, rejects, matches by hand or undoes; each is one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func
from sqlmodel import Session, col, delete, select

from treso_app.db import tables as t
from treso_app.db.queries import paid_bills, settled_invoices
from treso_app.db.session import read_only, transaction
from treso_app.domain.bounds import TextLimit
from treso_app.domain.calendar import today_paris
from treso_app.domain.categories import DEFAULT_CATEGORIES, Default
from treso_app.domain.errors import ValidationError
from treso_app.domain.labels import fold
from treso_app.domain.matching import (
    TOP,
    BankLine,
    DocumentKind,
    Match,
    MatchMethod,
    OpenDocument,
    Part,
    SuggestionStatus,
    fee_tolerance,
    plan,
)
from treso_app.domain.money import format_amount
from treso_app.services.categories import import_classifier
from treso_app.services.invoices import add_payment, refresh_bill_status, refresh_status

QUEUE_LINES = 50  # waiting lines shown at once, newest first
RECENT_AUTO = 5  # the latest automatic matches listed, so one can be undone
PICKER_ROWS = 20
UNDONE = "rapprochement annulé"  # a rejection the owner made by undoing Tréso's match
IGNORED = "pas une facture"  # a line the owner took out of the queue (no documents)


@dataclass(frozen=True)
class AppliedMatch:
    transaction_id: int
    booked_on: date
    amount_cents: int
    label: str
    documents: list[str]  # their numbers
    score: float
    reasons: str


@dataclass(frozen=True)
class ReconcileReport:
    applied: list[AppliedMatch] = field(default_factory=list)
    suggested: int = 0  # lines waiting in the review queue

    def as_json(self) -> dict:
        return {
            "applied": [asdict(m) | {"booked_on": m.booked_on.isoformat()} for m in self.applied],
            "applied_count": len(self.applied),
            "suggested_count": self.suggested,
        }


@dataclass(frozen=True)
class DocumentChoice:
    """An open invoice or bill, as the queue and the picker show it."""

    kind: DocumentKind
    id: int
    number: str
    party: str
    due_on: date
    remaining_cents: int
    amount_cents: int = 0  # in a suggestion: what the line would settle


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    rank: int
    score: float
    reasons: str
    documents: list[DocumentChoice]


@dataclass(frozen=True)
class WaitingLine:
    transaction_id: int
    booked_on: date
    label: str
    amount_cents: int
    open_cents: int
    suggestions: list[SuggestionRow]


@dataclass(frozen=True)
class MatchedLine:
    """A line matched automatically: listed so the owner can undo it."""

    transaction_id: int
    booked_on: date
    label: str
    amount_cents: int
    documents: list[str]
    reasons: str


@dataclass(frozen=True)
class ReviewQueue:
    waiting: list[WaitingLine]
    waiting_count: int
    matched: list[MatchedLine]


# ---- the bookkeeping step -------------------------------------------------------------


def reconcile(company_id: int, url: str | None = None) -> ReconcileReport:
    """Match every line not fully allocated with the open documents: sure matches applied,
    the rest proposed (top three per line, rejected ones never again)."""
    with transaction(url) as session:
        documents = _open_documents(session, company_id)
        lines = _open_lines(session, company_id, _earliest(documents)) if documents else []
        refused = _refused(session, company_id)
        result = plan(lines, documents, refused)
        by_id = {line.id: line for line in lines}
        applied, book = [], _Book(session, company_id)
        for match in result.applied:
            _apply(book, match, MatchMethod.AUTO)
            line = by_id[match.line_id]
            numbers = [p.document.number for p in match.parts]
            applied.append(
                AppliedMatch(
                    line.id,
                    line.booked_on,
                    line.amount_cents,
                    line.label,
                    numbers,
                    match.score,
                    match.reasons_text,
                )
            )
        book.refresh()
        session.exec(
            delete(t.MatchSuggestion).where(
                t.MatchSuggestion.company_id == company_id,
                t.MatchSuggestion.status == SuggestionStatus.PROPOSED,
            )
        )
        for line_id, matches in result.suggested.items():
            for rank, match in enumerate(matches, start=1):
                session.add(_suggestion(company_id, line_id, rank, match))
        session.flush()
        return ReconcileReport(applied, len(_waiting(session, company_id)[1]))


def _earliest(documents: Sequence[OpenDocument]) -> date:
    """A line booked more than a week before every document's issue settles none of them:
    older lines are not read at all."""
    return min(d.issued_on for d in documents) - timedelta(days=7)


def _open_lines(session: Session, company_id: int, since: date = date.min) -> list[BankLine]:
    """Lines with money not allocated yet, booked from `since`; internal transfers never
    settle a document, and a line the owner said is no invoice's is left alone."""
    allocated = (
        select(t.Allocation.transaction_id, func.sum(t.Allocation.amount_cents).label("used"))
        .where(t.Allocation.company_id == company_id)
        .group_by(t.Allocation.transaction_id)
        .subquery()
    )
    tx = t.BankTransaction
    rows = session.exec(
        select(tx, func.coalesce(allocated.c.used, 0))
        .join(allocated, allocated.c.transaction_id == tx.id, isouter=True)
        .join(t.Category, t.Category.id == tx.category_id, isouter=True)
        .where(
            tx.company_id == company_id,
            tx.booked_on >= since,
            func.coalesce(t.Category.kind, "") != "neutre",
        )
    ).all()
    ignored = _ignored_lines(session, company_id)
    return [
        BankLine(row.id, row.booked_on, row.amount_cents, row.label, row.counterparty, left)
        for row, used in rows
        if (left := abs(row.amount_cents) - int(used)) > 0 and row.id not in ignored
    ]


def _open_documents(session: Session, company_id: int) -> list[OpenDocument]:
    """Invoices and bills with money still owed, and payments noted on them that no bank
    line carries yet (cash excepted: it never reaches the bank)."""
    found = []
    settled = settled_invoices(session, company_id)
    invoices = session.exec(
        select(t.Invoice, t.Counterparty.name)
        .join(t.Counterparty, t.Counterparty.id == t.Invoice.client_id)
        .where(t.Invoice.company_id == company_id, t.Invoice.kind != "avoir")
    ).all()
    docs = {}
    for invoice, party in invoices:
        docs[(DocumentKind.INVOICE, invoice.id)] = (invoice, party)
        left = invoice.ttc_cents - settled.get(invoice.id, 0)
        if left > 0:
            found.append(_document(DocumentKind.INVOICE, invoice, party, left))
    paid = paid_bills(session, company_id)
    bills = session.exec(
        select(t.Bill, t.Counterparty.name)
        .join(t.Counterparty, t.Counterparty.id == t.Bill.supplier_id)
        .where(t.Bill.company_id == company_id)
    ).all()
    for bill, party in bills:
        docs[(DocumentKind.BILL, bill.id)] = (bill, party)
        left = bill.ttc_cents - paid.get(bill.id, 0)
        if left > 0:
            found.append(_document(DocumentKind.BILL, bill, party, left))
    carried = _carried(session, company_id)
    noted = session.exec(
        select(t.Payment).where(t.Payment.company_id == company_id, t.Payment.means != "espèces")
    ).all()
    for payment in noted:
        # A payment no bank line carries yet — or only partly (a deposit then the balance).
        left = _not_carried(payment, carried)
        kind = DocumentKind.INVOICE if payment.invoice_id else DocumentKind.BILL
        row, party = docs.get((kind, payment.invoice_id or payment.bill_id), (None, ""))
        if row is not None and left > 0:
            found.append(_document(kind, row, party, left, payment.id, payment.paid_on))
    return found


def _carried(session: Session, company_id: int, payment_id: int | None = None) -> dict:
    """payment id → (cash of the bank lines carrying it, whether a match created it)."""
    query = (
        select(
            t.Allocation.payment_id,
            func.sum(t.Allocation.amount_cents),
            func.max(case((t.Allocation.created_payment, 1), else_=0)),
        )
        .where(t.Allocation.company_id == company_id, t.Allocation.payment_id.is_not(None))
        .group_by(t.Allocation.payment_id)
    )
    if payment_id is not None:
        query = query.where(t.Allocation.payment_id == payment_id)
    return {key: (int(cash), bool(created)) for key, cash, created in session.exec(query).all()}


def _not_carried(payment: t.Payment, carried: dict) -> int:
    """What of a noted payment no bank line carries yet: none of a payment a match created,
    none once its lines cover it but a bank fee."""
    cash, created = carried.get(payment.id, (0, False))
    left = payment.amount_cents - cash
    if created or (cash and left <= fee_tolerance(payment.amount_cents)):
        return 0
    return left


def _document(kind, row, party: str, cents: int, payment_id=None, paid_on=None) -> OpenDocument:
    return OpenDocument(
        kind, row.id, row.number, party, row.issued_on, row.due_on, cents, payment_id, paid_on
    )


def _refused(session: Session, company_id: int) -> frozenset:
    rows = session.exec(
        select(t.MatchSuggestion.transaction_id, t.MatchSuggestion.documents).where(
            t.MatchSuggestion.company_id == company_id,
            t.MatchSuggestion.status == SuggestionStatus.REJECTED,
        )
    ).all()
    return frozenset((line_id, _signature(documents)) for line_id, documents in rows)


def _signature(documents: Iterable[Mapping]) -> frozenset:
    return frozenset(
        (DocumentKind.INVOICE, d["invoice_id"])
        if "invoice_id" in d
        else (DocumentKind.BILL, d["bill_id"])
        for d in documents
    )


def _suggestion(company_id: int, line_id: int, rank: int, match: Match) -> t.MatchSuggestion:
    return t.MatchSuggestion(
        company_id=company_id,
        transaction_id=line_id,
        documents=[_stored(p) for p in match.parts],
        score=match.score,
        reasons=match.reasons_text,
        rank=rank,
    )


def _stored(part: Part) -> dict:
    """A suggestion's document as stored: what it settles, the cash it takes, the noted
    payment it would confirm."""
    doc = part.document
    stored = {f"{doc.kind}_id": doc.id, "amount_cents": part.settles_cents}
    if part.cash_cents != part.settles_cents:
        stored["cash_cents"] = part.cash_cents
    if doc.payment_id is not None:
        stored["payment_id"] = doc.payment_id
    return stored


# ---- applying a match -----------------------------------------------------------------


class _Book:
    """One transaction's bookkeeping: what each document has settled (read once, kept up to
    date as matches are applied), category ids, and the documents whose status must follow
    (refreshed once each at the end)."""

    def __init__(self, session: Session, company_id: int) -> None:
        self.session, self.company_id = session, company_id
        self.settled = settled_invoices(session, company_id)
        self.paid = paid_bills(session, company_id)
        self.categories: dict[Default, int] = {}
        self.usual: dict[int, int | None] = {}
        self._rules = None
        self.invoices: set[int] = set()
        self.bills: set[int] = set()

    def remaining(self, kind: DocumentKind, row) -> int:
        done = self.settled if kind == DocumentKind.INVOICE else self.paid
        return row.ttc_cents - done.get(row.id, 0)

    def settle(self, kind: DocumentKind, document_id: int, cents: int) -> None:
        done = self.settled if kind == DocumentKind.INVOICE else self.paid
        done[document_id] = done.get(document_id, 0) + cents
        self.touch(kind, document_id)

    def touch(self, kind: DocumentKind, document_id: int) -> None:
        (self.invoices if kind == DocumentKind.INVOICE else self.bills).add(document_id)

    def category(self, name: Default) -> int:
        if name not in self.categories:
            self.categories[name] = _category_id(self.session, self.company_id, name)
        return self.categories[name]

    def supplier_category(self, supplier_id: int, line_id: int) -> int | None:
        if supplier_id not in self.usual:
            self.usual[supplier_id] = _usual_category(self.session, supplier_id, line_id)
        return self.usual[supplier_id]

    def by_rules(self, label: str, cents: int, counterparty: str | None) -> int | None:
        """What the owner's and the built-in label rules say about a line (no fallback)."""
        if self._rules is None:
            self._rules = import_classifier(self.session, self.company_id)
        return self._rules(label, cents, counterparty)

    def refresh(self) -> None:
        today, session = today_paris(), self.session
        settled = settled_invoices(session, self.company_id)
        paid = paid_bills(session, self.company_id)
        for invoice_id in sorted(self.invoices):
            refresh_status(session, session.get(t.Invoice, invoice_id), today, settled)
        for bill_id in sorted(self.bills):
            refresh_bill_status(session, session.get(t.Bill, bill_id), paid)


def _apply(book: _Book, match: Match, method: MatchMethod) -> None:
    """Allocations (and the payments they carry) for one match, checked against what the line
    and the documents have left."""
    session, company_id = book.session, book.company_id
    line = session.get(t.BankTransaction, match.line_id)
    if line is None or line.company_id != company_id:
        raise ValidationError("Cette ligne bancaire n'existe pas.")
    cash = sum(p.cash_cents for p in match.parts)
    left = abs(line.amount_cents) - _allocated(session, line.id)
    if left <= 0:
        raise ValidationError("Cette ligne bancaire est déjà rapprochée.")
    if cash > left:
        raise ValidationError(
            f"Le rapprochement dépasse ce qui reste de la ligne ({format_amount(left)})."
        )
    for part in match.parts:
        doc = part.document
        row = _owned_document(session, company_id, doc.kind, doc.id)
        if (doc.kind == DocumentKind.INVOICE) != (line.amount_cents > 0):
            raise ValidationError(
                "Un encaissement règle une facture client, un décaissement une facture fournisseur."
            )
        if doc.payment_id is not None:
            payment = session.get(t.Payment, doc.payment_id)
            left_of_payment = (
                0
                if payment is None
                else _not_carried(payment, _carried(session, company_id, payment.id))
            )
            if part.settles_cents > left_of_payment:
                raise ValidationError(f"Le paiement de {row.number} est déjà rapproché.")
            created = False
        else:
            payment = add_payment(
                session,
                company_id,
                book.remaining(doc.kind, row),
                line.booked_on,
                part.settles_cents,
                _means(line.label),
                line.label[: TextLimit.NUMBER],  # the bank label, as long as a reference may be
                **{f"{doc.kind}_id": row.id},
            )
            created = True
        session.add(
            t.Allocation(
                company_id=company_id,
                transaction_id=line.id,
                invoice_id=row.id if doc.kind == DocumentKind.INVOICE else None,
                bill_id=row.id if doc.kind == DocumentKind.BILL else None,
                amount_cents=part.cash_cents,
                payment_id=payment.id,
                created_payment=created,
                method=method,
                confidence=match.score,
                reasons=match.reasons_text,
            )
        )
        if created:
            book.settle(doc.kind, row.id, part.settles_cents)
        book.touch(doc.kind, row.id)
    _take_category(book, line, match.parts[0].document.kind, match.parts[0].document.id)
    session.flush()


def _allocated(session: Session, transaction_id: int) -> int:
    used = session.exec(
        select(func.coalesce(func.sum(t.Allocation.amount_cents), 0)).where(
            t.Allocation.transaction_id == transaction_id
        )
    ).one()
    return int(used)


def _owned_document(session: Session, company_id: int, kind: DocumentKind, document_id: int):
    row = session.get(t.Invoice if kind == DocumentKind.INVOICE else t.Bill, document_id)
    if row is None or row.company_id != company_id:
        raise ValidationError("Cette facture n'existe pas.")
    if kind == DocumentKind.INVOICE and row.kind == "avoir":
        raise ValidationError("Un avoir ne reçoit pas de paiement.")
    return row


def _means(label: str) -> str:
    """How the money came, read from the bank's words."""
    words = set(fold(label).split())
    if words & {"CHQ", "CHEQUE", "CHEQUES"}:
        return "chèque"
    if words & {"PRLV", "PRELEVEMENT", "PREL"}:
        return "prélèvement"
    if words & {"CB", "CARTE"}:
        return "carte"
    return "virement"


def _take_category(book: _Book, line: t.BankTransaction, kind: DocumentKind, doc_id: int):
    """A reconciled line takes its document's category — unless the owner chose one. A
    bill's: its supplier's usual category, else what the label rules say of the line or of
    the supplier's name (EDF → Énergie, a freelancer → Sous-traitance), else purchases."""
    if line.category_source == "manuel":
        return
    if kind == DocumentKind.INVOICE:
        category_id = book.category(Default.SALES)
    else:
        bill = book.session.get(t.Bill, doc_id)
        supplier = book.session.get(t.Counterparty, bill.supplier_id)
        category_id = (
            book.supplier_category(bill.supplier_id, line.id)
            or book.by_rules(line.label, line.amount_cents, line.counterparty)
            or book.by_rules(supplier.name, line.amount_cents, None)
            or book.category(Default.PURCHASES)
        )
    line.category_id, line.category_source = category_id, "document"
    book.session.add(line)


def _usual_category(session: Session, supplier_id: int, line_id: int) -> int | None:
    """The category the owner (or a rule) gives this supplier's payments most often — other
    than the line being matched (its own category would only echo a rule's fallback)."""
    rows = session.exec(
        select(t.BankTransaction.category_id)
        .join(t.Allocation, t.Allocation.transaction_id == t.BankTransaction.id)
        .join(t.Bill, t.Bill.id == t.Allocation.bill_id)
        .where(
            t.Bill.supplier_id == supplier_id,
            t.BankTransaction.category_id.is_not(None),
            t.BankTransaction.id != line_id,
            col(t.BankTransaction.category_source).in_(("manuel", "règle", "démo")),
        )
    ).all()
    counts = Counter(rows)
    return counts.most_common(1)[0][0] if counts else None


def _category_id(session: Session, company_id: int, name: Default) -> int:
    """The company's category of that name, created from the default tree when missing."""
    found = session.exec(
        select(t.Category.id).where(t.Category.company_id == company_id, t.Category.name == name)
    ).first()
    if found is not None:
        return found
    kind = dict(DEFAULT_CATEGORIES)[name]
    category = t.Category(company_id=company_id, name=name, kind=kind)
    session.add(category)
    session.flush()
    return category.id


# ---- the owner's decisions ------------------------------------------------------------


def accept_suggestion(company_id: int, suggestion_id: int, url: str | None = None) -> None:
    """« Accepter »: the suggestion is applied as proposed; the line's others go."""
    with transaction(url) as session:
        suggestion = _owned_suggestion(session, company_id, suggestion_id)
        match = _stored_match(session, company_id, suggestion)
        book = _Book(session, company_id)
        _apply(book, match, MatchMethod.SUGGESTION)
        book.refresh()
        _forget_proposals(session, suggestion.transaction_id)


def reject_suggestion(company_id: int, suggestion_id: int, url: str | None = None) -> None:
    """« Rejeter »: kept as rejected, never proposed again."""
    with transaction(url) as session:
        suggestion = _owned_suggestion(session, company_id, suggestion_id)
        suggestion.status = SuggestionStatus.REJECTED
        session.add(suggestion)


def match_manually(
    company_id: int,
    transaction_id: int,
    documents: Sequence[Mapping],
    url: str | None = None,
) -> None:
    """« Rapprocher à la main »: the line settles the chosen documents ({"invoice_id": 3} or
    {"bill_id": 4}, with "amount_cents" or else as much as is left of both), in order."""
    if not documents:
        raise ValidationError("Choisissez au moins une facture.")
    with transaction(url) as session:
        line = session.get(t.BankTransaction, transaction_id)
        if line is None or line.company_id != company_id:
            raise ValidationError("Cette ligne bancaire n'existe pas.")
        left = abs(line.amount_cents) - _allocated(session, line.id)
        book = _Book(session, company_id)
        parts = []
        for chosen in documents:
            kind = DocumentKind.INVOICE if "invoice_id" in chosen else DocumentKind.BILL
            row = _owned_document(session, company_id, kind, int(chosen[f"{kind}_id"]))
            payment_id, owed = _noted(session, company_id, kind, row.id)
            if payment_id is None:
                owed = book.remaining(kind, row)
            amount = int(chosen.get("amount_cents") or min(owed, left))
            if amount <= 0:
                raise ValidationError(f"{row.number} : rien à rapprocher (déjà payée ?).")
            left -= amount
            parts.append(Part(_document(kind, row, "", owed, payment_id), amount, amount))
        match = Match(line.id, tuple(parts), 1.0, ("rapproché à la main",))
        _apply(book, match, MatchMethod.MANUAL)
        book.refresh()
        _forget_proposals(session, line.id)


def _noted(session: Session, company_id: int, kind: DocumentKind, doc_id: int):
    """(id, amount) of the document's first noted payment no bank line carries yet — the
    line confirms it rather than paying twice; (None, 0) when there is none."""
    column = t.Payment.invoice_id if kind == DocumentKind.INVOICE else t.Payment.bill_id
    payments = session.exec(
        select(t.Payment)
        .where(column == doc_id, t.Payment.means != "espèces")
        .order_by(t.Payment.paid_on, t.Payment.id)
    ).all()
    for payment in payments:
        left = _not_carried(payment, _carried(session, company_id, payment.id))
        if left > 0:
            return payment.id, left
    return None, 0


def ignore_line(company_id: int, transaction_id: int, url: str | None = None) -> None:
    """« Pas une facture »: the line leaves the review queue and is not proposed again."""
    with transaction(url) as session:
        line = session.get(t.BankTransaction, transaction_id)
        if line is None or line.company_id != company_id:
            raise ValidationError("Cette ligne bancaire n'existe pas.")
        _forget_proposals(session, transaction_id)
        if _ignored(session, transaction_id) is None:
            session.add(
                t.MatchSuggestion(
                    company_id=company_id,
                    transaction_id=transaction_id,
                    documents=[],
                    reasons=IGNORED,
                    status=SuggestionStatus.REJECTED,
                )
            )


def unignore_line(company_id: int, transaction_id: int, url: str | None = None) -> None:
    """Undo « Pas une facture »: the line waits again with its possible matches."""
    with transaction(url) as session:
        row = _ignored(session, transaction_id)
        if row is None or row.company_id != company_id:
            raise ValidationError("Cette ligne n'est pas écartée du rapprochement.")
        session.delete(row)
        session.flush()
        _forget_proposals(session, transaction_id)
        _propose_again(session, company_id, transaction_id)


def _ignored(session: Session, transaction_id: int) -> t.MatchSuggestion | None:
    return session.exec(
        select(t.MatchSuggestion).where(
            t.MatchSuggestion.transaction_id == transaction_id,
            t.MatchSuggestion.status == SuggestionStatus.REJECTED,
            t.MatchSuggestion.reasons == IGNORED,
        )
    ).first()


def _ignored_lines(session: Session, company_id: int) -> set[int]:
    return set(
        session.exec(
            select(t.MatchSuggestion.transaction_id).where(
                t.MatchSuggestion.company_id == company_id,
                t.MatchSuggestion.status == SuggestionStatus.REJECTED,
                t.MatchSuggestion.reasons == IGNORED,
            )
        ).all()
    )


def undo_match(company_id: int, transaction_id: int, url: str | None = None) -> None:
    """« Annuler le rapprochement »: the line's allocations go, with the payments they
    created; a payment noted before (« payée le ») stays. The documents' statuses follow, the
    match is remembered as rejected so it is not made again, and the line waits in the
    review queue with its other possible matches."""
    with transaction(url) as session:
        line = session.get(t.BankTransaction, transaction_id)
        if line is None or line.company_id != company_id:
            raise ValidationError("Cette ligne bancaire n'existe pas.")
        allocations = session.exec(
            select(t.Allocation).where(t.Allocation.transaction_id == transaction_id)
        ).all()
        if not allocations:
            raise ValidationError("Cette ligne n'est rapprochée d'aucune facture.")
        book = _Book(session, company_id)
        documents = []
        for allocation in allocations:
            documents.append(_settled(allocation))
            kind = DocumentKind.INVOICE if allocation.invoice_id else DocumentKind.BILL
            book.touch(kind, allocation.invoice_id or allocation.bill_id)
            payment_id = allocation.payment_id if allocation.created_payment else None
            session.delete(allocation)
            session.flush()
            if payment_id is not None:
                session.delete(session.get(t.Payment, payment_id))
        session.flush()
        book.refresh()
        wait_again(session, company_id, {transaction_id: documents})


def release_payment(session: Session, company_id: int, payment_id: int) -> dict[int, list]:
    """A payment about to be deleted: the allocations carrying it go first. Returns what
    their bank lines settled, for `wait_again` once the documents' statuses follow."""
    allocations = session.exec(
        select(t.Allocation).where(t.Allocation.payment_id == payment_id)
    ).all()
    released: dict[int, list] = {}
    for allocation in allocations:
        released.setdefault(allocation.transaction_id, []).append(_settled(allocation))
        session.delete(allocation)
    session.flush()
    return released


def wait_again(session: Session, company_id: int, released: Mapping[int, list]) -> None:
    """Lines whose match went: they lose their document's category (unless still matched
    to another), the match is remembered as refused so it is not made again, and they wait
    in the review queue with their other possible matches."""
    for line_id, documents in released.items():
        line = session.get(t.BankTransaction, line_id)
        if line.category_source == "document" and not _allocated(session, line_id):
            line.category_id, line.category_source = None, None
            session.add(line)
        _forget_proposals(session, line_id)
        session.add(
            t.MatchSuggestion(
                company_id=company_id,
                transaction_id=line_id,
                documents=documents,
                reasons=UNDONE,
                status=SuggestionStatus.REJECTED,
            )
        )
        session.flush()
        _propose_again(session, company_id, line_id)


def _settled(allocation: t.Allocation) -> dict:
    kind = DocumentKind.INVOICE if allocation.invoice_id else DocumentKind.BILL
    return {f"{kind}_id": allocation.invoice_id or allocation.bill_id,
            "amount_cents": allocation.amount_cents}  # fmt: skip


def _propose_again(session: Session, company_id: int, transaction_id: int) -> None:
    """One line's suggestions, none applied: the owner just said no to Tréso's choice."""
    lines = [line for line in _open_lines(session, company_id) if line.id == transaction_id]
    result = plan(lines, _open_documents(session, company_id), _refused(session, company_id))
    matches = [*result.applied, *result.suggested.get(transaction_id, [])]
    matches.sort(key=lambda m: -m.score)
    for rank, match in enumerate(matches[:TOP], start=1):
        session.add(_suggestion(company_id, transaction_id, rank, match))


def _owned_suggestion(session: Session, company_id: int, suggestion_id: int) -> t.MatchSuggestion:
    suggestion = session.get(t.MatchSuggestion, suggestion_id)
    if (
        suggestion is None
        or suggestion.company_id != company_id
        or suggestion.status != SuggestionStatus.PROPOSED
    ):
        raise ValidationError("Cette suggestion n'est plus proposée (déjà traitée ?).")
    return suggestion


def _stored_match(session: Session, company_id: int, suggestion: t.MatchSuggestion) -> Match:
    parts = []
    for stored in suggestion.documents:
        kind = DocumentKind.INVOICE if "invoice_id" in stored else DocumentKind.BILL
        row = _owned_document(session, company_id, kind, stored[f"{kind}_id"])
        settles = stored["amount_cents"]
        doc = _document(kind, row, "", settles, stored.get("payment_id"))
        parts.append(Part(doc, settles, stored.get("cash_cents", settles)))
    reasons = tuple(suggestion.reasons.split(" · ")) if suggestion.reasons else ()
    return Match(suggestion.transaction_id, tuple(parts), suggestion.score, reasons)


def _forget_proposals(session: Session, transaction_id: int) -> None:
    session.exec(
        delete(t.MatchSuggestion).where(
            t.MatchSuggestion.transaction_id == transaction_id,
            t.MatchSuggestion.status == SuggestionStatus.PROPOSED,
        )
    )


# ---- what the page reads --------------------------------------------------------------


def review_queue(company_id: int, url: str | None = None) -> ReviewQueue:
    """The lines waiting for the owner, newest first, each with its suggestions still
    possible (a line whose match was undone waits too, to be matched by hand); and the latest
    automatic matches, to undo one."""
    with read_only(url) as session:
        open_lines, by_line = _waiting(session, company_id)
        waiting = sorted(by_line, key=lambda i: (open_lines[i].booked_on, i), reverse=True)
        return ReviewQueue(
            [
                WaitingLine(
                    i,
                    open_lines[i].booked_on,
                    open_lines[i].label,
                    open_lines[i].amount_cents,
                    open_lines[i].open_cents,
                    by_line[i],
                )
                for i in waiting[:QUEUE_LINES]
            ],
            len(waiting),
            _matched(session, company_id),
        )


def _waiting(session: Session, company_id: int) -> tuple[dict, dict[int, list[SuggestionRow]]]:
    """The open lines, and those waiting for the owner with their suggestions still possible
    — what the page lists and the CLI counts."""
    found = _open_documents(session, company_id)
    documents = {(d.kind, d.id, d.payment_id): d for d in found}
    since = _earliest(found) if found else date.max  # no document: nothing to wait for
    open_lines = {line.id: line for line in _open_lines(session, company_id, since)}
    rows = session.exec(
        select(t.MatchSuggestion)
        .where(
            t.MatchSuggestion.company_id == company_id,
            t.MatchSuggestion.status == SuggestionStatus.PROPOSED,
        )
        .order_by(t.MatchSuggestion.transaction_id.desc(), t.MatchSuggestion.rank)
    ).all()
    undone = session.exec(
        select(t.MatchSuggestion.transaction_id).where(
            t.MatchSuggestion.company_id == company_id,
            t.MatchSuggestion.status == SuggestionStatus.REJECTED,
            t.MatchSuggestion.reasons == UNDONE,
        )
    ).all()
    by_line: dict[int, list[SuggestionRow]] = {i: [] for i in undone if i in open_lines}
    for row in rows:
        shown = _still_possible(row, documents, open_lines.get(row.transaction_id))
        if shown is not None:
            by_line.setdefault(row.transaction_id, []).append(shown)
    return open_lines, by_line


def _still_possible(row: t.MatchSuggestion, documents: dict, line: BankLine | None):
    """A suggestion as shown, or None once its line or a document has been used since."""
    if line is None:
        return None
    shown, cash = [], 0
    for stored in row.documents:
        kind = DocumentKind.INVOICE if "invoice_id" in stored else DocumentKind.BILL
        doc = documents.get((kind, stored[f"{kind}_id"], stored.get("payment_id")))
        if doc is None or doc.remaining_cents < stored["amount_cents"]:
            return None
        cash += stored.get("cash_cents", stored["amount_cents"])
        shown.append(
            DocumentChoice(
                kind,
                doc.id,
                doc.number,
                doc.party,
                doc.due_on,
                doc.remaining_cents,
                stored["amount_cents"],
            )
        )
    if cash > line.open_cents:
        return None
    return SuggestionRow(row.id, row.rank, row.score, row.reasons, shown)


def _matched(session: Session, company_id: int) -> list[MatchedLine]:
    rows = session.exec(
        select(t.Allocation, t.BankTransaction, t.Invoice.number, t.Bill.number)
        .join(t.BankTransaction, t.BankTransaction.id == t.Allocation.transaction_id)
        .join(t.Invoice, t.Invoice.id == t.Allocation.invoice_id, isouter=True)
        .join(t.Bill, t.Bill.id == t.Allocation.bill_id, isouter=True)
        .where(t.Allocation.company_id == company_id, t.Allocation.method == MatchMethod.AUTO)
        .order_by(t.Allocation.created_at.desc(), t.Allocation.id.desc())
        .limit(RECENT_AUTO * 3)
    ).all()
    lines: dict[int, MatchedLine] = {}
    for allocation, line, invoice_number, bill_number in rows:
        number = invoice_number or bill_number
        if line.id in lines:
            lines[line.id].documents.append(number)
        elif len(lines) < RECENT_AUTO:
            lines[line.id] = MatchedLine(
                line.id, line.booked_on, line.label, line.amount_cents, [number], allocation.reasons
            )
    return list(lines.values())


def search_documents(
    company_id: int, text: str, direction: str, url: str | None = None
) -> list[DocumentChoice]:
    """The document picker: open invoices (`direction` "in") or bills ("out"), and those
    paid by a noted payment no bank line carries yet, whose number or party holds every
    word typed, soonest due first."""
    kind = DocumentKind.INVOICE if direction == "in" else DocumentKind.BILL
    words = fold(text).split()
    with read_only(url) as session:
        found = {}
        for d in _open_documents(session, company_id):
            if d.kind == kind and all(w in fold(f"{d.number} {d.party}") for w in words):
                found.setdefault(d.id, d)  # the first: what is owed, else the noted payment
    ordered = sorted(found.values(), key=lambda d: (d.due_on, d.id))
    return [
        DocumentChoice(d.kind, d.id, d.number, d.party, d.due_on, d.remaining_cents)
        for d in ordered[:PICKER_ROWS]
    ]
