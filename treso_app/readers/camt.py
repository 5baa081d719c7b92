"""ISO 20022 CAMT.053 end-of-day statements (camt.053.001.02 to .001.08 and later).

Untrusted XML (see `_parse`): any DTD or entity is refused, and so is nesting deeper than
ReadLimit.XML_DEPTH, as the file is parsed. Amounts, dates and texts are held to
domain/bounds.py, a refusal naming the entry (« écriture 12 : … »). Only booked entries
(status BOOK) are bank lines; a batch entry whose details carry their own amounts becomes
one line per detail, so each client payment in a remittance can be matched with its invoice.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from itertools import count
from xml.etree import ElementTree
from xml.etree.ElementTree import Element, ParseError

from babel.numbers import format_decimal
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from treso_app.domain.bounds import TextLimit, check_amount, check_date, check_text
from treso_app.domain.errors import ValidationError
from treso_app.domain.limits import ReadLimit

from .model import AccountIdentity, Balance, ParsedFile, Statement, StatementError, StatementLine
from .numbers import amount_to_cents, clean_text, paris_day

FORMAT = "CAMT.053"
_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.(\d{3})\.001\.(\d{2})")
_OPENING = ("OPBD", "PRCD")
_CLOSING = ("CLBD",)


def looks_like(text_start: str) -> bool:
    return "urn:iso:std:iso:20022:tech:xsd:camt" in text_start or "<BkToCstmr" in text_start


def read(data: bytes) -> ParsedFile:
    try:
        root = _parse(data)
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        raise StatementError("XML mal formé, le fichier est incomplet ou abîmé.", line) from error
    except DefusedXmlException as error:
        raise StatementError(
            "XML refusé : il contient une DTD ou des entités, qu'un relevé n'a jamais."
        ) from error
    except LookupError as error:
        raise StatementError("encodage XML déclaré inconnu.") from error
    message = _check_message_kind(root)
    entries = count(1)  # numbered through the file, as a refusal names them
    statements = [_statement(element, entries) for element in message.findall("Stmt")]
    if not statements:
        raise StatementError("ce message CAMT.053 ne contient aucun relevé (<Stmt> absent).")
    return ParsedFile(format=FORMAT, statements=statements)


def _parse(data: bytes) -> Element:
    """The document's tree, its depth counted as it is built (a million nested elements
    are refused after the first 64, not once in memory). A document holding a DTD or in
    an encoding other than ASCII's supersets (UTF-16) goes to defusedxml's parser, which
    refuses any DTD; every other takes the C parser, five times faster."""
    head = data[:64]
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head
    if utf16 or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        parser = DefusedXMLParser(target=ElementTree.TreeBuilder(), forbid_dtd=True)
    else:
        parser = ElementTree.XMLParser(target=ElementTree.TreeBuilder())
    events: deque = deque()
    parser._setevents(events, ("start",))  # as XMLPullParser does, for the root only
    # Elements counted on the bytes, before any tree holds them (about 100 bytes each).
    if data.count(b"<") - data.count(b"</") > ReadLimit.XML_ELEMENTS:
        most = format_decimal(int(ReadLimit.XML_ELEMENTS), locale="fr_FR")
        raise StatementError(
            f"XML refusé : plus de {most} éléments, bien plus qu'un relevé n'en compte."
        )
    root = None
    for start in range(0, len(data), _CHUNK):
        parser.feed(data[start : start + _CHUNK])
        if root is None and events:
            root = events[0][1]
            parser._setevents(deque(), ())  # no event per element: they cost a third more
        if root is not None and _open_depth(root) > ReadLimit.XML_DEPTH:
            raise StatementError(
                f"XML refusé : plus de {int(ReadLimit.XML_DEPTH)} éléments imbriqués."
            )
    return parser.close()


def _open_depth(root: Element) -> int:
    """How deep the element being parsed is: the tree grows along its last children."""
    depth, node = 1, root
    while len(node) and depth <= ReadLimit.XML_DEPTH:
        node, depth = node[-1], depth + 1
    return depth


_CHUNK = 64 * 1024


def _strip_namespaces(root: Element) -> None:
    for element in root.iter():
        element.tag = element.tag.rpartition("}")[2]


def _check_message_kind(root: Element) -> Element:
    match = _NAMESPACE.match(root.tag.strip("{").split("}")[0])
    if not match:
        raise StatementError("ce fichier XML n'est pas un relevé bancaire ISO 20022 (camt.053).")
    kind = match[1]
    if kind in ("052", "054"):
        raise StatementError(
            f"ce fichier est un camt.{kind} (avis ou relevé intrajournalier), pas un relevé "
            "de fin de journée camt.053 : demandez à votre banque l'export camt.053."
        )
    _strip_namespaces(root)
    message = root.find("BkToCstmrStmt")
    if kind != "053" or message is None:
        raise StatementError(
            f"message ISO 20022 camt.{kind} non pris en charge (camt.053 attendu)."
        )
    return message


def _statement(element: Element, entries: Iterator[int]) -> Statement:
    account = element.find("Acct")
    iban = _text(account, "Id", "IBAN")
    other = _text(account, "Id", "Othr", "Id")
    identity = AccountIdentity(
        iban=iban.replace(" ", "") if iban else None,
        number=None if iban else other,
        bic=_text(account, "Svcr", "FinInstnId", "BIC")
        or _text(account, "Svcr", "FinInstnId", "BICFI"),
    )
    currencies = {_text(account, "Ccy")} - {None}
    balances = {}
    for balance in element.findall("Bal"):
        code = _text(balance, "Tp", "CdOrPrtry", "Cd")
        amount = balance.find("Amt")
        if code and amount is not None:
            currencies.add(amount.get("Ccy"))
            balances.setdefault(code, _balance(code, balance, amount))
    lines: list[StatementLine] = []
    for entry in element.findall("Ntry"):
        status = _text(entry, "Sts", "Cd") or _text(entry, "Sts")  # v08+: <Sts><Cd>
        number = next(entries)
        if status in (None, "BOOK"):
            try:
                lines.extend(_entry_lines(entry, currencies))
            except (StatementError, ValidationError) as error:
                raise StatementError(f"écriture {number} : {_lower(error.message)}") from error
    return Statement(
        account=identity,
        currency=_single_currency(currencies - {None}),
        lines=lines,
        opening=next((balances[code] for code in _OPENING if code in balances), None),
        closing=next((balances[code] for code in _CLOSING if code in balances), None),
    )


def _balance(code: str, balance: Element, amount: Element) -> Balance:
    try:
        day = _day(balance, "Dt")
        what = f"le solde {code}"
        return Balance(check_amount(_signed(balance, amount), what), day and check_date(day, what))
    except ValidationError as error:
        raise StatementError(_lower(error.message)) from error


def _entry_lines(entry: Element, currencies: set) -> list[StatementLine]:
    kids = _children(entry)
    amount = kids.get("Amt")
    if amount is None:
        raise StatementError("une écriture (Ntry) n'a pas de montant.")
    currencies.add(amount.get("Ccy"))
    total = check_amount(_signed(entry, amount), "le montant")
    value_on = _day_of(kids.get("ValDt"))
    value_on = value_on and check_date(value_on, "la date de valeur")
    booked_on = _day_of(kids.get("BookgDt")) or value_on
    if booked_on is None:
        raise StatementError("une écriture (Ntry) n'a pas de date de comptabilisation.")
    check_date(booked_on, "la date de comptabilisation")
    reference = _checked(_own_text(kids.get("AcctSvcrRef")) or _own_text(kids.get("NtryRef")))
    entry_info = clean_text(_checked(_own_text(kids.get("AddtlNtryInf"))))
    details = [d for group in entry.findall("NtryDtls") for d in group.findall("TxDtls")]
    parts = [_detail(detail, total) for detail in details]
    sign = -1 if total < 0 else 1
    split = len(parts) > 1 and all(cents is not None for cents, _, _ in parts)
    if split and sum(sign * cents for cents, _, _ in parts) == total:
        return [
            StatementLine(
                booked_on=booked_on,
                amount_cents=sign * cents,
                label=label or entry_info or "(sans libellé)",
                value_on=value_on,
                counterparty=party,
                external_id=f"{reference}/{index}" if reference else None,
            )
            for index, (cents, label, party) in enumerate(parts, start=1)
        ]
    labels = [label for _, label, _ in parts if label]
    label = " / ".join(dict.fromkeys([entry_info, *labels] if entry_info else labels))
    if len(label) > TextLimit.LABEL:  # a batch's details joined: each was within bounds
        label = label[: TextLimit.LABEL - 1] + "…"
    parties = [party for _, _, party in parts if party]
    return [
        StatementLine(
            booked_on=booked_on,
            amount_cents=total,
            label=label or "(sans libellé)",
            value_on=value_on,
            counterparty=parties[0] if len(set(parties)) == 1 else None,
            external_id=reference,
        )
    ]


def _detail(detail: Element, entry_total: int) -> tuple[int | None, str, str | None]:
    """(amount in cents or None, label, counterparty) of one TxDtls."""
    kids = _children(detail)
    amount = _get(kids.get("AmtDtls"), "TxAmt", "Amt")
    if amount is None:
        amount = kids.get("Amt")
    try:
        cents = amount_to_cents(amount.text or "") if amount is not None else None
    except ValueError as error:
        raise StatementError(f"montant illisible : {error}.") from error
    if cents is not None:
        check_amount(cents, "le montant d'un détail")
    role = _get(kids.get("RltdPties"), "Dbtr" if entry_total >= 0 else "Cdtr")
    party = _text(role, "Nm") or _text(role, "Pty", "Nm")
    information = kids.get("RmtInf")
    pieces = [party]
    if information is not None:
        pieces += [node.text for node in information.findall("Ustrd")]
        pieces.append(_text(information, "Strd", "CdtrRefInf", "Ref"))
    pieces.append(_own_text(kids.get("AddtlTxInf")))
    label = " ".join(clean_text(_checked(piece)) for piece in pieces if piece)
    return cents, label, clean_text(party) or None


def _lower(message: str) -> str:
    """A bound's sentence continued after « écriture 12 : »."""
    return message[:1].lower() + message[1:]


