"""payment process requests and the AP ledger (seed 004)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ap_suppliers",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=240), nullable=False),
        sa.Column("classification", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "ap_supplier_sites",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("supplier_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=240), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("remit_routing", sa.String(length=20), nullable=False),
        sa.Column("remit_account", sa.String(length=40), nullable=False),
        sa.Column("remit_account_type", sa.String(length=10), nullable=False),
        sa.Column("remit_iban", sa.String(length=40), nullable=False),
        sa.Column("remit_bic", sa.String(length=11), nullable=False),
        sa.Column("remit_bank_name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["ap_suppliers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ap_supplier_sites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ap_supplier_sites_supplier_id"), ["supplier_id"], unique=False)
    op.create_table(
        "ap_bank_accounts",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("account_name", sa.String(length=120), nullable=False),
        sa.Column("bank_name", sa.String(length=120), nullable=False),
        sa.Column("routing_number", sa.String(length=20), nullable=False),
        sa.Column("account_number", sa.String(length=40), nullable=False),
        sa.Column("account_type", sa.String(length=10), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("company_name", sa.String(length=120), nullable=False),
        sa.Column("company_id", sa.String(length=20), nullable=False),
        sa.Column("company_address", sa.Text(), nullable=False),
        sa.Column("bank_address", sa.Text(), nullable=False),
        sa.Column("bic", sa.String(length=11), nullable=False),
        sa.Column("iban", sa.String(length=40), nullable=False),
        sa.Column("check_first", sa.Integer(), nullable=True),
        sa.Column("check_last", sa.Integer(), nullable=True),
        sa.Column("next_check_number", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "ap_payment_profiles",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("payment_method", sa.String(length=10), nullable=False),
        sa.Column("output_format", sa.String(length=12), nullable=False),
        sa.Column("bank_account_id", sa.String(length=40), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_account_id"],
            ["ap_bank_accounts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "ap_exchange_rates",
        sa.Column("from_currency", sa.String(length=3), nullable=False),
        sa.Column("to_currency", sa.String(length=3), nullable=False),
        sa.Column("rate_date", sa.Date(), nullable=False),
        sa.Column("rate", sa.String(length=30), nullable=False),
        sa.PrimaryKeyConstraint("from_currency", "to_currency", "rate_date"),
    )
    op.create_table(
        "ap_settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "ap_invoices",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("invoice_number", sa.String(length=64), nullable=False),
        sa.Column("supplier_site_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("invoice_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("discount_date", sa.Date(), nullable=True),
        sa.Column("discount_amount", sa.BigInteger(), nullable=False),
        sa.Column("pay_group", sa.String(length=40), nullable=False),
        sa.Column("payment_method", sa.String(length=10), nullable=False),
        sa.Column("hold", sa.String(length=120), nullable=False),
        sa.Column("bank_account_id", sa.String(length=40), nullable=True),
        sa.Column("profile_id", sa.String(length=40), nullable=True),
        sa.Column("original_invoice_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("ppr_id", sa.String(length=64), nullable=True),
        sa.Column("payment_reference", sa.String(length=64), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["original_invoice_id"],
            ["ap_invoices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["supplier_site_id"],
            ["ap_supplier_sites.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("supplier_site_id", "invoice_number", name="uq_ap_invoice_number"),
    )
    with op.batch_alter_table("ap_invoices", schema=None) as batch_op:
        batch_op.create_index("ix_ap_invoices_open", ["state", "ppr_id", "due_date"], unique=False)
        batch_op.create_index("ix_ap_invoices_ppr", ["ppr_id"], unique=False)
    op.create_table(
        "pprs",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("header", sa.JSON(), nullable=False),
        sa.Column("flow_run_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "ppr_documents",
        sa.Column("ppr_id", sa.String(length=64), nullable=False),
        sa.Column("invoice_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("gross", sa.BigInteger(), nullable=False),
        sa.Column("discount_taken", sa.BigInteger(), nullable=False),
        sa.Column("withholding", sa.BigInteger(), nullable=False),
        sa.Column("bank_account_id", sa.String(length=40), nullable=True),
        sa.Column("profile_id", sa.String(length=40), nullable=True),
        sa.Column("payment_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["ap_invoices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ppr_id"],
            ["pprs.id"],
        ),
        sa.PrimaryKeyConstraint("ppr_id", "invoice_id"),
    )
    with op.batch_alter_table("ppr_documents", schema=None) as batch_op:
        batch_op.create_index("ix_ppr_documents_payment", ["payment_id"], unique=False)
    op.create_table(
        "ap_withholdings",
        sa.Column("ppr_id", sa.String(length=64), nullable=False),
        sa.Column("invoice_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("supplier_id", sa.String(length=40), nullable=False),
        sa.Column("classification", sa.String(length=40), nullable=False),
        sa.Column("rate", sa.String(length=30), nullable=False),
        sa.Column("basis", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["ap_invoices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ppr_id"],
            ["pprs.id"],
        ),
        sa.PrimaryKeyConstraint("ppr_id", "invoice_id"),
    )
    with op.batch_alter_table("ap_withholdings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ap_withholdings_supplier_id"), ["supplier_id"], unique=False)
    op.create_table(
        "ppr_payments",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("ppr_id", sa.String(length=64), nullable=False),
        sa.Column("supplier_site_id", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payment_method", sa.String(length=10), nullable=False),
        sa.Column("profile_id", sa.String(length=40), nullable=False),
        sa.Column("bank_account_id", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("instruction_id", sa.String(length=64), nullable=True),
        sa.Column("check_number", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ppr_id"],
            ["pprs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ppr_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ppr_payments_ppr_id"), ["ppr_id"], unique=False)
    op.create_table(
        "ppr_instructions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("ppr_id", sa.String(length=64), nullable=False),
        sa.Column("payment_method", sa.String(length=10), nullable=False),
        sa.Column("profile_id", sa.String(length=40), nullable=False),
        sa.Column("bank_account_id", sa.String(length=40), nullable=False),
        sa.Column("file_path", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("formatted_on", sa.Date(), nullable=True),
        sa.Column("payments", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ppr_id"],
            ["pprs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ppr_instructions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ppr_instructions_ppr_id"), ["ppr_id"], unique=False)
    op.create_table(
        "ap_checks",
        sa.Column("bank_account_id", sa.String(length=40), nullable=False),
        sa.Column("check_number", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.String(length=64), nullable=True),
        sa.Column("instruction_id", sa.String(length=64), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_account_id"],
            ["ap_bank_accounts.id"],
        ),
        sa.PrimaryKeyConstraint("bank_account_id", "check_number"),
    )
    with op.batch_alter_table("ap_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ap_checks_payment_id"), ["payment_id"], unique=False)


def downgrade() -> None:
    op.drop_table("ap_checks")
    op.drop_table("ppr_instructions")
    op.drop_table("ppr_payments")
    op.drop_table("ap_withholdings")
    op.drop_table("ppr_documents")
    op.drop_table("pprs")
    op.drop_table("ap_invoices")
    op.drop_table("ap_settings")
    op.drop_table("ap_exchange_rates")
    op.drop_table("ap_payment_profiles")
    op.drop_table("ap_bank_accounts")
    op.drop_table("ap_supplier_sites")
    op.drop_table("ap_suppliers")
