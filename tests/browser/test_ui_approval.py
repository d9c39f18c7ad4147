"""An operations user approves a suspended bill run in the Prefect UI's own resume form, in a real browser.

Headless Chromium (Debian's package, driven by Playwright) opens the run page on a real
`prefect server start`, fills the gate's RunInput form (decision, approver, one document to
pull) and submits it; the run resumes under its served deployment and delivers every document
but the pulled one.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, Response, expect, sync_playwright
from sqlalchemy import select

from batchline.billing.sample import write_sample_file
from batchline.settings import load_settings
from batchline.store.db import Store
from batchline.store.deliveries import PULL_CLASS_T, PULLED, SENT
from batchline.store.models import Approval, Delivery, Job
from deployments import rest as prefect_api
from deployments.local import LocalStack
from deployments.smtp import Mailbox, smtp_server

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium's own connections are refused by the closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
UI_TIMEOUT_MS = 60_000  # 2 shared cores: the UI's first load can be slow
CLIENT = "UITEST"
# One gate keeps the test short; the sample is email only, so the job ends without a print closeout.
PROFILE = """\
client_id = "UITEST"
name = "Northwind Industrial Supply"
remit_to = ["Northwind Industrial Supply", "PO Box 4420", "Harrisburg PA 17111-0420"]

[approvals]
ops = true
customer = false
"""
GATE = "Awaiting Ops Approval"
APPROVER, PULL = "ops.carol", "100003"


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    """A page in a fresh headless Chromium with a new, empty profile; the browser is stopped afterwards."""
    if not CHROMIUM.exists():  # fail, never skip: a skip would hide that the UI approval went untested
        pytest.fail(f"{CHROMIUM} not found: `make browser` (`make test` runs it) installs Debian's chromium")
    profile = tmp_path / "chromium-profile"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            opened = context.pages[0] if context.pages else context.new_page()
            opened.set_default_timeout(UI_TIMEOUT_MS)
            expect.set_options(timeout=UI_TIMEOUT_MS)
            yield opened
        finally:
            context.close()
            stop_leftover_browser(profile)


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[LocalStack, Mailbox]]:
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    home = tmp_path / "home"
    (home / "profiles").mkdir(parents=True)
    (home / "profiles" / f"{CLIENT}.toml").write_text(PROFILE, encoding="utf-8")
    with smtp_server() as (mailbox, port), LocalStack(home, port) as local:
        yield local, mailbox


def test_an_ops_user_approves_a_suspended_bill_run_in_the_prefect_ui_and_the_pulled_document_stays_back(
    page: Page, stack: tuple[LocalStack, Mailbox], tmp_path: Path
) -> None:
    local, mailbox = stack
    data = tmp_path / "northwind.csv"
    sample = write_sample_file(data, 6, seed=5, channels={"EMAIL": 1.0})
    run_id = local.run_deployment("bill-run/bill-run", {"data_file": str(data), "client_id": CLIENT})
    paused = prefect_api.wait_for_pause(local.api, GATE, run_id=run_id, timeout=120)
    assert paused["state"]["state_details"]["pause_reschedule"], "expected the run suspended, as deployed"

    with diagnosed(page, tmp_path / "failure", local):
        page.goto(f"{local.ui}/runs/flow-run/{run_id}")
        expect(page.get_by_text(GATE).first).to_be_visible()
        page.get_by_role("button", name="Resume").click()
        form = page.get_by_role("dialog")
        # the gate's description, rendered from its markdown
        expect(form.get_by_text(f"{sample.document_count} documents")).to_be_visible()
        choose(form, "Decision", "approve")
        field(form, "Approver").get_by_role("textbox").fill(APPROVER)
        pulls = field(form, "Pull Documents")
        pulls.get_by_role("button", name="Add item").click()
        pulls.get_by_role("textbox").last.fill(PULL)
        resumes: list[Response] = []
        page.on(
            "response", lambda r: resumes.append(r) if r.url.endswith(f"/flow_runs/{run_id}/resume") else None
        )
        form.get_by_role("button", name="Submit").click()
        expect(page.get_by_text("Flow run resumed").first).to_be_visible()  # the UI's toast (shown twice)
        answers = [(r.status, _body(r), r.request.post_data_json["run_input"]) for r in resumes]
        # The UI may post more than once; one post must be accepted, carrying what was typed.
        accepted = [sent for _, answer, sent in answers if answer.get("status") == "ACCEPT"]
        assert len(accepted) == 1, answers
        sent = accepted[0]
        assert (sent["decision"], sent["approver"], sent["pull_documents"]) == ("approve", APPROVER, [PULL])

        done = local.wait_for_run(run_id, ("COMPLETED", "FAILED", "CANCELLED", "CRASHED"), 120)
        final = (done["state"]["type"], done["state"]["name"])
        assert final == ("COMPLETED", "Job Complete/All Bills Sent"), done["state"]
        page.reload()
        expect(page.get_by_text("Job Complete/All Bills Sent").first).to_be_visible()

    deliveries, approvals = read_job(local, run_id)
    others = sorted(set(deliveries) - {PULL})
    assert deliveries[PULL] == ("EMAIL", PULLED, PULL_CLASS_T)
    assert len(others) == sample.document_count - 1
    assert {deliveries[n][:2] for n in others} == {("EMAIL", SENT)}
    assert sorted(mailbox.documents()) == others
    assert approvals == [("AWAITING_OPS_APPROVAL", "approve", APPROVER, [PULL])]


def field(form: Locator, label: str) -> Locator:
    """One property of the schema form. Its <label for> names no input, so get_by_label finds nothing."""
    heading = form.page.locator("label", has_text=re.compile(rf"^{re.escape(label)}\b"))
    return form.locator(".schema-form-property").filter(has=heading)


def choose(form: Locator, label: str, option: str) -> None:
    """Pick from the form's select. Opened from the keyboard: a click on its button toggles it twice (shut)."""
    control = field(form, label).locator("button.p-select-button__control")
    control.press("ArrowDown")
    form.page.get_by_role("option", name=option, exact=True).click()
    expect(control).to_have_text(option)


