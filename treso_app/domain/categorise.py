"""Which category a bank line belongs to: the owner's rules first, then the usual French bank
labels (URSSAF, DGFIP, SALAIRE, LOYER, EDF…), then the pairs of lines that only move money
between the company's own accounts; for what is left, the usual category of the counterparty.

A classifier is built once per company (its rules, its accounts) and then costs a few
dictionary look-ups per line: every phrase of every rule sits in one index keyed by its
first word, so adding rules does not slow a line down. Pure.
"""

from __future__ import annotations

import re
import re._parser as sre  # the stdlib's own parse tree, to vet an owner's regex
from collections import Counter, defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from treso_app.domain.categories import Default
from treso_app.domain.errors import ValidationError
from treso_app.domain.labels import counterparty_key, fold

MAX_PATTERN = 120  # characters of an owner's pattern
MAX_LONG_REPEATS = 1  # * or + (or {m,n} with n > SHORT_REPEAT) in an owner's regex
SHORT_REPEAT = 20
LEARNED_SHARE = 0.6  # a counterparty's usual category: at least this share of its lines


class Match(StrEnum):
    CONTAINS = "contient"  # the label holds these words (accents, case, punctuation aside)
    REGEX = "regex"  # a regular expression on the folded label
    COUNTERPARTY = "contrepartie"  # the counterparty's normalised name is the pattern


class Direction(StrEnum):
    IN = "encaissement"
    OUT = "décaissement"


class Source(StrEnum):
    """Where a line's category comes from (BankTransaction.category_source)."""

    RULE = "règle"
    DOCUMENT = "document"
    MANUAL = "manuel"
    DEMO = "démo"


@dataclass(frozen=True)
class Rule:
    """Lines matching `pattern` (and the direction and |amount| bounds) go to `target`."""

    target: Hashable  # a category id (owner's rules) or a Default name (built-in)
    match: Match
    pattern: str
    direction: Direction | None = None
    min_cents: int | None = None
    max_cents: int | None = None
    needs: frozenset[str] = frozenset()  # built-ins: one of these words must be there too

    def admits(self, amount_cents: int) -> bool:
        if self.direction is Direction.IN and amount_cents <= 0:
            return False
        if self.direction is Direction.OUT and amount_cents >= 0:
            return False
        size = abs(amount_cents)
        if self.min_cents is not None and size < self.min_cents:
            return False
        return self.max_cents is None or size <= self.max_cents


@dataclass(frozen=True)
class Line:
    label: str
    amount_cents: int
    counterparty: str | None = None


