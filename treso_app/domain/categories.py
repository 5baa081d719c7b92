"""The categories of a French TPE's bank lines: the default tree every company starts with
(editable), and the kinds that tell money in, money out and money that only moves between
the company's own accounts (left out of totals and forecasts)."""

from __future__ import annotations

from enum import StrEnum


class CategoryKind(StrEnum):
    INFLOW = "encaissement"
    OUTFLOW = "décaissement"
    BOTH = "mixte"  # either way (Divers)
    INTERNAL = "neutre"  # between the company's own accounts


class Default(StrEnum):
    """The default tree's names, as the generator, the rules and the forecast refer to them."""

    SALES = "Ventes"
    CARD_TAKINGS = "Encaissements carte"
    PURCHASES = "Achats et matières"
    SUBCONTRACTING = "Sous-traitance"
    SALARIES = "Salaires"
    SOCIAL_CHARGES = "Charges sociales"
    VAT = "TVA"
    TAXES = "Impôts et taxes"
    RENT = "Loyer et charges"
    ENERGY = "Énergie"
    INSURANCE = "Assurances"
    BANK_FEES = "Frais bancaires"
    LOANS = "Emprunts"
    VEHICLES = "Véhicules et carburant"
    TELECOM_IT = "Télécom et informatique"
    FEES = "Honoraires"
    OWNER_PAY = "Rémunération du dirigeant"
    INTERNAL_TRANSFERS = "Virements internes"
    OTHER = "Divers"


DEFAULT_CATEGORIES: tuple[tuple[Default, CategoryKind], ...] = (
    (Default.SALES, CategoryKind.INFLOW),
    (Default.CARD_TAKINGS, CategoryKind.INFLOW),
    (Default.PURCHASES, CategoryKind.OUTFLOW),
    (Default.SUBCONTRACTING, CategoryKind.OUTFLOW),
    (Default.SALARIES, CategoryKind.OUTFLOW),
    (Default.SOCIAL_CHARGES, CategoryKind.OUTFLOW),
    (Default.VAT, CategoryKind.BOTH),  # a VAT credit is refunded
    (Default.TAXES, CategoryKind.OUTFLOW),
    (Default.RENT, CategoryKind.OUTFLOW),
    (Default.ENERGY, CategoryKind.OUTFLOW),
    (Default.INSURANCE, CategoryKind.OUTFLOW),
    (Default.BANK_FEES, CategoryKind.OUTFLOW),
    (Default.LOANS, CategoryKind.BOTH),  # a loan paid out, then its instalments
    (Default.VEHICLES, CategoryKind.OUTFLOW),
    (Default.TELECOM_IT, CategoryKind.OUTFLOW),
    (Default.FEES, CategoryKind.OUTFLOW),
    (Default.OWNER_PAY, CategoryKind.OUTFLOW),
    (Default.INTERNAL_TRANSFERS, CategoryKind.INTERNAL),
    (Default.OTHER, CategoryKind.BOTH),
)
