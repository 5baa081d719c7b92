"""Benchmark of the bank imports (not part of the test run): prints figures, asserts nothing.

For a generated 100,000-line OFX, CSV, CAMT.053 and CFONB 120 file: read time, full
import into a fresh SQLite database (read + dedup + insert, one transaction: what the owner
waits for), re-import of the same file, lines per second and peak memory, then the
bookkeeping that follows a first import (categories, reconciliation, recurring flows);
for OFX, ofxtools' own parse and conversion of the same file, side by side. Then each
hostile file of tests/hostile (ZIP bombs, nested XML, DTDs, overflowing amounts…): its
refusal's time and peak memory (target under 5 s and 300 MB). Each measurement runs in a
fresh process so that its peak RSS is its own.

    .venv/bin/python scripts/bench_imports.py [--lines 100000] [--hostile-only]
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LABELS = [
    "CB BOULANGERIE DU MARCHE",
    "PRLV SEPA EDF",
    "VIR SEPA CLIENT DURAND",
    "CB TOTALENERGIES",
    "CB LEROY MERLIN",
    "PRLV URSSAF",
    "VIR SALAIRE",
    "REMISE CHEQUE",
    "CB CAFE DU COIN",
]
START = date(2024, 1, 1)


def lines(count: int, seed: int = 7):
    rng = random.Random(seed)
    for index in range(count):
        day = START + timedelta(days=index * 700 // count)
        cents = rng.choice([-1, -1, -1, 1]) * rng.randint(100, 500_000)
        yield index, day, cents, f"{rng.choice(LABELS)} {rng.randint(1, 9999)}"


def euros(cents: int, sep: str = ".") -> str:
    return f"{'-' if cents < 0 else ''}{abs(cents) // 100}{sep}{abs(cents) % 100:02d}"


def make_ofx(count: int) -> bytes:
    out = [
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
        "CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX>\n"
        "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<DTSERVER>20251201120000<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>\n"
        "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\n"
        "<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>30004<BRANCHID>00003<ACCTID>12345678901"
        "<ACCTTYPE>CHECKING</BANKACCTFROM>\n<BANKTRANLIST><DTSTART>20240101<DTEND>20251201\n"
    ]
    total = 0
    for index, day, cents, label in lines(count):
        total += cents
        out.append(
            f"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>{day:%Y%m%d}<TRNAMT>{euros(cents)}"
            f"<FITID>F{index:08d}<NAME>{label}</STMTTRN>\n"
        )
    out.append(
        f"</BANKTRANLIST><LEDGERBAL><BALAMT>{euros(total)}<DTASOF>20251201</LEDGERBAL>"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    )
    return "".join(out).encode("cp1252")


def make_csv(count: int) -> bytes:
    out = ["Date;Libellé;Débit euros;Crédit euros\r\n"]
    for _, day, cents, label in lines(count):
        amount = euros(abs(cents), ",")
        debit, credit = (amount, "") if cents < 0 else ("", amount)
        out.append(f"{day:%d/%m/%Y};{label};{debit};{credit}\r\n")
    return "".join(out).encode("cp1252")


def make_camt(count: int) -> bytes:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:'
        'xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>B</MsgId>'
        "<CreDtTm>2025-12-01T06:00:00</CreDtTm></GrpHdr><Stmt><Id>1</Id><Acct><Id>"
        "<IBAN>FR7630004000031234567890143</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
    ]
    total = 0
    for index, day, cents, label in lines(count):
        total += cents
        side = "CRDT" if cents > 0 else "DBIT"
        out.append(
            f'<Ntry><Amt Ccy="EUR">{euros(abs(cents))}</Amt><CdtDbtInd>{side}</CdtDbtInd>'
            f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt>"
            f"</ValDt><AcctSvcrRef>R{index:08d}</AcctSvcrRef><NtryDtls><TxDtls><RmtInf>"
            f"<Ustrd>{label}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n"
        )
    side = "CRDT" if total >= 0 else "DBIT"
    out.append(
        f'<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{euros(abs(total))}'
        f"</Amt><CdtDbtInd>{side}</CdtDbtInd><Dt><Dt>2025-12-01</Dt></Dt></Bal>"
        "</Stmt></BkToCstmrStmt></Document>\n"
    )
    return "".join(out).encode()


def make_cfonb(count: int) -> bytes:
    from tests.readers.samples import cfonb_amount, cfonb_record

    by_day: dict[date, list[tuple[int, str]]] = {}
    for _, day, cents, label in lines(count):
        by_day.setdefault(day, []).append((cents, label))
    out, balance = [], 0
    for day, movements in by_day.items():
        stamp = f"{day:%d%m%y}"
        out.append(cfonb_record("01", date=stamp, amount=cfonb_amount(balance)))
        for cents, label in movements:
            out.append(
                cfonb_record(
                    "04", date=stamp, value_date=stamp, label=label, amount=cfonb_amount(cents)
                )
            )
            balance += cents
        out.append(cfonb_record("07", date=stamp, amount=cfonb_amount(balance)))
    return ("\r\n".join(out) + "\r\n").encode("cp1252")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(task: str, path: str, queue) -> None:
    """Runs in a fresh process: one measurement, its time and this process's peak RSS."""
    data = Path(path).read_bytes()
    if task == "ofxtools":
        from ofxtools.Parser import OFXTree

        base = _peak_mb()
        started = time.perf_counter()
        tree = OFXTree()
        tree.parse(path)
        tree.convert()
        queue.put((time.perf_counter() - started, base, _peak_mb()))
        return
    from treso_app.readers import read_file
    from treso_app.services.bulk import collection_paused

    if task == "read":
        base = _peak_mb()
        started = time.perf_counter()
        with collection_paused():  # as an import reads
            read_file(data)
        queue.put((time.perf_counter() - started, base, _peak_mb()))
        return
    from treso_app.db.migrate import upgrade
    from treso_app.services.accounts import resolve_account
    from treso_app.services.companies import resolve_company
    from treso_app.services.imports import import_file

    url = f"sqlite:///{Path(path).with_suffix('.db')}"
    if task.startswith("hostile"):
        _measure_hostile(task, path, data, url, queue)
        return
    if task == "import":
        Path(path).with_suffix(".db").unlink(missing_ok=True)
        upgrade(url)
    company = resolve_company(url=url)
    account = resolve_account(company, "FR7630004000031234567890143", url)
    from treso_app.services.bookkeeping import after_import

    base = _peak_mb()
    started = time.perf_counter()
    # What the owner waits for; the bookkeeping follows once the result is shown (the
    # upload, the CLI and the inbox do the same), timed on its own.
    result = import_file(
        company, Path(path).name, data, account_id=account, bookkeeping=False, url=url
    )
    elapsed = time.perf_counter() - started
    assert result.imported, result.message
    expected_new = result.read if task == "import" else 0
    assert result.new == expected_new, (task, result.new, result.read)
    peak, started = _peak_mb(), time.perf_counter()
    if result.new:
        after_import(company, url)
    queue.put((elapsed, base, peak, time.perf_counter() - started))


