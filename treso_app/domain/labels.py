"""Who a bank line is with, read from its label: one normalisation shared by reconciliation,
categories and recurring flows, so « VIR SEPA RECU /DE LEROY MERLIN SAS REF 88 », « PRLV
LEROY-MERLIN » and the supplier « Leroy Merlin » all read LEROY MERLIN.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

# What banks put around the name: the kind of operation, then words that are never a name.
_BANK_WORDS = frozenset(
    """VIR VIREMENT VIREMENTS SEPA RECU EMIS INST INSTANTANE PERMANENT PRLV PRELEVEMENT PREL
    CB CARTE PAIEMENT PAIEMENTS RETRAIT DAB GAB REMISE REM CHQ CHEQUE CHEQUES ECHEANCE ECH
    AVOIR FACT FACTURE FACTURES FAC FA REF REFERENCE MOTIF DE DU DES LA LE LES POUR PAR AU
    A ET N NO NUM ORDRE DONNEUR BENEF BENEFICIAIRE MANDAT ICS RUM ID TX X XX XXXX EUR""".split()  # noqa: SIM905
)
_MONTHS = frozenset(
    """JANV JANVIER FEV FEVR FEVRIER MARS AVR AVRIL MAI JUIN JUIL JUILLET AOUT SEPT SEPTEMBRE
    OCT OCTOBRE NOV NOVEMBRE DEC DECEMBRE""".split()  # noqa: SIM905
)
_LEGAL_FORMS = frozenset(
    """SARL SAS SASU SA EURL SCI SNC EI EIRL SELARL SELAS SCP SCM ETS STE SOC CIE GIE""".split()  # noqa: SIM905
)
_NOT_A_NAME = _BANK_WORDS | _MONTHS | _LEGAL_FORMS
_NOT_LETTERS = re.compile(r"[^A-Z0-9]+")
# ASCII letters and digits upper-cased, every other ASCII character a space: how the usual
# ASCII label folds, several times faster than the Unicode path (imports fold every line).
_ASCII_FOLD = bytes(
    ord(chr(c).upper()) if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256)
)


def fold(text: str) -> str:
    """Upper-case ASCII words separated by one space: accents, case and punctuation aside."""
    if text.isascii():
        return " ".join(text.encode().translate(_ASCII_FOLD).decode().split())
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_NOT_LETTERS.sub(" ", ascii_text.upper()).split())


def name_words(name: str) -> list[str]:
    """A company's or a person's name, folded, its legal form left out (« Leroy Merlin SAS »,
    « LEROY-MERLIN » → LEROY MERLIN)."""
    return [w for w in fold(name).split() if w not in _LEGAL_FORMS]


def counterparty_key(label: str, counterparty: str | None = None) -> str:
    """Who a bank line is with: the bank's counterparty field when it gives one, else its
    label without the operation's kind, dates, references and amounts. "" when nothing is
    left (« CB 12/11 »). A counterparty field that only repeats the label's start (OFX's
    NAME, « CB QUINCAILLERIE DUPONT 10/11 ») is read as the label. Linear in the length."""
    if counterparty and (counterparty in label or fold(label).startswith(fold(counterparty))):
        counterparty = None
    if counterparty and (words := name_words(counterparty)):
        return " ".join(words)
    # Folded words are letters and digits: a word without a digit is all letters.
    return " ".join(w for w in fold(label).split() if w not in _NOT_A_NAME and w.isalpha())


def name_similarity(a: str, b: str) -> float:
    """0–1: how alike two names are, word order, case, accents and legal forms aside; a
    name found whole inside a longer label scores 1."""
    left, right = " ".join(name_words(a)), " ".join(name_words(b))
    if not left or not right:
        return 0.0
    return fuzz.token_set_ratio(left, right) / 100
