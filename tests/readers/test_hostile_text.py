"""Hostile OFX, CSV and CFONB files: refused quickly, in French, naming the line.

Line numbers are counted by hand in the samples: `ofx_sgml` puts its transactions on line
18 and its ledger balance on line 20; the CSVs below have a header on line 1.
"""

from __future__ import annotations

import contextlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treso_app.readers import StatementError, bank_csv, cfonb, ofx
from treso_app.readers.numbers import amount_to_cents

from .samples import cfonb_amount, cfonb_record, ofx_sgml, ofx_transaction
from .test_fuzz import SEEDS

OFX_HEAD = b"OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>\n"
CSV_HEAD = b"Date;Libelle;Montant\n01/01/2026;CB CAFE;-2,50\n"


def one_ofx(day: str = "20261123", amount: str = "-12,50", name: str = "CB CAFE", **kw) -> bytes:
    return ofx_sgml(ofx_transaction(day, amount, name, "A1"), **kw)


def a_cfonb(decimals: str = "2") -> bytes:
    return "\n".join(
        [
            cfonb_record("01", amount=cfonb_amount(100000)),
            cfonb_record("04", label="PRLV", decimals=decimals, amount="9999999999999I"),
            cfonb_record("07", amount=cfonb_amount(95000)),
        ]
    ).encode()


def refusal(read, data: bytes) -> str:
    with pytest.raises(StatementError) as caught:
        read(data)
    # Babel groups digits with narrow no-break spaces: compared here as plain spaces.
    return caught.value.message.replace("\u202f", " ").replace("\u00a0", " ")


AMOUNT_TOO_BIG = (
    "montant hors limites. Le montant dépasse la limite de 999 999 999 999 € : "
    "vérifiez le nombre de chiffres."
)


@pytest.mark.parametrize(
    ("read", "data", "expected"),
    [
        # A 20-digit amount was an OverflowError and a traceback; 9×10¹⁶ € was stored.
        (bank_csv.read, CSV_HEAD + b"02/01/2026;VIR;12345678901234567890,00\n",
         f"ligne 3 : {AMOUNT_TOO_BIG}"),
        (ofx.read, one_ofx(amount="90000000000000000"), f"ligne 18 : {AMOUNT_TOO_BIG}"),
        # CFONB: 13 digits with no decimals is 10¹⁴ € (the 04 record is line 2).
        (cfonb.read, a_cfonb(decimals="0"), f"ligne 2 : {AMOUNT_TOO_BIG}"),
        (ofx.read, one_ofx(balance="1000000000000,00"),
         "ligne 20 : montant hors limites. Le solde dépasse la limite de 999 999 999 999 € : "
         "vérifiez le nombre de chiffres."),
        (ofx.read, one_ofx(day="99991231235959"),
         "ligne 18 : date hors limites. La date de l'opération (31/12/9999) doit être entre "
         "le 01/01/1900 et le 31/12/2100."),
        (bank_csv.read, CSV_HEAD + b"01/01/1850;VIR;10,00\n",
         "ligne 3 : date hors limites. La date de l'opération (01/01/1850) doit être entre "
         "le 01/01/1900 et le 31/12/2100."),
        (ofx.read, one_ofx(as_of="21010101"),
         "ligne 20 : date hors limites. La date du solde (01/01/2101) doit être entre "
         "le 01/01/1900 et le 31/12/2100."),
        (ofx.read, one_ofx(name="X" * 600),
         "ligne 18 : texte hors limites. Le libellé est trop long : 600 caractères pour "
         "500 au plus."),
        (bank_csv.read, CSV_HEAD + b"02/01/2026;VIR;1" + b" " * 100_000 + b"x\n",
         "ligne 3 : plus de 65 536 caractères sans retour à la ligne : ce fichier n'est pas "
         "un relevé lisible (abîmé ou malveillant)."),
        (bank_csv.read, CSV_HEAD + b"02/01/2026;VIR;1" + b" " * 1_000 + b"x\n",
         "ligne 3 : montant illisible : « 1" + " " * 39 + "… » est trop long pour un montant."),
        (ofx.read, OFX_HEAD + b"<A" + b"x" * 200_000,
         "ligne 5 : plus de 65 536 caractères sans balise : ce fichier n'est pas un relevé "
         "lisible (abîmé ou malveillant)."),
        (bank_csv.read, CSV_HEAD + b";".join([b"x"] * 100_00) + b"\n",
         "ligne 3 : 10 000 colonnes, plus que les 200 qu'un relevé peut avoir."),
        (bank_csv.read, b"Date;Libelle;Montant\n" + b"01/01/2026;A;1,00\n" * 500_001,
         "plus de 500 000 lignes : découpez le fichier (par exemple par période)."),
        (bank_csv.read, CSV_HEAD + b'02/01/2026;"' + b"A\n" * 70_000 + b";1,00\n",
         # the cell passes csv's 131 072 characters on its 65 537th line
         "ligne 65539 : CSV illisible : guillemets mal fermés ou cellule démesurée."),
    ],
)  # fmt: skip
def test_hostile_text_files_are_refused_in_french_naming_the_line(read, data, expected):
    assert refusal(read, data) == expected


