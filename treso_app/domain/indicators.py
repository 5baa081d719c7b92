"""The dashboard's key indicators, as an accountant computes them from the books.

- DSO (« délai moyen de paiement clients »): what clients owe, in days of recent sales —
  open receivables TTC ÷ sales TTC of the last 90 days × 90.
- Overdue share: the part of what clients owe that is past its due date.
- BFR (« besoin en fonds de roulement ») as far as Tréso sees it: client receivables minus
  supplier debts (stock is not tracked); the cash the business lends its clients.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

SALES_WINDOW_DAYS = 90


@dataclass(frozen=True)
class Indicators:
    dso_days: int | None  # None without sales in the window: no meaningful delay
    overdue_share: Fraction | None  # None when nothing is owed
    working_capital_cents: int


def indicators(
    receivable_cents: int, overdue_cents: int, payable_cents: int, sales_cents: int
) -> Indicators:
    """`sales_cents`: invoiced TTC over the last `SALES_WINDOW_DAYS` days, credit notes
    deducted."""
    dso = None
    if sales_cents > 0:
        dso = round(Fraction(receivable_cents * SALES_WINDOW_DAYS, sales_cents))
    share = Fraction(overdue_cents, receivable_cents) if receivable_cents > 0 else None
    return Indicators(dso, share, receivable_cents - payable_cents)
