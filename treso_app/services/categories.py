"""A company's categories and rules, and the bookkeeping step that classifies its new bank
lines (domain/categorise.py decides; this module reads, writes, one transaction each).

Lines the owner classified by hand (manuel) or that take an invoice's or a bill's category
(document) are never touched by a rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.bounds import TextLimit, check_amount, check_text
from treso_app.domain.categories import DEFAULT_CATEGORIES, CategoryKind, Default
from treso_app.domain.categorise import (
    Classifier,
    Direction,
    Line,
    Match,
    Placed,
    Rule,
    Source,
    check_pattern,
    learned_categories,
    own_account_pairs,
    own_account_phrases,
    rule_from_line,
)
from treso_app.domain.errors import AmountParseError, ValidationError
from treso_app.domain.labels import counterparty_key
from treso_app.domain.money import parse_amount

KEPT = (Default.INTERNAL_TRANSFERS, Default.OTHER)  # never deleted: transfers, the fallback
CONFIRMED = (Source.MANUAL, Source.DOCUMENT, Source.DEMO)  # what a suggestion learns from
OWNED = (Source.MANUAL, Source.DOCUMENT)  # what a rule never overrides
tx = t.BankTransaction
_CHUNK = 5000  # ids per UPDATE (SQLite admits 32,766 parameters)
MIN_PRIORITY, MAX_PRIORITY = 1, 999  # the smallest is tried first
_DEFAULT_NAMES = frozenset(d.value for d in Default)


@dataclass(frozen=True)
class CategoriseReport:
    classified: int  # lines given a category by a rule
    suggested: int  # lines left without one that got a suggestion


@dataclass(frozen=True)
class CategoryRow:
    id: int
    name: str
    kind: str
    lines: int
    deletable: bool


@dataclass(frozen=True)
class RuleRow:
    id: int
    category: str
    match: str
    pattern: str
    direction: str | None
    min_cents: int | None
    max_cents: int | None


@dataclass(frozen=True)
class LineCategory:
    """A line's category as it was before the owner changed it, for « Annuler »."""

    transaction_id: int
    category_id: int | None
    source: str | None
    suggested_category_id: int | None


@dataclass(frozen=True)
class RuleMade:
    rule_id: int
    pattern: str
    applied: int  # past lines it classified (0 unless asked)


def ensure_default_categories(session: Session, company_id: int) -> dict[str, int]:
    """The company's categories, name → id. A company without any gets the default tree;
    every company keeps Virements internes and Divers (the rules and deletions need them)."""
    names = _names(session, company_id)
    wanted = DEFAULT_CATEGORIES if not names else [d for d in DEFAULT_CATEGORIES if d[0] in KEPT]
    missing = [
        t.Category(company_id=company_id, name=n, kind=k) for n, k in wanted if n not in names
    ]
    if missing:
        session.add_all(missing)
        session.flush()
        names |= {c.name: c.id for c in missing}
    return names


def import_classifier(session: Session, company_id: int) -> Callable[..., int | None]:
    """For an import, in its transaction: (label, amount_cents, counterparty) → the category
    the rules give before any pairing, or None; the bookkeeping step does the rest. Writing
    the category with the line costs far less than updating it afterwards."""
    classifier = _classifier(session, company_id, ensure_default_categories(session, company_id))
    known: dict[tuple, int | None] = {}  # statements repeat their labels (REMISE CB, PRLV…)
    exact = classifier.bounded  # else only the amount's sign matters

    def category(label: str, cents: int, counterparty: str | None) -> int | None:
        key = (label, counterparty, cents if exact else cents > 0)
        if key not in known:
            known[key] = classifier.before_pairs(Line(label, cents, counterparty))
        return known[key]

    return category


def categorise(company_id: int, url: str | None = None) -> CategoriseReport:
    """The bookkeeping step: every line without a category gets one from the rules (source
    « règle »), or else the usual category of its counterparty as a suggestion."""
    with transaction(url) as session:
        names = ensure_default_categories(session, company_id)
        moved = _mirrored_guesses(session, company_id, names)
        table = tx.__table__.c
        rows = session.connection().execute(
            select(
                table.id, table.account_id, table.booked_on, table.amount_cents, table.label,
                table.counterparty, table.suggested_category_id,
            ).where(table.company_id == company_id, table.category_id.is_(None))
        ).all()  # fmt: skip
        if not rows:
            _write(session, {names[Default.INTERNAL_TRANSFERS]: moved} if moved else {}, [])
            return CategoriseReport(len(moved), 0)
        classifier = _classifier(session, company_id, names)
        paired = _own_account_pairs(session, company_id, rows, names[Default.INTERNAL_TRANSFERS])
        classified: dict[int, list[int]] = defaultdict(list)  # category → line ids
        classified[names[Default.INTERNAL_TRANSFERS]] += moved
        left = []
        for row in rows:
            line = Line(row.label, row.amount_cents, row.counterparty)
            category = classifier.classify(line, paired=row.id in paired)
            if category is not None:
                classified[category].append(row.id)
            else:
                left.append(row)
        suggestions = _suggestions(session, company_id, left)
        _write(session, classified, suggestions)
        return CategoriseReport(
            sum(map(len, classified.values())), sum(1 for s in suggestions if s["suggested"])
        )


