"""Which bank account a statement belongs to: the one chosen, else the one it names, else a
new one. Also the accounts the owner names by number or IBAN, and how old their balances are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.queries import account_balances
from treso_app.db.session import read_only, transaction
from treso_app.domain.balances import OLD_STATEMENT_DAYS, is_old_statement, is_stale
from treso_app.domain.calendar import today_paris
from treso_app.domain.errors import TresoError
from treso_app.readers import AccountIdentity


class ImportRefused(TresoError):
    """The file is refused as a whole; nothing was written but its ImportRun row."""


class OldStatement(ImportRefused):
    """A statement older than OLD_STATEMENT_DAYS would create an account: asked first."""


@dataclass(frozen=True)
class AccountStatus:
    id: int
    name: str
    bank_name: str | None
    iban: str | None
    balance_cents: int
    balance_on: date | None  # the day the bank balance is known at
    stale: bool  # known at a day older than the company's stale_balance_days


def account_statuses(session: Session, company_id: int, today: date) -> list[AccountStatus]:
    """Every active account's balance, the day it is known at, and whether that is too old."""
    company = session.get(t.Company, company_id)
    if company is None:
        return []
    max_age = company.stale_balance_days
    return [
        AccountStatus(
            a.id,
            a.name,
            a.bank_name,
            a.iban,
            a.balance_cents,
            a.balance_on,
            is_stale(a.balance_on, today, max_age),
        )
        for a in account_balances(session, company_id)
    ]


def stale_balances(company_id: int, today: date, url: str | None = None) -> list[AccountStatus]:
    """The accounts whose balance is too old to be today's cash: the forecast says so."""
    with read_only(url) as session:
        return [a for a in account_statuses(session, company_id, today) if a.stale]


class AccountFinder:
    """Finds (or creates) the account of each statement of one file, once per identity:
    a CFONB file can hold a statement a day for the same account."""

    def __init__(
        self, session: Session, company_id: int, chosen_id: int | None, confirm_old: bool = False
    ) -> None:
        self.session, self.company_id, self.confirm_old = session, company_id, confirm_old
        self.chosen = None
        if chosen_id is not None:
            self.chosen = session.get(t.BankAccount, chosen_id)
            if self.chosen is None or self.chosen.company_id != company_id:
                raise ImportRefused("le compte choisi n'existe pas (ou plus).")
        self.found: dict[AccountIdentity, t.BankAccount] = {}

    def find(
        self, identity: AccountIdentity, first_day: date, newest: date | None
    ) -> tuple[t.BankAccount, bool]:
        """(account, created?). `first_day` and `newest` span the statement."""
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
            account = self._create(identity, first_day, newest)
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

    def _create(
        self, identity: AccountIdentity, first_day: date, newest: date | None
    ) -> t.BankAccount:
        if not identity.is_known:
            raise ImportRefused(
                "ce fichier n'indique pas de quel compte il s'agit : choisissez le compte "
                "(page Banque, ou --account en ligne de commande)."
            )
        old = newest is not None and is_old_statement(newest, today_paris())
        if old and not self.confirm_old:
            name = account_name(identity.iban, identity.number)
            raise OldStatement(
                f"ce relevé s'arrête au {newest:%d/%m/%Y}, il y a plus de {OLD_STATEMENT_DAYS} "
                f"jours : il créerait le compte « {name} » avec un solde de cette date, compté "
                "dans la trésorerie d'aujourd'hui."
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
