"""The PPR header: the selection criteria and processing options of seed 004, typed for the run form."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class PprHeader(BaseModel):
    """What a user enters on the PPR header (its Selection Criteria and Processing tabs)."""

    pay_through_date: date = Field(description="Invoices due on or before this date are selected")
    payment_date: date = Field(description="The date of the payments (check date, ACH effective date)")
    pay_groups: list[str] = Field(default_factory=list, description="Only these pay groups (empty: all)")
    currencies: list[str] = Field(default_factory=list, description="Only these currencies (empty: all)")
    suppliers: list[str] = Field(default_factory=list, description="Only these supplier ids (empty: all)")
    payment_methods: list[str] = Field(
        default_factory=list, description="Only these payment methods: ACH, WIRE, CHECK (empty: all)"
    )
    bank_account_id: str = Field("", description="Default internal (disbursement) bank account")
    profile_id: str = Field("", description="Default payment process profile (PPP)")
    functional_currency: str = Field("USD", description="Currency exchange rates convert to")
    stop_after_selection: bool = Field(
        False, description="Stop Process for Review After Scheduled Payment Selection"
    )
    calculate_special_amounts: bool = Field(
        False, description="Calculate Payment Withholding and Interest During Scheduled Payment Selection"
    )
    stop_after_proposed_payments: bool = Field(
        False, description="Stop Process for Review After Creation of Proposed Payments"
    )
