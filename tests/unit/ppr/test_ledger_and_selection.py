from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from batchline.ppr.errors import AnswerRefused, LedgerFileError
from batchline.ppr.ledger import load_ledger
from batchline.ppr.requests import ppr_status, terminate
from batchline.ppr.selection import remove_invoices, select_invoices, supply_exchange_rates
from batchline.store.db import Store
from batchline.store.ppr_models import Invoice, IssuedCheck, PprDocument
from tests.unit.ppr.helpers import PAY_DAY, load_sample, new_ppr, run_to_confirmation


def locked_by(store: Store, ppr_id: str) -> set[int]:
    with store.unit_of_work() as session:
        return set(session.scalars(select(Invoice.id).where(Invoice.ppr_id == ppr_id)))


def test_the_sample_ledger_loads_every_documented_file(ledger: Store) -> None:
    with ledger.unit_of_work() as session:
        count = session.scalar(select(func.count()).select_from(Invoice))
        memo = session.scalars(select(Invoice).where(Invoice.kind == "CREDIT_MEMO")).first()
    assert count == 12 * 5 + 2
    assert memo is not None and memo.amount == Decimal("-25.00")


def test_a_ledger_file_with_a_fraction_of_a_cent_is_refused_naming_row_and_column(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "ap"
    load_sample(store, folder, suppliers=1, invoices_per_supplier=1)
    lines = (folder / "invoices.csv").read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[0], fields[4] = "INV-X", "10.005"
    (folder / "invoices.csv").write_text("\n".join([lines[0], ",".join(fields)]) + "\n", encoding="utf-8")
    for name in (
        "suppliers",
        "supplier_sites",
        "bank_accounts",
        "payment_profiles",
        "settings",
        "exchange_rates",
    ):
        (folder / f"{name}.csv").unlink()
    with (
        pytest.raises(LedgerFileError, match=r"invoices\.csv row 2: column 'amount'"),
        store.unit_of_work() as session,
    ):
        load_ledger(session, folder)


def test_selection_takes_open_invoices_due_by_the_pay_through_date_and_locks_them(ledger: Store) -> None:
    new_ppr(ledger, "P1")
    result = select_invoices(ledger, "P1")
    assert result.status == "INVOICES_SELECTED" and result.selected > 0
    assert ppr_status(ledger, "P1") == "INVOICES_SELECTED"
    with ledger.unit_of_work() as session:
        chosen = session.scalars(select(Invoice).where(Invoice.ppr_id == "P1")).all()
        discounted = session.scalars(select(PprDocument).where(PprDocument.discount_taken > 0)).all()
    assert all(i.hold == "" for i in chosen)
    assert all(i.due_date <= PAY_DAY.replace(day=7, month=12) or i.discount_date for i in chosen)
    assert discounted, "a discount is taken when paying by the discount date"
    assert len(chosen) == result.selected


def test_a_second_ppr_finds_nothing_left_and_is_cancelled(ledger: Store) -> None:
    new_ppr(ledger, "P1")
    new_ppr(ledger, "P2")
    select_invoices(ledger, "P1")
    assert select_invoices(ledger, "P2").status == "CANCELLED_NO_INVOICES"
    assert ppr_status(ledger, "P2") == "CANCELLED_NO_INVOICES"


def test_criteria_narrow_the_selection(ledger: Store) -> None:
    new_ppr(ledger, "P1", payment_methods=["CHECK"], pay_groups=["STANDARD"])
    select_invoices(ledger, "P1")
    with ledger.unit_of_work() as session:
        rows = session.execute(
            select(Invoice.payment_method, Invoice.pay_group).where(Invoice.ppr_id == "P1")
        ).all()
    assert rows and {tuple(r) for r in rows} == {("CHECK", "STANDARD")}


def test_removed_and_terminated_invoices_are_unlocked(ledger: Store) -> None:
    new_ppr(ledger, "P1")
    select_invoices(ledger, "P1")
    with ledger.unit_of_work() as session:
        number = session.scalars(select(Invoice.invoice_number).where(Invoice.ppr_id == "P1")).first()
    assert number is not None
    with pytest.raises(AnswerRefused, match="NOPE"):
        remove_invoices(ledger, "P1", ["NOPE"], actor="ap.clerk")
    before = locked_by(ledger, "P1")
    assert remove_invoices(ledger, "P1", [number], actor="ap.clerk") == 1
    assert len(locked_by(ledger, "P1")) == len(before) - 1
    terminate(ledger, "P1", actor="ap.clerk", reason="wrong run")
    assert locked_by(ledger, "P1") == set()
    assert ppr_status(ledger, "P1") == "TERMINATED"


def test_a_currency_without_a_rate_stops_at_missing_exchange_rates_until_one_is_supplied(
    store: Store, tmp_path: Path
) -> None:
    load_sample(store, tmp_path / "ap", suppliers=6, invoices_per_supplier=3, foreign_currency="EUR")
    new_ppr(store, "P1")
    result = select_invoices(store, "P1")
    assert (result.status, result.missing_rates) == ("MISSING_EXCHANGE_RATES", ["EUR"])
    assert locked_by(store, "P1") == set()
    with pytest.raises(AnswerRefused, match="positive"):
        supply_exchange_rates(store, "P1", {"EUR": "-1"}, actor="ap.clerk")
    supply_exchange_rates(store, "P1", {"EUR": "1.07"}, actor="ap.clerk")
    assert select_invoices(store, "P1").status == "INVOICES_SELECTED"


def test_pprs_started_at_the_same_moment_never_share_an_invoice_and_pay_each_exactly_once(
    store: Store, tmp_path: Path
) -> None:
    load_sample(store, tmp_path / "ap", suppliers=60, invoices_per_supplier=10, seed=9)
    ids = [f"C{n}" for n in range(4)]
    for ppr_id in ids:
        new_ppr(store, ppr_id)
    start = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def run(ppr_id: str) -> None:
        try:
            start.wait()
            run_to_confirmation(store, ppr_id, tmp_path / ppr_id)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(ppr_id,)) for ppr_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with store.unit_of_work() as session:
        documents = session.execute(select(PprDocument.invoice_id, PprDocument.ppr_id)).all()
        paid = session.execute(
            select(Invoice.id, Invoice.payment_reference).where(Invoice.state == "PAID")
        ).all()
        paid_docs = session.execute(
            select(PprDocument.invoice_id, PprDocument.payment_id).where(PprDocument.state == "PAID")
        ).all()
        checks = session.scalars(select(IssuedCheck.check_number)).all()
        still_open = session.scalar(
            select(func.count())
            .select_from(Invoice)
            .where(Invoice.ppr_id.is_not(None), Invoice.state == "OPEN")
        )
    invoice_ids = [invoice_id for invoice_id, _ in documents]
    assert len(invoice_ids) == len(set(invoice_ids))
    assert paid and sorted(paid) == sorted(paid_docs)  # each paid invoice by exactly one payment, of one PPR
    assert still_open == 0  # nothing selected is left locked and unpaid
    assert len(checks) == len(set(checks))
