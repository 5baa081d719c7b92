"""The rules engine: French bank labels out of the box, the owner's rules first, pairs
between own accounts, the learned usual category of a counterparty."""

from __future__ import annotations

import time
from datetime import date

import pytest

from treso_app.domain.categories import Default as D
from treso_app.domain.categorise import (
    Classifier,
    Direction,
    Line,
    Match,
    Placed,
    Rule,
    check_pattern,
    learned_categories,
    own_account_pairs,
    own_account_phrases,
    rule_from_line,
)
from treso_app.domain.errors import ValidationError
from treso_app.domain.labels import counterparty_key

DEFAULTS = {name: name.value for name in D}  # each default category stands for itself


def classify(label, cents, rules=(), counterparty=None, paired=False, accounts=()):
    classifier = Classifier(rules, DEFAULTS, accounts)
    return classifier.classify(Line(label, cents, counterparty), paired=paired)


@pytest.mark.parametrize(
    ("label", "cents", "expected"),
    [
        ("PRLV SEPA URSSAF RHONE-ALPES", -391200, D.SOCIAL_CHARGES),
        ("VIR URSSAF REMBOURSEMENT TROP PERCU", 12000, D.SOCIAL_CHARGES),
        ("PRLV SEPA DGFIP TVA CA3 10/2026", -412000, D.VAT),  # TVA beats DGFIP
        ("VIR DGFIP REMBT CREDIT TVA", 80000, D.VAT),  # a VAT credit comes back
        ("PRLV SEPA DGFIP IMPOT SOCIETES ACOMPTE", -215000, D.TAXES),
        ("PRLV SIE LYON CFE 2026", -62400, D.TAXES),
        ("VIR SEPA SALAIRE NOV LUCAS BERNARD", -221437, D.SALARIES),
        ("VIR PAIE OCTOBRE", -150000, D.SALARIES),
        ("VIR SALAIRE GERANT", -390000, D.OWNER_PAY),
        ("PRLV SEPA SCI DU MOULIN LOYER DEPOT", -145000, D.RENT),
        ("VIR SEPA SCI LES TILLEULS FACT F2026-0042", 240000, D.SALES),  # a client SCI pays in
        ("ECHEANCE PRET N 0712345 OUTILLAGE", -69045, D.LOANS),
        ("DEBLOCAGE EMPRUNT 0712345", 3000000, D.LOANS),
        ("PRLV SEPA EDF ENTREPRISES", -14260, D.ENERGY),
        ("PRLV ENGIE GAZ", -8000, D.ENERGY),
        ("PRLV TOTALENERGIES ELECTRICITE ET GAZ FRANCE", -9000, D.ENERGY),
        ("CB TOTALENERGIES 12/11", -7500, D.VEHICLES),  # the same brand at the pump
        ("CB TOTAL ACCESS LYON 03/11", -6000, D.VEHICLES),
        ("CB BP ST PRIEST 02/11", -5500, D.VEHICLES),
        ("VIR SEPA BP AURA", -5500, None),  # BP without a card is a bank, not fuel
        ("CARTE X1234 ESSO EXPRESS", -4000, D.VEHICLES),
        ("PRLV SEPA SMABTP DECENNALE RC PRO", -38520, D.INSURANCE),
        ("PRLV AXA FRANCE IARD", -12000, D.INSURANCE),
        ("PRLV HISCOX RC", -5000, D.INSURANCE),
        ("REMISE CB 0412345 DU 21/11", 184320, D.CARD_TAKINGS),
        ("ENCAISSEMENT CB 21/11", 5000, D.CARD_TAKINGS),
        ("COMMISSION REMISE CB 21/11", -230, D.BANK_FEES),  # the fee on card takings
        ("FRAIS TENUE DE COMPTE", -1850, D.BANK_FEES),
        ("COTISATION CARTE BUSINESS", -4500, D.BANK_FEES),
        ("AGIOS TRIMESTRE 3", -1210, D.BANK_FEES),
        ("PRLV SEPA ORANGE PRO", -8990, D.TELECOM_IT),
        ("PRLV FREE MOBILE", -1999, D.TELECOM_IT),
        ("PRLV OVH SAS", -1200, D.TELECOM_IT),
        ("PRLV SEPA FIDUCIAIRE MOREL", -32400, D.FEES),
        ("VIR CABINET AVOCAT DURAND", -90000, D.FEES),
        ("CB LEROY MERLIN 14/11", -4590, D.PURCHASES),
        ("VIR SEPA CEDEO FACT CED-2611-123", -620000, D.PURCHASES),
        ("VIR SEPA GIRARD SYNDIC FACT F2026-0101", 180000, D.SALES),  # a syndic client pays
        ("REMISE CHEQUE N 1234567", 35000, D.SALES),
        ("VIR INTERNE ALIMENTATION COMPTE CARTE", -490000, D.INTERNAL_TRANSFERS),
        ("VIR INTERNE ALIMENTATION COMPTE CARTE", 490000, D.INTERNAL_TRANSFERS),
        ("Prélèvement Électricité de France", -5000, D.ENERGY),  # accents and case aside
        # Cash paid in, the feminine owner, the card terminal, software bought by card, a
        # bank billing its subscription, an accountant's « cabinet », freelancers, postage.
        ("VERSEMENT ESPECES AG LYON CORDELIERS", 154000, D.SALES),
        ("VIR SEPA REMUNERATION PRESIDENTE A BRUN", -260000, D.OWNER_PAY),
        ("VIR REMUNERATION GERANTE", -200000, D.OWNER_PAY),
        ("PRLV SEPA INGENICO LOCATION TPE", -3840, D.BANK_FEES),
        ("REMISE TPE 21/11", 50000, D.CARD_TAKINGS),  # the terminal's takings stay takings
        ("CB SLACK TECHNOLOGIES 16/12", -5250, D.TELECOM_IT),
        ("CB NOTION LABS INC 12/12", -3853, D.TELECOM_IT),
        ("CB CANVA 09/12", -1199, D.TELECOM_IT),
        ("CB FIGMA MONTHLY 09/12", -4619, D.TELECOM_IT),
        ("PRLV SEPA GITHUB INC", -400, D.TELECOM_IT),
        ("QONTO ABONNEMENT ESSENTIAL", -4900, D.BANK_FEES),
        ("VIR SEPA VERS QONTO MARC LEROUX", -80000, None),  # money sent there is no fee
        ("PRLV SEPA CABINET ALPHA EXPERTISE", -21600, D.FEES),
        ("PRLV SEPA CABINET GIRARD", -21600, None),  # a « cabinet » of what?
        ("VIR SEPA CLAIRE DUBOIS FREELANCE FACT 12", -150000, D.SUBCONTRACTING),
        ("VIR SEPA PORTAGE SALARIAL ITG", -420000, D.SUBCONTRACTING),
        (
            "VIR SEPA THOMAS GIRARD MOTION DESIGN FACT TG-2024-12-278",
            -130754,
            D.SUBCONTRACTING,
        ),
        ("VIR SEPA NADIA BENALI REDACTION FACT NB250126", -66000, D.SUBCONTRACTING),
        ("CB LA POSTE 04/12", -3970, D.OTHER),
        ("CB 12/11", -1000, None),
        ("PRLV SEPA UNKNOWN THING", -1000, None),
    ],
)
def test_usual_french_labels(label, cents, expected):
    assert classify(label, cents) == expected


