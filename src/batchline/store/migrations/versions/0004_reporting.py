"""reporting: document facts on TRN and RCP, the customer routing setup, the mail date of batches

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_FACTS = ("document_type", "branch", "amount", "pages")


def _fact_columns() -> list[sa.Column]:
    return [
        sa.Column("document_type", sa.String(length=12), nullable=True),
        sa.Column("branch", sa.String(length=40), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        for column in _fact_columns():
            batch_op.add_column(column)
        batch_op.add_column(sa.Column("account_number", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("routed_by", sa.String(length=12), nullable=True))
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        for column in _fact_columns():
            batch_op.add_column(column)
        batch_op.add_column(sa.Column("is_copy", sa.Boolean(), nullable=False, server_default=sa.false()))
        # billing activity details by batch, and seed 003 RCP codes by job: read from these indexes alone
        batch_op.create_index(
            "ix_deliveries_batch", ["batch_id", "state", "document_type", "amount", "pages"], unique=False
        )
        batch_op.create_index("ix_deliveries_job_code", ["job_id", "code"], unique=False)
        # covering: the reports group a client's deliveries by job, channel and state with their send time
        batch_op.drop_index("ix_deliveries_job_state")
        batch_op.create_index("ix_deliveries_job_state", ["job_id", "channel", "state", "sent_at"], unique=False)
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mailed_on", sa.Date(), nullable=True))
    op.create_table(
        "delivery_totals",
        sa.Column("job_id", sa.String(length=64), nullable=False),
        sa.Column("sent_quarter", sa.DateTime(timezone=True), nullable=False),
        sa.Column("branch", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("document_type", sa.String(length=12), nullable=False),
        sa.Column("is_copy", sa.Boolean(), nullable=False),
        sa.Column("deliveries", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("pages", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"]),
        sa.PrimaryKeyConstraint("job_id", "sent_quarter", "branch", "channel", "document_type", "is_copy"),
    )
    with op.batch_alter_table("delivery_totals", schema=None) as batch_op:
        batch_op.create_index("ix_delivery_totals_sent", ["sent_quarter"], unique=False)
    op.create_table(
        "customer_routing",
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("account_number", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("fax_number", sa.String(length=40), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "account_number", "channel"),
    )


def downgrade() -> None:
    op.drop_table("customer_routing")
    op.drop_table("delivery_totals")
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_column("mailed_on")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_job_state")
        batch_op.create_index("ix_deliveries_job_state", ["job_id", "channel", "state"], unique=False)
        batch_op.drop_index("ix_deliveries_job_code")
        batch_op.drop_index("ix_deliveries_batch")
        batch_op.drop_column("is_copy")
        for name in reversed(_FACTS):
            batch_op.drop_column(name)
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.drop_column("routed_by")
        batch_op.drop_column("account_number")
        for name in reversed(_FACTS):
            batch_op.drop_column(name)