D, IN, OUT = Default, Direction.IN, Direction.OUT
# (category, direction, phrases) in priority order: the first that matches wins. Phrases are
# folded words, matched as whole words anywhere in the folded label.
BUILTIN: tuple[tuple[Default, Direction | None, str], ...] = (
    (D.INTERNAL_TRANSFERS, None, "VIR INTERNE|VIREMENT INTERNE|VIR CPTE A CPTE|VIR COMPTE A "
     "COMPTE|VIREMENT DE COMPTE A COMPTE|TRANSFERT INTERNE|ALIMENTATION COMPTE"),
    (D.CARD_TAKINGS, IN, "REMISE CB|REM CB|REMISE CARTE|REMISE CARTES|REMISE TPE|TPE|"
     "ENCAISSEMENT CB|ENCAISSEMENT CARTE|CB REMISE|SUMUP|ZETTLE|PAYPLUG"),
    # Cash paid in at the bank: a shop's or a trade's takings.
    (D.SALES, IN, "VERSEMENT ESPECES|VERSEMENT ESP|VERST ESPECES|DEPOT ESPECES|REMISE ESPECES"),
    (D.SOCIAL_CHARGES, None, "URSSAF|CIPAV|CARSAT|AGIRC|ARRCO|PRO BTP|CIBTP|MSA|RETRAITE|"
     "PREVOYANCE|MUTUELLE|MALAKOFF|HUMANIS|KLESIA|AG2R|FRANCE TRAVAIL|POLE EMPLOI"),
    (D.VAT, None, "TVA|CA3|CA12"),
    (D.TAXES, None, "DGFIP|IMPOT|IMPOTS|IS|CFE|CVAE|SIE|TRESOR PUBLIC|TAXE|TAXES|DGI"),
    (D.OWNER_PAY, OUT, "SALAIRE GERANT|SALAIRE GERANTE|REMUNERATION GERANT|REMUNERATION "
     "GERANTE|REMUNERATION GERANCE|REMUNERATION DIRIGEANT|REMUNERATION DIRIGEANTE|"
     "REMUNERATION PRESIDENT|REMUNERATION PRESIDENTE|DIVIDENDE|DIVIDENDES|PRELEVEMENT "
     "EXPLOITANT"),
    (D.SALARIES, OUT, "SALAIRE|SALAIRES|PAIE|PAYE|NET A PAYER|ACOMPTE SALAIRE"),
    (D.LOANS, None, "ECHEANCE PRET|ECH PRET|PRET|EMPRUNT|ECHEANCE CREDIT|ECH CREDIT|"
     "REMBOURSEMENT CREDIT|PGE"),
    (D.RENT, OUT, "LOYER|LOYERS|SCI|BAIL|CHARGES LOCATIVES|SYNDIC|FONCIA|NEXITY"),
    (D.ENERGY, OUT, "EDF|ENGIE|TOTALENERGIES ELEC|TOTALENERGIES ELECTRICITE|TOTALENERGIES GAZ|"
     "TOTAL ENERGIES ELECTRICITE|TOTAL ENERGIES GAZ|TOTAL DIRECT ENERGIE|DIRECT ENERGIE|GRDF|"
     "ENEDIS|EKWATEUR|VATTENFALL|ELECTRICITE|GAZ DE FRANCE|VEOLIA|SAUR"),
    (D.INSURANCE, None, "AXA|MAAF|MACIF|MAIF|ALLIANZ|GENERALI|MMA|GROUPAMA|HISCOX|SMABTP|"
     "MATMUT|AVIVA|ABEILLE|COVEA|SWISSLIFE|SWISS LIFE|APRIL|THELEM|GAN|AREAS|PACIFICA|"
     "ASSURANCE|ASSURANCES|ASSUR|MACSF|AUXILIAIRE|DECENNALE|RC PRO"),
    (D.BANK_FEES, OUT, "FRAIS|COMMISSION|COMMISSIONS|COTISATION CARTE|COTIS CARTE|COTISATION|"
     "AGIOS|INTERETS DEBITEURS|TENUE DE COMPTE|ABONNEMENT BANCAIRE|LOCATION TPE|"
     "LOCATION TERMINAL|INGENICO|VERIFONE|WORLDLINE"),
    (D.VEHICLES, OUT, "ESSO|SHELL|AVIA|AGIP|DYNEFF|TOTALENERGIES|TOTAL ACCESS|CARBURANT|"
     "CARBURANTS|GASOIL|GAZOLE|STATION SERVICE|PEAGE|APRR|SANEF|VINCI AUTOROUTES|AUTOROUTE|"
     "COFIROUTE|ULYS|PARKING|INDIGO|LOCATION VEHICULE|LOCATION VEHICULES|DIAC|LEASYS|ARVAL|"
     "NORAUTO|FEU VERT|SPEEDY|MIDAS|CONTROLE TECHNIQUE"),
    (D.TELECOM_IT, OUT, "ORANGE|SFR|FREE|FREE MOBILE|BOUYGUES|BOUYGUES TELECOM|SOSH|OVH|"
     "OVHCLOUD|NORDNET|IONOS|GANDI|SCALEWAY|O2SWITCH|INFOMANIAK|HOSTINGER|CLOUDFLARE|AWS|"
     "AMAZON WEB SERVICES|MICROSOFT|OFFICE 365|GOOGLE|ADOBE|DROPBOX|APPLE COM BILL|SLACK|"
     "NOTION|CANVA|FIGMA|MIRO|TRELLO|ATLASSIAN|GITHUB|GITLAB|ZOOM|CALENDLY|DOCUSIGN|YOUSIGN|"
     "HUBSPOT|SALESFORCE|MAILCHIMP|BREVO|SENDINBLUE|ZOHO|PIPEDRIVE|SHOPIFY|WIX|SQUARESPACE|"
     "OPENAI|CHATGPT|JETBRAINS|SAGE|CEGID|EBP|PENNYLANE|AXONAUT|SELLSY|LOGICIEL|LOGICIELS"),
    (D.FEES, OUT, "EXPERT COMPTABLE|EXPERTISE COMPTABLE|FIDUCIAIRE|CABINET COMPTABLE|AVOCAT|"
     "AVOCATS|NOTAIRE|HUISSIER|COMMISSAIRE AUX COMPTES|HONORAIRES|INFOGREFFE|"
     "EXPERTS COMPTABLES|COMPTABLE|COMPTABILITE"),
    # Freelancers and the trades an agency buys from them.
    (D.SUBCONTRACTING, OUT, "SOUS TRAITANCE|SOUS TRAITANT|FREELANCE|FREE LANCE|PORTAGE "
     "SALARIAL|GRAPHISTE|GRAPHISME|WEBDESIGN|WEBDESIGNER|MOTION DESIGN|MOTION DESIGNER|"
     "DEVELOPPEUR|DEVELOPPEUSE|DEVELOPPEMENT WEB|REDACTION|REDACTEUR|REDACTRICE|TRADUCTION|"
     "TRADUCTEUR|TRADUCTRICE|ILLUSTRATEUR|ILLUSTRATRICE|PHOTOGRAPHE|VIDEASTE"),
    (D.PURCHASES, OUT, "LEROY MERLIN|BRICO DEPOT|CASTORAMA|POINT P|CEDEO|BROSSETTE|"
     "FRANS BONHOMME|REXEL|SONEPAR|PROLIANS|WURTH|MANUTAN|RAJA|BRICOMAN|BIGMAT|BIG MAT|"
     "GEDIMAT|SAMSE|DISPANO|KILOUTOU|LOXAM|METRO"),
    (D.OTHER, OUT, "RESTAURANT|BRASSERIE|BOULANGERIE|RELAIS|TRAITEUR|PIZZERIA|CAFE|HOTEL|"
     "SNCF|TAXI|UBER|AMAZON|LA POSTE|COLISSIMO|CHRONOPOST"),
)  # fmt: skip
# Names that tell a category only with one of the words given: « TOTAL » and « BP » are fuel
# when paid by card at a station (BP is also a bank); a bank's name is its fee when it bills
# a subscription (« QONTO ABONNEMENT ») — a transfer to an account there is not; a
# « cabinet » is an accountant's or a consultant's when it says so.
NEEDING: tuple[tuple[Default, Direction | None, str, frozenset[str]], ...] = (
    (D.VEHICLES, OUT, "TOTAL|BP", frozenset({"CB", "CARTE", "STATION", "CARBURANT"})),
    (
        D.BANK_FEES,
        OUT,
        "QONTO|SHINE|BLANK|MEMO BANK|MANAGER ONE|ANYTIME|REVOLUT|BOURSORAMA|"
        "HELLO BANK|LCL|BNP|CIC|CREDIT AGRICOLE|CREDIT MUTUEL|SOCIETE GENERALE|BANQUE POPULAIRE|"
        "CAISSE D EPARGNE|BANQUE POSTALE",
        frozenset({"ABONNEMENT", "FORFAIT", "OFFRE", "PACK"}),
    ),
    (
        D.FEES,
        OUT,
        "CABINET",
        frozenset(
            {
                "EXPERTISE",
                "EXPERT",
                "EXPERTS",
                "AUDIT",
                "CONSEIL",
                "CONSEILS",
                "JURIDIQUE",
                "FISCAL",
            }
        ),
    ),
)
# After a pair between two own accounts: a transfer with an invoice number or a cheque paid
# in is most likely a sale, an invoice paid out most likely a purchase.
FALLBACK: tuple[tuple[Default, Direction | None, str], ...] = (
    (
        D.SALES,
        IN,
        "FACT|FACTURE|FACTURES|REMISE CHEQUE|REMISE CHEQUES|REM CHQ|REMISE CHQ|VIR|VIREMENT",
    ),
    (D.PURCHASES, OUT, "FACT|FACTURE|FACTURES"),
)


