from __future__ import annotations

from datetime import date

import pytest

from treso_app.readers import CsvColumns, StatementError, read_file


def amounts(data: bytes) -> list[tuple[date, int, str]]:
    parsed = read_file(data)
    assert not parsed.needs_confirmation
    return [(line.booked_on, line.amount_cents, line.label) for line in parsed.statements[0].lines]


def test_credit_agricole_layout_with_debit_and_credit_columns_in_cp1252():
    text = (
        "Téléchargement du 25/11/2026;;;\r\n"
        "Compte courant n° 12345678901;;;\r\n"
        ";;;\r\n"
        "Date;Libellé;Débit euros;Crédit euros;\r\n"
        "24/11/2026;PRLV URSSAF;1 234,56;;\r\n"
        "23/11/2026;VIR CLIENT DUPONT;;2 000,00;\r\n"
    )
    parsed = read_file(text.encode("cp1252"))
    assert parsed.layout == "Crédit Agricole"
    assert amounts(text.encode("cp1252")) == [
        (date(2026, 11, 24), -123456, "PRLV URSSAF"),
        (date(2026, 11, 23), 200000, "VIR CLIENT DUPONT"),
    ]


@pytest.mark.parametrize(
    ("amount", "cents"),
    [
        ("-1 234,56", -123456),
        ("-1\u00a0234,56", -123456),
        ("-1\u202f234,56", -123456),
        ("-1.234,56", -123456),
        ("-1'234,56", -123456),
        ("-1234,5", -123450),
        ("+12,00", 1200),
        ("-12", -1200),
    ],
)
def test_french_thousands_and_decimal_separators(amount, cents):
    text = f"Date;Libellé;Montant\n24/11/2026;X;{amount}\n24/11/2026;Y;-1,00\n"
    assert amounts(text.encode())[0][1] == cents


def test_utf8_bom_comma_delimiter_point_decimals_and_iso_dates():
    text = (
        '\ufeffdate,description,amount\n2026-11-24,CAFÉ,-2.10\n2026-11-23,"VIR, CLIENT",1500.00\n'
    )
    assert amounts(text.encode("utf-8")) == [
        (date(2026, 11, 24), -210, "CAFÉ"),
        (date(2026, 11, 23), 150000, "VIR, CLIENT"),
    ]


def test_boursorama_layout_and_two_digit_years():
    text = (
        "dateOp;dateVal;label;category;categoryParent;supplierFound;amount;comment;accountNum\n"
        "24/11/26;24/11/26;CB LEROY MERLIN;Bricolage;Maison;leroy merlin;-45,90;;0001\n"
    )
    parsed = read_file(text.encode())
    assert parsed.layout == "Boursorama"
    assert amounts(text.encode()) == [(date(2026, 11, 24), -4590, "CB LEROY MERLIN")]


def test_pending_lines_are_left_out_and_said():
    text = "Date;Libellé;Montant\nEn cours;CB EN ATTENTE;-5,00\n24/11/2026;CB;-1,00\n"
    parsed = read_file(text.encode())
    assert parsed.line_count == 1
    assert "en attente" in parsed.notes[0]


def test_an_unknown_layout_is_guessed_and_waits_for_confirmation():
    text = (
        "Kdy;Co;Kolik;Mena\n"
        "24.11.2026;Nakup potravin v obchode;-1 234,50;EUR\n"
        "23.11.2026;Prevod od klienta;500,00;EUR\n"
    )
    parsed = read_file(text.encode())
    assert parsed.needs_confirmation
    assert parsed.columns == CsvColumns(date=0, label=1, amount=2, currency=3)
    confirmed = read_file(text.encode(), parsed.columns)
    assert not confirmed.needs_confirmation
    assert [line.amount_cents for line in confirmed.statements[0].lines] == [-123450, 50000]


def test_month_first_dates_when_the_file_proves_it():
    text = "Date,Description,Amount\n11/24/2026,A,-1.00\n11/02/2026,B,-2.00\n"
    assert [d for d, _, _ in amounts(text.encode())] == [date(2026, 11, 24), date(2026, 11, 2)]


