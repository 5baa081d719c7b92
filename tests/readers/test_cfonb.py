from __future__ import annotations

from datetime import date

import pytest

from treso_app.readers import StatementError, read_file

from .samples import FR_IBAN, cfonb_amount, cfonb_record


def statement_file(*middle: str, opening: int = 100000, closing: int = 95000) -> str:
    return "\r\n".join(
        [
            cfonb_record("01", date="201126", amount=cfonb_amount(opening)),
            *middle,
            cfonb_record("07", date="241126", amount=cfonb_amount(closing)),
        ]
    )


def movement(cents: int, label: str, day: str = "231126") -> str:
    return cfonb_record(
        "04", operation="0001", date=day, value_date=day, label=label, amount=cfonb_amount(cents)
    )


@pytest.mark.parametrize(
    ("zone", "cents"),
    [
        ("0000000001234{", 12340),
        ("0000000001234A", 12341),
        ("0000000001234I", 12349),
        ("0000000001234}", -12340),
        ("0000000001234J", -12341),
        ("0000000001234R", -12349),
    ],
)
def test_the_last_character_carries_digit_and_sign(zone, cents):
    text = statement_file(cfonb_record("04", label="X", amount=zone))
    assert read_file(text.encode()).statements[0].lines[0].amount_cents == cents


def test_decimals_count_is_honoured():
    record = cfonb_record("04", label="X", decimals="0", amount="0000000000012{")
    assert read_file(statement_file(record).encode()).statements[0].lines[0].amount_cents == 12000


def test_a_full_statement_with_complements():
    text = (
        statement_file(
            movement(-5000, "PRLV SEPA EDF"),
            cfonb_record("05", qualifier="NBE", complement="EDF PRO"),
            cfonb_record("05", qualifier="LIB", complement="CONTRAT 123456"),
            movement(-2500, "CB LEROY MERLIN"),
            "",  # blank separator lines happen
        )
        + "\n"
    )
    statement = read_file(text.encode("cp1252")).statements[0]
    assert statement.account.iban == FR_IBAN
    assert statement.opening.cents == 100000 and statement.opening.on == date(2026, 11, 20)
    assert statement.closing.cents == 95000 and statement.closing.on == date(2026, 11, 24)
    first, second = statement.lines
    assert first.label == "PRLV SEPA EDF EDF PRO CONTRAT 123456"
    assert first.counterparty == "EDF PRO"
    assert first.booked_on == date(2026, 11, 23)
    assert second.amount_cents == -2500


def test_no_final_newline_and_no_line_breaks_at_all():
    text = statement_file(movement(-5000, "A"))
    assert read_file(text.encode()).line_count == 1
    assert read_file(text.replace("\r\n", "").encode()).line_count == 1


def test_several_accounts_in_one_file():
    other = {"account": "99999999999"}
    text = "\n".join(
        [
            statement_file(movement(-5000, "A")),
            cfonb_record("01", amount=cfonb_amount(0), **other),
            cfonb_record("04", label="B", amount=cfonb_amount(700), **other),
            cfonb_record("07", amount=cfonb_amount(700), **other),
        ]
    )
    parsed = read_file(text.encode())
    assert [len(s.lines) for s in parsed.statements] == [1, 1]
    assert parsed.statements[0].account != parsed.statements[1].account


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        ([movement(-1, "A")], 1, "avant tout solde initial"),
        (
            [cfonb_record("01", amount=cfonb_amount(0)), cfonb_record("05", complement="X")],
            2,
            "sans opération",
        ),
        (
            [cfonb_record("01", amount=cfonb_amount(0)), movement(-1, "A", day="321126")],
            2,
            "date illisible",
        ),
        (
            [
                cfonb_record("01", amount=cfonb_amount(0)),
                cfonb_record("04", amount="00000000000ZZZ"),
            ],
            2,
            "montant illisible",
        ),
        ([cfonb_record("01", amount=cfonb_amount(0)), cfonb_record("09")], 2, "inconnu"),
        ([cfonb_record("01", amount=cfonb_amount(0))], None, "sans solde final"),
        ([cfonb_record("01", amount=cfonb_amount(0)), "0" * 125], 2, "125 caractères"),
    ],
)
def test_malformed_files_are_refused_with_the_line(lines, line, message):
    with pytest.raises(StatementError, match=message) as caught:
        read_file("\n".join(lines).encode())
    assert caught.value.line == line


def test_a_long_run_of_complements_is_cut_not_refused():
    complements = [
        cfonb_record("05", qualifier="LIB", complement=f"TEXTE {k:04d} " * 6) for k in range(2000)
    ]
    text = statement_file(movement(-5000, "VIR SEPA DUPONT"), *complements)
    line = read_file(text.encode("cp1252")).statements[0].lines[0]
    assert line.label.startswith("VIR SEPA DUPONT TEXTE 0000")
    assert len(line.label) == 500 and line.label.endswith("…")
