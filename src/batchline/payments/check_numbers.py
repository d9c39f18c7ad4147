"""Check numbers on a check file: assigned from the account's stock, each used once."""

from __future__ import annotations

from collections.abc import Iterable

from batchline.payments.errors import PaymentFileError
from batchline.payments.model import ZERO, DisbursementAccount, PaidDocument, Payment, PaymentMethod
from batchline.payments.validation import check_payment


def check_number_of(payment: Payment, account: DisbursementAccount, seen: set[int]) -> int:
    """``payment``'s check number once checked: assigned, within the stock, not in ``seen`` (then added)."""
    check_payment(payment, PaymentMethod.CHECK)
    where = f"Payment {payment.payment_id!r}: check number"
    number = payment.check_number
    if number is None:
        raise PaymentFileError(where, "a number assigned from the check stock", "none")
    stock = account.check_stock
    if stock is not None and not stock.first_number <= number <= stock.last_number:
        raise PaymentFileError(
            where,
            f"a number of stock {stock.stock_id} ({stock.first_number}-{stock.last_number})",
            str(number),
        )
    if number in seen:
        raise PaymentFileError(
            where, "a number used once (check numbers are never reused)", f"{number} again"
        )
    seen.add(number)
    return number


def check_numbers(payments: Iterable[Payment], account: DisbursementAccount) -> tuple[int, ...]:
    """The check numbers of ``payments`` in order, refusing any missing, out of stock or repeated."""
    seen: set[int] = set()
    return tuple(check_number_of(payment, account, seen) for payment in payments)


def document_totals(payment: Payment) -> PaidDocument:
    """The stub's total line: the paid documents added up (the payment amount when there are none)."""
    documents = payment.documents
    return PaidDocument(
        "Total",
        payment.payment_date,
        sum((d.gross_amount for d in documents), ZERO),
        sum((d.net_paid for d in documents), ZERO) if documents else payment.amount,
        sum((d.discount_taken for d in documents), ZERO),
        sum((d.withholding for d in documents), ZERO),
    )
