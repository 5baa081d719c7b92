import pytest

from treso_app.domain.labels import counterparty_key, fold, name_similarity


@pytest.mark.parametrize(
    ("label", "counterparty", "expected"),
    [
        ("VIR SEPA RECU /DE LEROY MERLIN SAS REF 8812", None, "LEROY MERLIN"),
        ("PRLV SEPA DGFIP TVA CA3 OCT", None, "DGFIP TVA"),
        ("CB CARREFOUR 12/11", None, "CARREFOUR"),
        ("VIR SEPA SALAIRE NOV DUPONT", None, "SALAIRE DUPONT"),
        ("CB 12/11", None, ""),
        ("whatever", "Hôtel du Parc SARL", "HOTEL DU PARC"),
        ("PRLV Électricité de France", None, "ELECTRICITE FRANCE"),
    ],
)
def test_counterparty_key(label, counterparty, expected):
    assert counterparty_key(label, counterparty) == expected


def test_fold():
    assert fold("  Régie  Immobilière-du Rhône ") == "REGIE IMMOBILIERE DU RHONE"


def test_name_similarity():
    assert name_similarity("Leroy Merlin SAS", "LEROY-MERLIN") == 1.0
    assert name_similarity("Hôtel du Parc", "HOTEL DU PARC LYON") == 1.0
    assert name_similarity("Boulangerie Lefèvre", "Pharmacie Grandclément") < 0.5
    assert name_similarity("SARL", "Dupont") == 0.0
