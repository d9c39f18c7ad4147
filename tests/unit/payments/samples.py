"""Sample accounts, profiles and payments for the payment file tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from batchline.payments.model import (
    AccountType,
    CheckStock,
    DisbursementAccount,
    OutputFormat,
    PaidDocument,
    PayeeBankAccount,
    Payment,
    PaymentMethod,
    PaymentProcessProfile,
    PostalAddress,
)

D = Decimal
PAYMENT_DATE = date(2025, 3, 14)
NEXT_PAYMENT_DATE = date(2025, 3, 17)


def disbursement_account() -> DisbursementAccount:
    return DisbursementAccount(
        account_name="Operating",
        bank_name="First Example Bank",
        routing_number="011000015",
        account_number="9876543210",
        company_name="Batchline Demo Co",
        company_id="1234567890",
        company_address=("100 Example Way", "Springfield IL 62701"),
        bank_address=("1 Bank Plaza", "Boston MA 02110"),
        iban="",
        bic="FEXBUS33",
        check_stock=CheckStock("STD-1", 1000, 99999),
    )


def ach_profile(**changes: Any) -> PaymentProcessProfile:
    return replace(PaymentProcessProfile("ACH CCD+", OutputFormat.NACHA, balanced_offset=True), **changes)


def invoice(number: str, gross: str, discount: str = "0.00", withholding: str = "0.00") -> PaidDocument:
    net = D(gross) - D(discount) - D(withholding)
    return PaidDocument(number, date(2025, 2, 1), D(gross), net, D(discount), D(withholding))


def payment(
    payment_id: str,
    payee: str,
    documents: tuple[PaidDocument, ...],
    *,
    method: PaymentMethod = PaymentMethod.ACH,
    remit_to: PayeeBankAccount | None = None,
    on: date = PAYMENT_DATE,
    check_number: int | None = None,
    currency: str = "USD",
) -> Payment:
    return Payment(
        payment_id=payment_id,
        payee_name=payee,
        amount=sum((d.net_paid for d in documents), D(0)),
        payment_date=on,
        method=method,
        currency=currency,
        documents=documents,
        remit_to=remit_to,
        payee_address=PostalAddress(("1 Main St", "Springfield IL 62701")),
        payee_id=f"S-{payment_id}",
        check_number=check_number,
    )


def golden_ach_payments() -> list[Payment]:
    """Three CCD+ payments over two effective dates: the golden NACHA file's content."""
    return [
        payment(
            "PAY0001",
            "Acme Supplies, Inc.",
            (invoice("INV-1001", "1260.00", discount="25.44"),),
            remit_to=PayeeBankAccount("021000021", "123456789"),
        ),
        payment(
            "PAY0002",
            "Zoë Müller GmbH",
            (invoice("A-1", "100.00"), invoice("A-2", "150.00")),
            remit_to=PayeeBankAccount("031000053", "55501234", AccountType.SAVINGS),
        ),
        payment(
            "PAY0003",
            "Northwind Traders Incorporated International",
            tuple(invoice(f"NW-2025-{n:04d}", "1.50") for n in range(1, 8)),
            remit_to=PayeeBankAccount("111000025", "00-123-45"),
            on=NEXT_PAYMENT_DATE,
        ),
    ]


def wire_payments() -> list[Payment]:
    """Two US wires by routing number and account, one EUR transfer by IBAN and BIC, on two dates."""
    wire = PaymentMethod.WIRE
    return [
        payment(
            "WIR0001",
            "Acme Supplies, Inc.",
            (invoice("INV-1001", "1260.00", discount="25.44"), invoice("CM-77", "-60.00")),
            method=wire,
            remit_to=PayeeBankAccount("021000021", "123456789", bic="CHASUS33", bank_name="JPMorgan Chase"),
        ),
        payment(
            "WIR0002",
            "Zoë Müller GmbH",
            (invoice("R-2025-118", "980.00", withholding="98.00"),),
            method=wire,
            remit_to=PayeeBankAccount(iban="DE89 3704 0044 0532 0130 00", bic="COBADEFFXXX"),
            currency="EUR",
        ),
        payment(
            "WIR0003",
            "Northwind Traders",
            (invoice("NW-9", "0.10"),),
            method=wire,
            remit_to=PayeeBankAccount("111000025", "00-123-45"),
            on=NEXT_PAYMENT_DATE,
        ),
    ]