def builtin_rules() -> tuple[list[Rule], list[Rule]]:
    """(before the own-accounts pairs, after them), each in priority order."""

    def rules(table) -> list[Rule]:
        return [
            Rule(category, Match.CONTAINS, phrase, direction)
            for category, direction, phrases in table
            for phrase in phrases.split("|")
        ]

    needing = [
        Rule(category, Match.CONTAINS, phrase, direction, needs=needs)
        for category, direction, phrases, needs in NEEDING
        for phrase in phrases.split("|")
    ]
    return rules(BUILTIN) + needing, rules(FALLBACK)


def own_account_phrases(ibans: Iterable[str | None], names: Iterable[str | None]) -> list[str]:
    """How a label may name one of the company's accounts: its IBAN, whole or in the usual
    groups of four, and its name when that is specific enough (two words or more)."""
    phrases = []
    for iban in ibans:
        compact = fold(iban or "").replace(" ", "")
        if len(compact) >= 14:
            phrases += [compact, " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))]
    for name in names:
        words = fold(name or "").split()
        if len(words) >= 2:
            phrases.append(" ".join(words))
    return phrases


def check_pattern(match: Match, pattern: str) -> str:
    """The pattern as stored, or a French refusal: bounded length, and a regex only from a
    subset that cannot backtrack for ever (no nested or alternated repeats, no
    back-references or look-arounds)."""
    pattern = pattern.strip()
    if not pattern:
        raise ValidationError("Indiquez ce que le libellé doit contenir.", "pattern")
    if len(pattern) > MAX_PATTERN:
        raise ValidationError(f"Motif trop long (plus de {MAX_PATTERN} caractères).", "pattern")
    if match is Match.REGEX:
        try:
            tree = sre.parse(pattern, re.IGNORECASE)
        except re.error as error:
            raise ValidationError(
                f"Expression régulière invalide : {error.msg}.", "pattern"
            ) from error
        if problem := _unsafe(tree, repeated=False):
            raise ValidationError(f"Expression régulière refusée : {problem}.", "pattern")
        if _long_repeats(tree) > MAX_LONG_REPEATS:  # .*A.*B already backtracks in n³
            raise ValidationError(
                "Expression régulière refusée : une seule répétition longue (* ou +) admise.",
                "pattern",
            )
    elif not fold(pattern):
        raise ValidationError("Le motif doit contenir au moins une lettre ou un chiffre.")
    return pattern


_NO_RANK = 1 << 62
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}


