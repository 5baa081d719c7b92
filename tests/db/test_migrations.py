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
