"""Issued SEPA transfer files and the bills they pay, a history of invoices and bills
(deleted payments), the day an account's balance is known at, the demo company marked as
such, and per-company settings for stale balances and the first reminder's delay.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 23:19:07.796985
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transferfile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("transferfile", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transferfile_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "transferfilebill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transfer_file_id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("execution_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bill_id"],
            ["bill.id"],
        ),
        sa.ForeignKeyConstraint(
            ["transfer_file_id"],
            ["transferfile.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("transferfilebill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transferfilebill_bill_id"), ["bill_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_transferfilebill_transfer_file_id"), ["transfer_file_id"], unique=False
        )

    op.create_table(
        "documentevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("bill_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
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
    with op.batch_alter_table("documentevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documentevent_bill_id"), ["bill_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_documentevent_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_documentevent_invoice_id"), ["invoice_id"], unique=False
        )

    with op.batch_alter_table("bankaccount", schema=None) as batch_op:
        batch_op.add_column(sa.Column("balance_on", sa.Date(), nullable=True))

    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_demo", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("stale_balance_days", sa.Integer(), nullable=False, server_default="10")
        )
        batch_op.add_column(
            sa.Column("reminder_min_age_days", sa.Integer(), nullable=False, server_default="7")
        )

    # The generator's company is the one whose history came from the demo's import run.
    op.execute(
        "UPDATE company SET is_demo = TRUE WHERE id IN "
        "(SELECT company_id FROM importrun WHERE source = 'demo')"
    )
    # A balance is known at the newest line imported so far.
    op.execute(
        "UPDATE bankaccount SET balance_on = "
        "(SELECT MAX(booked_on) FROM banktransaction WHERE account_id = bankaccount.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.drop_column("reminder_min_age_days")
        batch_op.drop_column("stale_balance_days")
        batch_op.drop_column("is_demo")

    with op.batch_alter_table("bankaccount", schema=None) as batch_op:
        batch_op.drop_column("balance_on")

    with op.batch_alter_table("documentevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documentevent_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_documentevent_company_id"))
        batch_op.drop_index(batch_op.f("ix_documentevent_bill_id"))

    op.drop_table("documentevent")
    with op.batch_alter_table("transferfilebill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transferfilebill_transfer_file_id"))
        batch_op.drop_index(batch_op.f("ix_transferfilebill_bill_id"))

    op.drop_table("transferfilebill")
    with op.batch_alter_table("transferfile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transferfile_company_id"))

    op.drop_table("transferfile")
