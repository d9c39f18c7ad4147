"""Remittance text: which invoices a payment settles, in the room a file gives it.

A CCD+ addenda has 80 characters: one X12 RMR segment per invoice
(``RMR*IV*<invoice>**<net paid>*<gross>*<discount>\\``) when they all fit, otherwise the
invoice numbers as a list that says how many more were left out. A pain.001 Ustrd line
has 140 characters and lists invoice numbers and net amounts the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from batchline.payments.amounts import exact_text
from batchline.payments.model import PaidDocument, Payment
from batchline.payments.text import bank_text

ADDENDA_WIDTH = 80
UNSTRUCTURED_WIDTH = 140


def _invoice(document: PaidDocument, payment: Payment) -> str:
    return bank_text(document.invoice_number, f"Payment {payment.payment_id!r}: invoice number") or "?"


def _listing(head: str, items: Sequence[str], width: int) -> str:
    """``head`` and as many ``items`` as fit in ``width``, then "+N MORE" for the rest."""
    for shown in range(len(items), -1, -1):
        more = len(items) - shown
        text = head + ",".join(items[:shown]) + (f" +{more} MORE" if more else "")
        if len(text) <= width:
            return text
    return head[:width]


def rmr_segment(document: PaidDocument, payment: Payment) -> str:
    def amount(value: Decimal) -> str:
        return exact_text(value, f"Payment {payment.payment_id!r}: remittance", currency=payment.currency)

    return (
        f"RMR*IV*{_invoice(document, payment)}**{amount(document.net_paid)}"
        f"*{amount(document.gross_amount)}*{amount(document.discount_taken)}\\"
    )


def ach_remittance(payment: Payment) -> str:
    """The payment related information of the entry's 05 addenda (at most 80 characters)."""
    if not payment.documents:
        return bank_text(payment.memo or f"PAYMENT {payment.payment_id}", "Payment memo")[:ADDENDA_WIDTH]
    segments = "".join(rmr_segment(document, payment) for document in payment.documents)
    if len(segments) <= ADDENDA_WIDTH:
        return segments
    invoices = [_invoice(document, payment) for document in payment.documents]
    return _listing("INV ", invoices, ADDENDA_WIDTH)


def unstructured_remittance(payment: Payment) -> str:
    """One pain.001 Ustrd line (at most 140 characters): invoices and the net paid on each."""
    if not payment.documents:
        return (payment.memo or f"Payment {payment.payment_id}")[:UNSTRUCTURED_WIDTH]
    items = [
        f"{_invoice(d, payment)} {exact_text(d.net_paid, 'Net paid', currency=payment.currency)}"
        for d in payment.documents
    ]
    return _listing("INV ", items, UNSTRUCTURED_WIDTH)
