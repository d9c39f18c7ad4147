"""The main job: a sample bill run end to end on a local Prefect server.

Starts a Prefect server (SQLite) on 127.0.0.1, an SMTP server, and the served
deployments; drops a sample billing file for the intake flow; approves both
gates through the same REST call the UI's form makes; plays the print facility
returning its postage report; and prints the job tracking report.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from deployments import rest
from deployments.local import ROOT, LocalStack
from deployments.print_facility import write_postage_report

CLIENT = "DEMO"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--documents", type=int, default=3000, help="documents in the sample file (default 3000)"
    )
    parser.add_argument(
        "--home", type=Path, default=ROOT / ".batchline" / "demo", help="BATCHLINE_HOME to use"
    )
    parser.add_argument("--keep-server", action="store_true", help="leave the server up for a person to look")
    args = parser.parse_args(argv)

    from batchline.billing.sample import write_sample_file
    from deployments.smtp import smtp_server

    home: Path = args.home.resolve()
    shutil.rmtree(home, ignore_errors=True)
    (home / "profiles").mkdir(parents=True)
    shutil.copy(ROOT / "src/batchline/samples/DEMO.toml", home / "profiles" / f"{CLIENT}.toml")
    os.environ["BATCHLINE_HOME"] = str(home)

    with smtp_server() as (mailbox, smtp_port):
        step(f"Starting a Prefect server on 127.0.0.1 and serving the deployments (home {home})")
        with LocalStack(home, smtp_port) as local:
            step(f"Prefect UI: {local.ui}")
            upload = home / "drop" / "intake" / CLIENT / "northwind-2026-11.csv"
            upload.parent.mkdir(parents=True)
            channels = {"PRINT": 0.6, "EMAIL": 0.25, "FAX": 0.05, "EBILL": 0.05, "CSV": 0.05}
            sample = write_sample_file(upload, args.documents, channels=channels)
            settle(upload)
            step(
                f"Dropped {upload.name}: {sample.document_count} documents, {sample.record_count} line items, "
                f"total {sample.total_amount}, {dict(sample.documents_by_channel)}"
            )
            intake_run(local)
            [run] = local.flow_runs("bill-run/bill-run")
            run_id, job_id = run["id"], run["parameters"]["job_id"]
            step(f"Bill run started for job {job_id}: {local.ui}/runs/flow-run/{run_id}")

            for gate, approver in (
                ("Awaiting Ops Approval", "ops.alice"),
                ("Awaiting Customer Approval", "ap.bob"),
            ):
                paused = rest.wait_for_pause(local.api, gate, run_id=run_id, timeout=900)
                step(
                    f"{gate}: the run is paused; approving as {approver} via POST /api/flow_runs/{run_id}/resume"
                )
                answer = {"decision": "approve", "approver": approver, "note": "demo"}
                result = rest.resume(local.api, paused["id"], answer)
                if result["status"] != "ACCEPT":
                    raise SystemExit(f"the server refused the approval: {result}")

            rest.wait_for_pause(local.api, "Printing complete: Awaiting closeout", run_id=run_id, timeout=900)
            ticket = home / "drop" / "print" / CLIENT / f"{job_id}.ticket.json"
            report = write_postage_report(ticket, home / "drop" / "postage")
            settle(report)
            step(f"Printing complete: Awaiting closeout. The print facility returns {report.name}")
            intake_run(local)

            done = local.wait_for_run(run_id, ("COMPLETED", "FAILED", "CANCELLED", "CRASHED"), 900)
            step(
                f"Bill run ended: {done['state']['type']} {done['state']['name']!r} ({done['state']['message']})"
            )
            step(f"Emails received by the SMTP server: {len(mailbox.messages)}")
            print_tracking_report(job_id)
            publish_reports(local)
            if args.keep_server:
                step(f"Server left up at {local.ui}; press Ctrl-C to stop it")
                wait_for_interrupt()
            return 0 if done["state"]["type"] == "COMPLETED" else 1


def intake_run(local: LocalStack) -> None:
    run_id = local.run_deployment("intake/intake")
    run = local.wait_for_run(run_id, ("COMPLETED", "FAILED", "CRASHED"), 300)
    if run["state"]["type"] != "COMPLETED":
        raise SystemExit(f"intake run failed: {run['state']}")


def settle(path: Path) -> None:
    """The intake takes files that have stopped changing; the demo does not wait the 2 s for it."""
    past = time.time() - 60
    os.utime(path, (past, past))


def publish_reports(local: LocalStack) -> None:
    """Two of seed 001's reports through the served billing-report deployment, as a user would ask for them."""
    # the days around today: the report's days are the client's (New York), not this machine's
    start, end = (date.today() + timedelta(days=d) for d in (-1, 1))
    for report in ("billing_statistics", "branch_billing"):
        parameters = {
            "report": report,
            "client_id": CLIENT,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
        }
        run = local.wait_for_run(
            local.run_deployment("billing-report/billing-report", parameters),
            ("COMPLETED", "FAILED", "CRASHED"),
            300,
        )
        if run["state"]["type"] != "COMPLETED":
            raise SystemExit(f"{report} report run failed: {run['state']}")
        folder = local.home / "reports"
        pdfs = sorted(folder.glob(f"{report.replace('_', '-')}-{CLIENT}-*/*.pdf"))
        step(
            f"{report.replace('_', ' ').capitalize()} report: {pdfs[-1] if pdfs else folder} ({local.ui}/artifacts)"
        )


def print_tracking_report(job_id: str) -> None:
    from batchline.reports.job_tracking import job_tracking
    from batchline.store.db import default_store

    frame = job_tracking(default_store(), job_ids=[job_id])
    step("Job tracking report")
    print(frame.T.to_string(header=False))


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def wait_for_interrupt() -> None:
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return


if __name__ == "__main__":
    sys.exit(main())