def _unsafe(tree, repeated: bool) -> str | None:
    for op, arg in tree:
        if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            return "les références arrière (\\1) ne sont pas admises"
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            return "les assertions (?=…) ne sont pas admises"
        if op in _REPEATS:
            _low, high, body = arg
            if repeated and high > 1:
                return "une répétition dans une répétition, comme (a+)+"
            if problem := _unsafe(body, repeated or high > 1):
                return problem
        elif op is sre.BRANCH:
            if repeated:
                return "une alternative répétée, comme (a|ab)+"
            for branch in arg[1]:
                if problem := _unsafe(branch, repeated):
                    return problem
        elif op is sre.SUBPATTERN:
            if problem := _unsafe(arg[-1], repeated):
                return problem
        elif op is sre.ATOMIC_GROUP and (problem := _unsafe(arg, repeated)):
            return problem
    return None


def _long_repeats(tree) -> int:
    count = 0
    for op, arg in tree:
        if op in _REPEATS:
            count += (arg[1] > SHORT_REPEAT) + _long_repeats(arg[2])
        elif op is sre.BRANCH:
            count += sum(_long_repeats(branch) for branch in arg[1])
        elif op is sre.SUBPATTERN:
            count += _long_repeats(arg[-1])
        elif op is sre.ATOMIC_GROUP:
            count += _long_repeats(arg)
    return count


