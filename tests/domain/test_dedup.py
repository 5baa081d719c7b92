from __future__ import annotations

from datetime import date

from treso_app.domain.dedup import account_ref, content_keys, dedup_key, normalise_label

COFFEE = (date(2026, 3, 2), -250, normalise_label("CB  Café du coin"))
RENT = (date(2026, 3, 2), -120_000, normalise_label("PRLV loyer"))


def test_a_statements_keys_are_each_lines_dedup_key_with_identical_lines_numbered():
    ref = account_ref(7)
    keys = content_keys(ref, [COFFEE, RENT, COFFEE])
    assert keys == [
        dedup_key(ref, *COFFEE[:2], "cb café du coin", occurrence=0),
        dedup_key(ref, *RENT[:2], "prlv loyer"),
        dedup_key(ref, *COFFEE[:2], "CB CAFÉ DU COIN", occurrence=1),
    ]
    assert len(set(keys)) == 3  # two identical coffees stay two


def test_the_same_line_in_another_account_or_on_another_day_is_another_line():
    other_day = (date(2026, 3, 3), *COFFEE[1:])
    assert content_keys(account_ref(7), [COFFEE]) != content_keys(account_ref(8), [COFFEE])
    assert content_keys(account_ref(7), [COFFEE]) != content_keys(account_ref(7), [other_day])
