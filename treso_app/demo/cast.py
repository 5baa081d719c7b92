"""Who the demo company deals with: clients, suppliers, payroll and fixed charges.

Client delays are days from invoice date to payment. Weighted by volume the mean is about
43 days, the French B2B average (DESIGN.md §4).
"""

from __future__ import annotations

from dataclasses import dataclass

from treso_app.domain.categories import DEFAULT_CATEGORIES
from treso_app.domain.categories import Default as D

from .book import Account, Charge, Party, Profile

COMPANY_NAME = "Martin Plomberie Chauffage SARL"
COMPANY_SIREN = "732829320"  # Luhn-valid, fictitious
COMPANY_ADDRESS = "14 rue des Artisans, 69100 Villeurbanne"
ALERT_THRESHOLD_CENTS = 25_000_00  # about one month of payroll and fixed charges


@dataclass(frozen=True)
class Client:
    name: str
    terms: str
    delay_mean: int  # days from issue to payment
    delay_sd: int
    weight: float  # share of jobs
    pro: bool = True  # professionals pay by transfer; private customers often by cheque
    email: str | None = None
    siren: str | None = None


CLIENTS = (
    Client(
        "Cabinet Girard Syndic",
        "45 jours fin de mois",
        96,
        18,
        0.10,
        email="compta@girard-syndic.fr",
        siren="412345670",
    ),
    Client("SCI Les Tilleuls", "30 jours", 88, 20, 0.06, email="gestion@sci-tilleuls.fr"),
    Client("Boulangerie Lefèvre", "à réception", 6, 3, 0.05, email="lefevre.boulangerie@orange.fr"),
    Client(
        "Régie Immobilière du Rhône",
        "30 jours fin de mois",
        52,
        10,
        0.10,
        email="factures@regie-rhone.fr",
    ),
    Client(
        "Lyon Habitat Services",
        "45 jours fin de mois",
        58,
        9,
        0.08,
        email="fournisseurs@lyonhabitat-services.fr",
    ),
    Client("Hôtel du Parc", "30 jours", 27, 5, 0.06, email="direction@hotelduparc-lyon.fr"),
    Client("BTP Rénov Confluence", "60 jours", 61, 8, 0.07, email="achats@btprenov.fr"),
    Client(
        "Clinique Saint-Joseph",
        "30 jours",
        38,
        6,
        0.05,
        email="services.techniques@clinique-stjoseph.fr",
    ),
    Client("Restaurant Le Galion", "30 jours", 45, 10, 0.03, email="legalion.lyon@gmail.com"),
    Client(
        "École Montessori des Brotteaux",
        "30 jours",
        33,
        6,
        0.03,
        email="admin@montessori-brotteaux.fr",
    ),
    Client(
        "Pharmacie Grandclément",
        "à réception",
        9,
        4,
        0.04,
        email="pharmacie.grandclement@wanadoo.fr",
    ),
    Client(
        "Foncière Bellecour", "45 jours fin de mois", 60, 12, 0.06, email="ap@fonciere-bellecour.fr"
    ),
    Client("Mme Dubois Catherine", "à réception", 12, 6, 0.05, pro=False),
    Client("M. Nguyen Thierry", "à réception", 15, 8, 0.05, pro=False),
    Client("M. et Mme Rousseau", "à réception", 10, 5, 0.05, pro=False),
    Client("M. Lambert Olivier", "à réception", 18, 9, 0.03, pro=False),
    Client("Mme Petit Sandrine", "à réception", 8, 4, 0.03, pro=False),
)
# Restaurant Le Galion stopped paying: its two latest invoices older than four months stay open.
UNPAID_CLIENT = "Restaurant Le Galion"


@dataclass(frozen=True)
class Supplier:
    name: str
    terms: str
    monthly_ttc: int  # average monthly statement, cents
    label: str  # how the bank shows the payment
    iban: str


SUPPLIERS = (
    Supplier(
        "CEDEO Villeurbanne",
        "45 jours fin de mois",
        6_200_00,
        "VIR SEPA CEDEO",
        "FR7630004000031234567890143",
    ),
    Supplier(
        "Brossette Lyon Est",
        "30 jours fin de mois",
        3_100_00,
        "VIR SEPA BROSSETTE",
        "FR7610107001011234567890129",
    ),
    Supplier(
        "Frans Bonhomme",
        "30 jours",
        1_400_00,
        "VIR SEPA FRANS BONHOMME",
        "FR7630066100410001057380116",
    ),
    Supplier(
        "Cabinet Fiduciaire Morel",
        "à réception",
        324_00,
        "PRLV SEPA FIDUCIAIRE MOREL",
        "FR7618206000576543210987638",
    ),
)