def _mirrored_guesses(session: Session, company_id: int, names: dict[str, int]) -> list[int]:
    """Lines a fallback classified (« VIR … » → Ventes) while the company's other account
    was not imported yet, that its mirror line there now shows to be an internal transfer:
    the same day, the opposite amount, on another own account, an internal transfer or not
    classified yet. Each mirror line is counted once."""
    guesses = [names[d] for d in (Default.SALES, Default.PURCHASES) if d in names]
    internal = names[Default.INTERNAL_TRANSFERS]
    if not guesses or _accounts(session, company_id) < 2:
        return []
    # The mirrors first (internal or not classified: few, but for a first import), then only
    # the fallback-classified lines of their days.
    mirrors = session.exec(
        select(tx.id, tx.account_id, tx.booked_on, tx.amount_cents).where(
            tx.company_id == company_id,
            (tx.category_id == internal) | tx.category_id.is_(None),
        )
    ).all()
    if not mirrors:
        return []
    waiting: dict[tuple, list] = defaultdict(list)
    for mirror in mirrors:
        waiting[(mirror.booked_on, -mirror.amount_cents)].append(mirror)
    guessed = session.exec(
        select(tx.id, tx.account_id, tx.booked_on, tx.label, tx.amount_cents, tx.counterparty)
        .where(
            tx.company_id == company_id,
            tx.category_source == Source.RULE.value,
            tx.category_id.in_(guesses),
            tx.booked_on >= min(m.booked_on for m in mirrors),
            tx.booked_on <= max(m.booked_on for m in mirrors),
        )
        .order_by(tx.id)
    ).all()
    rows = [
        (line.id, line.label, line.amount_cents, line.counterparty, mirror.id)
        for line in guessed
        for mirror in waiting.get((line.booked_on, line.amount_cents), ())
        if mirror.account_id != line.account_id
    ]
    if not rows:
        return []
    classifier = _classifier(session, company_id, names)
    moved, used = [], set()
    for line_id, label, cents, counterparty, mirror_id in rows:
        if line_id in moved or mirror_id in used:
            continue
        line = Line(label, cents, counterparty)
        if classifier.classify(line, paired=True) == internal:
            moved.append(line_id)
            used.add(mirror_id)
    return moved


def _names(session: Session, company_id: int) -> dict[str, int]:
    rows = session.exec(
        select(t.Category.name, t.Category.id).where(t.Category.company_id == company_id)
    ).all()
    return dict(rows)


def _classifier(session: Session, company_id: int, names: dict[str, int]) -> Classifier:
    rules = session.exec(
        select(t.CategoryRule)
        .where(t.CategoryRule.company_id == company_id)
        .order_by(t.CategoryRule.priority, t.CategoryRule.id)
    ).all()
    accounts = session.exec(
        select(t.BankAccount.iban, t.BankAccount.name).where(t.BankAccount.company_id == company_id)
    ).all()
    builtin = {Default(name): id_ for name, id_ in names.items() if name in _DEFAULT_NAMES}
    return Classifier(
        [_rule(rule) for rule in rules],
        builtin,
        own_account_phrases([a.iban for a in accounts], [a.name for a in accounts]),
    )


def _rule(rule: t.CategoryRule) -> Rule:
    return Rule(
        rule.category_id,
        Match(rule.match),
        rule.pattern,
        Direction(rule.direction) if rule.direction else None,
        rule.min_cents,
        rule.max_cents,
    )