def _checked(text: str | None) -> str | None:
    """A text of the file within the length of a label (a bank's is at most 140)."""
    return text and check_text(text, TextLimit.LABEL, "le libellé")


def _signed(owner: Element, amount: Element) -> int:
    try:
        cents = amount_to_cents(amount.text or "")
    except ValueError as error:
        raise StatementError(f"montant illisible : {error}.") from error
    indicator = _text(owner, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise StatementError("sens de l'écriture (CdtDbtInd) absent ou inconnu.")
    return cents if indicator == "CRDT" else -cents


def _day(owner: Element, tag: str) -> date | None:
    return _day_of(owner.find(tag))


def _day_of(node: Element | None) -> date | None:
    """`<Dt>`, `<DtTm>` or `<Dt><DtTm>` (seen in the wild); date-times taken in Paris."""
    if node is None:
        return None
    text = _text(node, "Dt") or _text(node, "DtTm") or _text(node, "Dt", "DtTm")
    text = text or (node.text or "").strip()
    if not text:
        return None
    return _parse_day(text)


@lru_cache(maxsize=4096)
def _parse_day(text: str) -> date:
    """Cached: a statement repeats the same few dates thousands of times."""
    try:
        if "T" in text:
            moment = datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", text))
            return paris_day(moment) if moment.tzinfo else moment.date()
        return date.fromisoformat(text[:10])
    except ValueError as error:
        raise StatementError(f"date illisible « {text} ».") from error


def _children(element: Element) -> dict[str, Element]:
    """Direct children by tag (the first of each): one pass instead of a find per field."""
    kids: dict[str, Element] = {}
    for child in element:
        kids.setdefault(child.tag, child)
    return kids


def _own_text(node: Element | None) -> str | None:
    if node is None or node.text is None:
        return None
    return node.text.strip() or None


def _get(owner: Element | None, *tags: str) -> Element | None:
    """Child by child: single-tag `find` runs in C, multi-step paths in Python."""
    for tag in tags:
        if owner is None:
            return None
        owner = owner.find(tag)
    return owner


def _text(owner: Element | None, *tags: str) -> str | None:
    node = _get(owner, *tags)
    if node is None or node.text is None:
        return None
    return node.text.strip() or None


def _single_currency(currencies: set[str]) -> str | None:
    if len(currencies) > 1:
        listed = ", ".join(sorted(currencies))
        raise StatementError(f"ce relevé mélange plusieurs devises ({listed}).")
    return next(iter(currencies), None)
