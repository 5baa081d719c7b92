from __future__ import annotations

import pytest

from treso_app.domain.errors import TresoError
from treso_app.services import scenarios
from treso_app.services.companies import resolve_company

KNOBS = {"delay": 15, "unpaid": 5, "revenue": -10, "expenses": 5}


def test_save_reload_duplicate_and_delete(db_url):
    company = resolve_company(url=db_url)
    first = scenarios.save(company, "  Gros   chantier ", KNOBS, db_url)
    assert [(s.name, s.knobs) for s in scenarios.saved(company, db_url)] == [
        ("Gros chantier", KNOBS)
    ]
    assert scenarios.save(company, "Gros chantier", {**KNOBS, "delay": 30}, db_url) == first
    copy = scenarios.duplicate(company, first, db_url)
    again = scenarios.duplicate(company, first, db_url)
    names = [s.name for s in scenarios.saved(company, db_url)]
    assert names == ["Gros chantier", "Gros chantier (copie 2)", "Gros chantier (copie)"]
    scenarios.delete(company, copy, db_url)
    scenarios.delete(company, again, db_url)
    assert [s.knobs["delay"] for s in scenarios.saved(company, db_url)] == [30]


@pytest.mark.parametrize(
    ("name", "knobs", "message"),
    [
        ("", KNOBS, "Donnez un nom"),
        ("x" * 61, KNOBS, "60 caractères"),
        ("Trop", {**KNOBS, "unpaid": 80}, "hors limites"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(db_url, name, knobs, message):
    company = resolve_company(url=db_url)
    with pytest.raises(TresoError, match=message):
        scenarios.save(company, name, knobs, db_url)
    assert scenarios.saved(company, db_url) == []