def _own_account_pairs(session: Session, company_id: int, rows, internal: int) -> set[int]:
    """Lines without a category that mirror another account's line of the same day (one
    still without a category, or already an internal transfer)."""
    if len({row.account_id for row in rows}) < 2 and _accounts(session, company_id) < 2:
        return set()
    days = {row.booked_on for row in rows}
    others = session.exec(
        select(tx.id, tx.account_id, tx.booked_on, tx.amount_cents).where(
            tx.company_id == company_id,
            tx.category_id == internal,
            tx.booked_on >= min(days),
            tx.booked_on <= max(days),
        )
    ).all()
    lines = [Placed(r.id, r.account_id, r.booked_on, r.amount_cents) for r in [*others, *rows]]
    return own_account_pairs(lines)


def _accounts(session: Session, company_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(t.BankAccount)
        .where(t.BankAccount.company_id == company_id)
    ).one()


def _suggestions(session: Session, company_id: int, left) -> list[dict]:
    """For lines no rule classifies: their counterparty's usual category among the lines
    already confirmed (only those of the same counterparties are read)."""
    confirmed = select(tx.id).where(tx.company_id == company_id, tx.category_source.in_(CONFIRMED))
    if not left or session.exec(confirmed.limit(1)).first() is None:
        return []  # nothing to learn from (a first import)
    keys = {row.id: counterparty_key(row.label, row.counterparty) for row in left}
    wanted = {key for key in keys.values() if key}
    usual = learned_categories(_confirmed(session, company_id, wanted)) if wanted else {}
    return [
        {"b_id": row.id, "suggested": usual.get(keys[row.id])}
        for row in left
        if usual.get(keys[row.id]) != row.suggested_category_id
    ]


def _confirmed(session: Session, company_id: int, wanted: set[str]) -> Iterable[tuple[str, int]]:
    first_words = {key.split()[0] for key in wanted}
    rows = session.exec(
        select(tx.label, tx.counterparty, tx.category_id).where(
            tx.company_id == company_id, tx.category_source.in_(CONFIRMED)
        )
    ).all()
    for label, counterparty, category in rows:
        text = f"{label} {counterparty or ''}".upper()
        if any(word in text for word in first_words):  # cheap filter before the key
            key = counterparty_key(label, counterparty)
            if key in wanted:
                yield key, category


def _write(session: Session, classified: dict[int, list[int]], suggestions: list[dict]) -> None:
    """One UPDATE … WHERE id IN (…) per category and chunk: far faster than one per line."""
    table = tx.__table__
    for category, ids in classified.items():
        for start in range(0, len(ids), _CHUNK):
            session.connection().execute(
                update(table)
                .where(table.c.id.in_(ids[start : start + _CHUNK]))
                .values(
                    category_id=category,
                    category_source=Source.RULE.value,
                    suggested_category_id=None,
                )
            )
    if suggestions:
        session.connection().execute(
            update(tx.__table__)
            .where(tx.__table__.c.id == bindparam("b_id"))
            .values(suggested_category_id=bindparam("suggested")),
            suggestions,
        )


# The owner's use-cases, one transaction each.


def set_line_category(
    company_id: int, transaction_id: int, category_id: int, url: str | None = None
) -> LineCategory:
    """The owner chooses a line's category (or confirms its suggestion); what it was before
    comes back, for « Annuler »."""
    with transaction(url) as session:
        line = _line(session, company_id, transaction_id)
        _category(session, company_id, category_id)
        before = LineCategory(
            line.id, line.category_id, line.category_source, line.suggested_category_id
        )
        line.category_id, line.category_source = category_id, Source.MANUAL.value
        line.suggested_category_id = None
        return before


def undo_line_category(company_id: int, before: LineCategory, url: str | None = None) -> None:
    """« Annuler »: the line's category, its source (a rule's, a document's…, not « manuel »)
    and its suggestion as they were."""
    if before.source is not None and before.source not in set(Source):
        raise ValidationError("Origine de catégorie inconnue.")
    with transaction(url) as session:
        line = _line(session, company_id, before.transaction_id)
        for category_id in (before.category_id, before.suggested_category_id):
            if category_id is not None:
                _category(session, company_id, category_id)
        line.category_id, line.category_source = before.category_id, before.source
        line.suggested_category_id = before.suggested_category_id


