"""Hostile statement files, generated: what an attacker sends through `treso import`, the
upload or the inbox. Shared by the suite (tests/hostile) and scripts/bench_imports.py.

Each `Hostile` names the file, makes its bytes, and says what the refusal must say. The
ZIPs are written by hand (`zip_archive`): zipfile would never write a lying header, a bad
CRC or an encryption flag, and would have to compress a whole gigabyte of zeros.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import cache

from tests.readers.samples import camt053, camt_detail, camt_entry, ofx_sgml, ofx_transaction

MB = 1024 * 1024


@dataclass(frozen=True)
class Member:
    name: str
    deflated: bytes
    crc: int
    size: int
    flags: int = 0


@dataclass(frozen=True)
class Hostile:
    file_name: str
    make: object  # () -> bytes
    expected: str  # in the refusal's message, after « file_name » :
    csv: bool = False  # imported into a chosen account, as a CSV must be


def member(name: str, data: bytes, **changes) -> Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = packer.compress(data) + packer.flush()
    return Member(name, deflated, zlib.crc32(data), len(data), **changes)


def zeros_member(name: str, size: int, prefix: bytes = b"") -> Member:
    """`prefix` then `size` zero bytes, deflated without ever holding them: a fully flushed
    deflate block of 1 MB of zeros does not depend on what came before, so it repeats."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(bytes(MB)) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(prefix)
    for _ in range(size // MB):
        crc = zlib.crc32(bytes(MB), crc)
    deflated = head + block * (size // MB) + packer.flush()
    return Member(name, deflated, crc, len(prefix) + size // MB * MB)


def zip_archive(members: list[Member]) -> bytes:
    """A ZIP (deflate) whose headers say exactly what `members` say, true or not."""
    out, directory = bytearray(), bytearray()
    day = (46 << 9) | (11 << 5) | 23  # 23/11/2026
    for item in members:
        name = item.name.encode()
        fields = (item.flags, 8, 0, day, item.crc, len(item.deflated), item.size, len(name))
        offset = len(out)
        out += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, *fields, 0) + name + item.deflated
        directory += struct.pack(
            "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, *fields, 0, 0, 0, 0, 0, offset
        )
        directory += name
    count = len(members)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(out), 0)
    return bytes(out + directory + end)


def statement_ofx() -> bytes:
    return ofx_sgml(ofx_transaction("20261123", "-12,50", "CB BOULANGERIE", "F1"))


OFX_HEAD = statement_ofx()[:400]  # an OFX's header: the member is taken for a statement


def camt(entries: str) -> bytes:
    return camt053(entries, opening="0.00", closing="0.00")


def entry(amount: str = "10.00", day: str = "2026-11-24", label: str = "VIR CLIENT") -> str:
    detail = camt_detail(None, "DURAND", label)
    return camt_entry(amount, "CRDT", f"<Dt>{day}</Dt>", details=detail)


def nested_camt(depth: int) -> bytes:
    return camt(f"<Ntry>{'<a>' * depth}{'</a>' * depth}</Ntry>")


def with_doctype(doctype: str) -> bytes:
    return camt(entry()).replace(b"?>", b"?>" + doctype.encode(), 1)


LAUGHS = (
    '<!DOCTYPE Document [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def _laughs_camt() -> bytes:
    return with_doctype(LAUGHS).replace(b"VIR CLIENT", b"&lol9;")


def csv_rows(*rows: str) -> bytes:
    return ("Date;Libellé;Débit euros;Crédit euros\r\n" + "".join(rows)).encode("cp1252")


@cache
def hostile_files() -> dict[str, Hostile]:
    ofx = statement_ofx()
    inner = zip_archive([member("releve.ofx", ofx)])
    good = member("releve.ofx", ofx)
    return {
        "zip-bomb-1gb": Hostile(
            "bombe.zip",
            lambda: zip_archive([zeros_member("releve.ofx", 1024 * MB, OFX_HEAD)]),
            "« releve.ofx » : une fois décompressé, ce fichier dépasse 50 Mo",
        ),
        "zip-ratio": Hostile(
            "ratio.zip",
            lambda: zip_archive([zeros_member("releve.ofx", 40 * MB, OFX_HEAD)]),
            "« releve.ofx » : taux de compression anormal",
        ),
        "zip-zeros": Hostile(
            "zeros.zip",
            lambda: zip_archive([zeros_member("releve.ofx", 1024 * MB)]),
            "« releve.ofx » : format non reconnu",
        ),
        "zip-lying-size": Hostile(
            "menteur.zip",
            lambda: zip_archive(
                [Member("releve.ofx", good.deflated, good.crc, 10)]  # says 10 bytes
            ),
            "« releve.ofx » : contenu abîmé",
        ),
        "zip-many-members": Hostile(
            "multiple.zip",
            lambda: zip_archive([member(f"r{i}.ofx", ofx) for i in range(10_000)]),
            "l'archive doit contenir entre 1 et 50 relevés",
        ),
        "zip-nested": Hostile(
            "poupee.zip",
            lambda: zip_archive([member("dedans.zip", inner)]),
            "« dedans.zip » : archive dans l'archive",
        ),
        "zip-bad-crc": Hostile(
            "crc.zip",
            lambda: zip_archive([Member("releve.ofx", good.deflated, good.crc ^ 1, good.size)]),
            "« releve.ofx » : contenu abîmé (somme de contrôle fausse)",
        ),
        "zip-encrypted": Hostile(
            "secret.zip",
            lambda: zip_archive([member("releve.ofx", ofx, flags=0x1)]),
            "« releve.ofx » : fichier protégé par un mot de passe",
        ),
        "zip-truncated": Hostile(
            "coupe.zip",
            lambda: zip_archive([good, member("b.ofx", ofx)])[:300],
            "archive ZIP abîmée ou incomplète",
        ),
        "zip-path": Hostile(
            "chemin.zip",
            lambda: zip_archive([member("../../etc/releve.ofx", ofx)]),
            "« ../../etc/releve.ofx » : nom de fichier suspect",
        ),
        "xml-deep": Hostile(
            "profond.xml", lambda: nested_camt(10**6), "plus de 64 éléments imbriqués"
        ),
        "xml-wide": Hostile(  # 2.1 million empty elements side by side: 1 GB as a tree
            "large.xml", lambda: camt("<a/>" * 2_100_000), "plus de 2\u202f000\u202f000 éléments"
        ),
        "xml-external-dtd": Hostile(
            "dtd.xml",
            lambda: with_doctype('<!DOCTYPE Document SYSTEM "http://attaquant.example/x.dtd">'),
            "il contient une DTD",
        ),
        "xml-billion-laughs": Hostile("rires.xml", _laughs_camt, "il contient une DTD"),
        "xml-long-label": Hostile(
            "libelle.xml",
            lambda: camt(entry(label="x" * MB)),
            "écriture 1 : le libellé est trop long",
        ),
        "xml-overflow": Hostile(
            "enorme.xml",
            lambda: camt(entry("90000000000000000.00")),
            "écriture 1 : le montant dépasse la limite",
        ),
        "xml-year-9999": Hostile(
            "an9999.xml",
            lambda: camt(entry(day="9999-12-31")),
            "écriture 1 : la date de comptabilisation (31/12/9999)",
        ),
        "xml-sum-overflow": Hostile(
            "somme.xml",
            lambda: camt(entry("900000000000.00") + entry("900000000000.00")),
            "dépasserait la limite",
        ),
        "xml-no-line": Hostile("vide.xml", lambda: camt(""), "aucune opération"),
        "nul-bytes": Hostile("nul.ofx", lambda: bytes(MB), "format non reconnu"),
        "ofx-long-tag": Hostile(
            "balise.ofx",
            lambda: OFX_HEAD + b"<A" + b"x" * 200_000,
            "« balise.ofx » :",
        ),
        "ofx-amount-spaces": Hostile(
            "espaces.ofx",
            lambda: ofx_sgml(ofx_transaction("20261123", "1,00" + " " * 100_000, "X", "F1")),
            "« espaces.ofx » :",
        ),
        "ofx-20-digits": Hostile(
            "chiffres.ofx",
            lambda: ofx_sgml(ofx_transaction("20261123", "9" * 20 + ",00", "X", "F1")),
            "ligne 18 : montant hors limites",
        ),
        "csv-100k-columns": Hostile(
            "colonnes.csv",
            lambda: csv_rows("23/11/2026;X;1,00;" + ";" * 100_000 + "\r\n"),
            "« colonnes.csv » :",
            csv=True,
        ),
        "csv-overflow": Hostile(
            "enorme.csv",
            lambda: csv_rows(*["23/11/2026;X;;90000000000000000,00\r\n"] * 2),
            "limite",
            csv=True,
        ),
    }
