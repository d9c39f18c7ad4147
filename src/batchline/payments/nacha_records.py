"""The six NACHA record types, field by field (NACHA Operating Rules, Appendix Three).

Every record is 94 characters. Alphameric fields are left-justified and blank-filled,
numeric fields right-justified and zero-filled; a value that does not fit is refused.
"""

from __future__ import annotations

from datetime import date, datetime

from batchline.payments.errors import PaymentFileError

RECORD_SIZE = 94
BLOCKING_FACTOR = 10
PADDING_RECORD = "9" * RECORD_SIZE

# Transaction codes: 2x a checking account, 3x a savings account; x2 credit, x7 debit.
CREDIT_CODES = {"CHECKING": 22, "SAVINGS": 32}
DEBIT_CODES = {"CHECKING": 27, "SAVINGS": 37}
# Service class codes: 200 credits and debits, 220 credits only, 225 debits only.
MIXED, CREDITS_ONLY = 200, 220


def alpha(text: str, width: int, what: str) -> str:
    if len(text) > width:
        raise PaymentFileError(what, f"at most {width} characters", f"{len(text)} ({text!r})")
    return text.ljust(width)


def numeric(value: int, width: int, what: str) -> str:
    if not 0 <= value < 10**width:
        raise PaymentFileError(what, f"a number of at most {width} digits", str(value))
    return str(value).zfill(width)


def _record(*fields: str) -> str:
    record = "".join(fields)
    if len(record) != RECORD_SIZE:
        raise PaymentFileError("NACHA record", f"{RECORD_SIZE} characters", f"{len(record)}: {record!r}")
    return record


def yymmdd(day: date) -> str:
    return f"{day:%y%m%d}"


def file_header(
    destination: str,
    origin: str,
    created: datetime,
    file_id_modifier: str,
    destination_name: str,
    origin_name: str,
    reference_code: str,
) -> str:
    return _record(
        "1",
        "01",  # priority code
        alpha(destination, 10, "Immediate destination"),
        alpha(origin, 10, "Immediate origin"),
        f"{created:%y%m%d%H%M}",
        alpha(file_id_modifier, 1, "File ID modifier"),
        "094",  # record size
        f"{BLOCKING_FACTOR:02d}",
        "1",  # format code
        alpha(destination_name, 23, "Immediate destination name"),
        alpha(origin_name, 23, "Immediate origin name"),
        alpha(reference_code, 8, "Reference code"),
    )


def batch_header(
    service_class: int,
    company_name: str,
    discretionary_data: str,
    company_id: str,
    sec_code: str,
    entry_description: str,
    effective_date: date,
    odfi: str,
    batch_number: int,
) -> str:
    return _record(
        "5",
        numeric(service_class, 3, "Service class code"),
        alpha(company_name, 16, "Company name"),
        alpha(discretionary_data, 20, "Company discretionary data"),
        alpha(company_id, 10, "Company identification"),
        alpha(sec_code, 3, "Standard entry class code"),
        alpha(entry_description, 10, "Company entry description"),
        " " * 6,  # company descriptive date: not used
        yymmdd(effective_date),
        " " * 3,  # settlement date: the ACH operator fills it in
        "1",  # originator status code: a depository financial institution
        alpha(odfi, 8, "Originating DFI identification"),
        numeric(batch_number, 7, "Batch number"),
    )


def entry_detail(
    transaction_code: int,
    routing_number: str,
    account_number: str,
    amount_cents: int,
    identification: str,
    name: str,
    has_addenda: bool,
    trace_number: str,
) -> str:
    return _record(
        "6",
        numeric(transaction_code, 2, "Transaction code"),
        routing_number,  # RDFI identification (8) and check digit (1)
        alpha(account_number, 17, "DFI account number"),
        numeric(amount_cents, 10, "Entry amount in cents"),
        alpha(identification, 15, "Identification number"),
        alpha(name, 22, "Receiver name"),
        "  ",  # discretionary data
        "1" if has_addenda else "0",
        alpha(trace_number, 15, "Trace number"),
    )


def addenda(payment_related_information: str, entry_sequence: int) -> str:
    return _record(
        "7",
        "05",
        alpha(payment_related_information, 80, "Payment related information"),
        "0001",  # addenda sequence number: CCD and PPD carry one
        numeric(entry_sequence, 7, "Entry detail sequence number"),
    )


def batch_control(
    service_class: int,
    entry_addenda_count: int,
    entry_hash: int,
    debit_cents: int,
    credit_cents: int,
    company_id: str,
    odfi: str,
    batch_number: int,
) -> str:
    return _record(
        "8",
        numeric(service_class, 3, "Service class code"),
        numeric(entry_addenda_count, 6, "Batch entry/addenda count"),
        numeric(entry_hash % 10**10, 10, "Entry hash"),
        numeric(debit_cents, 12, "Batch total debits in cents"),
        numeric(credit_cents, 12, "Batch total credits in cents"),
        alpha(company_id, 10, "Company identification"),
        " " * 19,  # message authentication code
        " " * 6,  # reserved
        alpha(odfi, 8, "Originating DFI identification"),
        numeric(batch_number, 7, "Batch number"),
    )


def file_control(
    batch_count: int,
    block_count: int,
    entry_addenda_count: int,
    entry_hash: int,
    debit_cents: int,
    credit_cents: int,
) -> str:
    return _record(
        "9",
        numeric(batch_count, 6, "Batch count"),
        numeric(block_count, 6, "Block count"),
        numeric(entry_addenda_count, 8, "File entry/addenda count"),
        numeric(entry_hash % 10**10, 10, "Entry hash"),
        numeric(debit_cents, 12, "File total debits in cents"),
        numeric(credit_cents, 12, "File total credits in cents"),
        " " * 39,  # reserved
    )