@dataclass
class Classifier:
    """Built once for a company from its rules (priority order), its accounts' phrases and
    the category that stands for internal transfers; then `classify` per line."""

    owner_rules: Sequence[Rule]
    builtin: Mapping[Default, Hashable]  # the company's category for each default name
    own_accounts: Sequence[str] = ()
    _index: dict[str, list[tuple[int, str | None, Rule]]] = field(init=False)
    _first_words: frozenset[str] = field(init=False)
    _regexes: list[tuple[int, re.Pattern, Rule]] = field(init=False)
    _pair_rank: int = field(init=False)

    def __post_init__(self) -> None:
        before, after = builtin_rules()
        internal = self.builtin.get(D.INTERNAL_TRANSFERS)
        own = [Rule(internal, Match.CONTAINS, phrase) for phrase in self.own_accounts]
        ranked = list(self.owner_rules) + (own if internal is not None else []) + before
        self._pair_rank = len(ranked)
        ranked += [None, *after]  # the pairs' slot, then the fallbacks
        index: dict[str, list] = defaultdict(list)
        self._regexes = []
        for rank, rule in enumerate(ranked):
            if rule is None:
                continue
            if not self._is_owner(rank) and isinstance(rule.target, Default):
                if rule.target not in self.builtin:
                    continue  # the owner deleted that default category
                rule = _retarget(rule, self.builtin[rule.target])
            if rule.match is Match.REGEX:
                self._regexes.append((rank, re.compile(rule.pattern, re.IGNORECASE), rule))
            elif words := fold(rule.pattern).split():
                index[words[0]].append(_entry(rank, words, rule))
        # Per first word, by rank: the first entry that holds is that word's best.
        self._index = {word: sorted(entries, key=lambda e: e[0]) for word, entries in index.items()}
        self._first_words = frozenset(self._index)
        self._internal = internal

    def _is_owner(self, rank: int) -> bool:
        return rank < len(self.owner_rules)

    def classify(self, line: Line, paired: bool = False) -> Hashable:
        """The line's category, or None when no rule holds. `paired`: the same amount went
        the other way on another own account that day."""
        rank, target = self._best(line)
        if paired and self._pair_rank < rank and self._internal is not None:
            return self._internal
        return target

    @property
    def bounded(self) -> bool:
        """Whether a rule looks at the amount's size (not only its sign)."""
        return any(r.min_cents is not None or r.max_cents is not None for r in self.owner_rules)

    def before_pairs(self, line: Line) -> Hashable:
        """The category of a line whose other lines are not known yet (during its import):
        only the rules that rank before the pairs between own accounts; None for the rest."""
        rank, target = self._best(line)
        return target if rank < self._pair_rank else None

    def _best(self, line: Line) -> tuple[int, Hashable]:
        """(rank, category) of the best rule that holds. Written for speed: it runs once per
        line of every import."""
        label, amount, key = line.label, line.amount_cents, None
        words = _words(label)
        if line.counterparty and line.counterparty not in label:  # OFX repeats its NAME
            words += _words(line.counterparty)
        size, padded = abs(amount), None
        best_rank, best = _NO_RANK, None
        for word in self._first_words.intersection(words):
            for rank, phrase, target, sign, low, high, needs, name in self._index[word]:
                if rank >= best_rank:
                    break
                if sign and amount * sign <= 0:  # the wrong way, or no amount
                    continue
                if size < low or size > high:
                    continue
                if phrase is not None:
                    padded = padded or f" {' '.join(words)} "
                    if phrase not in padded:
                        continue
                if needs is not None and needs.isdisjoint(words):
                    continue
                if name is not None:
                    key = key if key is not None else counterparty_key(label, line.counterparty)
                    if key != name:
                        continue
                best_rank, best = rank, target
                break
        if self._regexes:
            folded = " ".join(words)
            for rank, regex, rule in self._regexes:
                if rank >= best_rank:
                    break
                if rule.admits(amount) and regex.search(folded):
                    best_rank, best = rank, rule.target
        return best_rank, best