def create_rule_from_line(
    company_id: int,
    transaction_id: int,
    category_id: int,
    apply_to_past: bool = False,
    url: str | None = None,
) -> RuleMade:
    """« Toujours classer LEROY MERLIN en Achats et matières »: the line takes the category,
    and a rule on its counterparty (or its label's main words) classifies the next ones —
    the past ones too when asked. A rule already on that name changes category instead."""
    with transaction(url) as session:
        line = _line(session, company_id, transaction_id)
        _category(session, company_id, category_id)
        made = rule_from_line(line.label, line.counterparty)
        if made is None:
            raise ValidationError("Ce libellé ne nomme personne : créez la règle à la main.")
        match, pattern = made
        rule = session.exec(
            select(t.CategoryRule).where(
                t.CategoryRule.company_id == company_id,
                t.CategoryRule.match == match.value,
                t.CategoryRule.pattern == pattern,
            )
        ).first() or t.CategoryRule(company_id=company_id, match=match.value, pattern=pattern)
        rule.category_id = category_id
        session.add(rule)
        session.flush()
        line.category_id, line.category_source = category_id, Source.MANUAL.value
        line.suggested_category_id = None
        applied = _apply(session, company_id, rule) if apply_to_past else 0
        return RuleMade(rule.id, pattern, applied)


def add_rule(
    company_id: int,
    category_id: int,
    match: str,
    pattern: str,
    direction: str | None = None,
    min_cents: int | None = None,
    max_cents: int | None = None,
    priority: int = 100,
    apply_to_past: bool = False,
    url: str | None = None,
) -> RuleMade:
    """A rule written by hand; a regex is vetted before it is stored. Applied to the lines
    already there, in the same transaction, when asked."""
    try:
        kind = Match(match)
        way = Direction(direction) if direction else None
    except ValueError as error:
        raise ValidationError("Type de règle inconnu.", "match") from error
    pattern = check_pattern(kind, pattern)
    for bound, name, what in (
        (min_cents, "min_cents", "le montant minimum"),
        (max_cents, "max_cents", "le montant maximum"),
    ):
        if bound is not None:
            check_amount(bound, what, name, negative=False)
    if min_cents is not None and max_cents is not None and min_cents > max_cents:
        raise ValidationError("Le montant minimum dépasse le maximum.", "min_cents")
    if not MIN_PRIORITY <= priority <= MAX_PRIORITY:
        raise ValidationError(
            f"Priorité entre {MIN_PRIORITY} et {MAX_PRIORITY} (la plus petite passe d'abord).",
            "priority",
        )
    with transaction(url) as session:
        _category(session, company_id, category_id)
        rule = t.CategoryRule(
            company_id=company_id,
            category_id=category_id,
            match=kind.value,
            pattern=pattern,
            direction=way.value if way else None,
            min_cents=min_cents,
            max_cents=max_cents,
            priority=priority,
        )
        session.add(rule)
        session.flush()
        applied = _apply(session, company_id, rule) if apply_to_past else 0
        return RuleMade(rule.id, pattern, applied)


def add_rule_from_form(
    company_id: int,
    category_id: str,
    match: str,
    pattern: str,
    direction: str,
    min_text: str,
    max_text: str,
    priority_text: str,
    apply_to_past: bool,
    url: str | None = None,
) -> RuleMade:
    """The /parametres form, as typed: euros with a French comma, an optional range, a
    priority; each refusal names its field."""
    if not category_id:
        raise ValidationError("Choisissez une catégorie.", "category")
    try:
        priority = int(priority_text.strip() or "100")
    except ValueError as error:
        raise ValidationError("La priorité est un nombre entier.", "priority") from error
    return add_rule(
        company_id,
        int(category_id),
        match,
        pattern,
        direction or None,
        _euros(min_text, "min_cents"),
        _euros(max_text, "max_cents"),
        priority,
        apply_to_past,
        url,
    )


def _euros(text: str, name: str) -> int | None:
    if not text.strip():
        return None
    try:
        return parse_amount(text)
    except AmountParseError as error:
        raise ValidationError(error.message, name) from error


def apply_rule_to_past(company_id: int, rule_id: int, url: str | None = None) -> int:
    """The rule applied to every line already there that it matches, except those the owner
    or a document classified; how many changed."""
    with transaction(url) as session:
        return _apply(session, company_id, _owned_rule(session, company_id, rule_id))


def _apply(session: Session, company_id: int, rule: t.CategoryRule) -> int:
    classifier = Classifier([_rule(rule)], {})
    rows = session.exec(
        select(tx.id, tx.label, tx.amount_cents, tx.counterparty, tx.category_id).where(
            tx.company_id == company_id,
            func.coalesce(tx.category_source, "").not_in([s.value for s in OWNED]),
        )
    ).all()
    changed = [
        r.id
        for r in rows
        if r.category_id != rule.category_id
        and classifier.classify(Line(r.label, r.amount_cents, r.counterparty)) is not None
    ]
    _write(session, {rule.category_id: changed}, [])
    return len(changed)