def _measure_hostile(task: str, path: str, data: bytes, url: str, queue) -> None:
    from tests.readers.samples import FR_IBAN
    from treso_app.db.migrate import upgrade
    from treso_app.services.accounts import resolve_account
    from treso_app.services.companies import resolve_company
    from treso_app.services.imports import import_file

    upgrade(url)
    company = resolve_company(url=url)
    account = resolve_account(company, FR_IBAN, url) if task == "hostile-csv" else None
    base = _peak_mb()
    started = time.perf_counter()
    result = import_file(company, Path(path).name, data, account_id=account, url=url)
    elapsed = time.perf_counter() - started
    message = result.message if not result.imported else f"IMPORTED: {result.message}"
    queue.put((elapsed, base, _peak_mb(), message))


HOSTILE_TIMEOUT = 60  # seconds: a file still being read by then is a finding in itself


def hostile_section(folder: str) -> None:
    from tests.hostile.files import hostile_files

    print("\nhostile files, one fresh process each (target < 5 s, < 300 MB)")
    print(f"{'file':20} {'size':>8} {'refused in':>10} {'peak':>6}  message")
    for key, hostile in hostile_files().items():
        place = Path(folder) / key
        place.mkdir()
        path = place / hostile.file_name
        path.write_bytes(hostile.make())
        task = "hostile-csv" if hostile.csv else "hostile"
        try:
            elapsed, _, peak, message = measure(task, path, 1, timeout=HOSTILE_TIMEOUT)
        except queue.Empty:
            print(f"{key:20} {path.stat().st_size / 1e6:7.2f}M  > {HOSTILE_TIMEOUT} s, stopped")
            continue
        print(
            f"{key:20} {path.stat().st_size / 1e6:7.2f}M {elapsed:9.2f}s {peak:5.0f}M  "
            f"{message[:90]}",
            flush=True,
        )


def measure(task: str, path: Path, repeat: int, timeout: float | None = None) -> tuple:
    """Median time over `repeat` fresh processes (this VM's timings vary by ±30 %); past
    `timeout` seconds the process is stopped and queue.Empty raised."""
    context = multiprocessing.get_context("spawn")
    runs = []
    for _ in range(repeat):
        results = context.Queue()
        process = context.Process(target=_measure, args=(task, str(path), results))
        process.start()
        try:
            runs.append(results.get(timeout=timeout))
        finally:
            process.terminate()
            process.join()
    runs.sort()
    return runs[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--hostile-only", action="store_true", help="only the hostile files")
    args = parser.parse_args()
    if args.hostile_only:
        with tempfile.TemporaryDirectory() as folder:
            hostile_section(folder)
        return
    count, repeat = args.lines, args.repeat
    makers = {
        "OFX": (make_ofx, "ofx"),
        "CSV": (make_csv, "csv"),
        "CAMT.053": (make_camt, "xml"),
        "CFONB 120": (make_cfonb, "cfo"),
    }
    print(
        f"{count:_} lines per file, median of {repeat} runs; peak = the measuring process's "
        "peak RSS (Python and the app's modules included)".replace("_", " ")
    )
    header = f"{'format':10} {'size':>8} {'read':>8} {'import':>8} {'lines/s':>9} {'re-import':>9}"
    print(header + f" {'peak read':>10} {'peak import':>11} {'peak re-imp':>11} {'then books':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for name, (make, suffix) in makers.items():
            path = Path(folder) / f"bench.{suffix}"
            path.write_bytes(make(count))
            read = measure("read", path, repeat)
            full = measure("import", path, repeat)
            again = measure("reimport", path, repeat)
            print(
                f"{name:10} {path.stat().st_size / 1e6:7.1f}M {read[0]:7.2f}s {full[0]:7.2f}s "
                f"{count / full[0]:9,.0f} {again[0]:8.2f}s {read[2]:9.0f}M {full[2]:10.0f}M "
                f"{again[2]:10.0f}M {full[3]:9.2f}s".replace(",", " ")
            )
            if name == "OFX":
                ofx_path = path
        reference = measure("ofxtools", ofx_path, repeat)
        print(
            f"\nofxtools OFXTree.parse + convert on the same OFX file: {reference[0]:.2f}s, "
            f"peak {reference[2]:.0f}M (process at start: {reference[1]:.0f}M)"
        )
        hostile_section(folder)


if __name__ == "__main__":
    main()