def test_a_bad_date_names_its_line():
    text = "Date;Libellé;Montant\n24/11/2026;A;-1,00\n31/02/2026;B;-1,00\n"
    with pytest.raises(StatementError) as caught:
        read_file(text.encode())
    assert caught.value.line == 3 and "date illisible" in caught.value.message


def test_a_bad_amount_names_its_line():
    text = "Date;Libellé;Montant\n24/11/2026;A;-1,00\n24/11/2026;B;beaucoup\n"
    with pytest.raises(StatementError, match="montant illisible") as caught:
        read_file(text.encode())
    assert caught.value.line == 3


@pytest.mark.parametrize(
    ("rows", "line", "problem"),
    [
        # The file's first problem is named, whatever the column it is in.
        ("24/11/2026;A;1,00;\n24/11/2026;B;;\n99/11/2026;C;1,00;\n", 3, "ni débit ni crédit"),
        ("24/11/2026;A;1,00;\n99/11/2026;B;;\n24/11/2026;C;x;\n", 3, "date illisible"),
        ("24/11/2026;A;;1,0,0\n24/11/2026;B;x;\n", 2, "montant illisible : « 1,0,0 »"),
    ],
)
def test_the_first_problem_of_the_file_is_the_one_named(rows, line, problem):
    with pytest.raises(StatementError) as caught:
        read_file(f"Date;Libellé;Débit;Crédit\n{rows}".encode())
    assert caught.value.line == line and problem in caught.value.message


def test_plain_and_written_out_amounts_in_one_column():
    text = "Date;Libellé;Montant\n24/11/2026;A;-1,50\n24/11/2026;B;1 234,5 €\n24/11/2026;C;7\n"
    parsed = read_file(text.encode())
    assert [line.amount_cents for line in parsed.statements[0].lines] == [-150, 123450, 700]
    assert parsed.statements[0].currency == "EUR"


def test_text_that_is_not_a_statement_is_refused():
    with pytest.raises(StatementError):
        read_file("Bonjour,\nvoici le fichier demandé.\nCordialement\n".encode())


def test_revolut_keeps_only_completed_rows():
    text = (
        "Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance\n"
        "CARD_PAYMENT,Current,2026-11-23 10:01:02,2026-11-24 08:00:00,Leroy Merlin,-45.90,0.00,"
        "EUR,COMPLETED,954.10\n"
        "CARD_PAYMENT,Current,2026-11-24 18:30:00,,Boulangerie,-3.20,0.00,EUR,PENDING,\n"
        "CARD_PAYMENT,Current,2026-11-22 09:00:00,2026-11-22 09:05:00,Essence,-60.00,0.00,EUR,"
        "REVERTED,\n"
    )
    parsed = read_file(text.encode())
    assert parsed.layout == "Revolut"
    lines = parsed.statements[0].lines
    assert [(line.booked_on, line.value_on, line.amount_cents) for line in lines] == [
        (date(2026, 11, 24), date(2026, 11, 23), -4590)
    ]
    assert parsed.statements[0].currency == "EUR"
    assert "1 opération « en attente » ignorée : pas encore passée." in parsed.notes[0]


def test_la_banque_postale_with_its_preamble():
    text = (
        "Numéro Compte   ;0123456A020\r\n"
        "Type            ;CCP\r\n"
        "Compte tenu en  ;euros\r\n"
        "Date            ;25/11/2026\r\n"
        "Solde (EUROS)   ;1 234,56\r\n"
        "\r\n"
        "Date;Libellé;Montant(EUROS)\r\n"
        '24/11/2026;"ACHAT CB CARREFOUR 23.11.26";-52,30\r\n'
    )
    parsed = read_file(text.encode("cp1252"))
    assert parsed.layout == "La Banque Postale"
    assert amounts(text.encode("cp1252")) == [
        (date(2026, 11, 24), -5230, "ACHAT CB CARREFOUR 23.11.26")
    ]


def test_an_unreadable_amount_next_to_a_direction_column():
    text = "Date;Libellé;Montant;Sens\n24/11/2026;A;12,00;D\n24/11/2026;B;douze;C\n"
    with pytest.raises(StatementError, match="montant illisible") as caught:
        read_file(text.encode())
    assert caught.value.line == 3