NUL = (
    "caractère nul (octet 0) : ce n'est pas un fichier texte lisible (fichier binaire, "
    "abîmé ou enregistré en UTF-16)."
)


def test_a_nul_byte_refuses_the_file_at_its_line():
    assert refusal(bank_csv.read, CSV_HEAD + b"02/01/2026;V\x00IR;1,00\n") == f"ligne 3 : {NUL}"
    assert refusal(ofx.read, one_ofx(name="CB\x00CAFE")) == f"ligne 18 : {NUL}"
    assert refusal(cfonb.read, a_cfonb().replace(b"PRLV", b"PR\x00V")) == f"ligne 2 : {NUL}"


def test_the_first_line_out_of_bounds_is_named_in_a_csv():
    data = CSV_HEAD + b"02/01/2026;A;1,00\n03/01/2099;B;2,00\n04/01/2101;C;3,00\n"
    assert refusal(bank_csv.read, data).startswith("ligne 5 : date hors limites.")


def test_amounts_and_dates_at_the_bounds_are_still_read():
    data = CSV_HEAD + b"31/12/2100;MAX;999999999999,99\n01/01/1900;MIN;-999999999999,99\n"
    amounts = [line.amount_cents for line in bank_csv.read(data).statements[0].lines]
    assert amounts == [-250, 99_999_999_999_999, -99_999_999_999_999]


# Linearity: 10 KB vs 1 MB of each input that was quadratic (the cut-off bounds of each
# shape keep real-looking chunks under LINE_LENGTH so the patterns themselves are reached).
def unclosed_tag(size: int) -> bytes:  # the attacker's file: « <A » and x's
    return OFX_HEAD + b"<A" + b"x" * size


def unclosed_tags(size: int) -> bytes:  # under the line limit: each tag reaches _TAG
    chunk = b"<A" + b"x" * min(size, 60_000)
    return OFX_HEAD + chunk * max(1, size // len(chunk))


def unclosed_comments(size: int) -> bytes:
    return OFX_HEAD + b"<!--" * (size // 4)


def amount_then_spaces(size: int) -> bytes:
    return b"1" + b" " * size + b"x"


def csv_amounts_then_spaces(size: int) -> bytes:
    row = b"02/01/2026;VIR;1" + b" " * min(size, 60_000) + b"x\n"
    return CSV_HEAD + row * max(1, size // len(row))


def read_amount(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        amount_to_cents(data.decode(), ",")


def timed(read, data: bytes) -> float:
    start = time.perf_counter()
    with contextlib.suppress(StatementError):
        read(data)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    ("read", "make"),
    [
        (ofx.read, unclosed_tag),
        (ofx.read, unclosed_tags),
        (ofx.read, unclosed_comments),
        (read_amount, amount_then_spaces),
        (bank_csv.read, csv_amounts_then_spaces),
    ],
)
def test_readers_are_linear_in_hostile_input(read, make):
    small, large = make(10_000), make(1_000_000)
    small_time = min(timed(read, small) for _ in range(3))
    # Quadratic code takes 0.7 s to 8 s on 10 KB already (measured): stop there.
    assert small_time < 0.1
    large_time = min(timed(read, large) for _ in range(3))
    # Linear: about 100 (the size ratio); quadratic: about 10,000.
    assert large_time / max(small_time, 1e-4) < 300, (small_time, large_time)
    assert large_time < 2


# Random bytes and mutations of valid files, with hostile inserts: only StatementError.
READERS = {"ofx": ofx.read, "csv": bank_csv.read, "cfonb": cfonb.read}
HOSTILE = [b"x" * 70_000, b" " * 3_000, b"9" * 25, b"<!--", b"\x00", b"99991231", b"<A",
           b"1899", b";" * 300, b'"', b"<TRNAMT>", b"\r", b"(", b"-"]  # fmt: skip


@st.composite
def hostile(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(READERS)))
    data = bytearray(SEEDS[kind] if draw(st.booleans()) else draw(st.binary(max_size=300)))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "flip", "delete"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(HOSTILE) | st.binary(min_size=1, max_size=12))
        elif action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        else:
            del data[at : at + draw(st.integers(1, 30))]
    return kind, bytes(data)


@settings(max_examples=400, deadline=None)
@given(hostile())
def test_only_statement_errors_come_out_of_a_text_reader_and_fast(case):
    kind, data = case
    start = time.perf_counter()
    try:
        READERS[kind](data)
    except StatementError as error:
        assert error.message
    assert time.perf_counter() - start < 1