def read_job(local: LocalStack, run_id: str) -> tuple[dict[str, tuple[str, ...]], list[tuple[object, ...]]]:
    """The run's job in the Batchline store: deliveries by document, and the decisions taken at its gates."""
    store = Store.open(load_settings(local.env).database_url, upgrade=False)
    try:
        with store.unit_of_work() as session:
            job = session.scalars(select(Job.id).where(Job.flow_run_id == run_id)).one()
            deliveries = {
                d.document_number: (d.channel, d.state, d.routing)
                for d in session.scalars(select(Delivery).where(Delivery.job_id == job))
            }
            approvals = session.execute(
                select(Approval.gate, Approval.decision, Approval.approver, Approval.pulled)
                .where(Approval.object_id == job)
                .order_by(Approval.id)
            ).all()
    finally:
        store.dispose()
    return deliveries, [tuple(row) for row in approvals]


@contextmanager
def diagnosed(page: Page, folder: Path, local: LocalStack) -> Iterator[None]:
    """On failure keep what the browser showed (screenshot and HTML) and say where, with the server logs."""
    try:
        yield
    except Exception as error:
        folder.mkdir(parents=True, exist_ok=True)
        shot, html = folder / "page.png", folder / "page.html"
        with suppress(Exception):
            page.screenshot(path=shot, full_page=True)
            html.write_text(page.content(), encoding="utf-8")
        raise AssertionError(
            f"{error}\nbrowser at {page.url}: screenshot {shot}, HTML {html}; server logs in {local.home}"
        ) from error


def stop_leftover_browser(profile: Path) -> None:
    """Playwright closes the browser; anything still running on this profile is stopped by its process id."""
    marker = f"--user-data-dir={profile}".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with suppress(OSError):
            if marker in (proc / "cmdline").read_bytes():
                os.kill(int(proc.name), signal.SIGKILL)


def _body(response: Response) -> dict[str, Any]:
    try:
        body = response.json()
    except Exception:  # not JSON: keep the text for the assertion message
        return {"text": response.text()[:500]}
    return body if isinstance(body, dict) else {"body": body}
