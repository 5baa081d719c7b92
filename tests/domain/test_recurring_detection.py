"""Recurring flows found in a bank history: the tricky cases, dates and amounts by hand."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import count

import pytest

from treso_app.domain.recurring_detection import PastLine, detect

_ids = count(1)


def history(label: str, *dated: tuple[date, int], category: str | None = None) -> list[PastLine]:
    return [PastLine(next(_ids), on, cents, label, None, category) for on, cents in dated]


def every(days: list[date], cents: int) -> list[tuple[date, int]]:
    return [(on, cents) for on in days]


D = date
# Salaries on the last working day: 30 May 2025 (31 is a Saturday, 29 Ascension), 30 June
# (a Monday), 31 Oct (a Friday; 1 Nov is a holiday), 28 Nov (30 is a Sunday).
PAYDAYS = [D(2025, 5, 30), D(2025, 6, 30), D(2025, 7, 31), D(2025, 8, 29), D(2025, 9, 30)]
PAYDAYS += [D(2025, 10, 31), D(2025, 11, 28)]
# URSSAF on the 15th: Sat 15 Aug 2026 (a holiday too) → Mon 17; Sun 15 Nov → Mon 16.
URSSAF_DAYS = [D(2026, 6, 15), D(2026, 7, 15), D(2026, 8, 17), D(2026, 9, 15)]
URSSAF_DAYS += [D(2026, 10, 15), D(2026, 11, 16)]
# Rent on the 5th: Sat 5 Jul 2025 → Mon 7, Sun 5 Oct → Mon 6.
RENT_2025 = [D(2025, 7, 7), D(2025, 8, 5), D(2025, 9, 5), D(2025, 10, 6)]
RENT_2025 += [D(2025, 11, 5), D(2025, 12, 5)]
RENT_2026 = [D(2026, 1, 5), D(2026, 2, 5), D(2026, 3, 5)]
# Insurance every quarter on the 10th: Sat 10 Jan 2026 → Mon 12.
INSURANCE = [D(2025, 1, 10), D(2025, 4, 10), D(2025, 7, 10), D(2025, 10, 10)]
INSURANCE += [D(2026, 1, 12), D(2026, 4, 10)]
# A weekly delivery on Mondays; Easter Monday 6 Apr 2026 → Tuesday 7.
MONDAYS = [D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 23), D(2026, 3, 30)]
MONDAYS += [D(2026, 4, 7), D(2026, 4, 13), D(2026, 4, 20)]
# The 3rd bank day (TARGET2): 1 Jan closed → 6 Jan; Good Friday and Easter Monday → 7 Apr;
# 1 May closed → 6 May.
THIRD_BANK_DAY = [D(2026, 1, 6), D(2026, 2, 4), D(2026, 3, 4), D(2026, 4, 7), D(2026, 5, 6)]

CASES = [
    # (name, lines, as_of, [(frequency, day_rule, day, amount, next_on)])
    (
        "salary on the last working day",
        history("VIR SEPA SALAIRE MAI LUCAS BERNARD", *every(PAYDAYS, -2_214_37)),
        D(2025, 12, 10),
        [("mensuel", "jour", 0, -2_214_37, D(2025, 12, 31))],
    ),
    (
        "URSSAF on the 15th, moved to a Monday twice",
        history("PRLV SEPA URSSAF RHONE-ALPES", *every(URSSAF_DAYS, -3_912_00)),
        D(2026, 11, 20),
        [("mensuel", "jour", 15, -3_912_00, D(2026, 12, 15))],
    ),
    (
        "rent that rises in January: one flow at its new amount",
        history(
            "PRLV SCI DU MOULIN LOYER",
            *every(RENT_2025, -1_200_00),
            *every(RENT_2026, -1_236_00),
        ),
        D(2026, 3, 20),
        # Sun 5 Apr 2026, then Easter Monday: Tuesday 7.
        [("mensuel", "jour", 5, -1_236_00, D(2026, 4, 7))],
    ),
    (
        "quarterly insurance",
        history("PRLV SMABTP ASSURANCE", *every(INSURANCE, -385_20)),
        D(2026, 5, 1),
        [("trimestriel", "jour", 10, -385_20, D(2026, 7, 10))],
    ),
    (
        "yearly CFE seen twice (15 Dec 2024 a Sunday)",
        history("PRLV SEPA DGFIP CFE", (D(2024, 12, 16), -624_00), (D(2025, 12, 15), -624_00)),
        D(2026, 1, 10),
        [("annuel", "jour", 15, -624_00, D(2026, 12, 15))],
    ),
    (
        "weekly on Mondays, Easter Monday moved to Tuesday",
        history("PRLV TRANSPORTS DUVAL", *every(MONDAYS, -240_00)),
        D(2026, 4, 22),
        [("hebdomadaire", "jour_semaine", 0, -240_00, D(2026, 4, 27))],
    ),
    (
        "the 3rd bank day of the month",
        history("PRLV LEASECOM LOCATION", *every(THIRD_BANK_DAY, -99_00)),
        D(2026, 5, 20),
        [("mensuel", "jour_ouvré", 3, -99_00, D(2026, 6, 3))],
    ),
    (
        "takings received monthly, money in",
        history("VIR SEPA RECU /DE LOCATAIRE DUPONT", *every(RENT_2026, 650_00)),
        D(2026, 3, 20),
        [("mensuel", "jour", 5, 650_00, D(2026, 4, 7))],
    ),
]


@pytest.mark.parametrize(("name", "lines", "as_of", "expected"), CASES, ids=[c[0] for c in CASES])
def test_tricky_cases(name, lines, as_of, expected):
    flows = detect(lines, as_of)
    found = [(f.frequency, f.day_rule, f.day, f.amount_cents, f.next_on) for f in flows]
    assert found == expected
    assert flows[0].line_ids == frozenset(line.id for line in lines)
    assert flows[0].last_seen_on == max(line.booked_on for line in lines)
    assert flows[0].still_running


def test_tva_of_varying_amounts_is_one_flow_around_the_20th():
    amounts = [-10_364_00, -7_791_77, -3_361_27, -6_827_97, -6_235_52, -6_921_54, -3_446_32]
    days = [D(2025, 1, 20), D(2025, 2, 20), D(2025, 3, 20), D(2025, 4, 22), D(2025, 5, 20)]
    days += [D(2025, 6, 20), D(2025, 7, 21)]  # 20 Apr: Easter Sunday; 20 Jul: a Sunday
    (flow,) = detect(
        history("PRLV SEPA DGFIP TVA CA3", *zip(days, amounts, strict=True)), D(2025, 8, 1)
    )
    assert (flow.frequency, flow.day_rule, flow.day, flow.next_on) == (
        "mensuel",
        "jour",
        20,
        D(2025, 8, 20),
    )
    # The median of the latest six: -7 791,77 -3 361,27 -6 827,97 -6 235,52 -6 921,54
    # -3 446,32 sorted: -7791,77 -6921,54 -6827,97 | -6235,52 … → the lower middle.
    assert flow.amount_cents == -6_827_97


def test_a_subscription_stops_being_forecast_after_two_missed_periods():
    # On the 18th, January to June 2026; July's would be Mon 20 (18 is a Saturday), August's
    # Tue 18.
    days = [D(2026, 1, 19), D(2026, 2, 18), D(2026, 3, 18), D(2026, 4, 20), D(2026, 5, 18)]
    lines = history("PRLV ADOBE SYSTEMS", *every([*days, D(2026, 6, 18)], -59_99))
    (late,) = detect(lines, D(2026, 7, 25))  # one period missed: perhaps late
    assert late.still_running and late.next_on == D(2026, 8, 18)
    (stopped,) = detect(lines, D(2026, 8, 25))
    assert not stopped.still_running
    assert list(stopped.occurrences(D(2026, 8, 26), D(2026, 12, 31))) == []
    assert list(late.occurrences(D(2026, 7, 26), D(2026, 9, 30))) == [
        D(2026, 8, 18),
        D(2026, 9, 18),
    ]


def test_random_card_purchases_at_one_shop_are_not_recurring():
    rng = random.Random(13)
    day, lines = D(2025, 1, 2), []
    while day < D(2026, 7, 1):
        if rng.random() < 0.25:
            label = f"CB LEROY MERLIN {day:%d/%m}"
            lines += history(label, (day + timedelta(days=1), -rng.randint(18_00, 260_00)))
        day += timedelta(days=1)
    # About one visit a month at the same shop, same range of amounts, random days.
    monthly = [D(2025, m, rng.randint(1, 28)) for m in range(1, 13)]
    lines += history("CB CEDEO COMPTOIR", *[(on, -rng.randint(80_00, 95_00)) for on in monthly])
    assert detect(lines, D(2026, 7, 1)) == []


def test_two_flows_of_one_counterparty_are_split_by_amount():
    months = [D(2025, m, 15) for m in range(5, 13)] + [D(2026, m, 15) for m in range(1, 5)]
    # 15 Jun 2025 a Sunday → 16; 15 Nov a Saturday → 17; 15 Mar 2026 a Sunday → 16.
    monthly = [d if d.weekday() < 5 else d + timedelta(days=7 - d.weekday()) for d in months]
    lines = history("PRLV SEPA URSSAF", *every(monthly, -3_912_00))
    # The yearly regularisation, under the same label: 25 Apr 2026 a Saturday → Monday 27.
    lines += history("PRLV SEPA URSSAF", (D(2025, 4, 25), -850_00), (D(2026, 4, 27), -872_00))
    flows = detect(lines, D(2026, 5, 10))
    assert [(f.match_key, f.day, f.amount_cents, f.next_on) for f in flows] == [
        ("URSSAF|-|annuel", 25, -872_00, D(2027, 4, 26)),
        ("URSSAF|-|mensuel", 15, -3_912_00, D(2026, 5, 15)),
    ]


def test_two_flows_under_one_name_and_period_are_ranked_by_amount():
    days = [D(2026, 1, 12), D(2026, 2, 10), D(2026, 3, 10), D(2026, 4, 10)]
    lines = history("ECHEANCE PRET BANQUE POPULAIRE", *every(days, -690_45))
    lines += history("ECHEANCE PRET BANQUE POPULAIRE", *every(days, -1_520_00))
    flows = detect(lines, D(2026, 4, 20))
    assert [(f.match_key, f.amount_cents) for f in flows] == [
        ("PRET BANQUE POPULAIRE|-|mensuel", -1_520_00),
        ("PRET BANQUE POPULAIRE|-|mensuel|2", -690_45),
    ]


def test_salaries_stay_one_flow_per_person_and_lines_after_as_of_are_unseen():
    lines = history("VIR SEPA SALAIRE LUCAS BERNARD", *every(PAYDAYS, -2_214_37))
    lines += history("VIR SEPA SALAIRE KEVIN MOREAU", *every(PAYDAYS, -1_987_52))
    lines += history("VIR SEPA SALAIRE KEVIN MOREAU", (D(2025, 12, 31), -1_987_52))
    flows = detect(lines, D(2025, 12, 10))
    assert [(f.label, f.amount_cents) for f in flows] == [
        ("SALAIRE KEVIN MOREAU", -1_987_52),
        ("SALAIRE LUCAS BERNARD", -2_214_37),
    ]
    assert flows[0].last_seen_on == D(2025, 11, 28)


def test_internal_transfers_are_left_out():
    days = [D(2026, 1, 2), D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 2)]
    lines = history(
        "VIR INTERNE COMPTE CARTE", *every(days, -1_500_00), category="Virements internes"
    )
    assert detect(lines, D(2026, 4, 10)) == []


def test_a_detected_flow_becomes_a_recurrence_for_the_projection():
    (flow,) = detect(history("PRLV SEPA URSSAF", *every(URSSAF_DAYS, -3_912_00)), D(2026, 11, 20))
    item = flow.recurrence()
    assert (item.frequency, item.day_rule, item.day, item.start_on) == (
        "mensuel",
        "jour",
        15,
        D(2026, 12, 15),
    )
    assert list(flow.occurrences(D(2026, 11, 21), D(2027, 2, 28))) == [
        D(2026, 12, 15),
        D(2027, 1, 15),
        D(2027, 2, 15),
    ]


def test_the_same_lines_in_any_order_give_the_same_flows():
    lines = history("PRLV SEPA URSSAF", *every(URSSAF_DAYS, -3_912_00))
    lines += history("VIR SEPA SALAIRE LUCAS BERNARD", *every(PAYDAYS, -2_214_37))
    lines += history("PRLV SCI DU MOULIN LOYER", *every(RENT_2025, -1_200_00))
    shuffled = lines[:]
    random.Random(5).shuffle(shuffled)
    assert detect(shuffled, D(2026, 11, 20)) == detect(lines, D(2026, 11, 20))


def test_an_item_declared_under_its_bank_label_is_the_detected_flow():
    (flow,) = detect(
        history("PRLV SEPA URSSAF RHONE-ALPES", *every(URSSAF_DAYS, -3_912_00)), D(2026, 11, 20)
    )
    assert flow.declared_by("PRLV URSSAF RHONE ALPES", "mensuel", -3_900_00)
    assert not flow.declared_by("PRLV URSSAF RHONE ALPES", "trimestriel", -3_900_00)
    assert not flow.declared_by("Charges sociales", "mensuel", -3_912_00)
    assert not flow.declared_by("PRLV URSSAF RHONE ALPES", "mensuel", 3_912_00)  # a refund


# A card commission on the 4th (moved to a working day), on last month's takings: twice the
# usual after December, a third of it after a closed August. Lines: (day, cents).
COMMISSIONS = [(D(2025, 1, 6), -320_60), (D(2025, 2, 4), -148_16), (D(2025, 3, 4), -145_19),
               (D(2025, 4, 4), -177_43), (D(2025, 5, 5), -185_37), (D(2025, 6, 4), -196_37),
               (D(2025, 7, 4), -159_41), (D(2025, 8, 4), -159_40), (D(2025, 9, 4), -65_24),
               (D(2025, 10, 6), -183_24), (D(2025, 11, 4), -209_68), (D(2025, 12, 4), -224_89),
               (D(2026, 1, 5), -328_16), (D(2026, 2, 4), -158_99), (D(2026, 3, 4), -154_23),
               (D(2026, 4, 7), -186_89), (D(2026, 5, 4), -185_65), (D(2026, 6, 4), -194_21),
               (D(2026, 7, 6), -182_42), (D(2026, 8, 4), -163_01), (D(2026, 9, 4), -63_90),
               (D(2026, 10, 5), -200_68), (D(2026, 11, 4), -222_84)]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "lines", "as_of", "expected"),
    [
        # Its high Januaries and low Septembers are no yearly flows of their own: a series
        # with one line a month is one flow, whatever its amounts.
        (
            "a commission that follows the takings",
            history("COMMISSIONS CB NOV 0231456", *COMMISSIONS),
            D(2026, 11, 20),
            [("COMMISSIONS|-|mensuel", 4, D(2026, 12, 4))],
        ),
        # A rent that jumps by half when the company moves: still one line a month.
        (
            "a rent that rises by half",
            history(
                "PRLV SCI DU MOULIN LOYER",
                *every(RENT_2025, -1_200_00),
                *every(RENT_2026, -1_800_00),
            ),
            D(2026, 3, 20),
            [("MOULIN LOYER|-|mensuel", 5, D(2026, 4, 7))],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_one_line_a_period_is_one_flow_whatever_its_amounts(name, lines, as_of, expected):
    flows = detect(lines, as_of)
    assert [(f.match_key, f.day, f.next_on) for f in flows] == expected
    assert flows[0].line_ids == frozenset(line.id for line in lines)
