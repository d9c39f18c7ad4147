"""Payments as the payment instruction files see them: built, numbered and ready to format.

Money is ``Decimal`` throughout; the writers turn it into exact cents or exact text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal(0)


class PaymentMethod(StrEnum):
    ACH = "ACH"  # NACHA file
    WIRE = "WIRE"  # ISO 20022 pain.001 credit transfer
    CHECK = "CHECK"  # printed check


class AccountType(StrEnum):
    CHECKING = "CHECKING"
    SAVINGS = "SAVINGS"


class SecCode(StrEnum):
    PPD = "PPD"  # Prearranged Payment and Deposit: to a consumer's account
    CCD = "CCD"  # Corporate Credit or Debit: to a business; CCD+ with a remittance addenda


class OutputFormat(StrEnum):
    NACHA = "NACHA"
    PAIN_001 = "PAIN_001"
    CHECK_PDF = "CHECK_PDF"


@dataclass(frozen=True, slots=True)
class PostalAddress:
    lines: tuple[str, ...]  # as printed: street lines, then "CITY ST 12345-6789"
    country: str = "US"  # ISO 3166 alpha-2


@dataclass(frozen=True, slots=True)
class PaidDocument:
    """An invoice (or, with negative amounts, a credit memo) settled by a payment."""

    invoice_number: str
    invoice_date: date
    gross_amount: Decimal
    net_paid: Decimal
    discount_taken: Decimal = ZERO
    withholding: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class PayeeBankAccount:
    """The supplier site's remit-to account: routing and account for ACH, IBAN or account and BIC for pain.001."""

    routing_number: str = ""
    account_number: str = ""
    account_type: AccountType = AccountType.CHECKING
    iban: str = ""
    bic: str = ""
    bank_name: str = ""


@dataclass(frozen=True, slots=True)
class Payment:
    payment_id: str  # the payment reference: NACHA identification number, pain.001 EndToEndId
    payee_name: str
    amount: Decimal
    payment_date: date  # ACH effective entry date, pain.001 requested execution date, check date
    method: PaymentMethod
    currency: str = "USD"
    documents: tuple[PaidDocument, ...] = ()
    remit_to: PayeeBankAccount | None = None
    payee_address: PostalAddress | None = None  # the supplier site address printed on checks
    payee_id: str = ""  # the supplier number
    check_number: int | None = None  # assigned from the check stock by the caller
    memo: str = ""


@dataclass(frozen=True, slots=True)
class CheckStock:
    stock_id: str
    first_number: int
    last_number: int


@dataclass(frozen=True, slots=True)
class DisbursementAccount:
    """The internal bank account payments are drawn on, with the company's identities at that bank.

    Blank NACHA identities take their usual values: the file goes to the account's own bank
    (immediate destination = its routing number, the ODFI = its first eight digits) from the
    company (immediate origin = company id).
    """

    account_name: str
    bank_name: str
    routing_number: str
    account_number: str
    company_name: str
    company_id: str  # NACHA company identification, often "1" + the 9-digit EIN
    account_type: AccountType = AccountType.CHECKING
    currency: str = "USD"
    company_address: tuple[str, ...] = ()
    bank_address: tuple[str, ...] = ()
    immediate_origin: str = ""
    immediate_origin_name: str = ""
    immediate_destination: str = ""
    immediate_destination_name: str = ""
    odfi: str = ""
    iban: str = ""
    bic: str = ""
    check_stock: CheckStock | None = None

    @property
    def origin(self) -> str:
        return self.immediate_origin or self.company_id

    @property
    def origin_name(self) -> str:
        return self.immediate_origin_name or self.company_name

    @property
    def destination(self) -> str:
        return self.immediate_destination or self.routing_number

    @property
    def destination_name(self) -> str:
        return self.immediate_destination_name or self.bank_name

    @property
    def odfi_id(self) -> str:
        return self.odfi or self.routing_number[:8]


@dataclass(frozen=True, slots=True)
class PaymentProcessProfile:
    """The payment process profile (PPP): how one kind of payment is formatted."""

    name: str
    output_format: OutputFormat
    # NACHA
    sec_code: SecCode = SecCode.CCD
    balanced_offset: bool = False  # add a debit to the company's own account for each batch's credits
    company_entry_description: str = "VENDOR PAY"  # 10 characters, shown on the payee's statement
    company_discretionary_data: str = ""
    remittance_addenda: bool = True  # one 05 addenda per entry (CCD+, PPD+) carrying the invoices paid
    file_reference_code: str = ""
    # ISO 20022 pain.001
    initiating_party_id: str = ""  # blank: the company id
    charge_bearer: str = ""  # DEBT, CRED, SHAR or SLEV; blank leaves it to the bank
    service_level: str = ""  # e.g. URGP, NURG, SEPA; blank: none
    batch_booking: bool | None = None
    structured_remittance: bool = True  # RmtInf/Strd per invoice; False: one Ustrd line