def test_two_own_accounts_moving_money_between_them_is_internal():
    lines = [
        Placed(1, 10, date(2026, 11, 3), -200000),  # main account sends
        Placed(2, 20, date(2026, 11, 3), 200000),  # the card account receives
        Placed(3, 10, date(2026, 11, 3), 200000),  # same account: not a transfer
        Placed(4, 20, date(2026, 11, 4), -200000),  # another day
        Placed(5, 10, date(2026, 11, 5), -50000),
        Placed(6, 20, date(2026, 11, 5), 50000),
        Placed(7, 30, date(2026, 11, 5), 50000),  # one pair only: the second is left
    ]
    assert own_account_pairs(lines) == {1, 2, 5, 6}
    # Paired, an unknown label is internal; a label a rule knows keeps its category.
    assert classify("VIR SEPA MARTIN PLOMBERIE", -200000, paired=True) == D.INTERNAL_TRANSFERS
    assert classify("VIR SEPA MARTIN PLOMBERIE", 200000, paired=True) == D.INTERNAL_TRANSFERS
    assert classify("PRLV SEPA URSSAF", -200000, paired=True) == D.SOCIAL_CHARGES


def test_a_line_pairs_with_the_earliest_waiting_line_of_another_account():
    day = date(2026, 11, 3)
    lines = [
        Placed(1, 10, day, 5000),
        Placed(2, 20, day, 5000),
        Placed(3, 10, day, 5000),
        Placed(4, 20, day, -5000),  # takes line 1 (line 2 is its own account's)
        Placed(5, 30, day, -5000),  # takes line 2, waiting longer than line 3
    ]
    assert own_account_pairs(lines) == {1, 2, 4, 5}


