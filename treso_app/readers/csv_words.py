"""What French (and foreign) bank CSV exports call their columns and their words: the
vocabulary `bank_csv` recognises. Compared after `normalise_header` (no accents, no
punctuation, lower case)."""

from __future__ import annotations

# Header words per column role, most specific first (compared without accents or punctuation).
HEADERS: dict[str, tuple[str, ...]] = {
    "value_date": ("date de valeur", "date valeur", "value date", "dateval", "started date"),
    "date": (
        "date operation",
        "date d operation",
        "date de l operation",
        "date de la transaction",
        "date comptable",
        "date de comptabilisation",
        "booking date",
        "transaction date",
        "date processed",
        "completed date",
        "settlement date utc",
        "operation date utc",
        "dateop",
        "date",
        "datetime",
        "created",
    ),
    "debit": (
        "debit",
        "debit euros",
        "debit eur",
        "montant debit",
        "sortie",
        "paid out",
        "withdrawals",
        "debits",
    ),
    "credit": (
        "credit",
        "credit euros",
        "credit eur",
        "montant credit",
        "entree",
        "paid in",
        "deposits",
        "credits",
    ),
    "amount": (
        "montant",
        "montant eur",
        "montant en euros",
        "montant de l operation",
        "montant ttc",
        "amount",
        "amount eur",
        "montant euros",
        "net",
        "amount total",
        "total amount incl vat",
        "somme",
    ),
    "currency": ("devise", "currency", "ccy", "monnaie"),
    "external_id": (
        "transaction id",
        "id transaction",
        "reference de l operation",
        "numero d operation",
        "id",
    ),
    "label": (
        "libelle",
        "libelle operation",
        "libelle de l operation",
        "libelle simplifie",
        "label",
        "description",
        "detail de l ecriture",
        "details",
        "detail",
        "memo",
        "payment reference",
        "communication",
        "note",
        "intitule",
        "nature de l operation",
        "reference",
    ),
    "counterparty": (
        "tiers",
        "beneficiaire",
        "contrepartie",
        "nom du tiers",
        "partner name",
        "counterparty name",
        "payee",
        "name",
    ),
    "direction": ("transaction type", "sens", "debit credit"),
    "status": ("state", "status", "statut", "etat"),
}
# Layouts we can name, by headers they always have.
LAYOUTS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Boursorama", frozenset({"dateop", "dateval", "label", "amount"})),
    ("Crédit Agricole", frozenset({"date", "libelle", "debit euros", "credit euros"})),
    ("Société Générale", frozenset({"date de l operation", "libelle", "montant de l operation"})),
    ("Qonto", frozenset({"settlement date utc", "total amount incl vat", "counterparty name"})),
    ("N26", frozenset({"booking date", "partner name", "amount eur"})),
    ("PayPal", frozenset({"date", "time zone", "gross", "net"})),
    ("Stripe", frozenset({"created", "amount", "converted amount", "fee"})),
    ("Revolut", frozenset({"started date", "completed date", "description", "amount", "state"})),
    ("La Banque Postale", frozenset({"date", "libelle", "montant euros"})),
    ("Caisse d'Epargne", frozenset({"date", "numero d operation", "libelle", "debit", "credit"})),
)
PENDING = {"pending", "en cours", "a venir", "en attente", "provisoire"}
# Rows a status column marks as never booked: not bank lines at all.
NOT_BOOKED = {"reverted", "declined", "failed", "cancelled", "canceled", "annule", "refuse",
               "rejete", "echoue"}  # fmt: skip
DEBIT_WORDS = {"debit", "d", "db", "dr", "sortie"}
CREDIT_WORDS = {"credit", "c", "cr", "entree"}
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "janv", "january", "janvier"),
            ("feb", "fev", "fevr", "february", "fevrier"),
            ("mar", "mars", "march"),
            ("apr", "avr", "april", "avril"),
            ("may", "mai"),
            ("jun", "juin", "june"),
            ("jul", "juil", "july", "juillet"),
            ("aug", "aou", "aout", "august"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre"),
            ("nov", "november", "novembre"),
            ("dec", "december", "decembre"),
        ),
        start=1,
    )
    for name in names
}
