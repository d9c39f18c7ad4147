from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from batchline.lifecycle import PAYMENT_INSTRUCTION
from batchline.ppr import formatting
from batchline.ppr.build import build_payments
from batchline.ppr.check_stock import format_ranges, parse_ranges
from batchline.ppr.confirm import confirm_payments, terminate_ppr
from batchline.ppr.errors import AnswerRefused
from batchline.ppr.formatting import format_payments
from batchline.ppr.printing import (
    issued_numbers,
    record_print_status,
    submit_for_printing,
    write_positive_pay,
)
from batchline.ppr.registers import payment_register, void_register
from batchline.ppr.requests import ppr_status
from batchline.ppr.selection import select_invoices
from batchline.store import status
from batchline.store.db import Store
from batchline.store.ppr_models import BankAccount, Invoice, IssuedCheck, PprPayment
from tests.unit.ppr.helpers import new_ppr


def formatted(store: Store, ppr_id: str, out: Path) -> list[formatting.InstructionSummary]:
    new_ppr(store, ppr_id)
    select_invoices(store, ppr_id)
    build_payments(store, ppr_id)
    return format_payments(store, ppr_id, out)


def test_ranges_read_and_print_back() -> None:
    assert parse_ranges("100001-100003, 100007") == [100001, 100002, 100003, 100007]
    assert format_ranges([5, 1, 2, 3]) == "1-3, 5"
    with pytest.raises(AnswerRefused, match="abc"):
        parse_ranges("abc")


def test_one_file_per_method_with_check_numbers_from_the_stock(ledger: Store, tmp_path: Path) -> None:
    files = formatted(ledger, "P1", tmp_path / "out")
    assert {f.payment_method for f in files} == {"ACH", "CHECK", "WIRE"}
    assert {f.payment_method: f.status for f in files}["CHECK"] == "FORMATTED_READY_FOR_PRINTING"
    assert all(Path(f.file_path).stat().st_size > 0 for f in files)
    assert Path(next(f.file_path for f in files if f.payment_method == "ACH")).read_text().startswith("101")
    checks = next(f for f in files if f.payment_method == "CHECK")
    numbers = issued_numbers(ledger, checks.instruction_id)
    assert numbers == list(range(100001, 100001 + checks.payments))
    assert ppr_status(ledger, "P1") == "FORMATTING"