def test_pairing_stays_linear_when_one_account_repeats_an_amount():
    # 20,000 card takings of 10 € on one day, then 20,000 refunds of 10 € on the same
    # account: none is a transfer. Scanning the waiting lines for another account took
    # minutes; indexed by account it is a fraction of a second.
    day = date(2026, 11, 3)
    lines = [Placed(i, 10, day, 1000) for i in range(20_000)]
    lines += [Placed(20_000 + i, 10, day, -1000) for i in range(20_000)]
    started = time.perf_counter()
    assert own_account_pairs(lines) == set()
    assert time.perf_counter() - started < 3.0


def test_a_label_naming_an_own_account_is_internal():
    accounts = own_account_phrases(["FR76 3000 4000 0312 3456 7890 143"], ["Livret pro", "Pro"])
    assert classify("VIR SEPA VERS FR7630004000031234567890143", -10000, accounts=accounts) == (
        D.INTERNAL_TRANSFERS
    )
    assert classify("VIR FR76 3000 4000 0312 3456 7890 143", 10000, accounts=accounts) == (
        D.INTERNAL_TRANSFERS
    )
    assert classify("VIR VERS LIVRET PRO", -10000, accounts=accounts) == D.INTERNAL_TRANSFERS
    # A one-word account name (« Pro ») is too common to mean the account.
    assert classify("PRLV SEPA ORANGE PRO", -8990, accounts=accounts) == D.TELECOM_IT


OWNER = 99  # the owner's own category id


@pytest.mark.parametrize(
    ("rule", "label", "cents", "expected"),
    [
        # An owner's rule beats the built-in one (EDF would be Énergie).
        (Rule(OWNER, Match.CONTAINS, "edf"), "PRLV SEPA EDF ENTREPRISES", -14260, OWNER),
        # Contains: whole words, accents and case aside.
        (Rule(OWNER, Match.CONTAINS, "Leroy-Merlin"), "CB LEROY MERLIN 14/11", -4590, OWNER),
        (Rule(OWNER, Match.CONTAINS, "MERL"), "CB LEROY MERLIN 14/11", -4590, D.PURCHASES),
        # Direction: a rule for money out leaves money in alone.
        (
            Rule(OWNER, Match.CONTAINS, "LEROY MERLIN", Direction.OUT),
            "AVOIR LEROY MERLIN",
            4590,
            None,
        ),
        # Amount bounds on |amount|, both included.
        (Rule(OWNER, Match.CONTAINS, "CEDEO", None, 100, 5000), "CB CEDEO", -5000, OWNER),
        (Rule(OWNER, Match.CONTAINS, "CEDEO", None, 100, 5000), "CB CEDEO", -5001, D.PURCHASES),
        (Rule(OWNER, Match.CONTAINS, "CEDEO", None, 100, 5000), "CB CEDEO", -99, D.PURCHASES),
        # A regular expression on the folded label.
        (Rule(OWNER, Match.REGEX, r"^CB .+ MARCHE$"), "CB Boulangerie du marché", -650, OWNER),
        (Rule(OWNER, Match.REGEX, r"^CB .+ MARCHE$"), "PRLV MARCHE", -650, None),
        # Counterparty: the normalised name, not a word of it.
        (Rule(OWNER, Match.COUNTERPARTY, "LEROY MERLIN"), "VIR LEROY MERLIN SAS", -100, OWNER),
        (Rule(OWNER, Match.COUNTERPARTY, "LEROY"), "VIR LEROY MERLIN SAS", -100, D.PURCHASES),
        (
            Rule(OWNER, Match.COUNTERPARTY, "HOTEL DU PARC"),
            "VIR SEPA RECU REF 88",
            50000,
            OWNER,
        ),
    ],
)
def test_owner_rules(rule, label, cents, expected):
    counterparty = "Hôtel du Parc SARL" if "REF 88" in label else None
    assert classify(label, cents, [rule], counterparty=counterparty) == expected


