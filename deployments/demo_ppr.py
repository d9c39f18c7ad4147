"""A payment process request start to finish on a local Prefect server (`make demo-ppr`).

Loads a sample AP ledger through the served `load-ap-ledger` deployment, starts the
`payment-process-request` deployment with a typed header (stop for review after selection
and after proposed payments), answers each gate through `POST /api/flow_runs/{id}/resume`
as the UI's form does (review, review, ready for printing, record print status), and
prints where the payment files, the checks and the registers are.
"""

from __future__ import annotations

import argparse
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from deployments import rest
from deployments.local import ROOT, LocalStack

PPR_ID = "PDEMO1"
GATES: list[tuple[str, str]] = [
    ("INVOICES PENDING REVIEW", "ap.clerk"),
    ("PENDING PROPOSED PAYMENT REVIEW", "ap.lead"),
    ("FORMATTED - READY FOR PRINTING", "ap.clerk"),
    ("SUBMITTED FOR PRINTING", "ap.clerk"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, default=ROOT / ".batchline" / "demo-ppr", help="BATCHLINE_HOME")
    parser.add_argument(
        "--suppliers", type=int, default=12, help="suppliers in the sample ledger (default 12)"
    )
    args = parser.parse_args(argv)

    from batchline.ppr.sample import write_sample_ledger
    from deployments.smtp import smtp_server

    home: Path = args.home.resolve()
    shutil.rmtree(home, ignore_errors=True)
    (home / "profiles").mkdir(parents=True)
    os.environ["BATCHLINE_HOME"] = str(home)
    ledger = write_sample_ledger(home / "ap", suppliers=args.suppliers, invoices_per_supplier=4, seed=3)

    with smtp_server() as (_, smtp_port), LocalStack(home, smtp_port) as local:
        step(f"Prefect UI: {local.ui}")
        finish(
            local, local.run_deployment("load-ap-ledger/load-ap-ledger", {"folder": str(ledger)}), "ledger"
        )
        step(f"AP ledger loaded from {ledger}")
        header = {
            "pay_through_date": "2026-12-07",
            "payment_date": "2026-11-30",
            "bank_account_id": "BA1",
            "stop_after_selection": True,
            "calculate_special_amounts": True,
            "stop_after_proposed_payments": True,
        }
        parameters = {"ppr_name": f"Demo run {date.today():%B %Y}", "header": header, "ppr_id": PPR_ID}
        run_id = local.run_deployment("payment-process-request/payment-process-request", parameters)
        step(f"PPR {PPR_ID} started: {local.ui}/runs/flow-run/{run_id}")
        for gate, user in GATES:
            paused = rest.wait_for_pause(local.api, gate, run_id=run_id, timeout=600)
            answer = print_status(home) if gate == "SUBMITTED FOR PRINTING" else {"user": user}
            result = rest.resume(local.api, paused["id"], {**answer, "user": user})
            step(f"{gate}: resumed as {user} with {answer} -> {result['status']}")
            if result["status"] != "ACCEPT":
                raise SystemExit(f"the server refused the answer: {result}")
        done = local.wait_for_run(run_id, ("COMPLETED", "FAILED", "CANCELLED", "CRASHED"), 600)
        step(f"PPR ended: {done['state']['type']} {done['state']['name']!r}")
        for folder in (home / "ppr", home / "drop" / "checks"):
            for path in sorted(folder.rglob("*")) if folder.exists() else []:
                if path.is_file():
                    print(f"    {path.relative_to(home)}")
        return 0 if done["state"]["name"] == "CONFIRMED PAYMENT" else 1


def print_status(home: Path) -> dict[str, Any]:
    """Record Print Status: every check of the run came out of the printer."""
    from sqlalchemy import select

    from batchline.store.db import default_store
    from batchline.store.ppr_models import IssuedCheck, PprPayment

    with default_store().unit_of_work() as session:
        numbers = list(
            session.scalars(
                select(IssuedCheck.check_number)
                .join(PprPayment, PprPayment.id == IssuedCheck.payment_id)
                .where(PprPayment.ppr_id == PPR_ID, IssuedCheck.state == "ISSUED")
                .order_by(IssuedCheck.check_number)
            )
        )
    return {"printed": f"{numbers[0]}-{numbers[-1]}"} if numbers else {"printed": ""}


def finish(local: LocalStack, run_id: str, what: str) -> None:
    run = local.wait_for_run(run_id, ("COMPLETED", "FAILED", "CRASHED"), 300)
    if run["state"]["type"] != "COMPLETED":
        raise SystemExit(f"{what} run failed: {run['state']}")


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
