"""Initial schema: every table of DESIGN.md §5 (money in BigInteger cents, company_id
on business rows, (account_id, dedup_key) unique). Generated from the models, reviewed by hand.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 03:36:51.824598
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("siren", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("alert_threshold_cents", sa.BigInteger(), nullable=False),
        sa.Column("end_of_month_reading", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("severity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("acknowledged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_company_id"), ["company_id"], unique=False)

    op.create_table(
        "bankaccount",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("bank_name", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("iban", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("bic", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("opening_balance_cents", sa.BigInteger(), nullable=False),
        sa.Column("opening_on", sa.Date(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bankaccount", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bankaccount_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bankaccount_iban"), ["iban"], unique=False)

    op.create_table(
        "category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("monthly_budget_cents", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("category", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_category_company_id"), ["company_id"], unique=False)

    op.create_table(
        "counterparty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("siren", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("iban", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("payment_terms", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("learned_delay_days", sa.Float(), nullable=True),
        sa.Column("do_not_remind", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("counterparty", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_counterparty_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "forecastsnapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("scenario", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("series", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("forecastsnapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forecastsnapshot_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_forecastsnapshot_made_on"), ["made_on"], unique=False)

    op.create_table(
        "importrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("format", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("read_count", sa.Integer(), nullable=False),
        sa.Column("new_count", sa.Integer(), nullable=False),
        sa.Column("duplicate_count", sa.Integer(), nullable=False),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("importrun", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_importrun_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_importrun_sha256"), ["sha256"], unique=False)

    op.create_table(
        "scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scenario", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scenario_company_id"), ["company_id"], unique=False)

    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_company_id"), ["company_id"], unique=False)

    op.create_table(
        "banktransaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("value_on", sa.Date(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("counterparty", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("dedup_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["bankaccount.id"],
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["importrun.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "dedup_key", name="uq_banktransaction_account_dedup"),
    )
    with op.batch_alter_table("banktransaction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_banktransaction_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            "ix_banktransaction_company_booked", ["company_id", "booked_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_banktransaction_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "bill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("scheduled_on", sa.Date(), nullable=True),
        sa.Column("ht_cents", sa.BigInteger(), nullable=True),
        sa.Column("tva_cents", sa.BigInteger(), nullable=True),
        sa.Column("ttc_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["counterparty.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bill_company_id"), ["company_id"], unique=False)
        batch_op.create_index(
            "ix_bill_company_status_due", ["company_id", "status", "due_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_bill_supplier_id"), ["supplier_id"], unique=False)

    op.create_table(
        "categoryrule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("pattern", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("categoryrule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_categoryrule_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "invoice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("ht_cents", sa.BigInteger(), nullable=False),
        sa.Column("tva_cents", sa.BigInteger(), nullable=False),
        sa.Column("ttc_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["counterparty.id"],
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_id", "number", name="uq_invoice_company_number"),
    )
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invoice_company_id"), ["company_id"], unique=False)
        batch_op.create_index(
            "ix_invoice_company_status_due", ["company_id", "status", "due_on"], unique=False
        )

    op.create_table(
        "recurringitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("frequency", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["bankaccount.id"],
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("recurringitem", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recurringitem_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("transaction_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("bill_id", sa.Integer(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bill_id"],
            ["bill.id"],
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
        ),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["banktransaction.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocation_bill_id"), ["bill_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocation_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocation_invoice_id"), ["invoice_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_allocation_transaction_id"), ["transaction_id"], unique=False
        )

    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_invoice_id"), ["invoice_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_company_id"))

    op.drop_table("reminder")
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocation_transaction_id"))
        batch_op.drop_index(batch_op.f("ix_allocation_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_allocation_company_id"))
        batch_op.drop_index(batch_op.f("ix_allocation_bill_id"))

    op.drop_table("allocation")
    with op.batch_alter_table("recurringitem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recurringitem_company_id"))

    op.drop_table("recurringitem")
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_index("ix_invoice_company_status_due")
        batch_op.drop_index(batch_op.f("ix_invoice_company_id"))
        batch_op.drop_index(batch_op.f("ix_invoice_client_id"))

    op.drop_table("invoice")
    with op.batch_alter_table("categoryrule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_categoryrule_company_id"))

    op.drop_table("categoryrule")
    with op.batch_alter_table("bill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bill_supplier_id"))
        batch_op.drop_index("ix_bill_company_status_due")
        batch_op.drop_index(batch_op.f("ix_bill_company_id"))

    op.drop_table("bill")
    with op.batch_alter_table("banktransaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_banktransaction_company_id"))
        batch_op.drop_index("ix_banktransaction_company_booked")
        batch_op.drop_index(batch_op.f("ix_banktransaction_account_id"))

    op.drop_table("banktransaction")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_company_id"))

    op.drop_table("user")
    with op.batch_alter_table("scenario", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenario_company_id"))

    op.drop_table("scenario")
    with op.batch_alter_table("importrun", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_importrun_sha256"))
        batch_op.drop_index(batch_op.f("ix_importrun_company_id"))

    op.drop_table("importrun")
    with op.batch_alter_table("forecastsnapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forecastsnapshot_made_on"))
        batch_op.drop_index(batch_op.f("ix_forecastsnapshot_company_id"))

    op.drop_table("forecastsnapshot")
    with op.batch_alter_table("counterparty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counterparty_company_id"))

    op.drop_table("counterparty")
    with op.batch_alter_table("category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_category_company_id"))

    op.drop_table("category")
    with op.batch_alter_table("bankaccount", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bankaccount_iban"))
        batch_op.drop_index(batch_op.f("ix_bankaccount_company_id"))

    op.drop_table("bankaccount")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_company_id"))

    op.drop_table("alert")
    op.drop_table("company")