def test_the_lower_priority_number_wins_among_owner_rules():
    rules = [Rule(1, Match.CONTAINS, "LEROY"), Rule(2, Match.CONTAINS, "LEROY MERLIN")]
    assert classify("CB LEROY MERLIN", -100, rules) == 1
    assert classify("CB LEROY MERLIN", -100, rules[::-1]) == 2


def test_a_deleted_default_category_is_no_target():
    classifier = Classifier([], {k: v for k, v in DEFAULTS.items() if k != D.ENERGY})
    assert classifier.classify(Line("PRLV SEPA EDF", -100)) is None


def test_learned_usual_category_of_a_counterparty():
    known = [("BOULANGERIE", "Divers")] * 3 + [("BOULANGERIE", "Achats")]
    known += [("CEDEO", "Achats"), ("CEDEO", "Sous-traitance"), ("", "Divers")]
    assert learned_categories(known) == {"BOULANGERIE": "Divers"}  # 3 of 4; CEDEO split


@pytest.mark.parametrize(
    ("label", "counterparty", "expected"),
    [
        ("CB LEROY MERLIN 14/11", None, (Match.CONTAINS, "LEROY MERLIN")),
        ("VIR SEPA CEDEO FACT CED-2611-123", None, (Match.CONTAINS, "CEDEO")),
        ("VIR SEPA RECU REF 88", "Hôtel du Parc SARL", (Match.COUNTERPARTY, "HOTEL DU PARC")),
        ("CB LE RELAIS DES ARTISANS 30/11", None, (Match.CONTAINS, "RELAIS DES ARTISANS")),
        ("CB BOULANGERIE DU MARCHE", None, (Match.CONTAINS, "BOULANGERIE DU MARCHE")),
        ("CB 12/11", None, None),
    ],
)
def test_rule_from_a_line(label, counterparty, expected):
    assert rule_from_line(label, counterparty) == expected


@pytest.mark.parametrize(
    ("pattern", "refused"),
    [
        (r"(a+)+", "répétition dans une répétition"),
        (r"(\w*)*X", "répétition dans une répétition"),
        (r"(a|ab)+", "alternative répétée"),
        (r"(\w)\1", "références arrière"),
        (r"(?=A)B", "assertions"),
        (r".*A.*B", "une seule répétition longue"),
        (r"[A-", "invalide"),
        ("A" * 121, "trop long"),
    ],
)
def test_dangerous_or_invalid_regexes_are_refused(pattern, refused):
    with pytest.raises(ValidationError, match=refused):
        check_pattern(Match.REGEX, pattern)


def test_an_accepted_regex_stays_fast_on_the_longest_label():
    pattern = check_pattern(Match.REGEX, r"^(CB|PRLV) \w+ MARCHE\d{2,4}")
    rule = Rule(OWNER, Match.REGEX, pattern)
    classifier = Classifier([rule], DEFAULTS)
    started = time.perf_counter()
    classifier.classify(Line("CB " + "A" * 497, -1))
    assert time.perf_counter() - started < 0.05


def test_a_contains_pattern_needs_a_letter_or_digit():
    with pytest.raises(ValidationError, match="au moins une lettre"):
        check_pattern(Match.CONTAINS, " -- ")
    assert check_pattern(Match.CONTAINS, "  leroy ") == "leroy"


def test_during_an_import_only_the_rules_before_the_pairs_apply():
    """A transfer in with no other clue might come from another own account, imported
    later: its fallback (Ventes) waits for the bookkeeping step."""
    classifier = Classifier([], DEFAULTS)
    assert classifier.before_pairs(Line("VIR SEPA MARTIN", 200000)) is None
    assert classifier.classify(Line("VIR SEPA MARTIN", 200000)) == D.SALES
    assert classifier.before_pairs(Line("PRLV SEPA URSSAF", -100)) == D.SOCIAL_CHARGES


@pytest.mark.parametrize(
    ("label", "counterparty", "key"),
    [
        # OFX repeats the label in NAME: read as a label, its date aside.
        ("CB QUINCAILLERIE DUPONT 10/11", "CB QUINCAILLERIE DUPONT 10/11", "QUINCAILLERIE DUPONT"),
        ("VIR SEPA RECU REF 88", "Hôtel du Parc SARL", "HOTEL DU PARC"),  # a real name field
    ],
)
def test_a_lines_counterparty_key(label, counterparty, key):
    assert counterparty_key(label, counterparty) == key
