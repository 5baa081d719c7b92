"""Every real third-party bank file of ../shared/fixtures through the real import service.

Each one either imports with the right number of lines and a matching closing balance,
or is refused with a clear French message; importing it again adds nothing. They are old
statements (2022 and before): the owner confirms that they create accounts. Foreign-
currency statements are refused (Tréso keeps euro accounts); to still prove their
structure imports, the test then relabels their currency as euros and imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import func, select

from treso_app.db import tables as t
from treso_app.db.migrate import upgrade
from treso_app.db.session import read_only
from treso_app.readers import CsvColumns
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import resolve_company
from treso_app.services.imports import import_file

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
BANK_KINDS = ("ofx", "camt053", "cfonb120", "csv")
pytestmark = pytest.mark.skipif(
    not (FIXTURES / "MANIFEST.tsv").exists(), reason=f"no shared fixtures at {FIXTURES}"
)


@dataclass(frozen=True)
class Imports:
    lines: int
    gaps: tuple[int, ...] | None = None  # balance gaps the file's own balances produce


@dataclass(frozen=True)
class Refused:
    because: str  # a fragment of the French message


@dataclass(frozen=True)
class Foreign:
    lines: int  # once its currency is relabelled as euros
    because: str = "Tréso ne tient que des comptes en euros"


@dataclass(frozen=True)
class NeedsAccount:
    lines: int  # once the owner picks the account


@dataclass(frozen=True)
class NeedsColumns:
    lines: int  # once the owner confirms the guessed columns and picks the account


MIXED = "mélange plusieurs devises"
NO_STATEMENT = Refused("ne contient aucun relevé de compte bancaire")
EXPECTED = {
    "ofx/asgrim__ofxparser/ofxdata-bb-two-stmtrs.ofx": Foreign(36),
    "ofx/asgrim__ofxparser/ofxdata-bb.ofx": Foreign(1),
    "ofx/asgrim__ofxparser/ofxdata-cmfr.ofx": NeedsAccount(42),
    "ofx/asgrim__ofxparser/ofxdata-credit-card.ofx": Foreign(1),
    "ofx/asgrim__ofxparser/ofxdata-memoWithAmpersand.ofx": Foreign(16),
    "ofx/asgrim__ofxparser/ofxdata-memoWithQuotes.ofx": Foreign(16),
    "ofx/asgrim__ofxparser/ofxdata-oneline.ofx": NeedsAccount(8),
    "ofx/asgrim__ofxparser/ofxdata-xml.ofx": Foreign(3),
    "ofx/asgrim__ofxparser/ofxdata.ofx": Foreign(3),
    "ofx/csingley__ofxtools/br_nubank_cc.ofx": Foreign(6),
    "ofx/csingley__ofxtools/stmtrs.ofx": Foreign(2),
    "ofx/csingley__ofxtools/stmtrs_euro.ofx": Foreign(2),
    "ofx/egh__ledger-autosync/apostrophe.ofx": Foreign(1),
    "ofx/egh__ledger-autosync/cusip.ofx": NO_STATEMENT,
    "ofx/egh__ledger-autosync/fidelity-one-dtsettle.ofx": NO_STATEMENT,
    "ofx/egh__ledger-autosync/no-institution.ofx": Foreign(3),
    "ofx/gpaulissen__ofxstatement-french/BPACA_OP_20220717.ofx": Imports(63),
    "ofx/gpaulissen__ofxstatement-french/BPACA_OP_20220802.ofx": Imports(38),
    "ofx/gpaulissen__ofxstatement-french/BPACA_OP_20220828.ofx": Imports(69),
    "ofx/gpaulissen__ofxstatement-french/Extrait_de_compte_balance.txt.ofx": Imports(4),
    "ofx/jbms__beancount-import/amex.ofx": Foreign(3),
    "ofx/jbms__beancount-import/checking-emptyledgerbal.ofx": Foreign(3),
    "ofx/jseutter__ofxparse/account_listing_aggregation.ofx": NO_STATEMENT,
    "ofx/jseutter__ofxparse/anzcc.ofx": Foreign(1),
    "ofx/jseutter__ofxparse/bank_medium.ofx": Foreign(3),
    "ofx/jseutter__ofxparse/decimal_error.ofx": Refused("Ligne 34 : date illisible"),
    "ofx/jseutter__ofxparse/error_message.ofx": Refused("General Server Error"),
    "ofx/jseutter__ofxparse/fidelity.ofx": NO_STATEMENT,
    "ofx/jseutter__ofxparse/investment_401k.ofx": NO_STATEMENT,
    "ofx/jseutter__ofxparse/ofx-v102-empty-tags.ofx": Imports(1),
    "ofx/jseutter__ofxparse/signon_fail.ofx": Refused("n'a pas envoyé de relevé"),
    "ofx/jseutter__ofxparse/signon_success.ofx": Refused("n'a pas envoyé de relevé"),
    "ofx/jseutter__ofxparse/td_ameritrade.ofx": NO_STATEMENT,
    "ofx/jseutter__ofxparse/vanguard401k.ofx": NO_STATEMENT,
    "ofx/libofx__libofx/heap-buffer-overflow-1.ofx": NO_STATEMENT,
    "ofx/libofx__libofx/null-ptr-deref-1.ofx": Refused("Ligne 7 : opération en dehors"),
    "ofx/libofx__libofx/null-ptr-deref-2.ofx": NO_STATEMENT,
    "ofx/libofx__libofx/ofx-2.1.1-sect-13.13.ofx": NO_STATEMENT,
    "ofx/libofx__libofx/ofx_spec160_stmtrs_example.sgml": Foreign(2),
    "ofx/libofx__libofx/ofx_spec201_stmtrs_example.xml": Foreign(2),
    "ofx/libofx__libofx/use-after-free.ofx": Refused("n'est pas un relevé bancaire"),
    "ofx/OCA__bank-statement-import/test_ofx.ofx": Foreign(4),
    "ofx/OCA__bank-statement-import/test_ofx_iban.ofx": Foreign(4),
    "ofx/OCA__bank-statement-import/test_ofx_wrong.ofx": Refused("Ligne 42 : opération sans"),
    "ofx/redstreet__beancount_reds_importers/360Checking.qfx": Foreign(4),
    "ofx/redstreet__beancount_reds_importers/ofxstatementGenerated.n26.ofx": Imports(1),
    "ofx/redstreet__beancount_reds_importers/transactions.qfx": Foreign(2),
    "ofx/stoicflame__ofx4j/closing-tags.ofx": NO_STATEMENT,
    "ofx/stoicflame__ofx4j/pag-seguro.ofx": Foreign(3),
    "ofx/stoicflame__ofx4j/whitespace-example.ofx": NO_STATEMENT,
    "ofx/wesabe__fixofx/checking.ofx": Foreign(106),
    "camt053/genkgo__camt/camt053.v2.all-balance-types.xml": Imports(1),
    "camt053/genkgo__camt/camt053.v2.five.decimals.xml": Imports(1),
    "camt053/genkgo__camt/camt053.v2.minimal.xml": Foreign(1, MIXED),
    # Two statements of the same day: the second one opens where the first one closes,
    # but both date their line after the first closing. Tréso shows the gap.
    "camt053/genkgo__camt/camt053.v2.multi.statement.xml": Imports(2, gaps=(700, 0)),
    "camt053/genkgo__camt/camt053.v2.wrong.xml": Refused("aucun relevé (<Stmt> absent)"),
    "camt053/genkgo__camt/camt053.v3.xml": Foreign(1, MIXED),
    "camt053/genkgo__camt/camt053.v4.xml": Foreign(1, MIXED),
    "camt053/genkgo__camt/camt053.v8.xml": Foreign(1, MIXED),
    "camt053/genkgo__camt/camt53.only-Dt-with-DtTm.xml": Refused("en RON"),
    "camt053/kedder__ofxstatement-iso20022/camt053.xml": Foreign(1),
    "camt053/kedder__ofxstatement-iso20022/davider80.xml": Foreign(16),
    "camt053/kedder__ofxstatement-iso20022/gcamp6.xml": Foreign(5),
    "camt053/kedder__ofxstatement-iso20022/unsupported.xml": Refused("n'est pas un relevé"),
    "camt053/OCA__bank-statement-import/test-camt053": Imports(4),  # a 2-payment batch split
    "camt053/OCA__bank-statement-import/test-camt053-txdtls": Foreign(2),
    # Two monthly statements that both open at 15 568,27 €: the second cannot be right.
    "camt053/OCA__bank-statement-import/test-camt053.zip": Imports(6, gaps=(0, -5701)),
    "cfonb120/akretion__python-cfonb/bank_statement.cfo": Imports(4),
    "cfonb120/pennylane-hq__cfonb/end_of_statement_without_beginning.txt": Refused(
        "Ligne 6 : solde final (07) d'un autre compte"
    ),
    "cfonb120/pennylane-hq__cfonb/operation.txt": Refused("Ligne 1 : une opération (04) avant"),
    "cfonb120/pennylane-hq__cfonb/operation_out_of_statement.txt": Refused(
        "Ligne 1 : une opération (04) avant"
    ),
    "cfonb120/pennylane-hq__cfonb/operation_unstarted.txt": Refused("Ligne 1 : complément (05)"),
    # The last 01 record jumps from 11 484,75 € to 584 353,02 €: shown as a gap.
    "cfonb120/silarhi__cfonb-parser/complex-test.txt": Imports(5, gaps=(0,) * 7 + (57286827,)),
    # Same statements with the optional entry-number zone left blank: the amounts and
    # dates sit at their standard columns, so it reads exactly like complex-test.txt.
    "cfonb120/silarhi__cfonb-parser/non-strict-test.txt": Imports(5, gaps=(0,) * 7 + (57286827,)),
    "cfonb120/silarhi__cfonb-parser/test-unused-parts.txt": Refused("aucune opération"),
    "csv/bank2ynab__bank2ynab/Movements_1234512345_201805271848.csv": NeedsColumns(1),
    "csv/bank2ynab__bank2ynab/MS_JANE_SMITH_01-12-2019_14-12-2019.csv": Foreign(10),
    "csv/egh__ledger-autosync/mint.csv": NeedsAccount(2),
    "csv/egh__ledger-autosync/paypal.csv": Foreign(2),
    "csv/egh__ledger-autosync/venmo.csv": Foreign(4),
    "csv/reubano__csv2ofx/n26-fr.csv": NeedsAccount(2),
    "csv/reubano__csv2ofx/stripe-default.csv": Foreign(5),
}
OWNER_IBAN = "FR7630004000031234567890143"
# Currency codes and symbols of the foreign fixtures, relabelled as euros (test only).
AS_EUROS = [(b"R$", b""), ("£".encode(), b""), (b"$", b"")] + [
    (code, b"EUR")
    for code in (
        b"USD",
        b"BRL",
        b"GBP",
        b"AUD",
        b"CAD",
        b"cad",
        b"CHF",
        b"RON",
        b"XXX",
        b"CZK",
        b"SEK",
        b"JPY",
    )
]


def bank_files() -> list[str]:
    if not (FIXTURES / "MANIFEST.tsv").exists():
        return []
    rows = (FIXTURES / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [row.split("\t")[1] for row in rows if row.split("\t")[0] in BANK_KINDS]


def test_the_table_covers_every_bank_fixture():
    assert sorted(bank_files()) == sorted(EXPECTED)


def line_count(url: str) -> int:
    with read_only(url) as session:
        return session.exec(select(func.count()).select_from(t.BankTransaction)).one()


@pytest.mark.parametrize("name", bank_files())
def test_fixture(name, tmp_path):
    url = f"sqlite:///{tmp_path / 'treso.db'}"
    upgrade(url)
    company = resolve_company(url=url)
    data = (FIXTURES / name).read_bytes()
    expected = EXPECTED[name]
    first = import_file(company, Path(name).name, data, source="cli", confirm_old=True, url=url)

    if isinstance(expected, Refused):
        assert not first.imported
        # After « file » : the reader's own sentence, its first letter in lower case.
        assert expected.because.lower() in first.message.lower(), first.message
        assert line_count(url) == 0
        return

    account, columns = None, None
    if isinstance(expected, Imports):
        assert first.imported, first.message
        result = first
    else:
        assert not first.imported and line_count(url) == 0
        reason = {
            NeedsAccount: "n'indique pas de quel compte",
            NeedsColumns: "colonnes de ce CSV non reconnues",
        }.get(type(expected))
        assert (reason or expected.because).lower() in first.message.lower(), first.message
        for foreign, euros in AS_EUROS:
            data = data.replace(foreign, euros)
        if isinstance(expected, NeedsColumns):
            columns = CsvColumns.from_dict(first.csv_guess)
        if not isinstance(expected, Foreign) or not _identified(company, data, url):
            account = resolve_account(company, OWNER_IBAN, url)
        result = import_file(
            company, name, data, account_id=account, csv_columns=columns, confirm_old=True, url=url
        )
        assert result.imported, result.message

    assert result.read == result.new == expected.lines == line_count(url)
    gaps = tuple(s.balance_gap_cents for s in result.statements if s.closing_cents is not None)
    assert gaps == (expected.gaps if getattr(expected, "gaps", None) else (0,) * len(gaps))

    again = import_file(company, name, data, account_id=account, csv_columns=columns, url=url)
    assert again.imported and again.new == 0 and again.duplicates == expected.lines
    assert line_count(url) == expected.lines


def _identified(company: int, data: bytes, url: str) -> bool:
    """Foreign CSVs name no account either: the owner then picks one."""
    from treso_app.readers import read_file

    return all(s.account.is_known for s in read_file(data).statements)
