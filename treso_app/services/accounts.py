"""Which bank account a statement belongs to: the one chosen, else the one it names, else a
new one. Also the accounts the owner names by number or IBAN."""

from __future__ import annotations

from datetime import date

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.session import transaction
from treso_app.domain.calendar import today_paris
from treso_app.domain.errors import TresoError
from treso_app.readers import AccountIdentity


class ImportRefused(TresoError):
    """The file is refused as a whole; nothing was written but its ImportRun row."""


class AccountFinder:
    """Finds (or creates) the account of each statement of one file, once per identity:
    a CFONB file can hold a statement a day for the same account."""

    def __init__(self, session: Session, company_id: int, chosen_id: int | None) -> None:
        self.session, self.company_id = session, company_id
        self.chosen = None
        if chosen_id is not None:
            self.chosen = session.get(t.BankAccount, chosen_id)
            if self.chosen is None or self.chosen.company_id != company_id:
                raise ImportRefused("le compte choisi n'existe pas (ou plus).")
        self.found: dict[AccountIdentity, t.BankAccount] = {}

    def find(self, identity: AccountIdentity, first_day: date) -> tuple[t.BankAccount, bool]:
        """(account, created?)."""
        if self.chosen is not None:
            chosen = self.chosen
            if identity.iban and chosen.iban and identity.iban != chosen.iban:
                raise ImportRefused(
                    f"ce relevé est celui du compte {identity.iban}, pas du compte choisi "
                    f"« {chosen.name} » ({chosen.iban})."
                )
            return chosen, False
        if identity in self.found:
            return self.found[identity], False
        account = self._existing(identity)
        created = account is None
        if created:
            account = self._create(identity, first_day)
        self.found[identity] = account
        return account, created

    def _existing(self, identity: AccountIdentity) -> t.BankAccount | None:
        query = select(t.BankAccount).where(t.BankAccount.company_id == self.company_id)
        if identity.iban:
            found = self.session.exec(query.where(t.BankAccount.iban == identity.iban)).first()
            if found:
                return found
        if identity.number:
            return self.session.exec(
                query.where(t.BankAccount.statement_ref == identity.number)
            ).first()
        return None

    def _create(self, identity: AccountIdentity, first_day: date) -> t.BankAccount:
        if not identity.is_known:
            raise ImportRefused(
                "ce fichier n'indique pas de quel compte il s'agit : choisissez le compte "
                "(page Banque, ou --account en ligne de commande)."
            )
        account = t.BankAccount(
            company_id=self.company_id,
            name=account_name(identity.iban, identity.number),
            bank_name=bank_name(identity.iban),
            iban=identity.iban,
            bic=identity.bic,
            statement_ref=None if identity.iban else identity.number,
            opening_on=first_day,
        )
        self.session.add(account)
        self.session.flush()
        return account


def resolve_account(company_id: int, wanted: str, url: str | None = None) -> int:
    """An account by number or IBAN; a valid IBAN not known yet creates the account."""
    with transaction(url) as session:
        query = select(t.BankAccount).where(t.BankAccount.company_id == company_id)
        if wanted.strip().isdigit():
            account = session.exec(query.where(t.BankAccount.id == int(wanted))).first()
            if account is None:
                raise TresoError(f"aucun compte n° {wanted} dans cette entreprise.")
            return account.id
        iban = "".join(wanted.split()).upper()
        account = session.exec(query.where(t.BankAccount.iban == iban)).first()
        if account is None:
            account = create_account(session, company_id, iban)
        return account.id


def create_account(session: Session, company_id: int, iban: str) -> t.BankAccount:
    """A new account from an IBAN typed by the owner (CLI --account, the Banque page)."""
    try:
        valid = str(IBAN(iban))
    except SchwiftyException as error:
        raise ImportRefused(f"« {iban} » n'est pas un IBAN valide.") from error
    account = t.BankAccount(
        company_id=company_id,
        name=account_name(valid, None),
        bank_name=bank_name(valid),
        iban=valid,
        opening_on=today_paris(),
    )
    session.add(account)
    session.flush()
    return account


def account_name(iban: str | None, number: str | None) -> str:
    return f"Compte …{iban[-4:]}" if iban else f"Compte {number}"


def bank_name(iban: str | None) -> str | None:
    """The bank's name from schwifty's registry (« BNP Paribas »), when it knows it."""
    if not iban:
        return None
    try:
        return IBAN(iban).bank_name
    except (SchwiftyException, AttributeError):
        return None
