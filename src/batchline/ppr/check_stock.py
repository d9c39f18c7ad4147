"""Check numbers from a bank account's stock: taken in sequence, recorded once, never reused.

A number is taken by a conditional UPDATE of the stock's next number inside the
transaction that records the check (`ap_checks`), so a crash either keeps both or
neither, and a rerun finds the recorded numbers instead of taking new ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from batchline.ppr.bulk import insert_rows
from batchline.ppr.errors import AnswerRefused, PprError
from batchline.store.ppr_models import BankAccount, IssuedCheck
from batchline.store.types import utcnow


class StockExhausted(PprError):
    pass


def take_numbers(session: Session, bank_account_id: str, count: int) -> int:
    """Take `count` numbers in sequence from the account's stock; returns the first."""
    account = session.get(BankAccount, bank_account_id, populate_existing=True)
    if account is None or account.next_check_number is None or account.check_last is None:
        raise PprError(f"bank account {bank_account_id}: expected a check stock, found none")
    first = account.next_check_number
    if first + count - 1 > account.check_last:
        raise StockExhausted(
            f"bank account {bank_account_id}: check stock ends at {account.check_last}, "
            f"{count} checks need {first}-{first + count - 1}; load a new stock"
        )
    taken = session.execute(
        update(BankAccount)
        .where(BankAccount.id == bank_account_id, BankAccount.next_check_number == first)
        .values(next_check_number=first + count)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise PprError(
            f"bank account {bank_account_id}: another PPR took check numbers at {first}; run again"
        )
    return first


def record_checks(
    session: Session,
    bank_account_id: str,
    instruction_id: str,
    payments: Sequence[tuple[str, Decimal]],
) -> list[int]:
    """Numbers for `payments` (id, amount), in order, recorded as ISSUED on the instruction."""
    if not payments:
        return []
    first = take_numbers(session, bank_account_id, len(payments))
    now = utcnow()
    rows = [
        {
            "bank_account_id": bank_account_id,
            "check_number": first + n,
            "payment_id": payment_id,
            "instruction_id": instruction_id,
            "amount": amount,
            "state": "ISSUED",
            "updated_at": now,
        }
        for n, (payment_id, amount) in enumerate(payments)
    ]
    insert_rows(session, IssuedCheck, rows)
    return [first + n for n in range(len(payments))]


def skip_numbers(session: Session, bank_account_id: str, numbers: Sequence[int]) -> None:
    """Stock the printer wasted: must be the next numbers of the stock; recorded SKIPPED, never used."""
    if not numbers:
        return
    account = session.get(BankAccount, bank_account_id, populate_existing=True)
    expected_first = account.next_check_number if account is not None else None
    ordered = sorted(numbers)
    if expected_first is None or ordered != list(range(expected_first, expected_first + len(ordered))):
        raise AnswerRefused(
            f"skipped checks {format_ranges(ordered)}: expected the stock's next numbers "
            f"from {expected_first}, found others"
        )
    first = take_numbers(session, bank_account_id, len(ordered))
    session.execute(
        insert(IssuedCheck),
        [
            {
                "bank_account_id": bank_account_id,
                "check_number": first + n,
                "state": "SKIPPED",
                "updated_at": utcnow(),
            }
            for n in range(len(ordered))
        ],
    )


def parse_ranges(text: str) -> list[int]:
    """`100001-100005, 100009` as numbers; refused with the part that cannot be read."""
    numbers: list[int] = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        low, _, high = part.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise AnswerRefused(
                f"check numbers {part!r}: expected a number or a range like 100001-100005"
            ) from None
        if last < first or last - first > 1_000_000:
            raise AnswerRefused(f"check numbers {part!r}: expected a range from low to high")
        numbers += range(first, last + 1)
    return numbers


def format_ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 7] as `1-3, 7`."""
    parts: list[str] = []
    ordered = sorted(numbers)
    start = previous = None
    for n in [*ordered, None]:
        if start is None:
            start = previous = n
        elif n is not None and previous is not None and n == previous + 1:
            previous = n
        else:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
            start = previous = n
    return ", ".join(parts)
