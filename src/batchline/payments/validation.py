"""Checks every payment file makes before writing a payment: the same rules, one place."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from batchline.payments.amounts import to_minor_units
from batchline.payments.errors import PaymentFileError
from batchline.payments.model import Payment, PaymentMethod

_CURRENCY = re.compile(r"[A-Z]{3}")


def check_payment(payment: Payment, method: PaymentMethod) -> None:
    """Refuse a payment that no file should carry: wrong method, not positive, inexact, or
    whose paid documents do not add up to it."""
    where = f"Payment {payment.payment_id!r}"
    if not payment.payment_id.strip():
        raise PaymentFileError(
            "Payment id", "a payment reference", f"a blank one (payee {payment.payee_name!r})"
        )
    if payment.method != method:
        raise PaymentFileError(
            f"{where}: method", f"{method} (the only method this file carries)", str(payment.method)
        )
    if not payment.payee_name.strip():
        raise PaymentFileError(f"{where}: payee name", "a name", "a blank one")
    if not _CURRENCY.fullmatch(payment.currency):
        raise PaymentFileError(f"{where}: currency", "an ISO 4217 code such as USD", repr(payment.currency))
    amount = to_minor_units(payment.amount, f"{where}: amount", currency=payment.currency)
    if amount <= 0:
        raise PaymentFileError(f"{where}: amount", "more than zero", str(payment.amount))
    if not payment.documents:
        return
    total = 0
    for document in payment.documents:
        what = f"{where}, invoice {document.invoice_number!r}"
        for name in ("gross_amount", "discount_taken", "withholding"):
            to_minor_units(getattr(document, name), f"{what}: {name}", currency=payment.currency)
        total += to_minor_units(document.net_paid, f"{what}: net paid", currency=payment.currency)
    if total != amount:
        raise PaymentFileError(
            f"{where}: paid documents",
            f"net amounts adding up to the payment amount {payment.amount}",
            f"{sum(d.net_paid for d in payment.documents)} over {len(payment.documents)} documents",
        )


def check_unique_ids(payments: Iterable[Payment]) -> None:
    repeated = sorted(pid for pid, count in Counter(p.payment_id for p in payments).items() if count > 1)
    if repeated:
        raise PaymentFileError(
            "Payment ids in one file", "each payment once", f"repeated: {', '.join(repeated)}"
        )
