"""Invoicing: quotes and their lines, invoice kinds (deposit, credit note), gapless number
sequences, payments by any means (existing bank allocations become payments), reminder
history with retries, late-payment and reminder settings per company, supplier BIC.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 06:21:30.112354
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "numbersequence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_id", "prefix", "year", name="uq_sequence"),
    )
    op.create_table(
        "quote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("ht_cents", sa.BigInteger(), nullable=False),
        sa.Column("tva_cents", sa.BigInteger(), nullable=False),
        sa.Column("ttc_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
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
        sa.UniqueConstraint("company_id", "number", name="uq_quote_company_number"),
    )
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quote_company_id"), ["company_id"], unique=False)

    op.create_table(
        "documentline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("quote_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("quantity_milli", sa.Integer(), nullable=False),
        sa.Column("unit_price_cents", sa.BigInteger(), nullable=False),
        sa.Column("vat_rate_bp", sa.Integer(), nullable=False),
        sa.Column("ht_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
        ),
        sa.ForeignKeyConstraint(
            ["quote_id"],
            ["quote.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("documentline", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documentline_invoice_id"), ["invoice_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documentline_quote_id"), ["quote_id"], unique=False)

    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("bill_id", sa.Integer(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("means", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
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
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_bill_id"), ["bill_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_invoice_id"), ["invoice_id"], unique=False)

    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.add_column(sa.Column("penalty_rate_bp", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reminder_plan", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "reminders_auto_send", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("quote_conversion_days", sa.Integer(), nullable=False, server_default="30")
        )

    with op.batch_alter_table("counterparty", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bic", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(
            sa.Column("professional", sa.Boolean(), nullable=False, server_default=sa.true())
        )

    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="facture"
            )
        )
        batch_op.add_column(sa.Column("quote_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("credits_invoice_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("penalty_rate_bp", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_invoice_credits_invoice_id"), ["credits_invoice_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invoice_quote_id"), ["quote_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_invoice_credits_invoice", "invoice", ["credits_invoice_id"], ["id"]
        )
        batch_op.create_foreign_key("fk_invoice_quote", "quote", ["quote_id"], ["id"])

    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "subject", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("error", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_unique_constraint("uq_reminder_invoice_level", ["invoice_id", "level"])

    # What bank lines settled so far becomes payments (by transfer, on the booking day).
    op.execute(
        "INSERT INTO payment (company_id, invoice_id, bill_id, paid_on, amount_cents, means, "
        "created_at) SELECT a.company_id, a.invoice_id, a.bill_id, t.booked_on, a.amount_cents, "
        "'virement', CURRENT_TIMESTAMP FROM allocation a "
        "JOIN banktransaction t ON t.id = a.transaction_id"
    )


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_constraint("uq_reminder_invoice_level", type_="unique")
        batch_op.drop_column("attempts")
        batch_op.drop_column("error")
        batch_op.drop_column("body")
        batch_op.drop_column("subject")

    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_constraint("fk_invoice_quote", type_="foreignkey")
        batch_op.drop_constraint("fk_invoice_credits_invoice", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_invoice_quote_id"))
        batch_op.drop_index(batch_op.f("ix_invoice_credits_invoice_id"))
        batch_op.drop_column("penalty_rate_bp")
        batch_op.drop_column("credits_invoice_id")
        batch_op.drop_column("quote_id")
        batch_op.drop_column("kind")

    with op.batch_alter_table("counterparty", schema=None) as batch_op:
        batch_op.drop_column("professional")
        batch_op.drop_column("bic")

    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_column("quote_conversion_days")
        batch_op.drop_column("reminders_auto_send")
        batch_op.drop_column("reminder_plan")
        batch_op.drop_column("penalty_rate_bp")

    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_payment_company_id"))
        batch_op.drop_index(batch_op.f("ix_payment_bill_id"))

    op.drop_table("payment")
    with op.batch_alter_table("documentline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documentline_quote_id"))
        batch_op.drop_index(batch_op.f("ix_documentline_invoice_id"))

    op.drop_table("documentline")
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_company_id"))
        batch_op.drop_index(batch_op.f("ix_quote_client_id"))

    op.drop_table("quote")
    op.drop_table("numbersequence")
