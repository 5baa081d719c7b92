"""Bank imports: how statements name an account, remembered CSV mappings, per-statement
import details, the runs of scheduled jobs (last inbox synchronisation), and no more
single-column indexes on bank lines that composite indexes already cover.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 04:08:22.492697
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("jobrun") as batch_op:
        batch_op.create_index("ix_jobrun_name_started", ["name", "started_at"], unique=False)

    with op.batch_alter_table("bankaccount") as batch_op:
        batch_op.add_column(
            sa.Column("statement_ref", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(sa.Column("csv_mapping", sa.JSON(), nullable=True))
        batch_op.create_index("ix_bankaccount_statement_ref", ["statement_ref"], unique=False)

    with op.batch_alter_table("banktransaction") as batch_op:
        batch_op.drop_index("ix_banktransaction_company_id")
        batch_op.drop_index("ix_banktransaction_account_id")

    with op.batch_alter_table("importrun") as batch_op:
        # Existing runs get an empty list: the column is NOT NULL like in the model.
        batch_op.add_column(
            sa.Column("details", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("importrun") as batch_op:
        batch_op.drop_column("details")

    with op.batch_alter_table("banktransaction") as batch_op:
        batch_op.create_index("ix_banktransaction_account_id", ["account_id"], unique=False)
        batch_op.create_index("ix_banktransaction_company_id", ["company_id"], unique=False)

    with op.batch_alter_table("bankaccount") as batch_op:
        batch_op.drop_index("ix_bankaccount_statement_ref")
        batch_op.drop_column("csv_mapping")
        batch_op.drop_column("statement_ref")

    with op.batch_alter_table("jobrun") as batch_op:
        batch_op.drop_index("ix_jobrun_name_started")
    op.drop_table("jobrun")
