"""The worker is killed (SIGKILL) while formatting and while printing; the rerun pays nothing twice."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from batchline.ppr.build import build_payments
from batchline.ppr.formatting import format_payments
from batchline.ppr.printing import ensure_print_file, issued_numbers, record_print_status, submit_for_printing
from batchline.ppr.selection import select_invoices
from batchline.store.db import Store
from batchline.store.ppr_models import BankAccount, IssuedCheck, PprPayment
from tests.unit.ppr.helpers import new_ppr

WORKER = """
import os, signal, sys
from pathlib import Path
import batchline.render.check_pdf as check_pdf
from batchline.store.db import Store

def killed(payments, account, out_path, **options):
    Path(out_path).write_bytes(b"%PDF-1.4 half a file")
    os.kill(os.getpid(), signal.SIGKILL)

check_pdf.render_checks = killed
url, mode, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
store = Store.open(url, upgrade=False)
if mode == "formatting":
    from batchline.ppr.formatting import format_payments
    format_payments(store, "P1", out)
else:
    from batchline.ppr.printing import issued_numbers, record_print_status
    instruction = sys.argv[4]
    numbers = issued_numbers(store, instruction)
    record_print_status(store, instruction, numbers[:-1], numbers[-1:], [], out, actor="ap.clerk")
"""


def kill_worker_while(store: Store, mode: str, out: Path, *extra: str) -> None:
    url = store.engine.url.render_as_string(hide_password=False)
    run = subprocess.run(
        [sys.executable, "-c", WORKER, url, mode, str(out), *extra],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr.decode()


def snapshot(store: Store) -> tuple[list[tuple[str, int | None, str | None]], int, int | None]:
    with store.unit_of_work() as session:
        payments = [
            tuple(row)
            for row in session.execute(
                select(PprPayment.id, PprPayment.check_number, PprPayment.instruction_id).order_by(
                    PprPayment.id
                )
            )
        ]
        checks = session.scalar(select(func.count()).select_from(IssuedCheck)) or 0
        next_number = session.scalar(select(BankAccount.next_check_number).where(BankAccount.id == "BA1"))
    return payments, checks, next_number  # type: ignore[return-value]


def test_a_worker_killed_during_formatting_reruns_with_the_same_payments_and_check_numbers(
    ledger: Store, tmp_path: Path
) -> None:
    new_ppr(ledger, "P1")
    select_invoices(ledger, "P1")
    build_payments(ledger, "P1")
    out = tmp_path / "out"
    kill_worker_while(ledger, "formatting", out)
    recorded = snapshot(ledger)
    assert recorded[1] > 0  # the check numbers were taken before the worker died

    files = format_payments(ledger, "P1", out)
    assert snapshot(ledger) == recorded
    checks = next(f for f in files if f.payment_method == "CHECK")
    assert checks.status == "FORMATTED_READY_FOR_PRINTING"
    assert (
        Path(checks.file_path).read_bytes().startswith(b"%PDF")
        and Path(checks.file_path).stat().st_size > 1000
    )
    assert issued_numbers(ledger, checks.instruction_id) == list(range(100001, 100001 + checks.payments))


def test_a_worker_killed_while_printing_a_reprint_keeps_the_new_numbers_and_voids_the_old(
    ledger: Store, tmp_path: Path
) -> None:
    new_ppr(ledger, "P1")
    select_invoices(ledger, "P1")
    build_payments(ledger, "P1")
    out = tmp_path / "out"
    files = format_payments(ledger, "P1", out)
    checks = next(f for f in files if f.payment_method == "CHECK")
    submit_for_printing(ledger, checks.instruction_id, tmp_path / "printer", actor="ap.clerk")
    first = issued_numbers(ledger, checks.instruction_id)

    kill_worker_while(ledger, "printing", out, checks.instruction_id)
    recorded = snapshot(ledger)
    reprint = issued_numbers(ledger, checks.instruction_id)
    assert reprint and reprint[0] > first[-1]

    (Path(out) / f"{checks.instruction_id}-reprint-{reprint[0]}.pdf").unlink(missing_ok=True)  # half a file
    path = ensure_print_file(ledger, checks.instruction_id)
    assert path.stat().st_size > 1000
    assert snapshot(ledger) == recorded
    done = record_print_status(ledger, checks.instruction_id, reprint, [], [], out, actor="ap.clerk")
    assert done.status == "PRINTED"
    with ledger.unit_of_work() as session:
        states = dict(session.execute(select(IssuedCheck.check_number, IssuedCheck.state)).tuples().all())
    assert states[first[-1]] == "VOID" and states[reprint[0]] == "PRINTED"