EMPLOYEES = (
    ("LUCAS BERNARD", 2_214_37),
    ("KEVIN MOREAU", 1_987_52),
    ("ENZO FAURE", 1_132_80),  # apprenti
    ("JULIEN MARTIN", 3_900_00),  # the gérant
)

CHARGES = (
    Charge("urssaf", "PRLV SEPA URSSAF RHONE-ALPES", -3_912_00, "mensuel", 15, D.SOCIAL_CHARGES),
    Charge("pro-btp", "PRLV SEPA PRO BTP RETRAITE PREVOYANCE", -1_446_30, "mensuel", 15,
           D.SOCIAL_CHARGES),
    Charge("cibtp", "PRLV SEPA CIBTP RHONE-ALPES CONGES", -1_084_00, "mensuel", 10,
           D.SOCIAL_CHARGES),
    Charge("loyer", "PRLV SEPA SCI DU MOULIN LOYER DEPOT", -1_450_00, "mensuel", 5, D.RENT),
    Charge("diac", "PRLV SEPA DIAC LOCATION VEHICULES", -1_118_64, "mensuel", 12, D.VEHICLES),
    Charge("pret", "ECHEANCE PRET N 0712345 OUTILLAGE", -690_45, "mensuel", 10, D.LOANS,
           account="second"),
    Charge("smabtp", "PRLV SEPA SMABTP DECENNALE RC PRO", -385_20, "mensuel", 8, D.INSURANCE),
    Charge("orange", "PRLV SEPA ORANGE PRO", -89_90, "mensuel", 18, D.TELECOM_IT),
    Charge("edf", "PRLV SEPA EDF ENTREPRISES", -142_60, "mensuel", 22, D.ENERGY),
    Charge("frais", "FRAIS TENUE DE COMPTE", -18_50, "mensuel", 3, D.BANK_FEES),
    Charge("is", "PRLV SEPA DGFIP IMPOT SOCIETES ACOMPTE", -2_150_00, "trimestriel", 15, D.TAXES,
           first_month=3),
    Charge("cfe", "PRLV SEPA DGFIP CFE", -624_00, "annuel", 15, D.TAXES, first_month=12),
)  # fmt: skip

CATEGORIES = DEFAULT_CATEGORIES  # the default tree every company starts with

# Card spending on the second account: (label, min cents, max cents, times a month, category).
CARD_SPENDING = (
    ("CB TOTALENERGIES", 55_00, 98_00, 18, D.VEHICLES),
    ("CB LEROY MERLIN", 18_00, 260_00, 7, D.PURCHASES),
    ("CB BRICO DEPOT", 12_00, 180_00, 5, D.PURCHASES),
    ("CB CEDEO COMPTOIR", 25_00, 320_00, 4, D.PURCHASES),
    ("CB BOULANGERIE DU MARCHE", 6_50, 24_00, 13, D.OTHER),
    ("CB LE RELAIS DES ARTISANS", 14_00, 48_00, 9, D.OTHER),
    ("CB APRR PEAGE", 3_20, 18_60, 6, D.VEHICLES),
    ("CB AMAZON PAYMENTS", 15_00, 140_00, 2, D.OTHER),
)

PROFILE = Profile(
    name=COMPANY_NAME,
    siren=COMPANY_SIREN,
    address=COMPANY_ADDRESS,
    threshold_cents=ALERT_THRESHOLD_CENTS,
    owner_name="Julien Martin",
    owner_email="julien.martin@martin-plomberie.fr",
    accounts=(
        Account("main", "Compte courant", "Crédit Agricole Centre-Est",
                "FR7617806002100412345678963", "AGRIFRPP878"),
        Account("second", "Compte carte", "Qonto", "FR7616958000011234567890177", "QNTOFRP1XXX"),
    ),
    clients=tuple(Party(c.name, c.terms, c.email, c.siren, pro=c.pro) for c in CLIENTS),
    suppliers=tuple(Party(s.name, s.terms, iban=s.iban) for s in SUPPLIERS),
    quotes=(  # a plumber's pipeline at any time
        ("Clinique Saint-Joseph", "Remplacement de la production d'eau chaude", 18_400_00, 2000,
         12, "accepté"),
        ("Foncière Bellecour", "Mise aux normes chaufferie collective", 9_850_00, 2000, 20,
         "accepté"),
        ("Hôtel du Parc", "Rénovation de 6 salles de bains", 21_600_00, 1000, 6, "envoyé"),
        ("M. Lambert Olivier", "Pompe à chaleur air-eau", 11_200_00, 550, 3, "envoyé"),
        ("Régie Immobilière du Rhône", "Colonnes d'eau, bâtiment B", 7_300_00, 1000, 2,
         "brouillon"),
        ("SCI Les Tilleuls", "Adoucisseur et bouclage sanitaire", 4_150_00, 1000, 40, "refusé"),
    ),
)  # fmt: skip
