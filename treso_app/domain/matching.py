"""Rapprochement bancaire: which open invoices (money in) or bills (money out) a bank line
settles, with a score 0–1 and its reasons in French, then which matches are sure enough to
apply without asking.

Pure and linear: documents are indexed once by amount, by number and by party name; a line
only meets the documents these indexes give it, never every document.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property

from treso_app.domain.labels import counterparty_key, fold, name_similarity, name_words
from treso_app.domain.money import format_amount

AUTO_SCORE = 0.75  # at or above, and unambiguous: applied without asking
SUGGEST_SCORE = 0.4  # below, not worth the owner's time
AMBIGUITY_MARGIN = 0.1  # a runner-up this close: the owner chooses
TOP = 3
MAX_GROUP = 12  # documents tried together for one grouped transfer (2**12 subsets at most)
MAX_PARTIAL = 12  # a party's documents tried as partly paid by one line
NAME_SURE, NAME_CLOSE = 0.9, 0.75
PAYMENT_WINDOW_DAYS = 7  # a recorded payment is confirmed by a line this close to its date
NOTED_NEAR_POINTS = 0.15  # a line within 3 days of a payment already noted
# A line that names nobody (a cheque deposit) of exactly the amount of a payment the owner
# noted within 3 days: nothing could tell more, so it is sure when nothing else fits.
ANONYMOUS_NOTED_POINTS = 0.15
# Words that announce a document number (« FACT 42 », « FA 42 », « N° 42 »).
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # labels are folded to upper-case ASCII first
_NUMBER_WORDS = frozenset("F FA FAC FACT FACTURE FACTURES FCT INV N NO NUM REF".split())  # noqa: SIM905


class MatchMethod(StrEnum):
    AUTO = "auto"  # applied by Tréso, above AUTO_SCORE
    SUGGESTION = "suggestion"  # a suggestion the owner accepted
    MANUAL = "manual"  # chosen by the owner in the document picker


class SuggestionStatus(StrEnum):
    PROPOSED = "proposée"
    REJECTED = "rejetée"  # never proposed (nor applied) again


class DocumentKind(StrEnum):
    INVOICE = "invoice"  # a client's invoice: money in
    BILL = "bill"  # a supplier's bill: money out


@dataclass(frozen=True)
class BankLine:
    id: int
    booked_on: date
    amount_cents: int  # signed: inflow > 0
    label: str
    counterparty: str | None
    open_cents: int  # what is not allocated yet, positive


@dataclass(frozen=True)
class OpenDocument:
    """An invoice or bill with money still to settle — or a payment already recorded on it
    (a spreadsheet's « payée le ») that no bank line carries yet (`payment_id`)."""

    kind: DocumentKind
    id: int
    number: str
    party: str
    issued_on: date
    due_on: date
    remaining_cents: int
    payment_id: int | None = None
    paid_on: date | None = None

    @cached_property
    def key(self) -> tuple[str, int, int | None]:
        return (self.kind, self.id, self.payment_id)


@dataclass(frozen=True)
class Part:
    """What a line does to one document: `settles_cents` off what is owed, `cash_cents` of
    the line used (less than settles when a bank fee was deducted)."""

    document: OpenDocument
    settles_cents: int
    cash_cents: int


@dataclass(frozen=True)
class Match:
    line_id: int
    parts: tuple[Part, ...]
    score: float
    reasons: tuple[str, ...]
    ambiguous: bool = False  # another match for this line scores nearly as well
    # What a single-document match's reasons are worded from, once it is kept (_worded).
    facts: tuple = field(default=(), compare=False, repr=False)

    @property
    def reasons_text(self) -> str:
        return " · ".join(self.reasons)

    @property
    def keys(self) -> frozenset:
        return frozenset(p.document.key for p in self.parts)

    @property
    def signature(self) -> tuple[int, frozenset]:
        """The line and the documents (kind, id): what a rejection refers to."""
        return (self.line_id, frozenset((p.document.kind, p.document.id) for p in self.parts))


@dataclass(frozen=True)
class Plan:
    applied: list[Match]  # sure enough: apply them
    suggested: dict[int, list[Match]]  # line id → its best matches, best first


def fee_tolerance(remaining_cents: int) -> int:
    """A line this much under the document is taken as paid less the bank's fee: 5 € always,
    1 % of bigger amounts, never more than 15 €."""
    return min(15_00, max(5_00, remaining_cents // 100))


def reference_keys(text: str) -> set[str]:
    """The document numbers a label may spell, normalised: « FACT F2026-0042 », « F20260042 »,
    « FA2026-00042 » → "2026/42"; « FA 42 » → "#42" (the sequence alone, weaker); any
    number also as its letters and digits glued ("=POI2611123"). Linear in the label."""
    tokens = fold(text).split()
    keys: set[str] = set()
    for i, token in enumerate(tokens):
        split = _letters_digits(token)
        if split is None:
            continue
        letters, digits = split
        announced = bool(letters) or (i > 0 and tokens[i - 1] in _NUMBER_WORDS)
        following = _letters_digits(tokens[i + 1]) if i + 1 < len(tokens) else None
        is_year = len(digits) == 4 and digits.startswith("20")
        if announced and is_year and following and not following[0] and len(following[1]) <= 6:
            keys.add(f"{digits}/{int(following[1])}")
        elif announced and 5 <= len(digits) <= 10 and digits.startswith("20"):
            keys.add(f"{digits[:4]}/{int(digits[4:])}")
        elif (
            announced
            and not is_year
            and len(digits) <= 6
            and (letters in _NUMBER_WORDS or not letters)
        ):
            keys.add(f"#{int(digits)}")
    for j, token in enumerate(tokens):  # windows of up to three tokens around each number
        if token.isalpha():
            continue
        for start in range(max(0, j - 2), j + 1):
            for stop in range(j + 1, min(len(tokens), start + 3) + 1):
                glued = "".join(tokens[start:stop])
                if len(glued) >= 4:
                    keys.add(f"={glued}")
    return keys


def document_keys(number: str) -> tuple[set[str], set[str]]:
    """(strong keys, weak keys) of a document's own number: F2026-0042 → ({"2026/42",
    "=F20260042"}, {"#42"})."""
    strong = {k for k in reference_keys(number) if "/" in k}
    strong.add("=" + fold(number).replace(" ", ""))
    weak = {f"#{k.split('/')[1]}" for k in strong if "/" in k}
    return strong, weak


def _letters_digits(token: str) -> tuple[str, str] | None:
    """« F2026 » → ("F", "2026"), « 0042 » → ("", "0042"); None for anything else."""
    rest = token.lstrip(_LETTERS)
    return (token[: len(token) - len(rest)], rest) if rest.isdigit() else None


class _Memo:
    """What a plan computes once for all its rounds: numbers' keys, labels' keys, names'
    similarities."""

    def __init__(self) -> None:
        self.document_keys: dict[str, tuple[set[str], set[str]]] = {}
        self.line_keys: dict[int, tuple[str, set[str]]] = {}
        self.similar: dict[tuple[str, str], float] = {}

    def of_document(self, number: str) -> tuple[set[str], set[str]]:
        if number not in self.document_keys:
            self.document_keys[number] = document_keys(number)
        return self.document_keys[number]

    def of_line(self, line: BankLine) -> tuple[str, set[str]]:
        if line.id not in self.line_keys:
            refs = reference_keys(line.label)
            if line.counterparty:
                refs |= reference_keys(line.counterparty)
            self.line_keys[line.id] = (counterparty_key(line.label, line.counterparty), refs)
        return self.line_keys[line.id]


class _Index:
    """The open documents of one direction, by amount, by number and by party."""

    def __init__(self, documents: Iterable[OpenDocument], memo: _Memo) -> None:
        self.memo = memo
        self.by_amount: dict[int, list[OpenDocument]] = defaultdict(list)
        self.by_strong: dict[str, list[OpenDocument]] = defaultdict(list)
        self.by_weak: dict[str, list[OpenDocument]] = defaultdict(list)
        self.by_party: dict[str, list[OpenDocument]] = defaultdict(list)
        self.party_words: dict[str, set[str]] = defaultdict(set)
        for doc in documents:
            if doc.remaining_cents <= 0:
                continue
            self.by_amount[doc.remaining_cents].append(doc)
            strong, weak = memo.of_document(doc.number)
            for key in strong:
                self.by_strong[key].append(doc)
            for key in weak:
                self.by_weak[key].append(doc)
            self.by_party[doc.party].append(doc)
            for word in name_words(doc.party):
                if len(word) >= 3:
                    self.party_words[word].add(doc.party)
        # A word most parties share (« SARL » aside: « BATIMENT », « CLIENT ») finds nobody.
        common = max(10, len(self.by_party) // 20)
        self.party_words = {w: p for w, p in self.party_words.items() if len(p) <= common}
        self.amounts = sorted(self.by_amount)

    def similarity(self, who: str, party: str) -> float:
        key, similar = (who, party), self.memo.similar
        if key not in similar:
            similar[key] = name_similarity(who, party) if who else 0.0
        return similar[key]

    def parties_like(self, who: str) -> list[tuple[str, float]]:
        found = {p for w in who.split() if len(w) >= 3 for p in self.party_words.get(w, ())}
        scored = [(p, self.similarity(who, p)) for p in found]
        return [(p, s) for p, s in scored if s >= NAME_CLOSE]

    def near_amount(self, cents: int) -> list[OpenDocument]:
        """Documents owed exactly `cents`, or a bank fee more."""
        start = bisect.bisect_left(self.amounts, cents)
        stop = bisect.bisect_right(self.amounts, cents + fee_tolerance(cents * 100 // 99 + 1))
        return [d for amount in self.amounts[start:stop] for d in self.by_amount[amount]]


def candidates(
    lines: Iterable[BankLine],
    documents: Iterable[OpenDocument],
    memo: _Memo | None = None,
    refused: frozenset = frozenset(),
) -> dict[int, list[Match]]:
    """Every line's plausible matches, best first (score ≥ SUGGEST_SCORE), the best one
    flagged ambiguous when a runner-up comes within AMBIGUITY_MARGIN."""
    docs, memo = list(documents), memo or _Memo()
    indexes = {kind: _Index((d for d in docs if d.kind == kind), memo) for kind in DocumentKind}
    found: dict[int, list[Match]] = {}
    for line in lines:
        if line.open_cents <= 0 or line.amount_cents == 0:
            continue
        index = indexes[DocumentKind.INVOICE if line.amount_cents > 0 else DocumentKind.BILL]
        matches = _line_matches(line, index, refused)
        if matches:
            found[line.id] = matches
    return found


def _line_matches(line: BankLine, index: _Index, refused: frozenset) -> list[Match]:
    who, refs = index.memo.of_line(line)
    strong = {d.key: d for k in refs for d in index.by_strong.get(k, ())}
    weak = {d.key: d for k in refs for d in index.by_weak.get(k, ()) if d.key not in strong}
    pool: dict = {d.key: d for d in index.near_amount(line.open_cents)}
    pool.update(strong)
    pool.update(weak)
    matches = _scored(line, index, who, pool.values(), strong, weak)
    if max((m.score for m in matches), default=0.0) < AUTO_SCORE:
        # Not settled by its amount or its reference: part of a document of the party it
        # names, or several of them together.
        parties = index.parties_like(who)
        party_docs = {}
        for party, similarity in parties:
            if similarity >= NAME_SURE:
                near = sorted(
                    index.by_party[party], key=lambda d: abs((line.booked_on - d.due_on).days)
                )
                party_docs.update((d.key, d) for d in near[:MAX_PARTIAL] if d.key not in pool)
        matches += _scored(line, index, who, party_docs.values(), strong, weak)
        matches += _groups(line, index, who, parties, strong, weak)
    matches = [m for m in matches if m.score >= SUGGEST_SCORE and m.signature not in refused]
    matches.sort(key=lambda m: (-m.score, _due(m)))
    if len(matches) > 1 and matches[1].score >= matches[0].score - AMBIGUITY_MARGIN:
        matches[0] = replace(matches[0], ambiguous=True)
    shown = matches[:TOP]
    # Between close matches the due dates tell them apart: the one due first comes first
    # (the sort above), and the reasons say when each is due.
    dated = bool(shown) and shown[0].ambiguous and len({_due(m) for m in shown}) > 1
    return [_worded(line, m, dated) if m.facts else m for m in shown]


def _due(match: Match) -> date:
    return min(p.document.due_on for p in match.parts)


def _scored(line, index: _Index, who: str, docs, strong: dict, weak: dict) -> list[Match]:
    found = []
    for doc in docs:
        ref = "strong" if doc.key in strong else "weak" if doc.key in weak else ""
        match = _single(line, doc, ref, index.similarity(who, doc.party))
        if match is not None:
            found.append(match)
    return found


def _single(line: BankLine, doc: OpenDocument, ref: str, similarity: float) -> Match | None:
    cash, owed, noted = line.open_cents, doc.remaining_cents, doc.payment_id is not None
    if cash == owed:
        how, points, settles = "exact", 0.45, owed
    elif 0 < owed - cash <= fee_tolerance(owed):
        how, points, settles = "fee", 0.35, owed
    elif cash < owed and (ref == "strong" or ((ref or similarity >= NAME_SURE) and not noted)):
        # Part of it: an instalment — of a payment already noted only when the line names
        # the document (a sheet's one « payée le » for a deposit and a balance).
        how, points, settles = "partial", 0.2 if ref == "strong" else 0.1, cash
    elif cash > owed and ref == "strong" and not noted:
        how, points, settles, cash = "over", 0.0, owed, owed
    else:
        return None
    timing = _timing(line, doc, how == "partial")
    if timing is None:
        return None
    points += {"strong": 0.4, "weak": 0.25}.get(ref, 0.0) + timing
    anonymous = not ref and similarity < NAME_CLOSE
    if how == "exact" and noted and anonymous and _days(line, doc.paid_on) <= 3:
        points += ANONYMOUS_NOTED_POINTS
    points += 0.25 if similarity >= NAME_SURE else 0.12 if similarity >= NAME_CLOSE else 0.0
    if points < SUGGEST_SCORE:
        return None
    facts = (how, ref, similarity >= NAME_CLOSE)
    return Match(line.id, (Part(doc, settles, cash),), _clamp(points), (), facts=facts)


def _worded(line: BankLine, match: Match, dated: bool = False) -> Match:
    """The reasons of a kept single-document match, in French (worded only for the few
    shown: formatting amounts for every candidate would cost more than scoring them);
    `dated`: its due date too, when it tells close matches apart."""
    how, ref, named = match.facts
    [part] = match.parts
    doc, owed = part.document, part.document.remaining_cents
    reasons = [
        {
            "exact": "montant exact",
            "fee": f"frais de {format_amount(owed - part.cash_cents)} déduits",
            "partial": f"paiement partiel ({format_amount(part.cash_cents)} sur "
            f"{format_amount(owed)})",
            "over": f"le montant dépasse le reste dû ({format_amount(owed)})",
        }[how]
    ]
    if ref:
        reasons.append(f"référence {doc.number} dans le libellé")
    if named:
        reasons.append(f"nom proche de « {doc.party} »")
    if doc.payment_id is not None:
        reasons.append(f"paiement du {doc.paid_on:%d/%m/%Y} déjà noté")
    if line.booked_on < doc.issued_on:
        reasons.append("daté avant la facture")
    if dated and doc.payment_id is None:
        overdue = doc.due_on < line.booked_on
        reasons.append(f"{'échue le' if overdue else 'échéance le'} {doc.due_on:%d/%m}")
    return replace(match, reasons=tuple(reasons), facts=())


def _timing(line: BankLine, doc: OpenDocument, partial: bool = False) -> float | None:
    """Points for plausible dates; None when the line cannot be this document's payment."""
    if doc.payment_id is not None:  # a payment already noted: the line is its bank side
        gap = (line.booked_on - doc.paid_on).days
        if partial:  # an instalment: from the document's date to the payment's
            early = (doc.issued_on - line.booked_on).days > 3
            return None if early or gap > PAYMENT_WINDOW_DAYS else 0.05
        gap = abs(gap)
        return None if gap > PAYMENT_WINDOW_DAYS else NOTED_NEAR_POINTS if gap <= 3 else 0.05
    if (doc.issued_on - line.booked_on).days > 3:
        return -0.4  # paid before it was issued: a deposit at most, never sure
    late = (line.booked_on - doc.due_on).days
    if -45 <= late <= 60:
        return 0.05
    return -0.1 if late > 180 else 0.0


def _groups(line: BankLine, index: _Index, who: str, parties, strong, weak) -> list[Match]:
    """One transfer for several documents of one party: their remainders add up exactly — or
    the payments a spreadsheet noted for them around the line's date (« payée le » the same
    day for each invoice the client paid at once)."""
    by_party: dict[str, dict] = defaultdict(dict)
    for doc in strong.values():
        by_party[doc.party][doc.key] = doc
    for party, similarity in parties:
        if similarity >= NAME_SURE:
            by_party[party].update((d.key, d) for d in index.by_party[party])
    matches = []
    for party, docs in by_party.items():
        fitting = [
            d
            for d in docs.values()
            if d.remaining_cents < line.open_cents
            and (d.issued_on - line.booked_on).days <= 3
            and (d.payment_id is None or _days(line, d.paid_on) <= PAYMENT_WINDOW_DAYS)
        ]
        if len(fitting) < 2:
            continue
        fitting.sort(key=lambda d: (d.key not in strong, _days(line, d.paid_on or d.due_on)))
        subset = _exact_subset([d.remaining_cents for d in fitting[:MAX_GROUP]], line.open_cents)
        if subset is None:
            continue
        chosen = [fitting[i] for i in subset]
        referenced = sum(d.key in strong for d in chosen)
        named = [d for d in chosen if d.key in strong or d.key in weak]
        similarity = index.similarity(who, party)
        points = 0.4 + (
            0.25 if similarity >= NAME_SURE else 0.12 if similarity >= NAME_CLOSE else 0
        )
        points += (0.4 * referenced + 0.25 * (len(named) - referenced)) / len(chosen)
        noted = all(d.payment_id is not None and _days(line, d.paid_on) <= 3 for d in chosen)
        points += 0.15 if noted else 0.05
        reasons = [f"virement groupé de {len(chosen)} documents", "montant exact"]
        if named:
            numbers = ", ".join(d.number for d in named)
            reasons.append(f"référence {numbers} dans le libellé")
        if similarity >= NAME_CLOSE:
            reasons.append(f"nom proche de « {party} »")
        if noted:
            reasons.append("paiements déjà notés à cette date")
        parts = tuple(Part(d, d.remaining_cents, d.remaining_cents) for d in chosen)
        matches.append(Match(line.id, parts, _clamp(points), tuple(reasons)))
    return matches


def _days(line: BankLine, day: date) -> int:
    return abs((line.booked_on - day).days)


def _exact_subset(amounts: Sequence[int], target: int) -> list[int] | None:
    """Indexes of at least two amounts adding up to `target` (the fewest found first)."""
    reachable: dict[int, tuple[int, ...]] = {0: ()}
    for i, amount in enumerate(amounts):
        for total, picked in list(reachable.items()):
            new = total + amount
            if new <= target and new not in reachable:
                reachable[new] = (*picked, i)
    picked = reachable.get(target)
    return list(picked) if picked and len(picked) >= 2 else None


def _clamp(points: float) -> float:
    return round(max(0.0, min(1.0, points)), 3)


def assign(found: dict[int, list[Match]], lines_open: dict[int, int], owed: dict) -> list[Match]:
    """The matches to apply, chosen together: each line's best when sure and unambiguous, best
    score first; a document two lines want equally goes to neither; nothing is used past what
    is left of it (`lines_open`, `owed` are updated)."""
    sure = [ms[0] for ms in found.values() if ms[0].score >= AUTO_SCORE and not ms[0].ambiguous]
    wanted: dict = defaultdict(list)
    for match in sure:
        for part in match.parts:
            wanted[part.document.key].append((match.score, part.settles_cents))
    contested = {
        key
        for key, wants in wanted.items()
        if len(wants) > 1
        and sum(cents for _, cents in wants) > owed.get(key, 0)
        and sorted(s for s, _ in wants)[-2] >= max(s for s, _ in wants) - AMBIGUITY_MARGIN
    }
    applied = []
    for match in sorted(sure, key=lambda m: (-m.score, m.line_id)):
        if match.keys & contested:
            continue
        cash = sum(p.cash_cents for p in match.parts)
        if cash > lines_open.get(match.line_id, 0):
            continue
        if any(p.settles_cents > owed.get(p.document.key, 0) for p in match.parts):
            continue
        lines_open[match.line_id] -= cash
        for part in match.parts:
            owed[part.document.key] -= part.settles_cents
        applied.append(match)
    return applied


def plan(
    lines: Sequence[BankLine],
    documents: Sequence[OpenDocument],
    refused: frozenset = frozenset(),
    passes: int = 2,
) -> Plan:
    """Sure matches applied in up to `passes` rounds (a second instalment is exact once the
    first is applied), then each remaining line's suggestions against what is left. A match
    whose `signature` is in `refused` (the owner rejected it) is never made again."""
    lines_open = {line.id: line.open_cents for line in lines}
    owed = {doc.key: doc.remaining_cents for doc in documents}
    memo, applied = _Memo(), []
    found = candidates(lines, documents, memo, refused)
    for round_ in range(passes + 1):
        new = assign(found, lines_open, owed) if round_ < passes else []
        applied += new
        # Only lines whose candidates changed are scored again; a fully used line is done.
        touched = {key for match in new for key in match.keys}
        used = {match.line_id for match in new}
        again = {
            line_id
            for line_id, matches in found.items()
            if line_id in used or any(m.keys & touched for m in matches)
        }
        previous = {line_id: found.pop(line_id) for line_id in again}
        if not again:
            break
        left = [
            replace(ln, open_cents=lines_open[ln.id])
            for ln in lines
            if ln.id in again and lines_open[ln.id] > 0
        ]
        # Their documents then: what they were offered and what just changed.
        wanted = touched | {key for line_id in again for m in previous[line_id] for key in m.keys}
        docs = [
            replace(d, remaining_cents=owed[d.key])
            for d in documents
            if d.key in wanted and owed[d.key] > 0
        ]
        found.update(candidates(left, docs, memo, refused))
    pairs = instalment_pairs(lines, documents, lines_open, owed, refused)
    for match in pairs:
        found.pop(match.line_id, None)
    return Plan(applied + pairs, found)


def instalment_pairs(
    lines: Sequence[BankLine],
    documents: Sequence[OpenDocument],
    lines_open: dict[int, int],
    owed: dict,
    refused: frozenset = frozenset(),
) -> list[Match]:
    """A payment a spreadsheet noted once — « payée le », the whole amount — that the bank
    shows as a deposit then a balance, neither naming the document (two cheques): two lines
    still whole that add up to it to the cent, the later on its noted day (± 3 days), the
    earlier not before the document. Sure only when exactly one such pair fits the payment
    and neither line fits another: a coincidence to the cent, twice, is not one. Linear:
    lines are indexed by amount, and a payment only meets the lines of its noted days."""
    whole = [
        ln for ln in lines if ln.amount_cents and lines_open.get(ln.id) == abs(ln.amount_cents)
    ]
    by_amount: dict[tuple[bool, int], list[BankLine]] = defaultdict(list)
    by_day: dict[tuple[bool, date], list[BankLine]] = defaultdict(list)
    for line in whole:
        by_amount[(line.amount_cents > 0, abs(line.amount_cents))].append(line)
        by_day[(line.amount_cents > 0, line.booked_on)].append(line)
    found: dict = {}
    for doc in documents:
        left = owed.get(doc.key, 0)
        if doc.payment_id is None or doc.paid_on is None or left <= 0:
            continue
        inflow = doc.kind == DocumentKind.INVOICE
        fitting = []
        for shift in range(-3, 4):
            for balance in by_day.get((inflow, doc.paid_on + timedelta(days=shift)), ()):
                rest = left - abs(balance.amount_cents)
                fitting += [
                    (deposit, balance)
                    for deposit in by_amount.get((inflow, rest), ()) if rest > 0
                    if deposit.id != balance.id
                    and deposit.booked_on <= balance.booked_on
                    and (doc.issued_on - deposit.booked_on).days <= 3
                ]  # fmt: skip
        if len(fitting) == 1:
            found[doc.key] = (doc, *fitting[0])
    claimed: dict[int, int] = defaultdict(int)
    for _, deposit, balance in found.values():
        claimed[deposit.id] += 1
        claimed[balance.id] += 1
    matches = []
    for doc, deposit, balance in found.values():
        if claimed[deposit.id] > 1 or claimed[balance.id] > 1:
            continue
        reason = (
            f"acompte du {deposit.booked_on:%d/%m/%Y} et solde du {balance.booked_on:%d/%m/%Y} : "
            f"{format_amount(left := owed[doc.key])} comme le paiement du "
            f"{doc.paid_on:%d/%m/%Y} déjà noté"
        )
        pair = [
            Match(ln.id, (Part(doc, cash, cash),), AUTO_SCORE, (reason,))
            for ln in (deposit, balance)
            if (cash := abs(ln.amount_cents))
        ]
        if (
            any(m.signature in refused for m in pair)
            or sum(p.parts[0].cash_cents for p in pair) != left
        ):
            continue
        for match in pair:
            lines_open[match.line_id] = 0
        owed[doc.key] = 0
        matches += pair
    return matches
