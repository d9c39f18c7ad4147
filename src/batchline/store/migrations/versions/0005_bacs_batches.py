"""Bacs payment batches (seed 002)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bacs_batches",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("profile", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("submitter", sa.String(length=120), nullable=False),
        sa.Column("flow_run_id", sa.String(length=64), nullable=False),
        sa.Column("payment_count", sa.Integer(), nullable=False),
        sa.Column("total_pence", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bacs_batches_profile", "bacs_batches", ["profile"], unique=False)
    op.create_table(
        "bacs_payments",
        sa.Column("batch_id", sa.String(length=64), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("sort_code", sa.String(length=6), nullable=False),
        sa.Column("account_number", sa.String(length=8), nullable=False),
        sa.Column("account_name", sa.String(length=18), nullable=False),
        sa.Column("amount_pence", sa.BigInteger(), nullable=False),
        sa.Column("transaction_code", sa.String(length=2), nullable=False),
        sa.Column("reference", sa.String(length=18), nullable=False),
        sa.Column("payment_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["bacs_batches.id"]),
        sa.PrimaryKeyConstraint("batch_id", "line"),
    )
    op.create_index("ix_bacs_payments_payee", "bacs_payments", ["sort_code", "account_number"], unique=False)
    op.create_table(
        "bacs_submissions",
        sa.Column("batch_id", sa.String(length=64), nullable=False),
        sa.Column("serial", sa.String(length=6), nullable=False),
        sa.Column("file_path", sa.Text(), nullable=False),
        sa.Column("processing_day", sa.Date(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["bacs_batches.id"]),
        sa.PrimaryKeyConstraint("batch_id"),
    )
    op.create_index("ix_bacs_submissions_serial", "bacs_submissions", ["serial"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_bacs_submissions_serial", table_name="bacs_submissions")
    op.drop_table("bacs_submissions")
    op.drop_index("ix_bacs_payments_payee", table_name="bacs_payments")
    op.drop_table("bacs_payments")
    op.drop_index("ix_bacs_batches_profile", table_name="bacs_batches")
    op.drop_table("bacs_batches")
