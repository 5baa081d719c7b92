from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import treso_app.db.tables  # noqa: F401  (registers the tables)
from treso_app.db.migrate import downgrade, upgrade

BUSINESS_TABLES = {
    "company",
    "user",
    "bankaccount",
    "banktransaction",
    "importrun",
    "counterparty",
    "invoice",
    "bill",
    "allocation",
    "category",
    "categoryrule",
    "recurringitem",
    "reminder",
    "scenario",
    "forecastsnapshot",
    "alert",
    "jobrun",
}


def test_upgrade_head_creates_every_table(db_url):
    tables = set(inspect(create_engine(db_url)).get_table_names())
    assert tables >= BUSINESS_TABLES


def test_models_and_migrations_agree(db_url):
    with create_engine(db_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_downgrade_base_removes_everything_and_upgrade_again_works(db_url):
    downgrade(db_url, "base")
    assert set(inspect(create_engine(db_url)).get_table_names()) <= {"alembic_version"}
    upgrade(db_url)
    assert set(inspect(create_engine(db_url)).get_table_names()) >= BUSINESS_TABLES


def test_dedup_key_is_unique_per_account(db_url):
    indexes = inspect(create_engine(db_url)).get_unique_constraints("banktransaction")
    assert any(set(i["column_names"]) == {"account_id", "dedup_key"} for i in indexes)


def test_upgrade_keeps_the_data_of_a_database_in_use(tmp_path):
    """Batch migrations recreate tables that other rows point to: a populated database at
    0002 upgrades, and what bank lines settled becomes payments."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0002")
    with create_engine(url).begin() as db:
        for sql in (
            "INSERT INTO company (id, name, alert_threshold_cents, end_of_month_reading, "
            "created_at) VALUES (1, 'SARL', 0, 'jours_puis_fin_de_mois', '2026-01-01')",
            "INSERT INTO bankaccount (id, company_id, name, opening_balance_cents, opening_on, "
            "is_active) VALUES (1, 1, 'Compte', 0, '2026-01-01', 1)",
            "INSERT INTO counterparty (id, company_id, kind, name, payment_terms, do_not_remind) "
            "VALUES (1, 1, 'client', 'Hôtel du Parc', '30 jours', 0)",
            "INSERT INTO invoice (id, company_id, client_id, number, issued_on, due_on, ht_cents, "
            "tva_cents, ttc_cents, status, disputed) VALUES (1, 1, 1, 'F2026-0001', '2026-01-05', "
            "'2026-02-04', 100000, 20000, 120000, 'payée', 0)",
            "INSERT INTO banktransaction (id, company_id, account_id, booked_on, amount_cents, "
            "label, dedup_key) VALUES (1, 1, 1, '2026-02-10', 120000, 'VIR HOTEL', 'k1')",
            "INSERT INTO allocation (company_id, transaction_id, invoice_id, amount_cents, method, "
            "confidence) VALUES (1, 1, 1, 120000, 'auto', 1.0)",
        ):
            db.exec_driver_sql(sql)
    upgrade(url)
    with create_engine(url).connect() as db:
        payments = db.exec_driver_sql(
            "SELECT invoice_id, paid_on, amount_cents, means FROM payment"
        ).fetchall()
        kind = db.exec_driver_sql("SELECT kind FROM invoice").scalar()
        professional = db.exec_driver_sql("SELECT professional FROM counterparty").scalar()
    assert [tuple(p) for p in payments] == [(1, "2026-02-10", 120000, "virement")]
    assert kind == "facture" and professional == 1
