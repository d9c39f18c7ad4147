"""NACHA ACH files of payments: PPD or CCD credits, CCD+ remittance addenda, balanced offsets.

One batch per effective entry date (the payment date), in date order; one credit entry per
payment, trace numbers the ODFI's eight digits and a sequence running through the file.
With ``balanced_offset`` each batch ends with a debit to the company's own account for
the batch's credits, so the file nets to zero (service class 200 instead of 220).
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from batchline.payments import nacha_records as R
from batchline.payments.amounts import cents, from_cents
from batchline.payments.errors import FileIdModifiersExhausted, PaymentFileError
from batchline.payments.model import DisbursementAccount, Payment, PaymentMethod, PaymentProcessProfile
from batchline.payments.remittance import ach_remittance
from batchline.payments.routing import check_routing_number
from batchline.payments.text import bank_field, digits
from batchline.payments.validation import check_payment, check_unique_ids

FILE_ID_MODIFIERS = string.ascii_uppercase + string.digits
_ACCOUNT_NUMBER = re.compile(r"[A-Z0-9-]{1,17}")
_COMPANY_ID = re.compile(r"[A-Z0-9 ]{1,10}")


@dataclass(frozen=True, slots=True)
class NachaTrace:
    payment_id: str
    batch_number: int
    trace_number: str


@dataclass(frozen=True, slots=True)
class NachaFile:
    records: tuple[str, ...]  # 94 characters each, padding included
    file_id_modifier: str
    batch_count: int
    entry_count: int  # offsets included
    addenda_count: int
    entry_hash: int  # the rightmost ten digits, as in the file control record
    total_debit: Decimal
    total_credit: Decimal
    block_count: int
    traces: tuple[NachaTrace, ...]  # one per payment, in file order

    def to_bytes(self, line_ending: str = "\n") -> bytes:
        return (line_ending.join(self.records) + line_ending).encode("ascii")


def next_file_id_modifier(used_today: Collection[str]) -> str:
    """The first of A-Z, then 0-9, not used today for the same origin and destination."""
    for modifier in FILE_ID_MODIFIERS:
        if modifier not in used_today:
            return modifier
    raise FileIdModifiersExhausted(
        "File ID modifier",
        "one of A-Z, 0-9 not yet used today for this immediate origin and destination",
        "all 36 used: send these payments in the next business day's file",
    )


@dataclass(slots=True)
class _Totals:
    entries: int = 0
    addenda: int = 0
    hash: int = 0
    debit: int = 0
    credit: int = 0


class _Writer:
    def __init__(self, account: DisbursementAccount, profile: PaymentProcessProfile) -> None:
        self.account, self.profile = account, profile
        check_routing_number(account.routing_number, "Disbursement account routing number")
        self.odfi = digits(
            account.odfi_id, "ODFI identification (first 8 digits of its routing number)", width=8, exact=True
        )
        self.company_id = _company_id(account.company_id)
        self.company_name = bank_field(account.company_name, 16, "Company name", truncate=True)
        self.description = bank_field(
            profile.company_entry_description, 10, "Company entry description", truncate=False
        )
        self.discretionary = bank_field(
            profile.company_discretionary_data, 20, "Company discretionary data", truncate=False
        )
        self.offset_account = _account_number(account.account_number, "Disbursement account number")
        self.sequence = 0
        self.traces: list[NachaTrace] = []

    def batch(self, number: int, effective: date, payments: Sequence[Payment], file: _Totals) -> list[str]:
        service_class = R.MIXED if self.profile.balanced_offset else R.CREDITS_ONLY
        totals = _Totals()
        records = [
            R.batch_header(
                service_class,
                self.company_name,
                self.discretionary,
                self.company_id,
                str(self.profile.sec_code),
                self.description,
                effective,
                self.odfi,
                number,
            )
        ]
        for payment in payments:
            records += self._credit(payment, number, totals)
        if self.profile.balanced_offset:
            records.append(self._offset(totals))
        records.append(
            R.batch_control(
                service_class,
                totals.entries + totals.addenda,
                totals.hash,
                totals.debit,
                totals.credit,
                self.company_id,
                self.odfi,
                number,
            )
        )
        file.entries += totals.entries
        file.addenda += totals.addenda
        file.hash += totals.hash % 10**10
        file.debit += totals.debit
        file.credit += totals.credit
        return records

    def _trace(self) -> str:
        self.sequence += 1
        return self.odfi + R.numeric(self.sequence, 7, "Trace sequence number (entries in one file)")

    def _credit(self, payment: Payment, batch_number: int, totals: _Totals) -> list[str]:
        where = f"Payment {payment.payment_id!r}"
        remit_to = payment.remit_to
        if remit_to is None or not remit_to.routing_number or not remit_to.account_number:
            raise PaymentFileError(
                f"{where}: remit-to bank account", "a routing and an account number", "none"
            )
        routing = check_routing_number(remit_to.routing_number, f"{where}: routing number")
        amount = cents(payment.amount, f"{where}: amount", max_digits=10)
        identification = bank_field(payment.payment_id, 15, f"{where}: id", truncate=False)
        name = bank_field(payment.payee_name, 22, f"{where}: payee name", truncate=True)
        trace = self._trace()
        with_addenda = self.profile.remittance_addenda
        records = [
            R.entry_detail(
                R.CREDIT_CODES[remit_to.account_type],
                routing,
                _account_number(remit_to.account_number, f"{where}: account number"),
                amount,
                identification,
                name,
                with_addenda,
                trace,
            )
        ]
        if with_addenda:
            records.append(R.addenda(ach_remittance(payment), self.sequence))
            totals.addenda += 1
        totals.entries += 1
        totals.hash += int(routing[:8])
        totals.credit += amount
        self.traces.append(NachaTrace(payment.payment_id, batch_number, trace))
        return records

    def _offset(self, totals: _Totals) -> str:
        account = self.account
        amount = totals.credit
        record = R.entry_detail(
            R.DEBIT_CODES[account.account_type],
            account.routing_number,
            self.offset_account,
            amount,
            "OFFSET",
            self.company_name,
            False,
            self._trace(),
        )
        totals.entries += 1
        totals.hash += int(account.routing_number[:8])
        totals.debit += amount
        return record


def build_nacha_file(
    payments: Sequence[Payment],
    account: DisbursementAccount,
    profile: PaymentProcessProfile,
    *,
    created: datetime,
    file_id_modifier: str,
) -> NachaFile:
    """The NACHA file paying ``payments`` (all ACH) from ``account`` as ``profile`` says."""
    if not payments:
        raise PaymentFileError("NACHA file", "at least one payment", "none")
    if len(file_id_modifier) != 1 or file_id_modifier not in FILE_ID_MODIFIERS:
        raise PaymentFileError("File ID modifier", "one of A-Z or 0-9", repr(file_id_modifier))
    for payment in payments:
        check_payment(payment, PaymentMethod.ACH)
        if payment.currency != "USD":
            raise PaymentFileError(
                f"Payment {payment.payment_id!r}: currency", "USD in a NACHA file", payment.currency
            )
    check_unique_ids(payments)
    writer = _Writer(account, profile)
    by_date: defaultdict[date, list[Payment]] = defaultdict(list)
    for payment in payments:
        by_date[payment.payment_date].append(payment)
    totals = _Totals()
    body: list[str] = []
    for number, effective in enumerate(sorted(by_date), start=1):
        body += writer.batch(number, effective, by_date[effective], totals)
    header = R.file_header(
        _destination(account.destination),
        _origin(account.origin),
        created,
        file_id_modifier,
        bank_field(account.destination_name, 23, "Immediate destination name", truncate=True),
        bank_field(account.origin_name, 23, "Immediate origin name", truncate=True),
        bank_field(profile.file_reference_code, 8, "Reference code", truncate=False),
    )
    blocks = -(-(len(body) + 2) // R.BLOCKING_FACTOR)
    control = R.file_control(
        len(by_date), blocks, totals.entries + totals.addenda, totals.hash, totals.debit, totals.credit
    )
    records = [header, *body, control]
    records += [R.PADDING_RECORD] * (blocks * R.BLOCKING_FACTOR - len(records))
    return NachaFile(
        records=tuple(records),
        file_id_modifier=file_id_modifier,
        batch_count=len(by_date),
        entry_count=totals.entries,
        addenda_count=totals.addenda,
        entry_hash=totals.hash % 10**10,
        total_debit=from_cents(totals.debit),
        total_credit=from_cents(totals.credit),
        block_count=blocks,
        traces=tuple(writer.traces),
    )


def _account_number(value: str, what: str) -> str:
    number = value.strip().upper()
    if not _ACCOUNT_NUMBER.fullmatch(number):
        raise PaymentFileError(what, "1 to 17 letters, digits or hyphens", repr(value))
    return number


def _company_id(value: str) -> str:
    company_id = value.upper()
    if not _COMPANY_ID.fullmatch(company_id) or not company_id.strip():
        raise PaymentFileError(
            "Company identification", "1 to 10 letters or digits (often 1 + the EIN)", repr(value)
        )
    return company_id


def _destination(value: str) -> str:
    return " " + check_routing_number(value, "Immediate destination (the receiving bank's routing number)")


def _origin(value: str) -> str:
    """Ten characters: a routing number or a 9-digit id behind a blank, or a 10-character company id."""
    origin = value.upper()
    if len(origin) == 9 and origin.isdigit():
        return " " + origin
    if len(origin) == 10 and origin.isascii() and origin.isalnum():
        return origin
    raise PaymentFileError("Immediate origin", "9 digits or 10 letters and digits", repr(value))