def rules(company_id: int, url: str | None = None) -> list[RuleRow]:
    with read_only(url) as session:
        rows = session.exec(
            select(t.CategoryRule, t.Category.name)
            .join(t.Category, t.Category.id == t.CategoryRule.category_id)
            .where(t.CategoryRule.company_id == company_id)
            .order_by(t.CategoryRule.priority, t.CategoryRule.id)
        ).all()
    return [
        RuleRow(r.id, name, r.match, r.pattern, r.direction, r.min_cents, r.max_cents)
        for r, name in rows
    ]


def delete_rule(company_id: int, rule_id: int, url: str | None = None) -> None:
    """The rule goes; the lines it classified keep their category."""
    with transaction(url) as session:
        session.delete(_owned_rule(session, company_id, rule_id))


def categories(company_id: int, url: str | None = None) -> list[CategoryRow]:
    """The company's categories in the default tree's order, then the owner's, with how
    many lines each holds (the default tree is created when it is missing)."""
    with transaction(url) as session:
        ensure_default_categories(session, company_id)
        counts = dict(
            session.exec(
                select(tx.category_id, func.count())
                .where(tx.company_id == company_id)
                .group_by(tx.category_id)
            ).all()
        )
        rows = session.exec(
            select(t.Category).where(t.Category.company_id == company_id).order_by(t.Category.id)
        ).all()
    return [
        CategoryRow(c.id, c.name, c.kind, counts.get(c.id, 0), c.name not in KEPT) for c in rows
    ]


def add_category(
    company_id: int, name: str, kind: str = CategoryKind.BOTH, url: str | None = None
) -> int:
    name = _valid_name(name)
    try:
        kind = CategoryKind(kind)
    except ValueError as error:
        raise ValidationError("Sens de catégorie inconnu.", "kind") from error
    with transaction(url) as session:
        _unique(session, company_id, name)
        category = t.Category(company_id=company_id, name=name, kind=kind.value)
        session.add(category)
        session.flush()
        return category.id


def rename_category(company_id: int, category_id: int, name: str, url: str | None = None) -> None:
    name = _valid_name(name)
    with transaction(url) as session:
        category = _category(session, company_id, category_id)
        if category.name in KEPT:
            raise ValidationError(f"« {category.name} » garde son nom : Tréso s'en sert.")
        _unique(session, company_id, name, category_id)
        category.name = name


def delete_category(company_id: int, category_id: int, url: str | None = None) -> int:
    """The category goes, its lines move to Divers, the rules that led to it go too; how
    many lines moved. Virements internes and Divers stay."""
    with transaction(url) as session:
        category = _category(session, company_id, category_id)
        if category.name in KEPT:
            raise ValidationError(f"« {category.name} » ne peut pas être supprimée.")
        other = ensure_default_categories(session, company_id)[Default.OTHER]
        moved = session.exec(
            select(func.count()).select_from(tx).where(tx.category_id == category_id)
        ).one()
        session.execute(update(tx).where(tx.category_id == category_id).values(category_id=other))
        session.execute(
            update(tx)
            .where(tx.suggested_category_id == category_id)
            .values(suggested_category_id=None)
        )
        for rule in session.exec(
            select(t.CategoryRule).where(t.CategoryRule.category_id == category_id)
        ).all():
            session.delete(rule)
        for item in session.exec(
            select(t.RecurringItem).where(t.RecurringItem.category_id == category_id)
        ).all():
            item.category_id = other
        session.flush()
        session.delete(category)
        return int(moved)


def _valid_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("Donnez un nom à la catégorie.", "name")
    return check_text(name, TextLimit.NAME, "le nom de la catégorie", "name")


def _unique(session: Session, company_id: int, name: str, except_id: int | None = None) -> None:
    for other, other_id in _names(session, company_id).items():
        if other.casefold() == name.casefold() and other_id != except_id:
            raise ValidationError(f"La catégorie « {other} » existe déjà.", "name")


def _line(session: Session, company_id: int, transaction_id: int) -> t.BankTransaction:
    line = session.get(t.BankTransaction, transaction_id)
    if line is None or line.company_id != company_id:
        raise ValidationError("Opération introuvable.")
    return line


def _category(session: Session, company_id: int, category_id: int) -> t.Category:
    category = session.get(t.Category, category_id)
    if category is None or category.company_id != company_id:
        raise ValidationError("Catégorie introuvable.")
    return category


def _owned_rule(session: Session, company_id: int, rule_id: int) -> t.CategoryRule:
    rule = session.get(t.CategoryRule, rule_id)
    if rule is None or rule.company_id != company_id:
        raise ValidationError("Règle introuvable.")
    return rule
