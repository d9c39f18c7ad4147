"""print preparation: a print batch's mail class and weight

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mail_class", sa.String(length=40), nullable=True))
        # Ounces: integer ten-thousandths of an ounce (batchline.store.types.Ounces).
        batch_op.add_column(sa.Column("weight_oz", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("max_piece_weight_oz", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_column("max_piece_weight_oz")
        batch_op.drop_column("weight_oz")
        batch_op.drop_column("mail_class")
