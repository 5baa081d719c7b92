"""Reconciliation (allocations tied to payments, a review queue of suggestions), category
rules with match kinds, direction and amount bounds, where a bank line's category comes from
and its learned suggestion, recurring items detected in the bank history.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 02:11:21.007143
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "matchsuggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("transaction_id", sa.Integer(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", TEXT(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("status", TEXT(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"]),
        sa.ForeignKeyConstraint(["transaction_id"], ["banktransaction.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("matchsuggestion", schema=None) as batch_op:
        batch_op.create_index(
            "ix_matchsuggestion_company_status", ["company_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_matchsuggestion_transaction_id"), ["transaction_id"], unique=False
        )

    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payment_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("created_payment", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("reasons", TEXT(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column(
                "created_at",
                sqlmodel.sql.sqltypes.UTCDateTime(),
                nullable=False,
                server_default=sa.func.current_timestamp(),
            )
        )
        batch_op.create_index(batch_op.f("ix_allocation_payment_id"), ["payment_id"], unique=False)
        batch_op.create_foreign_key("fk_allocation_payment", "payment", ["payment_id"], ["id"])

    with op.batch_alter_table("banktransaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category_source", TEXT(), nullable=True))
        batch_op.add_column(sa.Column("suggested_category_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_banktransaction_suggested_category", "category", ["suggested_category_id"], ["id"]
        )

    with op.batch_alter_table("categoryrule", schema=None) as batch_op:
        batch_op.add_column(sa.Column("match", TEXT(), nullable=False, server_default="contient"))
        batch_op.add_column(sa.Column("direction", TEXT(), nullable=True))
        batch_op.add_column(sa.Column("min_cents", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("max_cents", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("recurringitem", schema=None) as batch_op:
        batch_op.add_column(sa.Column("day_rule", TEXT(), nullable=False, server_default="jour"))
        batch_op.add_column(sa.Column("status", TEXT(), nullable=False, server_default="confirmé"))
        batch_op.add_column(sa.Column("match_key", TEXT(), nullable=True))
        batch_op.add_column(sa.Column("last_seen_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_recurringitem_match_key"), ["match_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recurringitem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recurringitem_match_key"))
        batch_op.drop_column("last_seen_on")
        batch_op.drop_column("match_key")
        batch_op.drop_column("status")
        batch_op.drop_column("day_rule")

    with op.batch_alter_table("categoryrule", schema=None) as batch_op:
        batch_op.drop_column("max_cents")
        batch_op.drop_column("min_cents")
        batch_op.drop_column("direction")
        batch_op.drop_column("match")

    with op.batch_alter_table("banktransaction", schema=None) as batch_op:
        batch_op.drop_constraint("fk_banktransaction_suggested_category", type_="foreignkey")
        batch_op.drop_column("suggested_category_id")
        batch_op.drop_column("category_source")

    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.drop_constraint("fk_allocation_payment", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_allocation_payment_id"))
        batch_op.drop_column("created_at")
        batch_op.drop_column("reasons")
        batch_op.drop_column("created_payment")
        batch_op.drop_column("payment_id")

    op.drop_table("matchsuggestion")