def _entry(rank: int, words: list[str], rule: Rule) -> tuple:
    """One rule in the index, flat for `classify`: (rank, the padded phrase when several
    words, target, sign, |amount| bounds, needed words, the counterparty's name)."""
    sign = {Direction.IN: 1, Direction.OUT: -1}.get(rule.direction, 0)
    return (
        rank,
        f" {' '.join(words)} " if len(words) > 1 else None,
        rule.target,
        sign,
        rule.min_cents or 0,
        _NO_RANK if rule.max_cents is None else rule.max_cents,
        rule.needs or None,
        " ".join(words) if rule.match is Match.COUNTERPARTY else None,
    )


def _words(text: str) -> list[str]:
    return fold(text).split()


def _retarget(rule: Rule, target: Hashable) -> Rule:
    return Rule(
        target, rule.match, rule.pattern, rule.direction, rule.min_cents, rule.max_cents, rule.needs
    )


class Placed(NamedTuple):
    """A line as the pairing needs it: which account, which day, how much (a plain tuple:
    the pairing reads every line of a company)."""

    id: int
    account_id: int
    day: object  # a date; only compared
    amount_cents: int


def own_account_pairs(lines: Iterable[Placed]) -> set[int]:
    """Ids of lines whose exact opposite (same day, same amount, other sign) sits on another
    of the company's accounts: money that only moved between them. Each line pairs once,
    with the earliest waiting line of another account. Linear: the waiting lines are
    indexed by (day, amount, account), and a company has few accounts."""
    waiting: dict[tuple, deque[tuple[int, int]]] = defaultdict(deque)  # → (order, id)
    accounts: set[int] = set()
    paired: set[int] = set()
    for order, (line_id, account_id, day, cents) in enumerate(lines):
        if not cents:
            continue
        accounts.add(account_id)
        earliest = None  # the queue of another account whose head waits longest
        for other in accounts:
            queue = waiting.get((day, -cents, other)) if other != account_id else None
            if queue and (earliest is None or queue[0] < earliest[0]):
                earliest = queue
        if earliest is not None:
            paired |= {line_id, earliest.popleft()[1]}
        else:
            waiting[(day, cents, account_id)].append((order, line_id))
    return paired


def learned_categories(
    known: Iterable[tuple[str, Hashable]], share: float = LEARNED_SHARE
) -> dict[str, Hashable]:
    """From (counterparty_key, category) of lines already categorised, each counterparty's
    usual category: the one it has on at least `share` of its lines."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for key, category in known:
        if key and category is not None:
            counts[key][category] += 1
    usual = {}
    for key, counter in counts.items():
        category, count = counter.most_common(1)[0]
        if count >= share * counter.total():
            usual[key] = category
    return usual


_CONNECTORS = frozenset(["DE", "DU", "DES", "D", "LA", "LE", "LES", "L", "ET", "AU", "AUX"])


def rule_from_line(label: str, counterparty: str | None) -> tuple[Match, str] | None:
    """« Toujours classer LEROY MERLIN ici »: a rule on the bank's counterparty when it gives
    one of its own, else on the label's main words — the first run of words that name
    someone, before references and dates (« VIR SEPA CEDEO FACT CED-2611 » → CEDEO).
    None when the label names nobody (« CB 12/11 »)."""
    own_name = counterparty and not fold(label).startswith(fold(counterparty))
    if own_name and (key := counterparty_key("", counterparty)):
        return Match.COUNTERPARTY, key
    main: list[str] = []
    pending: list[str] = []  # « DES » in LE RELAIS DES ARTISANS: kept if a name follows
    for word in fold(label).split():
        if counterparty_key(word):
            main += [*pending, word]
            pending = []
        elif main and word in _CONNECTORS:
            pending.append(word)
        elif main:
            break
    return (Match.CONTAINS, " ".join(main)) if main else None
