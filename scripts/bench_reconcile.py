"""Time the matcher: 10,000 new bank lines against 5,000 open invoices (target ≤ 2 s).

    .venv/bin/python scripts/bench_reconcile.py

Half the lines pay an invoice (reference and name, name only, or grouped), the other half
are card spending and transfers that pay nothing."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from treso_app.domain.matching import BankLine, DocumentKind, OpenDocument, plan

START = date(2026, 1, 1)


def book(seed: int = 13) -> tuple[list[BankLine], list[OpenDocument]]:
    rng = random.Random(seed)
    # 500 clients: a surname and a trade (« Martin Plomberie », « Durand Électricité »…).
    surnames = "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard Andre Mercier Blanc".split()  # noqa: E501, SIM905
    trades = "Plomberie Électricité Menuiserie Peinture Maçonnerie Couverture Carrelage Serrurerie Chauffage Isolation Jardins Transports Boulangerie Pharmacie Garage Immobilier Conseil Architecture Nettoyage Traiteur".split()  # noqa: E501, SIM905
    clients = [f"{surname} {trade}" for surname in surnames for trade in trades][:500]
    documents = []
    for i in range(5000):
        issued = START + timedelta(days=rng.randint(0, 300))
        documents.append(
            OpenDocument(
                DocumentKind.INVOICE,
                i,
                f"F2026-{i + 1:04d}",
                rng.choice(clients),
                issued,
                issued + timedelta(days=30),
                rng.randint(50_00, 20_000_00),
            )
        )
    lines = []
    for i, document in enumerate(rng.sample(documents, 5000)):
        on = document.due_on + timedelta(days=rng.randint(-10, 40))
        party = document.party.upper()
        label = rng.choice(
            [f"VIR SEPA {party} FACT {document.number}", f"VIR {party}", f"PRLV {party}"]
        )
        lines.append(
            BankLine(i, on, document.remaining_cents, label, None, document.remaining_cents)
        )
    for i in range(5000, 10_000):
        cents = -rng.randint(5_00, 500_00) if rng.random() < 0.8 else rng.randint(5_00, 900_00)
        label = rng.choice(["CB LEROY MERLIN", "CB TOTAL ENERGIES", "VIR DIVERS", "PRLV ORANGE"])
        on = START + timedelta(days=rng.randint(0, 330))
        lines.append(BankLine(i, on, cents, f"{label} {on:%d/%m}", None, abs(cents)))
    return lines, documents


def main() -> None:
    lines, documents = book()
    started, cpu = time.perf_counter(), time.process_time()
    result = plan(lines, documents)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"{len(lines)} lignes × {len(documents)} factures ouvertes : {elapsed:.2f} s "
        f"(processeur : {cpu:.2f} s) "
        f"({len(result.applied)} rapprochements automatiques, "
        f"{len(result.suggested)} lignes avec suggestions) — objectif ≤ 2 s"
    )


if __name__ == "__main__":
    main()