def test_printing_with_spoiled_checks_reprints_on_new_numbers_and_voids_the_old(
    ledger: Store, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    files = formatted(ledger, "P1", out)
    checks = next(f for f in files if f.payment_method == "CHECK")
    submit_for_printing(ledger, checks.instruction_id, tmp_path / "printer", actor="ap.clerk")
    numbers = issued_numbers(ledger, checks.instruction_id)
    with pytest.raises(AnswerRefused, match="every check on the file"):
        record_print_status(ledger, checks.instruction_id, numbers[1:], [], [], out, actor="ap.clerk")
    last = numbers[-1]
    first_round = record_print_status(
        ledger, checks.instruction_id, numbers[:-1], [last], [last + 1, last + 2], out, actor="ap.clerk"
    )
    assert first_round.status == "SUBMITTED_FOR_PRINTING"
    new_number = next(iter(first_round.reprinted.values()))
    assert new_number == last + 3  # after the skipped ones: no number is ever used twice
    second = record_print_status(ledger, checks.instruction_id, [new_number], [], [], out, actor="ap.clerk")
    assert second.status == "PRINTED"
    positive_pay = write_positive_pay(ledger, "P1", out)
    assert positive_pay is not None
    lines = positive_pay.read_text().splitlines()
    assert len(lines) == checks.payments + 1 and sum(line[38] == "V" for line in lines) == 1
    assert confirm_payments(ledger, "P1")["status"] == "CONFIRMED_PAYMENT"
    with ledger.unit_of_work() as session:
        states = dict(session.execute(select(IssuedCheck.check_number, IssuedCheck.state)).tuples().all())
        paid = session.scalars(select(Invoice).where(Invoice.ppr_id == "P1")).all()
    assert states[last] == "VOID" and states[last + 1] == "SKIPPED" and states[new_number] == "PRINTED"
    assert paid and all(i.state == "PAID" and i.payment_reference for i in paid)
    final = payment_register(ledger, "P1", out, final=True)
    voids = void_register(ledger, "P1", out)
    assert final.rows == sum(f.payments for f in files) and voids.rows == 1
    assert "Final payment register" in final.markdown


def test_a_crash_while_formatting_reuses_the_recorded_payments_and_check_numbers(
    ledger: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_ppr(ledger, "P1")
    select_invoices(ledger, "P1")
    build_payments(ledger, "P1")
    real = formatting.write_instruction

    def crash(store: Store, instruction_id: str, out_dir: Path) -> Path:
        raise SystemExit("worker killed")

    monkeypatch.setattr(formatting, "write_instruction", crash)
    with pytest.raises(SystemExit):
        format_payments(ledger, "P1", tmp_path / "out")
    with ledger.unit_of_work() as session:
        before = session.execute(select(PprPayment.id, PprPayment.check_number).order_by(PprPayment.id)).all()
        next_number = session.get(BankAccount, "BA1").next_check_number  # type: ignore[union-attr]
    monkeypatch.setattr(formatting, "write_instruction", real)
    files = format_payments(ledger, "P1", tmp_path / "out")
    with ledger.unit_of_work() as session:
        after = session.execute(select(PprPayment.id, PprPayment.check_number).order_by(PprPayment.id)).all()
        checks = session.scalar(select(func.count()).select_from(IssuedCheck))
        assert session.get(BankAccount, "BA1").next_check_number == next_number  # type: ignore[union-attr]
    assert before == after
    assert checks == next(f.payments for f in files if f.payment_method == "CHECK")
    assert all(f.status for f in files)


def test_terminating_after_formatting_voids_the_unprinted_checks_and_unlocks_the_invoices(
    ledger: Store, tmp_path: Path
) -> None:
    files = formatted(ledger, "P1", tmp_path / "out")
    result = terminate_ppr(ledger, "P1", actor="ap.lead", reason="wrong bank")
    checks = next(f for f in files if f.payment_method == "CHECK")
    assert result["voided"] == checks.payments and result["released"] > 0
    with ledger.unit_of_work() as session:
        assert session.scalars(select(Invoice.id).where(Invoice.ppr_id == "P1")).all() == []
        assert status.current_status(session, PAYMENT_INSTRUCTION, checks.instruction_id) == "TERMINATED"
    new_ppr(ledger, "P2")
    select_invoices(ledger, "P2")
    build_payments(ledger, "P2")
    again = format_payments(ledger, "P2", tmp_path / "out2")
    numbers = issued_numbers(ledger, next(f for f in again if f.payment_method == "CHECK").instruction_id)
    assert min(numbers) > max(issued_numbers_all(ledger, checks.instruction_id))


def issued_numbers_all(store: Store, instruction_id: str) -> list[int]:
    with store.unit_of_work() as session:
        return list(
            session.scalars(
                select(IssuedCheck.check_number).where(IssuedCheck.instruction_id == instruction_id)
            )
        )


def test_a_crash_while_printing_a_reprint_keeps_its_numbers_and_writes_the_file_on_rerun(
    ledger: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import batchline.render.check_pdf as check_pdf
    from batchline.ppr.printing import ensure_print_file

    out = tmp_path / "out"
    files = formatted(ledger, "P1", out)
    checks = next(f for f in files if f.payment_method == "CHECK")
    submit_for_printing(ledger, checks.instruction_id, tmp_path / "printer", actor="ap.clerk")
    numbers = issued_numbers(ledger, checks.instruction_id)
    real = check_pdf.render_checks

    def killed(*args: object, **kwargs: object) -> None:
        raise SystemExit("worker killed while rendering the reprint")

    monkeypatch.setattr(check_pdf, "render_checks", killed)
    with pytest.raises(SystemExit):
        record_print_status(
            ledger, checks.instruction_id, numbers[:-1], numbers[-1:], [], out, actor="ap.clerk"
        )
    reprint_numbers = issued_numbers(ledger, checks.instruction_id)
    with ledger.unit_of_work() as session:
        rows = session.scalar(select(func.count()).select_from(IssuedCheck))
    monkeypatch.setattr(check_pdf, "render_checks", real)
    path = ensure_print_file(ledger, checks.instruction_id)
    assert path.exists() and "reprint" in path.name
    assert issued_numbers(ledger, checks.instruction_id) == reprint_numbers
    assert reprint_numbers[0] > numbers[-1]
    with ledger.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(IssuedCheck)) == rows
    done = record_print_status(ledger, checks.instruction_id, reprint_numbers, [], [], out, actor="ap.clerk")
    assert done.status == "PRINTED"
