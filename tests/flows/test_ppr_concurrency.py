"""Two PPR flow runs started at the same moment over the same invoices, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from batchline.ppr.header import PprHeader
from batchline.ppr.ledger import load_ledger
from batchline.ppr.sample import write_sample_ledger
from batchline.store.db import default_store
from batchline.store.ppr_models import Invoice, PprDocument
from flows.payment_process_request import payment_process_request


def test_two_pprs_started_together_pay_every_invoice_exactly_once(
    batchline_home: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BATCHLINE_DATABASE_URL", database_url)
    folder = write_sample_ledger(batchline_home / "ap", suppliers=30, invoices_per_supplier=6, seed=7)
    with default_store().unit_of_work() as session:
        load_ledger(session, folder)
    header = PprHeader(
        pay_through_date=date(2026, 12, 7),
        payment_date=date(2026, 11, 30),
        bank_account_id="BA1",
        payment_methods=["ACH", "WIRE"],  # no print gates: both runs go straight through
    )
    start = threading.Barrier(2)
    states: dict[str, Any] = {}

    def run(ppr_id: str) -> None:
        start.wait()
        states[ppr_id] = payment_process_request(f"Race {ppr_id}", header, ppr_id=ppr_id, return_state=True)

    threads = [threading.Thread(target=run, args=(p,)) for p in ("PRACE1", "PRACE2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    names = sorted(state.name for state in states.values())
    assert names in (["CANCELLED - NO INVOICES SELECTED", "CONFIRMED PAYMENT"], ["CONFIRMED PAYMENT"] * 2)
    with default_store().unit_of_work() as session:
        paid = session.execute(
            select(Invoice.id, Invoice.payment_reference, Invoice.ppr_id).where(Invoice.state == "PAID")
        ).all()
        selections = session.execute(select(PprDocument.invoice_id, PprDocument.ppr_id)).all()
        eligible = session.scalars(
            select(Invoice.id).where(Invoice.payment_method.in_(("ACH", "WIRE")), Invoice.hold == "")
        ).all()
    assert paid
    selected_ids = [invoice_id for invoice_id, _ in selections]
    assert len(selected_ids) == len(set(selected_ids))  # no invoice in both PPRs
    assert all(reference and reference.startswith(ppr) for _, reference, ppr in paid)
    assert {i for i, _, _ in paid} <= set(eligible)
